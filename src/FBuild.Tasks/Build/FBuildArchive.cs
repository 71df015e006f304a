using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FBuild.Tasks.Boards;
using FBuild.Tasks.Records;
using Microsoft.Build.Framework;

namespace FBuild.Tasks.Build
{
    /// <summary>
    /// Archives objects with the board's recipe.ar.pattern in one archiver run. Members go in the order the
    /// Arduino IDE uses (.S, then .c, then .cpp; by path within each), because with -flto the link result
    /// depends on it. Skipped when the archive's build record matches.
    /// </summary>
    public sealed class FBuildArchive : FBuildTaskBase
    {
        /// <summary>Objects to archive; metadata Group names the archive they go into.</summary>
        public ITaskItem[] Objects { get; set; } = Array.Empty<ITaskItem>();
        /// <summary>Archives to write; metadata Group matches the objects' Group. An archive with no objects is written empty.</summary>
        [Required] public ITaskItem[] Archives { get; set; } = Array.Empty<ITaskItem>();
        /// <summary>The expanded recipe.ar.pattern ({archive_file_path} and {object_file} left).</summary>
        [Required] public string Recipe { get; set; } = "";

        /// <summary>
        /// Groups whose objects failed to compile (FBuildCompile's FailedGroups, metadata LogFile): their archives are
        /// not written (an old one is deleted, so nothing links it) and are reported failed in <see cref="Results"/>.
        /// </summary>
        public ITaskItem[] FailedGroups { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>
        /// Every archive of <see cref="Archives"/> with metadata Failed (true or false) and, for failed ones, LogFile.
        /// An archive with metadata Isolated=true that fails to be written fails alone (its errors are logged and its
        /// LogFile metadata's file gets them); any other failure fails the task.
        /// </summary>
        [Output] public ITaskItem[] Results { get; set; } = Array.Empty<ITaskItem>();

        public override bool Execute()
        {
            var results = new List<ITaskItem>();
            foreach (var a in Archives)
            {
                var group = a.GetMetadata("Group");
                var archive = Path.GetFullPath(a.ItemSpec);
                var result = new Microsoft.Build.Utilities.TaskItem(a);
                var compileFailure = FailedGroups.FirstOrDefault(g => g.ItemSpec == group);
                bool failed;
                if (compileFailure != null)
                {
                    // The library did not compile: no archive (and no record), so no sketch links an old one.
                    foreach (var f in new[] { archive, archive + ".fbstate" }) if (File.Exists(f)) File.Delete(f);
                    result.SetMetadata("LogFile", compileFailure.GetMetadata("LogFile"));
                    failed = true;
                }
                else
                {
                    var members = Objects.Where(o => o.GetMetadata("Group") == group);
                    failed = !ArchiveOne(archive, members, a.GetMetadata("LogFile"));
                    if (failed && (FailIfNotIncremental || !string.Equals(a.GetMetadata("Isolated"), "true", StringComparison.OrdinalIgnoreCase))) return false;
                }
                result.SetMetadata("Failed", failed ? "true" : "false");
                results.Add(result);
            }
            Results = results.ToArray();
            // Isolated failures are logged as errors and reported in Results; they do not fail the task.
            return results.Any(r => r.GetMetadata("Failed") == "true") || !Log.HasLoggedErrors;
        }

        /// <summary>
        /// ar's key letters with D added (deterministic mode: no timestamps, owners or modes in the archive), so the
        /// same objects give the same archive bytes, and links keyed on archive digests hit the cache.
        /// </summary>
        internal static List<string> Deterministic(List<string> recipe)
        {
            if (recipe.Count < 2 || !System.IO.Path.GetFileName(recipe[0]).EndsWith("ar", StringComparison.Ordinal)) return recipe;
            var keys = recipe[1];
            if (keys.Length == 0 || !keys.All(char.IsLetter) || (keys.IndexOf('r') < 0 && keys.IndexOf('q') < 0) || keys.IndexOf('D') >= 0 || keys.IndexOf('U') >= 0) return recipe;
            var result = new List<string>(recipe);
            result[1] = keys + "D";
            return result;
        }

        private bool ArchiveOne(string archive, IEnumerable<ITaskItem> members, string groupLog)
        {
            var objects = OrderMembers(members.Select(o => (Path.GetFullPath(o.ItemSpec), o.GetMetadata("Language")))).ToList();
            var recipe = Deterministic(CommandLine.Split(Recipe));
            // platform.txt defines archive_file_path as {build.path}/{archive_file}; either form may be left in the recipe.
            var cmd = RecipeCommand.Substitute(recipe, new Dictionary<string, string>(),
                new Dictionary<string, IReadOnlyList<string>>
                {
                    ["{object_file}"] = objects,
                    ["{archive_file_path}"] = new[] { archive },
                    ["{build.path}/{archive_file}"] = new[] { archive },
                });
            var record = new BuildRecord(archive, InputState.Hash(cmd.Concat(new[] { InputState.ToolIdentity(cmd[0]) })));
            var reason = record.WhyStale(refresh: !FailIfNotIncremental);
            if (reason is null) { Log.LogMessage(MessageImportance.Low, $"'{archive}' is up to date."); return true; }
            if (FailIfNotIncremental) return ReportNotUpToDate(archive, reason);
            Log.LogMessage(MessageImportance.Normal, $"Archiving {objects.Count} objects into {archive} ({reason})");
            Directory.CreateDirectory(Path.GetDirectoryName(archive)!);
            if (File.Exists(archive)) File.Delete(archive);
            record.Begin(objects);
            if (objects.Count == 0)
            {
                // A header-only library: an empty archive is still a valid link input.
                File.WriteAllText(archive, "!<arch>\n");
            }
            else
            {
                var result = Yielded(() => RunToolAsync("archive", archive, cmd));
                if (result.ExitCode != 0)
                {
                    if (groupLog.Length > 0) new Toolchain.ToolRunLog(Log, groupLog, null).AppendLog(cmd, result);
                    return false;
                }
            }
            record.Save(objects);
            return true;
        }

        /// <summary>
        /// .S first, then .c, then .cpp, each in arduino-builder's walk order: a folder's own files by ordinal name, then
        /// its subfolders by ordinal name, each the same way (cores/arduino's main.cpp before USB/CDC.cpp before api/Print.cpp).
        /// </summary>
        public static IEnumerable<string> OrderMembers(IEnumerable<(string Path, string Language)> objects)
        {
            int Rank(string lang, string path)
            {
                if (string.IsNullOrEmpty(lang)) lang = path.EndsWith(".S.o", StringComparison.Ordinal) ? "S" : path.EndsWith(".c.o", StringComparison.Ordinal) ? "c" : "cpp";
                return lang == "S" ? 0 : lang == "c" ? 1 : 2;
            }
            return objects.OrderBy(o => Rank(o.Language, o.Path)).ThenBy(o => o.Path, FilesBeforeFolders.Instance).Select(o => o.Path);
        }

        /// <summary>Orders paths as a walk that lists a folder's files before its subfolders, each by ordinal name.</summary>
        private sealed class FilesBeforeFolders : IComparer<string>
        {
            public static readonly FilesBeforeFolders Instance = new FilesBeforeFolders();

            public int Compare(string? x, string? y)
            {
                var a = (x ?? "").Split('/');
                var b = (y ?? "").Split('/');
                for (int i = 0; i < Math.Min(a.Length, b.Length); i++)
                {
                    if (string.Equals(a[i], b[i], StringComparison.Ordinal)) continue;
                    bool aFile = i == a.Length - 1, bFile = i == b.Length - 1;
                    if (aFile != bFile) return aFile ? -1 : 1;
                    return string.CompareOrdinal(a[i], b[i]);
                }
                return a.Length.CompareTo(b.Length);
            }
        }
    }
}
