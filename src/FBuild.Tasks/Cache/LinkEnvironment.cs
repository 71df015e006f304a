using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FBuild.Tasks.FileSystem;
using FBuild.Tasks.Toolchain;

namespace FBuild.Tasks.Cache
{
    /// <summary>
    /// The toolchain files a link reads besides its inputs (avr-libc's libc.a and libm.a, libgcc.a, the MCU's
    /// start-up object, the linker), as the driver reports them; their digests go into a link's cache key, so
    /// another avr-libc or binutils never gives an old result. Asked once per driver and MCU per process (the
    /// driver's content digest is part of the question, so a new driver asks again).
    /// </summary>
    public static class LinkEnvironment
    {
        private static readonly ConcurrentDictionary<string, IReadOnlyList<string>> Known = new ConcurrentDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);

        public static async Task<IReadOnlyList<string>> FilesAsync(string driver, string toolIdentity, IReadOnlyList<string> linkArgs, CancellationToken cancel)
        {
            var mcu = linkArgs.FirstOrDefault(a => a.StartsWith("-mmcu=", StringComparison.Ordinal)) ?? "";
            var key = toolIdentity + "\0" + mcu;
            if (Known.TryGetValue(key, out var files)) return files;
            var found = new List<string>();
            var questions = new[] { "-print-file-name=libc.a", "-print-file-name=libm.a", "-print-libgcc-file-name", "-print-prog-name=ld" }.ToList();
            if (mcu.Length > 0) questions.Add("-print-file-name=crt" + mcu.Substring(6) + ".o");
            foreach (var q in questions)
            {
                var args = mcu.Length > 0 ? new[] { mcu, q } : new[] { q };
                ToolResult r;
                try { r = await ToolRunner.RunAsync(driver, args, null, cancel).ConfigureAwait(false); }
                catch (System.ComponentModel.Win32Exception) { return Array.Empty<string>(); } // (the link itself reports the missing tool)
                var path = r.ExitCode == 0 ? r.Output.FirstOrDefault()?.Trim() : null;
                // An unknown name comes back unchanged (not a path): nothing to track.
                if (!string.IsNullOrEmpty(path) && Path.IsPathRooted(path) && File.Exists(path)) found.Add(Path.GetFullPath(path));
            }
            Known[key] = found;
            return found;
        }

        /// <summary>Digests of the environment's files, for a key; a file that vanished makes the key unique (a miss).</summary>
        public static IEnumerable<string> Digests(IReadOnlyList<string> files) =>
            files.Select(f => f + " " + (ContentDigest.Of(f)?.Digest ?? "missing " + Guid.NewGuid().ToString("N")));
    }
}
