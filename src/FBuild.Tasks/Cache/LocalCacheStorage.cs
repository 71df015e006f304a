using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FBuild.Tasks.FileSystem;

namespace FBuild.Tasks.Cache
{
    /// <summary>
    /// The compile cache's local storage: a folder shared by all builds of a user. Layout: <c>m/xx/KEY.manifest</c>
    /// per manifest key and <c>o/xx/KEY.entry</c> per result. Every write goes to a unique temporary file and is
    /// renamed into place, so concurrent builds never see half a file. A file's modification time is its last use,
    /// for least-recently-used eviction (<see cref="Trim"/>).
    /// </summary>
    public sealed class LocalCacheStorage : ICacheStorage
    {
        public LocalCacheStorage(string directory) { Directory = Path.GetFullPath(directory); }

        /// <summary>The cache folder.</summary>
        public string Directory { get; }

        /// <summary>Where the manifest of a key is kept.</summary>
        public string ManifestPath(string key) => Path.Combine(Directory, "m", key.Substring(0, 2), key + ".manifest");
        /// <summary>Where the result of a key is kept.</summary>
        public string EntryPath(string key) => Path.Combine(Directory, "o", key.Substring(0, 2), key + ".entry");

        private string PathOf(CacheRecordKind kind, string key) => kind == CacheRecordKind.Manifest ? ManifestPath(key) : EntryPath(key);

        /// <inheritdoc/>
        public byte[]? Get(CacheRecordKind kind, string key) => ContentDigest.TryReadAllBytes(PathOf(kind, key));

        /// <inheritdoc/>
        public void Put(CacheRecordKind kind, string key, byte[] bytes) => WriteAtomically(PathOf(kind, key), bytes);

        /// <inheritdoc/>
        public void Remove(CacheRecordKind kind, string key) => TryDelete(PathOf(kind, key));

        /// <inheritdoc/>
        public void MarkUsed(CacheRecordKind kind, string key) => Touch(PathOf(kind, key));

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

        /// <summary>
        /// Why the cache folder cannot be used (not a folder, cannot be created, no permission to write, the disk
        /// full), found by writing a small file into it; null when it can.
        /// </summary>
        public string? WhyUnusable()
        {
            try
            {
                if (File.Exists(Directory)) return "a file is in its place";
                System.IO.Directory.CreateDirectory(Directory);
                var probe = Path.Combine(Directory, "probe-" + Guid.NewGuid().ToString("N") + ".tmp");
                try { File.WriteAllBytes(probe, new byte[4096]); }
                finally { TryDelete(probe); }
                return null;
            }
            catch (UnauthorizedAccessException ex) { return "no permission: " + ex.Message; }
            catch (IOException ex) { return ex.Message; }
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
