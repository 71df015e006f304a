using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace FBuild.Tasks.Reporting
{
    /// <summary>
    /// The text of the reports (pure): phases.tsv and the per-sketch table, for the traversal's summary and the
    /// fbuild command alike.
    /// </summary>
    public static class ReportFormat
    {
        /// <summary>phases.tsv: a header line, then stage1_archives, stage2_sketches and total in seconds (three decimals).</summary>
        public static string PhasesTsv(BuildPhases p) =>
            "phase\tseconds\n" +
            string.Format(CultureInfo.InvariantCulture, "stage1_archives\t{0:0.000}\nstage2_sketches\t{1:0.000}\ntotal\t{2:0.000}\n", p.Stage1Archives, p.Stage2Sketches, p.Total);

        /// <summary>The phases on one line: "stage1_archives 1.234 s | stage2_sketches 2.345 s | total 4.567 s".</summary>
        public static string PhasesLine(BuildPhases p) =>
            string.Format(CultureInfo.InvariantCulture, "stage1_archives {0:0.000} s | stage2_sketches {1:0.000} s | total {2:0.000} s", p.Stage1Archives, p.Stage2Sketches, p.Total);

        /// <summary>
        /// The sketch table: a header line, then per sketch its name, status, seconds, flash and RAM (bytes and
        /// percent of the maximum, when the board gives one), and with <paramref name="withLog"/> its build log (or
        /// the note of a made-up result). Each line starts with <paramref name="indent"/> and ends with \n.
        /// </summary>
        public static string SketchTable(IEnumerable<ProjectResult> sketches, bool withLog, string indent = "")
        {
            var rows = sketches.ToList();
            int width = Math.Max(6, rows.Select(r => (r.Name ?? "").Length).DefaultIfEmpty(0).Max());
            var sb = new StringBuilder();
            sb.Append(indent).Append("sketch".PadRight(width)).Append("  status   seconds         flash          ram").Append(withLog ? "  log\n" : "\n");
            foreach (var r in rows)
            {
                var secs = r.Seconds is double d ? d.ToString("0.00", CultureInfo.InvariantCulture) : "-";
                sb.Append(indent).Append(string.Format(CultureInfo.InvariantCulture, "{0}  {1,-7}  {2,7}  {3,12}  {4,11}",
                    (r.Name ?? "").PadRight(width), r.Status ?? "", secs, Size(r.Size?.FlashBytes, r.Size?.FlashPercent), Size(r.Size?.RamBytes, r.Size?.RamPercent)));
                if (withLog) sb.Append("  ").Append(r.Log ?? r.Note ?? "-");
                sb.Append('\n');
            }
            return sb.ToString();
        }

        // Without a maximum (a board whose boards.txt gives none, such as the Gemma's RAM) there is no percentage.
        private static string Size(long? bytes, double? percent) =>
            bytes is long b
                ? percent is double p ? string.Format(CultureInfo.InvariantCulture, "{0} ({1:0.#}%)", b, p) : b.ToString(CultureInfo.InvariantCulture)
                : "-";
    }
}
