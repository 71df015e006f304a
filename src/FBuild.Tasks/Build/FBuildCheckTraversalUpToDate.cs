using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FBuild.Tasks.FileSystem;
using FBuild.Tasks.Records;
using Microsoft.Build.Framework;
using MSTask = Microsoft.Build.Utilities.Task;
using TaskItem = Microsoft.Build.Utilities.TaskItem;

namespace FBuild.Tasks.Build
{
    /// <summary>
    /// The sketch-set fast path: checks the traversal record (<see cref="TraversalRecord"/>) against this build's key
    /// (global properties, environment, MSBuild's and FBuild's versions, the sketch projects) and every file the last
    /// build read or wrote. On a hit no sketch or framework project is built and this task returns the sketches' info for
    /// the report, and replays the recorded failures (each failed compile's or link's diagnostics, as the task replays
    /// them: errors, or warnings under -question, where a recorded failure is up to date); on a miss it says what changed first and drops the record (<see cref="FBuildSaveTraversalRecord"/>
    /// writes a new one after a whole build that succeeded).
    /// </summary>
    public sealed class FBuildCheckTraversalUpToDate : MSTask, IIncrementalTask
    {
        /// <summary>Environment variables that never change a build's result (shell bookkeeping, MSBuild's process reuse).</summary>
        public static readonly IReadOnlyList<string> IgnoredEnvironment = new[] { "_", "OLDPWD", "SHLVL", "MSBUILDDISABLENODEREUSE", "DOTNET_CLI_USE_MSBUILD_SERVER" };

        /// <summary>The traversal record (artifacts/traversal/NAME.fbtraversal).</summary>
        [Required] public string RecordFile { get; set; } = "";

        /// <summary>The sketch projects the traversal builds (after the glob), with their metadata.</summary>
        public ITaskItem[] Projects { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>Other properties of the build (MSBuild's version and folder...), joined in a fixed order.</summary>
        public string KeyProperties { get; set; } = "";

        /// <summary>Set by MSBuild's -question mode: nothing is written or deleted.</summary>
        public bool FailIfNotIncremental { get; set; }

        /// <summary>true when the sketch set is up to date (nothing is built).</summary>
        [Output] public bool UpToDate { get; set; }

        /// <summary>The key, for <see cref="FBuildSaveTraversalRecord"/>.</summary>
        [Output] public string Key { get; set; } = "";

        /// <summary>Why the sketch set is built (empty when up to date).</summary>
        [Output] public string Reason { get; set; } = "";

        /// <summary>true on a hit with recorded failures (outside -question): the build fails, as a whole build would.</summary>
        [Output] public bool Failed { get; set; }

        /// <summary>The sketches' info as recorded (when up to date): what _FBuildCollectSketchInfo gives otherwise.</summary>
        [Output] public ITaskItem[] Sketches { get; set; } = Array.Empty<ITaskItem>();

        public override bool Execute()
        {
            Key = TraversalRecord.KeyOf(KeyGroups());
            var record = TraversalRecord.Load(RecordFile);
            var verified = new List<(int Index, FileStamp Stamp)>();
            var why = TraversalRecord.WhyStale(record, Key, (input, captured) =>
            {
                var reason = WhyChanged(input, captured, out var byContent);
                if (reason is null && byContent.HasValue) verified.Add((record!.Inputs.IndexOf(input), byContent.Value));
                return reason;
            });
            var failures = new List<(TraversalFailure Failure, RecordedFailure Recorded)>();
            foreach (var f in why is null ? record!.Failures : new List<TraversalFailure>())
            {
                var recorded = InputState.Load(f.StateFile)?.Failure;
                if (recorded is null) { why = $"the recorded failure of '{f.Display}' is gone ({f.StateFile})"; break; }
                failures.Add((f, recorded));
            }
            if (why != null)
            {
                Reason = why;
                Log.LogMessage(MessageImportance.Normal, $"FBuild: traversal fast path missed: {why}.");
                if (!FailIfNotIncremental && File.Exists(RecordFile)) File.Delete(RecordFile);
                return true;
            }
            UpToDate = true;
            foreach (var (f, recorded) in failures)
            {
                if (FailIfNotIncremental)
                {
                    QuestionMode.ReportFailedAsRecorded(Log, f.Display, recorded.ToResult());
                    continue;
                }
                Log.LogMessage(MessageImportance.Normal, $"{f.Display}: {FBuildTaskBase.FailureReplayNote}");
                Toolchain.DiagnosticsReporter.Report(Log, f.Display, recorded.ToResult());
            }
            Failed = failures.Count > 0 && !FailIfNotIncremental;
            Sketches = record!.Sketches.Select(s =>
            {
                var item = new TaskItem(s.Project);
                foreach (var m in s.Metadata) item.SetMetadata(m.Key, m.Value);
                return (ITaskItem)item;
            }).ToArray();
            Log.LogMessage(MessageImportance.Normal,
                $"FBuild: the sketch set is up to date (traversal record {RecordFile}: {record.Inputs.Count} files checked"
                + (failures.Count > 0 ? $", {failures.Count} recorded failure(s) replayed" : "") + "); no sketch or framework is built.");
            if (!FailIfNotIncremental && verified.Count > 0) Refresh(record, verified);
            return true;
        }

        /// <summary>
        /// Why a recorded input differs now (as a build record judges it), or null. A file recorded missing must still
        /// be missing (a new Directory.Build.props, for one).
        /// </summary>
        internal static string? WhyChanged(RecordedInput input, long capturedTicks, out FileStamp? byContent)
        {
            byContent = null;
            if (!input.Stamp.Exists && !InputState.IsDirectory(input.Path))
                return File.Exists(input.Path) || Directory.Exists(input.Path) ? $"'{input.Path}' appeared" : null;
            return InputState.Check(input, capturedTicks, out byContent, FileStamp.Of);
        }

        /// <summary>Inputs whose stamps were not conclusive but whose content was unchanged: their stamps now, when all are conclusive (as build records are refreshed).</summary>
        private void Refresh(TraversalRecord record, List<(int Index, FileStamp Stamp)> verified)
        {
            long now = DateTime.UtcNow.Ticks;
            if (verified.Any(v => v.Stamp.CtimeTicks == 0 || v.Stamp.IsRacyAt(now))) return;
            foreach (var (index, stamp) in verified)
                record.Inputs[index] = new RecordedInput(record.Inputs[index].Path, stamp, record.Inputs[index].Digest);
            record.CapturedTicks = now;
            try { record.Save(RecordFile); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }

        private IEnumerable<(string, IEnumerable<string>)> KeyGroups()
        {
            var assembly = typeof(FBuildCheckTraversalUpToDate).Assembly;
            yield return ("FBuild task assembly", new[] { assembly.ManifestModule.ModuleVersionId.ToString(), FileStamp.Of(assembly.Location).ToString() });
            yield return ("MSBuild version or properties", new[] { typeof(IBuildEngine).Assembly.FullName ?? "", KeyProperties });
            var globals = (BuildEngine as IBuildEngine6)?.GetGlobalProperties() ?? new Dictionary<string, string>();
            yield return ("global properties (-p:)", globals.OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase).Select(g => g.Key + "=" + g.Value));
            yield return ("environment", EnvironmentParts());
            yield return ("list of sketch projects", Projects.SelectMany(p =>
                new[] { "i\u0001" + p.ItemSpec }.Concat(p.CloneCustomMetadata().Keys.Cast<string>().OrderBy(n => n, StringComparer.Ordinal)
                    .Select(n => "m\u0001" + n + "\u0001" + p.GetMetadata(n)))));
        }

        private static IEnumerable<string> EnvironmentParts()
        {
            var env = Environment.GetEnvironmentVariables();
            return env.Keys.Cast<object>().Select(k => k.ToString() ?? "")
                .Where(k => !IgnoredEnvironment.Contains(k))
                .OrderBy(k => k, StringComparer.Ordinal)
                .Select(k => k + "=" + env[k]);
        }
    }
}
