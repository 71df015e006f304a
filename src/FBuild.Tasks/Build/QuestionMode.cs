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
    }
}
