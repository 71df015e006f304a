namespace FBuild.Tasks.Reporting
{
    /// <summary>
    /// The SDK's public target, task and property names that tools outside the build read (fbuild report reads
    /// them from binlogs, fbuild compile-many sets and runs them), in one place. The SDK's .targets files define them.
    /// </summary>
    public static class SdkNames
    {
        /// <summary>The traversal's first target: where a build's total starts.</summary>
        public const string TraversalStartTarget = "FBuildTraversalStart";
        /// <summary>The framework's first target: where stage 1 starts.</summary>
        public const string FrameworkStartTarget = "FBuildFrameworkStart";
        /// <summary>A sketch's first target: where its seconds start.</summary>
        public const string SketchStartTarget = "FBuildSketchStart";
        /// <summary>The sketch target writing its result after a successful build.</summary>
        public const string WriteSketchResultTarget = "FBuildWriteSketchResult";
        /// <summary>The sketch target writing its result when its build failed (OnError).</summary>
        public const string WriteFailedSketchResultTarget = "FBuildWriteFailedSketchResult";
        /// <summary>The framework target writing its result: where stage 1 ends.</summary>
        public const string WriteFrameworkResultTarget = "FBuildWriteFrameworkResult";
        /// <summary>The traversal target writing results.json and phases.tsv.</summary>
        public const string ReportTarget = "FBuildReport";

        /// <summary>When the build started (DateTime.UtcNow.Ticks); given globally, results written before it are stale.</summary>
        public const string StartTicksProperty = "FBuildStartTicks";

        /// <summary>The task writing one project's result.json.</summary>
        public const string WriteResultTask = "FBuildWriteResult";
        /// <summary>The task writing a traversal's results.json and phases.tsv.</summary>
        public const string WriteReportTask = "FBuildWriteReport";
        /// <summary>The compile task (its Slots and Parallelism parameters are the widths asked).</summary>
        public const string CompileTask = "FBuildCompile";

        /// <summary>The framework project's file name (the SDK's own project, built once per board).</summary>
        public const string FrameworkProjectFile = "FBuild.Framework.proj";
        /// <summary>A sketch project's file extension.</summary>
        public const string SketchProjectExtension = ".fbproj";
    }
}
