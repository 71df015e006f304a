using System;
using System.Collections.Generic;
using System.Text;

namespace FBuild.Tasks.Libraries
{
    /// <summary>One <c>#include</c> directive.</summary>
    /// <param name="Name">The header name between the delimiters, e.g. <c>Wire.h</c> or <c>utility/twi.h</c>.</param>
    /// <param name="IsAngled">True for <c>&lt;x&gt;</c>, false for <c>"x"</c>.</param>
    /// <param name="Line">1-based physical line of the directive.</param>
    public sealed record IncludeDirective(string Name, bool IsAngled, int Line);

    /// <summary>
    /// Finds the <c>#include</c> directives of a C, C++, .ino or assembler source without running the
    /// preprocessor.
    /// </summary>
    /// <remarks>
    /// Follows the preprocessor's early translation phases: line splices (backslash-newline) are joined, comments
    /// (<c>//</c>, <c>/* */</c>) are removed, and string, character and raw string literals are skipped so that
    /// comment markers or <c>#include</c> text inside them do not count. Of the conditionals only a literal
    /// <c>#if 0</c> (or <c>#elif 0</c>) is understood: its group is skipped up to the matching <c>#else</c>,
    /// <c>#elif</c> or <c>#endif</c>. Every other condition is assumed true, so an include under <c>#ifdef</c> is
    /// reported. Computed includes (<c>#include MACRO</c>) and <c>#include_next</c> are not reported.
    /// </remarks>
    public static class IncludeScanner
    {
        /// <summary>All include directives of <paramref name="text"/>, in order, duplicates kept.</summary>
        public static IReadOnlyList<IncludeDirective> Scan(string text)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            var result = new List<IncludeDirective>();
            int skipDepth = 0; // > 0 inside an "#if 0" group: the nesting depth of conditionals since it began

            foreach (LogicalLine logical in LogicalLines(text))
            {
                string line = logical.Text;
                int i = SkipBlanks(line, 0);
                if (i >= line.Length || line[i] != '#') continue;
                i = SkipBlanks(line, i + 1);
                int nameStart = i;
                while (i < line.Length && (char.IsLetterOrDigit(line[i]) || line[i] == '_')) i++;
                string directive = line.Substring(nameStart, i - nameStart);
                string rest = line.Substring(i).Trim();

                switch (directive)
                {
                    case "if":
                        if (skipDepth > 0) skipDepth++;
                        else if (IsLiteralZero(rest)) skipDepth = 1;
                        break;
                    case "ifdef":
                    case "ifndef":
                        if (skipDepth > 0) skipDepth++;
                        break;
                    case "elif":
                        if (skipDepth == 1 && !IsLiteralZero(rest)) skipDepth = 0;       // leaves "#if 0"
                        else if (skipDepth == 0 && IsLiteralZero(rest)) skipDepth = 1;  // "#elif 0" group
                        break;
                    case "else":
                        if (skipDepth == 1) skipDepth = 0;
                        break;
                    case "endif":
                        if (skipDepth > 0) skipDepth--;
                        break;
                    case "include":
                        if (skipDepth == 0)
                        {
                            IncludeDirective? include = ParseInclude(rest, logical.Line);
                            if (include != null) result.Add(include);
                        }
                        break;
                }
            }

            return result;
        }

        /// <summary>The distinct header names of <paramref name="text"/>, in order of first appearance.</summary>
        public static IReadOnlyList<string> ScanNames(string text)
        {
            var names = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (IncludeDirective include in Scan(text))
            {
                if (seen.Add(include.Name)) names.Add(include.Name);
            }
            return names;
        }

        private static IncludeDirective? ParseInclude(string rest, int line)
        {
            if (rest.Length < 2) return null;
            char open = rest[0];
            char close;
            if (open == '<') close = '>';
            else if (open == '"') close = '"';
            else return null; // computed include
            int end = rest.IndexOf(close, 1);
            if (end <= 1) return null;
            string name = rest.Substring(1, end - 1);
            if (name.Trim().Length == 0) return null;
            return new IncludeDirective(name, open == '<', line);
        }

        private static bool IsLiteralZero(string expression)
        {
            string e = expression.Replace(" ", "").Replace("\t", "");
            return e == "0" || e == "(0)";
        }

        private static int SkipBlanks(string s, int i)
        {
            while (i < s.Length && (s[i] == ' ' || s[i] == '\t' || s[i] == '\f' || s[i] == '\v')) i++;
            return i;
        }

        private readonly struct LogicalLine
        {
            public LogicalLine(string text, int line)
            {
                Text = text;
                Line = line;
            }

            /// <summary>The line with splices joined and comments replaced by a space.</summary>
            public string Text { get; }

            /// <summary>1-based physical line of its first non-blank character.</summary>
            public int Line { get; }
        }

        /// <summary>
        /// Splits <paramref name="text"/> into logical lines with comments removed, and returns those that are
        /// directives (their first character other than a blank or a comment is <c>#</c>); the others are still
        /// lexed (a comment or raw string may begin there) but not copied. Literals are copied (so the quoted name
        /// of an include survives) but their contents never start a comment; a raw string's contents are dropped.
        /// </summary>
        private static IEnumerable<LogicalLine> LogicalLines(string text)
        {
            var sb = new StringBuilder();
            int physical = 1;     // current physical line
            int startLine = 0;    // physical line of the first non-blank char of the logical line, 0 = none yet
            bool copy = true;     // false once the logical line is known not to be a directive: nothing to keep
            int i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
            int n = text.Length;

            while (i < n)
            {
                char c = text[i];

                // Line splice: backslash, optional trailing blanks, line break.
                if (c == '\\' && TrySplice(text, i, out int afterSplice))
                {
                    physical++;
                    i = afterSplice;
                    continue;
                }

                if (c == '\r' || c == '\n')
                {
                    i += c == '\r' && i + 1 < n && text[i + 1] == '\n' ? 2 : 1;
                    if (copy && startLine != 0) yield return new LogicalLine(sb.ToString(), startLine);
                    sb.Clear();
                    startLine = 0;
                    copy = true;
                    physical++;
                    continue;
                }

                if (c == '/' && i + 1 < n && text[i + 1] == '/')
                {
                    // Line comment up to the line break; a splice continues it.
                    i += 2;
                    while (i < n)
                    {
                        if (text[i] == '\\' && TrySplice(text, i, out int after)) { physical++; i = after; continue; }
                        if (text[i] == '\r' || text[i] == '\n') break;
                        i++;
                    }
                    if (copy) sb.Append(' ');
                    continue;
                }

                if (c == '/' && i + 1 < n && text[i + 1] == '*')
                {
                    // Block comment: one space; the line breaks inside it vanish with it.
                    i += 2;
                    while (i < n && !(text[i] == '*' && i + 1 < n && text[i + 1] == '/'))
                    {
                        if (text[i] == '\n' || (text[i] == '\r' && !(i + 1 < n && text[i + 1] == '\n'))) physical++;
                        i++;
                    }
                    i = Math.Min(n, i + 2);
                    if (copy) sb.Append(' ');
                    continue;
                }

                if (startLine == 0 && c != ' ' && c != '\t' && c != '\f' && c != '\v')
                {
                    startLine = physical;
                    copy = c == '#';
                }

                if (c == '"' && IsRawStringPrefix(text, i))
                {
                    if (TrySkipRawString(text, i, ref physical, out int afterRaw))
                    {
                        if (copy) sb.Append("\"\"");
                        i = afterRaw;
                        continue;
                    }
                }

                if (c == '"' || c == '\'')
                {
                    // Ordinary literal: copied up to the closing quote; it never spans a line break.
                    if (copy) sb.Append(c);
                    i++;
                    while (i < n)
                    {
                        char d = text[i];
                        if (d == '\\' && TrySplice(text, i, out int after)) { physical++; i = after; continue; }
                        if (d == '\r' || d == '\n') break;
                        if (copy) sb.Append(d);
                        i++;
                        if (d == c) break;
                        if (d == '\\' && i < n && text[i] != '\r' && text[i] != '\n')
                        {
                            if (copy) sb.Append(text[i]);
                            i++;
                        }
                    }
                    continue;
                }

                if (copy) sb.Append(c);
                i++;
            }

            if (copy && startLine != 0) yield return new LogicalLine(sb.ToString(), startLine);
        }

        private static bool TrySplice(string text, int backslash, out int after)
        {
            int j = backslash + 1;
            while (j < text.Length && (text[j] == ' ' || text[j] == '\t')) j++;
            if (j < text.Length && text[j] == '\n') { after = j + 1; return true; }
            if (j < text.Length && text[j] == '\r')
            {
                after = j + 1 < text.Length && text[j + 1] == '\n' ? j + 2 : j + 1;
                return true;
            }
            after = backslash;
            return false;
        }

        /// <summary>True when the quote at <paramref name="quote"/> is preceded by an R, u8R, uR, UR or LR prefix.</summary>
        private static bool IsRawStringPrefix(string text, int quote)
        {
            if (quote == 0 || text[quote - 1] != 'R') return false;
            int start = quote - 1;
            if (start >= 2 && text[start - 2] == 'u' && text[start - 1] == '8') start -= 2;
            else if (start >= 1 && (text[start - 1] == 'u' || text[start - 1] == 'U' || text[start - 1] == 'L')) start -= 1;
            return start == 0 || !(char.IsLetterOrDigit(text[start - 1]) || text[start - 1] == '_');
        }

        private static bool TrySkipRawString(string text, int quote, ref int physical, out int after)
        {
            after = quote;
            int open = text.IndexOf('(', quote + 1);
            if (open < 0 || open - quote - 1 > 16) return false;
            string delimiter = text.Substring(quote + 1, open - quote - 1);
            foreach (char ch in delimiter)
            {
                if (ch == ' ' || ch == '\\' || ch == ')' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '"') return false;
            }
            string terminator = ")" + delimiter + "\"";
            int close = text.IndexOf(terminator, open + 1, StringComparison.Ordinal);
            int end = close < 0 ? text.Length : close + terminator.Length;
            for (int k = open; k < end; k++)
            {
                if (text[k] == '\n' || (text[k] == '\r' && !(k + 1 < text.Length && text[k + 1] == '\n'))) physical++;
            }
            after = end;
            return true;
        }
    }
}
