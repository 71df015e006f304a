using System;
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

        /// <summary>Metadata names of the remote tier's counters.</summary>
        public const string RemoteHits = "RemoteHits", RemoteMisses = "RemoteMisses", RemoteErrors = "RemoteErrors",
            RemoteUploads = "RemoteUploads", RemoteBytesDown = "RemoteBytesDown", RemoteBytesUp = "RemoteBytesUp", RemoteMilliseconds = "RemoteMilliseconds";

        private int _hits, _misses, _stores, _uncacheable, _evictions;
        private int _remoteHits, _remoteMisses, _remoteErrors, _remoteUploads;
        private long _remoteBytesDown, _remoteBytesUp, _remoteTicks;

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

        /// <summary>Results the remote tier answered (verified).</summary>
        public int RemoteHitCount => _remoteHits;
        /// <summary>Lookups the remote tier was asked and had nothing for.</summary>
        public int RemoteMissCount => _remoteMisses;
        /// <summary>Remote failures (refused, timed out, HTTP errors) and records fetched that failed verification.</summary>
        public int RemoteErrorCount => _remoteErrors;
        /// <summary>Records uploaded.</summary>
        public int RemoteUploadCount => _remoteUploads;
        public long RemoteBytesDownCount => Interlocked.Read(ref _remoteBytesDown);
        public long RemoteBytesUpCount => Interlocked.Read(ref _remoteBytesUp);
        /// <summary>Time spent talking to the remote tier (summed over concurrent requests).</summary>
        public TimeSpan RemoteTime => TimeSpan.FromTicks(Interlocked.Read(ref _remoteTicks));

        public void AddRemoteHit() => Interlocked.Increment(ref _remoteHits);
        public void AddRemoteMiss() => Interlocked.Increment(ref _remoteMisses);
        public void AddRemoteError() => Interlocked.Increment(ref _remoteErrors);
        public void AddRemoteBytesDown(long bytes) => Interlocked.Add(ref _remoteBytesDown, bytes);
        public void AddRemoteUpload(long bytes) { Interlocked.Increment(ref _remoteUploads); Interlocked.Add(ref _remoteBytesUp, bytes); }
        public void AddRemoteTime(TimeSpan time) => Interlocked.Add(ref _remoteTicks, time.Ticks);

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
            item.SetMetadata(RemoteHits, RemoteHitCount.ToString(CultureInfo.InvariantCulture));
            item.SetMetadata(RemoteMisses, RemoteMissCount.ToString(CultureInfo.InvariantCulture));
            item.SetMetadata(RemoteErrors, RemoteErrorCount.ToString(CultureInfo.InvariantCulture));
            item.SetMetadata(RemoteUploads, RemoteUploadCount.ToString(CultureInfo.InvariantCulture));
            item.SetMetadata(RemoteBytesDown, RemoteBytesDownCount.ToString(CultureInfo.InvariantCulture));
            item.SetMetadata(RemoteBytesUp, RemoteBytesUpCount.ToString(CultureInfo.InvariantCulture));
            item.SetMetadata(RemoteMilliseconds, ((long)RemoteTime.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
            return item;
        }
    }
}
