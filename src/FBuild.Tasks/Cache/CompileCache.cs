using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using FBuild.Tasks.FileSystem;

namespace FBuild.Tasks.Cache
{
    /// <summary>
    /// A content-addressed store of compile results shared by all builds of a user (ccache's direct mode).
    /// Layout: <c>m/xx/KEY.manifest</c> per manifest key and <c>o/xx/KEY.entry</c> per result. Every write goes to
    /// a unique temporary file and is renamed into place, so concurrent builds never see half a file; a damaged
    /// entry is a miss. An entry's modification time is its last use, for least-recently-used eviction.
    /// </summary>
    public sealed class CompileCache
    {
        public CompileCache(string directory) { Directory = Path.GetFullPath(directory); }

        public string Directory { get; }

        public string ManifestPath(string key) => Path.Combine(Directory, "m", key.Substring(0, 2), key + ".manifest");
        public string EntryPath(string key) => Path.Combine(Directory, "o", key.Substring(0, 2), key + ".entry");

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
                Touch(EntryPath(key));
                Touch(ManifestPath(manifestKey));
                resultKey = key;
                return entry;
            }
            return null;
        }

        /// <summary>A result stored under a key computed from all its inputs up front (links), or null.</summary>
        public CacheEntry? LookupResult(string resultKey)
        {
            var entry = ReadEntry(resultKey);
            if (entry != null) Touch(EntryPath(resultKey));
            return entry;
        }

        /// <summary>Stores a result under a key computed from all its inputs up front (links).</summary>
        public void StoreResult(string resultKey, CacheEntry entry) => WriteAtomically(EntryPath(resultKey), entry.Serialize());

        /// <summary>Stores a result and records it in its manifest; returns the result key.</summary>
        public string Store(string manifestKey, IReadOnlyList<(string Token, string Digest)> files, bool pathDependent, string root, CacheEntry entry)
        {
            var key = CacheKey.Result(manifestKey, files, pathDependent, root);
            WriteAtomically(EntryPath(key), entry.Serialize());
            var manifest = ReadManifest(manifestKey) ?? new Manifest();
            manifest.Add(new Manifest.Entry(key, pathDependent, files));
            WriteAtomically(ManifestPath(manifestKey), Encoding.UTF8.GetBytes(manifest.Serialize()));
            return key;
        }

        private Manifest? ReadManifest(string key)
        {
            var bytes = ContentDigest.TryReadAllBytes(ManifestPath(key));
            return bytes is null ? null : Manifest.Parse(Encoding.UTF8.GetString(bytes));
        }

        private CacheEntry? ReadEntry(string key)
        {
            var path = EntryPath(key);
            var bytes = ContentDigest.TryReadAllBytes(path);
            if (bytes is null) return null;
            var entry = CacheEntry.Deserialize(bytes);
            if (entry is null)
            {
                try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
            return entry;
        }

        private static void Touch(string path)
        {
            try { File.SetLastWriteTimeUtc(path, DateTime.UtcNow); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }

        internal static void WriteAtomically(string path, byte[] bytes)
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var tmp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllBytes(tmp, bytes);
            try { Native.Replace(tmp, path); }
            catch
            {
                try { File.Delete(tmp); } catch (IOException) { }
                throw;
            }
        }

        /// <summary>Size and file count of what the cache holds now.</summary>
        public (long Bytes, int Entries, int Manifests) Measure()
        {
            long bytes = 0; int entries = 0, manifests = 0;
            foreach (var f in Files())
            {
                bytes += f.Length;
                if (f.Name.EndsWith(".entry", StringComparison.Ordinal)) entries++;
                else if (f.Name.EndsWith(".manifest", StringComparison.Ordinal)) manifests++;
            }
            return (bytes, entries, manifests);
        }

        /// <summary>
        /// Evicts the least recently used files until the cache holds at most 80% of <paramref name="maxBytes"/>
        /// (only when it holds more than <paramref name="maxBytes"/>), and removes temporary files left by killed
        /// builds. A build reading an evicted entry at the same time still has it open or sees a miss.
        /// Returns the number of results evicted.
        /// </summary>
        public int Trim(long maxBytes)
        {
            var files = Files().ToList();
            var stale = DateTime.UtcNow.AddHours(-1);
            foreach (var f in files.Where(f => f.Name.EndsWith(".tmp", StringComparison.Ordinal) && f.LastWriteTimeUtc < stale))
                TryDelete(f.FullName);
            files.RemoveAll(f => f.Name.EndsWith(".tmp", StringComparison.Ordinal));
            long total = files.Sum(f => f.Length);
            if (total <= maxBytes) return 0;
            long goal = maxBytes / 10 * 8;
            int evicted = 0;
            foreach (var f in files.OrderBy(f => f.LastWriteTimeUtc))
            {
                if (total <= goal) break;
                if (!TryDelete(f.FullName)) continue;
                total -= f.Length;
                if (f.Name.EndsWith(".entry", StringComparison.Ordinal)) evicted++;
            }
            return evicted;
        }

        /// <summary>
        /// Trims the cache unless another build did within <paramref name="interval"/> (a stamp file in the cache
        /// folder records the last trim, so parallel builds do not all walk the cache). Returns the results evicted.
        /// </summary>
        public int TrimIfDue(long maxBytes, TimeSpan interval)
        {
            var stamp = Path.Combine(Directory, "last-trim");
            try
            {
                if (interval > TimeSpan.Zero && File.Exists(stamp) && File.GetLastWriteTimeUtc(stamp) > DateTime.UtcNow - interval) return 0;
                System.IO.Directory.CreateDirectory(Directory);
                File.WriteAllText(stamp, "");
                return Trim(maxBytes);
            }
            catch (IOException) { return 0; }
            catch (UnauthorizedAccessException) { return 0; }
        }

        /// <summary>A size in bytes, or with a K, M or G suffix (powers of 1024); null if it is not one.</summary>
        public static long? ParseSize(string text)
        {
            var t = (text ?? "").Trim().ToUpperInvariant();
            if (t.EndsWith("B", StringComparison.Ordinal)) t = t.Substring(0, t.Length - 1);
            long unit = 1;
            if (t.EndsWith("K", StringComparison.Ordinal)) unit = 1L << 10;
            else if (t.EndsWith("M", StringComparison.Ordinal)) unit = 1L << 20;
            else if (t.EndsWith("G", StringComparison.Ordinal)) unit = 1L << 30;
            if (unit != 1) t = t.Substring(0, t.Length - 1);
            return double.TryParse(t, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && v >= 0
                ? (long)(v * unit) : (long?)null;
        }

        /// <summary>Deletes everything in the cache folder that the cache wrote.</summary>
        public void Clear()
        {
            foreach (var sub in new[] { "m", "o" })
            {
                var d = Path.Combine(Directory, sub);
                if (System.IO.Directory.Exists(d)) System.IO.Directory.Delete(d, true);
            }
            ContentDigest.Reset();
        }

        private IEnumerable<FileInfo> Files()
        {
            foreach (var sub in new[] { "m", "o" })
            {
                var d = new DirectoryInfo(Path.Combine(Directory, sub));
                if (!d.Exists) continue;
                foreach (var f in d.EnumerateFiles("*", SearchOption.AllDirectories)) yield return f;
            }
        }

        private static bool TryDelete(string path)
        {
            try { File.Delete(path); return true; }
            catch (IOException) { return false; }
            catch (UnauthorizedAccessException) { return false; }
        }

        /// <summary>
        /// The cache folder when none is given: <c>FBUILD_CACHE_DIR</c>, else the user's cache folder
        /// (<c>$XDG_CACHE_HOME/fbuild</c>, <c>~/.cache/fbuild</c>, or <c>%LOCALAPPDATA%\FBuild\cache</c>).
        /// </summary>
        public static string DefaultDirectory()
        {
            var env = Environment.GetEnvironmentVariable("FBUILD_CACHE_DIR");
            if (!string.IsNullOrEmpty(env)) return env!;
            if (Path.DirectorySeparatorChar == '\\')
                return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "FBuild", "cache");
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (!string.IsNullOrEmpty(xdg)) return Path.Combine(xdg!, "fbuild");
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "fbuild");
        }
    }
}
