using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace FBuild.Tasks.Cache
{
    /// <summary>
    /// The direct-mode manifest of one manifest key: the results seen so far, each with every file its compile
    /// read (as a relocated path token and a digest). Newest entry first; a few are kept, the oldest dropped. The
    /// header names the manifest key, so a manifest served under another key is a miss; first-format manifests too.
    /// </summary>
    public sealed class Manifest
    {
        public const int MaxEntries = 16;
        private const string Header = "fbmanifest 2";

        public sealed class Entry
        {
            public Entry(string resultKey, bool pathDependent, IReadOnlyList<(string Token, string Digest)> files)
            { ResultKey = resultKey; PathDependent = pathDependent; Files = files; }
            public string ResultKey { get; }
            public bool PathDependent { get; }
            public IReadOnlyList<(string Token, string Digest)> Files { get; }
        }

        public List<Entry> Entries { get; } = new List<Entry>();

        /// <summary>The manifest key this manifest answers.</summary>
        public string Key { get; set; } = "";

        public void Add(Entry entry)
        {
            Entries.RemoveAll(e => e.ResultKey == entry.ResultKey);
            Entries.Insert(0, entry);
            if (Entries.Count > MaxEntries) Entries.RemoveRange(MaxEntries, Entries.Count - MaxEntries);
        }

        public string Serialize()
        {
            var sb = new StringBuilder(Header).Append(' ').Append(Key).Append('\n');
            foreach (var e in Entries)
            {
                sb.Append("entry ").Append(e.ResultKey).Append(' ').Append(e.PathDependent ? '1' : '0').Append(' ')
                  .Append(e.Files.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
                foreach (var (token, digest) in e.Files) sb.Append(digest).Append(' ').Append(token).Append('\n');
            }
            sb.Append("end\n");
            return sb.ToString();
        }

        /// <summary>
        /// The manifest in <paramref name="text"/>, or null if it is damaged or cut short, or (when
        /// <paramref name="expectedKey"/> is given) answers another key.
        /// </summary>
        public static Manifest? Parse(string text, string? expectedKey = null)
        {
            var lines = text.Split('\n');
            if (lines.Length < 2 || !lines[0].StartsWith(Header + " ", StringComparison.Ordinal)) return null;
            var key = lines[0].Substring(Header.Length + 1);
            if (expectedKey != null && key != expectedKey) return null;
            var m = new Manifest { Key = key };
            int i = 1;
            while (i < lines.Length && lines[i].StartsWith("entry ", StringComparison.Ordinal))
            {
                var f = lines[i].Split(' ');
                if (f.Length != 4 || f[1].Length != 64 || (f[2] != "0" && f[2] != "1")
                    || !int.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || i + n >= lines.Length) return null;
                var files = new List<(string, string)>(n);
                for (int k = 1; k <= n; k++)
                {
                    var l = lines[i + k];
                    if (l.Length < 66 || l[64] != ' ' || !l.Substring(0, 64).All(Uri.IsHexDigit)) return null;
                    files.Add((l.Substring(65), l.Substring(0, 64)));
                }
                m.Entries.Add(new Entry(f[1], f[2] == "1", files));
                i += n + 1;
            }
            return i < lines.Length && lines[i] == "end" ? m : null;
        }
    }
}
