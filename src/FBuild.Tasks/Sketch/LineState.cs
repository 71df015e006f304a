namespace FBuild.Tasks.Sketch
{
    internal struct LineState
    {
        public bool Clean;
        public ConditionalContext Context;
    }
}
