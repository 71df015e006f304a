using System.Collections;
using Microsoft.Build.Framework;

namespace FBuild.Tasks.Tests;

/// <summary>A minimal MSBuild engine for running tasks directly in tests: records what they log.</summary>
public sealed class FakeBuildEngine : IBuildEngine
{
    private readonly object _gate = new();

    public List<BuildErrorEventArgs> Errors { get; } = new();
    public List<BuildWarningEventArgs> Warnings { get; } = new();
    public List<BuildMessageEventArgs> Messages { get; } = new();
    public List<CustomBuildEventArgs> Custom { get; } = new();

    public bool ContinueOnError => false;
    public int LineNumberOfTaskNode => 0;
    public int ColumnNumberOfTaskNode => 0;
    public string ProjectFileOfTaskNode => "fake.proj";

    public void LogErrorEvent(BuildErrorEventArgs e) { lock (_gate) Errors.Add(e); }
    public void LogWarningEvent(BuildWarningEventArgs e) { lock (_gate) Warnings.Add(e); }
    public void LogMessageEvent(BuildMessageEventArgs e) { lock (_gate) Messages.Add(e); }
    public void LogCustomEvent(CustomBuildEventArgs e) { lock (_gate) Custom.Add(e); }

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) =>
        throw new NotSupportedException("FakeBuildEngine does not build projects.");

    /// <summary>All messages' text, one per line.</summary>
    public string MessageText
    {
        get { lock (_gate) return string.Join("\n", Messages.Select(m => m.Message)); }
    }
}
