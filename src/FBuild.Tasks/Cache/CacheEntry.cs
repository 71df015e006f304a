using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace FBuild.Tasks.Cache
{
    /// <summary>
    /// One stored result: named sections of bytes (the object, the dependency list, the compiler's output),
    /// written as one file with a SHA-256 of its payload, so a truncated or damaged entry reads as a miss. The payload
    /// starts with the result key the entry answers, so an entry served under another key (a remote server's mix-up,
    /// or a forgery) is a miss too. Entries of the first format (no key) read as misses.
    /// </summary>
    public sealed class CacheEntry
    {
        private static readonly byte[] Magic = Encoding.ASCII.GetBytes("fbentry2");

        public Dictionary<string, byte[]> Sections { get; } = new Dictionary<string, byte[]>(StringComparer.Ordinal);

        /// <summary>The result key this entry answers (written by <see cref="CompileCache"/> when it stores the entry).</summary>
        public string Key { get; set; } = "";

        public byte[] Serialize()
        {
            using var payload = new MemoryStream();
            using (var w = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
            {
                w.Write(Key);
                w.Write(Sections.Count);
                foreach (var kv in Sections)
                {
                    w.Write(kv.Key);
                    w.Write(kv.Value.Length);
                    w.Write(kv.Value);
                }
            }
            var body = payload.ToArray();
            using var sha = SHA256.Create();
            var sum = sha.ComputeHash(body);
            var all = new byte[Magic.Length + sum.Length + body.Length];
            Buffer.BlockCopy(Magic, 0, all, 0, Magic.Length);
            Buffer.BlockCopy(sum, 0, all, Magic.Length, sum.Length);
            Buffer.BlockCopy(body, 0, all, Magic.Length + sum.Length, body.Length);
            return all;
        }

        /// <summary>
        /// The entry in <paramref name="bytes"/>, or null if they are not a whole, intact entry, or (when
        /// <paramref name="expectedKey"/> is given) one that answers another key.
        /// </summary>
        public static CacheEntry? Deserialize(byte[] bytes, string? expectedKey = null)
        {
            const int sumLength = 32;
            if (bytes.Length < Magic.Length + sumLength + 4) return null;
            for (int i = 0; i < Magic.Length; i++) if (bytes[i] != Magic[i]) return null;
            int bodyAt = Magic.Length + sumLength;
            using (var sha = SHA256.Create())
            {
                var sum = sha.ComputeHash(bytes, bodyAt, bytes.Length - bodyAt);
                for (int i = 0; i < sumLength; i++) if (sum[i] != bytes[Magic.Length + i]) return null;
            }
            try
            {
                using var r = new BinaryReader(new MemoryStream(bytes, bodyAt, bytes.Length - bodyAt), Encoding.UTF8);
                var key = r.ReadString();
                if (expectedKey != null && key != expectedKey) return null;
                int count = r.ReadInt32();
                if (count < 0 || count > 64) return null;
                var entry = new CacheEntry { Key = key };
                for (int i = 0; i < count; i++)
                {
                    var name = r.ReadString();
                    int len = r.ReadInt32();
                    if (len < 0) return null;
                    var data = r.ReadBytes(len);
                    if (data.Length != len) return null;
                    entry.Sections[name] = data;
                }
                return entry;
            }
            catch (EndOfStreamException) { return null; }
            catch (IOException) { return null; }
        }
    }
}
