using System;
using System.Collections.Generic;

namespace FBuild.Tasks.Sketch
{
    /// <summary>
    /// Walks the tokens of a merged sketch at file scope, the way ctags + arduino-builder see it, and records:
    /// function definitions (with their enclosing conditionals and linkage), function declarations, sketch-defined
    /// type names, file-scope declarations that use names, and for each line whether prototypes could be inserted
    /// before it (at file scope, outside any statement, comment or literal).
    /// </summary>
    internal sealed class PrototypeScanner
    {
        private enum ScopeKind
        {
            ExternC,
            ExternCpp,
            Function,
            MacroBlock,
            Class,
            Namespace,
            Init,
        }

        private sealed class Statement
        {
            public List<SketchToken> Head = new List<SketchToken>();
            public List<string> InitNames = new List<string>();
            public bool HasBlock;
            public bool LastWasBlock;
            public int StartLine;
            public ConditionalContext Context = ConditionalContext.Empty;
            public bool CLinkage;

            public Statement Clone() => new Statement
            {
                Head = new List<SketchToken>(Head),
                InitNames = new List<string>(InitNames),
                HasBlock = HasBlock,
                LastWasBlock = LastWasBlock,
                StartLine = StartLine,
                Context = Context,
                CLinkage = CLinkage,
            };
        }

        private sealed class State
        {
            public List<ScopeKind> Scopes = new List<ScopeKind>();
            public Statement? Stmt;
            public int ParenDepth;

            public State Clone() => new State
            {
                Scopes = new List<ScopeKind>(Scopes),
                Stmt = Stmt?.Clone(),
                ParenDepth = ParenDepth,
            };
        }

        private sealed class Frame
        {
            public int Id;
            public int Branch;
            public List<string> Directives = new List<string>();
            public State SavedAtIf = new State();
            public List<(State State, ConditionalContext Context)>? SavedAlternates;
            public State? FirstLiveEnd;

            // The state at the end of each live branch; Context is set when the branch ended with several scan
            // states (a head split by an earlier conditional): then it is that state's full context.
            public List<(State End, ConditionalFrame Branch, ConditionalContext? Context)> LiveEnds = new List<(State End, ConditionalFrame Branch, ConditionalContext? Context)>();
            public bool ParentDead;
            public bool CurrentDead;
            public bool KnownTrueSeen;
        }

        private static readonly HashSet<string> ClassKeys = new HashSet<string>(StringComparer.Ordinal) { "struct", "class", "union", "enum" };

        private readonly SketchLexResult _lex;
        private readonly List<Frame> _frames = new List<Frame>();
        private State _state = new State();
        private ConditionalContext _context = ConditionalContext.Empty;
        private int _nextFrameId;
        private int _filledUpTo = -1;
        private SketchToken? _prev;

        // While a declaration's head differs between the branches of a conditional (#ifdef A int16_t f() #else
        // int8_t f() #endif), one scan state per branch, each with the conditionals its new statements get.
        private List<(State State, ConditionalContext Context)>? _alternates;
        private ConditionalContext? _statementContext;

        private PrototypeScanner(SketchLexResult lex)
        {
            _lex = lex;
            LineStates = new LineState[lex.LineCount];
        }

        /// <summary>Function definitions at file scope, in order.</summary>
        public List<FunctionDefinition> Definitions { get; } = new List<FunctionDefinition>();

        /// <summary>Keys (<see cref="FunctionHead.Key"/>) of functions declared (not defined) at file scope.</summary>
        public HashSet<string> DeclaredKeys { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>Sketch-declared type names and the line of their first declaration.</summary>
        public Dictionary<string, int> TypeNames { get; } = new Dictionary<string, int>(StringComparer.Ordinal);

        /// <summary>File-scope declarations and macro blocks that refer to names, in order.</summary>
        public List<TopLevelUse> Uses { get; } = new List<TopLevelUse>();

        /// <summary>
        /// Bodies that are not free function definitions but hold code: macro blocks such as ISR(TIMER1_COMPA_vect) { ... },
        /// member functions defined outside their class, functions returning function pointers.
        /// </summary>
        public List<TopLevelUse> FunctionLikeBlocks { get; } = new List<TopLevelUse>();

        /// <summary>The sketch's #define and #undef directives outside dead (#if 0) code, in order.</summary>
        public List<MacroChange> MacroChanges { get; } = new List<MacroChange>();

        /// <summary>Per line of the scanned text: whether prototypes could go before it, and its conditionals.</summary>
        public LineState[] LineStates { get; }

        private bool IsDead => _frames.Count > 0 && _frames[_frames.Count - 1].CurrentDead;

        /// <summary>Scans the tokens of a merged sketch.</summary>
        public static PrototypeScanner Scan(SketchLexResult lex)
        {
            var scanner = new PrototypeScanner(lex);
            foreach (SketchToken t in lex.Tokens)
            {
                scanner.FillLines(t.Line);
                if (t.Kind == SketchTokenKind.Directive)
                {
                    scanner.OnDirective(t);
                    continue;
                }

                if (scanner.IsDead) continue;

                scanner.OnTokenInEveryAlternate(t);
                scanner._prev = t;
            }

            scanner.FillLines(lex.LineCount - 1);
            return scanner;
        }

        private void FillLines(int upTo)
        {
            for (int l = _filledUpTo + 1; l <= upTo && l < LineStates.Length; l++)
            {
                LineStates[l] = new LineState
                {
                    Clean = !_lex.LineStartsInside[l] && _state.Scopes.Count == 0 && _state.Stmt is null && _state.ParenDepth == 0 && !IsDead,
                    Context = _context,
                };
            }

            _filledUpTo = Math.Max(_filledUpTo, upTo);
        }

        // ------------------------------------------------------------------ conditionals

        private void OnDirective(SketchToken t)
        {
            string keyword = t.DirectiveKeyword ?? string.Empty;
            switch (keyword)
            {
                case "define":
                case "undef":
                {
                    string[] words = t.Text.Substring(t.Text.IndexOf(keyword, StringComparison.Ordinal) + keyword.Length).Split(new[] { ' ', '(' }, 2, StringSplitOptions.RemoveEmptyEntries);
                    if (!IsDead && words.Length > 0) MacroChanges.Add(new MacroChange(t.Line, _context, words[0], t.Text));

                    return;
                }

                case "if":
                case "ifdef":
                case "ifndef":
                {
                    bool parentDead = IsDead;
                    bool? value = keyword == "if" ? ConstantCondition(t.Text, "if") : null;
                    var frame = new Frame
                    {
                        Id = _nextFrameId++,
                        Branch = 0,
                        SavedAtIf = _state.Clone(),
                        SavedAlternates = CloneAlternates(_alternates),
                        ParentDead = parentDead,
                        CurrentDead = parentDead || value == false,
                        KnownTrueSeen = value == true,
                    };
                    frame.Directives.Add(t.Text);
                    _frames.Add(frame);
                    break;
                }

                case "elif":
                case "elifdef":
                case "elifndef":
                case "else":
                {
                    if (_frames.Count == 0) return;

                    Frame frame = _frames[_frames.Count - 1];
                    EndBranch(frame);

                    _state = frame.SavedAtIf.Clone();
                    _alternates = CloneAlternates(frame.SavedAlternates);
                    if (_alternates != null) _state = _alternates[0].State;

                    frame.Branch++;
                    frame.Directives.Add(t.Text);
                    if (keyword == "else")
                    {
                        frame.CurrentDead = frame.ParentDead || frame.KnownTrueSeen;
                    }
                    else
                    {
                        bool? value = keyword == "elif" ? ConstantCondition(t.Text, "elif") : null;
                        frame.CurrentDead = frame.ParentDead || frame.KnownTrueSeen || value == false;
                        if (value == true && !frame.CurrentDead) frame.KnownTrueSeen = true;
                    }

                    break;
                }

                case "endif":
                {
                    if (_frames.Count == 0) return;

                    Frame frame = _frames[_frames.Count - 1];
                    EndBranch(frame);
                    if (!frame.ParentDead && !frame.KnownTrueSeen && !frame.Directives.Exists(d => SketchLexer.DirectiveKeywordOf(d) == "else"))
                    {
                        // No #else: the implicit empty branch continues with the state before the #if.
                        var directives = new List<string>(frame.Directives) { "#else" };
                        var implicitElse = new ConditionalFrame(frame.Id, frame.Branch + 1, directives.ToArray());
                        if (frame.SavedAlternates is null)
                        {
                            frame.LiveEnds.Add((frame.SavedAtIf, implicitElse, null));
                        }
                        else
                        {
                            foreach ((State state, ConditionalContext context) in frame.SavedAlternates) frame.LiveEnds.Add((state, implicitElse, WithFrame(context, implicitElse)));
                        }
                    }

                    _frames.RemoveAt(_frames.Count - 1);
                    RebuildContext();
                    _alternates = null;

                    // Like ctags, continue with the state at the end of the first live branch, so that
                    // alternative branches that each open or close braces do not unbalance the scan; but when the
                    // branches leave different heads of one declaration pending, follow each of them.
                    if (frame.FirstLiveEnd != null) _state = frame.FirstLiveEnd;

                    StartAlternates(frame);
                    return;
                }

                default:
                    return;
            }

            RebuildContext();
        }

        private static bool IsConditionalKeyword(string keyword) =>
            keyword == "if" || keyword == "ifdef" || keyword == "ifndef" || keyword == "elif" || keyword == "elifdef" ||
            keyword == "elifndef" || keyword == "else" || keyword == "endif";

        /// <summary>Records the state at the end of the frame's current branch, if that branch is live.</summary>
        private void EndBranch(Frame frame)
        {
            if (frame.CurrentDead) return;

            if (frame.FirstLiveEnd is null) frame.FirstLiveEnd = _state;

            var branch = new ConditionalFrame(frame.Id, frame.Branch, frame.Directives.ToArray());
            if (_alternates is null)
            {
                frame.LiveEnds.Add((_state, branch, null));
                return;
            }

            // A head already split by an earlier conditional (or by one nested in this branch): each of its states
            // ends this branch, under its own conditions and this branch's.
            foreach ((State state, ConditionalContext context) in _alternates) frame.LiveEnds.Add((state, branch, WithFrame(context, branch)));
        }

        /// <summary><paramref name="context"/> with <paramref name="branch"/> added inside it, unless its conditional is already in it.</summary>
        private static ConditionalContext WithFrame(ConditionalContext context, ConditionalFrame branch)
        {
            if (Array.Exists(context.Frames, f => f.Id == branch.Id)) return context;

            var frames = new ConditionalFrame[context.Frames.Length + 1];
            Array.Copy(context.Frames, frames, context.Frames.Length);
            frames[frames.Length - 1] = branch;
            return new ConditionalContext(frames);
        }

        private static List<(State State, ConditionalContext Context)>? CloneAlternates(List<(State State, ConditionalContext Context)>? alternates)
        {
            if (alternates is null) return null;

            var clones = new List<(State State, ConditionalContext Context)>();
            foreach ((State state, ConditionalContext context) in alternates) clones.Add((state.Clone(), context));

            return clones;
        }

        /// <summary>
        /// After an #endif: when the live branches leave different heads of one file-scope declaration pending, the
        /// scan goes on once per branch; each pending head gets that branch's conditionals, so the prototype made
        /// from it is declared under the same conditions as the definition.
        /// </summary>
        private void StartAlternates(Frame frame)
        {
            if (frame.LiveEnds.Count < 2) return;

            State first = frame.LiveEnds[0].End;
            bool differ = false;
            foreach ((State end, ConditionalFrame _, ConditionalContext? _) in frame.LiveEnds)
            {
                if (!SameScopes(end, first)) return;

                differ |= !SameStatement(end.Stmt, first.Stmt);
            }

            if (!differ) return;

            var alternates = new List<(State State, ConditionalContext Context)>();
            foreach ((State end, ConditionalFrame branch, ConditionalContext? ended) in frame.LiveEnds)
            {
                ConditionalContext context = ended ?? WithFrame(_context, branch);
                State state = end.Clone();
                if (state.Stmt != null && state.Stmt.Context.Frames.Length < context.Frames.Length) state.Stmt.Context = context;

                alternates.Add((state, context));
            }

            _alternates = alternates;
            _state = alternates[0].State;
        }

        private static bool SameScopes(State a, State b)
        {
            if (a.Scopes.Count != b.Scopes.Count) return false;

            for (int k = 0; k < a.Scopes.Count; k++)
            {
                if (a.Scopes[k] != b.Scopes[k]) return false;
            }

            return true;
        }

        private static bool SameStatement(Statement? a, Statement? b)
        {
            if (a is null || b is null) return a is null && b is null;
            if (a.Head.Count != b.Head.Count || a.HasBlock != b.HasBlock) return false;

            for (int k = 0; k < a.Head.Count; k++)
            {
                if (a.Head[k].Text != b.Head[k].Text) return false;
            }

            return true;
        }

        private void OnTokenInEveryAlternate(SketchToken t)
        {
            if (_alternates is null)
            {
                OnToken(t);
                return;
            }

            foreach ((State state, ConditionalContext context) in _alternates)
            {
                _state = state;
                _statementContext = context;
                OnToken(t);
            }

            _statementContext = null;
            _state = _alternates[0].State;

            // Once every branch has finished its declaration at the same depth, one scan state is enough again.
            foreach ((State state, ConditionalContext _) in _alternates)
            {
                if (state.Stmt != null || state.ParenDepth != 0 || !SameScopes(state, _state)) return;
            }

            _alternates = null;
        }

        private void RebuildContext()
        {
            if (_frames.Count == 0)
            {
                _context = ConditionalContext.Empty;
                return;
            }

            var frames = new ConditionalFrame[_frames.Count];
            for (int k = 0; k < _frames.Count; k++)
            {
                frames[k] = new ConditionalFrame(_frames[k].Id, _frames[k].Branch, _frames[k].Directives.ToArray());
            }

            _context = new ConditionalContext(frames);
        }

        /// <summary>true for "#if 1", false for "#if 0", null when the condition needs the preprocessor.</summary>
        private static bool? ConstantCondition(string directive, string keyword)
        {
            int at = directive.IndexOf(keyword, StringComparison.Ordinal);
            string expr = directive.Substring(at + keyword.Length).Replace(" ", string.Empty);
            while (expr.Length >= 2 && expr[0] == '(' && expr[expr.Length - 1] == ')') expr = expr.Substring(1, expr.Length - 2);

            switch (expr)
            {
                case "0":
                case "false":
                    return false;
                case "1":
                case "true":
                    return true;
                default:
                    return null;
            }
        }

        // ------------------------------------------------------------------ tokens

        private bool AtFileLevel()
        {
            foreach (ScopeKind k in _state.Scopes)
            {
                if (k != ScopeKind.ExternC && k != ScopeKind.ExternCpp) return false;
            }

            return true;
        }

        private bool InCLinkage()
        {
            bool c = false;
            foreach (ScopeKind k in _state.Scopes)
            {
                if (k == ScopeKind.ExternC)
                {
                    c = true;
                }
                else if (k == ScopeKind.ExternCpp)
                {
                    c = false;
                }
            }

            return c;
        }

        private bool PrevIsMemberAccess() =>
            _prev != null && (_prev.IsPunct(".") || _prev.IsPunct("->") || _prev.IsPunct("::") || _prev.IsPunct(".*") || _prev.IsPunct("->*"));

        private void OnToken(SketchToken t)
        {
            State s = _state;
            if (!AtFileLevel())
            {
                ScopeKind top = s.Scopes[s.Scopes.Count - 1];
                if (t.IsPunct("{"))
                {
                    s.Scopes.Add(top);
                }
                else if (t.IsPunct("}"))
                {
                    s.Scopes.RemoveAt(s.Scopes.Count - 1);
                    if (AtFileLevel()) OnFileLevelBlockClosed(top);
                }
                else if (top == ScopeKind.Init && t.Kind == SketchTokenKind.Identifier && s.Stmt != null && !PrevIsMemberAccess())
                {
                    s.Stmt.InitNames.Add(t.Text);
                }

                return;
            }

            if (t.Kind == SketchTokenKind.Punct)
            {
                switch (t.Text)
                {
                    case "{":
                        OnFileLevelOpenBrace(t);
                        return;
                    case "}":
                        if (s.Scopes.Count > 0) s.Scopes.RemoveAt(s.Scopes.Count - 1);

                        s.Stmt = null;
                        s.ParenDepth = 0;
                        return;
                    case ";":
                        if (s.ParenDepth == 0)
                        {
                            FinishStatement();
                            return;
                        }

                        break;
                    case "(":
                    case "[":
                        s.ParenDepth++;
                        break;
                    case ")":
                    case "]":
                        s.ParenDepth = Math.Max(0, s.ParenDepth - 1);
                        break;
                }
            }

            Statement stmt = EnsureStatement(t);
            stmt.Head.Add(t);
            stmt.LastWasBlock = false;
        }

        private Statement EnsureStatement(SketchToken t)
        {
            if (_state.Stmt is null) _state.Stmt = new Statement { StartLine = t.Line, Context = _statementContext ?? _context, CLinkage = InCLinkage() };

            return _state.Stmt;
        }

        private void OnFileLevelOpenBrace(SketchToken t)
        {
            State s = _state;
            Statement stmt = EnsureStatement(t);
            List<SketchToken> head = stmt.Head;

            if (s.ParenDepth > 0)
            {
                stmt.HasBlock = true;
                s.Scopes.Add(ScopeKind.Init);
                return;
            }

            if (head.Count == 2 && head[0].IsIdent("extern") && head[1].Kind == SketchTokenKind.String)
            {
                s.Scopes.Add(head[1].Text == "\"C\"" ? ScopeKind.ExternC : ScopeKind.ExternCpp);
                s.Stmt = null;
                return;
            }

            if (head.Count > 0 && (head[0].IsIdent("namespace") || (head.Count > 1 && head[0].IsIdent("inline") && head[1].IsIdent("namespace"))))
            {
                s.Scopes.Add(ScopeKind.Namespace);
                return;
            }

            if (!stmt.HasBlock)
            {
                FunctionHead? fh = FunctionHead.TryParse(head);
                if (fh != null)
                {
                    Definitions.Add(new FunctionDefinition(fh, stmt.StartLine, stmt.Context, stmt.CLinkage));
                    s.Scopes.Add(ScopeKind.Function);
                    return;
                }
            }

            if (!TokenMatching.ContainsTopLevel(head, "="))
            {
                int classKey = FindClassKey(head);
                if (classKey >= 0)
                {
                    RecordClassName(head, classKey);
                    stmt.HasBlock = true;
                    s.Scopes.Add(ScopeKind.Class);
                    return;
                }

                if (IsFunctionLike(stmt))
                {
                    FunctionLikeBlocks.Add(new TopLevelUse(stmt.StartLine, stmt.Context, new List<string>()));
                    s.Scopes.Add(ScopeKind.MacroBlock);
                    return;
                }
            }

            stmt.HasBlock = true;
            s.Scopes.Add(ScopeKind.Init);
        }

        private void OnFileLevelBlockClosed(ScopeKind kind)
        {
            if (kind == ScopeKind.Function || kind == ScopeKind.Namespace || kind == ScopeKind.MacroBlock)
            {
                _state.Stmt = null;
                _state.ParenDepth = 0;
            }
            else if (_state.Stmt != null)
            {
                _state.Stmt.LastWasBlock = true;
            }
        }

        /// <summary>
        /// A "{" after a head that ends like a function declarator ("...)", "...) const", a constructor's
        /// "...) : a(1), b{2}") opens a body even when the head is not a free function (Foo::bar(), ISR(vect), ...).
        /// </summary>
        private static bool IsFunctionLike(Statement stmt)
        {
            List<SketchToken> head = stmt.Head;
            if (head.Count == 0) return false;

            SketchToken last = head[head.Count - 1];
            if (!stmt.LastWasBlock)
            {
                return last.IsPunct(")") ||
                       (last.Kind == SketchTokenKind.Identifier && (last.Text == "const" || last.Text == "volatile" ||
                        last.Text == "noexcept" || last.Text == "override" || last.Text == "final" || last.Text == "try"));
            }

            // Constructor with a member initializer list ending in a brace initializer: "Foo::Foo() : b{2} {".
            int depth = 0;
            for (int k = 0; k + 1 < head.Count; k++)
            {
                SketchToken t = head[k];
                if (t.IsPunct("(") || t.IsPunct("["))
                {
                    depth++;
                }
                else if (t.IsPunct(")") || t.IsPunct("]"))
                {
                    depth--;
                    if (depth == 0 && t.IsPunct(")") && head[k + 1].IsPunct(":"))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private void FinishStatement()
        {
            Statement? stmt = _state.Stmt;
            _state.Stmt = null;
            _state.ParenDepth = 0;
            if (stmt is null || stmt.Head.Count == 0) return;

            List<SketchToken> head = stmt.Head;
            if (head[0].IsIdent("typedef"))
            {
                RecordTypedefName(head, stmt.StartLine);
                return;
            }

            if (head[0].IsIdent("using"))
            {
                if (head.Count > 2 && head[1].Kind == SketchTokenKind.Identifier && head[2].IsPunct("=")) AddTypeName(head[1].Text, stmt.StartLine);

                return;
            }

            if (!stmt.HasBlock && !TokenMatching.ContainsTopLevel(head, "="))
            {
                // Forward declaration: "struct Foo;".
                int classKey = FindClassKey(head);
                if (classKey >= 0 && classKey + 2 == head.Count && head[classKey + 1].Kind == SketchTokenKind.Identifier)
                {
                    AddTypeName(head[classKey + 1].Text, stmt.StartLine);
                    return;
                }
            }

            FunctionHead? declared = stmt.HasBlock ? null : FunctionHead.TryParse(head);
            if (declared != null) DeclaredKeys.Add(declared.Key);

            // Names used by the declaration (a global initialiser or constructor argument may name a sketch function).
            var names = new List<string>();
            for (int k = 0; k < head.Count; k++)
            {
                SketchToken t = head[k];
                if (t.Kind != SketchTokenKind.Identifier || (declared != null && ReferenceEquals(t, declared.Name[0]))) continue;
                if (k > 0 && (head[k - 1].IsPunct(".") || head[k - 1].IsPunct("->") || head[k - 1].IsPunct("::"))) continue;

                names.Add(t.Text);
            }

            names.AddRange(stmt.InitNames);
            if (names.Count > 0) Uses.Add(new TopLevelUse(stmt.StartLine, stmt.Context, names));
        }

        // ------------------------------------------------------------------ type names

        private static int FindClassKey(List<SketchToken> head)
        {
            int start = TokenMatching.SkipTemplateHeads(head);
            for (int k = start; k < head.Count; k++)
            {
                SketchToken t = head[k];
                if (t.Kind == SketchTokenKind.Identifier && ClassKeys.Contains(t.Text)) return k;

                if (t.IsPunct("(") || t.IsPunct("<"))
                {
                    return -1;
                }
            }

            return -1;
        }

        private void RecordClassName(List<SketchToken> head, int classKey)
        {
            int k = classKey + 1;
            if (k < head.Count && (head[k].IsIdent("class") || head[k].IsIdent("struct")))
            {
                k++; // enum class
            }

            // Skip attributes: struct __attribute__((packed)) Foo, struct [[x]] Foo.
            while (k < head.Count && (head[k].IsIdent("__attribute__") || head[k].IsIdent("alignas") || head[k].IsPunct("[")))
            {
                int open = head[k].IsPunct("[") ? k : k + 1;
                int close = open < head.Count ? TokenMatching.MatchGroup(head, open) : -1;
                if (close < 0) return;

                k = close + 1;
            }

            if (k < head.Count && head[k].Kind == SketchTokenKind.Identifier) AddTypeName(head[k].Text, head[k].Line);
        }

        private void RecordTypedefName(List<SketchToken> head, int line)
        {
            // typedef void (*callback_t)(int);
            for (int k = 0; k + 2 < head.Count; k++)
            {
                if (head[k].IsPunct("(") && head[k + 1].IsPunct("*") && head[k + 2].Kind == SketchTokenKind.Identifier)
                {
                    AddTypeName(head[k + 2].Text, line);
                    return;
                }
            }

            // typedef struct {...} Foo;  typedef unsigned int uint; typedef int arr_t[4];
            int depth = 0;
            string? last = null;
            foreach (SketchToken t in head)
            {
                if (t.IsPunct("(") || t.IsPunct("["))
                {
                    depth++;
                }
                else if (t.IsPunct(")") || t.IsPunct("]"))
                {
                    depth--;
                }
                else if (depth == 0 && t.Kind == SketchTokenKind.Identifier)
                {
                    last = t.Text;
                }
                else if (depth == 0 && t.IsPunct(","))
                {
                    if (last != null) AddTypeName(last, line);
                }
            }

            if (last != null) AddTypeName(last, line);
        }

        private void AddTypeName(string name, int line)
        {
            if (!TypeNames.ContainsKey(name)) TypeNames[name] = line;
        }
    }
}
