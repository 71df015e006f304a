namespace FBuild.Tasks.Sketch
{
    internal sealed class FunctionDefinition
    {
        public FunctionDefinition(FunctionHead head, int startLine, ConditionalContext context, bool cLinkage)
        {
            Head = head;
            StartLine = startLine;
            Context = context;
            CLinkage = cLinkage;
        }

        public FunctionHead Head { get; }

        /// <summary>Line (in the scanned text) of the first token of the declaration, e.g. of "template" or of the return type.</summary>
        public int StartLine { get; }

        public ConditionalContext Context { get; }

        /// <summary>Defined inside an extern "C" { } block.</summary>
        public bool CLinkage { get; }
    }
}
