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

        /// <summary>Line (in the scanned text) of the first token.</summary>
        public int StartLine { get; }

        /// <summary>The conditionals enclosing it.</summary>
        public ConditionalContext Context { get; }

        /// <summary>The identifiers it refers to.</summary>
        public List<string> Names { get; }
    }
}
