namespace FBuild.Tasks.Cache
{
    /// <summary>The two kinds of record a cache storage holds.</summary>
    public enum CacheRecordKind
    {
        /// <summary>A direct-mode manifest (<see cref="Manifest"/>), under a manifest key.</summary>
        Manifest,
        /// <summary>A stored result (<see cref="CacheEntry"/>), under a result key.</summary>
        Entry,
    }

    /// <summary>
    /// Where the compile cache keeps its records: bytes by kind and key, nothing more. The storage is not trusted:
    /// <see cref="CompileCache"/> verifies what <see cref="Get"/> returns (an entry's checksum and format, a
    /// manifest's format, and that a manifest's result answers the key asked) and treats anything else as a miss.
    /// <see cref="LocalCacheStorage"/> is the local folder; a remote tier (HTTP, redis) is another implementation.
    /// </summary>
    public interface ICacheStorage
    {
        /// <summary>The bytes stored under <paramref name="key"/>, or null when there are none (or they cannot be read).</summary>
        byte[]? Get(CacheRecordKind kind, string key);

        /// <summary>Stores <paramref name="bytes"/> under <paramref name="key"/> whole (readers never see part of them), replacing what was there.</summary>
        void Put(CacheRecordKind kind, string key, byte[] bytes);

        /// <summary>Forgets a record that failed verification (best effort).</summary>
        void Remove(CacheRecordKind kind, string key);

        /// <summary>Notes that a record was used by a hit (for least-recently-used eviction; best effort).</summary>
        void MarkUsed(CacheRecordKind kind, string key);
    }
}
