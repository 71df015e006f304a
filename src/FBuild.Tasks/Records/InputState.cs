using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using FBuild.Tasks.FileSystem;

namespace FBuild.Tasks.Records
{
    /// <summary>One input as it was when an output was built from it. MtimeTicks -1: it changed during the build.</summary>
    public sealed class RecordedInput : IEquatable<RecordedInput>
    {
        public RecordedInput(string path, FileStamp stamp, string digest) { Path = path; Stamp = stamp; Digest = digest; }
        public string Path { get; }
        public FileStamp Stamp { get; }
        /// <summary>SHA-256 of the content, or "-" for folders, missing files and files that changed during the build.</summary>
        public string Digest { get; }
        public bool ChangedDuringBuild => Stamp.MtimeTicks < 0;
        public bool Equals(RecordedInput? o) => o != null && o.Path == Path && o.Stamp == Stamp && o.Digest == Digest;
        public override bool Equals(object? obj) => Equals(obj as RecordedInput);
        public override int GetHashCode() => Path.GetHashCode() ^ Stamp.GetHashCode();
        public override string ToString() => $"{Stamp} {Digest} {Path}";
    }

    /// <summary>
    /// What an output was built from: a hash of its full command line and every input it read (for compiles, the
    /// sources and headers gcc's depfile lists), each with its size, modification time, status-change time and
    /// content digest. Stored beside the output as <c>X.fbstate</c>; an output is current only if every input
    /// still matches: by its stamp where the stamp is conclusive, by its content where it is not (a file written
    /// within the coarse time step of the record, or a platform without ctime). The outputs are recorded the same
    /// way (<see cref="Outputs"/>), so an output edited, truncated, replaced or deleted behind the build's back is
    /// rebuilt; a no-op reads an output only when its stamps are not conclusive.
    /// </summary>
    public sealed class InputState
    {
        private const string Header = "fbstate 4";
        /// <summary>A file whose times are this close to a tool's start may have been written while the tool ran.</summary>
        private static readonly long DuringRunMargin = TimeSpan.FromMilliseconds(50).Ticks;

        public string CommandHash { get; set; } = "";
        /// <summary>When the record was taken (UTC ticks): stamps within the racy margin of it are not conclusive.</summary>
        public long CapturedTicks { get; set; }
        public List<RecordedInput> Inputs { get; } = new List<RecordedInput>();
        /// <summary>The outputs as the step left them (stamps and digest), to tell when one is changed afterwards.</summary>
        public List<RecordedInput> Outputs { get; } = new List<RecordedInput>();
        /// <summary>Set when the step failed: its exit code and output, replayed while the inputs stay unchanged (<see cref="RecordedFailure"/>).</summary>
        public RecordedFailure? Failure { get; set; }

        public static string Hash(IEnumerable<string> parts)
        {
            var sb = new StringBuilder();
            foreach (var p in parts) sb.Append(p).Append('\0');
            return ContentDigest.Hex(Encoding.UTF8.GetBytes(sb.ToString()));
        }

        /// <summary>
        /// The identity of a tool binary as part of a command hash: its path and content digest, so a different
        /// compiler installed at the same path (an upgrade, another package, even one with the same size and
        /// time) rebuilds what it built. A bare name is looked up on PATH.
        /// </summary>
        public static string ToolIdentity(string exe)
        {
            var path = Toolchain.ToolRunner.Which(exe) ?? exe;
            var digest = File.Exists(path) ? ContentDigest.Of(path) : null;
            return digest is null ? "tool " + exe + " missing" : "tool " + exe + " " + digest.Digest;
        }

        /// <summary>Inputs that end with a slash are folders (their entry lists are tracked, not their contents).</summary>
        public static bool IsDirectory(string path) => path.Length > 1 && path[path.Length - 1] == '/';

        /// <summary>Stamps and digests of the inputs known before a tool runs, to tell later whether the run overlapped a change.</summary>
        public static Dictionary<string, RecordedInput> Snapshot(IEnumerable<string> inputs)
        {
            var map = new Dictionary<string, RecordedInput>(StringComparer.Ordinal);
            foreach (var i in inputs) map[i] = Observe(i);
            return map;
        }

        private static RecordedInput Observe(string path)
        {
            var stamp = FileStamp.Of(path);
            var digest = !stamp.Exists || IsDirectory(path) ? null : ContentDigest.Of(path);
            return new RecordedInput(path, stamp, digest?.Digest ?? "-");
        }

        /// <summary>
        /// Records the inputs as they are now. An input that changed while the tool ran is recorded as such, so the
        /// next build redoes the output: for inputs in <paramref name="before"/> (observed just before the run)
        /// any difference of stamp or content counts; for the others (headers first learnt from the depfile) a
        /// modification or status-change time at or after the start of the run. (Comparing times near the start
        /// alone is not enough for the first kind: a file written just before the run can look as if written during it.)
        /// </summary>
        /// <remarks><paramref name="outputs"/> are observed as they are now (the step has written them).</remarks>
        public static InputState Capture(string commandHash, IEnumerable<string> inputs, DateTime startedUtc,
            IReadOnlyDictionary<string, RecordedInput>? before = null, IEnumerable<string>? outputs = null)
        {
            var state = new InputState { CommandHash = commandHash, CapturedTicks = DateTime.UtcNow.Ticks };
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var input in inputs)
            {
                if (!seen.Add(input)) continue;
                var now = Observe(input);
                if (!now.Stamp.Exists) { state.Inputs.Add(now); continue; }
                bool changedDuringRun = before != null && before.TryGetValue(input, out var was)
                    ? was.Stamp != now.Stamp || was.Digest != now.Digest
                    : now.Stamp.MtimeTicks >= startedUtc.Ticks - DuringRunMargin
                      || (now.Stamp.CtimeTicks != 0 && now.Stamp.CtimeTicks >= startedUtc.Ticks - DuringRunMargin);
                state.Inputs.Add(changedDuringRun
                    ? new RecordedInput(input, new FileStamp(now.Stamp.Size, -1, 0), "-")
                    : now);
            }
            foreach (var output in (outputs ?? Enumerable.Empty<string>()).Distinct(StringComparer.Ordinal))
                state.Outputs.Add(Observe(output));
            return state;
        }

        public void Save(string path)
        {
            var sb = new StringBuilder();
            sb.Append(Header).Append('\n');
            sb.Append("cmd ").Append(CommandHash).Append('\n');
            sb.Append("at ").Append(CapturedTicks.ToString(CultureInfo.InvariantCulture)).Append('\n');
            foreach (var i in Inputs) AppendLine(sb, "in", i);
            foreach (var o in Outputs) AppendLine(sb, "out", o);
            if (Failure != null)
            {
                sb.Append("failed ").Append(Failure.ExitCode.ToString(CultureInfo.InvariantCulture)).Append('\n');
                foreach (var l in Failure.Output) sb.Append("log ").Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(l))).Append('\n');
            }
            AtomicFile.WriteAllText(path, sb.ToString());
        }

        public static InputState? Load(string path)
        {
            if (!File.Exists(path)) return null;
            string[] lines;
            try { lines = File.ReadAllLines(path); } catch (IOException) { return null; }
            if (lines.Length < 3 || lines[0] != Header || !lines[1].StartsWith("cmd ", StringComparison.Ordinal)
                || !lines[2].StartsWith("at ", StringComparison.Ordinal)
                || !long.TryParse(lines[2].Substring(3), NumberStyles.Integer, CultureInfo.InvariantCulture, out var at)) return null;
            var state = new InputState { CommandHash = lines[1].Substring(4), CapturedTicks = at };
            for (int i = 3; i < lines.Length; i++)
            {
                var l = lines[i];
                if (state.Failure != null || l.StartsWith("failed ", StringComparison.Ordinal))
                {
                    if (!ParseFailureLine(state, l)) return null;
                    continue;
                }
                bool isOutput = l.StartsWith("out ", StringComparison.Ordinal);
                if (!isOutput && !l.StartsWith("in ", StringComparison.Ordinal)) return null;
                var rec = ParseLine(l, isOutput ? 4 : 3);
                if (rec is null) return null;
                (isOutput ? state.Outputs : state.Inputs).Add(rec);
            }
            return state;
        }

        /// <summary>One recorded file as a line: KIND SIZE MTIME CTIME DIGEST PATH (also the traversal record's format).</summary>
        internal static void AppendLine(StringBuilder sb, string kind, RecordedInput r) =>
            sb.Append(kind).Append(' ').Append(r.Stamp.Size.ToString(CultureInfo.InvariantCulture)).Append(' ')
              .Append(r.Stamp.MtimeTicks.ToString(CultureInfo.InvariantCulture)).Append(' ')
              .Append(r.Stamp.CtimeTicks.ToString(CultureInfo.InvariantCulture)).Append(' ')
              .Append(r.Digest).Append(' ').Append(r.Path).Append('\n');

        /// <summary>Reads <see cref="AppendLine"/>'s line from <paramref name="pos"/> (after KIND and its space); null when it is not valid.</summary>
        internal static RecordedInput? ParseLine(string l, int pos)
        {
            var f = new long[3];
            for (int k = 0; k < 3; k++)
            {
                int sp = l.IndexOf(' ', pos);
                if (sp < 0 || !long.TryParse(l.Substring(pos, sp - pos), NumberStyles.Integer, CultureInfo.InvariantCulture, out f[k])) return null;
                pos = sp + 1;
            }
            int dsp = l.IndexOf(' ', pos);
            if (dsp < 0) return null;
            var digest = l.Substring(pos, dsp - pos);
            if (digest != "-" && (digest.Length != 64 || !digest.All(Uri.IsHexDigit))) return null;
            return new RecordedInput(l.Substring(dsp + 1), new FileStamp(f[0], f[1], f[2]), digest);
        }

        /// <summary>Reads a <c>failed EXIT</c> line (it starts the failure section) or a <c>log BASE64</c> line after it.</summary>
        private static bool ParseFailureLine(InputState state, string l)
        {
            if (state.Failure is null)
            {
                if (!int.TryParse(l.Substring(7), NumberStyles.Integer, CultureInfo.InvariantCulture, out var exit) || exit == 0) return false;
                state.Failure = new RecordedFailure(exit, new List<string>());
                return true;
            }
            if (!l.StartsWith("log ", StringComparison.Ordinal)) return false;
            try { state.Failure.Output.Add(Encoding.UTF8.GetString(Convert.FromBase64String(l.Substring(4)))); }
            catch (FormatException) { return false; }
            return true;
        }

        /// <summary>
        /// Why the output must be rebuilt, or null if it is current. When inputs whose stamps were not conclusive
        /// (written within the racy margin of the record, typically objects and archives made moments before the
        /// link that recorded them) turn out unchanged by content, and their stamps are conclusive now, the record is
        /// rewritten with those stamps (<paramref name="refresh"/>), as git refreshes its index: the next build then
        /// decides by stamps instead of reading every such file again. Outputs the record names are checked the same way.
        /// </summary>
        /// <remarks>
        /// <paramref name="stampOf"/> gives a path's stamp now (default: <see cref="FileStamp.Of"/>): the build's shared
        /// source stamps (<see cref="BuildStamps.Of"/>), which stat outputs afresh. A stamp checked after reading a file
        /// by content is always taken afresh, so a refreshed record never holds a stamp the file no longer has.
        /// </remarks>
        public static string? WhyStale(string output, string stateFile, string commandHash, bool refresh = true, Func<string, FileStamp>? stampOf = null) =>
            WhyStale(new[] { output }, false, stateFile, commandHash, refresh ? DateTime.UtcNow.Ticks : (long?)null, stampOf);

        /// <summary>
        /// <see cref="WhyStale(string, string, string, bool, Func{string, FileStamp})"/> for a step that writes <paramref name="outputs"/> (the
        /// first is the one the record is kept beside): each must exist and, when <paramref name="requireRecorded"/>,
        /// be in the record with the stamps (or, where they are not conclusive, the content) it was left with.
        /// </summary>
        public static string? WhyStale(IReadOnlyList<string> outputs, bool requireRecorded, string stateFile, string commandHash, bool refresh,
            Func<string, FileStamp>? stampOf = null) =>
            WhyStale(outputs, requireRecorded, stateFile, commandHash, refresh ? DateTime.UtcNow.Ticks : (long?)null, stampOf);

        /// <summary><see cref="WhyStale(string, string, string, bool, Func{string, FileStamp})"/> with the refresh judged at <paramref name="refreshAtTicks"/> (none if null).</summary>
        internal static string? WhyStale(string output, string stateFile, string commandHash, long? refreshAtTicks, Func<string, FileStamp>? stampOf = null) =>
            WhyStale(new[] { output }, false, stateFile, commandHash, refreshAtTicks, stampOf);

        /// <summary>The list form of <see cref="WhyStale(string, string, string, long?)"/>: a recorded failure is never current here.</summary>
        internal static string? WhyStale(IReadOnlyList<string> outputs, bool requireRecorded, string stateFile, string commandHash, long? refreshAtTicks,
            Func<string, FileStamp>? stampOf = null) =>
            Judge(outputs, requireRecorded, stateFile, commandHash, refreshAtTicks, false, out _, stampOf);

        /// <summary>
        /// <see cref="WhyStale(IReadOnlyList{string}, bool, string, string, bool)"/> that also accepts a recorded
        /// failure: null with <paramref name="failure"/> set means the step failed and nothing it read has changed
        /// since (same command and tools, every recorded input and folder as it was, no output there), so running it
        /// again would fail the same way; the caller replays <paramref name="failure"/> instead.
        /// </summary>
        public static string? WhyRerun(IReadOnlyList<string> outputs, bool requireRecorded, string stateFile, string commandHash, bool refresh, out RecordedFailure? failure,
            Func<string, FileStamp>? stampOf = null) =>
            Judge(outputs, requireRecorded, stateFile, commandHash, refresh ? DateTime.UtcNow.Ticks : (long?)null, true, out failure, stampOf);

        /// <summary>The one rule behind <see cref="WhyStale(IReadOnlyList{string}, bool, string, string, long?)"/> and <see cref="WhyRerun"/>.</summary>
        internal static string? Judge(IReadOnlyList<string> outputs, bool requireRecorded, string stateFile, string commandHash, long? refreshAtTicks,
            bool acceptFailure, out RecordedFailure? failure, Func<string, FileStamp>? stampOf = null)
        {
            failure = null;
            var state = Load(stateFile);
            if (state?.Failure != null)
            {
                // A failed step left no output: one there now was made by something else, so run the step again.
                if (!acceptFailure) return "it failed last time";
                if (state.CommandHash != commandHash) return "command line changed";
                foreach (var output in outputs)
                    if (File.Exists(output)) return outputs.Count == 1 ? "output appeared after a failed build" : $"output '{output}' appeared after a failed build";
            }
            else
                foreach (var output in outputs)
                    if (!File.Exists(output)) return outputs.Count == 1 ? "output missing" : $"output '{output}' missing";
            if (state is null) return "no build record";
            if (state.CommandHash != commandHash) return "command line changed";
            if (requireRecorded && state.Failure is null)
                foreach (var output in outputs)
                    if (!state.Outputs.Any(o => o.Path == output)) return $"no record of output '{output}'";
            List<(List<RecordedInput> List, int Index, FileStamp Stamp)>? verified = null;
            foreach (var (list, prefix) in new[] { (state.Outputs, "output "), (state.Inputs, "") })
                for (int i = 0; i < list.Count; i++)
                {
                    var why = Check(list[i], state.CapturedTicks, out var byContent, stampOf ?? Stat);
                    if (why != null) return prefix + why;
                    if (byContent.HasValue) (verified ??= new List<(List<RecordedInput>, int, FileStamp)>()).Add((list, i, byContent.Value));
                }
            if (verified != null && refreshAtTicks.HasValue) state.Refresh(verified, stateFile, refreshAtTicks.Value);
            failure = state.Failure;
            return null;
        }

        /// <summary>Rewrites the record with the stamps its inputs and outputs have now, if they are all conclusive now.</summary>
        private void Refresh(List<(List<RecordedInput> List, int Index, FileStamp Stamp)> verified, string stateFile, long now)
        {
            foreach (var (_, _, stamp) in verified)
                if (stamp.CtimeTicks == 0 || stamp.IsRacyAt(now)) return;
            foreach (var (list, index, stamp) in verified)
                list[index] = new RecordedInput(list[index].Path, stamp, list[index].Digest);
            CapturedTicks = now;
            try { Save(stateFile); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }

        /// <summary>Why one recorded input no longer matches the file system, or null if it does.</summary>
        internal static string? WhyChanged(RecordedInput rec, long capturedTicks) => Check(rec, capturedTicks, out _, Stat);

        private static readonly Func<string, FileStamp> Stat = FileStamp.Of;

        /// <summary>
        /// <see cref="WhyChanged"/>; when the stamps were not conclusive and the content decided that the file is
        /// unchanged, <paramref name="byContent"/> is its stamp (taken before and after reading it, and equal; the one
        /// after afresh, whatever <paramref name="stampOf"/> is).
        /// </summary>
        internal static string? Check(RecordedInput rec, long capturedTicks, out FileStamp? byContent, Func<string, FileStamp> stampOf)
        {
            byContent = null;
            var p = rec.Path;
            var now = stampOf(p);
            if (IsDirectory(p))
            {
                if (!rec.Stamp.Exists) return now.Exists ? $"folder '{p}' appeared" : null;
                if (!now.Exists) return $"folder '{p}' was removed";
                if (rec.ChangedDuringBuild) return $"folder '{p}' changed while the output was being built";
                if (now.MtimeTicks != rec.Stamp.MtimeTicks) return $"files were added to or removed from '{p}'";
                return null;
            }
            if (!rec.Stamp.Exists) return now.Exists ? $"'{p}' appeared" : $"'{p}' is missing";
            if (!now.Exists) return $"'{p}' was removed";
            if (rec.ChangedDuringBuild) return $"'{p}' changed while it was being built";
            if (now.Size != rec.Stamp.Size) return $"'{p}' changed (size)";
            bool conclusive = now.CtimeTicks != 0 && rec.Stamp.CtimeTicks != 0 && !rec.Stamp.IsRacyAt(capturedTicks);
            if (conclusive && now == rec.Stamp) return null;
            // Same size but times moved, or times that cannot be trusted: the content decides.
            if (rec.Digest == "-") return $"'{p}' changed";
            var digest = ContentDigest.Of(p);
            if (digest is null) return $"'{p}' was removed";
            if (digest.Digest != rec.Digest) return $"'{p}' changed (content)";
            if (FileStamp.Of(p) == now) byContent = now;
            return null;
        }
    }

    /// <summary>A failed step as recorded: the tool's exit code and its output (gcc's diagnostics, replayed as they were).</summary>
    public sealed class RecordedFailure
    {
        public RecordedFailure(int exitCode, List<string> output) { ExitCode = exitCode; Output = output; }
        /// <summary>The tool's exit code (never 0).</summary>
        public int ExitCode { get; }
        /// <summary>The tool's output lines, in order.</summary>
        public List<string> Output { get; }

        /// <summary>The failure as a tool result (ending now), for <see cref="Toolchain.DiagnosticsReporter"/>.</summary>
        public Toolchain.ToolResult ToResult()
        {
            var result = new Toolchain.ToolResult { ExitCode = ExitCode, StartUtc = DateTime.UtcNow, EndUtc = DateTime.UtcNow };
            result.Output.AddRange(Output);
            return result;
        }

        /// <summary>Output that tells of a failure of the machine, not of the inputs (a full disk, a killed tool, a compiler crash).</summary>
        private static readonly string[] MachineTrouble =
        {
            "No space left on device", "Permission denied", "Cannot allocate memory", "out of memory", "Killed", "Segmentation fault",
            "internal compiler error", "cannot open output file", "Input/output error", "Too many open files", "Resource temporarily unavailable",
        };

        /// <summary>
        /// Whether a failed run may be recorded and replayed: only gcc's and ld's ordinary failure (exit code 1, with an
        /// error message) and nothing that speaks of the machine rather than the inputs. Anything else runs again.
        /// </summary>
        public static bool IsRecordable(int exitCode, IReadOnlyList<string> output) =>
            exitCode == 1
            && output.Any(l => l.IndexOf("error", StringComparison.OrdinalIgnoreCase) >= 0)
            && !output.Any(l => MachineTrouble.Any(t => l.IndexOf(t, StringComparison.OrdinalIgnoreCase) >= 0));
    }
}
