using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FBuild.Cli;

/// <summary>One sketch's row: from results.json (compile-many) or from a binlog (report).</summary>
public sealed record SketchRow(string Name, string Status, double? Seconds, long? FlashBytes, double? FlashPercent, long? RamBytes, double? RamPercent, string? Log, string? Note = null);

/// <summary>Reads the SDK's results.json and formats the per-sketch table (pure, apart from reading the file).</summary>
public static class SketchTable
{
    public static List<SketchRow> FromResultsJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var rows = new List<SketchRow>();
        if (!doc.RootElement.TryGetProperty("sketches", out var sketches)) return rows;
        foreach (var s in sketches.EnumerateArray())
        {
            rows.Add(new SketchRow(Str(s, "name") ?? "?", Str(s, "status") ?? "failed", Num(s, "seconds"),
                (long?)Num(s, "flashBytes"), Num(s, "flashPercent"), (long?)Num(s, "ramBytes"), Num(s, "ramPercent"), Str(s, "log"), Str(s, "note")));
        }
        return rows;
    }

    public static string Format(IReadOnlyList<SketchRow> rows)
    {
        int w = Math.Max(6, rows.Select(r => r.Name.Length).DefaultIfEmpty(0).Max());
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{"sketch".PadRight(w)}  status  seconds         flash          ram  log\n");
        foreach (var r in rows)
        {
            var secs = r.Seconds is double d ? d.ToString("0.00", CultureInfo.InvariantCulture) : "-";
            sb.Append(CultureInfo.InvariantCulture,
                $"{r.Name.PadRight(w)}  {r.Status,-6}  {secs,7}  {Size(r.FlashBytes, r.FlashPercent),12}  {Size(r.RamBytes, r.RamPercent),11}  {r.Log ?? r.Note ?? "-"}\n");
        }
        return sb.ToString();
    }

    private static string Size(long? bytes, double? percent) =>
        bytes is long b ? (percent is double p ? string.Format(CultureInfo.InvariantCulture, "{0} ({1:0.#}%)", b, p) : b.ToString(CultureInfo.InvariantCulture)) : "-";

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static double? Num(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
}
