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
        private static extern int StatxLibc(int dirfd, string path, int flags, uint mask, out StatxBuffer buffer);

        [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
        private static extern int RenameLibc(string from, string to);

        /// <summary>The part of Linux's <c>struct statx</c> a stamp needs (the kernel writes up to 256 bytes).</summary>
        [StructLayout(LayoutKind.Explicit, Size = 256)]
        private struct StatxBuffer
        {
            [FieldOffset(0)] public uint Mask;
            [FieldOffset(28)] public ushort Mode;
            [FieldOffset(32)] public ulong Ino;
            [FieldOffset(40)] public ulong Size;
            [FieldOffset(96)] public long CtimeSec;
            [FieldOffset(104)] public uint CtimeNsec;
            [FieldOffset(112)] public long MtimeSec;
            [FieldOffset(120)] public uint MtimeNsec;
        }

        private const uint StatxType = 0x1, StatxMtime = 0x40, StatxCtime = 0x80, StatxSize = 0x200;
        private const ushort ModeTypeMask = 0xF000, ModeDirectory = 0x4000;
        private const int Enoent = 2, Enotdir = 20, Enosys = 38, Eperm = 1;

        /// <summary>
        /// One <c>statx</c> call (Linux): what a stamp needs of <paramref name="path"/> (symbolic links followed).
        /// True with <paramref name="result"/> set when the kernel answered: the file exists, or it does not (no such
        /// file, or a path through something that is not a folder). False when this call cannot tell (not Linux, no
        /// statx in libc or the kernel, any other error, a file system that leaves out size or mtime): the caller
        /// then asks .NET.
        /// </summary>
        public static bool TryStat(string path, out NativeStat result)
        {
            result = default;
            if (!IsLinux || _statxBroken) return false;
            StatxBuffer buffer;
            try
            {
                if (StatxLibc(AtFdCwd, path, 0, StatxBasicStats, out buffer) != 0)
                {
                    int errno = Marshal.GetLastWin32Error();
                    if (errno == Enoent || errno == Enotdir) { result = NativeStat.Missing; return true; }
                    // A seccomp filter or an old kernel: statx itself is refused; never ask again.
                    if (errno == Enosys || errno == Eperm) _statxBroken = true;
                    return false;
                }
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                _statxBroken = true;
                return false;
            }
            if ((buffer.Mask & (StatxType | StatxSize | StatxMtime)) != (StatxType | StatxSize | StatxMtime)) return false;
            result = new NativeStat(
                exists: true,
                isDirectory: (buffer.Mode & ModeTypeMask) == ModeDirectory,
                size: (long)buffer.Size,
                mtimeUnixTicks: buffer.MtimeSec * TimeSpan.TicksPerSecond + buffer.MtimeNsec / 100,
                // A file system that does not keep a ctime: 0, the stamp's "not known".
                ctimeUnixTicks: (buffer.Mask & StatxCtime) == 0 ? 0 : buffer.CtimeSec * TimeSpan.TicksPerSecond + buffer.CtimeNsec / 100,
                inode: buffer.Ino);
            return true;
        }

        /// <summary>
        /// The ctime of <paramref name="path"/> in ticks since 1970 (UTC), or 0 when it cannot be read here
        /// (not Linux, or a libc without statx). Unlike the mtime, no user call can set it back.
        /// </summary>
        public static long CtimeTicks(string path) => TryStat(path, out var s) && s.Exists ? s.CtimeUnixTicks : 0;

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

    /// <summary>What one <c>statx</c> call told about a path (<see cref="Native.TryStat"/>); times in ticks since 1970 (UTC).</summary>
    internal readonly struct NativeStat
    {
        public NativeStat(bool exists, bool isDirectory, long size, long mtimeUnixTicks, long ctimeUnixTicks, ulong inode)
        {
            Exists = exists; IsDirectory = isDirectory; Size = size; MtimeUnixTicks = mtimeUnixTicks; CtimeUnixTicks = ctimeUnixTicks; Inode = inode;
        }

        /// <summary>Nothing at that path.</summary>
        public static NativeStat Missing => default;

        public bool Exists { get; }
        public bool IsDirectory { get; }
        public long Size { get; }
        public long MtimeUnixTicks { get; }
        /// <summary>0 when the file system does not tell.</summary>
        public long CtimeUnixTicks { get; }
        public ulong Inode { get; }
    }
}
