using System.Text;
using FBuild.Tasks.Cache;
using FBuild.Tasks.FileSystem;
using FBuild.Tasks.Reporting;
using Microsoft.Build.Framework;

namespace FBuild.Tasks.Tests.Cache;

/// <summary>The cache's client over a storage it does not trust: what the storage hands back is verified.</summary>
public sealed class CacheStorageTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fbuild-storage " + Guid.NewGuid().ToString("N"));

    public CacheStorageTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    /// <summary>A storage in memory, as a remote tier would be: bytes by kind and key.</summary>
    private sealed class MemoryStorage : ICacheStorage
    {
        public readonly Dictionary<(CacheRecordKind, string), byte[]> Records = new();
        public readonly List<(CacheRecordKind, string)> Used = new();
        public byte[]? Get(CacheRecordKind kind, string key) => Records.TryGetValue((kind, key), out var b) ? b : null;
        public void Put(CacheRecordKind kind, string key, byte[] bytes) => Records[(kind, key)] = bytes;
        public void Remove(CacheRecordKind kind, string key) => Records.Remove((kind, key));
        public void MarkUsed(CacheRecordKind kind, string key) => Used.Add((kind, key));
    }

    private static CacheEntry Entry(string obj)
    {
        var e = new CacheEntry();
        e.Sections["object"] = Encoding.UTF8.GetBytes(obj);
        return e;
    }

    [Fact]
    public void AnyStorageServesTheClient_AndDamagedOrForeignRecordsAreMisses()
    {
        var header = Path.Combine(_dir, "a.h");
        File.WriteAllText(header, "#define A 1\n");
        var files = new[] { (CacheKey.Relocate(header, _dir), ContentDigest.Of(header)!.Digest) };
        var storage = new MemoryStorage();
        var cache = new CompileCache(storage);
        var mk = "ab" + new string('2', 62);

        var rk = cache.Store(mk, files, false, _dir, Entry("OBJ"));
        Assert.Equal("OBJ", Encoding.UTF8.GetString(cache.Lookup(mk, _dir, out var found)!.Sections["object"]));
        Assert.Equal(rk, found);
        Assert.Contains((CacheRecordKind.Entry, rk), storage.Used);
        Assert.Contains((CacheRecordKind.Manifest, mk), storage.Used);

        // A damaged entry (checksum) is a miss and is removed.
        var bytes = storage.Records[(CacheRecordKind.Entry, rk)];
        bytes[bytes.Length - 1] ^= 1;
        Assert.Null(cache.Lookup(mk, _dir, out _));
        Assert.False(storage.Records.ContainsKey((CacheRecordKind.Entry, rk)));

        // A manifest whose entry names a result other than the key its files give does not answer the key asked.
        cache.Store(mk, files, false, _dir, Entry("OBJ"));
        var manifest = Manifest.Parse(Encoding.UTF8.GetString(storage.Records[(CacheRecordKind.Manifest, mk)]))!;
        var forged = new Manifest();
        forged.Add(new Manifest.Entry("cd" + new string('3', 62), false, manifest.Entries[0].Files));
        storage.Put(CacheRecordKind.Manifest, mk, Encoding.UTF8.GetBytes(forged.Serialize()));
        storage.Put(CacheRecordKind.Entry, "cd" + new string('3', 62), Entry("FOREIGN").Serialize());
        Assert.Null(cache.Lookup(mk, _dir, out _));

        // Results keyed up front (links).
        cache.StoreResult("ef" + new string('4', 62), Entry("ELF"));
        Assert.Equal("ELF", Encoding.UTF8.GetString(cache.LookupResult("ef" + new string('4', 62))!.Sections["object"]));
        Assert.Null(cache.LookupResult("ef" + new string('5', 62)));
    }

    [Fact]
    public void TheLocalStorageKeepsTheOnDiskLayout()
    {
        var local = new LocalCacheStorage(Path.Combine(_dir, "cache"));
        var key = "0a" + new string('1', 62);
        local.Put(CacheRecordKind.Entry, key, new byte[] { 1, 2 });
        local.Put(CacheRecordKind.Manifest, key, new byte[] { 3 });
        Assert.Equal(Path.Combine(_dir, "cache", "o", "0a", key + ".entry"), local.EntryPath(key));
        Assert.Equal(new byte[] { 1, 2 }, File.ReadAllBytes(local.EntryPath(key)));
        Assert.Equal(new byte[] { 3 }, File.ReadAllBytes(Path.Combine(_dir, "cache", "m", "0a", key + ".manifest")));
        local.Remove(CacheRecordKind.Entry, key);
        Assert.Null(local.Get(CacheRecordKind.Entry, key));
    }

    [Fact]
    public void CountersAreOneItemThatTheResultSums()
    {
        var a = new CacheCounters();
        a.AddHit(); a.AddHit(); a.AddMiss(); a.AddStore(); a.AddUncacheable(); a.AddEvictions(3);
        var b = new CacheCounters();
        b.AddHit();
        var file = Path.Combine(_dir, "result.json");
        var task = new FBuildWriteResult
        {
            BuildEngine = new FakeBuildEngine(), ResultFile = file, Kind = "framework", Status = "ok",
            Counters = new ITaskItem[] { a.ToItem("/o/core", 4), b.ToItem("/o/x.elf", 0) },
        };
        Assert.True(task.Execute());
        var map = (Dictionary<string, object?>)Json.Parse(File.ReadAllText(file))!;
        Assert.Equal(4L, Convert.ToInt64(map["objectsRebuilt"]));
        var cache = (Dictionary<string, object?>)map["cache"]!;
        Assert.Equal(3L, Convert.ToInt64(cache["hits"]));
        Assert.Equal(1L, Convert.ToInt64(cache["misses"]));
        Assert.Equal(1L, Convert.ToInt64(cache["stores"]));
        Assert.Equal(1L, Convert.ToInt64(cache["uncacheable"]));
        Assert.Equal(3L, Convert.ToInt64(cache["evictions"]));
    }
}
