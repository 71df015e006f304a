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
        /// With <paramref name="errorsAsWarnings"/> (a recorded failure replayed in -question mode, where it is up to
        /// date), every error is logged as a warning with the same code, file, line and text.
        /// </summary>
        public static void Report(TaskLoggingHelper log, string display, ToolResult result, bool errorsAsWarnings = false)
        {
            Action<string?, string?, string?, string?, int, int, int, int, string> error = errorsAsWarnings
                ? (s, c, k, f, l, col, el, ec, m) => log.LogWarning(s, c, k, f, l, col, el, ec, m)
                : (s, c, k, f, l, col, el, ec, m) => log.LogError(s, c, k, f, l, col, el, ec, m);
            var diags = GccDiagnostics.Parse(result.Output);
            bool anyError = false;
            foreach (var d in diags)
            {
                if (d.Severity == "error")
                {
                    anyError = true;
                    error("gcc", d.Code, null, d.File, d.Line, d.Column, 0, 0, d.Message);
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
                error(null, FBuildErrors.ToolFailed, null, display, 0, 0, 0, 0,
                    $"'{display}' failed with exit code {result.ExitCode}.{(tail.Length > 0 ? Environment.NewLine + tail : "")}");
            }
        }
    }
}
