using System;
using System.Collections.Concurrent;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace FBuild.Tasks.FileSystem
{
    /// <summary>Macros whose value depends on when or where a file is compiled.</summary>
    [Flags]
    public enum ContentFlags
    {
        None = 0,
        /// <summary>Uses __DATE__, __TIME__ or __TIMESTAMP__: its object differs at every compile.</summary>
        UsesTime = 1,
        /// <summary>Uses __FILE__ or __BASE_FILE__: its object holds the path it was compiled at.</summary>
        UsesFile = 2,
    }

    /// <summary>A file's SHA-256 and the macros it mentions.</summary>
    public sealed class DigestResult
    {
        public DigestResult(string digest, ContentFlags flags) { Digest = digest; Flags = flags; }
        public string Digest { get; }
        public ContentFlags Flags { get; }
    }

    /// <summary>
    /// Content digests of files, remembered per process (MSBuild nodes live on between builds) but only as long
    /// as the file's stamp, ctime included, is what it was when the digest was taken; without a ctime, or for a
    /// file written moments before it was read, nothing is remembered and every call reads the file again.
    /// </summary>
    public static class ContentDigest
    {
        private static readonly ConcurrentDictionary<string, (FileStamp Stamp, DigestResult Result)> Known =
            new ConcurrentDictionary<string, (FileStamp, DigestResult)>(StringComparer.Ordinal);

        private static readonly byte[][] TimeMacros = { Ascii("__DATE__"), Ascii("__TIME__"), Ascii("__TIMESTAMP__") };
        private static readonly byte[][] FileMacros = { Ascii("__FILE__"), Ascii("__BASE_FILE__") };

        /// <summary>The digest of <paramref name="path"/> now, or null if it does not exist.</summary>
        public static DigestResult? Of(string path)
        {
            var stamp = FileStamp.Of(path);
            if (!stamp.Exists) return null;
            if (Known.TryGetValue(path, out var known) && known.Stamp == stamp) return known.Result;
            var bytes = TryReadAllBytes(path);
            if (bytes is null) return null;
            var result = new DigestResult(Hex(bytes), Scan(bytes));
            if (stamp.CtimeTicks != 0 && !stamp.IsRacyAt(DateTime.UtcNow.Ticks) && FileStamp.Of(path) == stamp)
                Known[path] = (stamp, result);
            return result;
        }

        /// <summary>
        /// The digest of a file's content with <paramref name="root"/> in its <c>#line</c> directives replaced by a
        /// fixed token, so a generated source that names its own folder (the #line lines of a .ino.cpp) has the same
        /// digest in every checkout. Null if the file does not exist.
        /// </summary>
        public static DigestResult? OfRelocatable(string path, string root)
        {
            var bytes = TryReadAllBytes(path);
            if (bytes is null) return null;
            return new DigestResult(Hex(Cache.CacheKey.RelocateLineDirectives(bytes, root)), Scan(bytes));
        }

        /// <summary>A file's bytes, or null when it is missing or cannot be read (deleted meanwhile, no access).</summary>
        public static byte[]? TryReadAllBytes(string path)
        {
            try { return File.ReadAllBytes(path); }
            catch (IOException) { return null; } // (FileNotFound and DirectoryNotFound are IOExceptions)
            catch (UnauthorizedAccessException) { return null; }
        }

        /// <summary>Forgets everything (tests, and the cache-clear target).</summary>
        public static void Reset() => Known.Clear();

        public static string Hex(byte[] bytes)
        {
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(bytes);
            var sb = new StringBuilder(hash.Length * 2);
            foreach (var b in hash) sb.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            return sb.ToString();
        }

        internal static ContentFlags Scan(byte[] bytes)
        {
            var flags = ContentFlags.None;
            foreach (var m in TimeMacros) if (IndexOf(bytes, m, 0) >= 0) { flags |= ContentFlags.UsesTime; break; }
            foreach (var m in FileMacros) if (IndexOf(bytes, m, 0) >= 0) { flags |= ContentFlags.UsesFile; break; }
            return flags;
        }

        internal static byte[] ReplaceAll(byte[] bytes, byte[] what, byte[] with)
        {
            if (what.Length == 0) return bytes;
            int at = IndexOf(bytes, what, 0);
            if (at < 0) return bytes;
            using var ms = new MemoryStream(bytes.Length);
            int from = 0;
            while (at >= 0)
            {
                ms.Write(bytes, from, at - from);
                ms.Write(with, 0, with.Length);
                from = at + what.Length;
                at = IndexOf(bytes, what, from);
            }
            ms.Write(bytes, from, bytes.Length - from);
            return ms.ToArray();
        }

        private static int IndexOf(byte[] haystack, byte[] needle, int start)
        {
            int last = haystack.Length - needle.Length;
            for (int i = start; i <= last; i++)
            {
                if (haystack[i] != needle[0]) continue;
                int j = 1;
                while (j < needle.Length && haystack[i + j] == needle[j]) j++;
                if (j == needle.Length) return i;
            }
            return -1;
        }

        private static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);
    }
}
