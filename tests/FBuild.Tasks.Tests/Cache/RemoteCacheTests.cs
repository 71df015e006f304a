using System.Text;
using FBuild.Tasks.Cache;
using FBuild.Tasks.FileSystem;

namespace FBuild.Tasks.Tests.Cache;

/// <summary>The remote tier's pure parts (URL, layout, credentials) and its flow over fake servers: local first, verify everything, fail soft.</summary>
public sealed class RemoteCacheTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fbuild-remote " + Guid.NewGuid().ToString("N"));

    public RemoteCacheTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private static RemoteCacheSettings Parse(string url, string? mode = null, string? timeout = null, Dictionary<string, string>? env = null)
    {
        var s = RemoteCacheSettings.Parse(url, mode, timeout, n => env != null && env.TryGetValue(n, out var v) ? v : null, out var error);
        Assert.Null(error);
        return s!;
    }

    private static string? ParseError(string url, string? mode = null, string? timeout = null)
    {
        Assert.Null(RemoteCacheSettings.Parse(url, mode, timeout, _ => null, out var error));
        return error;
    }

    /// <summary>A server in memory; fails every request while Down.</summary>
    private sealed class FakeServer : ICacheStorage
    {
        public readonly Dictionary<(CacheRecordKind, string), byte[]> Records = new();
        public bool Down;
        public int Gets, Puts;
        public byte[]? Get(CacheRecordKind kind, string key)
        {
            Interlocked.Increment(ref Gets);
            if (Down) throw new RemoteCacheException("GET: Connection refused");
            lock (Records) return Records.TryGetValue((kind, key), out var b) ? b : null;
        }
        public void Put(CacheRecordKind kind, string key, byte[] bytes)
        {
            Interlocked.Increment(ref Puts);
            if (Down) throw new RemoteCacheException("PUT: Connection refused");
            lock (Records) Records[(kind, key)] = bytes;
        }
        public void Remove(CacheRecordKind kind, string key) { }
        public void MarkUsed(CacheRecordKind kind, string key) { }
    }

    [Fact]
    public void UrlsLayoutsAndModesParse()
    {
        var key = "ab" + new string('c', 62);
        var s = Parse("http://127.0.0.1:8080/cache");
        Assert.Equal(RemoteCacheKind.Http, s.Kind);
        Assert.Equal("http://127.0.0.1:8080/cache/", s.Uri.ToString());
        Assert.Equal("ab/" + new string('c', 62) + "R", s.HttpPath(CacheRecordKind.Entry, key));
        Assert.Equal("ab/" + new string('c', 62) + "M", s.HttpPath(CacheRecordKind.Manifest, key));
        Assert.False(s.ReadOnly);
        Assert.Equal(TimeSpan.FromSeconds(5), s.Timeout);
        Assert.Equal(key + "R", Parse("http://h/c/|layout=flat").HttpPath(CacheRecordKind.Entry, key));
        var bazel = Parse("http://h:9090/|layout=bazel");
        Assert.Equal("ac/" + key, bazel.HttpPath(CacheRecordKind.Entry, key));
        var manifest = bazel.HttpPath(CacheRecordKind.Manifest, key);
        Assert.Matches("^ac/[0-9a-f]{64}$", manifest);
        Assert.NotEqual("ac/" + key, manifest);
        Assert.True(Parse("http://h/", "read").ReadOnly);
        Assert.False(Parse("http://h/", "ReadWrite").ReadOnly);
        Assert.Equal(TimeSpan.FromSeconds(0.5), Parse("http://h/", null, "0.5").Timeout);
        var redis = Parse("redis://127.0.0.1");
        Assert.Equal(RemoteCacheKind.Redis, redis.Kind);
        Assert.Equal(6379, redis.Uri.Port);
        Assert.Equal("fbuild:r:" + key, RemoteCacheSettings.RedisKey(CacheRecordKind.Entry, key));

        Assert.Contains("not an http", ParseError("ftp://h/"));
        Assert.Contains("not an http", ParseError("cache/"));
        Assert.Contains("credentials do not go in the URL", ParseError("http://me:secret@h/"));
        Assert.Contains("not read or readwrite", ParseError("http://h/", "write"));
        Assert.Contains("layout", ParseError("http://h/|layout=deep"));
        Assert.Contains("seconds", ParseError("http://h/", null, "soon"));
        Assert.Null(RemoteCacheSettings.Parse("  ", null, null, _ => null, out var none));
        Assert.Null(none);
        Assert.Equal("http://***@h/c/", RemoteCacheOptions.Redact("http://me:secret@h/c/"));
        Assert.Equal("http://h/a@b", RemoteCacheOptions.Redact("http://h/a@b"));
    }

    [Fact]
    public void CredentialsComeFromTheEnvironmentAndAreNeverShown()
    {
        var token = "tok-" + Guid.NewGuid().ToString("N");
        var s = Parse("http://127.0.0.1:1/c/", env: new() { [RemoteCacheSettings.TokenVariable] = token });
        Assert.Equal("Bearer " + token, s.Authorization);
        Assert.DoesNotContain(token, s.ToString());
        var basic = Parse("http://127.0.0.1:1/c/", env: new() { [RemoteCacheSettings.UserVariable] = "ci", [RemoteCacheSettings.PasswordVariable] = "pw" });
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("ci:pw")), basic.Authorization);
        Assert.Null(Parse("http://h/").Authorization);
    }

    [Fact]
    public void EntriesAndManifestsAnswerOnlyTheirKey()
    {
        var e = new CacheEntry { Key = "k1" };
        e.Sections["object"] = new byte[] { 1, 2, 3 };
        var bytes = e.Serialize();
        Assert.Equal("k1", CacheEntry.Deserialize(bytes, "k1")!.Key);
        Assert.Null(CacheEntry.Deserialize(bytes, "k2"));
        var old = (byte[])bytes.Clone();
        Encoding.ASCII.GetBytes("fbentry1").CopyTo(old, 0);
        Assert.Null(CacheEntry.Deserialize(old));
        var m = new Manifest { Key = "mk" };
        Assert.NotNull(Manifest.Parse(m.Serialize(), "mk"));
        Assert.Null(Manifest.Parse(m.Serialize(), "other"));
        Assert.Null(Manifest.Parse("fbmanifest 1\nend\n"));
    }

    private (string Header, (string, string)[] Files) Header()
    {
        var header = Path.Combine(_dir, "a.h");
        File.WriteAllText(header, "#define A 1\n");
        return (header, new[] { (CacheKey.Relocate(header, _dir), ContentDigest.Of(header)!.Digest) });
    }

    private static CacheEntry Entry(string obj)
    {
        var e = new CacheEntry();
        e.Sections["object"] = Encoding.UTF8.GetBytes(obj);
        return e;
    }

    private (CompileCache Cache, CacheCounters Counters, List<string> Warnings) Client(FakeServer server, string local, string mode = "readwrite", CacheBuildState? state = null)
    {
        var settings = Parse("http://127.0.0.1:1/c/", mode);
        var counters = new CacheCounters();
        var warnings = new List<string>();
        var remote = new RemoteCache(server, settings, counters, state, warnings.Add);
        return (new CompileCache(new LocalCacheStorage(Path.Combine(_dir, local)), remote), counters, warnings);
    }

    [Fact]
    public void LocalFirst_ThenTheRemote_WhoseHitsAreVerifiedAndKeptLocally()
    {
        var (_, files) = Header();
        var server = new FakeServer();
        var mk = "ab" + new string('2', 62);

        var (first, firstCounters, _) = Client(server, "one");
        Assert.Null(first.Lookup(mk, _dir, out _));
        Assert.Equal(1, firstCounters.RemoteMissCount);
        var rk = first.Store(mk, files, false, _dir, Entry("OBJ"));
        first.Remote!.Flush();
        Assert.Equal(2, firstCounters.RemoteUploadCount);
        Assert.True(firstCounters.RemoteBytesUpCount > 0);

        // Another machine with an empty local cache: a remote hit, then kept locally (the next lookup does not ask the server).
        var (second, counters, _) = Client(server, "two");
        Assert.Equal("OBJ", Encoding.UTF8.GetString(second.Lookup(mk, _dir, out var found)!.Sections["object"]));
        Assert.Equal(rk, found);
        Assert.Equal(1, counters.RemoteHitCount);
        Assert.True(counters.RemoteBytesDownCount > 0);
        int gets = server.Gets;
        Assert.NotNull(second.Lookup(mk, _dir, out _));
        Assert.Equal(gets, server.Gets);

        // Links (keyed up front) too.
        var lk = "ef" + new string('4', 62);
        first.StoreResult(lk, Entry("ELF"));
        first.Remote.Flush();
        Assert.Equal("ELF", Encoding.UTF8.GetString(second.LookupResult(lk)!.Sections["object"]));
        Assert.Equal(2, counters.RemoteHitCount);
        Assert.Equal(0, counters.RemoteErrorCount);
    }

    [Fact]
    public void ReadModeUploadsNothing()
    {
        var (_, files) = Header();
        var server = new FakeServer();
        var (cache, counters, _) = Client(server, "ro", "read");
        cache.Store("ab" + new string('2', 62), files, false, _dir, Entry("OBJ"));
        cache.StoreResult("ef" + new string('4', 62), Entry("ELF"));
        cache.Remote!.Flush();
        Assert.Equal(0, server.Puts);
        Assert.Empty(server.Records);
        Assert.Equal(0, counters.RemoteUploadCount);
    }

    [Fact]
    public void DamagedTruncatedAndForeignRemoteRecordsAreMissesCountedAsErrors()
    {
        var (_, files) = Header();
        var server = new FakeServer();
        var mk = "ab" + new string('2', 62);
        var (writer, _, _) = Client(server, "w");
        var rk = writer.Store(mk, files, false, _dir, Entry("OBJ"));
        var other = writer.Store("cd" + new string('3', 62), files, false, _dir, Entry("FOREIGN"));
        writer.Remote!.Flush();
        var good = server.Records[(CacheRecordKind.Entry, rk)];

        void Expect(string local, byte[] served, CacheRecordKind kind = CacheRecordKind.Entry, string? key = null)
        {
            server.Records[(kind, key ?? rk)] = served;
            var (reader, counters, _) = Client(server, local);
            Assert.Null(reader.Lookup(mk, _dir, out _));
            Assert.Equal(1, counters.RemoteErrorCount);
            Assert.Equal(0, counters.RemoteHitCount);
            Assert.Equal(1, counters.RemoteMissCount);
            Assert.False(File.Exists(((LocalCacheStorage)reader.Storage).EntryPath(rk)));
            server.Records[(CacheRecordKind.Entry, rk)] = good;
        }

        var flipped = (byte[])good.Clone();
        flipped[flipped.Length - 1] ^= 1;
        Expect("flipped", flipped);
        Expect("cut", good.Take(good.Length / 2).ToArray());
        Expect("foreign", server.Records[(CacheRecordKind.Entry, other)]);
        var manifest = server.Records[(CacheRecordKind.Manifest, mk)];
        Expect("manifest-cut", manifest.Take(manifest.Length - 10).ToArray(), CacheRecordKind.Manifest, mk);
        Expect("manifest-foreign", server.Records[(CacheRecordKind.Manifest, "cd" + new string('3', 62))], CacheRecordKind.Manifest, mk);
        server.Records[(CacheRecordKind.Manifest, mk)] = manifest;

        var (ok, okCounters, _) = Client(server, "ok");
        Assert.NotNull(ok.Lookup(mk, _dir, out _));
        Assert.Equal(1, okCounters.RemoteHitCount);
    }

    [Fact]
    public void ADeadServerIsSwitchedOffForTheBuild_WithOneWarningAcrossTasks()
    {
        var server = new FakeServer { Down = true };
        var state = new CacheBuildState(Path.Combine(_dir, "state"));
        var warnings = new List<string>();
        for (int task = 0; task < 4; task++)
        {
            // Each task (in any node) has its own RemoteCache; the build's state is shared through the folder.
            var (cache, counters, w) = Client(server, "l" + task, state: new CacheBuildState(state.Directory));
            Assert.Null(cache.Lookup("ab" + new string('2', 62), _dir, out _));
            Assert.Null(cache.LookupResult("ef" + new string('4', 62)));
            cache.Remote!.Flush();
            warnings.AddRange(w);
        }
        Assert.Single(warnings);
        Assert.Contains("off for the rest of this build after 3 failures", warnings[0]);
        Assert.Contains("Connection refused", warnings[0]);
        Assert.Equal(RemoteCache.FailureLimit, server.Gets);
        Assert.True(state.IsOff(RemoteCache.Tier));
    }

    [Fact]
    public void ABuildStateTurnsATierOffOnce()
    {
        var state = new CacheBuildState(Path.Combine(_dir, "s"));
        Assert.False(state.IsOff("local"));
        Assert.True(state.TurnOff("local", "why"));
        Assert.False(new CacheBuildState(state.Directory).TurnOff("local", "again"));
        Assert.True(state.IsOff("local"));
        Assert.Equal(1, state.AddFailure("remote"));
        Assert.Equal(2, state.AddFailure("remote"));
    }

    [Fact]
    public void AFolderThatCannotBeUsedSaysWhy()
    {
        Assert.Null(new LocalCacheStorage(Path.Combine(_dir, "fine")).WhyUnusable());
        var file = Path.Combine(_dir, "file");
        File.WriteAllText(file, "x");
        Assert.Equal("a file is in its place", new LocalCacheStorage(file).WhyUnusable());
        Assert.NotNull(new LocalCacheStorage(Path.Combine(file, "below")).WhyUnusable());
    }
}
