using System.Text.Json;

namespace FBuild.IntegrationTests;

/// <summary>Reads the reports a traversal build writes under artifacts/BOARD/.</summary>
public sealed class BuildReport
{
    public BuildReport(string root, string boardKey)
    {
        var dir = Path.Combine(root, "artifacts", boardKey);
        ResultsPath = Path.Combine(dir, "results.json");
        PhasesPath = Path.Combine(dir, "phases.tsv");
        Assert.True(File.Exists(ResultsPath), "missing " + ResultsPath);
        Json = JsonDocument.Parse(File.ReadAllText(ResultsPath)).RootElement;
        Phases = File.ReadAllLines(PhasesPath).Skip(1).Select(l => l.Split('\t'))
            .ToDictionary(p => p[0], p => double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    public string ResultsPath { get; }
    public string PhasesPath { get; }
    public JsonElement Json { get; }
    public Dictionary<string, double> Phases { get; }

    public IEnumerable<JsonElement> Sketches => Json.GetProperty("sketches").EnumerateArray();

    public JsonElement Sketch(string name) => Sketches.Single(s => s.GetProperty("name").GetString() == name);

    public string Status(string name) => Sketch(name).GetProperty("status").GetString()!;
}
