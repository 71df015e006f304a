using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FBuild.Tasks.Toolchain;
using Microsoft.Build.Framework;
using MSTask = Microsoft.Build.Utilities.Task;

namespace FBuild.Tasks.Build
{
    /// <summary>Shared plumbing for tasks that run toolchain processes: cancellation, tool slots, node yielding and running tools.</summary>
    public abstract class FBuildTaskBase : MSTask, ICancelableTask, IIncrementalTask
    {
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();
        private ToolRunLog? _runLog;
        private FileSystem.BuildStamps? _stamps;

        /// <summary>Full compiler output and command lines are appended here (one log per project).</summary>
        public string? LogFile { get; set; }

        /// <summary>Tool runs are appended here as <c>start_ms end_ms kind file</c> (Unix epoch ms), for timelines and tests.</summary>
        public string? TraceFile { get; set; }

        /// <summary>Folder of lock files limiting concurrent tool runs across all nodes (stage 2's SketchJobs).</summary>
        public string? SlotDirectory { get; set; }

        /// <summary>How many tool runs may hold a slot at once; 0 means no limit.</summary>
        public int Slots { get; set; }

        /// <summary>Set by MSBuild's -question mode: report what would be rebuilt as an error instead of building it.</summary>
        public bool FailIfNotIncremental { get; set; }

        /// <summary>The compile cache's remote tier (tasks that cache): http://host:port/path/ or redis://host:port; empty: none.</summary>
        public string? RemoteCache { get; set; }

        /// <summary>The remote tier's mode: read (fetch only) or readwrite (the default).</summary>
        public string? RemoteCacheMode { get; set; }

        /// <summary>Seconds one request to the remote tier may take (empty: 5).</summary>
        public string? RemoteCacheTimeout { get; set; }

        /// <summary>The build's cache state folder (which tier is off for this build), shared by every node.</summary>
        public string? CacheStateDirectory { get; set; }

        /// <summary>Folders the build only reads, ';'-separated: their files' stamps are taken once per build on this node and shared by every record check (<see cref="FileSystem.BuildStamps"/>).</summary>
        public string? SourceRoots { get; set; }

        /// <summary>Folders the build writes, ';'-separated: their files are statted afresh at every check, even inside a source root.</summary>
        public string? OutputRoots { get; set; }

        /// <summary>Where this task's record checks get stamps: the build's shared source stamps on this node.</summary>
        protected FileSystem.BuildStamps Stamps => _stamps ??= TaskStamps.For(BuildEngine, SourceRoots, OutputRoots);

        /// <summary>The compile cache in <paramref name="cacheDirectory"/> with this task's remote tier and build state; null when off.</summary>
        protected Cache.CachedToolRun? OpenCache(string? cacheDirectory, string? projectRoot) =>
            Cache.CachedToolRun.Open(cacheDirectory, projectRoot, Log, Cache.RemoteCacheOptions.From(RemoteCache, RemoteCacheMode, RemoteCacheTimeout), CacheStateDirectory);

        protected CancellationToken CancellationToken => _cancel.Token;

        /// <summary>The build log and trace of this task's tool runs (made once LogFile and TraceFile are set).</summary>
        private ToolRunLog RunLog => LazyInitializer.EnsureInitialized(ref _runLog, () => new ToolRunLog(Log, LogFile, TraceFile))!;

        /// <summary>In -question mode, logs that <paramref name="output"/> is not up to date and why (FB0061); always false.</summary>
        protected bool ReportNotUpToDate(string output, string reason) => QuestionMode.ReportNotUpToDate(Log, output, reason);

        public void Cancel() => _cancel.Cancel();

        /// <summary>Runs a tool, logs its diagnostics as MSBuild errors/warnings (unless <paramref name="reportDiagnostics"/> is false) and its output to the log file.</summary>
        protected async Task<ToolResult> RunToolAsync(string kind, string display, IReadOnlyList<string> commandLine, bool reportDiagnostics = true)
        {
            var exe = commandLine[0];
            ToolResult result;
            try
            {
                result = await RunQuietAsync(commandLine).ConfigureAwait(false);
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                Log.LogError(null, FBuildErrors.ToolNotStarted, null, null, 0, 0, 0, 0,
                    $"cannot start '{exe}': {ex.Message}. Is the toolchain installed? (Debian: sudo apt-get install gcc-avr avr-libc binutils-avr)");
                return new ToolResult { ExitCode = -1 };
            }
            RunLog.AppendLog(commandLine, result);
            RunLog.AppendTrace(kind, display, result);
            if (reportDiagnostics) DiagnosticsReporter.Report(Log, display, result);
            return result;
        }

        /// <summary>Runs a tool within the tool slots and returns its result, logging nothing (a helper run, not a build step).</summary>
        protected async Task<ToolResult> RunQuietAsync(IReadOnlyList<string> commandLine)
        {
            using (UsesSlots && _heldSlot is null ? await SlotGate.AcquireAsync(SlotDirectory!, Slots, CancellationToken).ConfigureAwait(false) : null)
                return await ToolRunner.RunAsync(commandLine[0], commandLine.Skip(1).ToList(), null, CancellationToken).ConfigureAwait(false);
        }

        /// <summary>What the build log and the messages say of a recorded failure replayed (see <see cref="ReportRecordedFailure"/>).</summary>
        internal const string FailureReplayNote = "failed last time and nothing it reads has changed: not run again, its errors replayed";

        /// <summary>
        /// Logs a recorded failure (<see cref="Records.RecordedFailure"/>) as the failed run logged it: its output in the
        /// build log (marked as replayed), its diagnostics as MSBuild errors and warnings, and a <c>replayed-failure</c> trace line;
        /// returns it as a tool result.
        /// </summary>
        /// <remarks>
        /// In -question mode the recorded failure is up to date: FB0215 names it, its errors are logged as warnings
        /// (<see cref="QuestionMode.ReportFailedAsRecorded"/>), and nothing is written (no build log, no trace).
        /// </remarks>
        protected ToolResult ReportRecordedFailure(string display, IReadOnlyList<string> commandLine, Records.RecordedFailure failure)
        {
            var result = failure.ToResult();
            if (FailIfNotIncremental)
            {
                QuestionMode.ReportFailedAsRecorded(Log, display, result);
                return result;
            }
            RunLog.AppendLog(commandLine, result, "  # " + FailureReplayNote);
            RunLog.AppendTrace("replayed-failure", display, result);
            DiagnosticsReporter.Report(Log, display, result);
            return result;
        }

        /// <summary>Logs a result taken from the compile cache as if the tool had run: its output, diagnostics and a trace line of <paramref name="kind"/>.</summary>
        protected void ReportReplayed(string kind, string display, IReadOnlyList<string> commandLine, ToolResult result)
        {
            RunLog.AppendLog(commandLine, result, "  # from the compile cache");
            RunLog.AppendTrace(kind, display, result);
            DiagnosticsReporter.Report(Log, display, result);
        }

        private bool UsesSlots => Slots > 0 && !string.IsNullOrEmpty(SlotDirectory);

        /// <summary>The tool slot this task took before yielding its node (its tool runs use it instead of taking another).</summary>
        private IDisposable? _heldSlot;

        /// <summary>
        /// Runs <paramref name="work"/> with the node yielded, so MSBuild can schedule other projects meanwhile. With
        /// tool slots, one is taken first, without yielding: a node that waits for a slot takes on no more sketches, so
        /// the sketches in flight (and the memory they hold) are bounded by the slots and nodes, not by the sketch count.
        /// </summary>
        protected T Yielded<T>(Func<Task<T>> work)
        {
            var slot = UsesSlots ? SlotGate.Acquire(SlotDirectory!, Slots, CancellationToken) : null;
            _heldSlot = slot;
            var engine3 = BuildEngine as IBuildEngine3;
            engine3?.Yield();
            try
            {
                return work().GetAwaiter().GetResult();
            }
            finally
            {
                // The slot goes before the node is asked back: a project waiting for it may be holding this node.
                _heldSlot = null;
                slot?.Dispose();
                engine3?.Reacquire();
            }
        }
    }
}
