using System;
using System.Globalization;

namespace FBuild.Tasks.Sharding
{
    /// <summary>One shard of N: <c>K/N</c> with 1 ≤ K ≤ N (FBuildShard, <c>--shard</c>).</summary>
    public sealed class ShardSpec
    {
        /// <summary>The shard's number, from 1.</summary>
        public int Index { get; }
        /// <summary>How many shards the sketch set is split into.</summary>
        public int Count { get; }

        /// <summary>A shard; throws FormatException unless 1 ≤ index ≤ count.</summary>
        public ShardSpec(int index, int count)
        {
            if (count < 1) throw new FormatException($"the shard count must be at least 1, not {count}");
            if (index < 1 || index > count) throw new FormatException($"the shard number must be from 1 to {count}, not {index}");
            Index = index;
            Count = count;
        }

        /// <summary>Parses <c>K/N</c> (whole numbers, 1 ≤ K ≤ N); throws FormatException saying what is wrong.</summary>
        public static ShardSpec Parse(string? text)
        {
            var t = (text ?? "").Trim();
            int slash = t.IndexOf('/');
            if (slash < 0) throw new FormatException($"'{t}' is not K/N (e.g. 2/4: the second of four shards)");
            int k = Whole(t.Substring(0, slash), t);
            int n = Whole(t.Substring(slash + 1), t);
            return new ShardSpec(k, n);
        }

        /// <summary>Parses <c>K/N</c>, or returns false with the reason.</summary>
        public static bool TryParse(string? text, out ShardSpec? shard, out string error)
        {
            try { shard = Parse(text); error = ""; return true; }
            catch (FormatException ex) { shard = null; error = ex.Message; return false; }
        }

        private static int Whole(string part, string whole) =>
            int.TryParse(part.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v)
                ? v : throw new FormatException($"'{whole}' is not K/N: '{part}' is not a whole number");

        /// <summary>K/N.</summary>
        public override string ToString() => Index.ToString(CultureInfo.InvariantCulture) + "/" + Count.ToString(CultureInfo.InvariantCulture);
    }
}
