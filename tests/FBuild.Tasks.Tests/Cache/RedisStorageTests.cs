using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FBuild.Tasks.Cache;

namespace FBuild.Tasks.Tests.Cache;

/// <summary>The redis storage (StackExchange.Redis) against a real redis-server on loopback: records, misses, a wrong password, a dead server.</summary>
public sealed class RedisStorageTests
{
    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private static Process StartRedis(int port, string password, string dir)
    {
        var psi = new ProcessStartInfo("redis-server") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--bind", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no", "--dir", dir, "--requirepass", password })
            psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        var until = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < until)
        {
            try { using var c = new TcpClient(); c.Connect(IPAddress.Loopback, port); return p; }
            catch (SocketException) { Thread.Sleep(30); }
        }
        p.Kill();
        throw new InvalidOperationException("redis-server did not start");
    }

    private static RemoteCacheSettings Settings(int port, string? password) =>
        RemoteCacheSettings.Parse($"redis://127.0.0.1:{port}", null, "2", n => n == RemoteCacheSettings.TokenVariable ? password : null, out _)!;

    [Fact]
    public void RecordsMissesAWrongPasswordAndADeadServer()
    {
        if (!File.Exists("/usr/bin/redis-server")) return; // CI installs it (eng/install-deps.sh test)
        var dir = Directory.CreateTempSubdirectory("fbuild-redis").FullName;
        var password = "pw-" + Guid.NewGuid().ToString("N");
        int port = FreePort();
        var server = StartRedis(port, password, dir);
        try
        {
            var key = "ab" + new string('1', 62);
            using (var redis = new RedisCacheStorage(Settings(port, password)))
            {
                Assert.Null(redis.Get(CacheRecordKind.Entry, key));
                redis.Put(CacheRecordKind.Entry, key, new byte[] { 1, 2, 0, 3 });
                Assert.Equal(new byte[] { 1, 2, 0, 3 }, redis.Get(CacheRecordKind.Entry, key));
                Assert.Null(redis.Get(CacheRecordKind.Manifest, key)); // kinds are apart
            }
            using (var wrong = new RedisCacheStorage(Settings(port, "not-" + password)))
            {
                var ex = Assert.Throws<RemoteCacheException>(() => wrong.Get(CacheRecordKind.Entry, key));
                Assert.DoesNotContain(password, ex.ToString());
            }
            using var dead = new RedisCacheStorage(Settings(port, password));
            Assert.NotNull(dead.Get(CacheRecordKind.Entry, key));
            server.Kill();
            server.WaitForExit();
            var watch = Stopwatch.StartNew();
            Assert.Throws<RemoteCacheException>(() => dead.Get(CacheRecordKind.Entry, key));
            Assert.Throws<RemoteCacheException>(() => dead.Put(CacheRecordKind.Entry, key, new byte[] { 9 }));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"{watch.Elapsed} to fail");
        }
        finally
        {
            if (!server.HasExited) server.Kill();
            Directory.Delete(dir, true);
        }
    }
}
