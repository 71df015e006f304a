using Microsoft.Build.Construction;
using Microsoft.Build.Evaluation;

namespace FBuild.Sdk.Tests;

/// <summary>What each kind of project imports, its defaults, its Build pipeline and its Clean list (evaluation only).</summary>
public sealed class SdkEvaluationTests : IDisposable
{
    private readonly SdkProjects _projects = new();

    public void Dispose() => _projects.Dispose();

    private static readonly string[] Shared =
        { "Sdk.props", "FBuild.Defaults.props", "FBuild.Quirks.props", "Sdk.targets", "FBuild.Defaults.targets", "FBuild.Tasks.targets", "FBuild.Common.targets" };

    /// <summary>The SDK's files a project imports (file names; the framework's own project is not an import).</summary>
    private static List<string> SdkImports(Project project) =>
        project.Imports.Select(i => i.ImportedProject.FullPath)
            .Where(p => Path.GetDirectoryName(p) == SdkProjects.SdkDirectory)
            .Select(p => Path.GetFileName(p)!).Distinct().OrderBy(n => n, StringComparer.Ordinal).ToList();

    private static List<string> Sorted(IEnumerable<string> names) => names.OrderBy(n => n, StringComparer.Ordinal).ToList();

    [Fact]
    public void EachKindImportsItsOwnFeatureFiles()
    {
        Assert.Equal(Sorted(Shared.Concat(new[] { "FBuild.Board.targets", "FBuild.Sketch.targets", "FBuild.CompileCommands.Sketch.targets", "FBuild.Simulate.targets", "FBuild.Upload.targets", "FBuild.Solution.targets", "FBuild.Traversal.Sketch.targets" })),
            SdkImports(_projects.Sketch()));
        Assert.Equal(Sorted(Shared.Concat(new[] { "FBuild.Board.targets", "FBuild.Framework.targets", "FBuild.CompileCommands.Framework.targets", "FBuild.Traversal.Sketch.targets" })),
            SdkImports(_projects.Framework()));
        Assert.Equal(Sorted(Shared.Concat(new[] { "FBuild.Traversal.targets", "FBuild.CompileCommands.Traversal.targets" })),
            SdkImports(_projects.Traversal()));
    }

    [Fact]
    public void EverySdkFileIsImportedBySomeKind()
    {
        var imported = SdkImports(_projects.Sketch()).Concat(SdkImports(_projects.Framework())).Concat(SdkImports(_projects.Traversal())).ToHashSet();
        var files = Directory.GetFiles(SdkProjects.SdkDirectory).Select(f => Path.GetFileName(f)!).Where(f => f.EndsWith(".props") || f.EndsWith(".targets"));
        Assert.DoesNotContain(files, f => !imported.Contains(f));
    }

    [Fact]
    public void TheKindComesFromTheProject()
    {
        Assert.Equal("Sketch", _projects.Sketch().GetPropertyValue("FBuildProjectKind"));
        Assert.Equal("Framework", _projects.Framework().GetPropertyValue("FBuildProjectKind"));
        Assert.Equal("Traversal", _projects.Traversal().GetPropertyValue("FBuildProjectKind"));
    }

    [Fact]
    public void DefaultsAreTheDocumentedOnes()
    {
        foreach (var project in new[] { _projects.Sketch(), _projects.Framework(), _projects.Traversal() })
        {
            Assert.Equal("true", project.GetPropertyValue("FBuildCache"));
            Assert.Equal("true", project.GetPropertyValue("FBuildCompileCommands"));
            Assert.Equal(Environment.ProcessorCount.ToString(), project.GetPropertyValue("SketchJobs"));
            Assert.Equal(Math.Min(Environment.ProcessorCount, 2).ToString(), project.GetPropertyValue("FrameworkJobs"));
            Assert.Equal("Release", project.GetPropertyValue("Configuration"));
            Assert.Equal("none", project.GetPropertyValue("FBuildWarningLevel"));
            Assert.Equal("4G", project.GetPropertyValue("FBuildCacheMaxSize"));
            Assert.Equal("true", project.GetPropertyValue("FBuildDecimalDigWorkaround"));
            // Every kind finds the same sketch set (the folder of Sketches.proj) and writes under its artifacts/.
            Assert.Equal(_projects.Root + "/", project.GetPropertyValue("FBuildSketchesRoot"));
            Assert.Equal(_projects.Root + "/artifacts/", project.GetPropertyValue("FBuildArtifactsPath"));
            Assert.Equal(_projects.Root + "/artifacts/.slots/", project.GetPropertyValue("_FBuildSlotDirectory"));
            // The remote cache tier: none unless FBuildRemoteCache or $FBUILD_REMOTE_CACHE names one.
            Assert.Equal(Environment.GetEnvironmentVariable("FBUILD_REMOTE_CACHE") ?? "", project.GetPropertyValue("FBuildRemoteCache"));
            Assert.Equal(Environment.GetEnvironmentVariable("FBUILD_REMOTE_CACHE_MODE") ?? "readwrite", project.GetPropertyValue("FBuildRemoteCacheMode"));
            Assert.Equal("5", project.GetPropertyValue("FBuildRemoteCacheTimeout"));
            // No compiler launcher unless FBuildCompilerLauncher or $FBUILD_COMPILER_LAUNCHER names one.
            Assert.Equal(Environment.GetEnvironmentVariable("FBUILD_COMPILER_LAUNCHER") ?? "", project.GetPropertyValue("FBuildCompilerLauncher"));
            Assert.Equal(_projects.Root + "/artifacts/.cache-state/", project.GetPropertyValue("_FBuildCacheStateDirectory"));
        }
        var sketch = _projects.Sketch();
        Assert.Equal("Blink", sketch.GetPropertyValue("FBuildSketchName"));
        Assert.Equal("simavr", sketch.GetPropertyValue("FBuildSimulator"));
        Assert.Equal("5", sketch.GetPropertyValue("FBuildRunTimeout"));
        Assert.Equal("false", sketch.GetPropertyValue("FBuildUploadVerbose"));
        Assert.Equal("true", sketch.GetPropertyValue("FBuildUploadVerify"));
        Assert.Equal("true", _projects.Traversal().GetPropertyValue("EnableDefaultFBuildSketches"));
    }

    [Fact]
    public void EachKindListsItsWholePipelineInCoreBuildDependsOn()
    {
        Assert.Equal(new[] { "FBuildSketchStart", "FBuildResolveBoard", "FBuildCheckSketchSupport", "FBuildBuildFramework", "FBuildResolveSketchLibraries", "FBuildPreprocess",
                "FBuildSketchUpToDate", "FBuildWriteSketchCompileCommands", "FBuildCompileSketch", "FBuildLink", "FBuildSize", "_FBuildSaveSketchRecord", "FBuildWriteSketchResult", "FBuildWriteSkippedSketchResult" },
            TargetOrder.Names(_projects.Sketch().CreateProjectInstance(), "$(CoreBuildDependsOn)"));
        Assert.Equal(new[] { "FBuildFrameworkStart", "FBuildResolveBoard", "FBuildResolveFrameworkLibraries", "FBuildWriteFrameworkCompileCommands",
                "FBuildCompileFramework", "FBuildPrecompileHeaders", "FBuildArchiveFramework", "FBuildWriteFrameworkResult" },
            TargetOrder.Names(_projects.Framework().CreateProjectInstance(), "$(CoreBuildDependsOn)"));
        Assert.Equal(new[] { "FBuildTraversalStart", "_FBuildTraversalUpToDate", "_FBuildCollectSketchInfo", "FBuildStage1", "FBuildStage2", "FBuildMergeTraversalCompileCommands", "_FBuildSaveTraversalRecord", "FBuildReport" },
            TargetOrder.Names(_projects.Traversal().CreateProjectInstance(), "$(CoreBuildDependsOn)"));
    }

    [Fact]
    public void BoardsMakeTheTraversalATraversalPerBoard()
    {
        var matrix = _projects.Traversal(new Dictionary<string, string> { ["Boards"] = "uno; arduino:samd:arduino_zero_native" });
        var refs = matrix.GetItems("ProjectReference").ToList();
        Assert.All(refs, r => Assert.Equal(matrix.FullPath, r.EvaluatedInclude));
        Assert.Equal(new[] { "Board=uno;_FBuildInBoardMatrix=true", "Board=arduino:samd:arduino_zero_native;_FBuildInBoardMatrix=true" },
            refs.Select(r => r.GetMetadataValue("AdditionalProperties").Replace(";_FBuildInTraversal=true", "")).ToArray());
        Assert.All(refs, r => Assert.Equal("Boards;FBuildBoardOptions", r.GetMetadataValue("UndefineProperties")));
        Assert.Equal(new[] { "FBuildTraversalStart", "_FBuildTraversalUpToDate", "_FBuildCollectSketchInfo", "FBuildStage1", "FBuildStage2", "FBuildMergeTraversalCompileCommands", "_FBuildSaveTraversalRecord", "FBuildReport" },
            TargetOrder.Names(matrix.CreateProjectInstance(), "$(CoreBuildDependsOn)"));
        Assert.EndsWith("/artifacts/", matrix.GetPropertyValue("FBuildMatrixPath"));

        // One board of the matrix builds the sketches and leaves the merge and the report to the matrix.
        var oneBoard = _projects.Traversal(new Dictionary<string, string> { ["Boards"] = "uno;mega", ["Board"] = "mega", ["_FBuildInBoardMatrix"] = "true" });
        Assert.Equal(Path.Combine(_projects.Root, "Blink", "Blink.fbproj"), Assert.Single(oneBoard.GetItems("ProjectReference")).EvaluatedInclude);
        Assert.Equal(new[] { "FBuildTraversalStart", "_FBuildCollectSketchInfo", "FBuildStage1", "FBuildStage2" },
            TargetOrder.Names(oneBoard.CreateProjectInstance(), "$(CoreBuildDependsOn)"));

        // Every sketch of every board asks for the same framework whether the matrix or one board's traversal calls it.
        var framework = Assert.Single(_projects.Sketch().GetItems("ProjectReference"), r => r.GetMetadataValue("FBuildFramework") == "true");
        Assert.Contains("Boards", framework.GetMetadataValue("UndefineProperties").Split(';'));
        Assert.Contains("_FBuildInBoardMatrix", framework.GetMetadataValue("UndefineProperties").Split(';'));
    }

    [Fact]
    public void FBuildShardSelectsTheSketchesOfOneBoardTraversalOnly()
    {
        bool Selects(Dictionary<string, string> globals)
        {
            var instance = _projects.Traversal(globals).CreateProjectInstance();
            return instance.EvaluateCondition(instance.Targets["_FBuildSelectShard"].Condition);
        }
        // Off by default; on with FBuildShard, before the sketches are asked for anything (info, Build, Clean).
        Assert.Equal("", _projects.Traversal().GetPropertyValue("FBuildShard"));
        Assert.False(Selects(new Dictionary<string, string>()));
        Assert.True(Selects(new Dictionary<string, string> { ["FBuildShard"] = "2/4" }));
        Assert.Equal("_FBuildSelectShard", _projects.Traversal().CreateProjectInstance().Targets["_FBuildCollectSketchInfo"].DependsOnTargets);
        // A board matrix keeps its per-board references; each one-board traversal (FBuildShard is global, so it
        // reaches them) selects its sketches.
        var matrix = new Dictionary<string, string> { ["Boards"] = "uno;mega", ["FBuildShard"] = "1/2" };
        Assert.False(Selects(matrix));
        Assert.All(_projects.Traversal(matrix).GetItems("ProjectReference"), r => Assert.DoesNotContain("FBuildShard", r.GetMetadataValue("UndefineProperties")));
        Assert.True(Selects(new Dictionary<string, string> { ["Boards"] = "uno;mega", ["Board"] = "uno", ["_FBuildInBoardMatrix"] = "true", ["FBuildShard"] = "1/2" }));
    }

    [Fact]
    public void GraphBuildsWithFBuildShardKeepTheSketchesOutOfTheGraph()
    {
        string[] Refs(Project p, string item) =>
            p.GetItems(item).Select(r => r.EvaluatedInclude + "|" + r.GetMetadataValue("AdditionalProperties")).ToArray();
        var graph = new Dictionary<string, string> { ["IsGraphBuild"] = "true", ["Board"] = "uno" };
        var all = Refs(_projects.Traversal(graph), "ProjectReference");
        Assert.NotEmpty(all);
        Assert.Empty(_projects.Traversal(graph).GetItems("_FBuildShardCandidate"));

        // With a shard, the static graph sees no sketch (it would build them all); the traversal selects from the
        // same references, with their metadata, and builds stage 1 itself.
        var sharded = _projects.Traversal(new Dictionary<string, string>(graph) { ["FBuildShard"] = "1/2" });
        Assert.Empty(sharded.GetItems("ProjectReference"));
        Assert.Equal(all, Refs(sharded, "_FBuildShardCandidate"));
        var instance = sharded.CreateProjectInstance();
        Assert.True(instance.EvaluateCondition(instance.Targets["FBuildStage1"].Condition));
        Assert.Contains("@(_FBuildShardCandidate)", instance.Targets["_FBuildSelectShard"].Tasks.Single().Parameters["Projects"]);
        // Without -graph nothing moves, and a graph build without a shard leaves stage 1 to the graph.
        Assert.Empty(_projects.Traversal(new Dictionary<string, string> { ["FBuildShard"] = "1/2" }).GetItems("_FBuildShardCandidate"));
        var plainGraph = _projects.Traversal(graph).CreateProjectInstance();
        Assert.False(plainGraph.EvaluateCondition(plainGraph.Targets["FBuildStage1"].Condition));
    }

    [Fact]
    public void TheTraversalFastPathIsOnByDefault_AndOffForMatricesGraphsAndShards()
    {
        bool On(Dictionary<string, string>? globals = null) => (globals is null ? _projects.Traversal() : _projects.Traversal(globals)).GetPropertyValue("_FBuildTraversalFastPathOn") == "true";
        Assert.Equal("true", _projects.Traversal().GetPropertyValue("FBuildTraversalFastPath"));
        Assert.True(On());
        Assert.EndsWith("artifacts/traversal/Sketches.mega.fbtraversal",
            _projects.Traversal(new Dictionary<string, string> { ["Board"] = "mega" }).GetPropertyValue("_FBuildTraversalRecordFile"));
        Assert.False(On(new Dictionary<string, string> { ["FBuildTraversalFastPath"] = "false" }));
        Assert.False(On(new Dictionary<string, string> { ["Boards"] = "uno;mega" }));
        Assert.False(On(new Dictionary<string, string> { ["Boards"] = "uno;mega", ["Board"] = "mega", ["_FBuildInBoardMatrix"] = "true" }));
        Assert.False(On(new Dictionary<string, string> { ["IsGraphBuild"] = "true" }));
        Assert.False(On(new Dictionary<string, string> { ["FBuildShard"] = "1/2" }));
    }

    [Fact]
    public void BuildRunsThePipelineInOrder()
    {
        Assert.Equal(new[] { "BeforeBuild", "FBuildSketchStart", "FBuildResolveBoard", "FBuildCheckSketchSupport", "_FBuildSketchPaths", "FBuildBuildFramework", "FBuildResolveSketchLibraries",
                "FBuildPreprocess", "FBuildSketchUpToDate", "FBuildWriteSketchCompileCommands", "FBuildCompileSketch", "FBuildLink", "FBuildSize", "_FBuildSaveSketchRecord", "FBuildWriteSketchResult",
                "FBuildWriteSkippedSketchResult", "CoreBuild", "AfterBuild", "Build" },
            TargetOrder.For(_projects.Sketch().CreateProjectInstance(), "Build"));
        Assert.Equal(new[] { "BeforeBuild", "FBuildFrameworkStart", "FBuildResolveBoard", "FBuildResolveFrameworkLibraries", "FBuildWriteFrameworkCompileCommands",
                "FBuildCompileFramework", "FBuildPrecompileHeaders", "FBuildArchiveFramework", "FBuildWriteFrameworkResult", "CoreBuild", "AfterBuild", "Build" },
            TargetOrder.For(_projects.Framework().CreateProjectInstance(), "Build"));
        Assert.Equal(new[] { "BeforeBuild", "FBuildTraversalStart", "_FBuildTraversalUpToDate", "_FBuildSelectShard", "_FBuildCollectSketchInfo", "FBuildStage1", "FBuildStage2", "FBuildMergeTraversalCompileCommands",
                "_FBuildSaveTraversalRecord", "FBuildReport", "CoreBuild", "AfterBuild", "Build" },
            TargetOrder.For(_projects.Traversal().CreateProjectInstance(), "Build"));
    }

    [Fact]
    public void NoStepIsInjectedFromElsewhere()
    {
        foreach (var project in new[] { _projects.Sketch(), _projects.Framework(), _projects.Traversal() })
        {
            var instance = project.CreateProjectInstance();
            Assert.Empty(instance.Targets.Values.Where(t => t.BeforeTargets.Length > 0 || t.AfterTargets.Length > 0).Select(t => t.Name));
        }
    }

    [Fact]
    public void EachKindHasOneCleanList()
    {
        Assert.Equal(new[] { "BeforeClean", "FBuildResolveBoard", "_FBuildSketchPaths", "_FBuildCleanSketchOutputs", "_FBuildCleanSketchFramework", "CoreClean", "AfterClean", "Clean" },
            TargetOrder.For(_projects.Sketch().CreateProjectInstance(), "Clean"));
        Assert.Equal(new[] { "BeforeClean", "FBuildResolveBoard", "_FBuildCleanFrameworkOutputs", "_FBuildCleanCompileCommands", "_FBuildCleanSlots", "CoreClean", "AfterClean", "Clean" },
            TargetOrder.For(_projects.Framework().CreateProjectInstance(), "Clean"));
        Assert.Equal(new[] { "BeforeClean", "_FBuildSelectShard", "_FBuildCollectSketchInfo", "_FBuildCleanSketches", "_FBuildCleanFrameworks", "_FBuildCleanReports", "CoreClean", "AfterClean", "Clean" },
            TargetOrder.For(_projects.Traversal().CreateProjectInstance(), "Clean"));
        Assert.Equal(new[] { "BeforeClean", "CoreClean", "AfterClean", "Clean", "BeforeBuild" },
            TargetOrder.For(_projects.Sketch().CreateProjectInstance(), "Rebuild").Where(t => t.EndsWith("Clean") || t.EndsWith("Build")).Take(5));
    }

    [Fact]
    public void OnlyTheFrameworkDeletesItsOwnFilesAndOnlyTheTraversalItsReports()
    {
        string Text(string target, Project p) => string.Join("\n", p.CreateProjectInstance().Targets[target].Tasks.SelectMany(t => t.Parameters.Values));
        var framework = _projects.Framework();
        Assert.DoesNotContain("results.json", Text("_FBuildCleanFrameworkOutputs", framework));
        var reports = Text("_FBuildCleanReports", _projects.Traversal());
        Assert.Contains("results.json", reports);
        Assert.Contains("phases.tsv", reports);
        Assert.Contains("$(_FBuildTraversalRecordFile)", reports);
    }

    [Fact]
    public void EveryCompileTaskGetsTheCompilerLauncher()
    {
        var compiles = new[] { (_projects.Sketch(), "FBuildCompileSketch"), (_projects.Framework(), "FBuildCompileFramework") }
            .SelectMany(p => p.Item1.CreateProjectInstance().Targets[p.Item2].Tasks.Where(t => t.Name == "FBuildCompile")).ToList();
        Assert.Equal(4, compiles.Count); // the sketch; the framework's core, variant and libraries
        Assert.All(compiles, t => Assert.Equal("$(FBuildCompilerLauncher)", t.Parameters["CompilerLauncher"]));
    }

    [Fact]
    public void FeatureTargetsExistOnlyInTheirKinds()
    {
        var sketch = _projects.Sketch().CreateProjectInstance().Targets;
        var framework = _projects.Framework().CreateProjectInstance().Targets;
        var traversal = _projects.Traversal().CreateProjectInstance().Targets;
        Assert.All(new[] { "Run", "Test", "Upload", "_IsProjectRestoreSupported", "FBuildWriteSketchCompileCommands", "GetFBuildSketchInfo" }, t => Assert.True(sketch.ContainsKey(t), t));
        Assert.All(new[] { "Run", "Test", "Upload", "_IsProjectRestoreSupported", "FBuildWriteSketchCompileCommands", "FBuildMergeTraversalCompileCommands" },
            t => Assert.False(framework.ContainsKey(t), t));
        Assert.All(new[] { "Run", "Upload", "_IsProjectRestoreSupported", "FBuildResolveBoard", "FBuildWriteFrameworkCompileCommands" }, t => Assert.False(traversal.ContainsKey(t), t));
        Assert.True(traversal.ContainsKey("Test"));
        Assert.True(framework.ContainsKey("FBuildWriteFrameworkCompileCommands"));
        Assert.Equal("{13B669BE-BB05-4DDF-9536-439F39A36129}", _projects.Sketch().GetPropertyValue("DefaultProjectTypeGuid"));
        Assert.Equal("", _projects.Traversal().GetPropertyValue("DefaultProjectTypeGuid"));
    }

    [Fact]
    public void NoTargetDependsOnTheProjectKind()
    {
        foreach (var file in Directory.GetFiles(SdkProjects.SdkDirectory, "*.targets"))
        {
            var xml = ProjectRootElement.Open(file, new ProjectCollection());
            Assert.Empty(xml.Targets.Where(t => t.Condition.Contains("FBuildProjectKind")).Select(t => Path.GetFileName(file) + ": " + t.Name));
        }
    }

    [Fact]
    public void EveryTaskIsRegisteredInFBuildTasksTargets()
    {
        using var collection = new ProjectCollection();
        var registered = new HashSet<string>();
        foreach (var file in Directory.GetFiles(SdkProjects.SdkDirectory, "*.*", SearchOption.AllDirectories).Where(f => f.EndsWith(".targets") || f.EndsWith(".props") || f.EndsWith(".proj")))
        {
            var tasks = ProjectRootElement.Open(file, collection).UsingTasks.Select(u => u.TaskName.Split('.').Last()).ToList();
            if (Path.GetFileName(file) == "FBuild.Tasks.targets") registered.UnionWith(tasks);
            else Assert.True(tasks.Count == 0, Path.GetFileName(file) + " registers " + string.Join(", ", tasks));
        }
        var used = new[] { _projects.Sketch(), _projects.Framework(), _projects.Traversal() }
            .SelectMany(p => p.CreateProjectInstance().Targets.Values).SelectMany(t => t.Tasks).Select(t => t.Name).Where(n => n.StartsWith("FBuild")).ToHashSet();
        Assert.DoesNotContain(used, n => !registered.Contains(n));
    }

    [Fact]
    public void EachPhaseHasADependsOnHook()
    {
        var phases = new Dictionary<Func<SdkProjects, Project>, string[]>
        {
            [p => p.Sketch()] = new[] { "FBuildResolveBoard", "FBuildCheckSketchSupport", "FBuildWriteSkippedSketchResult", "FBuildBuildFramework", "FBuildResolveSketchLibraries", "FBuildPreprocess", "FBuildSketchUpToDate", "FBuildWriteSketchCompileCommands",
                "FBuildCompileSketch", "FBuildLink", "FBuildSize", "FBuildWriteSketchResult" },
            [p => p.Framework()] = new[] { "FBuildResolveBoard", "FBuildResolveFrameworkLibraries", "FBuildWriteFrameworkCompileCommands", "FBuildCompileFramework", "FBuildArchiveFramework" },
            [p => p.Traversal()] = new[] { "FBuildStage1", "FBuildStage2", "FBuildMergeTraversalCompileCommands", "FBuildReport" },
        };
        foreach (var (load, names) in phases)
        {
            var targets = load(_projects).CreateProjectInstance().Targets;
            Assert.All(names, n => Assert.Equal($"$({n}DependsOn)", targets[n].DependsOnTargets));
        }
    }

    [Fact]
    public void AProjectHooksIntoAPhaseAfterItsOwnDependencies()
    {
        using var hooked = new SdkProjects("  <PropertyGroup>\n    <FBuildCompileSketchDependsOn>MyStep</FBuildCompileSketchDependsOn>\n    <FBuildResolveBoardDependsOn>MyBoardStep</FBuildResolveBoardDependsOn>\n  </PropertyGroup>\n  <Target Name=\"MyStep\" />\n  <Target Name=\"MyBoardStep\" />");
        var order = TargetOrder.For(hooked.Sketch().CreateProjectInstance(), "Build");
        Assert.Equal(new[] { "FBuildSketchStart", "MyBoardStep", "FBuildResolveBoard" }, order.Skip(1).Take(3));
        var compile = order.IndexOf("FBuildCompileSketch");
        Assert.Equal(new[] { "FBuildWriteSketchCompileCommands", "MyStep", "FBuildCompileSketch" }, order.Skip(compile - 2).Take(3));
    }
}
