using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace FBuild.Tasks.FileSystem
{
    /// <summary>
    /// The stamps of one build's sources, taken once per MSBuild node and shared by every record check on that node
    /// (a heavy library's thousands of headers are listed by every sketch's records, and each check would stat them
    /// all again). The table lives as long as the build (the tasks register it with MSBuild for the build,
    /// <c>Build/TaskStamps</c>): the next build stats everything afresh, so a file edited during a build is seen by
    /// the next one at the latest.
    /// </summary>
    /// <remarks>
    /// The one rule of what is shared (<see cref="IsShared"/>): a path below a source root (folders the build only
    /// reads: the sketches, libraries, platform, toolchain headers) and not below an output root (what the build
    /// writes: artifacts, the compile cache), output roots winning where they nest inside a source root. Everything
    /// else, and every output, is statted afresh at every call: outputs change during the build. Only checks use
    /// the table; what a build records (<see cref="Records.InputState.Capture"/>) is always observed afresh.
    /// </remarks>
    public sealed class BuildStamps
    {
        private static readonly char[] ListSeparators = { ';' };
        private static readonly Func<string, FileStamp> Stat = FileStamp.Of;

        private readonly ConcurrentDictionary<string, FileStamp>? _table;
        private readonly string[] _sourceRoots;
        private readonly string[] _outputRoots;

        /// <summary>Stamps shared through <paramref name="table"/> for paths below <paramref name="sourceRoots"/> and not below <paramref name="outputRoots"/>.</summary>
        public BuildStamps(ConcurrentDictionary<string, FileStamp>? table, IEnumerable<string> sourceRoots, IEnumerable<string> outputRoots)
        {
            _table = table;
            _sourceRoots = Roots(sourceRoots);
            _outputRoots = Roots(outputRoots);
        }

        /// <summary>Nothing shared: every call stats.</summary>
        public static BuildStamps None { get; } = new BuildStamps(null, Array.Empty<string>(), Array.Empty<string>());

        /// <summary>Whether <paramref name="path"/>'s stamp is taken once per build and shared (the class's rule).</summary>
        public bool IsShared(string path)
        {
            if (_table is null || path.Length == 0) return false;
            var p = Normalize(path);
            if (p is null) return false;
            foreach (var root in _outputRoots)
                if (Below(p, root, StringComparison.OrdinalIgnoreCase)) return false; // case-blind: rather too many outputs than too few
            foreach (var root in _sourceRoots)
                if (Below(p, root, StringComparison.Ordinal)) return true;
            return false;
        }

        /// <summary>The stamp of <paramref name="path"/> (a folder when it ends with '/'): from this build's table when shared, else now.</summary>
        public FileStamp Of(string path) =>
            IsShared(path) ? _table!.GetOrAdd(path, Stat) : FileStamp.Of(path);

        /// <summary>How many stamps the table holds (tests, diagnostics).</summary>
        public int Count => _table?.Count ?? 0;

        /// <summary>A ';'-separated list of roots (as the targets pass them), empty entries dropped.</summary>
        public static IReadOnlyList<string> SplitRoots(string? list) =>
            (list ?? "").Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries).Select(r => r.Trim()).Where(r => r.Length > 0).ToList();

        /// <summary>Full paths with '/' separators and one trailing '/'; relative or malformed roots are dropped.</summary>
        private static string[] Roots(IEnumerable<string> roots) =>
            roots.Where(Path.IsPathRooted).Select(Normalize).Where(r => r != null).Select(r => r!.TrimEnd('/') + "/").Distinct().ToArray();

        /// <summary>
        /// The path with '/' separators and no "." or ".." segments (a depfile's <c>cores/../variants/x.h</c> is
        /// judged where it is), or null when it is relative or malformed.
        /// </summary>
        private static string? Normalize(string path)
        {
            var p = path.Replace('\\', '/');
            if (!Path.IsPathRooted(p)) return null; // relative to a node's working folder: never shared
            if (!HasDotSegment(p) && p.IndexOf("//", 1, StringComparison.Ordinal) < 0) return p;
            try
            {
                var full = Path.GetFullPath(p).Replace('\\', '/');
                return p.EndsWith("/", StringComparison.Ordinal) && !full.EndsWith("/", StringComparison.Ordinal) ? full + "/" : full;
            }
            catch (ArgumentException) { return null; }
            catch (NotSupportedException) { return null; }
            catch (PathTooLongException) { return null; }
        }

        private static bool HasDotSegment(string p)
        {
            for (int i = p.IndexOf("/.", StringComparison.Ordinal); i >= 0; i = p.IndexOf("/.", i + 1, StringComparison.Ordinal))
            {
                int after = i + 2;
                if (after < p.Length && p[after] == '.') after++;
                if (after == p.Length || p[after] == '/') return true;
            }
            return false;
        }

        /// <summary>Whether <paramref name="path"/> is <paramref name="root"/> (which ends with '/') or below it.</summary>
        private static bool Below(string path, string root, StringComparison comparison) =>
            path.StartsWith(root, comparison) || path.Length == root.Length - 1 && root.StartsWith(path, comparison);
    }
}
