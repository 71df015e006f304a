using Microsoft.Build.Construction;
using Microsoft.Build.Evaluation;

namespace FBuild.Cli.CompileMany;

/// <summary>
/// The projects of a compile-many build, made with MSBuild's construction API: one sketch project per folder and
/// the traversal over them, both importing the SDK's Sdk.props/Sdk.targets directly (what Sdk="FBuild.Sdk" does,
/// without an SDK resolver). They are saved under ARTIFACTS/projects/, not kept in memory only: MSBuild's
/// out-of-proc nodes (--sketch-jobs above 1) load projects from disk. A sketch project names its folder with
/// FBuildSketchDirectory, so nothing is written into the sketch folders.
/// </summary>
public static class GeneratedProjects
{
    public static void WriteAll(BuildSetup setup, ProjectCollection collection)
    {
        foreach (var sketch in setup.Set.Sketches)
        {
            var p = ProjectRootElement.Create(collection);
            p.AddImport(setup.Sdk.Props);
            p.AddProperty("FBuildSketchDirectory", sketch.Directory);
            p.AddImport(setup.Sdk.Targets);
            SaveIfChanged(p, setup.ProjectPath(sketch));
        }
        var traversal = ProjectRootElement.Create(collection);
        traversal.AddImport(setup.Sdk.Props);
        traversal.AddProperty("FBuildProjectKind", "Traversal");
        traversal.AddProperty("EnableDefaultFBuildSketches", "false");
        var items = traversal.AddItemGroup();
        foreach (var sketch in setup.Set.Sketches) items.AddItem("ProjectReference", setup.ProjectPath(sketch));
        traversal.AddImport(setup.Sdk.Targets);
        SaveIfChanged(traversal, setup.TraversalPath);
    }

    /// <summary>Rewrites a project only when its text changes, so its timestamp stays for incremental builds.</summary>
    private static void SaveIfChanged(ProjectRootElement project, string path)
    {
        var text = project.RawXml;
        if (File.Exists(path) && File.ReadAllText(path) == text) return;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
