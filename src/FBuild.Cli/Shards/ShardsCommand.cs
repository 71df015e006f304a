using System.Globalization;
using System.Text;
using FBuild.Cli.CompileMany;
using FBuild.Tasks.Reporting;
using FBuild.Tasks.Sharding;

namespace FBuild.Cli.Shards;

/// <summary>A shard plan of a sketch set: the plan, and whether measured costs balanced it.</summary>
public sealed record ShardPlan(IReadOnlyList<Shard> Shards, int Measured, int Sketches)
{
    /// <summary>True when the shards were balanced by measured seconds (some sketch had a cost).</summary>
    public bool ByCost => Measured > 0;

    /// <summary>
    /// Plans the sketches (identities: their folders relative to the set's root) into <paramref name="count"/>
    /// shards, by the costs in the results.json texts when they measured any of the sketches; FB0171 when a text is
    /// not a report.
    /// </summary>
    public static ShardPlan Make(IEnumerable<string> identities, int count, IReadOnlyList<string> reportTexts)
    {
        var ids = identities.ToList();
        Dictionary<string, double> costs;
        try { costs = ShardCosts.FromReports(reportTexts, ids); }
        catch (FormatException ex) { throw new CliException(FBuildCodes.BadShardCosts, $"--costs: not a results.json: {ex.Message}"); }
        return new ShardPlan(ShardPlanner.Plan(ids, count, costs), costs.Count, ids.Count);
    }

    /// <summary>The texts of --costs files; FB0171 when one cannot be read.</summary>
    public static List<string> ReadCosts(IEnumerable<string> files, string currentDirectory) =>
        files.Select(f =>
        {
            var path = Path.GetFullPath(f, currentDirectory);
            try { return File.ReadAllText(path); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CliException(FBuildCodes.BadShardCosts, $"--costs '{path}' cannot be read: {ex.Message}");
            }
        }).ToList();

    /// <summary>The identities of a sketch set: each folder relative to the root, '/' separated.</summary>
    public static IEnumerable<string> Identities(SketchSet set, string root) =>
        set.Sketches.Select(s => ShardPlanner.Normalize(Path.GetRelativePath(root, s.Directory)));

    /// <summary>The human-readable plan: a line per shard, then its sketches.</summary>
    public string ToText()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{Sketches} sketches in {Shards.Count} shards, balanced by ")
          .Append(ByCost ? $"measured seconds ({Measured} measured; the others count as the median)" : "count").Append('\n');
        foreach (var s in Shards)
        {
            sb.Append(CultureInfo.InvariantCulture, $"shard {s.Index}/{Shards.Count}: {s.Sketches.Count} sketches");
            if (ByCost) sb.Append(CultureInfo.InvariantCulture, $", {s.Cost:F1} s");
            sb.Append('\n');
            foreach (var id in s.Sketches) sb.Append("  ").Append(id).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>The plan as one line of JSON a CI matrix can consume.</summary>
    public string ToJson() => Json.Serialize(new Dictionary<string, object?>
    {
        ["count"] = (long)Shards.Count,
        ["balancedBy"] = ByCost ? "cost" : "count",
        ["shards"] = Shards.Select(s => (object?)new Dictionary<string, object?>
        {
            ["index"] = (long)s.Index,
            ["shard"] = $"{s.Index}/{Shards.Count}",
            ["sketches"] = s.Sketches.Cast<object?>().ToList(),
            ["cost"] = Math.Round(s.Cost, 3),
        }).ToList(),
    }, indented: false);
}

/// <summary>fbuild shards: prints the plan of the sketch folders (no build, no MSBuild).</summary>
public static class ShardsCommand
{
    public static int Run(ShardsOptions options, string currentDirectory, TextWriter stdout)
    {
        var set = SketchSet.FromDirectories(options.SketchDirs, currentDirectory);
        var root = options.Root is null ? set.Root : Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.Root, currentDirectory));
        var plan = ShardPlan.Make(ShardPlan.Identities(set, root), options.Count, ShardPlan.ReadCosts(options.CostFiles, currentDirectory));
        stdout.Write(options.Json ? plan.ToJson() + "\n" : plan.ToText());
        return 0;
    }
}
