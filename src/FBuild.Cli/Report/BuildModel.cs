using FBuild.Tasks.Reporting;

namespace FBuild.Cli.Report;

public enum ProjectKind { Traversal, Framework, Sketch, Other }

/// <summary>A target run (Kind "target") or a tool run (Kind "tool": compile, archive, link...) on one MSBuild node.</summary>
public sealed record Span(int Node, DateTime Start, DateTime End, ProjectKind Project, string ProjectName, string Name, string Kind, string? Detail = null)
{
    public double Seconds => (End - Start).TotalSeconds;
}

/// <summary>What a binlog says about one FBuild build (pure data; BinlogReader fills it).</summary>
public sealed record BuildModel
{
    public List<Span> Targets { get; init; } = new();
    public List<Span> Tools { get; init; } = new();
    public List<ProjectResult> Sketches { get; init; } = new();
    /// <summary>Start of the traversal's FBuildTraversalStart target (where the SDK's total starts).</summary>
    public DateTime? TraversalStart { get; init; }
    /// <summary>Start of the FBuildWriteReport task (where the SDK's total ends).</summary>
    public DateTime? ReportStart { get; init; }
    public DateTime? FrameworkStart { get; init; }
    /// <summary>End of the framework's FBuildWriteResult task (stage 1's end as results.json has it).</summary>
    public DateTime? FrameworkEnd { get; init; }
    /// <summary>End of the last sketch's FBuildWriteResult task.</summary>
    public DateTime? SketchesEnd { get; init; }
    public int? SketchJobs { get; init; }
    public int? FrameworkJobs { get; init; }
    public bool Succeeded { get; init; }
}
