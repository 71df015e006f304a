using System.Diagnostics;
using System.Runtime.InteropServices;
using FBuild.Tasks.FileSystem;

namespace FBuild.Tasks.Tests.FileSystem;

/// <summary>The one-call stamp (<see cref="Native.TryStat"/>, Linux's statx) against what .NET says of the same files.</summary>
public sealed class NativeStatTests : IDisposable
{
    private static readonly bool IsLinux = RuntimeInformation.IsOSPlatform(OSPlatform.Linux);
    private static readonly long EpochTicks = DateTime.UnixEpoch.Ticks;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fbuild-statx " + Guid.NewGuid().ToString("N"));

    public NativeStatTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    [Fact]
    public void StatxAnswersOnLinuxWithSizeMtimeCtimeAndInode()
    {
        if (!IsLinux) return;
        var f = Path.Combine(_dir, "a.h");
        var before = DateTime.UtcNow.Ticks - TimeSpan.TicksPerSecond; // file system clocks are coarse
        File.WriteAllText(f, "12345");
        var after = DateTime.UtcNow.Ticks + TimeSpan.TicksPerSecond;
        Assert.True(Native.TryStat(f, out var s));
        Assert.True(s.Exists);
        Assert.False(s.IsDirectory);
        Assert.Equal(5, s.Size);
        Assert.Equal(File.GetLastWriteTimeUtc(f).Ticks, s.MtimeUnixTicks + EpochTicks);
        Assert.InRange(s.CtimeUnixTicks + EpochTicks, before, after);
        Assert.Equal(StatInode(f), s.Inode);

        Assert.True(Native.TryStat(_dir, out var d));
        Assert.True(d.Exists && d.IsDirectory);

        // Missing, and a path through a file: the kernel says so (no fallback needed).
        Assert.True(Native.TryStat(Path.Combine(_dir, "nope.h"), out var missing));
        Assert.False(missing.Exists);
        Assert.True(Native.TryStat(f + "/x.h", out var throughFile));
        Assert.False(throughFile.Exists);
    }

    [Fact]
    public void StampEqualsTheManagedStampOnRealFilesFoldersAndLinks()
    {
        var f = Path.Combine(_dir, "b.h");
        File.WriteAllText(f, "#pragma once\n");
        var sub = Path.Combine(_dir, "sub");
        Directory.CreateDirectory(sub);
        var paths = new List<string> { f, sub + "/", _dir + "/", Path.Combine(_dir, "missing.h"), Path.Combine(_dir, "missing") + "/",
            f + "/", sub, Path.Combine(_dir, "sub", "..", "b.h") };
        foreach (var p in paths)
            Assert.True(FileStamp.OfManaged(p) == FileStamp.Of(p), $"{p}: managed {FileStamp.OfManaged(p)}, statx {FileStamp.Of(p)}");
        // A file asked for as a folder, and a folder as a file, are not there (as for DirectoryInfo and FileInfo).
        Assert.False(FileStamp.Of(f + "/").Exists);
        Assert.False(FileStamp.Of(sub).Exists);
        if (!IsLinux) return;
        // A symbolic link is followed: the stamp is its target's (.NET's FileInfo gives the link's own length).
        var link = Path.Combine(_dir, "link.h");
        File.CreateSymbolicLink(link, f);
        Assert.Equal(FileStamp.Of(f), FileStamp.Of(link));
        Assert.False(FileStamp.Of(Path.Combine(_dir, "dangling.h")).Exists);
        File.CreateSymbolicLink(Path.Combine(_dir, "dangling.h"), Path.Combine(_dir, "nowhere.h"));
        Assert.False(FileStamp.Of(Path.Combine(_dir, "dangling.h")).Exists);
    }

    [Fact]
    public void AnEditChangesTheStampAsItChangesTheManagedOne()
    {
        var f = Path.Combine(_dir, "c.h");
        File.WriteAllText(f, "one");
        var old = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(f, old);
        var first = FileStamp.Of(f);
        Assert.Equal(FileStamp.OfManaged(f), first);
        Assert.Equal(old.Ticks, first.MtimeTicks);

        File.WriteAllText(f, "three");
        var grown = FileStamp.Of(f);
        Assert.Equal(5, grown.Size);
        Assert.Equal(File.GetLastWriteTimeUtc(f).Ticks, grown.MtimeTicks);
        Assert.Equal(FileStamp.OfManaged(f), grown);

        if (!IsLinux) return;
        // Same size, the mtime set back: only the ctime tells, and statx reads it.
        Thread.Sleep(20);
        File.WriteAllText(f, "thre3");
        File.SetLastWriteTimeUtc(f, new DateTime(grown.MtimeTicks, DateTimeKind.Utc));
        var same = FileStamp.Of(f);
        Assert.Equal(grown.Size, same.Size);
        Assert.Equal(grown.MtimeTicks, same.MtimeTicks);
        Assert.NotEqual(grown.CtimeTicks, same.CtimeTicks);
        Assert.NotEqual(grown, same);
    }

    private static ulong StatInode(string path)
    {
        var psi = new ProcessStartInfo("stat", new[] { "-c", "%i", path }) { RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        var text = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return ulong.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }
}
