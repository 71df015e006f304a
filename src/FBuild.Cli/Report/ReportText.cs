using System.Globalization;
using System.Text;
using FBuild.Tasks.Reporting;

namespace FBuild.Cli.Report;

/// <summary>The text of fbuild report (pure).</summary>
public static class ReportText
{
    public static string Format(BuildModel m, string binlog, int slowest = 10)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        var phases = BuildAnalysis.ComputePhases(m);
        sb.AppendLine(inv, $"FBuild build {(m.Succeeded ? "succeeded" : "FAILED")}: {binlog}");
        sb.AppendLine("phases (as in phases.tsv)");
        sb.AppendLine(inv, $"  stage1_archives  {phases.Stage1Archives,8:0.000} s");
        sb.AppendLine(inv, $"  stage2_sketches  {phases.Stage2Sketches,8:0.000} s");
        sb.AppendLine(inv, $"  total            {phases.Total,8:0.000} s");
        sb.AppendLine("time per target kind (summed over projects)");
        foreach (var k in BuildAnalysis.TargetKinds(m))
            sb.AppendLine(inv, $"  {k.Name,-32} {k.Project.ToString().ToLowerInvariant(),-9} {k.Count,4} x {k.Seconds,8:0.000} s");
        sb.AppendLine("sketches");
        sb.Append(ReportFormat.SketchTable(m.Sketches, withLog: true, indent: "  "));
        sb.AppendLine(inv, $"slowest compile units (of {m.Tools.Count(t => t.Detail == "compile")} compiles)");
        foreach (var t in m.Tools.Where(t => t.Detail == "compile").OrderByDescending(t => t.Seconds).Take(slowest))
            sb.AppendLine(inv, $"  {t.Seconds,7:0.000} s  {t.Name}  ({t.ProjectName}, node {t.Node})");

        var nodes = BuildAnalysis.Nodes(m, phases.Total);
        sb.AppendLine(inv, $"nodes: {nodes.Count} used; width asked: SketchJobs {Opt(m.SketchJobs)}, FrameworkJobs {Opt(m.FrameworkJobs)}");
        foreach (var n in nodes) sb.AppendLine(inv, $"  node {n.Node}: tools running {n.BusySeconds:0.000} s of {phases.Total:0.000} s ({n.Utilisation:P0})");
        if (m.FrameworkStart is DateTime fs && m.FrameworkEnd is DateTime fe)
        {
            var stage1 = BuildAnalysis.Parallelism(m.Tools.Where(t => t.Project == ProjectKind.Framework), fs, fe);
            sb.AppendLine(inv, $"  stage 1: {stage1:0.00} tool runs at once on average (asked {Opt(m.FrameworkJobs)})");
            if (m.SketchesEnd is DateTime se && se > fe)
            {
                var stage2 = BuildAnalysis.Parallelism(m.Tools.Where(t => t.Project == ProjectKind.Sketch), fe, se);
                sb.AppendLine(inv, $"  stage 2: {stage2:0.00} tool runs at once on average (asked {Opt(m.SketchJobs)})");
            }
        }
        sb.AppendLine("critical path");
        foreach (var s in BuildAnalysis.CriticalPath(m))
            sb.AppendLine(inv, $"  {s.Seconds,7:0.000} s  {s.What}{(s.Node > 0 ? $" (node {s.Node})" : "")}");
        return sb.ToString();
    }

    private static string Opt(int? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "?";
}
