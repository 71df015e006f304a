using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace FBuild.Tasks.Toolchain
{
    /// <summary>
    /// The rules of precompiled headers (pure): which part of a source a PCH can stand for (its <see cref="Prefix"/>),
    /// and whether one compile may use a given PCH (<see cref="Decide"/>). A compile uses a PCH through gcc's
    /// <c>-include PREFIX.h</c>: gcc takes <c>PREFIX.h.gch</c> in its place, then reads the source from its first line,
    /// where the same directives are read again (the headers' include guards skip them, the defines are identical).
    /// </summary>
    public static class PrecompiledHeader
    {
        /// <summary>The directives a prefix may hold; any other (a conditional, a pragma) or any C token ends it.</summary>
        private static readonly HashSet<string> PrefixDirectives = new HashSet<string>(StringComparer.Ordinal) { "include", "define", "undef", "line" };

        /// <summary>
        /// The canonical prefix of a source: its leading preprocessor directives (<c>#include</c>, <c>#define</c>,
        /// <c>#undef</c>) through the last <c>#include</c> among them, one per line, comments and <c>#line</c> directives
        /// left out, continuation lines joined. Empty when the source starts with no <c>#include</c>.
        /// </summary>
        public static string Prefix(string sourceText)
        {
            var directives = new List<string>();
            int lastInclude = -1;
            foreach (var line in LogicalLines(sourceText ?? ""))
            {
                var text = line.Trim();
                if (text.Length == 0) continue;
                if (text[0] != '#') break;
                var name = DirectiveName(text);
                if (!PrefixDirectives.Contains(name)) break;
                if (name == "line") continue;
                directives.Add(text);
                if (name == "include") lastInclude = directives.Count - 1;
            }
            return lastInclude < 0 ? "" : string.Join("\n", directives.Take(lastInclude + 1)) + "\n";
        }

        /// <summary>The header names the prefix includes with quotes (gcc looks for them beside the source and in -iquote folders first).</summary>
        public static IReadOnlyList<string> QuotedIncludes(string prefix) =>
            (prefix ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && DirectiveName(l) == "include")
                .Select(l => l.Substring(l.IndexOf("include", StringComparison.Ordinal) + 7).Trim())
                .Where(a => a.Length > 1 && a[0] == '"').Select(a => a.Substring(1, Math.Max(0, a.IndexOf('"', 1) - 1)))
                .Where(n => n.Length > 0).ToList();

        /// <summary>
        /// The command's signature as a PCH sees it (hex SHA-256): the arguments without the source, the object, the
        /// include folders (compared apart) and the PCH flags. Two compiles with equal signatures and include folders
        /// build the same prefix the same way.
        /// </summary>
        public static string Signature(IReadOnlyList<string> arguments, string source, string objectFile)
        {
            var kept = new List<string>();
            for (int i = 0; i < arguments.Count; i++)
            {
                var a = arguments[i];
                if (a == source || a == objectFile) continue;
                if (a == "-o" || a == "-I" || a == "-iquote" || a == "-isystem" || a == "-include" || a == "-x") { i++; continue; }
                // The depfile's name and target are per output (-MF x.d -MQ x.o): they change no code.
                if (a == "-MF" || a == "-MT" || a == "-MQ") { i++; continue; }
                if (a.Length > 3 && (a.StartsWith("-MF", StringComparison.Ordinal) || a.StartsWith("-MT", StringComparison.Ordinal) || a.StartsWith("-MQ", StringComparison.Ordinal))) continue;
                if (a.StartsWith("-I", StringComparison.Ordinal) || a == "-Winvalid-pch" || a == "-c") continue;
                kept.Add(a);
            }
            using var sha = System.Security.Cryptography.SHA256.Create();
            var digest = sha.ComputeHash(Encoding.UTF8.GetBytes(string.Join("\u001f", kept)));
            return string.Concat(digest.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
        }

        /// <summary>The -I folders of a command, in order, without a trailing slash.</summary>
        public static IReadOnlyList<string> IncludeFolders(IReadOnlyList<string> arguments)
        {
            var result = new List<string>();
            for (int i = 0; i < arguments.Count; i++)
            {
                var a = arguments[i];
                if (a == "-I" && i + 1 < arguments.Count) result.Add(arguments[++i].TrimEnd('/'));
                else if (a.StartsWith("-I", StringComparison.Ordinal) && a.Length > 2) result.Add(a.Substring(2).TrimEnd('/'));
            }
            return result;
        }

        /// <summary>
        /// Whether a compile may use a PCH: null when it may, else the reason it may not. It may only when the source is
        /// C++, its <see cref="Prefix"/> is exactly the PCH's, its command's <see cref="Signature"/> and -I folders are
        /// the PCH's, and no header the PCH read could be shadowed by a file beside the source or in its -iquote
        /// folders (<paramref name="localFiles"/>: paths relative to those folders).
        /// </summary>
        public static string? Decide(PchCandidate pch, string language, string sourcePrefix, string signature,
            IReadOnlyList<string> includeFolders, IReadOnlyCollection<string> localFiles)
        {
            if (pch is null) throw new ArgumentNullException(nameof(pch));
            if (language != "cpp") return "not a C++ source";
            if (sourcePrefix.Length == 0) return "the source starts with no #include";
            if (!string.Equals(sourcePrefix, pch.Prefix, StringComparison.Ordinal)) return "its leading #includes and #defines differ from the header's";
            if (!string.Equals(signature, pch.Signature, StringComparison.Ordinal)) return "its compile options differ";
            if (!includeFolders.SequenceEqual(pch.IncludeFolders, StringComparer.Ordinal)) return "its include folders differ (it uses other libraries)";
            foreach (var local in localFiles)
            {
                var rel = local.Replace('\\', '/').TrimStart('/');
                if (pch.Inputs.Any(i => i.EndsWith("/" + rel, StringComparison.Ordinal) || i == rel)) return $"the sketch's own '{rel}' may stand for a header the PCH read";
            }
            return null;
        }

        /// <summary>The commented header file that holds a prefix (what stage 1 compiles into the PCH).</summary>
        public static string HeaderText(string prefix) =>
            "// Generated by FBuild: the leading directives shared by several sketches, precompiled (PREFIX.h.gch).\n" + prefix;

        /// <summary>The directive's name: "include" for "#  include &lt;x.h&gt;".</summary>
        private static string DirectiveName(string text)
        {
            int i = 1;
            while (i < text.Length && (text[i] == ' ' || text[i] == '\t')) i++;
            int start = i;
            while (i < text.Length && char.IsLetter(text[i])) i++;
            return text.Substring(start, i - start);
        }

        /// <summary>The source's logical lines: comments replaced by a space, backslash-continued lines joined (strings and characters kept).</summary>
        private static IEnumerable<string> LogicalLines(string text)
        {
            var line = new StringBuilder();
            int i = 0;
            while (i < text.Length)
            {
                char c = text[i];
                if (c == '\\' && i + 1 < text.Length && (text[i + 1] == '\n' || text[i + 1] == '\r'))
                {
                    i += text[i + 1] == '\r' && i + 2 < text.Length && text[i + 2] == '\n' ? 3 : 2;
                    continue;
                }
                if (c == '\n' || c == '\r')
                {
                    yield return line.ToString();
                    line.Clear();
                    i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                    continue;
                }
                if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
                {
                    while (i < text.Length && text[i] != '\n' && text[i] != '\r') i++;
                    continue;
                }
                if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
                {
                    int end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    if (end < 0) yield break;
                    // A comment that spans lines ends the line it started on, as far as the prefix is concerned.
                    bool spans = text.IndexOf('\n', i, end - i) >= 0;
                    i = end + 2;
                    if (spans) { yield return line.ToString(); line.Clear(); }
                    else line.Append(' ');
                    continue;
                }
                if (c == '"' || c == '\'')
                {
                    line.Append(c);
                    i++;
                    while (i < text.Length && text[i] != c && text[i] != '\n')
                    {
                        if (text[i] == '\\' && i + 1 < text.Length) line.Append(text[i++]);
                        line.Append(text[i++]);
                    }
                    if (i < text.Length && text[i] == c) line.Append(text[i++]);
                    continue;
                }
                line.Append(c);
                i++;
            }
            if (line.Length > 0) yield return line.ToString();
        }
    }

    /// <summary>A precompiled header stage 1 built: its prefix, the command signature and -I folders it was built with, and the files it read.</summary>
    public sealed class PchCandidate
    {
        public PchCandidate(string header, string prefix, string signature, IReadOnlyList<string> includeFolders, IReadOnlyList<string> inputs)
        {
            Header = header; Prefix = prefix; Signature = signature; IncludeFolders = includeFolders; Inputs = inputs;
        }

        /// <summary>The prefix header (<c>PREFIX.h</c>); the PCH is <see cref="Gch"/> beside it.</summary>
        public string Header { get; }

        /// <summary>The PCH file gcc uses in place of <see cref="Header"/>.</summary>
        public string Gch => Header + ".gch";

        /// <summary>The canonical prefix (<see cref="PrecompiledHeader.Prefix"/>).</summary>
        public string Prefix { get; }

        /// <summary>The signature of the command that built it (<see cref="PrecompiledHeader.Signature"/>).</summary>
        public string Signature { get; }

        /// <summary>The -I folders it was built with, in order.</summary>
        public IReadOnlyList<string> IncludeFolders { get; }

        /// <summary>The files it read (its depfile), full paths.</summary>
        public IReadOnlyList<string> Inputs { get; }
    }
}
