using System.Text;
using FBuild.Tasks.Cache;
using FBuild.Tasks.FileSystem;

namespace FBuild.Tasks.Tests.Cache;

public sealed class CompileCacheTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fbuild-cache " + Guid.NewGuid().ToString("N"));
    private readonly string _root;
    private readonly LocalCacheStorage _store;
    private readonly CompileCache _cache;

    public CompileCacheTests()
    {
        _root = Path.Combine(_dir, "proj");
        Directory.CreateDirectory(Path.Combine(_root, "inc"));
        _store = new LocalCacheStorage(Path.Combine(_dir, "cache"));
        _cache = new CompileCache(_store);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private static CacheEntry Entry(string obj)
    {
        var e = new CacheEntry();
        e.Sections["object"] = Encoding.UTF8.GetBytes(obj);
        e.Sections["deps"] = Array.Empty<byte>();
        return e;
    }

    private (string Token, string Digest) Header(string root, string rel, string content)
    {
        var path = Path.Combine(root, rel);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return (CacheKey.Relocate(path, root), ContentDigest.Of(path)!.Digest);
    }

    [Fact]
    public void EntryRoundTripsAndDamageIsDetected()
    {
        var e = Entry("OBJ");
        e.Sections["output"] = Encoding.UTF8.GetBytes("warning: x");
        var bytes = e.Serialize();
        var back = CacheEntry.Deserialize(bytes)!;
        Assert.Equal("OBJ", Encoding.UTF8.GetString(back.Sections["object"]));
        Assert.Equal("warning: x", Encoding.UTF8.GetString(back.Sections["output"]));
        for (int cut = 0; cut < bytes.Length; cut += 7) Assert.Null(CacheEntry.Deserialize(bytes.Take(cut).ToArray()));
        var flipped = (byte[])bytes.Clone();
        flipped[^3] ^= 0x40;
        Assert.Null(CacheEntry.Deserialize(flipped));
        Assert.Null(CacheEntry.Deserialize(Array.Empty<byte>()));
    }

    [Fact]
    public void StoreThenLookupHitsWhileHeadersAreUnchanged()
    {
        var h = Header(_root, "inc/a.h", "#define A 1\n");
        _cache.Store("aa" + new string('1', 62), new[] { h }, false, _root, Entry("OBJ1"));
        var hit = _cache.Lookup("aa" + new string('1', 62), _root, out var key);
        Assert.NotNull(hit);
        Assert.Equal("OBJ1", Encoding.UTF8.GetString(hit!.Sections["object"]));
        Assert.NotNull(key);
        // The header changes: a miss, and no wrong object.
        Header(_root, "inc/a.h", "#define A 2\n");
        Assert.Null(_cache.Lookup("aa" + new string('1', 62), _root, out _));
        // The header is removed: a miss.
        File.Delete(Path.Combine(_root, "inc/a.h"));
        Assert.Null(_cache.Lookup("aa" + new string('1', 62), _root, out _));
    }

    [Fact]
    public void ManifestKeepsSeveralVariants()
    {
        var mk = "bb" + new string('2', 62);
        var h1 = Header(_root, "inc/a.h", "#define A 1\n");
        _cache.Store(mk, new[] { h1 }, false, _root, Entry("ONE"));
        var h2 = Header(_root, "inc/a.h", "#define A 2\n");
        _cache.Store(mk, new[] { h2 }, false, _root, Entry("TWO"));
        Assert.Equal("TWO", Encoding.UTF8.GetString(_cache.Lookup(mk, _root, out _)!.Sections["object"]));
        Header(_root, "inc/a.h", "#define A 1\n");
        Assert.Equal("ONE", Encoding.UTF8.GetString(_cache.Lookup(mk, _root, out _)!.Sections["object"]));
    }

    [Fact]
    public void AnotherCheckoutHitsUnlessTheResultIsPathDependent()
    {
        var other = Path.Combine(_dir, "elsewhere", "proj2");
        var mk = "cc" + new string('3', 62);
        var h = Header(_root, "inc/a.h", "#define A 1\n");
        Header(other, "inc/a.h", "#define A 1\n");
        _cache.Store(mk, new[] { h }, false, _root, Entry("REL"));
        Assert.NotNull(_cache.Lookup(mk, other, out _));

        var mk2 = "dd" + new string('4', 62);
        _cache.Store(mk2, new[] { h }, true, _root, Entry("ABS"));
        Assert.NotNull(_cache.Lookup(mk2, _root, out _));
        Assert.Null(_cache.Lookup(mk2, other, out _));
    }

    [Fact]
    public void SameSourceInTwoFoldersWithDifferentLocalHeadersMisses()
    {
        // Keys name the source's folder through its arguments, and the manifest names each header's digest.
        var cmdA = new[] { "avr-gcc", "-c", Path.Combine(_root, "a", "x.c"), "-o", "/o/x.o" };
        var cmdB = new[] { "avr-gcc", "-c", Path.Combine(_root, "b", "x.c"), "-o", "/o/x.o" };
        Assert.NotEqual(CacheKey.Manifest("gcc", "c", cmdA, "d", _root), CacheKey.Manifest("gcc", "c", cmdB, "d", _root));
        Assert.Equal(CacheKey.Manifest("gcc", "c", cmdA, "d", _root),
            CacheKey.Manifest("gcc", "c", new[] { "avr-gcc", "-c", Path.Combine(_root, "a", "x.c"), "-o", "/elsewhere/x.o" }, "d", _root));
    }

    [Fact]
    public void CorruptOrEmptyEntriesAreMissesAndRemoved()
    {
        var mk = "ee" + new string('5', 62);
        var h = Header(_root, "inc/a.h", "#define A 1\n");
        var rk = _cache.Store(mk, new[] { h }, false, _root, Entry("OBJ"));
        var path = _store.EntryPath(rk);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes.Take(bytes.Length / 2).ToArray());
        Assert.Null(_cache.Lookup(mk, _root, out _));
        Assert.False(File.Exists(path));

        _cache.Store(mk, new[] { h }, false, _root, Entry("OBJ"));
        File.WriteAllBytes(path, Array.Empty<byte>());
        Assert.Null(_cache.Lookup(mk, _root, out _));

        File.WriteAllText(_store.ManifestPath(mk), "fbmanifest 1\nentry garbage");
        Assert.Null(_cache.Lookup(mk, _root, out _));
        File.WriteAllText(_store.ManifestPath(mk), "");
        Assert.Null(_cache.Lookup(mk, _root, out _));
    }

    [Fact]
    public void TrimEvictsLeastRecentlyUsedFirst()
    {
        var h = Header(_root, "inc/a.h", "#define A 1\n");
        var keys = new List<string>();
        for (int i = 0; i < 10; i++)
        {
            var mk = i.ToString("x2") + new string('6', 62);
            var e = new CacheEntry();
            e.Sections["object"] = new byte[10_000];
            _cache.Store(mk, new[] { h }, false, _root, e);
            foreach (var f in new[] { _store.ManifestPath(mk), _store.EntryPath(CacheKey.Result(mk, new[] { h }, false, _root)) })
                File.SetLastWriteTimeUtc(f, DateTime.UtcNow.AddMinutes(-100 + i));
            keys.Add(mk);
        }
        // Using the oldest makes it the newest.
        Assert.NotNull(_cache.Lookup(keys[0], _root, out _));
        var before = _store.Measure();
        Assert.Equal(10, before.Entries);
        int evicted = _store.Trim(before.Bytes / 2);
        Assert.True(evicted > 0);
        Assert.True(_store.Measure().Bytes <= before.Bytes / 2);
        Assert.NotNull(_cache.Lookup(keys[0], _root, out _));
        Assert.Null(_cache.Lookup(keys[1], _root, out _));
        Assert.Equal(0, _store.Trim(long.MaxValue));
    }

    [Theory]
    [InlineData("123", 123L)]
    [InlineData("4G", 4L << 30)]
    [InlineData("1.5k", 1536L)]
    [InlineData("20 MB", 20L << 20)]
    [InlineData("lots", null)]
    [InlineData("-1", null)]
    public void SizesParse(string text, long? expected) => Assert.Equal(expected, LocalCacheStorage.ParseSize(text));

    [Fact]
    public void ArgumentsAreNormalized()
    {
        var args = CacheKey.NormalizeArguments(new[] { "/usr/bin/avr-g++", "-c", "-I" + _root + "/libraries/X/src", "-iquote", _root + "/s", _root + "/s/x.cpp", "-o", _root + "/artifacts/x.o", "-MFfoo.d" }, _root);
        Assert.Equal(new[] { "-c", "-I@ROOT/libraries/X/src", "-iquote", "@ROOT/s", "@ROOT/s/x.cpp" }, args);
        Assert.Equal(_root + "/s/x.cpp", CacheKey.Unrelocate("@ROOT/s/x.cpp", _root));
    }

    [Fact]
    public void LineDirectivesAreRelocatedButStringsAreNot()
    {
        var text = $"#line 1 \"{_root}/x/x.ino\"\nconst char* p = \"{_root}/x/data\";\n#line 5 \"{_root}/x/x.ino\"\n";
        var relocated = Encoding.UTF8.GetString(CacheKey.RelocateLineDirectives(Encoding.UTF8.GetBytes(text), _root));
        Assert.Equal($"#line 1 \"@ROOT/x/x.ino\"\nconst char* p = \"{_root}/x/data\";\n#line 5 \"@ROOT/x/x.ino\"\n", relocated);
    }
}
