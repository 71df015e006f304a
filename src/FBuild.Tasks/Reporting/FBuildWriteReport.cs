using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
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
        /// <summary>One item per sketch project: metadata ResultFile, BoardKey, Name, FrameworkResultFile (its framework's result.json).</summary>
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

        /// <summary>A framework or sketch project failed: in -question mode, some output was not up to date (a recorded failure does not fail its project there).</summary>
        public bool ProjectsFailed { get; set; }

        /// <summary>
        /// A many-board build (Boards): the folder for matrix.json and matrix.md, the board × sketch matrix (also
        /// printed). Empty: no matrix.
        /// </summary>
        public string MatrixPath { get; set; } = "";

        /// <summary>A framework project failed (stage 1): its boards' sketches all fail, and this task says so once (FB0181).</summary>
        public bool FrameworkFailed { get; set; }

        /// <summary>
        /// The sketch-set fast path was taken (nothing was built): the results are the recorded ones, read whenever they
        /// were written, with zero counters and phases (this build compiled nothing).
        /// </summary>
        public bool FromRecord { get; set; }

        public override bool Execute()
        {
            if (FailIfNotIncremental)
            {
                if (!ProjectsFailed) return true;
                Log.LogError(null, FBuildErrors.NotUpToDate, null, null, 0, 0, 0, 0, "The sketch set is not up to date (the outputs named above would be rebuilt), or a step failed (its errors are above).");
                return false;
            }
            long now = DateTime.UtcNow.Ticks;
            long start = JsonValues.ParseLong(StartTicks) ?? now;
            var reports = new List<ITaskItem>();
            var failedAll = new List<string>();
            var boardReports = new List<BoardReport>();
            var failedFrameworks = new List<string>();
            foreach (var group in Sketches.GroupBy(i => i.GetMetadata("BoardKey")).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var boardDir = Path.Combine(ArtifactsPath, group.Key);
                // Every sketch of a board names the same framework result; the first that names one is taken.
                var frameworkFile = group.Select(i => i.GetMetadata("FrameworkResultFile")).FirstOrDefault(f => !string.IsNullOrEmpty(f));
                var framework = Recorded(ReadResult(frameworkFile, IsGraphBuild || FromRecord ? 0 : start));
                long notBefore = FromRecord ? 0 : IsGraphBuild && framework != null ? Math.Min(start, framework.StartTicks!.Value) : start;
                var sketches = group.OrderBy(i => i.ItemSpec, StringComparer.Ordinal)
                    .Select(item => Recorded(ReadResult(item.GetMetadata("ResultFile"), notBefore)) ?? ProjectResult.Missing(item.GetMetadata("Name"), item.ItemSpec, group.Key))
                    .ToList();

                long fwStart = FromRecord ? start : framework?.StartTicks ?? start;
                if (IsGraphBuild) start = Math.Min(start, fwStart);
                long fwEnd = FromRecord ? start : framework?.EndTicks ?? start;
                long sketchEnd = FromRecord ? start : sketches.Select(x => x.EndTicks ?? 0).DefaultIfEmpty(fwEnd).Max();
                var report = new BoardReport
                {
                    Board = sketches.Select(x => x.Board).FirstOrDefault(b => !string.IsNullOrEmpty(b)) ?? group.Key,
                    BoardKey = group.Key,
                    GeneratedUtc = new DateTime(now, DateTimeKind.Utc),
                    Phases = BuildPhases.Measure(start, fwStart, fwEnd, sketchEnd, now),
                    Framework = framework,
                    Sketches = sketches,
                };
                Directory.CreateDirectory(boardDir);
                var resultsPath = Path.Combine(boardDir, "results.json");
                var phasesPath = Path.Combine(boardDir, "phases.tsv");
                File.WriteAllText(resultsPath, report.ToJson());
                File.WriteAllText(phasesPath, ReportFormat.PhasesTsv(report.Phases));
                reports.Add(new Microsoft.Build.Utilities.TaskItem(resultsPath));
                reports.Add(new Microsoft.Build.Utilities.TaskItem(phasesPath));

                LogSummary(report, resultsPath);
                // A framework that failed in this build wrote no result in it.
                if (FrameworkFailed && framework is null && sketches.Count > 0)
                    failedFrameworks.Add($"'{report.Board}' ({sketches.Count} sketch(es); log: {Path.Combine(boardDir, "framework", "build.log")})");
                boardReports.Add(report);
                failedAll.AddRange(sketches.Where(f => f.IsFailed).Select(f => $"{f.Name} [{group.Key}] (log: {f.Log ?? "none"})"));
            }
            if (!string.IsNullOrEmpty(MatrixPath)) reports.AddRange(WriteMatrix(boardReports));
            ReportFiles = reports.ToArray();
            if (failedFrameworks.Count > 0)
                Log.LogError(null, FBuildErrors.FrameworkFailed, null, null, 0, 0, 0, 0,
                    "The framework (the board's core) failed to build for " + string.Join(", ", failedFrameworks) +
                    ", so every sketch of it fails (the errors are above; each sketch's result says so).");
            if (failedAll.Count > 0)
            {
                Log.LogError(null, FBuildErrors.SketchesFailed, null, null, 0, 0, 0, 0,
                    $"{failedAll.Count} sketch(es) failed: " + string.Join("; ", failedAll));
            }
            return !Log.HasLoggedErrors;
        }

        /// <summary>matrix.json and matrix.md, the boards in the order the build named them; the matrix on the console.</summary>
        private IEnumerable<ITaskItem> WriteMatrix(List<BoardReport> boardReports)
        {
            var order = Sketches.Select(i => i.GetMetadata("BoardKey")).Distinct(StringComparer.Ordinal).ToList();
            var matrix = new BoardMatrix(boardReports.OrderBy(r => order.IndexOf(r.BoardKey ?? "")));
            Directory.CreateDirectory(MatrixPath);
            var jsonPath = Path.Combine(MatrixPath, "matrix.json");
            var markdownPath = Path.Combine(MatrixPath, "matrix.md");
            File.WriteAllText(jsonPath, matrix.ToJson());
            File.WriteAllText(markdownPath, matrix.ToMarkdown());
            Log.LogMessage(MessageImportance.High, "FBuild board matrix (" + markdownPath + "):\n" + matrix.ToText("  ").TrimEnd());
            return new ITaskItem[] { new Microsoft.Build.Utilities.TaskItem(jsonPath), new Microsoft.Build.Utilities.TaskItem(markdownPath) };
        }

        private void LogSummary(BoardReport report, string resultsPath)
        {
            Log.LogMessage(report.Sketches.Count <= 20 ? MessageImportance.High : MessageImportance.Normal,
                ReportFormat.SketchTable(report.Sketches, withLog: false, indent: "  ").TrimEnd());
            var p = report.Phases;
            var cache = report.Counters;
            Log.LogMessage(MessageImportance.High,
                string.Format(CultureInfo.InvariantCulture,
                    "FBuild [{0}]: {1} sketches, {2} ok, {3} failed{12} | stage1_archives {4:0.00} s | stage2_sketches {5:0.00} s | total {6:0.00} s | {7} objects rebuilt, cache {8} hits, {9} misses{11} | {10}",
                    report.BoardKey, report.Sketches.Count, report.OkCount, report.FailedCount, p.Stage1Archives, p.Stage2Sketches, p.Total,
                    cache.ObjectsRebuilt, cache.Hits, cache.Misses, resultsPath, cache.RemoteSummary(),
                    report.SkippedCount > 0 ? ", " + report.SkippedCount.ToString(CultureInfo.InvariantCulture) + " skipped" : ""));
        }

        /// <summary>A recorded result, as this build's when the fast path was taken: nothing was compiled (zero counters).</summary>
        private ProjectResult? Recorded(ProjectResult? result) =>
            result is null || !FromRecord ? result : result with { Counters = result.Counters is null ? null : BuildCounters.Zero };

        /// <summary>A result written in this build (ending at or after notBefore, with its times and a status), or null.</summary>
        private static ProjectResult? ReadResult(string? path, long notBefore)
        {
            if (string.IsNullOrEmpty(path) || !File.Exists(path)) return null;
            try
            {
                var r = ProjectResult.Parse(File.ReadAllText(path));
                return r.EndTicks >= notBefore && r.StartTicks != null && r.Status != null ? r : null;
            }
            catch (FormatException) { }
            catch (IOException) { }
            return null;
        }
    }
}
