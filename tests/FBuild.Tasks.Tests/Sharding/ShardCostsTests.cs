using FBuild.Tasks.Build;
using FBuild.Tasks.Reporting;
using FBuild.Tasks.Sharding;
using Microsoft.Build.Utilities;

namespace FBuild.Tasks.Tests.Sharding;

public sealed class ShardCostsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fbuild-shards-" + Guid.NewGuid().ToString("N"));

    public ShardCostsTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Report(string root, params (string dir, double? seconds)[] sketches) => new BoardReport
    {
        Board = "uno", BoardKey = "uno",
        Sketches = sketches.Select(s => new ProjectResult
        {
            Kind = "sketch", Name = Path.GetFileName(s.dir), Project = root + s.dir + "/" + Path.GetFileName(s.dir) + ".fbproj", Status = "ok", Seconds = s.seconds,
        }).ToList(),
    }.ToJson();

    [Fact]
    public void CostsComeFromAnotherCheckoutByTheSketchFolder()
    {
        var costs = ShardCosts.FromReports(
            new[] { Report("/home/runner/work/lib/lib/examples/", ("Blink", 2.5), ("Basics/Fade", 4), ("Gone", 9), ("Skip", null)) },
            new[] { "Blink", "Basics/Fade", "New", "Skip" });
        Assert.Equal(new Dictionary<string, double> { ["Blink"] = 2.5, ["Basics/Fade"] = 4 }, costs);
    }

    [Fact]
    public void SeveralBoardsAddUpAndTheLongestIdentityWins()
    {
        var costs = ShardCosts.FromReports(
            new[] { Report("/a/", ("x/Blink", 1), ("Blink", 2)), Report("/b/", ("x/Blink", 3)) },
            new[] { "Blink", "x/Blink" });
        Assert.Equal(new Dictionary<string, double> { ["Blink"] = 2, ["x/Blink"] = 4 }, costs);
    }

    [Fact]
    public void ATextThatIsNotAReportIsAFormatError() =>
        Assert.Throws<FormatException>(() => ShardCosts.FromReports(new[] { "[1,2]" }, new[] { "Blink" }));

    private (FBuildSelectShard task, FakeBuildEngine engine) Task(string shard, string costFiles, params string[] sketches)
    {
        var engine = new FakeBuildEngine();
        var task = new FBuildSelectShard
        {
            BuildEngine = engine, Root = _dir + "/", Shard = shard, CostFiles = costFiles,
            Projects = sketches.Select(s => (Microsoft.Build.Framework.ITaskItem)new TaskItem(Path.Combine(_dir, s, Path.GetFileName(s) + ".fbproj"))).ToArray(),
        };
        return (task, engine);
    }

    [Fact]
    public void TheTaskKeepsTheShardsProjectsAndSaysHowMany()
    {
        var sketches = Enumerable.Range(0, 11).Select(i => "group" + (i % 3) + "/Sketch" + i).ToArray();
        var kept = new List<string>();
        for (int k = 1; k <= 3; k++)
        {
            var (task, engine) = Task($"{k}/3", "", sketches);
            Assert.True(task.Execute());
            var ids = task.Selected.Select(p => FBuildSelectShard.Identity(_dir, p.ItemSpec)).ToList();
            Assert.Equal(ShardPlanner.Select(sketches, new ShardSpec(k, 3)), ids.Order(StringComparer.Ordinal));
            Assert.Contains($"shard {k}/3: {ids.Count} of 11 sketches", engine.MessageText);
            kept.AddRange(ids);
        }
        Assert.Equal(sketches.Order(StringComparer.Ordinal), kept.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TheTaskBalancesByTheCostsOfAnEarlierReport()
    {
        var sketches = Enumerable.Range(0, 8).Select(i => "Sketch" + i).ToArray();
        var report = Path.Combine(_dir, "results.json");
        // One sketch as costly as the other seven together: alone on its shard.
        File.WriteAllText(report, Report("/elsewhere/", sketches.Select((s, i) => (s, (double?)(i == 0 ? 70.0 : 10.0))).ToArray()));
        var shards = Enumerable.Range(1, 2).Select(k =>
        {
            var (task, engine) = Task($"{k}/2", report, sketches);
            Assert.True(task.Execute());
            Assert.Contains("balanced by measured cost", engine.MessageText);
            return task.Selected.Length;
        }).ToList();
        Assert.Equal(new[] { 1, 7 }, shards.Order());
    }

    [Theory]
    [InlineData("2")]
    [InlineData("0/2")]
    [InlineData("3/2")]
    [InlineData("x/2")]
    public void ABadShardIsFB0170(string shard)
    {
        var (task, engine) = Task(shard, "", "Blink");
        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal("FB0170", error.Code);
        Assert.Contains($"FBuildShard='{shard}' is not valid", error.Message);
    }

    [Fact]
    public void AMissingOrBrokenCostFileIsFB0171()
    {
        var (task, engine) = Task("1/2", Path.Combine(_dir, "missing.json"), "Blink");
        Assert.False(task.Execute());
        Assert.Equal("FB0171", Assert.Single(engine.Errors).Code);
        var broken = Path.Combine(_dir, "broken.json");
        File.WriteAllText(broken, "not json");
        (task, engine) = Task("1/2", broken, "Blink");
        Assert.False(task.Execute());
        Assert.Equal("FB0171", Assert.Single(engine.Errors).Code);
    }
}
