using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using FBuild.Tasks.Boards;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace FBuild.Tasks.Toolchain
{
    /// <summary>
    /// Writes what tool runs did: each command line and its output to the project's build log, and a trace line
    /// (<c>start_ms end_ms kind file</c>) to the trace file and, as a low-importance message, to MSBuild's log.
    /// Safe to call from concurrent runs.
    /// </summary>
    public sealed class ToolRunLog
    {
        /// <summary>Starts the low-importance message logged for every tool run: <c>fbuild-trace\tstart_ms\tend_ms\tkind\tfile</c> (the CLI's report reads it).</summary>
        public const string TraceMessagePrefix = "fbuild-trace\t";

        private readonly TaskLoggingHelper _log;
        private readonly string? _logFile;
        private readonly string? _traceFile;
        private readonly object _lock = new object();

        public ToolRunLog(TaskLoggingHelper log, string? logFile, string? traceFile) { _log = log; _logFile = logFile; _traceFile = traceFile; }

        /// <summary>Appends the command line (with <paramref name="note"/> after it), its output and a failed exit code to the build log.</summary>
        public void AppendLog(IReadOnlyList<string> commandLine, ToolResult result, string note = "")
        {
            if (string.IsNullOrEmpty(_logFile)) return;
            var sb = new StringBuilder();
            sb.Append("$ ").Append(string.Join(" ", commandLine.Select(CommandLine.ShellQuote))).Append(note).Append('\n');
            foreach (var line in result.Output) sb.Append(line).Append('\n');
            if (result.ExitCode != 0) sb.Append("(exit code ").Append(result.ExitCode).Append(")\n");
            lock (_lock)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(_logFile)!);
                File.AppendAllText(_logFile, sb.ToString());
            }
        }

        /// <summary>Records the run's times under <paramref name="kind"/> (compile, cache, link, …).</summary>
        public void AppendTrace(string kind, string display, ToolResult result)
        {
            long start = ToUnixMs(result.StartUtc), end = ToUnixMs(result.EndUtc);
            var line = $"{start}\t{end}\t{kind}\t{display}\n";
            // The same line in the build log (binlogs keep low-importance messages): `fbuild report` draws tool runs from it.
            _log.LogMessage(MessageImportance.Low, TraceMessagePrefix + line.TrimEnd('\n'));
            if (string.IsNullOrEmpty(_traceFile)) return;
            lock (_lock)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(_traceFile)!);
                File.AppendAllText(_traceFile, line);
            }
        }

        private static long ToUnixMs(DateTime utc) => (long)(utc - new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalMilliseconds;
    }
}
