using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace FBuild.Tasks.Ide
{
    /// <summary>
    /// Decodes what simavr 1.6 prints for UART output back to text (the logic of eng/simavr-serial.sh): UART bytes are
    /// logged per line in green (ESC[32m), bytes below 0x20 shown as '.', so println's "\r\n" ends a line with ".." and a
    /// bare "\n" with "."; a 256-byte chunk without a newline is joined with the next; lines without the green code are
    /// simavr's own messages (and its loader lines).
    /// </summary>
    public static class SimavrOutput
    {
        private static readonly Regex Ansi = new Regex("\u001b\\[[0-9;]*[A-Za-z]", RegexOptions.CultureInvariant);

        public static (string Serial, List<string> Messages) Decode(IEnumerable<string> lines)
        {
            var serial = new StringBuilder();
            var messages = new List<string>();
            var pending = new StringBuilder();
            foreach (var raw in lines)
            {
                bool uart = raw.Contains("\u001b[32m");
                var line = Ansi.Replace(raw, "");
                if (!uart)
                {
                    if (line.Length > 0) messages.Add(line);
                    continue;
                }
                if (line.Length == 256 && !line.EndsWith(".", StringComparison.Ordinal))
                {
                    pending.Append(line);
                    continue;
                }
                if (line.EndsWith("..", StringComparison.Ordinal)) line = line.Substring(0, line.Length - 2);
                else if (line.EndsWith(".", StringComparison.Ordinal)) line = line.Substring(0, line.Length - 1);
                serial.Append(pending).Append(line).Append('\n');
                pending.Clear();
            }
            serial.Append(pending);
            return (serial.ToString(), messages);
        }

        /// <summary>Text compared line by line: CRLF as LF, trailing blanks of each line and trailing empty lines ignored.</summary>
        public static List<string> Normalize(string text) =>
            TrimEnd(text.Replace("\r\n", "\n").Split('\n').Select(l => l.TrimEnd()).ToList());

        private static List<string> TrimEnd(List<string> lines)
        {
            while (lines.Count > 0 && lines[lines.Count - 1].Length == 0) lines.RemoveAt(lines.Count - 1);
            return lines;
        }

        /// <summary>Null when the texts match; else a line diff ("-" expected only, "+" actual only, " " both) from a longest common subsequence.</summary>
        public static string? Diff(string expected, string actual)
        {
            var a = Normalize(expected);
            var b = Normalize(actual);
            if (a.SequenceEqual(b)) return null;
            var lcs = new int[a.Count + 1, b.Count + 1];
            for (int i = a.Count - 1; i >= 0; i--)
                for (int j = b.Count - 1; j >= 0; j--)
                    lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            var sb = new StringBuilder();
            int x = 0, y = 0;
            while (x < a.Count || y < b.Count)
            {
                if (x < a.Count && y < b.Count && a[x] == b[y]) { sb.Append("  ").Append(a[x++]).Append('\n'); y++; }
                else if (x < a.Count && (y == b.Count || lcs[x + 1, y] >= lcs[x, y + 1])) sb.Append("- ").Append(a[x++]).Append('\n');
                else sb.Append("+ ").Append(b[y++]).Append('\n');
            }
            return sb.ToString().TrimEnd('\n');
        }

        /// <summary>The simulator's clock from build.f_cpu ("16000000L" gives 16000000); null when it is not a number.</summary>
        public static long? Frequency(string fCpu)
        {
            var digits = fCpu.Trim().TrimEnd('L', 'l', 'U', 'u');
            return long.TryParse(digits, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : (long?)null;
        }
    }
}
