namespace FBuild.Tasks.Sketch
{
    /// <summary>What the scanner knows about the start of a line.</summary>
    internal struct LineState
    {
        /// <summary>True when prototypes could be inserted before the line (file scope, outside any statement, comment or literal).</summary>
        public bool Clean;
        /// <summary>The conditionals enclosing the start of the line.</summary>
        public ConditionalContext Context;
    }
}
