using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using FBuild.Tasks.Toolchain;
using Microsoft.Build.Framework;
using MSTask = Microsoft.Build.Utilities.Task;

namespace FBuild.Tasks.Ide
{
    /// <summary>
    /// Runs a sketch's .elf in simavr for at most TimeoutSeconds, prints what it wrote on the serial port (UART0) and,
    /// when ExpectedFile is given, fails with FB0120 and a line diff if the output differs.
    /// </summary>
    public sealed class FBuildSimulate : MSTask
    {
        [Required] public string ElfFile { get; set; } = "";
        [Required] public string Mcu { get; set; } = "";
        [Required] public string Frequency { get; set; } = "";
        /// <summary>The simulator: simavr on PATH unless given.</summary>
        public string Simulator { get; set; } = "simavr";
        public double TimeoutSeconds { get; set; } = 5;
        /// <summary>The sketch's expected serial output; empty: just print.</summary>
        public string ExpectedFile { get; set; } = "";
        /// <summary>The sketch's name, for messages.</summary>
        public string SketchName { get; set; } = "";
        /// <summary>Where the decoded serial output is written (optional).</summary>
        public string OutputFile { get; set; } = "";

        public override bool Execute()
        {
            var name = string.IsNullOrEmpty(SketchName) ? Path.GetFileName(ElfFile) : SketchName;
            var args = new List<string> { "-m", Mcu, "-f", Frequency, ElfFile };
            ToolResult result;
            bool timedOut;
            using (var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(Math.Max(0.1, TimeoutSeconds))))
            {
                try { result = ToolRunner.RunAsync(Simulator, args, null, cancel.Token).GetAwaiter().GetResult(); }
                catch (System.ComponentModel.Win32Exception ex)
                {
                    Log.LogError(null, FBuildErrors.SimulatorFailed, null, null, 0, 0, 0, 0,
                        $"cannot start the simulator '{Simulator}': {ex.Message}. Install simavr (Debian/Ubuntu: sudo apt-get install simavr) or set FBuildSimulator.");
                    return false;
                }
                timedOut = cancel.IsCancellationRequested;
            }
            var (serial, messages) = SimavrOutput.Decode(result.Output);
            if (!string.IsNullOrEmpty(OutputFile))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(OutputFile))!);
                File.WriteAllText(OutputFile, serial);
            }
            foreach (var m in messages) Log.LogMessage(MessageImportance.Low, "simavr: " + m);
            var how = timedOut ? $"stopped after {TimeoutSeconds.ToString(CultureInfo.InvariantCulture)} s" : $"exited with {result.ExitCode}";
            if (!timedOut && result.ExitCode != 0)
            {
                Log.LogError(null, FBuildErrors.SimulatorFailed, null, ElfFile, 0, 0, 0, 0,
                    $"simavr failed on {name} (exit code {result.ExitCode}):{Environment.NewLine}{string.Join(Environment.NewLine, messages)}");
                return false;
            }
            Log.LogMessage(MessageImportance.High, $"{name}: serial output under simavr ({Mcu} at {Frequency} Hz, {how}):");
            foreach (var line in serial.TrimEnd('\n').Split('\n')) Log.LogMessage(MessageImportance.High, "  | " + line);
            if (string.IsNullOrEmpty(ExpectedFile)) return true;

            var diff = SimavrOutput.Diff(File.ReadAllText(ExpectedFile), serial);
            if (diff is null)
            {
                Log.LogMessage(MessageImportance.High, $"{name}: serial output matches {ExpectedFile}.");
                return true;
            }
            Log.LogError(null, FBuildErrors.SerialMismatch, null, ExpectedFile, 0, 0, 0, 0,
                $"{name}: the serial output under simavr ({how}) differs from {Path.GetFileName(ExpectedFile)} (- expected, + actual):{Environment.NewLine}{diff}");
            return false;
        }
    }
}
