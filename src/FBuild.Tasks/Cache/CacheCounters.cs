using System.Globalization;
using System.Threading;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace FBuild.Tasks.Cache
{
    /// <summary>
    /// What a task's cached tool runs did (hits, misses, stores, uncacheable runs, evictions), counted safely from
    /// concurrent runs, and handed to the targets as one item whose metadata FBuildWriteResult sums.
    /// </summary>
    public sealed class CacheCounters
    {
        /// <summary>Metadata names of the counters item.</summary>
        public const string Compiled = "Compiled", Hits = "CacheHits", Misses = "CacheMisses", Stores = "CacheStores",
            Uncacheable = "CacheUncacheable", Evictions = "CacheEvictions";

        private int _hits, _misses, _stores, _uncacheable, _evictions;

        public int HitCount => _hits;
        public int MissCount => _misses;
        public int StoreCount => _stores;
        public int UncacheableCount => _uncacheable;
        public int EvictionCount => _evictions;

        public void AddHit() => Interlocked.Increment(ref _hits);
        public void AddMiss() => Interlocked.Increment(ref _misses);
        public void AddStore() => Interlocked.Increment(ref _stores);
        public void AddUncacheable() => Interlocked.Increment(ref _uncacheable);
        public void AddEvictions(int count) => Interlocked.Add(ref _evictions, count);

        /// <summary>The counters as an item named <paramref name="name"/>, with <paramref name="compiled"/> outputs redone (compiled or taken from the cache).</summary>
        public ITaskItem ToItem(string name, int compiled)
        {
            var item = new TaskItem(name);
            item.SetMetadata(Compiled, compiled.ToString(CultureInfo.InvariantCulture));
            item.SetMetadata(Hits, HitCount.ToString(CultureInfo.InvariantCulture));
            item.SetMetadata(Misses, MissCount.ToString(CultureInfo.InvariantCulture));
            item.SetMetadata(Stores, StoreCount.ToString(CultureInfo.InvariantCulture));
            item.SetMetadata(Uncacheable, UncacheableCount.ToString(CultureInfo.InvariantCulture));
            item.SetMetadata(Evictions, EvictionCount.ToString(CultureInfo.InvariantCulture));
            return item;
        }
    }
}
