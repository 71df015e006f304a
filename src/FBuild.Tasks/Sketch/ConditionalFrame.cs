namespace FBuild.Tasks.Sketch
{
    /// <summary>One enclosing conditional: its id, the live branch index and the directives up to that branch.</summary>
    internal sealed class ConditionalFrame
    {
        public ConditionalFrame(int id, int branch, string[] directives)
        {
            Id = id;
            Branch = branch;
            Directives = directives;
        }

        /// <summary>The conditional's id, unique in the scan.</summary>
        public int Id { get; }

        /// <summary>The index of the live branch: 0 for the #if group, 1 for the first #elif or #else, ...</summary>
        public int Branch { get; }

        /// <summary>"#if A", then "#elif B", "#else" ... up to and including the directive opening this branch.</summary>
        public string[] Directives { get; }
    }
}
