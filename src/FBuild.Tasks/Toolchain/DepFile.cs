using System;
using System.Collections.Generic;
using System.Text;

namespace FBuild.Tasks.Toolchain
{
    /// <summary>
    /// Reads the make-syntax dependency files that gcc writes with <c>-MMD</c> (and <c>-MP</c>).
    /// </summary>
    /// <remarks>
    /// <para>gcc writes one rule, <c>target.o: source.cpp header1.h \</c> continued over several lines,
    /// and with <c>-MP</c> one empty phony rule per header (<c>header1.h:</c>) after it. Only the
    /// prerequisites of the first rule matter; the phony rules are ignored.</para>
    /// <para>Quoting undone, as gcc's <c>mkdeps.c</c> writes it: a space or tab is written as <c>\ </c>
    /// (with any backslashes right before it doubled), <c>$</c> as <c>$$</c> and <c>#</c> as <c>\#</c>.
    /// Other backslashes are literal, so Windows paths (<c>C:\x\y.h</c>) survive, and the colon of a
    /// drive letter is not taken for the rule's colon.</para>
    /// </remarks>
    public static class DepFile
    {
        /// <summary>Writes one rule, <c>target: prerequisites</c>, quoted the way gcc quotes it (the inverse of <see cref="Parse"/>).</summary>
        public static string Write(string target, IEnumerable<string> prerequisites)
        {
            var sb = new StringBuilder(Quote(target)).Append(':');
            foreach (var p in prerequisites) sb.Append(" \\\n ").Append(Quote(p));
            return sb.Append('\n').ToString();
        }

        private static string Quote(string path)
        {
            var sb = new StringBuilder(path.Length);
            for (int i = 0; i < path.Length; i++)
            {
                char c = path[i];
                if (c == ' ' || c == '\t')
                {
                    for (int k = i - 1; k >= 0 && path[k] == '\\'; k--) sb.Append('\\');
                    sb.Append('\\').Append(c);
                }
                else if (c == '$') sb.Append("$$");
                else if (c == '#') sb.Append("\\#");
                else sb.Append(c);
            }
            return sb.ToString();
        }

        /// <summary>
        /// The prerequisites of the first rule in <paramref name="text"/>, in order (the first is
        /// normally the source file), without duplicates. Empty when there is no rule.
        /// </summary>
        public static IReadOnlyList<string> Parse(string text)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));

            foreach (string line in LogicalLines(text))
            {
                List<string> words = SplitWords(line);
                if (words.Count == 0) continue;

                // The first logical line holding a rule is the rule we want.
                var result = new List<string>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                bool afterColon = false;
                foreach (string word in words)
                {
                    if (afterColon)
                    {
                        AddPrerequisite(word, result, seen);
                        continue;
                    }

                    int colon = FindRuleColon(word);
                    if (colon < 0) continue; // still a target

                    afterColon = true;
                    int rest = colon + 1;
                    if (rest < word.Length && word[rest] == ':') rest++; // double-colon rule
                    if (rest < word.Length) AddPrerequisite(word.Substring(rest), result, seen);
                }

                if (afterColon) return result;
                // A line of words without a colon is not a rule (should not happen); keep looking.
            }

            return Array.Empty<string>();
        }

        private static void AddPrerequisite(string word, List<string> result, HashSet<string> seen)
        {
            if (word.Length == 0 || word == "|") return; // "|" separates order-only prerequisites
            if (seen.Add(word)) result.Add(word);
        }

        /// <summary>
        /// The index of the colon that ends the targets in a (unquoted) word, or -1. A colon right
        /// after a single leading letter and followed by a slash is a drive letter, not a rule colon.
        /// </summary>
        private static int FindRuleColon(string word)
        {
            for (int i = 0; i < word.Length; i++)
            {
                if (word[i] != ':') continue;
                bool driveLetter = i == 1 && IsAsciiLetter(word[0]) && i + 1 < word.Length && (word[i + 1] == '\\' || word[i + 1] == '/');
                if (!driveLetter) return i;
            }
            return -1;
        }

        private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

        /// <summary>
        /// Splits the text into logical lines: CRLF/CR become LF and a backslash right before a line
        /// break joins the two lines (the pair becomes a space, as make does).
        /// </summary>
        private static IEnumerable<string> LogicalLines(string text)
        {
            var sb = new StringBuilder();
            int i = 0;
            if (text.Length > 0 && text[0] == '\uFEFF') i = 1;
            for (; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '\\' && IsLineBreakAt(text, i + 1, out int breakLength))
                {
                    sb.Append(' ');
                    i += breakLength;
                    continue;
                }
                if (c == '\r' || c == '\n')
                {
                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                    yield return sb.ToString();
                    sb.Clear();
                    continue;
                }
                sb.Append(c);
            }
            if (sb.Length > 0) yield return sb.ToString();
        }

        private static bool IsLineBreakAt(string text, int i, out int length)
        {
            length = 0;
            if (i >= text.Length) return false;
            if (text[i] == '\n') { length = 1; return true; }
            if (text[i] == '\r')
            {
                length = i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                return true;
            }
            return false;
        }

        /// <summary>Splits one logical line into unquoted words, dropping a trailing comment.</summary>
        private static List<string> SplitWords(string line)
        {
            var words = new List<string>();
            var word = new StringBuilder();
            int i = 0;
            while (i < line.Length)
            {
                char c = line[i];
                if (c == ' ' || c == '\t')
                {
                    Flush(word, words);
                    i++;
                    continue;
                }
                if (c == '#')
                {
                    break; // unescaped '#' starts a comment
                }
                if (c == '$' && i + 1 < line.Length && line[i + 1] == '$')
                {
                    word.Append('$');
                    i += 2;
                    continue;
                }
                if (c == '\\')
                {
                    int run = 0;
                    while (i + run < line.Length && line[i + run] == '\\') run++;
                    char next = i + run < line.Length ? line[i + run] : '\0';
                    if (next == ' ' || next == '\t')
                    {
                        // 2N+1 backslashes: N backslashes and a literal blank; 2N: N backslashes ending the word.
                        word.Append('\\', run / 2);
                        if (run % 2 == 1)
                        {
                            word.Append(next);
                            i += run + 1;
                        }
                        else
                        {
                            i += run; // the blank is a separator, handled by the loop
                        }
                        continue;
                    }
                    if (next == '#')
                    {
                        // gcc writes '#' as "\#" without doubling the backslashes before it.
                        word.Append('\\', run - 1);
                        word.Append('#');
                        i += run + 1;
                        continue;
                    }
                    word.Append('\\', run); // a plain backslash, e.g. in a Windows path
                    i += run;
                    continue;
                }
                word.Append(c);
                i++;
            }
            Flush(word, words);
            return words;
        }

        private static void Flush(StringBuilder word, List<string> words)
        {
            if (word.Length == 0) return;
            words.Add(word.ToString());
            word.Clear();
        }
    }
}
