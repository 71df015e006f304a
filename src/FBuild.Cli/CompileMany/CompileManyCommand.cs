using System.Diagnostics;
using FBuild.Tasks.Reporting;
using Microsoft.Build.Evaluation;
using Microsoft.Build.Execution;
using Microsoft.Build.Framework;
using Microsoft.Build.Logging;

namespace FBuild.Cli.CompileMany;

/// <summary>
/// fbuild compile-many: one in-process MSBuild build (BuildManager) of generated sketch projects and traversal;
/// stage 1 is the SDK's own framework project. Prints the per-sketch table from the results.json the SDK writes.
/// </summary>
public static class CompileManyCommand
{
    public static int Run(CompileManyOptions options, TextWriter stdout, TextWriter stderr)
    {
        // First: MSBuild takes its nodes' environment from this process's when the build is set up, and the
        // runtime reads these settings when a node starts.
        NodeRuntimeSettings.Apply();
        var cwd = Directory.GetCurrentDirectory();
        var set = SketchSet.FromDirectories(options.SketchDirs, cwd);
        if (options.Shard is { } shard)
        {
            // Only shard K's sketches are built; the root stays the whole set's, so paths and cache keys do not change.
            var plan = Shards.ShardPlan.Make(Shards.ShardPlan.Identities(set, set.Root), shard.Count, Shards.ShardPlan.ReadCosts(options.CostFiles, cwd));
            var keep = plan.Shards[shard.Index - 1].Sketches.ToHashSet(StringComparer.Ordinal);
            var all = set.Sketches.Count;
            set = set with { Sketches = set.Sketches.Where(s => keep.Contains(FBuild.Tasks.Sharding.ShardPlanner.Normalize(s.RelativeDir))).ToList() };
            stdout.WriteLine($"shard {shard}: {set.Sketches.Count} of {all} sketches" + (plan.ByCost ? " (balanced by measured cost)" : ""));
            if (set.Sketches.Count == 0) return 0;
        }
        var sdk = SdkLocation.Find(Environment.GetEnvironmentVariable("FBUILD_SDK_DIR"), AppContext.BaseDirectory);
        var setup = BuildSetup.Create(options, set, sdk, cwd, Environment.GetEnvironmentVariable("HOME"), Environment.ProcessorCount);
        var clock = Stopwatch.StartNew();
        var startUtc = DateTime.UtcNow;

        using var collection = new ProjectCollection(setup.GlobalProperties.ToDictionary(kv => kv.Key, kv => kv.Value));
        GeneratedProjects.WriteAll(setup, collection);
        var progress = new ProgressLogger(set.Sketches.Select(setup.ProjectPath).ToHashSet(StringComparer.Ordinal));
        using var line = Console.IsOutputRedirected || Console.IsErrorRedirected ? null : new ProgressLine(progress, set.Sketches.Count * options.Boards.Count, clock, stderr);
        var loggers = new List<ILogger> { progress, new ConsoleLogger(LoggerVerbosity.Quiet, line is null ? stderr.Write : line.Write, _ => { }, () => { }) };
        if (options.BinlogFile != null)
            loggers.Add(new BinaryLogger { Parameters = Path.GetFullPath(options.BinlogFile, cwd), CollectProjectImports = BinaryLogger.ProjectImportsCollectionMode.Embed });

        bool stoppedEarly = false;
        if (options.MaxFailures is int max)
            progress.Changed += () =>
            {
                if (progress.Failed >= max && !stoppedEarly) { stoppedEarly = true; BuildManager.DefaultBuildManager.CancelAllSubmissions(); }
            };

        var parameters = new BuildParameters(collection)
        {
            Loggers = loggers,
            MaxNodeCount = setup.NodeCount,
            EnableNodeReuse = false,
            // As dotnet build -bl does: the binlog then has task parameters (fbuild report reads sizes from them).
            LogTaskInputs = options.BinlogFile != null,
        };
        var request = new BuildRequestData(setup.TraversalPath, setup.GlobalProperties.ToDictionary(kv => kv.Key, kv => kv.Value), null, new[] { "Build" }, null);
        var result = BuildManager.DefaultBuildManager.Build(parameters, request);
        line?.Finish();

        if (stoppedEarly)
        {
            // The traversal's report target did not run: run it alone over this build's results.
            WriteReportAfterStop(setup, collection, startUtc, stderr);
            stderr.WriteLine($"error {FBuildCodes.StoppedEarly}: stopped after {progress.Failed} failed sketch(es) (--max-failures {options.MaxFailures}); sketches not built are listed as failed.");
        }
        return Summarize(setup, options, startUtc, result.OverallResult == BuildResultCode.Success && !stoppedEarly, stdout, stderr);
    }

    private static void WriteReportAfterStop(BuildSetup setup, ProjectCollection collection, DateTime startUtc, TextWriter stderr)
    {
        var globals = setup.GlobalProperties.ToDictionary(kv => kv.Key, kv => kv.Value);
        // Global, so the traversal's start target cannot reset it: only results written since startUtc count.
        globals[SdkNames.StartTicksProperty] = startUtc.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var parameters = new BuildParameters(collection) { Loggers = new ILogger[] { new ConsoleLogger(LoggerVerbosity.Quiet, stderr.Write, _ => { }, () => { }) }, MaxNodeCount = 1, EnableNodeReuse = false };
        BuildManager.DefaultBuildManager.Build(parameters, new BuildRequestData(setup.TraversalPath, globals, null, new[] { SdkNames.TraversalStartTarget, SdkNames.ReportTarget }, null));
    }

    /// <summary>Where a board's report goes in the matrix: the position of the --board that names it (by key or board id).</summary>
    public static int BoardOrder(IReadOnlyList<string> boards, BoardReport report)
    {
        for (int i = 0; i < boards.Count; i++)
        {
            var parts = boards[i].Split(':');
            var id = parts.Length >= 3 ? parts[2] : boards[i];
            if (string.Equals(boards[i], report.BoardKey, StringComparison.OrdinalIgnoreCase) || string.Equals(id, report.Board, StringComparison.OrdinalIgnoreCase)) return i;
        }
        return boards.Count;
    }

    private static int Summarize(BuildSetup setup, CompileManyOptions options, DateTime startUtc, bool succeeded, TextWriter stdout, TextWriter stderr)
    {
        // The SDK writes ARTIFACTS/BOARDKEY/results.json; only this build's count.
        var reports = Directory.Exists(setup.ArtifactsPath)
            ? Directory.GetDirectories(setup.ArtifactsPath).Select(d => Path.Combine(d, "results.json"))
                .Where(f => File.Exists(f) && File.GetLastWriteTimeUtc(f) >= startUtc.AddSeconds(-1)).ToList()
            : new List<string>();
        if (reports.Count == 0)
        {
            stderr.WriteLine("fbuild: the build wrote no results.json (see the errors above)");
            return 1;
        }
        bool anyFailed = false;
        var boardReports = new List<BoardReport>();
        foreach (var file in reports.Order(StringComparer.Ordinal))
        {
            var report = BoardReport.Parse(File.ReadAllText(file));
            boardReports.Add(report);
            anyFailed |= report.FailedCount > 0;
            stdout.Write(ReportFormat.SketchTable(report.Sketches, withLog: true));
            var phases = Path.Combine(Path.GetDirectoryName(file)!, "phases.tsv");
            stdout.WriteLine($"{report.OkCount} ok, {report.FailedCount} failed" + (report.SkippedCount > 0 ? $", {report.SkippedCount} skipped" : "") + $" | {ReportFormat.PhasesLine(report.Phases)}");
            stdout.WriteLine($"results: {file}");
            stdout.WriteLine($"phases:  {phases}");
            if (options.JsonFile != null) File.Copy(file, Path.GetFullPath(options.JsonFile), overwrite: true);
        }
        var matrix = Path.Combine(setup.ArtifactsPath, "matrix.json");
        if (options.Boards.Count > 1 && File.Exists(matrix) && File.GetLastWriteTimeUtc(matrix) >= startUtc.AddSeconds(-1))
        {
            stdout.Write(new BoardMatrix(boardReports.OrderBy(r => BoardOrder(options.Boards, r))).ToText());
            stdout.WriteLine($"matrix:  {matrix} (Markdown: {Path.ChangeExtension(matrix, ".md")})");
        }
        return succeeded && !anyFailed ? 0 : 1;
    }
}
