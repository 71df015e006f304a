using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using MSTask = Microsoft.Build.Utilities.Task;

namespace FBuild.Tasks.Reporting
{
    /// <summary>
    /// After a traversal build: gathers the sketches' and frameworks' results, writes results.json and
    /// phases.tsv per board under the artifacts folder, prints a summary and fails listing the failed sketches.
    /// </summary>
    public sealed class FBuildWriteReport : MSTask, IIncrementalTask
    {
        /// <summary>One item per sketch project: metadata ResultFile, BoardKey, Name.</summary>
        public ITaskItem[] Sketches { get; set; } = Array.Empty<ITaskItem>();
        [Required] public string ArtifactsPath { get; set; } = "";
        /// <summary>When the traversal started (DateTime.UtcNow.Ticks).</summary>
        public string StartTicks { get; set; } = "";

        /// <summary>
        /// In a -graph build the traversal runs after its sketches, so "this build" starts when the framework
        /// (built first) started, not when the traversal did.
        /// </summary>
        public bool IsGraphBuild { get; set; }

        [Output] public ITaskItem[] ReportFiles { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>Set by MSBuild's -question mode: reports (timings of this build) are not written then.</summary>
        public bool FailIfNotIncremental { get; set; }

        /// <summary>A framework or sketch project failed: in -question mode, some output was not up to date.</summary>
        public bool ProjectsFailed { get; set; }

        public override bool Execute()
        {
            if (FailIfNotIncremental)
            {
                if (!ProjectsFailed) return true;
                Log.LogError(null, FBuildErrors.NotUpToDate, null, null, 0, 0, 0, 0, "The sketch set is not up to date (the outputs named above would be rebuilt).");
                return false;
            }
            long now = DateTime.UtcNow.Ticks;
            long start = long.TryParse(StartTicks, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : now;
            var reports = new List<ITaskItem>();
            var failedAll = new List<string>();
            foreach (var group in Sketches.GroupBy(i => i.GetMetadata("BoardKey")).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var boardDir = Path.Combine(ArtifactsPath, group.Key);
                var sketches = new List<Dictionary<string, object?>>();
                var framework = ReadResult(Path.Combine(boardDir, "framework", "result.json"), IsGraphBuild ? 0 : start);
                long notBefore = IsGraphBuild && framework != null ? Math.Min(start, AsLong(framework["startTicks"])) : start;
                foreach (var item in group.OrderBy(i => i.ItemSpec, StringComparer.Ordinal))
                {
                    var r = ReadResult(item.GetMetadata("ResultFile"), notBefore);
                    if (r is null)
                    {
                        r = new Dictionary<string, object?>
                        {
                            ["kind"] = "sketch", ["name"] = item.GetMetadata("Name"), ["project"] = item.ItemSpec,
                            ["board"] = group.Key, ["boardKey"] = group.Key, ["status"] = "failed", ["seconds"] = null,
                            ["log"] = null, ["note"] = "the sketch produced no result in this build (evaluation or reference failure)",
                        };
                    }
                    sketches.Add(r);
                }

                long fwStart = framework != null ? AsLong(framework["startTicks"]) : start;
                if (IsGraphBuild) start = Math.Min(start, fwStart);
                long fwEnd = framework != null ? AsLong(framework["endTicks"]) : start;
                long sketchEnd = sketches.Select(x => x.TryGetValue("endTicks", out var e) ? AsLong(e) : 0).DefaultIfEmpty(fwEnd).Max();
                double stage1 = Math.Max(0, (fwEnd - fwStart) / 1e7);
                double stage2 = Math.Max(0, (Math.Max(sketchEnd, fwEnd) - fwEnd) / 1e7);
                double total = (now - start) / 1e7;

                var cache = SumCache(new[] { framework }.Concat(sketches));
                int ok = sketches.Count(x => (x["status"] as string) == "ok");
                var failed = sketches.Where(x => (x["status"] as string) != "ok").ToList();
                var report = new Dictionary<string, object?>
                {
                    ["board"] = sketches.Select(x => x["board"] as string).FirstOrDefault(b => !string.IsNullOrEmpty(b)) ?? group.Key,
                    ["boardKey"] = group.Key,
                    ["generatedUtc"] = new DateTime(now, DateTimeKind.Utc).ToString("o", CultureInfo.InvariantCulture),
                    ["summary"] = new Dictionary<string, object?> { ["sketches"] = sketches.Count, ["ok"] = ok, ["failed"] = failed.Count },
                    ["phases"] = new Dictionary<string, object?> { ["stage1_archives"] = Math.Round(stage1, 3), ["stage2_sketches"] = Math.Round(stage2, 3), ["total"] = Math.Round(total, 3) },
                    ["cache"] = cache,
                    ["framework"] = framework,
                    ["sketches"] = sketches,
                };
                Directory.CreateDirectory(boardDir);
                var resultsPath = Path.Combine(boardDir, "results.json");
                var phasesPath = Path.Combine(boardDir, "phases.tsv");
                File.WriteAllText(resultsPath, Json.Serialize(report) + "\n");
                File.WriteAllText(phasesPath, PhasesTsv(stage1, stage2, total));
                reports.Add(new Microsoft.Build.Utilities.TaskItem(resultsPath));
                reports.Add(new Microsoft.Build.Utilities.TaskItem(phasesPath));

                LogSummary(group.Key, sketches, ok, failed.Count, stage1, stage2, total, resultsPath, cache);
                failedAll.AddRange(failed.Select(f => $"{f["name"]} [{group.Key}] (log: {f["log"] ?? "none"})"));
            }
            ReportFiles = reports.ToArray();
            if (failedAll.Count > 0)
            {
                Log.LogError(null, FBuildErrors.SketchesFailed, null, null, 0, 0, 0, 0,
                    $"{failedAll.Count} sketch(es) failed: " + string.Join("; ", failedAll));
            }
            return !Log.HasLoggedErrors;
        }

        /// <summary>The cache counters and rebuilt objects of the framework and all sketches, summed.</summary>
        internal static Dictionary<string, object?> SumCache(IEnumerable<Dictionary<string, object?>?> results)
        {
            var keys = new[] { "hits", "misses", "stores", "uncacheable", "evictions" };
            var sums = keys.ToDictionary(k => k, _ => 0L);
            long rebuilt = 0;
            foreach (var r in results)
            {
                if (r is null) continue;
                if (r.TryGetValue("objectsRebuilt", out var o) && o != null) rebuilt += AsLong(o);
                if (r.TryGetValue("cache", out var c) && c is Dictionary<string, object?> cm)
                    foreach (var k in keys) if (cm.TryGetValue(k, out var v) && v != null) sums[k] += AsLong(v);
            }
            var result = new Dictionary<string, object?> { ["objectsRebuilt"] = rebuilt };
            foreach (var k in keys) result[k] = sums[k];
            return result;
        }

        public static string PhasesTsv(double stage1, double stage2, double total) =>
            "phase\tseconds\n" +
            string.Format(CultureInfo.InvariantCulture, "stage1_archives\t{0:0.000}\nstage2_sketches\t{1:0.000}\ntotal\t{2:0.000}\n", stage1, stage2, total);

        private void LogSummary(string boardKey, List<Dictionary<string, object?>> sketches, int ok, int failed,
            double stage1, double stage2, double total, string resultsPath, Dictionary<string, object?> cache)
        {
            var sb = new StringBuilder();
            int width = Math.Max(12, sketches.Select(x => (x["name"] as string ?? "").Length).DefaultIfEmpty(0).Max());
            sb.AppendLine($"  {"sketch".PadRight(width)}  status  seconds     flash          ram");
            foreach (var x in sketches)
            {
                // Without a maximum (a board whose boards.txt gives none, such as the Gemma's RAM) there is no percentage.
                string Size(string k, string p) => !x.TryGetValue(k, out var v) || v is null ? "-"
                    : x.TryGetValue(p, out var pct) && pct != null ? $"{v} ({Convert.ToString(pct, CultureInfo.InvariantCulture)}%)" : $"{v}";
                var secs = x["seconds"] is null ? "-" : Convert.ToDouble(x["seconds"], CultureInfo.InvariantCulture).ToString("0.00", CultureInfo.InvariantCulture);
                sb.AppendLine($"  {(x["name"] as string ?? "").PadRight(width)}  {(x["status"] as string ?? "").PadRight(6)}  {secs,7}  {Size("flashBytes", "flashPercent"),12}  {Size("ramBytes", "ramPercent"),11}");
            }
            Log.LogMessage(sketches.Count <= 20 ? MessageImportance.High : MessageImportance.Normal, sb.ToString().TrimEnd());
            Log.LogMessage(MessageImportance.High,
                string.Format(CultureInfo.InvariantCulture,
                    "FBuild [{0}]: {1} sketches, {2} ok, {3} failed | stage1_archives {4:0.00} s | stage2_sketches {5:0.00} s | total {6:0.00} s | {7} objects rebuilt, cache {8} hits, {9} misses | {10}",
                    boardKey, sketches.Count, ok, failed, stage1, stage2, total, cache["objectsRebuilt"], cache["hits"], cache["misses"], resultsPath));
        }

        private static Dictionary<string, object?>? ReadResult(string path, long notBefore)
        {
            if (string.IsNullOrEmpty(path) || !File.Exists(path)) return null;
            try
            {
                if (Json.Parse(File.ReadAllText(path)) is Dictionary<string, object?> map
                    && map.TryGetValue("endTicks", out var end) && AsLong(end) >= notBefore
                    && map.ContainsKey("startTicks") && map.TryGetValue("status", out var status) && status is string)
                {
                    foreach (var key in new[] { "name", "log", "board", "seconds" })
                        if (!map.ContainsKey(key)) map[key] = null;
                    return map;
                }
            }
            catch (FormatException) { }
            catch (IOException) { }
            return null;
        }

        private static long AsLong(object? v) => v is long l ? l : v is double d ? (long)d : 0;
    }
}
