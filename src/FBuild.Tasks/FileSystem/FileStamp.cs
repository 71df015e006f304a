using System;
using System.IO;

namespace FBuild.Tasks.FileSystem
{
    /// <summary>
    /// What the file system says about a file without reading it: size, modification time and (on Linux) the
    /// status-change time. Size -1 means the file does not exist; Ctime 0 means the platform does not tell.
    /// </summary>
    public readonly struct FileStamp : IEquatable<FileStamp>
    {
        public FileStamp(long size, long mtimeTicks, long ctimeTicks)
        {
            Size = size;
            MtimeTicks = mtimeTicks;
            CtimeTicks = ctimeTicks;
        }

        public long Size { get; }
        public long MtimeTicks { get; }
        public long CtimeTicks { get; }
        public bool Exists => Size >= 0;
        public static FileStamp Missing => new FileStamp(-1, 0, 0);

        private static readonly long EpochTicks = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

        /// <summary>
        /// The stamp of a file now, or of a folder when <paramref name="path"/> ends with '/' (size 0). One <c>statx</c>
        /// call on Linux (<see cref="Native.TryStat"/>); elsewhere, or when it cannot tell, .NET's answer (<see cref="OfManaged"/>).
        /// </summary>
        public static FileStamp Of(string path)
        {
            bool folder = IsFolder(path);
            if (!Native.TryStat(path, out var stat)) return OfManaged(path);
            // A file where a folder is asked for, or the other way round, is not there (as for FileInfo and DirectoryInfo).
            if (!stat.Exists || stat.IsDirectory != folder) return Missing;
            return new FileStamp(folder ? 0 : stat.Size, stat.MtimeUnixTicks + EpochTicks, stat.CtimeUnixTicks == 0 ? 0 : stat.CtimeUnixTicks + EpochTicks);
        }

        /// <summary><see cref="Of"/> through .NET's file APIs: no ctime (0) unless <see cref="Native.CtimeTicks"/> can read it.</summary>
        internal static FileStamp OfManaged(string path)
        {
            bool folder = IsFolder(path);
            FileSystemInfo info = folder ? new DirectoryInfo(path) : new FileInfo(path);
            if (!info.Exists) return Missing;
            long size = folder ? 0 : ((FileInfo)info).Length;
            long ctime = Native.CtimeTicks(path);
            return new FileStamp(size, info.LastWriteTimeUtc.Ticks, ctime == 0 ? 0 : ctime + EpochTicks);
        }

        private static bool IsFolder(string path) => path.Length > 1 && path[path.Length - 1] == '/';

        /// <summary>
        /// True when a stamp taken at <paramref name="whenUtcTicks"/> cannot tell this version of the file from a
        /// later one: file times move in coarse steps, so another write within the same step (here: within two
        /// seconds, enough for every common file system) can keep size and times. Such files are compared by content.
        /// </summary>
        public bool IsRacyAt(long whenUtcTicks)
        {
            long margin = 2 * TimeSpan.TicksPerSecond;
            return MtimeTicks >= whenUtcTicks - margin || CtimeTicks >= whenUtcTicks - margin;
        }

        public bool Equals(FileStamp other) => Size == other.Size && MtimeTicks == other.MtimeTicks && CtimeTicks == other.CtimeTicks;
        public override bool Equals(object? obj) => obj is FileStamp s && Equals(s);
        public override int GetHashCode() => unchecked((int)(Size * 31 + MtimeTicks * 17 + CtimeTicks));
        public static bool operator ==(FileStamp a, FileStamp b) => a.Equals(b);
        public static bool operator !=(FileStamp a, FileStamp b) => !a.Equals(b);
        public override string ToString() => $"{Size} {MtimeTicks} {CtimeTicks}";
    }
}
