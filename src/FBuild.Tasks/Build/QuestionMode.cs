using FBuild.Tasks.Toolchain;
using Microsoft.Build.Utilities;

namespace FBuild.Tasks.Build
{
    /// <summary>MSBuild's -question mode (IIncrementalTask.FailIfNotIncremental): work that would run is an error instead.</summary>
    internal static class QuestionMode
    {
        /// <summary>Logs FB0061 for <paramref name="output"/> with the reason it would be rebuilt; returns false (the task fails).</summary>
        public static bool ReportNotUpToDate(TaskLoggingHelper log, string output, string reason)
        {
            log.LogError(null, FBuildErrors.NotUpToDate, null, output, 0, 0, 0, 0,
                $"'{output}' is not up to date ({reason}); -question mode does not build it.");
            return false;
        }

        /// <summary>
        /// Logs a recorded failure that is up to date (it failed last time and nothing it reads has changed): FB0215
        /// naming <paramref name="output"/>, then the failed run's diagnostics with every error as a warning, so
        /// -question shows them without failing only because the step is known to fail.
        /// </summary>
        public static void ReportFailedAsRecorded(TaskLoggingHelper log, string output, ToolResult failed)
        {
            log.LogWarning(null, FBuildErrors.FailedAsRecorded, null, output, 0, 0, 0, 0,
                $"'{output}' failed last time and nothing it reads has changed: up to date for -question, which does not build it; its errors follow as warnings.");
            DiagnosticsReporter.Report(log, output, failed, errorsAsWarnings: true);
        }
    }
}
