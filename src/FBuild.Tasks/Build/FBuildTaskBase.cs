using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FBuild.Tasks.Boards;
using FBuild.Tasks.Toolchain;
using Microsoft.Build.Framework;
using MSTask = Microsoft.Build.Utilities.Task;

namespace FBuild.Tasks.Build
{
    /// <summary>Shared plumbing for tasks that run toolchain processes: logging, diagnostics, tracing, node yielding.</summary>
    public abstract class FBuildTaskBase : MSTask, ICancelableTask, IIncrementalTask
    {
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();
        private readonly object _logFileLock = new object();

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

        protected CancellationToken CancellationToken => _cancel.Token;

        /// <summary>In -question mode, logs that <paramref name="output"/> is not up to date and why (FB0061); always false.</summary>
        protected bool ReportNotUpToDate(string output, string reason) => QuestionMode.ReportNotUpToDate(Log, output, reason);

        public void Cancel() => _cancel.Cancel();

        /// <summary>Runs a tool, logs its diagnostics as MSBuild errors/warnings and its output to the log file.</summary>
        protected async Task<ToolResult> RunToolAsync(string kind, string display, IReadOnlyList<string> commandLine)
        {
            var exe = commandLine[0];
            var args = commandLine.Skip(1).ToList();
            ToolResult result;
            using (UsesSlots && _heldSlot is null ? await SlotGate.AcquireAsync(SlotDirectory!, Slots, CancellationToken).ConfigureAwait(false) : null)
            {
                try
                {
                    result = await ToolRunner.RunAsync(exe, args, null, CancellationToken).ConfigureAwait(false);
                }
                catch (System.ComponentModel.Win32Exception ex)
                {
                    Log.LogError(null, FBuildErrors.ToolNotStarted, null, null, 0, 0, 0, 0,
                        $"cannot start '{exe}': {ex.Message}. Is the toolchain installed? (Debian: sudo apt-get install gcc-avr avr-libc binutils-avr)");
                    return new ToolResult { ExitCode = -1 };
                }
            }
            AppendLog(commandLine, result);
            AppendTrace(kind, display, result);
            ReportDiagnostics(display, result);
            return result;
        }

        /// <summary>Logs a result taken from the compile cache as if the tool had run: its output, diagnostics and a trace line of <paramref name="kind"/>.</summary>
        protected void ReportReplayed(string kind, string display, IReadOnlyList<string> commandLine, ToolResult result)
        {
            AppendLog(commandLine, result, "  # from the compile cache");
            AppendTrace(kind, display, result);
            ReportDiagnostics(display, result);
        }

        private void ReportDiagnostics(string display, ToolResult result)
        {
            var diags = GccDiagnostics.Parse(result.Output);
            bool anyError = false;
            foreach (var d in diags)
            {
                if (d.Severity == "error")
                {
                    anyError = true;
                    Log.LogError("gcc", d.Code, null, d.File, d.Line, d.Column, 0, 0, d.Message);
                }
                else if (d.Severity == "warning")
                {
                    Log.LogWarning("gcc", d.Code, null, d.File, d.Line, d.Column, 0, 0, d.Message);
                }
                else
                {
                    Log.LogMessage(MessageImportance.Normal, $"{d.File}({d.Line},{d.Column}): note: {d.Message}");
                }
            }
            if (result.ExitCode != 0 && !anyError)
            {
                var tail = string.Join(Environment.NewLine, result.Output.Skip(Math.Max(0, result.Output.Count - 15)));
                Log.LogError(null, FBuildErrors.ToolFailed, null, display, 0, 0, 0, 0,
                    $"'{display}' failed with exit code {result.ExitCode}.{(tail.Length > 0 ? Environment.NewLine + tail : "")}");
            }
        }

        private void AppendLog(IReadOnlyList<string> commandLine, ToolResult result, string note = "")
        {
            if (string.IsNullOrEmpty(LogFile)) return;
            var sb = new StringBuilder();
            sb.Append("$ ").Append(string.Join(" ", commandLine.Select(CommandLine.ShellQuote))).Append(note).Append('\n');
            foreach (var line in result.Output) sb.Append(line).Append('\n');
            if (result.ExitCode != 0) sb.Append("(exit code ").Append(result.ExitCode).Append(")\n");
            lock (_logFileLock)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(LogFile)!);
                File.AppendAllText(LogFile, sb.ToString());
            }
        }

        private void AppendTrace(string kind, string display, ToolResult result)
        {
            long start = ToUnixMs(result.StartUtc), end = ToUnixMs(result.EndUtc);
            var line = $"{start}\t{end}\t{kind}\t{display}\n";
            // The same line in the build log (binlogs keep low-importance messages): `fbuild report` draws tool runs from it.
            Log.LogMessage(MessageImportance.Low, TraceMessagePrefix + line.TrimEnd('\n'));
            if (string.IsNullOrEmpty(TraceFile)) return;
            lock (_logFileLock)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(TraceFile)!);
                File.AppendAllText(TraceFile, line);
            }
        }

        /// <summary>Starts the low-importance message logged for every tool run: <c>fbuild-trace\tstart_ms\tend_ms\tkind\tfile</c>.</summary>
        public const string TraceMessagePrefix = "fbuild-trace\t";

        private static long ToUnixMs(DateTime utc) => (long)(utc - new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalMilliseconds;

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

        /// <summary>Substitutes late-bound placeholders in each argument; an argument that is exactly a list placeholder expands to the list.</summary>
        protected static List<string> Substitute(IEnumerable<string> recipe, IDictionary<string, string> values, IDictionary<string, IReadOnlyList<string>>? lists = null)
        {
            var result = new List<string>();
            foreach (var arg in recipe)
            {
                if (lists != null && lists.TryGetValue(arg, out var list)) { result.AddRange(list); continue; }
                var a = arg;
                foreach (var kv in values) a = a.Replace(kv.Key, kv.Value);
                result.Add(a);
            }
            return result;
        }
    }
}
