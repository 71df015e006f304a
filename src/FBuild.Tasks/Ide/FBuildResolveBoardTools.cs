using System.Collections.Generic;
using System.Linq;
using FBuild.Tasks.Boards;
using Microsoft.Build.Framework;
using MSTask = Microsoft.Build.Utilities.Task;

namespace FBuild.Tasks.Ide
{
    /// <summary>
    /// The upload command: the board's upload recipe, which FBuildResolveBoard resolved with the build's board, options
    /// and overrides, with the sketch's build folder and name filled in. Fails with FB0124 when the board has none.
    /// </summary>
    public sealed class FBuildResolveBoardTools : MSTask
    {
        /// <summary>FBuildResolveBoard's RecipeUpload ({build.path} and {build.project_name} left).</summary>
        public string RecipeUpload { get; set; } = "";
        /// <summary>FBuildResolveBoard's RecipeUploadError: why the board has no upload recipe.</summary>
        public string RecipeUploadError { get; set; } = "";
        /// <summary>FBuildResolveBoard's RecipeUploadErrorCode (FB0124 when empty).</summary>
        public string RecipeUploadErrorCode { get; set; } = "";
        /// <summary>The folder of the .hex.</summary>
        [Required] public string BuildPath { get; set; } = "";
        /// <summary>The .hex's name without .hex (NAME.ino).</summary>
        [Required] public string ProjectName { get; set; } = "";

        /// <summary>The upload command (CommandLine.Join).</summary>
        [Output] public string UploadCommand { get; set; } = "";

        public override bool Execute()
        {
            if (RecipeUploadError.Length > 0 || RecipeUpload.Length == 0)
            {
                Log.LogError(null, RecipeUploadErrorCode.Length > 0 ? RecipeUploadErrorCode : FBuildErrors.NoUploadRecipe, null, null, 0, 0, 0, 0,
                    RecipeUploadError.Length > 0 ? RecipeUploadError : "The board's upload recipe was not resolved (no upload port given to FBuildResolveBoard).");
                return false;
            }
            var late = new Dictionary<string, string> { ["{build.path}"] = BuildPath.TrimEnd('/'), ["{build.project_name}"] = ProjectName };
            UploadCommand = CommandLine.Join(CommandLine.Split(RecipeUpload).Select(arg => late.Aggregate(arg, (a, kv) => a.Replace(kv.Key, kv.Value))));
            return true;
        }
    }
}
