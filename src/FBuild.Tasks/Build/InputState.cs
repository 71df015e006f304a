using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace FBuild.Tasks.Build
{
    /// <summary>
    /// What an output was built from: a hash of its full command line and the size and modification time of
    /// every input it read (for compiles, the sources and headers gcc's depfile lists). Stored beside the output
    /// as <c>X.fbstate</c>; an output is current only if its state file matches the file system now.
    /// </summary>
    public sealed class InputState
    {
        private const string Header = "fbstate 1";

        public string CommandHash { get; set; } = "";
        public List<(string Path, long Size, long MtimeTicks)> Inputs { get; } = new List<(string, long, long)>();

        public static string Hash(IEnumerable<string> parts)
        {
            using var sha = SHA256.Create();
            var sb = new StringBuilder();
            foreach (var p in parts) sb.Append(p).Append('\0');
            var bytes = sha.ComputeHash(Encoding.UTF8.GetBytes(sb.ToString()));
            var hex = new StringBuilder(bytes.Length * 2);
            foreach (var b in bytes) hex.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            return hex.ToString();
        }

        /// <summary>
        /// The identity of a tool binary as part of a command hash: its path, size and modification time, so a
        /// different compiler installed at the same path (an upgrade, another package) rebuilds what it built.
        /// </summary>
        public static string ToolIdentity(string exe)
        {
            var fi = new FileInfo(exe);
            return fi.Exists ? "tool " + exe + " " + fi.Length.ToString(CultureInfo.InvariantCulture) + " " + fi.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture) : "tool " + exe + " missing";
        }

        /// <summary>The size and modification time of a file or (path ending in '/') folder now; size -1 when it does not exist.</summary>
        public static (long Size, long Ticks) Stat(string path)
        {
            if (IsDirectory(path))
            {
                var di = new DirectoryInfo(path);
                return di.Exists ? (0, di.LastWriteTimeUtc.Ticks) : (-1, 0);
            }
            var fi = new FileInfo(path);
            return fi.Exists ? (fi.Length, fi.LastWriteTimeUtc.Ticks) : (-1, 0);
        }

        /// <summary>Stats of the inputs known before a tool runs, to tell later whether the run overlapped a change.</summary>
        public static Dictionary<string, (long Size, long Ticks)> Snapshot(IEnumerable<string> inputs)
        {
            var map = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
            foreach (var i in inputs) map[i] = Stat(i);
            return map;
        }

        /// <summary>
        /// Records the inputs as they are now. An input that changed while the tool ran is recorded with an
        /// impossible time, so that the next build redoes the output: for inputs in <paramref name="before"/> (taken
        /// just before the run) any difference counts; for the others (headers first learnt from the depfile) a
        /// modification time after the start of the run. (Comparing times near the start alone is not enough:
        /// file times move in coarse steps, so a file written just before the run can look as if written during it.)
        /// </summary>
        public static InputState Capture(string commandHash, IEnumerable<string> inputs, DateTime startedUtc,
            IReadOnlyDictionary<string, (long Size, long Ticks)>? before = null)
        {
            var state = new InputState { CommandHash = commandHash };
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var input in inputs)
            {
                if (!seen.Add(input)) continue;
                var (size, ticks) = Stat(input);
                if (size < 0) { state.Inputs.Add((input, -1, 0)); continue; }
                bool changedDuringRun = before != null && before.TryGetValue(input, out var was)
                    ? was != (size, ticks)
                    : ticks > startedUtc.Ticks;
                state.Inputs.Add((input, size, changedDuringRun ? -1 : ticks));
            }
            return state;
        }

        public void Save(string path)
        {
            var sb = new StringBuilder();
            sb.Append(Header).Append('\n');
            sb.Append("cmd ").Append(CommandHash).Append('\n');
            foreach (var (p, size, ticks) in Inputs)
                sb.Append("in ").Append(size.ToString(CultureInfo.InvariantCulture)).Append(' ')
                  .Append(ticks.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(p).Append('\n');
            AtomicFile.WriteAllText(path, sb.ToString());
        }

        /// <summary>Inputs that end with a slash are folders (their entry lists are tracked, not their contents).</summary>
        public static bool IsDirectory(string path) => path.Length > 1 && path[path.Length - 1] == '/';

        public static InputState? Load(string path)
        {
            if (!File.Exists(path)) return null;
            string[] lines;
            try { lines = File.ReadAllLines(path); } catch (IOException) { return null; }
            if (lines.Length < 2 || lines[0] != Header || !lines[1].StartsWith("cmd ", StringComparison.Ordinal)) return null;
            var state = new InputState { CommandHash = lines[1].Substring(4) };
            for (int i = 2; i < lines.Length; i++)
            {
                var l = lines[i];
                if (!l.StartsWith("in ", StringComparison.Ordinal)) return null;
                int s1 = l.IndexOf(' ', 3);
                int s2 = s1 < 0 ? -1 : l.IndexOf(' ', s1 + 1);
                if (s2 < 0) return null;
                if (!long.TryParse(l.Substring(3, s1 - 3), NumberStyles.Integer, CultureInfo.InvariantCulture, out var size)) return null;
                if (!long.TryParse(l.Substring(s1 + 1, s2 - s1 - 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ticks)) return null;
                state.Inputs.Add((l.Substring(s2 + 1), size, ticks));
            }
            return state;
        }

        /// <summary>Why the output must be rebuilt, or null if it is current.</summary>
        public static string? WhyStale(string output, string stateFile, string commandHash)
        {
            if (!File.Exists(output)) return "output missing";
            var state = Load(stateFile);
            if (state is null) return "no build record";
            if (state.CommandHash != commandHash) return "command line changed";
            foreach (var (p, size, ticks) in state.Inputs)
            {
                if (IsDirectory(p))
                {
                    var di = new DirectoryInfo(p);
                    if (size < 0) { if (di.Exists) return $"folder '{p}' appeared"; continue; }
                    if (!di.Exists) return $"folder '{p}' was removed";
                    if (ticks < 0) return $"folder '{p}' changed while the output was being built";
                    if (di.LastWriteTimeUtc.Ticks != ticks) return $"files were added to or removed from '{p}'";
                    continue;
                }
                var fi = new FileInfo(p);
                if (!fi.Exists) return $"'{p}' was removed";
                if (ticks < 0) return $"'{p}' changed while it was being built";
                if (fi.Length != size || fi.LastWriteTimeUtc.Ticks != ticks) return $"'{p}' changed";
            }
            return null;
        }
    }
}
