using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace FBuild.Tasks.Reporting
{
    /// <summary>
    /// The board × sketch matrix of a many-board build (pure): one column per board, one row per sketch project, each
    /// cell the sketch's result on that board (ok with its flash use, failed, skipped, or absent). Written as
    /// matrix.json, as a Markdown table a CI job can post (matrix.md) and as console text.
    /// </summary>
    public sealed class BoardMatrix
    {
        /// <summary>The boards (columns), in the order the build named them.</summary>
        public IReadOnlyList<BoardReport> Boards { get; }

        /// <summary>The sketch projects (rows): name and project path, in order of first appearance.</summary>
        public IReadOnlyList<(string Name, string Project)> Sketches { get; }

        private readonly Dictionary<(string Project, string BoardKey), ProjectResult> _cells;

        /// <summary>The matrix of the given boards' reports (a sketch is identified by its project path, else its name).</summary>
        public BoardMatrix(IEnumerable<BoardReport> boards)
        {
            if (boards is null) throw new ArgumentNullException(nameof(boards));
            Boards = boards.ToList();
            var rows = new List<(string, string)>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            _cells = new Dictionary<(string, string), ProjectResult>();
            foreach (var board in Boards)
            {
                foreach (var s in board.Sketches)
                {
                    string project = RowKey(s);
                    if (seen.Add(project)) rows.Add((s.Name ?? project, project));
                    _cells[(project, board.BoardKey ?? "")] = s;
                }
            }
            Sketches = rows;
        }

        /// <summary>The result of <paramref name="project"/> on <paramref name="boardKey"/>, or null when it was not built for it.</summary>
        public ProjectResult? Cell(string project, string boardKey) =>
            _cells.TryGetValue((project, boardKey), out var r) ? r : null;

        /// <summary>True when any sketch failed on any board.</summary>
        public bool AnyFailed => Boards.Any(b => b.FailedCount > 0);

        /// <summary>matrix.json: the boards with their counts, and per sketch its status (and sizes) per board key.</summary>
        public string ToJson()
        {
            var boards = Boards.Select(b => (object?)new Dictionary<string, object?>
            {
                ["board"] = b.Board, ["boardKey"] = b.BoardKey,
                ["ok"] = b.OkCount, ["failed"] = b.FailedCount, ["skipped"] = b.SkippedCount,
            }).ToList();
            var sketches = Sketches.Select(row =>
            {
                var results = new Dictionary<string, object?>();
                foreach (var b in Boards)
                {
                    var r = Cell(row.Project, b.BoardKey ?? "");
                    if (r == null) continue;
                    var cell = new Dictionary<string, object?> { ["status"] = r.Status };
                    if (r.Size?.FlashBytes != null) cell["flashBytes"] = r.Size.FlashBytes;
                    if (r.Size?.RamBytes != null) cell["ramBytes"] = r.Size.RamBytes;
                    if (r.Note != null) cell["note"] = r.Note;
                    if (r.IsFailed && r.Log != null) cell["log"] = r.Log;
                    results[b.BoardKey ?? ""] = cell;
                }
                return (object?)new Dictionary<string, object?> { ["name"] = row.Name, ["project"] = row.Project, ["boards"] = results };
            }).ToList();
            return Json.Serialize(new Dictionary<string, object?> { ["boards"] = boards, ["sketches"] = sketches }) + "\n";
        }

        /// <summary>
        /// A GitHub-flavoured Markdown table: a header of board keys, a row per sketch (✅ with flash bytes, ❌ failed,
        /// ⏭️ skipped, – not built), and a last row of counts per board.
        /// </summary>
        public string ToMarkdown()
        {
            var sb = new StringBuilder();
            sb.Append("| Sketch |");
            foreach (var b in Boards) sb.Append(' ').Append(EscapeMarkdown(b.BoardKey ?? "")).Append(" |");
            sb.Append("\n|---|");
            foreach (var _ in Boards) sb.Append("---|");
            sb.Append('\n');
            foreach (var row in Sketches)
            {
                sb.Append("| ").Append(EscapeMarkdown(row.Name)).Append(" |");
                foreach (var b in Boards) sb.Append(' ').Append(MarkdownCell(Cell(row.Project, b.BoardKey ?? ""))).Append(" |");
                sb.Append('\n');
            }
            sb.Append("| **total** |");
            foreach (var b in Boards) sb.Append(' ').Append(Counts(b)).Append(" |");
            sb.Append('\n');
            return sb.ToString();
        }

        /// <summary>The console table: a column per board (ok with flash bytes, FAILED, skipped, -), then the counts per board.</summary>
        public string ToText(string indent = "")
        {
            var header = new[] { "sketch" }.Concat(Boards.Select(b => b.BoardKey ?? "")).ToList();
            var lines = Sketches.Select(row => new[] { row.Name }.Concat(Boards.Select(b => TextCell(Cell(row.Project, b.BoardKey ?? "")))).ToList()).ToList();
            lines.Add(new[] { "total" }.Concat(Boards.Select(Counts)).ToList());
            var widths = header.Select((h, i) => Math.Max(h.Length, lines.Select(l => l[i].Length).DefaultIfEmpty(0).Max())).ToList();
            var sb = new StringBuilder();
            foreach (var line in new[] { header }.Concat(lines))
            {
                sb.Append(indent).Append(string.Join("  ", line.Select((c, i) => c.PadRight(widths[i]))).TrimEnd()).Append('\n');
            }
            return sb.ToString();
        }

        private static string RowKey(ProjectResult r) => !string.IsNullOrEmpty(r.Project) ? r.Project! : r.Name ?? "";

        private static string Counts(BoardReport b) =>
            string.Format(CultureInfo.InvariantCulture, "{0} ok, {1} failed, {2} skipped", b.OkCount, b.FailedCount, b.SkippedCount);

        private static string TextCell(ProjectResult? r) =>
            r == null ? "-"
            : r.IsOk ? (r.Size?.FlashBytes is long f ? string.Format(CultureInfo.InvariantCulture, "ok {0}", f) : "ok")
            : r.IsSkipped ? "skipped"
            : "FAILED";

        private static string MarkdownCell(ProjectResult? r) =>
            r == null ? "–"
            : r.IsOk ? (r.Size?.FlashBytes is long f ? string.Format(CultureInfo.InvariantCulture, "✅ {0} B", f) : "✅")
            : r.IsSkipped ? "⏭️ skipped"
            : "❌ failed";

        private static string EscapeMarkdown(string text) => text.Replace("|", "\\|");
    }
}
