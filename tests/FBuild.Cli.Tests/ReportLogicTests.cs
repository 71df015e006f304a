extern alias Tasks;
using FBuild.Cli.Report;
using FBuild.Tasks.Reporting;

namespace FBuild.Cli.Tests;

public class ReportLogicTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);
    private static DateTime At(double s) => T0.AddSeconds(s);

    private static BuildModel Model() => new()
    {
        TraversalStart = At(0), FrameworkStart = At(0.5), FrameworkEnd = At(2.0), SketchesEnd = At(3.5), ReportStart = At(3.6),
        SketchJobs = 2, FrameworkJobs = 2, Succeeded = true,
        Targets = new()
        {
            new Span(1, At(0), At(0.4), ProjectKind.Traversal, "compile-many", SdkNames.TraversalStartTarget, "target"),
            new Span(2, At(0.5), At(2.0), ProjectKind.Framework, "FBuild.Framework", "FBuildCompileFramework", "target"),
            new Span(1, At(2.0), At(3.0), ProjectKind.Sketch, "A", "FBuildLink", "target"),
            new Span(2, At(2.0), At(3.4), ProjectKind.Sketch, "B", "FBuildLink", "target"),
            new Span(2, At(3.4), At(3.5), ProjectKind.Sketch, "B", SdkNames.WriteSketchResultTarget, "target"),
            new Span(1, At(3.0), At(3.1), ProjectKind.Sketch, "A", SdkNames.WriteSketchResultTarget, "target"),
        },
        Tools = new()
        {
            new Span(2, At(0.5), At(1.5), ProjectKind.Framework, "FBuild.Framework", "a.cpp", "tool", "compile"),
            new Span(2, At(1.0), At(2.0), ProjectKind.Framework, "FBuild.Framework", "b.cpp", "tool", "compile"),
            new Span(1, At(2.0), At(3.0), ProjectKind.Sketch, "A", "A.ino.elf", "tool", "link"),
        },
        Sketches = new()
        {
            new ProjectResult { Name = "A", Status = "ok", Seconds = 1.1, Size = new SketchSize(null, 900, 32256, 10, 2048), Log = "/a/build.log" },
            new ProjectResult { Name = "B", Status = "failed", Seconds = 1.5, Log = "/b/build.log" },
        },
    };

    [Fact]
    public void PhasesAreThoseOfFBuildWriteReport()
    {
        var p = BuildAnalysis.ComputePhases(Model());
        Assert.Equal((1.5, 1.5, 3.6), (Math.Round(p.Stage1Archives, 3), Math.Round(p.Stage2Sketches, 3), Math.Round(p.Total, 3)));
        Assert.Equal("phase\tseconds\nstage1_archives\t1.500\nstage2_sketches\t1.500\ntotal\t3.600\n", ReportFormat.PhasesTsv(p));
        // The same text as the SDK writes.
        Assert.Equal(Tasks::FBuild.Tasks.Reporting.ReportFormat.PhasesTsv(new(1.5, 1.5, 3.6)), ReportFormat.PhasesTsv(p));
    }

    [Fact]
    public void ParallelismAndNodeUseComeFromToolRuns()
    {
        var m = Model();
        Assert.Equal(4.0 / 3, BuildAnalysis.Parallelism(m.Tools.Where(t => t.Project == ProjectKind.Framework), At(0.5), At(2.0)), 3);
        var nodes = BuildAnalysis.Nodes(m, 3.6);
        Assert.Equal(new[] { 1, 2 }, nodes.Select(n => n.Node));
        Assert.Equal(1.0, nodes[0].BusySeconds, 3);
        Assert.Equal(1.5, nodes[1].BusySeconds, 3); // overlapping compiles count once
    }

    [Fact]
    public void CriticalPathRunsThroughTheFrameworkAndTheLastSketch()
    {
        var steps = BuildAnalysis.CriticalPath(Model());
        Assert.Contains(steps, s => s.What == "stage 1 FBuildCompileFramework" && Math.Abs(s.Seconds - 1.5) < 1e-6);
        Assert.Contains(steps, s => s.What == "B FBuildLink");
        Assert.DoesNotContain(steps, s => s.What.StartsWith("A ", StringComparison.Ordinal));
        Assert.Equal(3.6, steps.Sum(s => s.Seconds), 3);
    }

    [Fact]
    public void TargetKindsLeaveOutWrappersAndTheTraversal()
    {
        var kinds = BuildAnalysis.TargetKinds(Model());
        Assert.Equal("FBuildLink", kinds[0].Name);
        Assert.Equal(2, kinds[0].Count);
        Assert.DoesNotContain(kinds, k => k.Project == ProjectKind.Traversal);
    }

    [Fact]
    public void TimelineHasALanePerNodeAndBothStages()
    {
        var html = HtmlTimeline.Render(Model(), "t.binlog");
        Assert.Contains("data-node=\"1\"", html);
        Assert.Contains("data-node=\"2\"", html);
        Assert.Contains("data-stage=\"stage1\"", html);
        Assert.Contains("data-stage=\"stage2\"", html);
        Assert.Contains("data-key=\"total\">3.600 s", html);
        Assert.DoesNotContain("http", html.Replace("http-equiv", "")); // self-contained
    }

    [Fact]
    public void OverlappingBarsGetTheirOwnRows()
    {
        var m = Model();
        var rows = HtmlTimeline.PackRows(m.Tools.Where(t => t.Node == 2).ToList());
        Assert.Equal(2, rows.Count);
    }

    [Fact]
    public void TraceMessagesParse()
    {
        var t = BinlogReader.ParseTrace("fbuild-trace\t1000\t1500\tcompile\tWString.cpp");
        Assert.NotNull(t);
        Assert.Equal(0.5, (t!.Value.End - t.Value.Start).TotalSeconds, 3);
        Assert.Equal(("compile", "WString.cpp"), (t.Value.Kind, t.Value.File));
        Assert.Null(BinlogReader.ParseTrace("fbuild-trace\tx"));
    }

    [Fact]
    public void SketchTableReadsResultsJson()
    {
        var rows = BoardReport.Parse("""{"sketches":[{"name":"A","status":"ok","seconds":0.5,"hex":null,"flashBytes":924,"flashMax":32256,"flashPercent":2.9,"ramBytes":9,"ramMax":2048,"ramPercent":0.4,"log":"/l"},{"name":"B","status":"failed","seconds":null,"log":null,"note":"no result"}]}""").Sketches;
        var text = ReportFormat.SketchTable(rows, withLog: true);
        Assert.Matches(@"\nA\s+ok\s+0\.50\s+924 \(2\.9%\)\s+9 \(0\.4%\)\s+/l\n", text);
        Assert.Matches(@"\nB\s+failed\s+-\s+-\s+-\s+no result\n", text);
    }
}
