using System.Globalization;
using System.Net;
using System.Text;

namespace FBuild.Cli.Report;

/// <summary>
/// A self-contained HTML timeline (pure): the summary on top, then one lane per MSBuild node with a bar per target
/// and per tool run, stage 1 (framework) and stage 2 (sketches) coloured apart. Overlapping bars in a lane get
/// rows of their own. A small script records how many bars the browser laid out with a visible width
/// (body data-visible-bars), so a headless browser can check what the page shows.
/// </summary>
public static class HtmlTimeline
{
    public static string Render(BuildModel m, string title)
    {
        var inv = CultureInfo.InvariantCulture;
        var phases = BuildAnalysis.ComputePhases(m);
        var spans = m.Targets.Where(t => t.Project is ProjectKind.Framework or ProjectKind.Sketch && !BuildAnalysis.IsWrapper(t.Name))
            .Concat(m.Tools).ToList();
        var t0 = m.TraversalStart ?? spans.Select(s => s.Start).DefaultIfEmpty(DateTime.MinValue).Min();
        var t1 = new[] { m.ReportStart ?? t0 }.Concat(spans.Select(s => s.End)).Max();
        double width = Math.Max(0.001, (t1 - t0).TotalSeconds);
        string Pct(double seconds) => (100.0 * seconds / width).ToString("0.###", inv);

        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>FBuild timeline: ").Append(E(title)).Append("</title>\n<style>\n")
          .Append("body{font:13px sans-serif;margin:16px;color:#222}h1{font-size:18px}table.summary td{padding:2px 10px 2px 0}\n")
          .Append(".lane{position:relative;border-top:1px solid #ccc;margin:0}.lane-label{font-weight:bold;margin:8px 0 2px}\n")
          .Append(".bar{position:absolute;height:14px;border-radius:2px;overflow:hidden;white-space:nowrap;font-size:10px;color:#fff;box-sizing:border-box;min-width:1px}\n")
          .Append(".stage1.target{background:#e67e22}.stage1.tool{background:#a04000}.stage2.target{background:#2e86c1}.stage2.tool{background:#1b4f72}\n")
          .Append(".legend span{display:inline-block;padding:2px 6px;margin-right:6px;color:#fff}\n</style></head>\n");
        sb.Append("<body data-visible-bars=\"0\">\n<h1>FBuild timeline: ").Append(E(title)).Append("</h1>\n<table class=\"summary\" id=\"summary\">\n");
        void Row(string k, string v) => sb.Append("<tr><td>").Append(E(k)).Append("</td><td class=\"value\" data-key=\"").Append(E(k)).Append("\">").Append(E(v)).Append("</td></tr>\n");
        Row("result", m.Succeeded ? "succeeded" : "failed");
        Row("stage1_archives", phases.Stage1Archives.ToString("0.000", inv) + " s");
        Row("stage2_sketches", phases.Stage2Sketches.ToString("0.000", inv) + " s");
        Row("total", phases.Total.ToString("0.000", inv) + " s");
        Row("sketches", $"{m.Sketches.Count} ({m.Sketches.Count(s => s.Status == "ok")} ok, {m.Sketches.Count(s => s.Status != "ok")} failed)");
        Row("nodes", $"{spans.Select(s => s.Node).Distinct().Count()} (SketchJobs {m.SketchJobs?.ToString(inv) ?? "?"}, FrameworkJobs {m.FrameworkJobs?.ToString(inv) ?? "?"})");
        Row("tool runs", m.Tools.Count.ToString(inv));
        sb.Append("</table>\n<p class=\"legend\"><span class=\"stage1 target\">stage 1 target</span><span class=\"stage1 tool\">stage 1 tool run</span>")
          .Append("<span class=\"stage2 target\">stage 2 target</span><span class=\"stage2 tool\">stage 2 tool run</span></p>\n");

        foreach (var node in spans.Select(s => s.Node).Distinct().Order())
        {
            var rows = PackRows(spans.Where(s => s.Node == node).OrderBy(s => s.Kind == "tool").ThenBy(s => s.Start).ToList());
            sb.Append(inv, $"<div class=\"lane-label\">node {node}</div>\n<div class=\"lane\" data-node=\"{node}\" style=\"height:{rows.Count * 16 + 2}px\">\n");
            for (int r = 0; r < rows.Count; r++)
                foreach (var s in rows[r])
                {
                    var stage = s.Project == ProjectKind.Framework ? "stage1" : "stage2";
                    var label = s.Kind == "tool" ? $"{s.Detail} {s.Name}" : $"{s.ProjectName} {s.Name}";
                    sb.Append(inv, $"<div class=\"bar {stage} {s.Kind}\" data-stage=\"{stage}\" data-kind=\"{s.Kind}\" style=\"left:{Pct((s.Start - t0).TotalSeconds)}%;width:{Pct(s.Seconds)}%;top:{r * 16}px\" title=\"")
                      .Append(E($"{label}: {s.Seconds:0.000} s (node {node})")).Append("\">").Append(E(label)).Append("</div>\n");
                }
            sb.Append("</div>\n");
        }
        sb.Append("<script>document.body.dataset.visibleBars=String([...document.querySelectorAll('.bar')].filter(b=>b.getBoundingClientRect().width>0).length);</script>\n");
        sb.Append("</body></html>\n");
        return sb.ToString();
    }

    /// <summary>Puts each span in the first row where it overlaps nothing (spans sorted by start within a kind).</summary>
    public static List<List<Span>> PackRows(IReadOnlyList<Span> spans)
    {
        var rows = new List<List<Span>>();
        foreach (var s in spans)
        {
            var row = rows.FirstOrDefault(r => r[^1].Kind == s.Kind && r[^1].End <= s.Start);
            if (row is null) rows.Add(row = new List<Span>());
            row.Add(s);
        }
        return rows;
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
