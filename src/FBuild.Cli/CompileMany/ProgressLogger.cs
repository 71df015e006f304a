using Microsoft.Build.Framework;

namespace FBuild.Cli.CompileMany;

/// <summary>
/// Counts finished and failed sketch builds (the Build target of a sketch project, once per board) from MSBuild's events, for the
/// progress line and --max-failures.
/// </summary>
public sealed class ProgressLogger(IReadOnlySet<string> sketchProjects) : ILogger
{
    private readonly Dictionary<int, (string File, bool IsBuild)> _projects = new();
    private readonly HashSet<string> _done = new(StringComparer.Ordinal);
    private readonly object _lock = new();

    public int Done { get { lock (_lock) return _done.Count; } }
    public int Failed { get; private set; }
    public event Action? Changed;

    public LoggerVerbosity Verbosity { get; set; } = LoggerVerbosity.Quiet;
    public string? Parameters { get; set; }

    public void Initialize(IEventSource eventSource)
    {
        eventSource.ProjectStarted += (_, e) =>
        {
            if (e.BuildEventContext is null || e.ProjectFile is null || !sketchProjects.Contains(e.ProjectFile)) return;
            bool isBuild = string.IsNullOrEmpty(e.TargetNames) || e.TargetNames.Split(';').Contains("Build", StringComparer.OrdinalIgnoreCase);
            // One sketch per board: the project instance (file and global properties, Board among them) counts.
            lock (_lock) _projects[e.BuildEventContext.ProjectContextId] = (e.ProjectFile + "#" + e.BuildEventContext.ProjectInstanceId, isBuild);
        };
        eventSource.ProjectFinished += (_, e) =>
        {
            if (e.BuildEventContext is null) return;
            lock (_lock)
            {
                if (!_projects.Remove(e.BuildEventContext.ProjectContextId, out var p) || !p.IsBuild || !_done.Add(p.File)) return;
                if (!e.Succeeded) Failed++;
            }
            Changed?.Invoke();
        };
    }

    public void Shutdown() { }
}
