using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using FBuild.Tasks.Libraries;

namespace FBuild.Tasks.Toolchain
{
    /// <summary>
    /// The order in which a compile task starts its compiles: the longest first, so that no long compile starts
    /// last and runs alone while the other jobs idle (a unity source of a big library can take ten times a core
    /// file). A compile's length is the last build's measured time for that source (its trace file), or, for
    /// sources without one, an estimate from its size: the size times the median seconds per byte of the measured
    /// ones, or, with none measured, the size alone.
    /// </summary>
    public static class CompileOrder
    {
        /// <summary>
        /// The indices of <paramref name="sources"/> from the longest compile to the shortest (ties keep their order).
        /// </summary>
        /// <param name="sources">Full paths of the sources to compile.</param>
        /// <param name="sizes">Each source's size in bytes (<see cref="EffectiveSize"/>), same order.</param>
        /// <param name="lastSeconds">Measured compile seconds per source (<see cref="LastTimes"/>); may be empty.</param>
        public static IReadOnlyList<int> LongestFirst(IReadOnlyList<string> sources, IReadOnlyList<long> sizes, IReadOnlyDictionary<string, double> lastSeconds)
        {
            if (sources is null) throw new ArgumentNullException(nameof(sources));
            if (sizes is null) throw new ArgumentNullException(nameof(sizes));
            if (lastSeconds is null) throw new ArgumentNullException(nameof(lastSeconds));
            if (sizes.Count != sources.Count) throw new ArgumentException("One size per source.", nameof(sizes));
            var estimates = Estimates(sources, sizes, lastSeconds);
            return Enumerable.Range(0, sources.Count).OrderByDescending(i => estimates[i]).ThenBy(i => i).ToList();
        }

        /// <summary>Each source's estimated compile length (seconds when any time is known, else bytes).</summary>
        public static double[] Estimates(IReadOnlyList<string> sources, IReadOnlyList<long> sizes, IReadOnlyDictionary<string, double> lastSeconds)
        {
            var rates = new List<double>();
            for (int i = 0; i < sources.Count; i++)
                if (lastSeconds.TryGetValue(sources[i], out var s) && sizes[i] > 0) rates.Add(s / sizes[i]);
            rates.Sort();
            double rate = rates.Count == 0 ? 1 : rates[rates.Count / 2];
            var result = new double[sources.Count];
            for (int i = 0; i < sources.Count; i++)
                result[i] = lastSeconds.TryGetValue(sources[i], out var s) ? s : Math.Max(0, sizes[i]) * rate;
            return result;
        }

        /// <summary>
        /// The last measured time of each source compiled (kind <c>compile</c>) in trace lines
        /// (<c>start_ms end_ms kind file</c>, <see cref="ToolRunLog"/>); later lines win. Cache replays are not compiles.
        /// </summary>
        public static Dictionary<string, double> LastTimes(IEnumerable<string> traceLines)
        {
            var result = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var line in traceLines)
            {
                var f = line.Split('\t');
                if (f.Length < 4 || f[2] != "compile") continue;
                if (!long.TryParse(f[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var start) ||
                    !long.TryParse(f[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var end) || end < start) continue;
                result[f[3]] = (end - start) / 1000.0;
            }
            return result;
        }

        /// <summary>
        /// A source's size for the estimate: its own bytes plus those of the files it includes with <c>"..."</c>
        /// that lie beside it (or below), transitively, as a unity source's parts do. Shared headers reached through
        /// <c>&lt;...&gt;</c> count for every source alike and are left out.
        /// </summary>
        /// <param name="source">Full path of the source.</param>
        /// <param name="sizeOf">A file's size, or a negative number when it does not exist.</param>
        /// <param name="includesOf">A file's include directives.</param>
        public static long EffectiveSize(string source, Func<string, long> sizeOf, Func<string, IReadOnlyList<IncludeDirective>> includesOf)
        {
            if (sizeOf is null) throw new ArgumentNullException(nameof(sizeOf));
            if (includesOf is null) throw new ArgumentNullException(nameof(includesOf));
            var root = Path.GetDirectoryName(source) ?? "";
            var seen = new HashSet<string>(StringComparer.Ordinal) { source };
            var queue = new Queue<string>();
            queue.Enqueue(source);
            long total = 0;
            while (queue.Count > 0)
            {
                var file = queue.Dequeue();
                long size = sizeOf(file);
                if (size < 0) continue;
                total += size;
                var dir = Path.GetDirectoryName(file) ?? "";
                foreach (var include in includesOf(file))
                {
                    if (include.IsAngled) continue;
                    string full;
                    try { full = Path.GetFullPath(Path.Combine(dir, include.Name)); }
                    catch (ArgumentException) { continue; }
                    catch (NotSupportedException) { continue; }
                    if (!full.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal)) continue;
                    if (seen.Add(full)) queue.Enqueue(full);
                }
            }
            return total;
        }
    }
}
