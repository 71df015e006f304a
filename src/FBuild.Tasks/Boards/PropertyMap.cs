using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace FBuild.Tasks.Boards
{
    /// <summary>
    /// An Arduino properties file (boards.txt, platform.txt, library.properties): <c>key=value</c> lines,
    /// <c>#</c> comments, and OS-specific keys (<c>x.linux</c>) that override <c>x</c> on this OS.
    /// Values reference each other with <c>{key}</c> placeholders, expanded by <see cref="Expand"/>.
    /// </summary>
    public sealed class PropertyMap
    {
        private readonly Dictionary<string, string> _values;

        public PropertyMap() => _values = new Dictionary<string, string>(StringComparer.Ordinal);

        public PropertyMap(IDictionary<string, string> values) => _values = new Dictionary<string, string>(values, StringComparer.Ordinal);

        public int Count => _values.Count;

        public IEnumerable<string> Keys => _values.Keys;

        public string? this[string key]
        {
            get => _values.TryGetValue(key, out var v) ? v : null;
            set { if (value is null) _values.Remove(key); else _values[key] = value; }
        }

        public bool ContainsKey(string key) => _values.ContainsKey(key);

        public string Get(string key, string fallback = "") => _values.TryGetValue(key, out var v) ? v : fallback;

        /// <summary>
        /// Lines that are neither blank, nor comments, nor <c>key=value</c> (1-based line number, text), which
        /// arduino-cli refuses ("invalid line format, should be 'key=value'") and this parser skips.
        /// </summary>
        public IReadOnlyList<(int Line, string Text)> MalformedLines => _malformed;

        private readonly List<(int Line, string Text)> _malformed = new List<(int, string)>();

        public static PropertyMap Load(string path) => Parse(File.ReadAllText(path));

        public static PropertyMap Parse(string text, string osSuffix = "linux")
        {
            var map = new PropertyMap();
            var osKeys = new List<KeyValuePair<string, string>>();
            int number = 0;
            foreach (var raw in text.Split('\n'))
            {
                number++;
                var line = raw.Trim();
                if (line.Length == 0 || line[0] == '#') continue;
                int eq = line.IndexOf('=');
                if (eq <= 0) { map._malformed.Add((number, line)); continue; }
                var key = line.Substring(0, eq).Trim();
                var value = line.Substring(eq + 1).Trim();
                if (key.EndsWith("." + osSuffix, StringComparison.Ordinal))
                    osKeys.Add(new KeyValuePair<string, string>(key.Substring(0, key.Length - osSuffix.Length - 1), value));
                map._values[key] = value;
            }
            foreach (var kv in osKeys) map._values[kv.Key] = kv.Value;
            return map;
        }

        /// <summary>The entries under <paramref name="prefix"/> (followed by a dot), with the prefix removed.</summary>
        public PropertyMap SubTree(string prefix)
        {
            var p = prefix + ".";
            var sub = new PropertyMap();
            foreach (var kv in _values)
                if (kv.Key.StartsWith(p, StringComparison.Ordinal)) sub._values[kv.Key.Substring(p.Length)] = kv.Value;
            return sub;
        }

        /// <summary>The distinct first segments of the keys (for boards.txt: the board ids, in file order).</summary>
        public IReadOnlyList<string> FirstSegments()
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var list = new List<string>();
            foreach (var key in _values.Keys)
            {
                int dot = key.IndexOf('.');
                var head = dot < 0 ? key : key.Substring(0, dot);
                if (seen.Add(head)) list.Add(head);
            }
            return list;
        }

        public void Merge(PropertyMap other)
        {
            foreach (var kv in other._values) _values[kv.Key] = kv.Value;
        }

        public PropertyMap Clone() => new PropertyMap(_values);

        /// <summary>
        /// Replaces <c>{key}</c> placeholders with their values, recursively, as the Arduino IDE does.
        /// Placeholders without a value are left in place (late-bound ones such as <c>{source_file}</c>).
        /// </summary>
        public string Expand(string template, int maxDepth = 20)
        {
            var current = template;
            for (int depth = 0; depth < maxDepth; depth++)
            {
                var next = ExpandOnce(current);
                if (next == current) return next;
                current = next;
            }
            return current;
        }

        private string ExpandOnce(string s)
        {
            if (s.IndexOf('{') < 0) return s;
            var sb = new StringBuilder(s.Length + 32);
            int i = 0;
            while (i < s.Length)
            {
                char c = s[i];
                if (c == '{')
                {
                    int close = s.IndexOf('}', i + 1);
                    if (close > i)
                    {
                        var key = s.Substring(i + 1, close - i - 1);
                        if (key.IndexOf('{') < 0 && _values.TryGetValue(key, out var v))
                        {
                            sb.Append(v);
                            i = close + 1;
                            continue;
                        }
                    }
                }
                sb.Append(c);
                i++;
            }
            return sb.ToString();
        }
    }
}
