using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace FBuild.Tasks.Toolchain
{
    /// <summary>The result of one tool run: exit code, merged output lines and wall time.</summary>
    public sealed class ToolResult
    {
        public int ExitCode { get; set; }
        public List<string> Output { get; } = new List<string>();
        public DateTime StartUtc { get; set; }
        public DateTime EndUtc { get; set; }
        public double Seconds => (EndUtc - StartUtc).TotalSeconds;
    }

    /// <summary>
    /// Starts tool processes directly (no shell), capturing stdout and stderr. Arguments are passed as a list;
    /// on netstandard2.0 they are quoted with the rules .NET uses to split them back.
    /// </summary>
    public static class ToolRunner
    {
        public static Task<ToolResult> RunAsync(string exe, IReadOnlyList<string> args, string? workingDirectory, CancellationToken cancel)
        {
            var psi = new ProcessStartInfo(exe, JoinForProcess(args))
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = false,
                CreateNoWindow = true,
            };
            if (!string.IsNullOrEmpty(workingDirectory)) psi.WorkingDirectory = workingDirectory;
            // Untranslated, uncoloured diagnostics so they can be parsed.
            psi.Environment["LC_ALL"] = "C";
            psi.Environment.Remove("GCC_COLORS");

            var result = new ToolResult { StartUtc = DateTime.UtcNow };
            var tcs = new TaskCompletionSource<ToolResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
            int pendingStreams = 2;
            var gate = new object();
            void Complete()
            {
                result.EndUtc = DateTime.UtcNow;
                try { result.ExitCode = process.ExitCode; } catch (InvalidOperationException) { result.ExitCode = -1; }
                process.Dispose();
                tcs.TrySetResult(result);
            }
            bool exited = false;
            void OnLine(string? line)
            {
                if (line is null)
                {
                    bool done;
                    lock (gate) { pendingStreams--; done = pendingStreams == 0 && exited; }
                    if (done) Complete();
                    return;
                }
                lock (gate) result.Output.Add(line);
            }
            process.OutputDataReceived += (_, e) => OnLine(e.Data);
            process.ErrorDataReceived += (_, e) => OnLine(e.Data);
            process.Exited += (_, _) =>
            {
                bool done;
                lock (gate) { exited = true; done = pendingStreams == 0; }
                if (done) Complete();
            };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (cancel.CanBeCanceled)
                cancel.Register(() => { try { if (!process.HasExited) process.Kill(); } catch (InvalidOperationException) { } });
            return tcs.Task;
        }

        /// <summary>Quotes arguments so that .NET's process start splits them back to the same list.</summary>
        /// <summary>The full path of a tool: as given when it names a folder, else the first match on PATH; null if not found.</summary>
        public static string? Which(string exe)
        {
            if (exe.IndexOf('/') >= 0 || exe.IndexOf('\\') >= 0 || Path.IsPathRooted(exe))
                return File.Exists(exe) ? Path.GetFullPath(exe) : null;
            var names = Path.DirectorySeparatorChar == '\\' && !exe.EndsWith(".exe", StringComparison.OrdinalIgnoreCase) ? new[] { exe, exe + ".exe" } : new[] { exe };
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            {
                if (dir.Length == 0) continue;
                foreach (var n in names)
                {
                    var candidate = Path.Combine(dir, n);
                    if (File.Exists(candidate)) return candidate;
                }
            }
            return null;
        }

        public static string JoinForProcess(IReadOnlyList<string> args)
        {
            var sb = new StringBuilder();
            foreach (var arg in args)
            {
                if (sb.Length > 0) sb.Append(' ');
                AppendArgument(sb, arg);
            }
            return sb.ToString();
        }

        private static void AppendArgument(StringBuilder sb, string arg)
        {
            if (arg.Length != 0 && arg.IndexOfAny(new[] { ' ', '\t', '\n', '"' }) < 0)
            {
                sb.Append(arg);
                return;
            }
            sb.Append('"');
            int i = 0;
            while (i < arg.Length)
            {
                char c = arg[i++];
                if (c == '\\')
                {
                    int backslashes = 1;
                    while (i < arg.Length && arg[i] == '\\') { backslashes++; i++; }
                    if (i == arg.Length) sb.Append('\\', backslashes * 2);
                    else if (arg[i] == '"') { sb.Append('\\', backslashes * 2 + 1); sb.Append('"'); i++; }
                    else sb.Append('\\', backslashes);
                    continue;
                }
                if (c == '"') { sb.Append('\\').Append('"'); continue; }
                sb.Append(c);
            }
            sb.Append('"');
        }
    }
}
