using System;
using System.Linq;
using FBuild.Tasks.Boards;
using FBuild.Tasks.Toolchain;
using Microsoft.Build.Framework;
using MSTask = Microsoft.Build.Utilities.Task;

namespace FBuild.Tasks.Ide
{
    /// <summary>Runs the board's upload command (from FBuildResolveBoardTools), printing the command and the tool's output; FB0125 when it fails.</summary>
    public sealed class FBuildUpload : MSTask
    {
        /// <summary>The command line (CommandLine.Join form).</summary>
        [Required] public string Command { get; set; } = "";

        public override bool Execute()
        {
            var args = CommandLine.Split(Command);
            Log.LogMessage(MessageImportance.High, "Uploading: " + string.Join(" ", args.Select(CommandLine.ShellQuote)));
            ToolResult result;
            try { result = ToolRunner.RunAsync(args[0], args.Skip(1).ToList(), null, default).GetAwaiter().GetResult(); }
            catch (System.ComponentModel.Win32Exception ex)
            {
                Log.LogError(null, FBuildErrors.UploadFailed, null, null, 0, 0, 0, 0,
                    $"cannot start the upload tool '{args[0]}': {ex.Message}. Install it (Debian/Ubuntu: sudo apt-get install avrdude).");
                return false;
            }
            foreach (var line in result.Output.Where(l => l.Trim().Length > 0)) Log.LogMessage(MessageImportance.High, "  " + line);
            if (result.ExitCode == 0) return true;
            Log.LogError(null, FBuildErrors.UploadFailed, null, null, 0, 0, 0, 0,
                $"The upload failed ('{args[0]}' exit code {result.ExitCode}):{Environment.NewLine}{string.Join(Environment.NewLine, result.Output.Skip(Math.Max(0, result.Output.Count - 15)))}");
            return false;
        }
    }
}
