using System;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace FBuild.Tasks.Toolchain
{
    /// <summary>Turns a tool run's gcc diagnostics into MSBuild errors, warnings and messages (FB0030 when it failed without one).</summary>
    public static class DiagnosticsReporter
    {
        /// <summary>
        /// Logs the diagnostics in <paramref name="result"/>'s output; a failed run with no error logs its last lines.
        /// <paramref name="errorsAsWarnings"/>: errors are logged as warnings (a recorded failure replayed by -question, where it is up to date).
        /// </summary>
        public static void Report(TaskLoggingHelper log, string display, ToolResult result, bool errorsAsWarnings = false)
        {
            var diags = GccDiagnostics.Parse(result.Output);
            bool anyError = false;
            foreach (var d in diags)
            {
                if (d.Severity == "error")
                {
                    anyError = true;
                    if (errorsAsWarnings) log.LogWarning("gcc", d.Code, null, d.File, d.Line, d.Column, 0, 0, d.Message);
                    else log.LogError("gcc", d.Code, null, d.File, d.Line, d.Column, 0, 0, d.Message);
                }
                else if (d.Severity == "warning")
                {
                    log.LogWarning("gcc", d.Code, null, d.File, d.Line, d.Column, 0, 0, d.Message);
                }
                else
                {
                    log.LogMessage(MessageImportance.Normal, $"{d.File}({d.Line},{d.Column}): note: {d.Message}");
                }
            }
            if (result.ExitCode != 0 && !anyError)
            {
                var tail = string.Join(Environment.NewLine, result.Output.Skip(Math.Max(0, result.Output.Count - 15)));
                var text = $"'{display}' failed with exit code {result.ExitCode}.{(tail.Length > 0 ? Environment.NewLine + tail : "")}";
                if (errorsAsWarnings) log.LogWarning(null, FBuildErrors.ToolFailed, null, display, 0, 0, 0, 0, text);
                else log.LogError(null, FBuildErrors.ToolFailed, null, display, 0, 0, 0, 0, text);
            }
        }
    }
}
