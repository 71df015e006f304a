namespace FBuild.Tasks.Sketch
{
    /// <summary>A #define or #undef at file scope in the sketch: where it is, under which conditionals, what it says.</summary>
    internal sealed class MacroChange
    {
        public MacroChange(int line, ConditionalContext context, string name, string directive)
        {
            Line = line;
            Context = context;
            Name = name;
            Directive = directive;
        }

        /// <summary>Line (in the scanned text) of the directive.</summary>
        public int Line { get; }

        /// <summary>The conditionals enclosing the directive.</summary>
        public ConditionalContext Context { get; }

        /// <summary>The macro's name.</summary>
        public string Name { get; }

        /// <summary>The directive's text on one line ("#define A 1", "#undef A").</summary>
        public string Directive { get; }
    }
}
