using Microsoft.Build.Evaluation;
using Microsoft.Build.Execution;

namespace FBuild.Sdk.Tests;

/// <summary>
/// A temporary sketch set (Sketches.proj, Blink/Blink.fbproj) whose projects import the SDK's Sdk.props and Sdk.targets
/// from src/ directly, and the SDK's own framework project, evaluated in-process (nothing is built).
/// </summary>
public sealed class SdkProjects : IDisposable
{
    private readonly ProjectCollection _collection;

    /// <summary>Creates the sketch set; extra is inserted into each project's body (between the two imports).</summary>
    public SdkProjects(string extra = "")
    {
        Root = Path.Combine(Path.GetTempPath(), "fbuild-sdk-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Root, "Blink"));
        File.WriteAllText(Path.Combine(Root, "Sketches.proj"), ProjectText(extra));
        File.WriteAllText(Path.Combine(Root, "Blink", "Blink.fbproj"), ProjectText(extra));
        File.WriteAllText(Path.Combine(Root, "Blink", "Blink.ino"), "void setup() {}\nvoid loop() {}\n");
        // No Directory.Build.props/targets from above the temporary folder; a board, as a build has one.
        _collection = new ProjectCollection(new Dictionary<string, string>
        {
            ["Board"] = "uno", ["ImportDirectoryBuildProps"] = "false", ["ImportDirectoryBuildTargets"] = "false",
        });
    }

    /// <summary>The SDK's MSBuild files: src/FBuild.Sdk/Sdk.</summary>
    public static string SdkDirectory { get; } = Path.Combine(RepoRoot(), "src", "FBuild.Sdk", "Sdk");

    /// <summary>The sketch set's folder (with a trailing slash nowhere).</summary>
    public string Root { get; }

    public Project Sketch() => _collection.LoadProject(Path.Combine(Root, "Blink", "Blink.fbproj"));

    public Project Traversal() => _collection.LoadProject(Path.Combine(Root, "Sketches.proj"));

    /// <summary>The traversal with more global properties (e.g. Boards).</summary>
    public Project Traversal(IDictionary<string, string> globals) => _collection.LoadProject(Path.Combine(Root, "Sketches.proj"), globals, null);

    /// <summary>The framework project as a sketch of this set references it.</summary>
    public Project Framework() => _collection.LoadProject(Path.Combine(SdkDirectory, "Framework", "FBuild.Framework.proj"),
        new Dictionary<string, string> { ["FBuildSketchesRoot"] = Root + "/" }, null);

    public void Dispose()
    {
        _collection.UnloadAllProjects();
        _collection.Dispose();
        Directory.Delete(Root, true);
    }

    private static string ProjectText(string extra) =>
        $"<Project>\n  <Import Project=\"{SdkDirectory}/Sdk.props\" />\n{extra}\n  <Import Project=\"{SdkDirectory}/Sdk.targets\" />\n</Project>\n";

    private static string RepoRoot([System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? "" })
            for (var dir = start.Length == 0 ? null : new DirectoryInfo(start); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "FBuild.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No folder containing FBuild.sln above {AppContext.BaseDirectory} or {sourceFile}");
    }
}

/// <summary>
/// The order in which MSBuild would run a project's targets for an entry target, computed from the targets alone:
/// for each target its DependsOnTargets, then the targets that name it in BeforeTargets, then itself, then those that
/// name it in AfterTargets; each target once. Conditions are not evaluated (every target counts as run).
/// </summary>
public static class TargetOrder
{
    public static List<string> For(ProjectInstance project, string entry)
    {
        var order = new List<string>();
        var visited = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        Visit(project, entry, order, visited);
        return order;
    }

    /// <summary>A target-list attribute (DependsOnTargets, BeforeTargets, AfterTargets) with the project's properties expanded.</summary>
    public static List<string> Names(ProjectInstance project, string unexpanded) =>
        project.ExpandString(unexpanded).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static void Visit(ProjectInstance project, string name, List<string> order, HashSet<string> visited)
    {
        if (!visited.Add(name)) return;
        if (!project.Targets.TryGetValue(name, out var target)) throw new InvalidOperationException($"target '{name}' does not exist");
        foreach (var dep in Names(project, target.DependsOnTargets)) Visit(project, dep, order, visited);
        foreach (var before in project.Targets.Values.Where(t => Names(project, t.BeforeTargets).Contains(name, StringComparer.OrdinalIgnoreCase)))
            Visit(project, before.Name, order, visited);
        order.Add(target.Name);
        foreach (var after in project.Targets.Values.Where(t => Names(project, t.AfterTargets).Contains(name, StringComparer.OrdinalIgnoreCase)))
            Visit(project, after.Name, order, visited);
    }
}
