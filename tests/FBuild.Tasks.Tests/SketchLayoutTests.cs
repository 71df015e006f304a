using FBuild.Tasks.Build;
using FBuild.Tasks.Libraries;
using FBuild.Tasks.Sketch;
using FBuild.Tasks.Tests.Libraries;

namespace FBuild.Tasks.Tests;

public class SketchLayoutTests
{
    // ------------------------------------------------------------------ the rule (arduino-cli's globals)

    [Theory]
    [InlineData("a.c", "c")]
    [InlineData("a.cpp", "cpp")]
    [InlineData("a.cc", "cpp")]
    [InlineData("a.cxx", "cpp")]
    [InlineData("a.S", "S")]
    [InlineData("a.s", null)]
    [InlineData("a.CPP", null)]
    [InlineData("a.ino", null)]
    [InlineData("a.h", null)]
    [InlineData("a.txt", null)]
    public void LanguageOf_IsTheRecipeOfEachSourceExtension(string file, string? language)
    {
        Assert.Equal(language, SketchLayout.LanguageOf("/s/" + file));
    }

    [Fact]
    public void SourceExtensions_AreExactlyTheFilesLanguageOfCompiles()
    {
        Assert.Equal(new[] { ".c", ".cpp", ".cc", ".cxx", ".S" }, SketchLayout.SourceExtensions);
        foreach (var ext in SketchLayout.SourceExtensions)
        {
            Assert.NotNull(SketchLayout.LanguageOf("x" + ext));
            Assert.True(SketchLayout.IsSketchSource("x" + ext));
        }
    }

    [Fact]
    public void Libraries_UseTheSameSourceAndHeaderRule()
    {
        Assert.Same(SketchLayout.SourceExtensions, ArduinoLibrary.SourceExtensions);
        Assert.Same(SketchLayout.HeaderExtensions, ArduinoLibrary.HeaderExtensions);
    }

    [Fact]
    public void Classifies_TabsSourcesAndHeadersCaseSensitively()
    {
        Assert.True(SketchLayout.IsTab("/s/S.ino"));
        Assert.True(SketchLayout.IsTab("/s/S.pde"));
        Assert.False(SketchLayout.IsTab("/s/S.INO"));
        Assert.False(SketchLayout.IsTab("/s/S.cpp"));
        Assert.True(SketchLayout.IsHeader("/s/a.h"));
        Assert.True(SketchLayout.IsHeader("/s/a.hpp"));
        Assert.True(SketchLayout.IsHeader("/s/a.hh"));
        Assert.False(SketchLayout.IsHeader("/s/a.tpp"));
        Assert.False(SketchLayout.IsSketchSource("/s/a.h"));
        Assert.False(SketchLayout.IsSketchSource("/s/S.ino"));
    }

    [Fact]
    public void OrderTabs_PutsThePrimaryTabFirstWhateverItsTabExtension()
    {
        var tabs = SketchLayout.OrderTabs(new[] { "/s/b.ino", "/s/S.pde", "/s/a.pde" }, "S");
        Assert.Equal(new[] { "/s/S.pde", "/s/a.pde", "/s/b.ino" }, tabs);
    }

    // ------------------------------------------------------------------ source discovery

    private static LibraryTestTree SampleSketch()
    {
        var tree = new LibraryTestTree();
        foreach (var file in new[]
        {
            "S/S.ino", "S/b.ino", "S/a.pde", "S/z.cpp", "S/m.c", "S/foo.cc", "S/bar.cxx", "S/asm.S", "S/low.s", "S/c.h",
            "S/t.tpp", "S/notes.txt", "S/.hidden.cpp", "S/sub/ignored.cpp", "S/sub/ignored.ino", "S/src/x/deep.cpp",
            "S/src/a.cpp", "S/src/A.h", "S/src/tab.ino", "S/src/.git/obj.cpp", "S/src/CVS/old.c", "S/src/.h/x.c",
        })
        {
            tree.Write(file);
        }

        return tree;
    }

    [Fact]
    public void FindTabs_TakesTheTopFolderInoAndPdeFilesPrimaryFirst()
    {
        using var tree = SampleSketch();
        var tabs = SketchLayout.FindTabs(tree.PathOf("S"), "S");
        Assert.Equal(new[] { "S/S.ino", "S/a.pde", "S/b.ino" }.Select(tree.PathOf), tabs);
    }

    [Fact]
    public void FindSources_TakesEverySourceExtensionBesideTheTabsThenUnderSrc()
    {
        using var tree = SampleSketch();
        var sources = SketchLayout.FindSources(tree.PathOf("S"));
        Assert.Equal(new[] { "S/asm.S", "S/bar.cxx", "S/foo.cc", "S/m.c", "S/z.cpp", "S/src/a.cpp", "S/src/x/deep.cpp" }.Select(tree.PathOf), sources);
    }

    [Fact]
    public void FindSources_OfAFolderWithoutSrcIsItsTopFolder()
    {
        using var tree = new LibraryTestTree();
        tree.Write("S/S.ino");
        tree.Write("S/one.cpp");
        Assert.Equal(new[] { tree.PathOf("S/one.cpp") }, SketchLayout.FindSources(tree.PathOf("S")));
    }

    [Fact]
    public void SketchFiles_ScannedForLibrariesAreTheTabsThenSourcesAndHeaders()
    {
        using var tree = SampleSketch();
        var files = FBuildResolveLibraries.SketchFiles(tree.PathOf("S"));
        Assert.Equal(
            new[]
            {
                "S/S.ino", "S/a.pde", "S/b.ino",
                "S/asm.S", "S/bar.cxx", "S/c.h", "S/foo.cc", "S/m.c", "S/z.cpp",
                "S/src/A.h", "S/src/a.cpp", "S/src/x/deep.cpp",
            }.Select(tree.PathOf),
            files);
    }

    // ------------------------------------------------------------------ the task

    private static (bool Ok, FBuildPreprocessSketch Task, FakeBuildEngine Engine) Preprocess(LibraryTestTree tree, string name = "S")
    {
        var engine = new FakeBuildEngine();
        var task = new FBuildPreprocessSketch
        {
            BuildEngine = engine,
            SketchName = name,
            SketchDirectory = tree.PathOf("S") + "/",
            OutputFile = tree.PathOf("obj/S.ino.cpp"),
        };
        return (task.Execute(), task, engine);
    }

    [Fact]
    public void PreprocessSketch_OutputsTheTabsAndTheSourcesWithTheirBaseDir()
    {
        using var tree = SampleSketch();
        tree.Write("S/S.ino", "void setup() {}\nvoid loop() {}\n");
        var (ok, task, _) = Preprocess(tree);
        Assert.True(ok);
        Assert.Equal(new[] { "S/S.ino", "S/a.pde", "S/b.ino" }.Select(tree.PathOf), task.Tabs.Select(t => t.ItemSpec));
        Assert.Equal(SketchLayout.FindSources(tree.PathOf("S")), task.Sources.Select(s => s.ItemSpec));
        Assert.All(task.Sources, s => Assert.Equal(tree.PathOf("S"), s.GetMetadata("BaseDir")));
        var text = File.ReadAllText(tree.PathOf("obj/S.ino.cpp"));
        Assert.True(text.IndexOf("S/S.ino\"", StringComparison.Ordinal) < text.IndexOf("S/a.pde\"", StringComparison.Ordinal));
        Assert.True(text.IndexOf("S/a.pde\"", StringComparison.Ordinal) < text.IndexOf("S/b.ino\"", StringComparison.Ordinal));
    }

    [Fact]
    public void PreprocessSketch_AcceptsALegacyPdePrimaryTab()
    {
        using var tree = new LibraryTestTree();
        tree.Write("S/S.pde", "void setup() {}\nvoid loop() {}\n");
        var (ok, task, engine) = Preprocess(tree);
        Assert.True(ok, string.Join("\n", engine.Errors.Select(e => e.Message)));
        Assert.Equal(new[] { tree.PathOf("S/S.pde") }, task.Tabs.Select(t => t.ItemSpec));
        Assert.Contains("#line 1 \"" + tree.PathOf("S/S.pde") + "\"", File.ReadAllText(tree.PathOf("obj/S.ino.cpp")));
    }

    [Fact]
    public void PreprocessSketch_WithoutThePrimaryTabIsFB0010()
    {
        using var tree = new LibraryTestTree();
        tree.Write("S/Other.ino");
        var (ok, _, engine) = Preprocess(tree);
        Assert.False(ok);
        var error = Assert.Single(engine.Errors);
        Assert.Equal(FBuildErrors.NoSketch, error.Code);
        Assert.Contains("Found: Other.ino.", error.Message);
    }

    [Fact]
    public void PreprocessSketch_OfAMissingFolderIsFB0010()
    {
        using var tree = new LibraryTestTree();
        var (ok, _, engine) = Preprocess(tree);
        Assert.False(ok);
        Assert.Equal(FBuildErrors.NoSketch, Assert.Single(engine.Errors).Code);
    }
}
