using System.Text.Json;

namespace FBuild.IntegrationTests;

/// <summary>
/// CI shards on the samples with the real compiler: -p:FBuildShard builds exactly the shard fbuild shards plans,
/// and adding and removing sketches moves them (and at most as many others).
/// </summary>
[Collection("sdk")]
public class ShardTests(SdkFixture sdk)
{
    private static string[] SketchDirs(string dir) =>
        Directory.GetDirectories(dir).Where(d => Directory.GetFiles(d, "*.fbproj").Length > 0).Order(StringComparer.Ordinal).ToArray();

    /// <summary>fbuild shards --json for the traversal's sketches: shard number → sketch identities.</summary>
    private Dictionary<int, List<string>> Plan(string dir, int count)
    {
        var r = sdk.Dotnet(dir, new[] { CliTests.FbuildDll(), "shards", "--count", count.ToString(), "--json", "--root", dir }.Concat(SketchDirs(dir)).ToArray());
        Assert.True(r.ExitCode == 0, r.ToString());
        using var json = JsonDocument.Parse(r.StdOut);
        return json.RootElement.GetProperty("shards").EnumerateArray().ToDictionary(
            s => s.GetProperty("index").GetInt32(), s => s.GetProperty("sketches").EnumerateArray().Select(e => e.GetString()!).ToList());
    }

    private static Dictionary<string, int> ShardOf(Dictionary<int, List<string>> plan) =>
        plan.SelectMany(kv => kv.Value.Select(id => (id, kv.Key))).ToDictionary(p => p.id, p => p.Key);

    private void AssertBuildsExactly(string dir, string shard, List<string> expected, int all, bool graph = false)
    {
        var args = new[] { "build", "Sketches.proj", "-p:Board=uno", "-p:FBuildShard=" + shard };
        var result = sdk.Dotnet(dir, graph ? args.Append("-graph").ToArray() : args);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"shard {shard}: {expected.Count} of {all} sketches", result.Output);
        var report = new BuildReport(dir, "uno");
        Assert.Equal(expected.Order(StringComparer.Ordinal), report.Sketches.Select(s => s.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(report.Sketches, s => Assert.Equal("ok", s.GetProperty("status").GetString()));
    }

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void ATraversalBuildsItsShardAndChangesMoveOnlyAFew()
    {
        var dir = sdk.CopySamples("samples-shards");
        var before = Plan(dir, 3);
        int all = SketchDirs(dir).Length;
        Assert.Equal(all, before.Values.Sum(v => v.Count));
        AssertBuildsExactly(dir, "2/3", before[2], all);
        // The other shards' sketches were not built at all.
        foreach (var other in before[1].Concat(before[3]))
            Assert.False(Directory.Exists(Path.Combine(dir, "artifacts", "uno", "sketches", other)), other);

        // Add a sketch and remove one: the plan changes for them and, through the balance bound, at most as many others.
        var added = Path.Combine(dir, "ShardNew");
        Directory.CreateDirectory(added);
        File.WriteAllText(Path.Combine(added, "ShardNew.ino"), "void setup() { pinMode(13, OUTPUT); }\nvoid loop() { digitalWrite(13, !digitalRead(13)); delay(100); }\n");
        File.WriteAllText(Path.Combine(added, "ShardNew.fbproj"), "<Project Sdk=\"FBuild.Sdk\" />\n");
        var removed = before[1][0];
        Directory.Delete(Path.Combine(dir, removed), recursive: true);
        var after = Plan(dir, 3);
        var (a, b) = (ShardOf(before), ShardOf(after));
        var moved = a.Keys.Where(k => b.ContainsKey(k) && a[k] != b[k]).ToList();
        Assert.True(moved.Count <= 2, "moved: " + string.Join(", ", moved));
        AssertBuildsExactly(dir, "2/3", after[2], all);
    }

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void AGraphBuildBuildsOnlyItsShard()
    {
        // The static graph comes from ProjectReference items: with FBuildShard they stay out of it, and the
        // traversal builds its shard (stage 1 included) as without -graph.
        var dir = sdk.CopySamples("samples-shards-graph");
        var plan = Plan(dir, 3);
        int all = SketchDirs(dir).Length;
        AssertBuildsExactly(dir, "1/3", plan[1], all, graph: true);
        foreach (var other in plan[2].Concat(plan[3]))
            Assert.False(Directory.Exists(Path.Combine(dir, "artifacts", "uno", "sketches", other)), other);
    }
}
