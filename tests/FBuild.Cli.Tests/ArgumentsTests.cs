using FBuild.Cli;
using FBuild.Cli.CompileMany;

namespace FBuild.Cli.Tests;

public class ArgumentsTests
{
    [Fact]
    public void CompileManyTakesEveryOption()
    {
        var o = (CompileManyOptions)Arguments.Parse(new[] { "compile-many", "--board", "uno", "--framework-jobs", "1", "--sketch-jobs", "3",
            "--lib", "a", "--lib", "b", "--json", "r.json", "--max-failures", "2", "--artifacts", "out", "--binlog", "b.binlog", "--keep-going", "X", "Y" });
        Assert.Equal(new[] { "uno" }, o.Boards);
        Assert.Equal(1, o.FrameworkJobs);
        Assert.Equal(3, o.SketchJobs);
        Assert.Equal(new[] { "a", "b" }, o.Libraries);
        Assert.Equal(("r.json", 2, "out", "b.binlog"), (o.JsonFile, o.MaxFailures, o.ArtifactsDir, o.BinlogFile));
        Assert.Equal(new[] { "X", "Y" }, o.SketchDirs);
    }

    [Fact]
    public void BoardIsRepeatable()
    {
        var o = (CompileManyOptions)Arguments.Parse(new[] { "compile-many", "--board", "uno", "--board", "arduino:samd:arduino_zero_native", "--board", "mega;nano", "X" });
        Assert.Equal(new[] { "uno", "arduino:samd:arduino_zero_native", "mega", "nano" }, o.Boards);
    }

    [Theory]
    [InlineData("compile-many", "--board", "uno", "--board", "UNO", "X")] // a board twice
    [InlineData("compile-many", "X")]                             // no board
    [InlineData("compile-many", "--board", "uno")]                // no folder
    [InlineData("compile-many", "--board", "uno", "--sketch-jobs", "0", "X")]
    [InlineData("compile-many", "--board", "uno", "--sketch-jobs", "two", "X")]
    [InlineData("compile-many", "--board")]                       // no value
    [InlineData("compile-many", "--board", "uno", "--frobnicate", "X")]
    [InlineData("report")]
    [InlineData("report", "a.binlog", "b.binlog")]
    [InlineData("build")]
    public void BadCommandLinesAreUsageErrors(params string[] args) =>
        Assert.Throws<UsageException>(() => Arguments.Parse(args));

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("-?")]
    public void HelpOptionsGiveTheToolsHelp(string option)
    {
        var help = Assert.IsType<HelpRequest>(Arguments.Parse(new[] { option }));
        Assert.Equal(Arguments.Help, help.Text);
        Assert.Contains("compile-many", help.Text);
        Assert.Contains("report", help.Text);
        Assert.Contains("--version", help.Text);
    }

    [Theory]
    [InlineData("compile-many", "--help")]
    [InlineData("compile-many", "--board", "uno", "-h")]  // anywhere among the command's arguments
    [InlineData("compile-many", "-h", "--frobnicate")]    // before the rest is checked
    public void CompileManyHasItsOwnHelp(params string[] args)
    {
        var help = Assert.IsType<HelpRequest>(Arguments.Parse(args));
        Assert.Equal(Arguments.CompileManyHelp, help.Text);
        foreach (var option in new[] { "--board", "--framework-jobs", "--sketch-jobs", "--lib", "--json", "--max-failures", "--artifacts", "--binlog", "--keep-going", "--help" })
            Assert.Contains(option, help.Text);
    }

    [Theory]
    [InlineData("report", "--help")]
    [InlineData("report", "b.binlog", "-h")]
    public void ReportHasItsOwnHelp(params string[] args)
    {
        var help = Assert.IsType<HelpRequest>(Arguments.Parse(args));
        Assert.Equal(Arguments.ReportHelp, help.Text);
        foreach (var option in new[] { "--tsv", "--html", "--help" })
            Assert.Contains(option, help.Text);
    }

    [Fact]
    public void VersionIsTheFBuildVersion()
    {
        Assert.IsType<VersionRequest>(Arguments.Parse(new[] { "--version" }));
        Assert.Throws<UsageException>(() => Arguments.Parse(new[] { "--version", "x" }));
        // The informational version is FBuildVersion (src/Directory.Build.props), without a source revision.
        var version = typeof(Program).Assembly.GetName().Version!;
        Assert.StartsWith($"{version.Major}.{version.Minor}.{version.Build}", Program.Version, StringComparison.Ordinal);
        Assert.DoesNotContain("+", Program.Version, StringComparison.Ordinal);
    }

    [Fact]
    public void HelpAndVersionArePrintedWithExitCodeZero()
    {
        var output = new StringWriter();
        Assert.Equal(0, Program.Answer(new HelpRequest(Arguments.Help), output));
        Assert.Equal(0, Program.Answer(new VersionRequest(), output));
        Assert.Equal(Arguments.Help + Program.Version + Environment.NewLine, output.ToString());
        Assert.Null(Program.Answer(new ReportOptions { Binlog = "b.binlog" }, output));
    }

    [Fact]
    public void ReportTakesTsvAndHtml()
    {
        var o = (ReportOptions)Arguments.Parse(new[] { "report", "b.binlog", "--tsv", "p.tsv", "--html", "t.html" });
        Assert.Equal(("b.binlog", "p.tsv", "t.html"), (o.Binlog, o.TsvFile, o.HtmlFile));
    }

    [Fact]
    public void CommonRootIsTheDeepestSharedFolder()
    {
        Assert.Equal("/a/b", SketchSet.CommonRoot(new[] { "/a/b/c", "/a/b/d/e", "/a/b" }));
        Assert.Equal("/", SketchSet.CommonRoot(new[] { "/x", "/y" }));
        Assert.Equal("/a/ex", SketchSet.CommonRoot(new[] { "/a/ex" }));
    }

    [Fact]
    public void LibraryFoldersStandForTheirParentAndKeepTheDefaults()
    {
        var dirs = new HashSet<string> { "/lib/MyLib", "/libs", "/root/libraries", "/home/u/Arduino/libraries" };
        var roots = BuildSetup.LibraryRoots(new[] { "/lib/MyLib", "/libs/" }, "/root", "/home/u", dirs.Contains, f => f == "/lib/MyLib/library.properties");
        Assert.Equal(new[] { "/lib", "/libs", "/root/libraries", "/home/u/Arduino/libraries" }, roots);
        Assert.Empty(BuildSetup.LibraryRoots(Array.Empty<string>(), "/root", "/home/u", dirs.Contains, _ => false));
        Assert.Throws<CliException>(() => BuildSetup.LibraryRoots(new[] { "/nope" }, "/root", null, dirs.Contains, _ => false));
    }

    [Fact]
    public void ProgressTextCountsDoneFailedAndElapsed() =>
        Assert.Equal("[fbuild] 3/10 sketches, 1 failed, 2.5 s", ProgressLine.Text(3, 10, 1, TimeSpan.FromSeconds(2.5)));
}

public class BoardSetupTests
{
    private static BuildSetup Setup(params string[] boards)
    {
        var o = new CompileManyOptions { SketchDirs = { "/s/A" } };
        o.Boards.AddRange(boards);
        var set = new SketchSet("/s", new[] { new SketchFolder("A", "/s/A", "A") });
        return BuildSetup.Create(o, set, new SdkLocation("/sdk"), "/work", home: null, processorCount: 2);
    }

    [Fact]
    public void OneBoardBuildsAsBoard()
    {
        var props = Setup("uno").GlobalProperties;
        Assert.Equal("uno", props["Board"]);
        Assert.False(props.ContainsKey("Boards"));
    }

    [Fact]
    public void SeveralBoardsBuildAsTheBoardMatrix()
    {
        var props = Setup("uno", "arduino:avr:mega").GlobalProperties;
        Assert.Equal("uno;arduino:avr:mega", props["Boards"]);
        Assert.False(props.ContainsKey("Board"));
    }

    [Fact]
    public void MatrixColumnsFollowTheBoardsGiven()
    {
        var boards = new[] { "arduino:avr:mega", "uno" };
        Assert.Equal(0, CompileManyCommand.BoardOrder(boards, new FBuild.Tasks.Reporting.BoardReport { Board = "mega", BoardKey = "mega" }));
        Assert.Equal(1, CompileManyCommand.BoardOrder(boards, new FBuild.Tasks.Reporting.BoardReport { Board = "uno", BoardKey = "uno" }));
        Assert.Equal(2, CompileManyCommand.BoardOrder(boards, new FBuild.Tasks.Reporting.BoardReport { Board = "nano", BoardKey = "nano" }));
    }
}
