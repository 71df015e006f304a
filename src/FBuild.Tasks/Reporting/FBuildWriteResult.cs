using System;
using System.Collections.Generic;
using System.Globalization;
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
        /// <summary>
        /// The Counters items of the project's compile and link tasks: metadata Compiled (objects rebuilt: compiled or
        /// taken from the cache), CacheHits, CacheMisses, CacheStores, CacheUncacheable and CacheEvictions, summed here.
        /// </summary>
        public ITaskItem[] Counters { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>Set by MSBuild's -question mode: reports (timings of this build) are not written then.</summary>
        public bool FailIfNotIncremental { get; set; }

        public override bool Execute()
        {
            if (FailIfNotIncremental) return true;
            long end = DateTime.UtcNow.Ticks;
            long start = long.TryParse(StartTicks, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : end;
            var map = new Dictionary<string, object?>
            {
                ["kind"] = Kind,
                ["name"] = Name,
                ["project"] = Project,
                ["board"] = Board,
                ["boardKey"] = BoardKey,
                ["status"] = Status,
                ["seconds"] = Math.Round((end - start) / 1e7, 3),
                ["startTicks"] = start,
                ["endTicks"] = end,
                ["log"] = LogFile,
            };
            if (Kind == "sketch")
            {
                map["hex"] = Status == "ok" ? HexFile : null;
                map["flashBytes"] = ParseLong(FlashBytes);
                map["flashMax"] = ParseLong(MaxFlash);
                map["flashPercent"] = Percent(FlashBytes, MaxFlash);
                map["ramBytes"] = ParseLong(RamBytes);
                map["ramMax"] = ParseLong(MaxRam);
                map["ramPercent"] = Percent(RamBytes, MaxRam);
            }
            map["libraries"] = Libraries.Select(l => (object?)l.ItemSpec).ToList();
            map["objectsRebuilt"] = Sum(CacheCounters.Compiled);
            map["cache"] = new Dictionary<string, object?>
            {
                ["hits"] = Sum(CacheCounters.Hits), ["misses"] = Sum(CacheCounters.Misses), ["stores"] = Sum(CacheCounters.Stores),
                ["uncacheable"] = Sum(CacheCounters.Uncacheable), ["evictions"] = Sum(CacheCounters.Evictions),
            };
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(ResultFile))!);
            AtomicFile.WriteAllText(ResultFile, Json.Serialize(map));
            return true;
        }

        private long Sum(string counter) => Counters.Sum(c => ParseLong(c.GetMetadata(counter)) ?? 0);

        private static long? ParseLong(string s) => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (long?)null;

        private static double? Percent(string used, string max)
        {
            var u = ParseLong(used);
            var m = ParseLong(max);
            if (u is null || m is null || m == 0) return null;
            return Math.Round(100.0 * u.Value / m.Value, 1);
        }
    }
}
