using System;
using System.Linq;
using Microsoft.Build.Framework;
using MSTask = Microsoft.Build.Utilities.Task;
using TaskItem = Microsoft.Build.Utilities.TaskItem;

namespace FBuild.Tasks.Build
{
    /// <summary>
    /// The project files this project was evaluated from (<see cref="ProjectImports"/>), for the traversal record.
    /// When MSBuild does not tell, <see cref="Known"/> is false (the traversal then writes no record) and the reason is logged.
    /// </summary>
    public sealed class FBuildProjectImports : MSTask
    {
        /// <summary>The project file and every file it imported.</summary>
        [Output] public ITaskItem[] Imports { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>Whether the imports are known.</summary>
        [Output] public bool Known { get; set; }

        public override bool Execute()
        {
            var imports = ProjectImports.Of(BuildEngine, out var why);
            if (imports is null)
            {
                Log.LogMessage(MessageImportance.Low, $"FBuild: the project's imports are unknown ({why}): the traversal writes no record.");
                return true;
            }
            Known = true;
            Imports = imports.Select(i => (ITaskItem)new TaskItem(i)).ToArray();
            return true;
        }
    }
}
