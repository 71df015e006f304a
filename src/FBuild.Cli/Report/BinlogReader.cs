using System.Globalization;
using FBuild.Tasks.Reporting;
using Microsoft.Build.Logging.StructuredLogger;
using SLTask = Microsoft.Build.Logging.StructuredLogger.Task;

namespace FBuild.Cli.Report;

/// <summary>Reads an FBuild build's binlog (MSBuild.StructuredLogger) into a BuildModel.</summary>
public static class BinlogReader
{
    private const string TracePrefix = "fbuild-trace\t";

    public static BuildModel Read(string path)
    {
        Build build;
        try { build = BinaryLog.ReadBuild(path); }
        catch (Exception ex) { throw new CliException(FBuildCodes.BadBinlog, $"'{path}' is not a binary log MSBuild.StructuredLogger can read: {ex.Message}"); }

        var targets = new List<Span>();
        var tools = new List<Span>();
        var sketches = new Dictionary<string, ProjectResult>(StringComparer.Ordinal);
        DateTime? traversalStart = null, reportStart = null, fwStart = null, fwEnd = null, sketchesEnd = null;
        int? sketchJobs = null, frameworkJobs = null;

        // A target runs once per project configuration; later requests for it show as (skipped) targets again.
        var runs = new Dictionary<(string, string, string), int>();
        build.VisitAllChildren<Target>(t =>
        {
            var project = t.GetNearestParent<Project>();
            if (project is null) return;
            var kind = KindOf(project.ProjectFile);
            var name = Path.GetFileNameWithoutExtension(project.ProjectFile ?? "?");
            var span = new Span(t.NodeId, t.StartTime, t.EndTime, kind, name, t.Name, "target");
            var key = (project.ProjectFile ?? "", Configuration(project), t.Name);
            if (runs.TryGetValue(key, out var i)) { if (span.Seconds > targets[i].Seconds) targets[i] = span; }
            else { runs[key] = targets.Count; targets.Add(span); }
            if (kind == ProjectKind.Traversal && t.Name == SdkNames.TraversalStartTarget) traversalStart = Min(traversalStart, t.StartTime);
            if (kind == ProjectKind.Framework && t.Name == SdkNames.FrameworkStartTarget) fwStart = Min(fwStart, t.StartTime);
        });
        build.VisitAllChildren<SLTask>(task =>
        {
            var project = task.GetNearestParent<Project>();
            if (project is null) return;
            var kind = KindOf(project.ProjectFile);
            var name = Path.GetFileNameWithoutExtension(project.ProjectFile ?? "?");
            var p = Parameters(task);
            switch (task.Name)
            {
                case SdkNames.WriteReportTask when kind == ProjectKind.Traversal:
                    reportStart = Min(reportStart, task.StartTime);
                    break;
                case SdkNames.WriteResultTask when kind == ProjectKind.Framework:
                    fwEnd = Max(fwEnd, task.EndTime);
                    break;
                case SdkNames.WriteResultTask when kind == ProjectKind.Sketch:
                    sketchesEnd = Max(sketchesEnd, task.EndTime);
                    sketches[project.ProjectFile ?? name] = Row(p, task, name);
                    break;
                case SdkNames.CompileTask when kind == ProjectKind.Sketch && Int(p, "Slots") is int slots:
                    sketchJobs = slots;
                    break;
                case SdkNames.CompileTask when kind == ProjectKind.Framework && Int(p, "Parallelism") is int par:
                    frameworkJobs = par;
                    break;
            }
            foreach (var message in task.Children.OfType<Message>())
                if (message.Text is string text && text.StartsWith(TracePrefix, StringComparison.Ordinal) && ParseTrace(text) is var (s, e, k, file))
                    tools.Add(new Span(task.NodeId, s, e, kind, name, Path.GetFileName(file), "tool", k));
        });
        if (targets.Count == 0 || !targets.Any(t => t.Project is ProjectKind.Framework or ProjectKind.Sketch))
            throw new CliException(FBuildCodes.BadBinlog, $"'{path}' holds no FBuild build (no framework or sketch project)");

        // The binlog's clock is local time, the trace's Unix milliseconds: put tool runs on the same clock.
        var offset = targets[0].Start.Kind == DateTimeKind.Utc ? TimeSpan.Zero : targets[0].Start - targets[0].Start.ToUniversalTime();
        tools = tools.Select(t => t with { Start = t.Start + offset, End = t.End + offset }).ToList();

        return new BuildModel
        {
            Targets = targets.OrderBy(t => t.Start).ToList(),
            Tools = tools.OrderBy(t => t.Start).ToList(),
            Sketches = sketches.Values.OrderBy(r => r.Name, StringComparer.Ordinal).ToList(),
            TraversalStart = traversalStart, ReportStart = reportStart, FrameworkStart = fwStart, FrameworkEnd = fwEnd, SketchesEnd = sketchesEnd,
            SketchJobs = sketchJobs, FrameworkJobs = frameworkJobs, Succeeded = build.Succeeded,
        };
    }

    public static ProjectKind KindOf(string? projectFile) =>
        projectFile is null ? ProjectKind.Other
        : projectFile.EndsWith(SdkNames.FrameworkProjectFile, StringComparison.Ordinal) ? ProjectKind.Framework
        : projectFile.EndsWith(SdkNames.SketchProjectExtension, StringComparison.Ordinal) ? ProjectKind.Sketch
        : projectFile.EndsWith("proj", StringComparison.Ordinal) ? ProjectKind.Traversal : ProjectKind.Other;

    /// <summary>A tool-run message: fbuild-trace, start ms, end ms (Unix epoch), kind, file.</summary>
    public static (DateTime Start, DateTime End, string Kind, string File)? ParseTrace(string text)
    {
        var f = text.Split('\t');
        if (f.Length < 5 || !long.TryParse(f[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var s)
            || !long.TryParse(f[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var e)) return null;
        return (DateTime.UnixEpoch.AddMilliseconds(s), DateTime.UnixEpoch.AddMilliseconds(e), f[3], string.Join('\t', f.Skip(4)));
    }

    /// <summary>A sketch's result from its FBuildWriteResult task's parameters (seconds until the task started).</summary>
    private static ProjectResult Row(Dictionary<string, string> p, SLTask task, string fallbackName)
    {
        long? L(string k) => p.TryGetValue(k, out var v) && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
        double? secs = L("StartTicks") is long st ? Math.Round((task.StartTime.ToUniversalTime().Ticks - st) / 1e7, 3) : null;
        return new ProjectResult
        {
            Kind = ProjectResult.SketchKind, Name = p.GetValueOrDefault("Name") ?? fallbackName, Status = p.GetValueOrDefault("Status") ?? "?",
            Seconds = secs, Log = p.GetValueOrDefault("LogFile"),
            Size = new SketchSize(null, L("FlashBytes"), L("MaxFlash"), L("RamBytes"), L("MaxRam")),
        };
    }

    /// <summary>A task's scalar input parameters by name (StructuredLogger keeps them under a Parameters folder).</summary>
    private static Dictionary<string, string> Parameters(SLTask task)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var folder in task.Children.OfType<Folder>().Where(f => f.Name == "Parameters"))
            foreach (var child in folder.Children)
            {
                if (child is Property prop && prop.Name != null) result[prop.Name] = prop.Value ?? "";
                else if (child is Parameter par && par.Name != null && par.Children.FirstOrDefault() is BaseNode first)
                    result[par.Name] = first is Item item ? item.Text ?? "" : first.ToString() ?? "";
            }
        return result;
    }

    private static string Configuration(Project p) =>
        p.GlobalProperties is null ? "" : string.Join(";", p.GlobalProperties.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value));

    private static int? Int(Dictionary<string, string> p, string k) =>
        p.TryGetValue(k, out var v) && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static DateTime? Min(DateTime? a, DateTime b) => a is null || b < a ? b : a;
    private static DateTime? Max(DateTime? a, DateTime b) => a is null || b > a ? b : a;
}
