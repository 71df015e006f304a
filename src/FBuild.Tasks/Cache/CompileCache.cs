using System.Collections.Generic;
using System.Text;
using FBuild.Tasks.FileSystem;

namespace FBuild.Tasks.Cache
{
    /// <summary>
    /// The compile cache's client (ccache's direct mode) over any <see cref="ICacheStorage"/>: looks results up by
    /// manifest key (the manifest's entry whose recorded files all still have their digests here) or by a result key
    /// computed up front (links), and stores them. Everything read from the storage is verified here: a damaged or
    /// foreign record is a miss. With a <see cref="RemoteCache"/>, the local storage comes first: on a local miss
    /// the remote is asked, a remote hit is verified the same way (and counted as an error when it fails) and then
    /// stored locally; what is stored locally is uploaded (unless the remote is read-only).
    /// </summary>
    public sealed class CompileCache
    {
        public CompileCache(ICacheStorage storage, RemoteCache? remote = null) { Storage = storage; Remote = remote; }

        /// <summary>Where the records are kept (the local tier).</summary>
        public ICacheStorage Storage { get; }

        /// <summary>The remote tier behind <see cref="Storage"/>, or null.</summary>
        public RemoteCache? Remote { get; }

        /// <summary>The result stored for a manifest key whose recorded files all still have their digests here, or null.</summary>
        public CacheEntry? Lookup(string manifestKey, string root, out string? resultKey)
        {
            resultKey = null;
            var local = ReadManifest(Storage, manifestKey);
            var found = local is null ? null : Match(Storage, local, manifestKey, root, out resultKey);
            if (found != null)
            {
                Storage.MarkUsed(CacheRecordKind.Manifest, manifestKey);
                return found;
            }
            resultKey = null;
            if (Remote is null || !Remote.Enabled) return null;
            var bytes = Remote.Get(CacheRecordKind.Manifest, manifestKey);
            var remote = bytes is null ? null : Manifest.Parse(Encoding.UTF8.GetString(bytes), manifestKey);
            if (bytes != null && remote is null) Remote.Rejected();
            var entry = remote is null ? null : Match(null, remote, manifestKey, root, out resultKey);
            if (entry is null || resultKey is null)
            {
                Remote.Counters.AddRemoteMiss();
                return null;
            }
            Remote.Counters.AddRemoteHit();
            var merged = local ?? new Manifest { Key = manifestKey };
            foreach (var e in remote!.Entries) if (e.ResultKey == resultKey) merged.Add(e);
            KeepLocally(CacheRecordKind.Entry, resultKey, entry.Serialize());
            KeepLocally(CacheRecordKind.Manifest, manifestKey, Encoding.UTF8.GetBytes(merged.Serialize()));
            return entry;
        }

        /// <summary>The first entry of <paramref name="manifest"/> that matches the files here, read from <paramref name="storage"/> (null: the remote).</summary>
        private CacheEntry? Match(ICacheStorage? storage, Manifest manifest, string manifestKey, string root, out string? resultKey)
        {
            resultKey = null;
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
                var entry = storage is null ? ReadRemoteEntry(key) : ReadEntry(storage, key);
                if (entry is null) continue;
                storage?.MarkUsed(CacheRecordKind.Entry, key);
                resultKey = key;
                return entry;
            }
            return null;
        }

        /// <summary>A result stored under a key computed from all its inputs up front (links), or null.</summary>
        public CacheEntry? LookupResult(string resultKey)
        {
            var entry = ReadEntry(Storage, resultKey);
            if (entry != null)
            {
                Storage.MarkUsed(CacheRecordKind.Entry, resultKey);
                return entry;
            }
            if (Remote is null || !Remote.Enabled) return null;
            entry = ReadRemoteEntry(resultKey);
            if (entry is null)
            {
                Remote.Counters.AddRemoteMiss();
                return null;
            }
            Remote.Counters.AddRemoteHit();
            KeepLocally(CacheRecordKind.Entry, resultKey, entry.Serialize());
            return entry;
        }

        /// <summary>Stores a result under a key computed from all its inputs up front (links), and uploads it.</summary>
        public void StoreResult(string resultKey, CacheEntry entry)
        {
            entry.Key = resultKey;
            var bytes = entry.Serialize();
            Storage.Put(CacheRecordKind.Entry, resultKey, bytes);
            Remote?.Upload(CacheRecordKind.Entry, resultKey, bytes);
        }

        /// <summary>Stores a result and records it in its manifest, and uploads both; returns the result key.</summary>
        public string Store(string manifestKey, IReadOnlyList<(string Token, string Digest)> files, bool pathDependent, string root, CacheEntry entry)
        {
            var key = CacheKey.Result(manifestKey, files, pathDependent, root);
            entry.Key = key;
            var bytes = entry.Serialize();
            Storage.Put(CacheRecordKind.Entry, key, bytes);
            var manifest = ReadManifest(Storage, manifestKey) ?? new Manifest { Key = manifestKey };
            manifest.Add(new Manifest.Entry(key, pathDependent, files));
            var manifestBytes = Encoding.UTF8.GetBytes(manifest.Serialize());
            Storage.Put(CacheRecordKind.Manifest, manifestKey, manifestBytes);
            Remote?.Upload(CacheRecordKind.Entry, key, bytes);
            Remote?.Upload(CacheRecordKind.Manifest, manifestKey, manifestBytes);
            return key;
        }

        /// <summary>Stores a remote hit locally; a local cache that cannot take it only loses the copy (its stores report why).</summary>
        private void KeepLocally(CacheRecordKind kind, string key, byte[] bytes)
        {
            try { Storage.Put(kind, key, bytes); }
            catch (System.IO.IOException) { }
            catch (System.UnauthorizedAccessException) { }
        }

        private static Manifest? ReadManifest(ICacheStorage storage, string key)
        {
            var bytes = storage.Get(CacheRecordKind.Manifest, key);
            return bytes is null ? null : Manifest.Parse(Encoding.UTF8.GetString(bytes), key);
        }

        /// <summary>The entry stored under <paramref name="key"/> if it is whole and intact (checksum, format, key); a damaged one is removed.</summary>
        private static CacheEntry? ReadEntry(ICacheStorage storage, string key)
        {
            var bytes = storage.Get(CacheRecordKind.Entry, key);
            if (bytes is null) return null;
            var entry = CacheEntry.Deserialize(bytes, key);
            if (entry is null) storage.Remove(CacheRecordKind.Entry, key);
            return entry;
        }

        /// <summary>The remote's entry for <paramref name="key"/>, verified like a local one; one that fails is counted as an error.</summary>
        private CacheEntry? ReadRemoteEntry(string key)
        {
            var bytes = Remote!.Get(CacheRecordKind.Entry, key);
            if (bytes is null) return null;
            var entry = CacheEntry.Deserialize(bytes, key);
            if (entry is null) Remote.Rejected();
            return entry;
        }
    }
}
