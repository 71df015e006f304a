using System;
using System.IO;
using System.Runtime.InteropServices;

namespace FBuild.Tasks.FileSystem
{
    /// <summary>
    /// The few POSIX calls .NET Standard does not expose: the status-change time (ctime) through Linux's statx,
    /// and rename(2), which replaces its target atomically. Each falls back to a portable answer elsewhere.
    /// </summary>
    internal static class Native
    {
        private const int AtFdCwd = -100;
        private const uint StatxBasicStats = 0x7ff;
        private static readonly bool IsLinux = RuntimeInformation.IsOSPlatform(OSPlatform.Linux);
        private static readonly bool IsUnix = IsLinux || RuntimeInformation.IsOSPlatform(OSPlatform.OSX);
        private static volatile bool _statxBroken;

        [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
        private static extern int StatxLibc(int dirfd, string path, int flags, uint mask, byte[] buffer);

        [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
        private static extern int RenameLibc(string from, string to);

        /// <summary>
        /// The ctime of <paramref name="path"/> in ticks since 1970 (UTC), or 0 when it cannot be read here
        /// (not Linux, or a libc without statx). Unlike the mtime, no user call can set it back.
        /// </summary>
        public static long CtimeTicks(string path)
        {
            if (!IsLinux || _statxBroken) return 0;
            var buffer = new byte[256];
            try
            {
                if (StatxLibc(AtFdCwd, path, 0, StatxBasicStats, buffer) != 0) return 0;
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                _statxBroken = true;
                return 0;
            }
            // struct statx: stx_ctime (struct statx_timestamp { s64 tv_sec; u32 tv_nsec; s32 pad; }) at offset 96.
            long sec = BitConverter.ToInt64(buffer, 96);
            uint nsec = BitConverter.ToUInt32(buffer, 104);
            return sec * TimeSpan.TicksPerSecond + nsec / 100;
        }

        /// <summary>Moves <paramref name="from"/> over <paramref name="to"/>, atomically where the platform can.</summary>
        public static void Replace(string from, string to)
        {
            if (IsUnix)
            {
                try
                {
                    if (RenameLibc(from, to) == 0) return;
                    throw new IOException($"cannot rename '{from}' to '{to}' (errno {Marshal.GetLastWin32Error()})");
                }
                catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException) { }
            }
            if (File.Exists(to)) File.Delete(to);
            File.Move(from, to);
        }
    }
}
