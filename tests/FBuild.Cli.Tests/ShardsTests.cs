using FBuild.Cli;
using FBuild.Cli.CompileMany;
using FBuild.Cli.Shards;
using FBuild.Tasks.Reporting;
using FBuild.Tasks.Sharding;

namespace FBuild.Cli.Tests;

public sealed class ShardsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fbuild-shards-cli-" + Guid.NewGuid().ToString("N"));

    public ShardsTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private List<string> Sketches(params string[] relative)
    {
        foreach (var r in relative)
        {
            var dir = Path.Combine(_dir, r);
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, Path.GetFileName(r) + ".ino"), "void setup() {}\nvoid loop() {}\n");
        }
        return relative.Select(r => Path.Combine(_dir, r)).ToList();
    }

    [Fact]
    public void CompileManyTakesAShardAndCosts()
    {
        var o = (CompileManyOptions)Arguments.Parse(new[] { "compile-many", "--board", "uno", "--shard", "2/4", "--costs", "a.json", "--costs", "b.json", "X" });
        Assert.Equal("2/4", o.Shard!.ToString());
        Assert.Equal(new[] { "a.json", "b.json" }, o.CostFiles);
    }

    [Theory]
    [InlineData("0/4")]
    [InlineData("5/4")]
    [InlineData("2")]
    [InlineData("two/four")]
    public void ABadShardIsFB0170(string shard)
    {
        var ex = Assert.Throws<UsageException>(() => Arguments.Parse(new[] { "compile-many", "--board", "uno", "--shard", shard, "X" }));
        Assert.Equal("FB0170", ex.Code);
        Assert.Contains($"--shard '{shard}' is not valid", ex.Message);
    }

    [Fact]
    public void OtherUsageErrorsStayFB0100()
    {
        Assert.Equal("FB0100", Assert.Throws<UsageException>(() => Arguments.Parse(new[] { "compile-many", "--board", "uno", "--costs", "a.json", "X" })).Code);
        Assert.Equal("FB0100", Assert.Throws<UsageException>(() => Arguments.Parse(new[] { "shards", "X" })).Code);
        Assert.Equal("FB0100", Assert.Throws<UsageException>(() => Arguments.Parse(new[] { "shards", "--count", "0", "X" })).Code);
        Assert.Equal("FB0100", Assert.Throws<UsageException>(() => Arguments.Parse(new[] { "shards", "--count", "2" })).Code);
        Assert.Equal("FB0100", Assert.Throws<UsageException>(() => Arguments.Parse(new[] { "shards", "--count", "2", "--frobnicate", "X" })).Code);
    }

    [Fact]
    public void ShardsTakesEveryOptionAndHasItsHelp()
    {
        var o = (ShardsOptions)Arguments.Parse(new[] { "shards", "--count", "3", "--costs", "r.json", "--json", "--root", "ex", "A", "B" });
        Assert.Equal((3, true, "ex"), (o.Count, o.Json, o.Root));
        Assert.Equal(new[] { "r.json" }, o.CostFiles);
        Assert.Equal(new[] { "A", "B" }, o.SketchDirs);
        var help = Assert.IsType<HelpRequest>(Arguments.Parse(new[] { "shards", "--count", "3", "--help" }));
        Assert.Equal(Arguments.ShardsHelp, help.Text);
        foreach (var option in new[] { "--count", "--costs", "--json", "--root" }) Assert.Contains(option, help.Text);
        Assert.Contains("shards", Arguments.Help);
    }

    [Fact]
    public void TheJsonPlanListsEveryShardForACiMatrix()
    {
        var dirs = Sketches("ex/A", "ex/B", "ex/C", "ex/D", "ex/E");
        var stdout = new StringWriter();
        Assert.Equal(0, ShardsCommand.Run(new ShardsOptions { Count = 2, Json = true, SketchDirs = dirs }, _dir, stdout));
        var text = stdout.ToString();
        Assert.DoesNotContain("\n", text.TrimEnd('\n'));
        var map = (Dictionary<string, object?>)Json.Parse(text)!;
        Assert.Equal(2L, map["count"]);
        Assert.Equal("count", map["balancedBy"]);
        var shards = ((List<object?>)map["shards"]!).Cast<Dictionary<string, object?>>().ToList();
        Assert.Equal(new object?[] { 1L, 2L }, shards.Select(s => s["index"]));
        Assert.Equal(new object?[] { "1/2", "2/2" }, shards.Select(s => s["shard"]));
        var listed = shards.SelectMany(s => ((List<object?>)s["sketches"]!).Cast<string>()).ToList();
        Assert.Equal(new[] { "A", "B", "C", "D", "E" }, listed.Order(StringComparer.Ordinal));
        // The same plan as the planner's (and so as compile-many --shard's and the traversal's).
        Assert.Equal(ShardPlanner.Select(new[] { "A", "B", "C", "D", "E" }, new ShardSpec(1, 2)), ((List<object?>)shards[0]["sketches"]!).Cast<string>());
        Assert.Equal(((List<object?>)shards[0]["sketches"]!).Count, Convert.ToInt32(shards[0]["cost"]));
    }

    [Fact]
    public void RootMakesIdentitiesMatchATraversalAbove()
    {
        var dirs = Sketches("ex/Basics/Blink", "ex/Basics/Fade");
        var set = SketchSet.FromDirectories(dirs, _dir);
        Assert.Equal(new[] { "Blink", "Fade" }, ShardPlan.Identities(set, set.Root));
        Assert.Equal(new[] { "Basics/Blink", "Basics/Fade" }, ShardPlan.Identities(set, Path.Combine(_dir, "ex")));
        var stdout = new StringWriter();
        ShardsCommand.Run(new ShardsOptions { Count = 1, Root = "ex", SketchDirs = dirs }, _dir, stdout);
        Assert.Equal("2 sketches in 1 shards, balanced by count\nshard 1/1: 2 sketches\n  Basics/Blink\n  Basics/Fade\n", stdout.ToString());
    }

    [Fact]
    public void CostsBalanceTheTextPlanAndSayHowMany()
    {
        var dirs = Sketches("ex/Big", "ex/S1", "ex/S2", "ex/S3", "ex/New");
        var report = new BoardReport
        {
            Board = "uno", BoardKey = "uno",
            Sketches = new[] { ("Big", 30.0), ("S1", 10.0), ("S2", 10.0), ("S3", 10.0) }
                .Select(s => new ProjectResult { Kind = "sketch", Name = s.Item1, Project = $"/ci/checkout/ex/{s.Item1}/{s.Item1}.fbproj", Status = "ok", Seconds = s.Item2 }).ToList(),
        };
        File.WriteAllText(Path.Combine(_dir, "results.json"), report.ToJson());
        var stdout = new StringWriter();
        ShardsCommand.Run(new ShardsOptions { Count = 2, CostFiles = { "results.json" }, SketchDirs = dirs }, _dir, stdout);
        var text = stdout.ToString();
        Assert.StartsWith("5 sketches in 2 shards, balanced by measured seconds (4 measured; the others count as the median)\n", text);
        // 70 s in all (New counts as the median, 10): Big alone or with one small sketch; 40 + 30 at worst.
        var costs = text.Split('\n').Where(l => l.StartsWith("shard ", StringComparison.Ordinal)).Select(l => double.Parse(l.Split(", ")[1].TrimEnd(' ', 's'), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(70, costs.Sum(), 6);
        Assert.True(costs.Max() <= 40, text);
    }

    [Fact]
    public void AMissingOrBrokenCostFileIsFB0171()
    {
        var dirs = Sketches("ex/A");
        var missing = Assert.Throws<CliException>(() => ShardsCommand.Run(new ShardsOptions { Count = 2, CostFiles = { "nope.json" }, SketchDirs = dirs }, _dir, new StringWriter()));
        Assert.Equal("FB0171", missing.Code);
        File.WriteAllText(Path.Combine(_dir, "broken.json"), "{");
        var broken = Assert.Throws<CliException>(() => ShardsCommand.Run(new ShardsOptions { Count = 2, CostFiles = { "broken.json" }, SketchDirs = dirs }, _dir, new StringWriter()));
        Assert.Equal("FB0171", broken.Code);
    }
}
