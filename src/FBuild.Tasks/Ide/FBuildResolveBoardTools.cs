using System;
using System.Linq;
using FBuild.Tasks.Boards;
using FBuild.Tasks.Build;
using Microsoft.Build.Framework;
using MSTask = Microsoft.Build.Utilities.Task;

namespace FBuild.Tasks.Ide
{
    /// <summary>
    /// What running and uploading a sketch need from the board (the simulator's MCU and clock, the upload command),
    /// resolved by FBuildResolveBoard from the same inputs, so the same core, options and overrides apply.
    /// </summary>
    public sealed class FBuildResolveBoardTools : MSTask
    {
        [Required] public string Board { get; set; } = "";
        public string BoardOptions { get; set; } = "";
        public string PlatformPath { get; set; } = "";
        public string HardwarePath { get; set; } = "";
        public string ToolchainPath { get; set; } = "";
        public ITaskItem[] PropertyOverrides { get; set; } = Array.Empty<ITaskItem>();
        public string HomeDirectory { get; set; } = "";

        /// <summary>For the upload command: the port, the folder of the .hex and its name without .hex (NAME.ino).</summary>
        public string Port { get; set; } = "";
        public string BuildPath { get; set; } = "";
        public string ProjectName { get; set; } = "";
        public bool UploadVerbose { get; set; }
        public bool UploadVerify { get; set; } = true;

        [Output] public string Mcu { get; set; } = "";
        [Output] public string Frequency { get; set; } = "";
        [Output] public string UploadTool { get; set; } = "";
        /// <summary>The upload command (CommandLine.Join), when ProjectName is given.</summary>
        [Output] public string UploadCommand { get; set; } = "";

        public override bool Execute()
        {
            var resolve = new FBuildResolveBoard
            {
                BuildEngine = BuildEngine, HostObject = HostObject,
                Board = Board, BoardOptions = BoardOptions, PlatformPath = PlatformPath, HardwarePath = HardwarePath,
                ToolchainPath = ToolchainPath, PropertyOverrides = PropertyOverrides, HomeDirectory = HomeDirectory,
            };
            if (!resolve.Execute() || resolve.Resolved is null) return false;
            var props = resolve.Resolved.Properties;
            Mcu = resolve.Mcu;
            Frequency = SimavrOutput.Frequency(props.Get("build.f_cpu"))?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
            UploadTool = UploadRecipe.Tool(props);
            if (string.IsNullOrEmpty(ProjectName)) return true;
            try
            {
                UploadCommand = CommandLine.Join(UploadRecipe.Command(props, Port, BuildPath, ProjectName, UploadVerbose, UploadVerify));
            }
            catch (BoardException ex)
            {
                Log.LogError(null, ex.Code, null, null, 0, 0, 0, 0, ex.Message);
                return false;
            }
            return true;
        }
    }
}
