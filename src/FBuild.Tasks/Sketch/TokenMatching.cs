using System.Collections.Generic;

namespace FBuild.Tasks.Sketch
{
    /// <summary>Matches token sequences: brackets to their partners, template heads, top-level punctuation.</summary>
    internal static class TokenMatching
    {
        /// <summary>Index of the ')' or ']' matching the '(' or '[' at <paramref name="open"/>, or -1.</summary>
        internal static int MatchGroup(IReadOnlyList<SketchToken> tokens, int open)
        {
            int depth = 0;
            for (int k = open; k < tokens.Count; k++)
            {
                SketchToken t = tokens[k];
                if (t.Kind != SketchTokenKind.Punct) continue;

                if (t.Text == "(" || t.Text == "[" || t.Text == "{")
                {
                    depth++;
                }
                else if (t.Text == ")" || t.Text == "]" || t.Text == "}")
                {
                    depth--;
                    if (depth == 0) return k;
                }
            }

            return -1;
        }

        /// <summary>Index of the '&gt;' matching the '&lt;' at <paramref name="open"/> (parentheses protect comparisons), or -1.</summary>
        internal static int MatchAngle(IReadOnlyList<SketchToken> tokens, int open)
        {
            int depth = 0;
            for (int k = open; k < tokens.Count; k++)
            {
                SketchToken t = tokens[k];
                if (t.Kind != SketchTokenKind.Punct) continue;

                switch (t.Text)
                {
                    case "<":
                        depth++;
                        break;
                    case ">":
                        depth--;
                        break;
                    case ">>":
                        depth -= 2;
                        break;
                    case "(":
                    case "[":
                    case "{":
                        int close = MatchGroup(tokens, k);
                        if (close < 0) return -1;

                        k = close;
                        break;
                    case ";":
                        return -1;
                }

                if (depth <= 0) return depth == 0 ? k : -1;
            }

            return -1;
        }

        /// <summary>Index after any leading "template &lt;...&gt;" heads (whose default arguments contain '=').</summary>
        internal static int SkipTemplateHeads(List<SketchToken> head)
        {
            int start = 0;
            while (start + 1 < head.Count && head[start].IsIdent("template") && head[start + 1].IsPunct("<"))
            {
                int close = MatchAngle(head, start + 1);
                if (close < 0) return start;

                start = close + 1;
            }

            return start;
        }

        /// <summary>True when <paramref name="punct"/> occurs outside parentheses and brackets, after any template heads.</summary>
        internal static bool ContainsTopLevel(List<SketchToken> head, string punct)
        {
            int depth = 0;
            for (int k = SkipTemplateHeads(head); k < head.Count; k++)
            {
                SketchToken t = head[k];
                if (t.Kind != SketchTokenKind.Punct) continue;

                if (t.Text == "(" || t.Text == "[")
                {
                    depth++;
                }
                else if (t.Text == ")" || t.Text == "]")
                {
                    depth--;
                }
                else if (depth == 0 && t.Text == punct)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
