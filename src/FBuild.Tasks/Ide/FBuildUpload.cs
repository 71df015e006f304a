using System;
using System.Collections.Generic;
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
        /// <summary>The port the command names (Port).</summary>
        public string Port { get; set; } = "";
        /// <summary>upload.use_1200bps_touch: open the port at 1200 bps and close it first, which resets the board into its bootloader.</summary>
        public bool Touch1200 { get; set; }
        /// <summary>upload.wait_for_upload_port: after the touch, wait for the bootloader's port (a new port, else Port).</summary>
        public bool WaitForUploadPort { get; set; }
        /// <summary>How long to wait for the bootloader's port (arduino-cli: 10 s).</summary>
        public int WaitSeconds { get; set; } = 10;

        public override bool Execute()
        {
            IReadOnlyList<string> args = CommandLine.Split(Command);
            if (Touch1200 && Port.Length > 0)
            {
                var before = BootloaderPort.List();
                // stty opens the port, sets 1200 bps and closes it (dropping DTR): the board's USB stack resets it into its bootloader.
                Log.LogMessage(MessageImportance.High, $"Resetting the board into its bootloader (1200-bps touch on {Port})");
                ToolResult touch;
                try { touch = ToolRunner.RunAsync("stty", new[] { "-F", Port, "1200" }, null, default).GetAwaiter().GetResult(); }
                catch (System.ComponentModel.Win32Exception ex) { touch = new ToolResult { ExitCode = -1 }; touch.Output.Add(ex.Message); }
                if (touch.ExitCode != 0)
                {
                    Log.LogError(null, FBuildErrors.BootloaderTouchFailed, null, null, 0, 0, 0, 0,
                        $"The 1200-bps touch on '{Port}' failed (stty exit code {touch.ExitCode}): {string.Join(" ", touch.Output)}. Is the port right, and is it yours (Debian: the dialout group)?");
                    return false;
                }
                if (WaitForUploadPort)
                {
                    var port = WaitForPort(before);
                    if (port != Port) Log.LogMessage(MessageImportance.High, $"The bootloader is on {port}");
                    args = BootloaderPort.WithPort(args, Port, port);
                }
            }
            Log.LogMessage(MessageImportance.High, "Uploading: " + string.Join(" ", args.Select(CommandLine.ShellQuote)));
            ToolResult result;
            try { result = ToolRunner.RunAsync(args[0], args.Skip(1).ToList(), null, default).GetAwaiter().GetResult(); }
            catch (System.ComponentModel.Win32Exception ex)
            {
                var package = System.IO.Path.GetFileName(args[0]) == "bossac" ? "bossa-cli" : "avrdude";
                Log.LogError(null, FBuildErrors.UploadFailed, null, null, 0, 0, 0, 0,
                    $"cannot start the upload tool '{args[0]}': {ex.Message}. Install it (Debian/Ubuntu: sudo apt-get install {package}).");
                return false;
            }
            foreach (var line in result.Output.Where(l => l.Trim().Length > 0)) Log.LogMessage(MessageImportance.High, "  " + line);
            if (result.ExitCode == 0) return true;
            Log.LogError(null, FBuildErrors.UploadFailed, null, null, 0, 0, 0, 0,
                $"The upload failed ('{args[0]}' exit code {result.ExitCode}):{Environment.NewLine}{string.Join(Environment.NewLine, result.Output.Skip(Math.Max(0, result.Output.Count - 15)))}");
            return false;
        }

        /// <summary>Polls for a port that was not there before the touch; after WaitSeconds, the port given.</summary>
        private string WaitForPort(IReadOnlyList<string> before)
        {
            var deadline = DateTime.UtcNow.AddSeconds(WaitSeconds);
            while (DateTime.UtcNow < deadline)
            {
                System.Threading.Thread.Sleep(250);
                var now = BootloaderPort.List();
                var fresh = BootloaderPort.NewPort(before, now);
                if (fresh != null) return fresh;
                // The board's own port went away and came back: the bootloader took it over.
                if (!now.Contains(Port)) before = before.Where(p => p != Port).ToList();
            }
            return Port;
        }
    }
}
