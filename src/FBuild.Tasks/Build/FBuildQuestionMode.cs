using Microsoft.Build.Framework;
using MSTask = Microsoft.Build.Utilities.Task;

namespace FBuild.Tasks.Build
{
    /// <summary>
    /// Tells the targets whether this is MSBuild's -question mode (MSBuild sets <see cref="FailIfNotIncremental"/> on
    /// the tasks only; the targets have no property for it). Writes and checks nothing.
    /// </summary>
    public sealed class FBuildQuestionMode : MSTask, IIncrementalTask
    {
        /// <summary>Set by MSBuild's -question mode.</summary>
        public bool FailIfNotIncremental { get; set; }

        /// <summary>true in -question mode.</summary>
        [Output] public bool Active => FailIfNotIncremental;

        public override bool Execute() => true;
    }
}
