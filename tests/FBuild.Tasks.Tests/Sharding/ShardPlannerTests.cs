using FBuild.Tasks.Sharding;
using Xunit.Abstractions;

namespace FBuild.Tasks.Tests.Sharding;

public sealed class ShardPlannerTests(ITestOutputHelper output)
{
    private static List<string> Names(Random random, int count, string prefix = "") =>
        Enumerable.Range(0, count).Select(_ => prefix + "examples/" + (char)('A' + random.Next(26)) + "/Sketch" + random.Next(1_000_000)).Distinct().ToList();

    private static Dictionary<string, int> ShardOf(IReadOnlyList<Shard> plan) =>
        plan.SelectMany(s => s.Sketches.Select(id => (id, s.Index))).ToDictionary(p => p.id, p => p.Index);

    [Theory]
    [InlineData("1/1", 1, 1)]
    [InlineData("2/4", 2, 4)]
    [InlineData(" 4/4 ", 4, 4)]
    [InlineData("10/12", 10, 12)]
    public void ParsesKOfN(string text, int k, int n)
    {
        var shard = ShardSpec.Parse(text);
        Assert.Equal((k, n), (shard.Index, shard.Count));
        Assert.Equal($"{k}/{n}", shard.ToString());
    }

    [Theory]
    [InlineData("", "is not K/N")]
    [InlineData("3", "is not K/N")]
    [InlineData("0/4", "from 1 to 4, not 0")]
    [InlineData("5/4", "from 1 to 4, not 5")]
    [InlineData("1/0", "at least 1, not 0")]
    [InlineData("-1/4", "'-1' is not a whole number")]
    [InlineData("a/b", "'a' is not a whole number")]
    [InlineData("1/4/2", "'4/2' is not a whole number")]
    [InlineData("1.5/4", "'1.5' is not a whole number")]
    public void RejectsWhatIsNotKOfN(string text, string reason)
    {
        Assert.Contains(reason, Assert.Throws<FormatException>(() => ShardSpec.Parse(text)).Message);
        Assert.False(ShardSpec.TryParse(text, out var shard, out var why));
        Assert.Null(shard);
        Assert.Contains(reason, why);
    }

    [Fact]
    public void WeightsAreTheSameOnEveryRunAndPlatform()
    {
        // Fixed values: a change of the hash would move every sketch of every user's CI; this test says so.
        Assert.Equal(ShardPlanner.Weight("Blink", 0), ShardPlanner.Weight("./Blink/", 0));
        Assert.Equal(ShardPlanner.Weight("a/Blink", 1), ShardPlanner.Weight("a\\Blink", 1));
        Assert.NotEqual(ShardPlanner.Weight("Blink", 0), ShardPlanner.Weight("Blink", 1));
        var plan = ShardPlanner.Plan(new[] { "BlinkMulti", "EepromCounter", "FlatLibDemo", "HelloSerial", "PgmMenu", "SoftSerialEcho", "SpiLoopback", "SrcFolder", "UserLibDemo", "WireScan" }, 3);
        Assert.Equal(new[] { 4, 3, 3 }, plan.Select(s => s.Sketches.Count).OrderByDescending(c => c).ToArray());
        Assert.Equal(ExpectedSamplesPlan, string.Join(" | ", plan.Select(s => string.Join(",", s.Sketches))));
    }

    // The plan of the samples' ten sketches into 3 shards, pinned (see WeightsAreTheSameOnEveryRunAndPlatform).
    private const string ExpectedSamplesPlan = "FlatLibDemo,UserLibDemo,WireScan | SoftSerialEcho,SpiLoopback,SrcFolder | BlinkMulti,EepromCounter,HelloSerial,PgmMenu";

    [Fact]
    public void ThePlanDoesNotDependOnTheOrderOfTheSketches()
    {
        var random = new Random(7);
        var names = Names(random, 200);
        var costs = names.ToDictionary(n => n, _ => 1 + random.NextDouble() * 20);
        foreach (var withCosts in new[] { false, true })
        {
            var first = ShardOf(ShardPlanner.Plan(names, 5, withCosts ? costs : null));
            var shuffled = names.OrderBy(_ => random.Next()).ToList();
            Assert.Equal(first, ShardOf(ShardPlanner.Plan(shuffled, 5, withCosts ? costs : null)));
        }
    }

    [Fact]
    public void EverySketchIsInExactlyOneShard()
    {
        var names = Names(new Random(3), 97);
        var plan = ShardPlanner.Plan(names, 6);
        Assert.Equal(names.Order(StringComparer.Ordinal), plan.SelectMany(s => s.Sketches).Order(StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(1, 6), plan.Select(s => s.Index));
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 3)]
    [InlineData(10, 3)]
    [InlineData(11, 4)]
    [InlineData(74, 8)]
    [InlineData(500, 7)]
    public void WithoutCostsShardSizesDifferByAtMostOne(int sketches, int shards)
    {
        var plan = ShardPlanner.Plan(Names(new Random(sketches), sketches), shards);
        var sizes = plan.Select(s => s.Sketches.Count).ToList();
        Assert.True(sizes.Max() - sizes.Min() <= 1, string.Join(",", sizes));
        Assert.All(plan, s => Assert.Equal(s.Sketches.Count, s.Cost));
    }

    [Fact]
    public void WithCostsTheMostLoadedShardStaysWithinTheBound()
    {
        var random = new Random(11);
        double byCostMax = 0, byCountMax = 0;
        for (int round = 0; round < 50; round++)
        {
            int n = 2 + random.Next(7);
            var names = Names(random, 20 + random.Next(200));
            // Skewed like real sketches: most are quick, a few are large.
            var costs = names.ToDictionary(x => x, _ => random.NextDouble() < 0.1 ? 20 + random.NextDouble() * 40 : 1 + random.NextDouble() * 4);
            var plan = ShardPlanner.Plan(names, n, costs);
            double total = costs.Values.Sum(), average = total / n, max = plan.Max(s => s.Cost);
            Assert.Equal(total, plan.Sum(s => s.Cost), 6);
            Assert.True(max <= Math.Max((1 + ShardPlanner.CostSlack) * average, average + costs.Values.Max()) + 1e-9, $"round {round}: max {max:F1}, average {average:F1}");
            byCostMax += max;
            // The same shards' costs when planned by count alone.
            var byCount = ShardPlanner.Plan(names, n);
            byCountMax += byCount.Max(s => s.Sketches.Sum(x => costs[x]));
        }
        output.WriteLine($"most loaded shard, summed over rounds: {byCostMax:F0} s by cost, {byCountMax:F0} s by count");
        Assert.True(byCostMax < 0.85 * byCountMax, $"{byCostMax:F0} s by cost, {byCountMax:F0} s by count");
    }

    [Fact]
    public void ASketchWithoutAMeasuredCostCountsAsTheMedian()
    {
        var plan = ShardPlanner.Plan(new[] { "a", "b", "c", "new" }, 1, new Dictionary<string, double> { ["a"] = 1, ["b"] = 2, ["c"] = 9, ["gone"] = 100 });
        Assert.Equal(1 + 2 + 9 + 2, plan[0].Cost);
    }

    [Fact]
    public void PureRendezvousIsWhereEachSketchGoesWhenShardsHaveRoom()
    {
        var names = Names(new Random(5), 300);
        var plan = ShardOf(ShardPlanner.Plan(names, 4, names.ToDictionary(n => n, _ => 1.0)));
        // With costs the room has 10% slack: most sketches are on their preferred shard.
        int preferred = names.Count(n => plan[n] == ShardPlanner.Preferred(n, 4));
        Assert.True(preferred >= names.Count * 9 / 10, $"{preferred} of {names.Count} on their preferred shard");
    }

    /// <summary>Sketches in both sets whose shard differs.</summary>
    private static int Moved(Dictionary<string, int> before, Dictionary<string, int> after) =>
        before.Count(kv => after.TryGetValue(kv.Key, out var s) && s != kv.Value);

    [Fact]
    public void AddingOrRemovingSketchesMovesOnlyThemAndAShortChain()
    {
        var random = new Random(42);
        int rounds = 300, totalChanged = 0, totalMoved = 0, exactRounds = 0;
        int[] movedCountsCost = new int[rounds];
        for (int round = 0; round < rounds; round++)
        {
            int n = 2 + random.Next(7);
            var before = Names(random, 30 + random.Next(300));
            int removed = random.Next(4), added = random.Next(4);
            var after = before.OrderBy(_ => random.Next()).Skip(removed).Concat(Names(random, added, "new/")).ToList();
            int changed = removed + added;
            bool byCost = round % 2 == 1;
            var costs = byCost ? before.Concat(after).Distinct().ToDictionary(x => x, x => 1 + (ShardPlanner.Weight(x, 99) % 1000) / 100.0) : null;
            int moved = Moved(ShardOf(ShardPlanner.Plan(before, n, costs)), ShardOf(ShardPlanner.Plan(after, n, costs)));
            totalChanged += changed;
            totalMoved += moved;
            if (moved == 0) exactRounds++;
            movedCountsCost[round] = moved;
            // Each added or removed sketch frees or takes one slot, which a chain hands on sketch by sketch.
            Assert.True(moved <= Math.Max(1, changed) * before.Count / n, $"round {round}: {moved} moved for {changed} changed of {before.Count} in {n}");
        }
        output.WriteLine($"{totalMoved} other sketches moved for {totalChanged} added or removed; {exactRounds} of {rounds} rounds moved none");
        // On average a change moves about one other sketch (the chain is short): pure rendezvous would move none.
        Assert.True(totalMoved <= 2 * totalChanged, $"{totalMoved} moved for {totalChanged} changed");
    }
}
