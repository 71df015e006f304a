using System.Globalization;

namespace FBuild.Cli.CompileMany;

/// <summary>What one compile-many build is: the sketch set, the SDK files, the global properties (pure).</summary>
public sealed record BuildSetup(SketchSet Set, SdkLocation Sdk, string ArtifactsPath, IReadOnlyDictionary<string, string> GlobalProperties, int NodeCount)
{
    /// <summary>Where the generated projects go: under the artifacts folder, never into the sketch folders.</summary>
    public string ProjectsPath => Path.Combine(ArtifactsPath, "projects");
    public string TraversalPath => Path.Combine(ProjectsPath, "compile-many.proj");
    public string ProjectPath(SketchFolder sketch) => Path.Combine(ProjectsPath, sketch.RelativeDir, sketch.Name + ".fbproj");

    public static BuildSetup Create(CompileManyOptions o, SketchSet set, SdkLocation sdk, string currentDirectory, string? home, int processorCount)
    {
        var artifacts = Path.GetFullPath(o.ArtifactsDir ?? "fbuild-artifacts", currentDirectory);
        int sketchJobs = o.SketchJobs ?? processorCount;
        var props = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["SketchJobs"] = sketchJobs.ToString(CultureInfo.InvariantCulture),
            ["FBuildSketchesRoot"] = set.Root.TrimEnd('/') + "/",
            ["FBuildArtifactsPath"] = artifacts.TrimEnd('/') + "/",
            // The framework finds the set's libraries in these folders (they have no .fbproj to glob for).
            ["FBuildSketchDirectories"] = string.Join(';', set.Sketches.Select(s => s.Directory)),
        };
        // One board builds as before; several build as a board matrix (the traversal then builds each board).
        if (o.Boards.Count == 1) props["Board"] = o.Boards[0];
        else props["Boards"] = string.Join(';', o.Boards);
        if (o.FrameworkJobs is int fj) props["FrameworkJobs"] = fj.ToString(CultureInfo.InvariantCulture);
        var libs = LibraryRoots(o.Libraries.Select(l => Path.GetFullPath(l, currentDirectory)), set.Root, home, Directory.Exists, File.Exists);
        if (libs.Count > 0) props["FBuildLibraryPaths"] = string.Join(';', libs);
        return new BuildSetup(set, sdk, artifacts, props, sketchJobs);
    }

    /// <summary>
    /// User library folders, in priority order: each --lib (a library itself, with library.properties, stands for
    /// its parent folder), then the SDK's defaults (ROOT/libraries, ~/Arduino/libraries) when they exist.
    /// </summary>
    public static List<string> LibraryRoots(IEnumerable<string> libs, string root, string? home, Func<string, bool> dirExists, Func<string, bool> fileExists)
    {
        var roots = new List<string>();
        foreach (var lib in libs)
        {
            var dir = Path.TrimEndingDirectorySeparator(lib);
            if (!dirExists(dir)) throw new CliException(FBuildCodes.Usage, $"--lib '{lib}' is not a folder");
            roots.Add(fileExists(Path.Combine(dir, "library.properties")) ? Path.GetDirectoryName(dir)! : dir);
        }
        if (roots.Count == 0) return roots; // the SDK's own defaults apply
        var rootLibs = Path.Combine(root, "libraries");
        if (dirExists(rootLibs)) roots.Add(rootLibs);
        if (!string.IsNullOrEmpty(home) && dirExists(Path.Combine(home, "Arduino", "libraries"))) roots.Add(Path.Combine(home, "Arduino", "libraries"));
        return roots.Distinct(StringComparer.Ordinal).ToList();
    }
}

/// <summary>The SDK's MSBuild files: a folder with Sdk/Sdk.props, Sdk/Sdk.targets and tasks/FBuild.Tasks.dll.</summary>
public sealed record SdkLocation(string Root)
{
    public string Props => Path.Combine(Root, "Sdk", "Sdk.props");
    public string Targets => Path.Combine(Root, "Sdk", "Sdk.targets");
    public string TasksAssembly => Path.Combine(Root, "tasks", "FBuild.Tasks.dll");

    /// <summary>$FBUILD_SDK_DIR, else the sdk/ folder shipped beside the fbuild assembly.</summary>
    public static SdkLocation Find(string? fromEnvironment, string appDirectory)
    {
        var sdk = new SdkLocation(string.IsNullOrEmpty(fromEnvironment) ? Path.Combine(appDirectory, "sdk") : Path.GetFullPath(fromEnvironment));
        foreach (var f in new[] { sdk.Props, sdk.Targets, sdk.TasksAssembly })
            if (!File.Exists(f)) throw new CliException(FBuildCodes.SdkNotFound, $"the FBuild SDK is incomplete: '{f}' does not exist (set FBUILD_SDK_DIR to a folder with Sdk/Sdk.props, Sdk/Sdk.targets and tasks/FBuild.Tasks.dll)");
        return sdk;
    }
}
