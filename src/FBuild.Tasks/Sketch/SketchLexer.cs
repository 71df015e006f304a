using System;
using System.Collections.Generic;
using System.Text;

namespace FBuild.Tasks.Sketch
{
    /// <summary>The kinds of tokens the sketch lexer produces.</summary>
    internal enum SketchTokenKind
    {
        Identifier,
        Number,
        String,
        Char,
        Punct,
        Directive,
    }

    /// <summary>One C++ token of the merged sketch (comments are dropped; a preprocessor directive is one token).</summary>
    internal sealed class SketchToken
    {
        public SketchToken(SketchTokenKind kind, string text, int line, bool spaceBefore, string? directiveKeyword = null)
        {
            Kind = kind;
            Text = text;
            Line = line;
            SpaceBefore = spaceBefore;
            DirectiveKeyword = directiveKeyword;
        }

        /// <summary>What the token is.</summary>
        public SketchTokenKind Kind { get; }

        /// <summary>The token text; for a directive, the whole logical line with comments removed and continuations joined.</summary>
        public string Text { get; }

        /// <summary>0-based line (in the text that was lexed) where the token starts.</summary>
        public int Line { get; }

        /// <summary>Whether whitespace, a comment or a line break separates this token from the previous one.</summary>
        public bool SpaceBefore { get; }

        /// <summary>For a directive: the word after '#' ("if", "ifdef", "include", ...), or "" for a null directive.</summary>
        public string? DirectiveKeyword { get; }

        /// <summary>True for the punctuator <paramref name="text"/>.</summary>
        public bool IsPunct(string text) => Kind == SketchTokenKind.Punct && Text == text;

        /// <summary>True for the identifier (or keyword) <paramref name="text"/>.</summary>
        public bool IsIdent(string text) => Kind == SketchTokenKind.Identifier && Text == text;

        public override string ToString() => Text;
    }

    /// <summary>The tokens of a lexed text and what each line starts inside of.</summary>
    internal sealed class SketchLexResult
    {
        public SketchLexResult(List<SketchToken> tokens, bool[] lineStartsInside)
        {
            Tokens = tokens;
            LineStartsInside = lineStartsInside;
        }

        /// <summary>The tokens, in order (comments and whitespace dropped).</summary>
        public List<SketchToken> Tokens { get; }

        /// <summary>Per line: true when the line begins inside a comment, literal, or a backslash-continued line.</summary>
        public bool[] LineStartsInside { get; }

        /// <summary>The number of lines of the text.</summary>
        public int LineCount => LineStartsInside.Length;
    }

    /// <summary>
    /// A small C++ lexer: enough to find tokens outside comments, string/char literals (including raw strings)
    /// and preprocessor directives (with backslash continuations). Expects '\n' line endings.
    /// </summary>
    internal static class SketchLexer
    {
        private static readonly string[] Punct3 = { "<<=", ">>=", "->*", "..." };

        private static readonly string[] Punct2 =
        {
            "::", "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||",
            "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", ".*", "##",
        };

        /// <summary>Splits a merged sketch into tokens.</summary>
        public static SketchLexResult Lex(string s)
        {
            int lineCount = 1;
            foreach (char ch in s)
            {
                if (ch == '\n') lineCount++;
            }

            var inside = new bool[lineCount];
            var tokens = new List<SketchToken>();
            int n = s.Length;
            int i = 0;
            int line = 0;
            bool space = true;
            bool atLineStart = true;

            while (i < n)
            {
                char c = s[i];
                if (c == '\n')
                {
                    line++;
                    i++;
                    space = true;
                    atLineStart = true;
                    continue;
                }

                if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == '\uFEFF')
                {
                    i++;
                    space = true;
                    continue;
                }

                if (c == '\\' && i + 1 < n && s[i + 1] == '\n')
                {
                    i += 2;
                    line++;
                    inside[line] = true;
                    space = true;
                    continue;
                }

                if (c == '/' && i + 1 < n && s[i + 1] == '/')
                {
                    SkipLineComment(s, ref i, ref line, inside);
                    space = true;
                    continue;
                }

                if (c == '/' && i + 1 < n && s[i + 1] == '*')
                {
                    SkipBlockComment(s, ref i, ref line, inside);
                    space = true;
                    continue;
                }

                if (c == '#' && atLineStart)
                {
                    int startLine = line;
                    string text = LexDirective(s, ref i, ref line, inside);
                    tokens.Add(new SketchToken(SketchTokenKind.Directive, text, startLine, true, DirectiveKeywordOf(text)));
                    space = true;
                    continue;
                }

                atLineStart = false;
                int start = i;
                int tokLine = line;

                if (IsIdentStart(c))
                {
                    while (i < n && IsIdentPart(s[i])) i++;

                    string ident = s.Substring(start, i - start);
                    if (i < n && s[i] == '"' && IsStringPrefix(ident))
                    {
                        if (ident.EndsWith("R", StringComparison.Ordinal))
                        {
                            SkipRawString(s, ref i, ref line, inside);
                        }
                        else
                        {
                            SkipQuoted(s, ref i, ref line, inside);
                        }

                        tokens.Add(new SketchToken(SketchTokenKind.String, s.Substring(start, i - start), tokLine, space));
                    }
                    else if (i < n && s[i] == '\'' && (ident == "L" || ident == "u" || ident == "U" || ident == "u8"))
                    {
                        SkipQuoted(s, ref i, ref line, inside);
                        tokens.Add(new SketchToken(SketchTokenKind.Char, s.Substring(start, i - start), tokLine, space));
                    }
                    else
                    {
                        tokens.Add(new SketchToken(SketchTokenKind.Identifier, ident, tokLine, space));
                    }

                    space = false;
                    continue;
                }

                if (IsDigit(c) || (c == '.' && i + 1 < n && IsDigit(s[i + 1])))
                {
                    i++;
                    while (i < n)
                    {
                        char d = s[i];
                        if ((d == '+' || d == '-') && "eEpP".IndexOf(s[i - 1]) >= 0)
                        {
                            i++;
                        }
                        else if (IsIdentPart(d) || d == '.')
                        {
                            i++;
                        }
                        else if (d == '\'' && i + 1 < n && IsAlnum(s[i + 1]) && IsAlnum(s[i - 1]))
                        {
                            // C++14 digit separator.
                            i++;
                        }
                        else
                        {
                            break;
                        }
                    }

                    tokens.Add(new SketchToken(SketchTokenKind.Number, s.Substring(start, i - start), tokLine, space));
                    space = false;
                    continue;
                }

                if (c == '"' || c == '\'')
                {
                    SkipQuoted(s, ref i, ref line, inside);
                    tokens.Add(new SketchToken(c == '"' ? SketchTokenKind.String : SketchTokenKind.Char, s.Substring(start, i - start), tokLine, space));
                    space = false;
                    continue;
                }

                string punct = MatchPunct(s, i);
                i += punct.Length;
                tokens.Add(new SketchToken(SketchTokenKind.Punct, punct, tokLine, space));
                space = false;
            }

            return new SketchLexResult(tokens, inside);
        }

        private static string MatchPunct(string s, int i)
        {
            foreach (string p in Punct3)
            {
                if (string.CompareOrdinal(s, i, p, 0, 3) == 0) return p;
            }

            foreach (string p in Punct2)
            {
                if (string.CompareOrdinal(s, i, p, 0, 2) == 0) return p;
            }

            return s[i].ToString();
        }

        private static void SkipLineComment(string s, ref int i, ref int line, bool[] inside)
        {
            int n = s.Length;
            i += 2;
            while (i < n && s[i] != '\n')
            {
                if (s[i] == '\\' && i + 1 < n && s[i + 1] == '\n')
                {
                    // A backslash at the end of a // comment continues the comment on the next line.
                    i += 2;
                    line++;
                    inside[line] = true;
                    continue;
                }

                i++;
            }
        }

        private static void SkipBlockComment(string s, ref int i, ref int line, bool[] inside)
        {
            int n = s.Length;
            i += 2;
            while (i < n && !(s[i] == '*' && i + 1 < n && s[i + 1] == '/'))
            {
                if (s[i] == '\n')
                {
                    line++;
                    inside[line] = true;
                }

                i++;
            }

            i = Math.Min(n, i + 2);
        }

        /// <summary>Skips a "..." or '...' literal starting at s[i]; an unterminated literal ends at the end of the line.</summary>
        private static void SkipQuoted(string s, ref int i, ref int line, bool[] inside)
        {
            int n = s.Length;
            char q = s[i];
            i++;
            while (i < n)
            {
                char ch = s[i];
                if (ch == '\\')
                {
                    if (i + 1 < n && s[i + 1] == '\n')
                    {
                        line++;
                        inside[line] = true;
                    }

                    i += 2;
                    continue;
                }

                if (ch == q)
                {
                    i++;
                    return;
                }

                if (ch == '\n') return;

                i++;
            }

            i = Math.Min(i, n);
        }

        /// <summary>Skips R"delim( ... )delim" starting at the opening quote s[i].</summary>
        private static void SkipRawString(string s, ref int i, ref int line, bool[] inside)
        {
            int n = s.Length;
            int open = s.IndexOf('(', i + 1);
            if (open < 0 || open - (i + 1) > 16 || s.IndexOf('\n', i, open - i) >= 0)
            {
                SkipQuoted(s, ref i, ref line, inside);
                return;
            }

            string terminator = ")" + s.Substring(i + 1, open - (i + 1)) + "\"";
            int end = s.IndexOf(terminator, open + 1, StringComparison.Ordinal);
            int stop = end < 0 ? n : end + terminator.Length;
            for (int k = i; k < stop; k++)
            {
                if (s[k] == '\n')
                {
                    line++;
                    inside[line] = true;
                }
            }

            i = stop;
        }

        /// <summary>Reads a directive from '#' to the end of its logical line; returns its text without comments.</summary>
        private static string LexDirective(string s, ref int i, ref int line, bool[] inside)
        {
            int n = s.Length;
            var sb = new StringBuilder();
            while (i < n)
            {
                char ch = s[i];
                if (ch == '\n') break;

                if (ch == '\\' && i + 1 < n && s[i + 1] == '\n')
                {
                    i += 2;
                    line++;
                    inside[line] = true;
                    continue;
                }

                if (ch == '/' && i + 1 < n && s[i + 1] == '/')
                {
                    SkipLineComment(s, ref i, ref line, inside);
                    sb.Append(' ');
                    continue;
                }

                if (ch == '/' && i + 1 < n && s[i + 1] == '*')
                {
                    SkipBlockComment(s, ref i, ref line, inside);
                    sb.Append(' ');
                    continue;
                }

                if (ch == '"' || ch == '\'')
                {
                    int start = i;
                    SkipQuoted(s, ref i, ref line, inside);
                    sb.Append(s, start, i - start);
                    continue;
                }

                sb.Append(ch == '\t' || ch == '\r' ? ' ' : ch);
                i++;
            }

            return CollapseSpaces(sb.ToString());
        }

        private static string CollapseSpaces(string text)
        {
            var sb = new StringBuilder(text.Length);
            bool pendingSpace = false;
            foreach (char ch in text.Trim())
            {
                if (ch == ' ')
                {
                    pendingSpace = true;
                    continue;
                }

                if (pendingSpace)
                {
                    sb.Append(' ');
                    pendingSpace = false;
                }

                sb.Append(ch);
            }

            return sb.ToString();
        }

        /// <summary>The keyword of a directive's text: "if" for "# if X".</summary>
        internal static string DirectiveKeywordOf(string text)
        {
            int k = 1;
            while (k < text.Length && text[k] == ' ') k++;

            int start = k;
            while (k < text.Length && IsIdentPart(text[k])) k++;

            return text.Substring(start, k - start);
        }

        private static bool IsStringPrefix(string ident) =>
            ident == "L" || ident == "u" || ident == "U" || ident == "u8" ||
            ident == "R" || ident == "LR" || ident == "uR" || ident == "UR" || ident == "u8R";

        /// <summary>True for a character that may start an identifier (as gcc accepts: letters, _, $, non-ASCII).</summary>
        internal static bool IsIdentStart(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || c >= 0x80;

        /// <summary>True for a character that may continue an identifier.</summary>
        internal static bool IsIdentPart(char c) => IsIdentStart(c) || IsDigit(c);

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        private static bool IsAlnum(char c) => IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
