using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace FBuild.Tasks.Toolchain
{
    /// <summary>
    /// One message from gcc, g++, as or ld.
    /// </summary>
    /// <param name="Severity"><c>"error"</c>, <c>"warning"</c> or <c>"note"</c> (a fatal error is an error).</param>
    /// <param name="File">The file the message is about, as the tool wrote it; null for messages of the
    /// driver or linker themselves and for pseudo files such as <c>&lt;command-line&gt;</c>.</param>
    /// <param name="Line">1-based line, 0 when unknown.</param>
    /// <param name="Column">1-based column, 0 when unknown.</param>
    /// <param name="Message">The text after the severity, without the option suffix.</param>
    /// <param name="Code">The option that controls the message, e.g. <c>-Wunused-variable</c>, or null.</param>
    public sealed record GccDiagnostic(string Severity, string? File, int Line, int Column, string Message, string? Code);

    /// <summary>
    /// Turns the output of the GNU toolchain into <see cref="GccDiagnostic"/>s.
    /// </summary>
    /// <remarks>
    /// Recognised lines:
    /// <list type="bullet">
    /// <item><c>file:line:col: error|warning|note|fatal error: message [-Wflag]</c> and the same without a column
    /// (also the assembler's <c>file:line: Error: message</c>).</item>
    /// <item>Tool messages such as <c>avr-gcc: error: ...</c>, <c>cc1plus: warning: ...</c>,
    /// <c>collect2: error: ld returned 1 exit status</c> and <c>/path/to/ld: cannot find -lfoo</c>: no file;
    /// a tool message without a severity is an error.</item>
    /// <item>Linker messages without a severity: <c>file.cpp:12: undefined reference to `foo'</c> and
    /// <c>&lt;artificial&gt;:(.text+0x8): undefined reference to `foo'</c> are errors,
    /// <c>... first defined here</c> is a note.</item>
    /// </list>
    /// Context lines (<c>In file included from</c>, <c>   from x.h:1</c>, <c>file: In function 'f':</c>,
    /// <c>file:3:4:   required from here</c>, <c>Assembler messages:</c>, <c>compilation terminated.</c>) and the
    /// source excerpt and caret lines that follow a diagnostic (they start with a blank) produce nothing.
    /// Paths may contain spaces and a drive letter (<c>C:\x\y.cpp:3:4: error: ...</c>).
    /// </remarks>
    public static class GccDiagnostics
    {
        private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

        // file:line[:col]: severity: message. The file is matched lazily so "C:\x\y.cpp" and paths
        // with spaces work; the first ":digits:" after it ends it.
        private static readonly Regex Located = new Regex(
            @"^(?<file>.+?):(?<line>\d+):(?:(?<col>\d+):)?\s+(?<sev>(?i:fatal error|internal compiler error|error|warning|note)):\s*(?<msg>.*)$",
            Options);

        // Linker locations without a severity: "file:12: msg" or "file:(.text+0x8): msg".
        private static readonly Regex LinkerLocated = new Regex(
            @"^(?<file>.+?):(?:(?<line>\d+)|\((?<section>[^)]*)\)):[ ](?<msg>\S.*)$",
            Options);

        // "file: In function 'x':", "file: In member function ...", "file: At global scope:", "x.o: In function `main':".
        private static readonly Regex Context = new Regex(
            @"^(?<file>(?:[A-Za-z]:)?[^:]*): (?:(?i:in) .*|At (?:global scope|top level)|Assembler messages):$",
            Options);

        private static readonly Regex Severity = new Regex(
            @"^(?<sev>(?i:fatal error|internal compiler error|error|warning|note)):\s*(?<msg>.*)$",
            Options);

        private static readonly Regex OptionSuffix = new Regex(
            @"\s+\[(?<code>-[A-Za-z][^\]\s]*)\]$",
            Options);

        // Basenames of toolchain programs (with an optional target prefix such as "avr-" and version suffix).
        private static readonly Regex ToolName = new Regex(
            @"^(?:[A-Za-z0-9_.+]+-)*(?:gcc|g\+\+|c\+\+|cpp|cc|cc1|cc1plus|cc1obj|collect2|lto-wrapper|lto1|ld|ld\.bfd|ld\.gold|as|ar|nm|objcopy|objdump|ranlib|size|strip)(?:-[0-9.]+)?(?:\.exe)?$",
            Options | RegexOptions.IgnoreCase);

        /// <summary>Parses tool output, one line per element (line breaks inside elements are also split).</summary>
        public static IReadOnlyList<GccDiagnostic> Parse(IEnumerable<string> outputLines)
        {
            if (outputLines is null) throw new ArgumentNullException(nameof(outputLines));
            var result = new List<GccDiagnostic>();
            foreach (string chunk in outputLines)
            {
                if (chunk is null) continue;
                if (chunk.IndexOf('\n') >= 0 || chunk.IndexOf('\r') >= 0)
                {
                    foreach (string line in chunk.Split(new[] { "\r\n", "\n", "\r" }, StringSplitOptions.None))
                        ParseLine(line, result);
                }
                else
                {
                    ParseLine(chunk, result);
                }
            }
            return result;
        }

        private static void ParseLine(string rawLine, List<GccDiagnostic> result)
        {
            string line = rawLine.TrimEnd('\r', '\n');
            if (line.Trim().Length == 0) return;

            // Source excerpts, carets and "                 from x.h:3," continuation lines start with a blank.
            if (char.IsWhiteSpace(line[0])) return;
            if (line.StartsWith("In file included from ", StringComparison.Ordinal)) return;
            if (line == "compilation terminated.") return;

            Match m = Located.Match(line);
            if (m.Success)
            {
                string? file = CleanFile(m.Groups["file"].Value);
                int lineNo = ParseInt(m.Groups["line"].Value);
                int col = m.Groups["col"].Success ? ParseInt(m.Groups["col"].Value) : 0;
                result.Add(Make(NormalizeSeverity(m.Groups["sev"].Value), file, lineNo, col, m.Groups["msg"].Value));
                return;
            }

            if (Context.IsMatch(line)) return;

            if (TryParseToolLine(line, result)) return;

            TryParseLinkerLocated(line, result);
        }

        /// <summary>"avr-gcc: error: ...", "collect2: error: ...", "/usr/.../bin/ld: cannot find -lfoo".</summary>
        private static bool TryParseToolLine(string line, List<GccDiagnostic> result)
        {
            int sep = line.IndexOf(": ", StringComparison.Ordinal);
            if (sep <= 0) return false;
            string tool = line.Substring(0, sep);

            // A tool path has no colon except a drive letter's.
            int colon = tool.IndexOf(':');
            if (colon >= 0 && !(colon == 1 && tool.IndexOf(':', 2) < 0)) return false;

            int slash = Math.Max(tool.LastIndexOf('/'), tool.LastIndexOf('\\'));
            string baseName = tool.Substring(slash + 1);
            if (!ToolName.IsMatch(baseName)) return false;

            string rest = line.Substring(sep + 2).Trim();
            if (rest.Length == 0) return true;

            // Newer ld puts its own name before a located message: "/usr/bin/ld: x.o: in function `main':".
            if (Context.IsMatch(rest)) return true;
            if (TryParseLinkerLocated(rest, result)) return true;

            Match sev = Severity.Match(rest);
            if (sev.Success)
            {
                result.Add(Make(NormalizeSeverity(sev.Groups["sev"].Value), null, 0, 0, sev.Groups["msg"].Value));
                return true;
            }

            // "cc1plus: some warnings being treated as errors" follows the real errors; it is only a note.
            string severity = rest.EndsWith("warnings being treated as errors", StringComparison.Ordinal) ? "note" : "error";
            result.Add(Make(severity, null, 0, 0, rest));
            return true;
        }

        private static bool TryParseLinkerLocated(string line, List<GccDiagnostic> result)
        {
            Match m = LinkerLocated.Match(line);
            if (!m.Success) return false;

            string fileText = m.Groups["file"].Value;
            // "/tmp/ccY.o:m1.cpp:(.text+0x0): first defined here": the object file, then the source file.
            int inner = LastNonDriveColon(fileText);
            if (inner >= 0) fileText = fileText.Substring(inner + 1);

            string? file = CleanFile(fileText);
            int lineNo = m.Groups["line"].Success ? ParseInt(m.Groups["line"].Value) : 0;
            string message = m.Groups["msg"].Value;

            Match sev = Severity.Match(message);
            string severity;
            if (sev.Success)
            {
                severity = NormalizeSeverity(sev.Groups["sev"].Value);
                message = sev.Groups["msg"].Value;
            }
            else
            {
                severity = message.StartsWith("first defined here", StringComparison.Ordinal) ? "note" : "error";
            }

            result.Add(Make(severity, file, lineNo, 0, message));
            return true;
        }

        /// <summary>The last colon that is not a drive letter's ("C:\\" at the start or after another colon), or -1.</summary>
        private static int LastNonDriveColon(string text)
        {
            for (int i = text.Length - 1; i >= 0; i--)
            {
                if (text[i] != ':') continue;
                bool drive = i >= 1 && IsAsciiLetter(text[i - 1]) && (i == 1 || text[i - 2] == ':')
                    && i + 1 < text.Length && (text[i + 1] == '\\' || text[i + 1] == '/');
                if (!drive) return i;
            }
            return -1;
        }

        private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

        private static GccDiagnostic Make(string severity, string? file, int line, int column, string message)
        {
            string? code = null;
            Match m = OptionSuffix.Match(message);
            if (m.Success)
            {
                code = m.Groups["code"].Value;
                message = message.Substring(0, m.Index);
            }
            return new GccDiagnostic(severity, file, line, column, message.Trim(), code);
        }

        private static string NormalizeSeverity(string severity)
        {
            string s = severity.ToLowerInvariant();
            switch (s)
            {
                case "warning":
                case "note":
                    return s;
                default:
                    return "error"; // error, fatal error, internal compiler error
            }
        }

        private static string? CleanFile(string file)
        {
            file = file.Trim();
            if (file.Length == 0) return null;
            // <command-line>, <built-in>, <artificial> (LTO) are not files.
            if (file[0] == '<' && file[file.Length - 1] == '>') return null;
            return file;
        }

        private static int ParseInt(string text)
        {
            return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int value) ? value : 0;
        }
    }
}
