using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace FBuild.IntegrationTests;

/// <summary>
/// An unprivileged nginx with WebDAV on 127.0.0.1 and a free port, from a temporary config (pid, logs and every
/// temp path in a temp folder), started for one test and stopped by it (also when it fails).
/// </summary>
public sealed class NginxServer : IDisposable
{
    private readonly Process _process;

    public NginxServer(string dir)
    {
        Dir = dir;
        Root = Path.Combine(dir, "root");
        Directory.CreateDirectory(Path.Combine(Root, "cache"));
        Port = FreePort();
        var conf = Path.Combine(dir, "nginx.conf");
        string P(string name) => Path.Combine(dir, name);
        // One process (no master and worker), so that killing it stops the server. 'user' matters only when the tests
        // run as root (nginx would otherwise switch to nobody and could not write).
        File.WriteAllText(conf, $$"""
            user {{Environment.UserName}};
            master_process off;
            daemon off;
            pid {{P("nginx.pid")}};
            error_log {{P("error.log")}};
            events { worker_connections 256; }
            http {
              access_log {{P("access.log")}};
              client_body_temp_path {{P("body")}};
              proxy_temp_path {{P("proxy")}};
              fastcgi_temp_path {{P("fastcgi")}};
              uwsgi_temp_path {{P("uwsgi")}};
              scgi_temp_path {{P("scgi")}};
              server {
                listen 127.0.0.1:{{Port}};
                root {{Root}};
                location /cache/ { dav_methods PUT DELETE; create_full_put_path on; client_max_body_size 64m; }
              }
            }
            """);
        var psi = new ProcessStartInfo("nginx") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-e", P("error.log"), "-c", conf, "-p", dir + "/" }) psi.ArgumentList.Add(a);
        _process = StartListening(psi, Port, () => "nginx did not start: " + (File.Exists(P("error.log")) ? File.ReadAllText(P("error.log")) : ""));
    }

    public string Dir { get; }
    /// <summary>The folder nginx serves; the cache's records are under cache/.</summary>
    public string Root { get; }
    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}/cache/";

    /// <summary>Every record on the server.</summary>
    public string[] Records() => Directory.GetFiles(Path.Combine(Root, "cache"), "*", SearchOption.AllDirectories);

    /// <summary>Stops nginx at once (SIGKILL: it runs as one process); afterwards nothing listens on the port.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill();
        _process.WaitForExit(5000);
        if (Listening(Port)) throw new InvalidOperationException($"nginx on port {Port} still answers after being killed");
    }

    /// <summary>Starts a server (its output read and dropped) and waits until it listens on <paramref name="port"/>.</summary>
    public static Process StartListening(ProcessStartInfo psi, int port, Func<string> failure)
    {
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!Listening(port))
        {
            if (process.HasExited || DateTime.UtcNow > until)
            {
                if (!process.HasExited) process.Kill();
                throw new InvalidOperationException(failure());
            }
            Thread.Sleep(50);
        }
        return process;
    }

    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public static bool Listening(int port)
    {
        try
        {
            using var c = new TcpClient();
            c.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException) { return false; }
    }

    public void Dispose() => Kill();
}

/// <summary>A redis-server on 127.0.0.1 and a free port (no persistence), started for one test and stopped by it.</summary>
public sealed class RedisServer : IDisposable
{
    private readonly Process _process;

    public RedisServer(string dir, string? password = null)
    {
        Port = NginxServer.FreePort();
        var psi = new ProcessStartInfo("redis-server") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
        foreach (var a in new[] { "--bind", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no", "--dir", dir })
            psi.ArgumentList.Add(a);
        if (password != null) { psi.ArgumentList.Add("--requirepass"); psi.ArgumentList.Add(password); }
        _process = NginxServer.StartListening(psi, Port, () => "redis-server did not start");
    }

    public int Port { get; }
    public string Url => $"redis://127.0.0.1:{Port}";

    public void Dispose()
    {
        if (!_process.HasExited) { _process.Kill(); _process.WaitForExit(5000); }
    }
}

/// <summary>
/// The remote cache tier against a real nginx (WebDAV): two checkouts in different folders with empty local caches
/// share hits through it, read mode uploads nothing, damaged entries on the server are misses counted as errors,
/// a server killed mid-build leaves the build green and correct, the token never appears in any output; and a
/// local cache folder that cannot be used gives one warning (issue 13).
/// </summary>
[Collection("sdk")]
public sealed class RemoteCacheTests
{
    private readonly SdkFixture _sdk;
    public RemoteCacheTests(SdkFixture sdk) => _sdk = sdk;

    private static readonly string[] Build = { "build", "Sketches.proj", "-p:Board=uno" };

    private static JsonElement Cache(string dir) => new BuildReport(dir, "uno").Json.GetProperty("cache");
    private static JsonElement Remote(string dir) => Cache(dir).GetProperty("remote");
    private static int Int(JsonElement e, string name) => e.GetProperty(name).GetInt32();

    private static Dictionary<string, byte[]> Hexes(string dir) =>
        Directory.GetFiles(Path.Combine(dir, "artifacts", "uno", "sketches"), "*.hex", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(Path.Combine(dir, "artifacts"), f), File.ReadAllBytes);

    private static void AssertSameHexes(Dictionary<string, byte[]> expected, Dictionary<string, byte[]> actual)
    {
        Assert.Equal(expected.Keys.OrderBy(k => k), actual.Keys.OrderBy(k => k));
        foreach (var k in expected.Keys) Assert.True(expected[k].SequenceEqual(actual[k]), $"{k} differs from a build without the remote");
    }

    /// <summary>A copy of the samples with only a few sketches (the framework and three sketches: less CI time).</summary>
    private string FewSamples(string name)
    {
        var dir = _sdk.CopySamples(name);
        foreach (var sketch in Directory.GetFiles(dir, "*.fbproj", SearchOption.AllDirectories).Select(Path.GetDirectoryName))
            if (!new[] { "BlinkMulti", "HelloSerial", "UserLibDemo" }.Contains(Path.GetFileName(sketch)))
                Directory.Delete(sketch!, true);
        return dir;
    }

    /// <summary>The firmware of <paramref name="all"/> for the sketches <paramref name="few"/> has (three of them).</summary>
    private static Dictionary<string, byte[]> Subset(Dictionary<string, byte[]> all, Dictionary<string, byte[]> few)
    {
        Assert.Equal(3, few.Count);
        return all.Where(h => few.ContainsKey(h.Key)).ToDictionary(h => h.Key, h => h.Value);
    }

    private static int Lines(string output, string code) =>
        output.Split('\n').Where(l => l.Contains(code)).Select(l => l[l.IndexOf(code, StringComparison.Ordinal)..].Trim()).Distinct().Count();

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath, "/usr/sbin/nginx")]
    public void CheckoutsShareThroughNginx_ReadModeUploadsNothing_DamagedEntriesMiss_TheTokenNeverShows()
    {
        using var nginx = new NginxServer(_sdk.NewDir("nginx"));
        var token = "fbtok-" + Guid.NewGuid().ToString("N");
        Dictionary<string, string?> Env(string cache, string mode = "readwrite") => new()
        {
            ["FBUILD_CACHE_DIR"] = cache, ["FBUILD_REMOTE_CACHE"] = nginx.Url, ["FBUILD_REMOTE_CACHE_MODE"] = mode,
            ["FBUILD_REMOTE_CACHE_TOKEN"] = token,
        };
        var outputs = new StringBuilder();

        // Checkout A, empty local cache: everything compiled, every result uploaded.
        var a = _sdk.CopySamples("remote-a");
        var r = _sdk.Dotnet(a, Env(_sdk.NewDir("cache-a")), Build.Append("-bl:" + Path.Combine(a, "a.binlog")).ToArray());
        outputs.Append(r.Output);
        Assert.True(r.ExitCode == 0, r.ToString());
        int results = Int(Cache(a), "misses");
        Assert.True(results > 30, $"only {results} misses");
        Assert.Equal(results, Int(Remote(a), "misses"));
        Assert.Equal(0, Int(Remote(a), "errors"));
        var onServer = nginx.Records();
        Assert.True(Int(Remote(a), "uploads") >= onServer.Length, $"{Int(Remote(a), "uploads")} uploads for {onServer.Length} records");
        Assert.True(onServer.Length >= results, $"{onServer.Length} records on the server for {results} results");
        Assert.All(onServer, f => Assert.Matches("/cache/[0-9a-f]{2}/[0-9a-f]{62}[MR]$", f));
        Assert.Contains("remote 0 hits", r.Output);

        // Checkout B in another folder, its own empty local cache: every result from the server, no compiler run.
        var b = _sdk.CopySamples("remote-another-b");
        r = _sdk.Dotnet(b, Env(_sdk.NewDir("cache-b")), Build.Append("-bl:" + Path.Combine(b, "b.binlog")).ToArray());
        outputs.Append(r.Output);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(results, Int(Cache(b), "hits"));
        Assert.Equal(results, Int(Remote(b), "hits"));
        Assert.Equal(0, Int(Remote(b), "misses"));
        Assert.True(Remote(b).GetProperty("bytesDown").GetInt64() > 0);
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(b, "artifacts"), "trace.tsv", SearchOption.AllDirectories),
            f => File.ReadAllText(f).Contains("\tcompile\t"));
        AssertSameHexes(Hexes(a), Hexes(b));

        // Read mode (a fork's pull request) with an edited sketch: its misses are compiled, nothing is uploaded.
        var c = FewSamples("remote-read-c");
        var ino = Directory.GetFiles(c, "*.ino", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).First();
        File.AppendAllText(ino, "\nint fbuildRemoteReadMode() { return 42; }\n");
        r = _sdk.Dotnet(c, Env(_sdk.NewDir("cache-c"), "read"), Build);
        outputs.Append(r.Output);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.InRange(Int(Remote(c), "misses"), 1, 3); // the edited sketch's compile and link
        Assert.True(Int(Remote(c), "hits") > 20, $"{Int(Remote(c), "hits")} hits");
        Assert.Equal(0, Int(Remote(c), "uploads"));
        Assert.Equal(onServer.Length, nginx.Records().Length);

        // Every result on the server damaged (cut, bit flipped, or another key's entry): misses counted as errors, right firmware.
        var entries = nginx.Records().Where(f => f.EndsWith('R')).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        for (int i = 0; i < entries.Length; i++)
        {
            var bytes = File.ReadAllBytes(entries[i]);
            switch (i % 3)
            {
                case 0: File.WriteAllBytes(entries[i], bytes.Take(bytes.Length / 2).ToArray()); break;
                case 1: bytes[^5] ^= 0x21; File.WriteAllBytes(entries[i], bytes); break;
                default: File.Copy(entries[(i + 1) % entries.Length], entries[i], true); break;
            }
        }
        var d = FewSamples("remote-damaged-d");
        r = _sdk.Dotnet(d, Env(_sdk.NewDir("cache-d"), "read"), Build);
        outputs.Append(r.Output);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(0, Int(Remote(d), "hits"));
        Assert.True(Int(Remote(d), "errors") > 20, $"{Int(Remote(d), "errors")} errors");
        Assert.Equal(0, Lines(r.Output, "FB0161")); // bad entries are not server failures
        AssertSameHexes(Subset(Hexes(a), Hexes(d)), Hexes(d));

        // The token appears in no output: console, binlogs, results, logs, compile_commands.json, anything written.
        Assert.DoesNotContain(token, outputs.ToString());
        foreach (var dir in new[] { a, b, c, d })
            foreach (var f in Directory.GetFiles(dir, "*", SearchOption.AllDirectories))
                Assert.False(File.ReadAllBytes(f).AsSpan().IndexOf(Encoding.UTF8.GetBytes(token)) >= 0, $"{f} holds the token");
        var binlogText = _sdk.Dotnet(a, "__bash__", "zcat -f a.binlog b.binlog 2>/dev/null | grep -c " + token + " || true");
        Assert.Equal("0", binlogText.StdOut.Trim());
    }

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath, "/usr/sbin/nginx")]
    public void AServerKilledMidBuildLeavesItGreenAndCorrect_AndAnUnusableLocalFolderWarnsOnce()
    {
        var nginx = new NginxServer(_sdk.NewDir("nginx-kill"));
        var e = _sdk.CopySamples("remote-killed-e");
        Task<RunResult> build;
        try
        {
            var env = new Dictionary<string, string?> { ["FBUILD_CACHE_DIR"] = _sdk.NewDir("cache-e"), ["FBUILD_REMOTE_CACHE"] = nginx.Url };
            build = Task.Run(() => _sdk.Dotnet(e, env, Build));
            // Kill the server once the build has uploaded some results (it is then in the middle of its compiles).
            var until = DateTime.UtcNow.AddMinutes(3);
            while (nginx.Records().Length < 6 && !build.IsCompleted && DateTime.UtcNow < until) Thread.Sleep(20);
            Assert.False(build.IsCompleted, "the build ended before the server was killed");
            nginx.Kill();
        }
        finally { nginx.Dispose(); }
        var r = build.Result;
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.True(Int(Remote(e), "errors") >= 1, r.Output);
        Assert.Equal(1, Lines(r.Output, "warning FB0161")); // uploads after the kill fail: one warning for the build
        // The warning names the server and the last failure; killed mid-request that is a reset or a cut answer, after it a refusal.
        var off = r.Output.Split('\n').First(l => l.Contains("warning FB0161"));
        Assert.Contains(nginx.Url.TrimEnd('/'), off);
        Assert.Matches("after [0-9]+ failures; the last: .+", off);

        // Issue 13: a file where the local cache folder should be. One warning for the build, which goes on without it.
        var blocked = Path.Combine(_sdk.NewDir("cache-blocked"), "fbuild");
        File.WriteAllText(blocked, "not a folder");
        var f = FewSamples("cache-unusable-f");
        var r2 = _sdk.Dotnet(f, new Dictionary<string, string?> { ["FBUILD_CACHE_DIR"] = blocked }, Build);
        Assert.True(r2.ExitCode == 0, r2.ToString());
        Assert.Equal(1, Lines(r2.Output, "warning FB0162"));
        Assert.Contains("a file is in its place", r2.Output);
        Assert.DoesNotContain("Could not store", r2.Output);
        Assert.Equal(0, Int(Cache(f), "hits"));
        AssertSameHexes(Subset(Hexes(e), Hexes(f)), Hexes(f));
    }

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath, "/usr/bin/redis-server")]
    public void CheckoutsShareThroughRedis_WithAPasswordThatNeverShows()
    {
        var token = "fbredis-" + Guid.NewGuid().ToString("N");
        using var redis = new RedisServer(_sdk.NewDir("redis"), token);
        Dictionary<string, string?> Env(string cache) => new()
        {
            ["FBUILD_CACHE_DIR"] = cache, ["FBUILD_REMOTE_CACHE"] = redis.Url, ["FBUILD_REMOTE_CACHE_TOKEN"] = token,
        };
        var a = FewSamples("redis-a");
        var ra = _sdk.Dotnet(a, Env(_sdk.NewDir("cache-ra")), Build);
        Assert.True(ra.ExitCode == 0, ra.ToString());
        int results = Int(Cache(a), "misses");
        Assert.True(Int(Remote(a), "uploads") >= results, ra.Output);
        Assert.Equal(0, Int(Remote(a), "errors"));

        var b = FewSamples("redis-another-b");
        var rb = _sdk.Dotnet(b, Env(_sdk.NewDir("cache-rb")), Build.Append("-bl:" + Path.Combine(b, "b.binlog")).ToArray());
        Assert.True(rb.ExitCode == 0, rb.ToString());
        Assert.Equal(results, Int(Remote(b), "hits"));
        Assert.Equal(0, Int(Remote(b), "misses"));
        AssertSameHexes(Hexes(a), Hexes(b));

        Assert.DoesNotContain(token, ra.Output + rb.Output);
        foreach (var dir in new[] { a, b })
            foreach (var f in Directory.GetFiles(dir, "*", SearchOption.AllDirectories))
                Assert.False(File.ReadAllBytes(f).AsSpan().IndexOf(Encoding.UTF8.GetBytes(token)) >= 0, $"{f} holds the token");
        var binlogText = _sdk.Dotnet(b, "__bash__", "zcat -f b.binlog | grep -c " + token + " || true");
        Assert.Equal("0", binlogText.StdOut.Trim());
    }
}
