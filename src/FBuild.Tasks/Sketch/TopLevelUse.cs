using System.Collections.Generic;

namespace FBuild.Tasks.Sketch
{
    /// <summary>A file-scope declaration or macro block that refers to names; used to place prototypes early enough.</summary>
    internal sealed class TopLevelUse
    {
        public TopLevelUse(int startLine, ConditionalContext context, List<string> names)
        {
            StartLine = startLine;
            Context = context;
            Names = names;
        }

        public int StartLine { get; }

        public ConditionalContext Context { get; }

        public List<string> Names { get; }
    }
}
