using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using FBuild.Tasks.FileSystem;

namespace FBuild.Tasks.Records
{
    /// <summary>One output item of a recorded result: the task parameter it belongs to, its spec and its metadata.</summary>
    /// <param name="Output">The output parameter's name, e.g. <c>Libraries</c>.</param>
    /// <param name="Spec">The item's spec.</param>
    /// <param name="Metadata">Its custom metadata, in order.</param>
    public sealed record RecordedItem(string Output, string Spec, IReadOnlyList<KeyValuePair<string, string>> Metadata);

    /// <summary>A message a recorded run logged, replayed when the result is reused.</summary>
    /// <param name="Kind"><c>warning</c> or <c>message</c>.</param>
    /// <param name="Code">Its FB code, or empty.</param>
    /// <param name="File">The file it is about, or empty.</param>
    /// <param name="Line">The line, or 0.</param>
    /// <param name="Text">The text.</param>
    public sealed record RecordedMessage(string Kind, string Code, string File, int Line, string Text);

    /// <summary>
    /// A library resolution's result with everything it read: the stamp of every file scanned and of every folder
    /// listed or probed for a header (a folder's stamp changes when an entry is added, removed or renamed). The
    /// result is reused only while the inputs' key is the same and every one of those stamps still holds, each
    /// conclusive (<see cref="FileStamp.IsRacyAt"/>); a header added anywhere the search looked, or an edited
    /// <c>#include</c>, makes it stale.
    /// </summary>
    public sealed class ResolutionRecord
    {
        private const string Magic = "fbresolve 1";

        /// <summary>A record of a result.</summary>
        public ResolutionRecord(string key, IReadOnlyList<(string Path, FileStamp Stamp)> observations, IReadOnlyList<RecordedItem> items, IReadOnlyList<RecordedMessage> messages)
        {
            Key = key ?? throw new ArgumentNullException(nameof(key));
            Observations = observations ?? throw new ArgumentNullException(nameof(observations));
            Items = items ?? throw new ArgumentNullException(nameof(items));
            Messages = messages ?? throw new ArgumentNullException(nameof(messages));
        }

        /// <summary>The hash of the task's inputs (folders, architecture, explicit libraries ...).</summary>
        public string Key { get; }

        /// <summary>Every file and folder (ending with '/') the resolution depended on, with its stamp.</summary>
        public IReadOnlyList<(string Path, FileStamp Stamp)> Observations { get; }

        /// <summary>The output items.</summary>
        public IReadOnlyList<RecordedItem> Items { get; }

        /// <summary>The messages to replay.</summary>
        public IReadOnlyList<RecordedMessage> Messages { get; }

        /// <summary>
        /// Why the record cannot be reused for inputs with <paramref name="key"/>, or null when it can.
        /// </summary>
        /// <param name="key">The current inputs' key.</param>
        /// <param name="stampOf">A path's stamp now.</param>
        /// <param name="conclusive">Whether a recorded stamp tells its version from every later one.</param>
        public string? WhyStale(string key, Func<string, FileStamp> stampOf, Func<FileStamp, bool> conclusive)
        {
            if (stampOf is null) throw new ArgumentNullException(nameof(stampOf));
            if (conclusive is null) throw new ArgumentNullException(nameof(conclusive));
            if (!string.Equals(key, Key, StringComparison.Ordinal)) return "the inputs changed";
            foreach (var (path, stamp) in Observations)
            {
                if (!conclusive(stamp)) return $"'{path}' was read too soon after it changed";
                if (stampOf(path) != stamp) return $"'{path}' changed";
            }
            return null;
        }

        /// <summary>The record as text (one line per entry, tab-separated, tabs and newlines escaped).</summary>
        public string Serialize()
        {
            var sb = new StringBuilder();
            sb.Append(Magic).Append('\n');
            sb.Append("K\t").Append(Key).Append('\n');
            foreach (var (path, stamp) in Observations)
                sb.Append("S\t").Append(Escape(path)).Append('\t').Append(stamp.Size.ToString(CultureInfo.InvariantCulture))
                  .Append('\t').Append(stamp.MtimeTicks.ToString(CultureInfo.InvariantCulture)).Append('\t')
                  .Append(stamp.CtimeTicks.ToString(CultureInfo.InvariantCulture)).Append('\n');
            foreach (var item in Items)
            {
                sb.Append("I\t").Append(Escape(item.Output)).Append('\t').Append(Escape(item.Spec));
                foreach (var m in item.Metadata) sb.Append('\t').Append(Escape(m.Key)).Append('\t').Append(Escape(m.Value));
                sb.Append('\n');
            }
            foreach (var m in Messages)
                sb.Append("M\t").Append(Escape(m.Kind)).Append('\t').Append(Escape(m.Code)).Append('\t').Append(Escape(m.File)).Append('\t')
                  .Append(m.Line.ToString(CultureInfo.InvariantCulture)).Append('\t').Append(Escape(m.Text)).Append('\n');
            return sb.ToString();
        }

        /// <summary>The record in <paramref name="text"/>, or null when it is not a whole, valid record.</summary>
        public static ResolutionRecord? Parse(string text)
        {
            if (text is null || !text.StartsWith(Magic + "\n", StringComparison.Ordinal) || !text.EndsWith("\n", StringComparison.Ordinal)) return null;
            string? key = null;
            var observations = new List<(string, FileStamp)>();
            var items = new List<RecordedItem>();
            var messages = new List<RecordedMessage>();
            foreach (var line in text.Split('\n').Skip(1))
            {
                if (line.Length == 0) continue;
                var f = line.Split('\t').Select(Unescape).ToArray();
                switch (f[0])
                {
                    case "K" when f.Length == 2:
                        key = f[1];
                        break;
                    case "S" when f.Length == 5 && TryLong(f[2], out var size) && TryLong(f[3], out var mtime) && TryLong(f[4], out var ctime):
                        observations.Add((f[1], new FileStamp(size, mtime, ctime)));
                        break;
                    case "I" when f.Length >= 3 && f.Length % 2 == 1:
                        var meta = new List<KeyValuePair<string, string>>();
                        for (int i = 3; i + 1 < f.Length; i += 2) meta.Add(new KeyValuePair<string, string>(f[i], f[i + 1]));
                        items.Add(new RecordedItem(f[1], f[2], meta));
                        break;
                    case "M" when f.Length == 6 && int.TryParse(f[4], NumberStyles.Integer, CultureInfo.InvariantCulture, out var lineNo):
                        messages.Add(new RecordedMessage(f[1], f[2], f[3], lineNo, f[5]));
                        break;
                    default:
                        return null;
                }
            }
            return key is null ? null : new ResolutionRecord(key, observations, items, messages);
        }

        private static bool TryLong(string s, out long value) => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

        private static string Escape(string s) => s.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\n", "\\n").Replace("\r", "\\r");

        private static string Unescape(string s)
        {
            if (s.IndexOf('\\') < 0) return s;
            var sb = new StringBuilder(s.Length);
            for (int i = 0; i < s.Length; i++)
            {
                if (s[i] != '\\' || i + 1 == s.Length) { sb.Append(s[i]); continue; }
                char c = s[++i];
                sb.Append(c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : c);
            }
            return sb.ToString();
        }
    }
}
