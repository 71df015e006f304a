using System;
using System.IO;
using System.Linq;
using FBuild.Tasks.Cache;
using Microsoft.Build.Framework;
using MSTask = Microsoft.Build.Utilities.Task;

namespace FBuild.Tasks.Reporting
{
    /// <summary>Writes one project's result (a sketch's or the framework's) as JSON, for the traversal's report.</summary>
    public sealed class FBuildWriteResult : MSTask, IIncrementalTask
    {
        [Required] public string ResultFile { get; set; } = "";
        [Required] public string Kind { get; set; } = "";
        public string Name { get; set; } = "";
        public string Project { get; set; } = "";
        public string Board { get; set; } = "";
        public string BoardKey { get; set; } = "";
        [Required] public string Status { get; set; } = "";
        /// <summary>When the project's build started (DateTime.UtcNow.Ticks); the end is now.</summary>
        public string StartTicks { get; set; } = "";
        public string LogFile { get; set; } = "";
        public string HexFile { get; set; } = "";
        public string FlashBytes { get; set; } = "";
        public string MaxFlash { get; set; } = "";
        public string RamBytes { get; set; } = "";
        public string MaxRam { get; set; } = "";
        public ITaskItem[] Libraries { get; set; } = Array.Empty<ITaskItem>();
        /// <summary>Why the project failed (or what failed inside it), when a cause is known; also appended to <see cref="LogFile"/>.</summary>
        public string Note { get; set; } = "";
        /// <summary>
        /// The Counters items of the project's compile and link tasks: metadata Compiled (objects rebuilt: compiled or
        /// taken from the cache), CacheHits, CacheMisses, CacheStores, CacheUncacheable, CacheEvictions and the Remote* counters, summed here.
        /// </summary>
        public ITaskItem[] Counters { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>Set by MSBuild's -question mode: reports (timings of this build) are not written then.</summary>
        public bool FailIfNotIncremental { get; set; }

        public override bool Execute()
        {
            if (FailIfNotIncremental) return true;
            long end = DateTime.UtcNow.Ticks;
            long start = JsonValues.ParseLong(StartTicks) ?? end;
            var result = new ProjectResult
            {
                Kind = Kind,
                Name = Name,
                Project = Project,
                Board = Board,
                BoardKey = BoardKey,
                Status = Status,
                Seconds = Math.Round((end - start) / 1e7, 3),
                StartTicks = start,
                EndTicks = end,
                Log = string.IsNullOrEmpty(LogFile) ? null : LogFile,
                Size = Kind == ProjectResult.SketchKind
                    ? new SketchSize(Status == ProjectResult.Ok ? HexFile : null, JsonValues.ParseLong(FlashBytes), JsonValues.ParseLong(MaxFlash), JsonValues.ParseLong(RamBytes), JsonValues.ParseLong(MaxRam))
                    : null,
                Libraries = Libraries.Select(l => l.ItemSpec).ToList(),
                Note = string.IsNullOrEmpty(Note) ? null : Note,
                Counters = new BuildCounters(Sum(CacheCounters.Compiled), Sum(CacheCounters.Hits), Sum(CacheCounters.Misses), Sum(CacheCounters.Stores), Sum(CacheCounters.Uncacheable), Sum(CacheCounters.Evictions),
                    Sum(CacheCounters.RemoteHits), Sum(CacheCounters.RemoteMisses), Sum(CacheCounters.RemoteErrors), Sum(CacheCounters.RemoteUploads),
                    Sum(CacheCounters.RemoteBytesDown), Sum(CacheCounters.RemoteBytesUp), Sum(CacheCounters.RemoteMilliseconds)),
            };
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(ResultFile))!);
            AtomicFile.WriteAllText(ResultFile, result.ToJson());
            if (!string.IsNullOrEmpty(Note) && !string.IsNullOrEmpty(LogFile))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(LogFile))!);
                File.AppendAllText(LogFile, "# " + Status + ": " + Note + "\n");
            }
            return true;
        }

        private long Sum(string counter) => Counters.Sum(c => JsonValues.ParseLong(c.GetMetadata(counter)) ?? 0);
    }
}
