using System.Runtime.InteropServices;
using System.Text;
using FBuild.Tasks.FileSystem;

namespace FBuild.Tasks.Tests.FileSystem;

public sealed class FileStampTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fbuild-stamp " + Guid.NewGuid().ToString("N"));

    public FileStampTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    [Fact]
    public void CtimeIsReadOnLinuxAndSetBackMtimeDoesNotHideAWrite()
    {
        var f = Path.Combine(_dir, "a.h");
        File.WriteAllText(f, "one");
        var old = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(f, old);
        var first = FileStamp.Of(f);
        Assert.Equal(3, first.Size);
        Assert.Equal(old.Ticks, first.MtimeTicks);
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return;
        // The ctime is the time of the last change, not the mtime that was set.
        Assert.InRange(first.CtimeTicks, DateTime.UtcNow.AddMinutes(-1).Ticks, DateTime.UtcNow.AddMinutes(1).Ticks);
        Thread.Sleep(20);
        File.WriteAllText(f, "two");
        File.SetLastWriteTimeUtc(f, old);
        var second = FileStamp.Of(f);
        Assert.Equal(first.Size, second.Size);
        Assert.Equal(first.MtimeTicks, second.MtimeTicks);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void MissingFileAndFolders()
    {
        Assert.False(FileStamp.Of(Path.Combine(_dir, "nope")).Exists);
        Assert.False(FileStamp.Of(Path.Combine(_dir, "nope") + "/").Exists);
        var folder = FileStamp.Of(_dir + "/");
        Assert.True(folder.Exists);
        Assert.Equal(0, folder.Size);
    }

    [Fact]
    public void RacyWithinTwoSecondsOfTheObservation()
    {
        var now = DateTime.UtcNow.Ticks;
        Assert.True(new FileStamp(1, now - TimeSpan.TicksPerSecond, 0).IsRacyAt(now));
        Assert.False(new FileStamp(1, now - 3 * TimeSpan.TicksPerSecond, 0).IsRacyAt(now));
        Assert.True(new FileStamp(1, now - 3 * TimeSpan.TicksPerSecond, now).IsRacyAt(now));
    }

    [Fact]
    public void DigestFollowsContentEvenWhenSizeAndTimesAreKept()
    {
        var f = Path.Combine(_dir, "b.h");
        var old = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.WriteAllText(f, "#define X 1\n");
        File.SetLastWriteTimeUtc(f, old);
        var d1 = ContentDigest.Of(f)!.Digest;
        Assert.Equal(d1, ContentDigest.Of(f)!.Digest);
        File.WriteAllText(f, "#define X 2\n");
        File.SetLastWriteTimeUtc(f, old);
        var d2 = ContentDigest.Of(f)!.Digest;
        Assert.NotEqual(d1, d2);
        Assert.Equal(ContentDigest.Hex(Encoding.UTF8.GetBytes("#define X 2\n")), d2);
        Assert.Null(ContentDigest.Of(Path.Combine(_dir, "missing.h")));
    }

    [Theory]
    [InlineData("int x;", ContentFlags.None)]
    [InlineData("const char* d = __DATE__;", ContentFlags.UsesTime)]
    [InlineData("const char* t = __TIME__;", ContentFlags.UsesTime)]
    [InlineData("const char* t = __TIMESTAMP__;", ContentFlags.UsesTime)]
    [InlineData("assert(x); // __FILE__", ContentFlags.UsesFile)]
    [InlineData("__BASE_FILE__ __TIME__", ContentFlags.UsesFile | ContentFlags.UsesTime)]
    [InlineData("__TIME_ FILE__", ContentFlags.None)]
    public void ScanFindsTimeAndPathMacros(string text, ContentFlags expected) =>
        Assert.Equal(expected, ContentDigest.Scan(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void RelocatableDigestIgnoresTheRoot()
    {
        var a = Path.Combine(_dir, "a", "x.ino.cpp");
        var b = Path.Combine(_dir, "bb", "x.ino.cpp");
        Directory.CreateDirectory(Path.GetDirectoryName(a)!);
        Directory.CreateDirectory(Path.GetDirectoryName(b)!);
        File.WriteAllText(a, $"#line 1 \"{_dir}/a/x.ino\"\nint x;\n#line 9 \"{_dir}/a/y.ino\"\n");
        File.WriteAllText(b, $"#line 1 \"{_dir}/bb/x.ino\"\nint x;\n#line 9 \"{_dir}/bb/y.ino\"\n");
        Assert.Equal(ContentDigest.OfRelocatable(a, _dir + "/a")!.Digest, ContentDigest.OfRelocatable(b, _dir + "/bb")!.Digest);
        Assert.NotEqual(ContentDigest.Of(a)!.Digest, ContentDigest.Of(b)!.Digest);
        Assert.Equal(Encoding.ASCII.GetBytes("x@y@"), ContentDigest.ReplaceAll(Encoding.ASCII.GetBytes("xABCyABC"), Encoding.ASCII.GetBytes("ABC"), Encoding.ASCII.GetBytes("@")));
    }
}
