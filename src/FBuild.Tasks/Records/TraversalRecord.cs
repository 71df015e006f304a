using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace FBuild.Tasks.Records
{
    /// <summary>One sketch project of a traversal as its report needs it: the project and its info metadata (ResultFile, BoardKey, Name...).</summary>
    public sealed record TraversalSketch(string Project, IReadOnlyList<KeyValuePair<string, string>> Metadata);

    /// <summary>
    /// A failed step of the recorded build, replayed on a hit: its display (the source or the .elf, as the task names it)
    /// and its build record (the .fbstate holding the tool's output; the traversal record holds its stamp, so it is unchanged).
    /// </summary>
    public sealed record TraversalFailure(string Display, string StateFile);

    /// <summary>
    /// The traversal record (<c>artifacts/traversal/NAME.fbtraversal</c>): written after a whole traversal build (whose
    /// frameworks succeeded; failed sketches are recorded with their failed steps), it holds a key (a hash of the global properties, the environment, MSBuild's and FBuild's versions and
    /// the list of sketch projects), every sketch's info for the report, and every file and folder the build read or
    /// wrote, each with its stamp and digest as in a build record (<see cref="RecordedInput"/>). The sketch-set fast path
    /// (<see cref="WhyStale"/>) checks them all at once; any difference runs the whole build.
    /// </summary>
    public sealed class TraversalRecord
    {
        private const string Header = "fbtraversal 1";

        /// <summary>The hash of the build's inputs other than files (see the class summary).</summary>
        public string Key { get; set; } = "";

        /// <summary>When the stamps were taken (UTC ticks): stamps within the racy margin of it are not conclusive.</summary>
        public long CapturedTicks { get; set; }

        /// <summary>Every sketch project's info, in the order the build collected them.</summary>
        public List<TraversalSketch> Sketches { get; } = new List<TraversalSketch>();

        /// <summary>The failed compiles and links of the build (a build with failed sketches is recorded too), in order.</summary>
        public List<TraversalFailure> Failures { get; } = new List<TraversalFailure>();

        /// <summary>Every file and folder (ending with '/') the build read or wrote; a missing one (size -1) must stay missing.</summary>
        public List<RecordedInput> Inputs { get; } = new List<RecordedInput>();

        /// <summary>
        /// The key of a traversal build: for each named group of parts (global properties, environment...), the group's
        /// name and a hash of its parts in order, so a miss can say which group changed.
        /// </summary>
        public static string KeyOf(IEnumerable<(string Group, IEnumerable<string> Parts)> groups) =>
            string.Join(";", groups.Select(g => g.Group + "=" + InputState.Hash(g.Parts)));

        /// <summary>Which groups of <paramref name="now"/> differ from <paramref name="recorded"/>, as a miss's reason.</summary>
        public static string KeyDifference(string recorded, string now)
        {
            var was = recorded.Split(';');
            var changed = now.Split(';').Where(g => !was.Contains(g)).Select(g => g.Split('=')[0]).ToList();
            return changed.Count == 0 ? "the key changed" : "the " + string.Join(", the ", changed) + " changed";
        }

        /// <summary>
        /// Why the traversal must build, or null when <paramref name="record"/> shows everything up to date: the record
        /// exists, has <paramref name="key"/>, and <paramref name="whyChanged"/> (an input against the file system, given
        /// the record's capture time) finds every input as recorded.
        /// </summary>
        public static string? WhyStale(TraversalRecord? record, string key, Func<RecordedInput, long, string?> whyChanged)
        {
            if (record is null) return "no traversal record (the last build failed, did not finish, or wrote none)";
            if (record.Key != key) return KeyDifference(record.Key, key);
            foreach (var input in record.Inputs)
            {
                var why = whyChanged(input, record.CapturedTicks);
                if (why != null) return why;
            }
            return null;
        }

        /// <summary>The record's text.</summary>
        public string Format()
        {
            var sb = new StringBuilder();
            sb.Append(Header).Append('\n');
            sb.Append("key ").Append(Key).Append('\n');
            sb.Append("at ").Append(CapturedTicks.ToString(CultureInfo.InvariantCulture)).Append('\n');
            foreach (var s in Sketches)
            {
                sb.Append("sketch ").Append(Encode(s.Project));
                foreach (var m in s.Metadata) sb.Append(' ').Append(Encode(m.Key)).Append(' ').Append(Encode(m.Value));
                sb.Append('\n');
            }
            foreach (var f in Failures) sb.Append("failed ").Append(Encode(f.Display)).Append(' ').Append(Encode(f.StateFile)).Append('\n');
            foreach (var i in Inputs) InputState.AppendLine(sb, "in", i);
            return sb.ToString();
        }

        /// <summary>Parses <see cref="Format"/>'s text; null when it is not a whole, valid record.</summary>
        public static TraversalRecord? Parse(string text)
        {
            var lines = text.Split('\n');
            if (lines.Length < 4 || lines[0] != Header || lines[lines.Length - 1].Length != 0) return null;
            if (!lines[1].StartsWith("key ", StringComparison.Ordinal) || !lines[2].StartsWith("at ", StringComparison.Ordinal)
                || !long.TryParse(lines[2].Substring(3), NumberStyles.Integer, CultureInfo.InvariantCulture, out var at)) return null;
            var record = new TraversalRecord { Key = lines[1].Substring(4), CapturedTicks = at };
            for (int i = 3; i < lines.Length - 1; i++)
            {
                var l = lines[i];
                if (l.StartsWith("sketch ", StringComparison.Ordinal))
                {
                    var words = l.Substring(7).Split(' ');
                    if (words.Length % 2 != 1) return null;
                    var decoded = words.Select(Decode).ToList();
                    if (decoded.Any(d => d is null)) return null;
                    var metadata = new List<KeyValuePair<string, string>>();
                    for (int k = 1; k < decoded.Count; k += 2) metadata.Add(new KeyValuePair<string, string>(decoded[k]!, decoded[k + 1]!));
                    record.Sketches.Add(new TraversalSketch(decoded[0]!, metadata));
                    continue;
                }
                if (l.StartsWith("failed ", StringComparison.Ordinal))
                {
                    var words = l.Substring(7).Split(' ');
                    var display = words.Length == 2 ? Decode(words[0]) : null;
                    var state = words.Length == 2 ? Decode(words[1]) : null;
                    if (display is null || string.IsNullOrEmpty(state)) return null;
                    record.Failures.Add(new TraversalFailure(display, state!));
                    continue;
                }
                var input = l.StartsWith("in ", StringComparison.Ordinal) ? InputState.ParseLine(l, 3) : null;
                if (input is null || input.Path.Length == 0) return null;
                record.Inputs.Add(input);
            }
            return record;
        }

        private static string Encode(string s) => s.Length == 0 ? "-" : Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

        private static string? Decode(string s)
        {
            if (s == "-") return "";
            try { return Encoding.UTF8.GetString(Convert.FromBase64String(s)); }
            catch (FormatException) { return null; }
        }

        /// <summary>Reads a record file; null when it is missing or not valid.</summary>
        public static TraversalRecord? Load(string path)
        {
            try { return File.Exists(path) ? Parse(File.ReadAllText(path)) : null; }
            catch (IOException) { return null; }
            catch (UnauthorizedAccessException) { return null; }
        }

        /// <summary>Writes the record (atomically), creating its folder.</summary>
        public void Save(string path)
        {
            var dir = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            AtomicFile.WriteAllText(path, Format());
        }
    }
}
