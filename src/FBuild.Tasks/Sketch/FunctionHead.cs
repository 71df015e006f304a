using System;
using System.Collections.Generic;
using System.Text;

namespace FBuild.Tasks.Sketch
{
    /// <summary>
    /// The declarator part of a file-scope function declaration or definition ("head"): everything before
    /// the body's '{' or the declaration's ';'. Parsed from tokens, without a symbol table.
    /// </summary>
    internal sealed class FunctionHead
    {
        private FunctionHead(
            List<SketchToken> templateTokens,
            List<SketchToken> prefix,
            List<SketchToken> name,
            List<SketchToken> parameters,
            List<SketchToken> trailing)
        {
            TemplateTokens = templateTokens;
            Prefix = prefix;
            Name = name;
            Parameters = parameters;
            Trailing = trailing;
            NameText = Render(name);
            Key = NameText + "(" + string.Join(",", ParameterTypeKeys(parameters)) + ")";
        }

        /// <summary>"template &lt;...&gt;" heads, default template arguments already removed.</summary>
        public List<SketchToken> TemplateTokens { get; }

        /// <summary>Specifiers and return type, e.g. "static unsigned long" or "const char *".</summary>
        public List<SketchToken> Prefix { get; }

        /// <summary>The name, e.g. "setup", "operator&lt;&lt;" or "foo&lt;int&gt;".</summary>
        public List<SketchToken> Name { get; }

        /// <summary>The tokens between the parameter parentheses, default arguments removed.</summary>
        public List<SketchToken> Parameters { get; }

        /// <summary>Tokens after ')' such as "noexcept", "__attribute__((...))" or "-&gt; int".</summary>
        public List<SketchToken> Trailing { get; }

        /// <summary>The name as text, e.g. "operator&lt;&lt;".</summary>
        public string NameText { get; }

        /// <summary>Name plus parameter types without parameter names: identifies "the same function" across declarations.</summary>
        public string Key { get; }

        /// <summary>Line of the name's first token.</summary>
        public int NameLine => Name[0].Line;

        /// <summary>True when the declaration starts with "extern" (e.g. extern "C" int f()).</summary>
        public bool PrefixStartsWithExtern => Prefix.Count > 0 && Prefix[0].IsIdent("extern");

        /// <summary>True when the prefix has "static".</summary>
        public bool HasStatic
        {
            get
            {
                foreach (SketchToken t in Prefix)
                {
                    if (t.IsIdent("static")) return true;
                }

                return false;
            }
        }

        /// <summary>All tokens of the prototype, in order (without the ';').</summary>
        public IEnumerable<SketchToken> AllTokens()
        {
            foreach (SketchToken t in TemplateTokens) yield return t;

            foreach (SketchToken t in Prefix) yield return t;

            foreach (SketchToken t in Name) yield return t;

            yield return new SketchToken(SketchTokenKind.Punct, "(", Name[0].Line, false);
            foreach (SketchToken t in Parameters) yield return t;

            yield return new SketchToken(SketchTokenKind.Punct, ")", Name[0].Line, false);
            foreach (SketchToken t in Trailing) yield return t;
        }

        /// <summary>The prototype text, e.g. "unsigned long foo(int a, int b);".</summary>
        public string PrototypeText() => Render(AllTokens()) + ";";

        // ------------------------------------------------------------------ parsing

        private static readonly HashSet<string> AttributeLike = new HashSet<string>(StringComparer.Ordinal)
        {
            "__attribute__", "__attribute", "__declspec", "alignas", "_Alignas", "decltype", "__typeof__", "__typeof",
            "typeof", "__asm__", "__asm", "asm", "noexcept", "throw", "sizeof", "alignof", "_Pragma", "static_assert",
            "__extension__",
        };

        private static readonly HashSet<string> Specifiers = new HashSet<string>(StringComparer.Ordinal)
        {
            "static", "inline", "extern", "constexpr", "virtual", "explicit", "friend", "register", "thread_local",
            "mutable", "__inline", "__inline__", "__extension__", "__forceinline",
        };

        private static readonly HashSet<string> Keywords = new HashSet<string>(StringComparer.Ordinal)
        {
            "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case", "catch",
            "char", "char16_t", "char32_t", "class", "compl", "const", "constexpr", "const_cast", "continue", "decltype",
            "default", "delete", "do", "double", "dynamic_cast", "else", "enum", "explicit", "export", "extern", "false",
            "float", "for", "friend", "goto", "if", "inline", "int", "long", "mutable", "namespace", "new", "noexcept",
            "not", "not_eq", "nullptr", "or", "or_eq", "private", "protected", "public", "register", "reinterpret_cast",
            "return", "short", "signed", "sizeof", "static", "static_assert", "static_cast", "struct", "switch", "template",
            "this", "thread_local", "throw", "true", "try", "typedef", "typeid", "typename", "union", "unsigned", "using",
            "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq",
        };

        private static readonly HashSet<string> TypeKeywords = new HashSet<string>(StringComparer.Ordinal)
        {
            "void", "bool", "char", "wchar_t", "char16_t", "char32_t", "short", "int", "long", "signed", "unsigned",
            "float", "double", "auto",
        };

        private static readonly HashSet<string> NotTypeWords = new HashSet<string>(StringComparer.Ordinal)
        {
            "const", "volatile", "struct", "class", "enum", "union", "typename", "register",
        };

        private static readonly HashSet<string> HeadStartBlacklist = new HashSet<string>(StringComparer.Ordinal)
        {
            "typedef", "using", "friend", "namespace", "return", "static_assert", "goto", "case", "default", "public",
            "private", "protected",
        };

        /// <summary>
        /// Tries to read a file-scope function declarator from <paramref name="head"/>. Returns null for anything else
        /// (variables, types, macro invocations such as ISR(...), methods defined outside their class, function pointers).
        /// </summary>
        public static FunctionHead? TryParse(IReadOnlyList<SketchToken> head)
        {
            int n = head.Count;
            if (n == 0 || (head[0].Kind == SketchTokenKind.Identifier && HeadStartBlacklist.Contains(head[0].Text))) return null;

            int i = 0;
            var templateTokens = new List<SketchToken>();
            while (i < n && head[i].IsIdent("template"))
            {
                if (i + 1 >= n || !head[i + 1].IsPunct("<"))
                {
                    return null; // explicit instantiation
                }

                int close = TokenMatching.MatchAngle(head, i + 1);
                if (close < 0) return null;

                templateTokens.Add(head[i]);
                templateTokens.AddRange(StripDefaults(head, i + 1, close, trackAngles: true));
                i = close + 1;
            }

            bool templated = templateTokens.Count > 0;
            int bodyStart = i;
            for (int j = bodyStart; j < n; j++)
            {
                SketchToken t = head[j];
                if (t.Kind == SketchTokenKind.Punct)
                {
                    if (t.Text == "=" || t.Text == "{" || t.Text == "}") return null;

                    if (t.Text == "(" || t.Text == "[")
                    {
                        int close = TokenMatching.MatchGroup(head, j);
                        if (close < 0) return null;

                        j = close;
                    }

                    continue;
                }

                if (t.Kind != SketchTokenKind.Identifier) continue;

                int paren;
                if (t.Text == "operator")
                {
                    paren = OperatorParen(head, j);
                }
                else
                {
                    if (Keywords.Contains(t.Text) || AttributeLike.Contains(t.Text)) continue;

                    paren = j + 1;
                    if (templated && paren < n && head[paren].IsPunct("<"))
                    {
                        int close = TokenMatching.MatchAngle(head, paren);
                        paren = close < 0 ? -1 : close + 1;
                    }
                }

                if (paren < 0 || paren >= n || !head[paren].IsPunct("("))
                {
                    continue;
                }

                int paramsClose = TokenMatching.MatchGroup(head, paren);
                if (paramsClose < 0) return null;

                FunctionHead? result = TryCandidate(head, templateTokens, bodyStart, j, paren, paramsClose);
                if (result != null) return result;

                if (j > bodyStart && IsQualifier(head[j - 1])) return null;
            }

            return null;
        }

        private static FunctionHead? TryCandidate(IReadOnlyList<SketchToken> head, List<SketchToken> templateTokens, int bodyStart, int nameStart, int paren, int paramsClose)
        {
            int n = head.Count;

            // A qualified name (Foo::bar, ::bar) or member access is not a free function definition.
            if (nameStart > bodyStart && IsQualifier(head[nameStart - 1])) return null;

            var trailing = new List<SketchToken>();
            if (!TrailingOk(head, paramsClose + 1, trailing)) return null;

            // Prefix: specifiers and return type. A macro invocation in front (MACRO(x) void f()) is dropped.
            int prefixStart = bodyStart;
            for (int k = bodyStart; k < nameStart; k++)
            {
                SketchToken t = head[k];
                if (t.IsPunct("(") || t.IsPunct("["))
                {
                    int close = TokenMatching.MatchGroup(head, k);
                    if (close < 0 || close >= nameStart) return null;

                    if (t.IsPunct("["))
                    {
                        if (!(k + 1 < n && head[k + 1].IsPunct("["))) return null;
                    }
                    else if (k == bodyStart || head[k - 1].Kind != SketchTokenKind.Identifier)
                    {
                        return null; // e.g. "void (*fp)(int)" or "int (a)"
                    }
                    else if (!AttributeLike.Contains(head[k - 1].Text))
                    {
                        prefixStart = close + 1;
                    }

                    k = close;
                    continue;
                }

                if (t.IsPunct(",") || t.IsPunct(":") || t.IsPunct("=") || t.IsPunct(";")) return null;
            }

            bool hasType = false;
            for (int k = prefixStart; k < nameStart; k++)
            {
                SketchToken t = head[k];
                if (t.IsPunct("(") || t.IsPunct("["))
                {
                    k = TokenMatching.MatchGroup(head, k);
                    continue;
                }

                if (t.Kind == SketchTokenKind.Identifier && !Specifiers.Contains(t.Text) && !AttributeLike.Contains(t.Text)) hasType = true;
            }

            if (!hasType) return null;

            var prefix = new List<SketchToken>();
            for (int k = prefixStart; k < nameStart; k++) prefix.Add(head[k]);

            var name = new List<SketchToken>();
            for (int k = nameStart; k < paren; k++) name.Add(head[k]);

            List<SketchToken> parameters = StripDefaults(head, paren, paramsClose, trackAngles: false);
            parameters.RemoveAt(0);
            parameters.RemoveAt(parameters.Count - 1);
            return new FunctionHead(new List<SketchToken>(templateTokens), prefix, name, parameters, trailing);
        }

        private static bool IsQualifier(SketchToken t) =>
            t.IsPunct("::") || t.IsPunct(".") || t.IsPunct("->") || t.IsPunct("~");

        private static int OperatorParen(IReadOnlyList<SketchToken> head, int j)
        {
            int n = head.Count;
            int k = j + 1;
            if (k + 1 < n && head[k].IsPunct("(") && head[k + 1].IsPunct(")"))
            {
                return k + 2; // operator()
            }

            while (k < n && !head[k].IsPunct("(") && !head[k].IsPunct(";") && !head[k].IsPunct("{"))
            {
                k++;
            }

            return k > j + 1 ? k : -1;
        }

        /// <summary>Accepts what may follow a parameter list: cv/ref qualifiers, noexcept, attributes, macro attributes, trailing return type.</summary>
        private static bool TrailingOk(IReadOnlyList<SketchToken> head, int k, List<SketchToken> kept)
        {
            int n = head.Count;
            while (k < n)
            {
                SketchToken t = head[k];
                string text = t.Text;
                if (t.Kind == SketchTokenKind.Identifier &&
                    (text == "const" || text == "volatile" || text == "override" || text == "final"))
                {
                    kept.Add(t);
                    k++;
                }
                else if (t.IsPunct("&") || t.IsPunct("&&"))
                {
                    kept.Add(t);
                    k++;
                }
                else if (t.Kind == SketchTokenKind.Identifier && text == "try" && k == n - 1)
                {
                    k++; // function-try-block: not part of the declaration
                }
                else if (t.Kind == SketchTokenKind.Identifier &&
                         (text == "noexcept" || text == "throw" || AttributeLike.Contains(text) || IsMacroLike(text)))
                {
                    kept.Add(t);
                    k++;
                    if (k < n && head[k].IsPunct("("))
                    {
                        int close = TokenMatching.MatchGroup(head, k);
                        if (close < 0) return false;

                        for (; k <= close; k++) kept.Add(head[k]);
                    }
                }
                else if (t.IsPunct("[") && k + 1 < n && head[k + 1].IsPunct("["))
                {
                    int close = TokenMatching.MatchGroup(head, k);
                    if (close < 0) return false;

                    for (; k <= close; k++) kept.Add(head[k]);
                }
                else if (t.IsPunct("->"))
                {
                    for (; k < n; k++)
                    {
                        if (head[k].IsPunct("=") || head[k].IsPunct(";")) return false;

                        kept.Add(head[k]);
                    }
                }
                else
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsMacroLike(string text)
        {
            if (text.Length < 2) return false;

            foreach (char c in text)
            {
                if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
            }

            return true;
        }

        /// <summary>
        /// Copies tokens[open..close] (a bracketed list) leaving out default arguments ("= expr" up to the next
        /// top-level ',' or the closing bracket).
        /// </summary>
        private static List<SketchToken> StripDefaults(IReadOnlyList<SketchToken> tokens, int open, int close, bool trackAngles)
        {
            var result = new List<SketchToken> { tokens[open] };
            int depth = 0;
            int angle = 0;
            bool skipping = false;
            for (int k = open + 1; k < close; k++)
            {
                SketchToken t = tokens[k];
                if (t.Kind == SketchTokenKind.Punct)
                {
                    switch (t.Text)
                    {
                        case "(":
                        case "[":
                        case "{":
                            depth++;
                            break;
                        case ")":
                        case "]":
                        case "}":
                            depth--;
                            break;
                        case "<":
                            if (trackAngles || !skipping) angle++;

                            break;
                        case ">":
                            if ((trackAngles || !skipping) && angle > 0) angle--;

                            break;
                        case ">>":
                            if (trackAngles || !skipping) angle = Math.Max(0, angle - 2);

                            break;
                        case "=":
                            if (depth == 0 && angle == 0) skipping = true;

                            break;
                        case ",":
                            if (depth == 0 && angle == 0) skipping = false;

                            break;
                    }
                }

                if (!skipping) result.Add(t);
            }

            result.Add(tokens[close]);
            return result;
        }

        // ------------------------------------------------------------------ keys and rendering

        private static List<string> ParameterTypeKeys(List<SketchToken> parameters)
        {
            var keys = new List<string>();
            var current = new List<SketchToken>();
            int depth = 0;
            int angle = 0;
            foreach (SketchToken t in parameters)
            {
                if (t.Kind == SketchTokenKind.Punct)
                {
                    if (t.Text == "(" || t.Text == "[" || t.Text == "{")
                    {
                        depth++;
                    }
                    else if (t.Text == ")" || t.Text == "]" || t.Text == "}")
                    {
                        depth--;
                    }
                    else if (t.Text == "<")
                    {
                        angle++;
                    }
                    else if (t.Text == ">" && angle > 0)
                    {
                        angle--;
                    }
                    else if (t.Text == ">>")
                    {
                        angle = Math.Max(0, angle - 2);
                    }
                    else if (t.Text == "," && depth == 0 && angle == 0)
                    {
                        keys.Add(ParameterTypeKey(current));
                        current.Clear();
                        continue;
                    }
                }

                current.Add(t);
            }

            if (current.Count > 0 || keys.Count > 0) keys.Add(ParameterTypeKey(current));

            if (keys.Count == 1 && keys[0] == "void") keys.Clear();

            return keys;
        }

        /// <summary>A parameter's type without its name: "const String &amp;s" gives "const String &amp;".</summary>
        private static string ParameterTypeKey(List<SketchToken> p)
        {
            var tokens = new List<SketchToken>(p);

            // Function pointer / reference-to-array parameters: remove the name in "(*name)" / "(&name)".
            for (int k = 0; k + 2 < tokens.Count; k++)
            {
                if (tokens[k].IsPunct("(") && (tokens[k + 1].IsPunct("*") || tokens[k + 1].IsPunct("&")))
                {
                    int m = k + 1;
                    while (m < tokens.Count && (tokens[m].IsPunct("*") || tokens[m].IsPunct("&"))) m++;

                    if (m + 1 < tokens.Count && tokens[m].Kind == SketchTokenKind.Identifier && tokens[m + 1].IsPunct(")"))
                    {
                        tokens.RemoveAt(m);
                        return Render(tokens);
                    }
                }
            }

            int end = tokens.Count;
            while (end > 0 && tokens[end - 1].IsPunct("]"))
            {
                int depth = 0;
                int k = end - 1;
                for (; k >= 0; k--)
                {
                    if (tokens[k].IsPunct("]"))
                    {
                        depth++;
                    }
                    else if (tokens[k].IsPunct("["))
                    {
                        depth--;
                        if (depth == 0) break;
                    }
                }

                if (k < 0) break;

                end = k;
            }

            if (end >= 2)
            {
                SketchToken last = tokens[end - 1];
                SketchToken before = tokens[end - 2];
                if (last.Kind == SketchTokenKind.Identifier && !TypeKeywords.Contains(last.Text) &&
                    !NotTypeWords.Contains(last.Text) && !before.IsPunct("::"))
                {
                    bool typeBefore = false;
                    for (int k = 0; k < end - 1; k++)
                    {
                        SketchToken t = tokens[k];
                        if ((t.Kind == SketchTokenKind.Identifier && !NotTypeWords.Contains(t.Text)) || t.IsPunct(">") || t.IsPunct(">>"))
                        {
                            typeBefore = true;
                        }
                    }

                    if (typeBefore) tokens.RemoveAt(end - 1);
                }
            }

            return Render(tokens);
        }

        /// <summary>Joins tokens with single spaces where the source had whitespace, tidying around brackets and commas.</summary>
        internal static string Render(IEnumerable<SketchToken> tokens)
        {
            var sb = new StringBuilder();
            SketchToken? prev = null;
            foreach (SketchToken t in tokens)
            {
                if (prev != null)
                {
                    bool space = t.SpaceBefore;
                    if (prev.IsPunct("(") || prev.IsPunct("["))
                    {
                        space = false;
                    }

                    if (t.IsPunct(")") || t.IsPunct("]") || t.IsPunct(",") || t.IsPunct(";"))
                    {
                        space = false;
                    }

                    if (prev.IsPunct(",")) space = true;

                    if (!space && sb.Length > 0 && SketchLexer.IsIdentPart(sb[sb.Length - 1]) && t.Text.Length > 0 && SketchLexer.IsIdentPart(t.Text[0]))
                    {
                        space = true;
                    }

                    if (space) sb.Append(' ');
                }

                sb.Append(t.Text);
                prev = t;
            }

            return sb.ToString();
        }
    }
}
