using System;
using System.Collections.Generic;
using System.Text;
using FBuild.Tasks.Records;

namespace FBuild.Tasks.Cache
{
    /// <summary>
    /// Pure key computation for the compile cache (ccache's direct mode). Paths below the project root are
    /// written as <c>@ROOT/…</c>, so the same project in another folder computes the same keys.
    /// </summary>
    public static class CacheKey
    {
        public const string RootToken = "@ROOT";
        private const string Version = "fbuild-cache 1";

        /// <summary>
        /// The manifest key: what is known before the compile reads any header — the compiler's identity, the
        /// language, the argument list (output paths left out, root made relative) and the source's digest.
        /// </summary>
        public static string Manifest(string compilerIdentity, string language, IReadOnlyList<string> command, string sourceDigest, string root)
        {
            var parts = new List<string> { Version, compilerIdentity, language, sourceDigest };
            parts.AddRange(NormalizeArguments(command, root));
            return InputState.Hash(parts);
        }

        /// <summary>
        /// The result key of one manifest entry: the manifest key and every file the compile read, by (relative)
        /// path and digest. A compile whose output names the folder it ran in (<c>__FILE__</c>) also keys on the root.
        /// </summary>
        public static string Result(string manifestKey, IEnumerable<(string Token, string Digest)> files, bool pathDependent, string root)
        {
            var parts = new List<string> { manifestKey, pathDependent ? "root " + root : "relocatable" };
            foreach (var (token, digest) in files) parts.Add(digest + " " + token);
            return InputState.Hash(parts);
        }

        /// <summary>The arguments that decide the object: the output (-o, -MF, -MT, -MQ) is dropped, the root made relative.</summary>
        public static List<string> NormalizeArguments(IReadOnlyList<string> command, string root)
        {
            var result = new List<string>();
            for (int i = 1; i < command.Count; i++)
            {
                var a = command[i];
                if ((a == "-o" || a == "-MF" || a == "-MT" || a == "-MQ") && i + 1 < command.Count) { i++; continue; }
                if (a.StartsWith("-MF", StringComparison.Ordinal) || a.StartsWith("-MT", StringComparison.Ordinal)
                    || a.StartsWith("-MQ", StringComparison.Ordinal) || (a.StartsWith("-o", StringComparison.Ordinal) && a.Length > 2)) continue;
                result.Add(Relocate(a, root));
            }
            return result;
        }

        /// <summary>Replaces the root folder at the start of a path or argument (also after -I and similar) with the token.</summary>
        public static string Relocate(string text, string root)
        {
            if (string.IsNullOrEmpty(root)) return text;
            var r = root.TrimEnd('/');
            if (text == r) return RootToken;
            return text.Replace(r + "/", RootToken + "/");
        }

        /// <summary>Undoes <see cref="Relocate"/> for this checkout's root.</summary>
        public static string Unrelocate(string text, string root) =>
            text == RootToken ? root.TrimEnd('/') : text.Replace(RootToken + "/", root.TrimEnd('/') + "/");

        /// <summary>
        /// A source's content as keyed: the root inside <c>#line</c> directives (written by .ino preprocessing)
        /// made relative. Nothing else is touched, so a string that merely contains the path still counts.
        /// </summary>
        public static byte[] RelocateLineDirectives(byte[] content, string root)
        {
            if (string.IsNullOrEmpty(root)) return content;
            var what = Encoding.UTF8.GetBytes(root.TrimEnd('/') + "/");
            var with = Encoding.ASCII.GetBytes(RootToken + "/");
            var directive = Encoding.ASCII.GetBytes("#line ");
            using var ms = new System.IO.MemoryStream(content.Length);
            int pos = 0;
            while (pos < content.Length)
            {
                int nl = Array.IndexOf(content, (byte)'\n', pos);
                int end = nl < 0 ? content.Length : nl + 1;
                bool isLine = end - pos >= directive.Length;
                for (int k = 0; isLine && k < directive.Length; k++) isLine = content[pos + k] == directive[k];
                if (isLine)
                {
                    var line = new byte[end - pos];
                    Buffer.BlockCopy(content, pos, line, 0, line.Length);
                    var relocated = FileSystem.ContentDigest.ReplaceAll(line, what, with);
                    ms.Write(relocated, 0, relocated.Length);
                }
                else ms.Write(content, pos, end - pos);
                pos = end;
            }
            return ms.ToArray();
        }
    }
}
