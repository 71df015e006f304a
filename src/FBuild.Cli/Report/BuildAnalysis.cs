using FBuild.Tasks.Reporting;

namespace FBuild.Cli.Report;

public sealed record TargetKindTime(string Name, ProjectKind Project, int Count, double Seconds);
public sealed record NodeUse(int Node, double BusySeconds, double Utilisation);
public sealed record PathStep(string What, int Node, double Seconds);

/// <summary>Figures from a BuildModel (pure): the phases as FBuildWriteReport computes them, and the rest of the report.</summary>
public static class BuildAnalysis
{
    /// <summary>
    /// The phases of phases.tsv, from the same instants FBuildWriteReport uses: stage 1 from the framework's start
    /// target to the end of its result write; stage 2 from there to the last sketch's result write; total from the
    /// traversal's start target to the report task. Missing instants count as zero-length.
    /// </summary>
    public static BuildPhases ComputePhases(BuildModel m)
    {
        var start = m.TraversalStart ?? m.FrameworkStart ?? m.Targets.Select(t => t.Start).DefaultIfEmpty().Min();
        var fwStart = m.FrameworkStart ?? start;
        var fwEnd = m.FrameworkEnd ?? start;
        var sketchEnd = m.SketchesEnd ?? fwEnd;
        var end = m.ReportStart ?? m.Targets.Select(t => t.End).DefaultIfEmpty(start).Max();
        return BuildPhases.Measure(start.Ticks, fwStart.Ticks, fwEnd.Ticks, sketchEnd.Ticks, end.Ticks);
    }

    /// <summary>Time per target name in framework and sketch projects, biggest first (wrapper targets left out).</summary>
    public static List<TargetKindTime> TargetKinds(BuildModel m) =>
        m.Targets.Where(t => t.Project is ProjectKind.Framework or ProjectKind.Sketch && !IsWrapper(t.Name))
            .GroupBy(t => (t.Name, t.Project))
            .Select(g => new TargetKindTime(g.Key.Name, g.Key.Project, g.Count(), g.Sum(t => t.Seconds)))
            .OrderByDescending(k => k.Seconds).ToList();

    /// <summary>Targets that only group others (their time is their children's).</summary>
    public static bool IsWrapper(string target) => target is "Build" or "CoreBuild" or "BeforeBuild" or "AfterBuild";

    /// <summary>Per node: seconds with at least one tool running, over the build's span.</summary>
    public static List<NodeUse> Nodes(BuildModel m, double total)
    {
        var nodes = m.Targets.Select(t => t.Node).Concat(m.Tools.Select(t => t.Node)).Distinct().Order().ToList();
        return nodes.Select(n =>
        {
            double busy = UnionSeconds(m.Tools.Where(t => t.Node == n));
            return new NodeUse(n, busy, total > 0 ? busy / total : 0);
        }).ToList();
    }

    /// <summary>Average number of tool runs at once between two instants (the parallelism achieved).</summary>
    public static double Parallelism(IEnumerable<Span> tools, DateTime from, DateTime to)
    {
        double window = (to - from).TotalSeconds;
        if (window <= 0) return 0;
        double sum = tools.Sum(t => Math.Max(0, ((t.End < to ? t.End : to) - (t.Start > from ? t.Start : from)).TotalSeconds));
        return sum / window;
    }

    public static double UnionSeconds(IEnumerable<Span> spans)
    {
        double total = 0;
        DateTime? curStart = null, curEnd = null;
        foreach (var s in spans.OrderBy(s => s.Start))
        {
            if (curEnd is null || s.Start > curEnd) { if (curEnd != null) total += (curEnd.Value - curStart!.Value).TotalSeconds; (curStart, curEnd) = (s.Start, s.End); }
            else if (s.End > curEnd) curEnd = s.End;
        }
        if (curEnd != null) total += (curEnd.Value - curStart!.Value).TotalSeconds;
        return total;
    }

    /// <summary>
    /// The chain that sets the total: the traversal's start until stage 1 starts, the framework's targets, the wait
    /// and then the targets of the sketch that finished last, and the report.
    /// </summary>
    public static List<PathStep> CriticalPath(BuildModel m)
    {
        var steps = new List<PathStep>();
        var start = m.TraversalStart ?? m.FrameworkStart;
        if (start is null) return steps;
        var fw = m.Targets.Where(t => t.Project == ProjectKind.Framework && !IsWrapper(t.Name)).OrderBy(t => t.Start).ToList();
        var cursor = start.Value;
        if (fw.Count > 0)
        {
            steps.Add(new PathStep("traversal start, sketch evaluation", 0, (fw[0].Start - cursor).TotalSeconds));
            foreach (var t in fw) steps.Add(new PathStep($"stage 1 {t.Name}", t.Node, t.Seconds));
            cursor = fw[^1].End;
        }
        var last = m.Targets.Where(t => t.Project == ProjectKind.Sketch && t.Name is SdkNames.WriteSketchResultTarget or SdkNames.WriteFailedSketchResultTarget)
            .OrderBy(t => t.End).LastOrDefault();
        if (last != null)
        {
            var chain = m.Targets.Where(t => t.ProjectName == last.ProjectName && t.Project == ProjectKind.Sketch && !IsWrapper(t.Name) && t.End > cursor && t.End <= last.End)
                .OrderBy(t => t.Start).ToList();
            if (chain.Count > 0)
            {
                var first = chain[0].Start > cursor ? chain[0].Start : cursor;
                steps.Add(new PathStep($"waiting for a node ({last.ProjectName})", 0, Math.Max(0, (first - cursor).TotalSeconds)));
                foreach (var t in chain)
                {
                    var s = t.Start > cursor ? t.Start : cursor;
                    steps.Add(new PathStep($"{last.ProjectName} {t.Name}", t.Node, Math.Max(0, (t.End - s).TotalSeconds)));
                    cursor = t.End > cursor ? t.End : cursor;
                }
            }
        }
        if (m.ReportStart is DateTime r) steps.Add(new PathStep("until the report", 0, Math.Max(0, (r - cursor).TotalSeconds)));
        return steps;
    }
}
