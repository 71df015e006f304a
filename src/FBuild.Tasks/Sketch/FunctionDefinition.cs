namespace FBuild.Tasks.Sketch
{
    /// <summary>A function defined at file scope: its head, where it starts, and what encloses it.</summary>
    internal sealed class FunctionDefinition
    {
        public FunctionDefinition(FunctionHead head, int startLine, ConditionalContext context, bool cLinkage)
        {
            Head = head;
            StartLine = startLine;
            Context = context;
            CLinkage = cLinkage;
        }

        /// <summary>The declarator the prototype is made from.</summary>
        public FunctionHead Head { get; }

        /// <summary>Line (in the scanned text) of the first token of the declaration, e.g. of "template" or of the return type.</summary>
        public int StartLine { get; }

        /// <summary>The conditionals enclosing the definition (its prototype gets the same ones).</summary>
        public ConditionalContext Context { get; }

        /// <summary>Defined inside an extern "C" { } block.</summary>
        public bool CLinkage { get; }
    }
}
