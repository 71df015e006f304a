using System.Collections.Generic;
using System.Text;
using FBuild.Tasks.FileSystem;

namespace FBuild.Tasks.Cache
{
    /// <summary>
    /// The compile cache's client (ccache's direct mode) over any <see cref="ICacheStorage"/>: looks results up by
    /// manifest key (the manifest's entry whose recorded files all still have their digests here) or by a result key
    /// computed up front (links), and stores them. Everything read from the storage is verified here: a damaged or
    /// foreign record is a miss.
    /// </summary>
    public sealed class CompileCache
    {
        public CompileCache(ICacheStorage storage) { Storage = storage; }

        /// <summary>Where the records are kept.</summary>
        public ICacheStorage Storage { get; }

        /// <summary>The result stored for a manifest key whose recorded files all still have their digests here, or null.</summary>
        public CacheEntry? Lookup(string manifestKey, string root, out string? resultKey)
        {
            resultKey = null;
            var manifest = ReadManifest(manifestKey);
            if (manifest is null) return null;
            foreach (var e in manifest.Entries)
            {
                bool match = true;
                foreach (var (token, digest) in e.Files)
                {
                    var d = ContentDigest.Of(CacheKey.Unrelocate(token, root));
                    if (d is null || d.Digest != digest) { match = false; break; }
                }
                if (!match) continue;
                var key = CacheKey.Result(manifestKey, e.Files, e.PathDependent, root);
                if (key != e.ResultKey) continue; // keyed on another checkout's folder
                var entry = ReadEntry(key);
                if (entry is null) continue;
                Storage.MarkUsed(CacheRecordKind.Entry, key);
                Storage.MarkUsed(CacheRecordKind.Manifest, manifestKey);
                resultKey = key;
                return entry;
            }
            return null;
        }

        /// <summary>A result stored under a key computed from all its inputs up front (links), or null.</summary>
        public CacheEntry? LookupResult(string resultKey)
        {
            var entry = ReadEntry(resultKey);
            if (entry != null) Storage.MarkUsed(CacheRecordKind.Entry, resultKey);
            return entry;
        }

        /// <summary>Stores a result under a key computed from all its inputs up front (links).</summary>
        public void StoreResult(string resultKey, CacheEntry entry) => Storage.Put(CacheRecordKind.Entry, resultKey, entry.Serialize());

        /// <summary>Stores a result and records it in its manifest; returns the result key.</summary>
        public string Store(string manifestKey, IReadOnlyList<(string Token, string Digest)> files, bool pathDependent, string root, CacheEntry entry)
        {
            var key = CacheKey.Result(manifestKey, files, pathDependent, root);
            Storage.Put(CacheRecordKind.Entry, key, entry.Serialize());
            var manifest = ReadManifest(manifestKey) ?? new Manifest();
            manifest.Add(new Manifest.Entry(key, pathDependent, files));
            Storage.Put(CacheRecordKind.Manifest, manifestKey, Encoding.UTF8.GetBytes(manifest.Serialize()));
            return key;
        }

        private Manifest? ReadManifest(string key)
        {
            var bytes = Storage.Get(CacheRecordKind.Manifest, key);
            return bytes is null ? null : Manifest.Parse(Encoding.UTF8.GetString(bytes));
        }

        /// <summary>The entry stored under <paramref name="key"/> if it is whole and intact (checksum and format); a damaged one is removed.</summary>
        private CacheEntry? ReadEntry(string key)
        {
            var bytes = Storage.Get(CacheRecordKind.Entry, key);
            if (bytes is null) return null;
            var entry = CacheEntry.Deserialize(bytes);
            if (entry is null) Storage.Remove(CacheRecordKind.Entry, key);
            return entry;
        }
    }
}
