using System;
using System.Collections.Concurrent;
using FBuild.Tasks.FileSystem;
using Microsoft.Build.Framework;

namespace FBuild.Tasks.Build
{
    /// <summary>
    /// Where a task finds the build's shared source stamps (<see cref="BuildStamps"/>): one table per MSBuild node and
    /// build, registered with the engine for the build only (<see cref="RegisteredTaskObjectLifetime.Build"/>), so it
    /// is gone when the build ends and the next build stats every file again.
    /// </summary>
    internal static class TaskStamps
    {
        private static readonly object RegistrationLock = new object();
        /// <summary>The key: this task assembly's table (another FBuild version loaded in the same node has its own).</summary>
        private static readonly string TableKey = "FBuild.BuildStamps " + typeof(TaskStamps).Assembly.ManifestModule.ModuleVersionId;

        /// <summary>
        /// The stamps a task shares with the build's other tasks on this node; with an engine that cannot keep objects
        /// (tests), a table for this task alone; nothing shared without source roots.
        /// </summary>
        /// <param name="engine">The task's build engine.</param>
        /// <param name="sourceRoots">Folders the build only reads, ';'-separated (<c>_FBuildSourceRoots</c>).</param>
        /// <param name="outputRoots">Folders the build writes, ';'-separated (<c>_FBuildOutputRoots</c>).</param>
        public static BuildStamps For(IBuildEngine? engine, string? sourceRoots, string? outputRoots)
        {
            var sources = BuildStamps.SplitRoots(sourceRoots);
            if (sources.Count == 0) return BuildStamps.None;
            return new BuildStamps(TableOf(engine), sources, BuildStamps.SplitRoots(outputRoots));
        }

        private static ConcurrentDictionary<string, FileStamp> TableOf(IBuildEngine? engine)
        {
            if (!(engine is IBuildEngine4 keeper)) return new ConcurrentDictionary<string, FileStamp>(StringComparer.Ordinal);
            // Tasks that yield their node (compiles, links) let another task start on it: registration is locked.
            lock (RegistrationLock)
            {
                if (keeper.GetRegisteredTaskObject(TableKey, RegisteredTaskObjectLifetime.Build) is ConcurrentDictionary<string, FileStamp> table)
                    return table;
                table = new ConcurrentDictionary<string, FileStamp>(StringComparer.Ordinal);
                keeper.RegisterTaskObject(TableKey, table, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);
                return table;
            }
        }
    }
}
