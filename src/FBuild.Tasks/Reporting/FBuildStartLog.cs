using System;
using System.Globalization;
using System.IO;
using Microsoft.Build.Framework;
using MSTask = Microsoft.Build.Utilities.Task;

namespace FBuild.Tasks.Reporting
{
    /// <summary>
    /// Starts a project's build log: the tools of this build append to it. In -question mode (which builds
    /// nothing) the last build's log is kept.
    /// </summary>
    public sealed class FBuildStartLog : MSTask, IIncrementalTask
    {
        [Required] public string LogFile { get; set; } = "";
        public string Project { get; set; } = "";

        /// <summary>Set by MSBuild's -question mode.</summary>
        public bool FailIfNotIncremental { get; set; }

        public override bool Execute()
        {
            if (FailIfNotIncremental) return true;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(LogFile))!);
            File.WriteAllText(LogFile, $"# {Project}: build started {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC; tools run appear below (none: everything was up to date)\n");
            return true;
        }
    }
}
