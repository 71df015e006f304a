using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace FBuild.Tasks.Sketch
{
    /// <summary>
    /// Turns the .ino tabs of a sketch into one C++ translation unit the way the Arduino IDE (arduino-builder /
    /// arduino-cli) does: tabs are concatenated behind "#line 1" directives, "#include &lt;Arduino.h&gt;" is added
    /// unless the main tab includes it, and prototypes are generated for the functions defined at file scope and
    /// inserted before the first function, each preceded by a "#line" pointing at the function it was made from.
    /// </summary>
    public static class InoPreprocessor
    {
        private static readonly Regex Identifier = new Regex(@"[A-Za-z_]\w*", RegexOptions.CultureInvariant);

        private static readonly Regex IncludesArduinoH = new Regex(@"^#\s*include\s*[<""]Arduino\.h[>""]", RegexOptions.CultureInvariant);

        /// <summary>Orders the tabs as the Arduino IDE joins them (see <see cref="SketchLayout.OrderTabs"/>).</summary>
        public static IReadOnlyList<string> OrderTabs(IEnumerable<string> inoPaths, string sketchName) =>
            SketchLayout.OrderTabs(inoPaths, sketchName);

        /// <summary>
        /// Produces the complete generated C++ source (what arduino-builder writes as &lt;Sketch&gt;.ino.cpp) from the
        /// tabs, already ordered with <see cref="OrderTabs"/>; each tab is its full path and its text.
        /// </summary>
        public static string Generate(IReadOnlyList<(string Path, string Text)> orderedTabs)
        {
            if (orderedTabs is null) throw new ArgumentNullException(nameof(orderedTabs));
            if (orderedTabs.Count == 0) throw new ArgumentException("A sketch needs at least one .ino tab.", nameof(orderedTabs));

            // Merge: "#line 1 "<tab>"" + text + "\n" per tab, as arduino-builder's sketch source merger does.
            var merged = new StringBuilder();
            var lineTab = new List<int>();
            var lineNumber = new List<int>();
            for (int t = 0; t < orderedTabs.Count; t++)
            {
                string text = NormalizeNewlines(orderedTabs[t].Text ?? string.Empty);
                merged.Append("#line 1 ").Append(QuotePath(orderedTabs[t].Path)).Append('\n');
                merged.Append(text).Append('\n');
                lineTab.Add(-1);
                lineNumber.Add(0);
                int lines = 1;
                foreach (char ch in text)
                {
                    if (ch == '\n') lines++;
                }

                for (int l = 1; l <= lines; l++)
                {
                    lineTab.Add(t);
                    lineNumber.Add(l);
                }
            }

            // The final "\n" starts one more (empty) line.
            lineTab.Add(-1);
            lineNumber.Add(0);

            string body = merged.ToString();
            SketchLexResult lex = SketchLexer.Lex(body);
            PrototypeScanner scan = PrototypeScanner.Scan(lex);

            bool includesArduinoH = false;
            foreach (SketchToken tok in lex.Tokens)
            {
                if (tok.Kind == SketchTokenKind.Directive && tok.DirectiveKeyword == "include" &&
                    lineTab[tok.Line] == 0 && IncludesArduinoH.IsMatch(tok.Text))
                {
                    includesArduinoH = true;
                    break;
                }
            }

            List<(int Line, string Text)> sections = BuildPrototypeSections(scan, orderedTabs, lineTab, lineNumber);

            var output = new StringBuilder(body.Length + 64);
            if (!includesArduinoH) output.Append("#include <Arduino.h>\n");

            int copied = 0;
            int copiedLine = 0;
            foreach ((int line, string text) in sections)
            {
                int offset = OffsetOfLine(body, line, copied, copiedLine);
                output.Append(body, copied, offset - copied);
                output.Append(text);
                copied = offset;
                copiedLine = line;
            }

            output.Append(body, copied, body.Length - copied);
            return output.ToString();
        }

        /// <summary>
        /// Computes the prototype section(s): normally one, just before the first function (like arduino-builder).
        /// Extra sections appear only where arduino-builder's output would not compile: before a file-scope
        /// declaration that already names a sketch function (a global constructed with a callback), before code
        /// bodies that are not free functions (ISR(vect) { }, Foo::bar() { }), and right after a type declared
        /// after the first function for the prototypes that use it.
        /// </summary>
        private static List<(int Line, string Text)> BuildPrototypeSections(
            PrototypeScanner scan,
            IReadOnlyList<(string Path, string Text)> tabs,
            List<int> lineTab,
            List<int> lineNumber)
        {
            var sections = new List<(int Line, string Text)>();

            // One prototype per function defined at file scope, unless the sketch declares it itself.
            var candidates = new List<Candidate>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (FunctionDefinition def in scan.Definitions)
            {
                if (scan.DeclaredKeys.Contains(def.Head.Key)) continue;

                string text = def.Head.PrototypeText();
                if (def.CLinkage && !def.Head.PrefixStartsWithExtern)
                {
                    // extern "C" static void f(); is ill-formed; the braced form is not.
                    text = def.Head.HasStatic ? "extern \"C\" { " + text + " }" : "extern \"C\" " + text;
                }

                if (!seen.Add(def.Context.KeyFrom(0) + "|" + text)) continue;

                candidates.Add(new Candidate(def, text));
                names.Add(def.Head.NameText);
            }

            if (candidates.Count == 0) return sections;

            // Targets, in order: a file-scope declaration that already names one of the functions (a global object
            // constructed with a callback, a table of function pointers), the first other code body (ISR(vect) { },
            // Foo::bar() { }), and the first function definition, where arduino-builder puts its section. Each
            // prototype goes to the first target where it can be declared (its types are declared by then).
            int mainLine = int.MaxValue;
            ConditionalContext mainContext = ConditionalContext.Empty;
            foreach (FunctionDefinition def in scan.Definitions)
            {
                if (def.StartLine < mainLine)
                {
                    mainLine = def.StartLine;
                    mainContext = def.Context;
                }
            }

            TopLevelUse? block = null;
            foreach (TopLevelUse b in scan.FunctionLikeBlocks)
            {
                if (b.StartLine < mainLine && (block is null || b.StartLine < block.StartLine)) block = b;
            }

            TopLevelUse? early = null;
            int earlyLimit = block?.StartLine ?? mainLine;
            foreach (TopLevelUse use in scan.Uses)
            {
                if (use.StartLine < earlyLimit && (early is null || use.StartLine < early.StartLine) && use.Names.Exists(names.Contains)) early = use;
            }

            var pending = candidates;
            if (early != null) pending = AddSection(sections, scan, tabs, lineTab, lineNumber, pending, early.StartLine, early.Context);

            if (block != null && pending.Count > 0)
            {
                pending = AddSection(sections, scan, tabs, lineTab, lineNumber, pending, block.StartLine, block.Context);
            }

            if (pending.Count > 0) pending = AddSection(sections, scan, tabs, lineTab, lineNumber, pending, mainLine, mainContext);

            // Prototypes that name a type the sketch declares after the first function (where arduino-builder's
            // prototype would not compile) go right after the last such type, if that is still before the function.
            var late = new SortedDictionary<int, List<Candidate>>();
            foreach (Candidate c in pending)
            {
                int afterTypes = LastTypeLine(scan, c.Def.Head);
                for (int l = afterTypes + 1; l < c.Def.StartLine && l < scan.LineStates.Length; l++)
                {
                    LineState state = scan.LineStates[l];
                    if (lineTab[l] >= 0 && state.Clean && state.Context != null &&
                        state.Context.CommonPrefixLength(c.Def.Context) == state.Context.Frames.Length)
                    {
                        if (!late.TryGetValue(l, out List<Candidate>? group)) late[l] = group = new List<Candidate>();

                        group.Add(c);
                        break;
                    }
                }
            }

            foreach (KeyValuePair<int, List<Candidate>> group in late)
            {
                EmitSection(sections, scan, tabs, lineTab, lineNumber, group.Value, group.Key, scan.LineStates[group.Key].Context.Frames.Length);
            }

            return sections.OrderBy(section => section.Line).ToList();
        }

        private static int LastTypeLine(PrototypeScanner scan, FunctionHead head)
        {
            int last = -1;
            foreach (SketchToken tok in head.AllTokens())
            {
                if (tok.Kind == SketchTokenKind.Identifier && !head.Name.Contains(tok) && scan.TypeNames.TryGetValue(tok.Text, out int typeLine))
                {
                    last = Math.Max(last, typeLine);
                }
            }

            return last;
        }

        private sealed class Candidate
        {
            public Candidate(FunctionDefinition def, string text)
            {
                Def = def;
                Text = text;
            }

            public FunctionDefinition Def { get; }

            public string Text { get; }
        }

        /// <summary>Emits the candidates that can be declared before <paramref name="targetLine"/>; returns the others.</summary>
        private static List<Candidate> AddSection(
            List<(int Line, string Text)> sections,
            PrototypeScanner scan,
            IReadOnlyList<(string Path, string Text)> tabs,
            List<int> lineTab,
            List<int> lineNumber,
            List<Candidate> candidates,
            int targetLine,
            ConditionalContext targetContext)
        {
            // The section goes at file scope, inside exactly the preprocessor conditionals that enclose all the
            // functions and the target; each prototype is wrapped in the remaining conditionals of its function.
            int baseLength = targetContext.Frames.Length;
            foreach (Candidate c in candidates) baseLength = Math.Min(baseLength, c.Def.Context.CommonPrefixLength(targetContext));

            int line = FindInsertionLine(scan, lineTab, targetLine, targetContext, baseLength);
            if (line < 0)
            {
                baseLength = 0;
                line = FindInsertionLine(scan, lineTab, targetLine, targetContext, 0);
            }

            if (line < 0) line = 1;

            // A prototype naming a type that the sketch declares only after this point would not compile there.
            var kept = new List<Candidate>();
            var rest = new List<Candidate>();
            foreach (Candidate c in candidates) (UsesTypeDeclaredAtOrAfter(scan, c.Def.Head, line) ? rest : kept).Add(c);

            if (kept.Count > 0) EmitSection(sections, scan, tabs, lineTab, lineNumber, kept, line, baseLength);

            return rest;
        }

        /// <summary>
        /// Adds a section before <paramref name="line"/>: per prototype the conditionals of its function beyond the
        /// first <paramref name="baseLength"/> (those enclose the section itself), "#line" of the function, the prototype;
        /// then a "#line" restoring the numbering of the line that follows, as arduino-builder does.
        /// </summary>
        private static void EmitSection(
            List<(int Line, string Text)> sections,
            PrototypeScanner scan,
            IReadOnlyList<(string Path, string Text)> tabs,
            List<int> lineTab,
            List<int> lineNumber,
            List<Candidate> kept,
            int line,
            int baseLength)
        {
            var sb = new StringBuilder();
            foreach (Candidate c in kept)
            {
                ConditionalFrame[] frames = c.Def.Context.Frames;
                List<MacroChange> later = LaterMacroChanges(scan, c.Def, baseLength, line);
                foreach (MacroChange change in later)
                {
                    sb.Append("#pragma push_macro(\"").Append(change.Name).Append("\")\n#undef ").Append(change.Name).Append('\n');
                    if (SketchLexer.DirectiveKeywordOf(change.Directive) == "define") sb.Append(change.Directive).Append('\n');
                }

                for (int f = baseLength; f < frames.Length; f++)
                {
                    foreach (string directive in frames[f].Directives) sb.Append(directive).Append('\n');
                }

                int nameLine = c.Def.Head.NameLine;
                sb.Append("#line ").Append(lineNumber[nameLine]).Append(' ').Append(QuotePath(tabs[lineTab[nameLine]].Path)).Append('\n');
                sb.Append(c.Text).Append('\n');
                for (int f = baseLength; f < frames.Length; f++) sb.Append("#endif\n");
                foreach (MacroChange change in later) sb.Append("#pragma pop_macro(\"").Append(change.Name).Append("\")\n");
            }

            sb.Append("#line ").Append(lineNumber[line]).Append(' ').Append(QuotePath(tabs[lineTab[line]].Path)).Append('\n');
            sections.Add((line, sb.ToString()));
        }

        /// <summary>
        /// The macros that the conditionals of <paramref name="def"/> test and that the sketch #defines or #undefs
        /// between the section (<paramref name="sectionLine"/>) and the definition, each with its last such change.
        /// Around the prototype the section gives each its value at the definition (push_macro, the change,
        /// pop_macro), so the prototype is chosen by the same branch as the definition. A change under conditionals
        /// that do not also enclose the definition is left alone: whether it happens is known only to the compiler.
        /// </summary>
        private static List<MacroChange> LaterMacroChanges(PrototypeScanner scan, FunctionDefinition def, int baseLength, int sectionLine)
        {
            var result = new List<MacroChange>();
            ConditionalFrame[] frames = def.Context.Frames;
            if (frames.Length <= baseLength || scan.MacroChanges.Count == 0) return result;

            var tested = new HashSet<string>(StringComparer.Ordinal);
            for (int f = baseLength; f < frames.Length; f++)
            {
                foreach (string directive in frames[f].Directives)
                {
                    foreach (Match m in Identifier.Matches(directive.Substring(directive.IndexOf(SketchLexer.DirectiveKeywordOf(directive), StringComparison.Ordinal))))
                    {
                        tested.Add(m.Value);
                    }
                }
            }

            var last = new Dictionary<string, MacroChange>(StringComparer.Ordinal);
            foreach (MacroChange change in scan.MacroChanges)
            {
                if (change.Line < sectionLine || change.Line >= def.StartLine || !tested.Contains(change.Name)) continue;

                last[change.Name] = change;
            }

            foreach (MacroChange change in last.Values)
            {
                if (change.Context.CommonPrefixLength(def.Context) == change.Context.Frames.Length) result.Add(change);
            }

            return result.OrderBy(change => change.Line).ToList();
        }

        private static bool UsesTypeDeclaredAtOrAfter(PrototypeScanner scan, FunctionHead head, int line)
        {
            foreach (SketchToken tok in head.AllTokens())
            {
                if (tok.Kind == SketchTokenKind.Identifier && !head.Name.Contains(tok) &&
                    scan.TypeNames.TryGetValue(tok.Text, out int typeLine) && typeLine >= line)
                {
                    return true;
                }
            }

            return false;
        }

        private static int FindInsertionLine(PrototypeScanner scan, List<int> lineTab, int targetLine, ConditionalContext targetContext, int baseLength)
        {
            for (int l = Math.Min(targetLine, scan.LineStates.Length - 1); l >= 0; l--)
            {
                LineState state = scan.LineStates[l];
                if (lineTab[l] < 0 || !state.Clean || state.Context is null) continue;

                if (state.Context.Frames.Length == baseLength && state.Context.CommonPrefixLength(targetContext) >= baseLength) return l;
            }

            return -1;
        }

        private static int OffsetOfLine(string text, int line, int fromOffset, int fromLine)
        {
            int offset = fromOffset;
            for (int l = fromLine; l < line; l++)
            {
                int nl = text.IndexOf('\n', offset);
                if (nl < 0) return text.Length;

                offset = nl + 1;
            }

            return offset;
        }

        private static string NormalizeNewlines(string text)
        {
            if (text.Length > 0 && text[0] == '\uFEFF') text = text.Substring(1);

            return text.Replace("\r\n", "\n").Replace('\r', '\n');
        }

        private static string QuotePath(string path) =>
            "\"" + path.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
    }
}
