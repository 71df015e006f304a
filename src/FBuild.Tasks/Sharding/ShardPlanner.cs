using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace FBuild.Tasks.Sharding
{
    /// <summary>One shard of a plan: its number (from 1), its sketches (identities, sorted) and their summed cost.</summary>
    public sealed class Shard
    {
        /// <summary>A shard of a plan.</summary>
        public Shard(int index, IReadOnlyList<string> sketches, double cost)
        {
            Index = index;
            Sketches = sketches;
            Cost = cost;
        }

        /// <summary>The shard's number, from 1 (K of K/N).</summary>
        public int Index { get; }
        /// <summary>The sketches' identities (paths relative to the sketch set's root), in ordinal order.</summary>
        public IReadOnlyList<string> Sketches { get; }
        /// <summary>The summed cost (measured seconds, or one per sketch without costs).</summary>
        public double Cost { get; }
    }

    /// <summary>
    /// Splits a sketch set into N shards, the same way on every runner and run (pure).
    /// <para>
    /// A sketch is known by its identity: its folder relative to the sketch set's root, with '/' separators, so every
    /// checkout agrees. Each (identity, shard) pair has a weight (a 64-bit FNV-1a hash, finalized with splitmix64);
    /// a sketch's preferred shards are its shards by descending weight (rendezvous, highest-random-weight hashing).
    /// </para>
    /// <para>
    /// The rule: sketches are taken by descending cost (then by identity), and each goes to the first shard in its
    /// preference order that still has room. Without costs every sketch costs 1 and the room is exact: q = M div N
    /// sketches per shard, and M mod N shards may hold q + 1, so shard sizes differ by at most one. With costs (seconds
    /// from an earlier results.json; a sketch without a measured cost counts as the median of the measured ones) a shard
    /// has room while its cost plus the sketch's stays within (1 + <see cref="CostSlack"/>) × the average; a sketch
    /// that fits nowhere goes to the cheapest shard. The most loaded shard then costs at most
    /// max((1 + slack) × average, average + the costliest sketch).
    /// </para>
    /// <para>
    /// The trade-off: pure rendezvous (<see cref="Preferred"/>) moves only the sketches added or removed, but its shard
    /// sizes vary (binomially). No plan computed from the set alone can be both exactly balanced and move only the
    /// changed sketches (it would have to place each sketch by its identity alone). The room bound keeps each sketch on
    /// its preferred shard unless that shard is full; a change moves the changed sketches plus a short chain of
    /// sketches pushed to their next preference (each moved sketch hands its slot on to at most one other). The cost
    /// slack makes such chains rarer than the exact count bound.
    /// </para>
    /// </summary>
    public static class ShardPlanner
    {
        /// <summary>How far above the average cost a shard may go before a sketch goes to its next preference.</summary>
        public const double CostSlack = 0.10;

        /// <summary>The weight of a sketch on a shard (0-based): deterministic on every platform and runtime.</summary>
        public static ulong Weight(string identity, int shard)
        {
            ulong h = 14695981039346656037UL;
            foreach (var b in Encoding.UTF8.GetBytes(Normalize(identity)))
            {
                h ^= b;
                h *= 1099511628211UL;
            }
            h ^= (ulong)(uint)shard;
            h *= 1099511628211UL;
            // splitmix64's finalizer: FNV's low bits alone mix poorly for short, similar names.
            h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9UL;
            h = (h ^ (h >> 27)) * 0x94d049bb133111ebUL;
            return h ^ (h >> 31);
        }

        /// <summary>An identity as the planner compares it: '/' separators, no leading "./" or trailing '/'.</summary>
        public static string Normalize(string identity)
        {
            var s = identity.Replace('\\', '/').Trim('/');
            while (s.StartsWith("./", StringComparison.Ordinal)) s = s.Substring(2);
            return s.Length == 0 ? "." : s;
        }

        /// <summary>The shards (0-based) in the sketch's order of preference: by descending weight.</summary>
        public static int[] Preference(string identity, int count) =>
            Enumerable.Range(0, count).OrderByDescending(s => Weight(identity, s)).ThenBy(s => s).ToArray();

        /// <summary>Pure rendezvous: the sketch's shard (1-based) when shard sizes do not matter.</summary>
        public static int Preferred(string identity, int count) => Preference(identity, count)[0] + 1;

        /// <summary>
        /// The plan: N shards (index 1..N). <paramref name="costs"/> (seconds by identity) balances by cost when it
        /// has any positive entry for the sketches; otherwise by count. Identities are normalized and de-duplicated.
        /// </summary>
        public static IReadOnlyList<Shard> Plan(IEnumerable<string> identities, int count, IReadOnlyDictionary<string, double>? costs = null)
        {
            if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), "at least one shard");
            var ids = identities.Select(Normalize).Distinct(StringComparer.Ordinal).ToList();
            var known = new Dictionary<string, double>(StringComparer.Ordinal);
            if (costs != null)
                foreach (var kv in costs)
                    if (kv.Value > 0 && !double.IsNaN(kv.Value) && !double.IsInfinity(kv.Value)) known[Normalize(kv.Key)] = kv.Value;
            var measured = ids.Where(known.ContainsKey).Select(i => known[i]).OrderBy(c => c).ToList();
            bool byCost = measured.Count > 0;
            double fallback = byCost ? Median(measured) : 1;
            var cost = ids.ToDictionary(i => i, i => byCost && known.TryGetValue(i, out var c) ? c : fallback, StringComparer.Ordinal);

            var load = new double[count];
            var members = Enumerable.Range(0, count).Select(_ => new List<string>()).ToArray();
            int quota = ids.Count / count, extra = ids.Count % count, atExtra = 0;
            double bound = (1 + CostSlack) * cost.Values.Sum() / count;
            foreach (var id in ids.OrderByDescending(i => cost[i]).ThenBy(i => i, StringComparer.Ordinal))
            {
                int chosen = -1;
                foreach (var s in Preference(id, count))
                {
                    bool room = byCost
                        ? load[s] + cost[id] <= bound
                        : members[s].Count < quota || (members[s].Count == quota && atExtra < extra);
                    if (room) { chosen = s; break; }
                }
                if (chosen < 0) chosen = Enumerable.Range(0, count).OrderBy(s => load[s]).ThenBy(s => s).First();
                if (!byCost && members[chosen].Count == quota) atExtra++;
                members[chosen].Add(id);
                load[chosen] += cost[id];
            }
            return Enumerable.Range(0, count)
                .Select(s => new Shard(s + 1, members[s].OrderBy(i => i, StringComparer.Ordinal).ToList(), load[s]))
                .ToList();
        }

        /// <summary>The identities of shard <paramref name="shard"/> of the plan.</summary>
        public static IReadOnlyList<string> Select(IEnumerable<string> identities, ShardSpec shard, IReadOnlyDictionary<string, double>? costs = null) =>
            Plan(identities, shard.Count, costs)[shard.Index - 1].Sketches;

        private static double Median(IReadOnlyList<double> sorted) =>
            sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
