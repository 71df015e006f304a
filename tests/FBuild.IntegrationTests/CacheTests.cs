using System.Text.Json;

namespace FBuild.IntegrationTests;

/// <summary>
/// The compile cache with real builds, after ccache's suites (direct.bash, basedir.bash, cleanup.bash): another
/// checkout hits, damaged entries miss, eviction under parallel builds, inputs edited during a compile,
/// __TIME__ users. Every test compares the .hex files with a clean build without the cache.
/// </summary>
[Collection("sdk")]
public sealed class CacheTests
{
    private readonly SdkFixture _sdk;
    public CacheTests(SdkFixture sdk) => _sdk = sdk;

    private static readonly string[] Build = { "build", "Sketches.proj", "-p:Board=uno" };

    private Dictionary<string, string?> Cache(string dir) => new() { ["FBUILD_CACHE_DIR"] = dir };

    private static JsonElement CacheCounters(string dir) => new BuildReport(dir, "uno").Json.GetProperty("cache");

    private static Dictionary<string, byte[]> Hexes(string dir) =>
        Directory.GetFiles(Path.Combine(dir, "artifacts", "uno", "sketches"), "*.hex", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(Path.Combine(dir, "artifacts"), f), File.ReadAllBytes);

    /// <summary>The .hex files of a clean build of a copy of <paramref name="dir"/>, without the cache.</summary>
    private Dictionary<string, byte[]> CleanHexes(string dir)
    {
        var copy = _sdk.NewDir("clean");
        SdkFixture.CopyDirectory(dir, copy);
        var r = _sdk.Dotnet(copy, Build.Append("-p:FBuildCache=false").ToArray());
        Assert.True(r.ExitCode == 0, r.ToString());
        return Hexes(copy);
    }

    private static void AssertSameHexes(Dictionary<string, byte[]> expected, Dictionary<string, byte[]> actual)
    {
        Assert.Equal(expected.Keys.OrderBy(k => k), actual.Keys.OrderBy(k => k));
        foreach (var k in expected.Keys) Assert.True(expected[k].SequenceEqual(actual[k]), $"{k} differs from a clean build");
    }

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void IdenticalProjectInAnotherFolderHitsAndGivesTheSameFirmware()
    {
        var cache = _sdk.NewDir("cache-other");
        var a = _sdk.CopySamples("checkout-a");
        var r = _sdk.Dotnet(a, Cache(cache), Build);
        Assert.True(r.ExitCode == 0, r.ToString());
        var first = CacheCounters(a);
        Assert.Equal(0, first.GetProperty("hits").GetInt32());
        int objects = first.GetProperty("misses").GetInt32();
        Assert.True(objects > 30, $"only {objects} misses");
        Assert.Equal(objects, first.GetProperty("stores").GetInt32());

        var b = _sdk.CopySamples("another-folder-b");
        r = _sdk.Dotnet(b, Cache(cache), Build);
        Assert.True(r.ExitCode == 0, r.ToString());
        var second = CacheCounters(b);
        Assert.Equal(objects, second.GetProperty("hits").GetInt32());
        Assert.Equal(0, second.GetProperty("misses").GetInt32());
        // No compiler ran in b.
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(b, "artifacts"), "trace.tsv", SearchOption.AllDirectories),
            f => File.ReadAllText(f).Contains("\tcompile\t"));
        AssertSameHexes(Hexes(a), Hexes(b));
        AssertSameHexes(CleanHexes(b), Hexes(b));

        // A local header that differs in the other folder misses for what includes it, and only for that.
        var c = _sdk.CopySamples("changed-header-c");
        File.WriteAllText(Path.Combine(c, "libraries", "MovingAverage", "src", "MovingAverage.h"),
            File.ReadAllText(Path.Combine(c, "libraries", "MovingAverage", "src", "MovingAverage.h")).Replace("class MovingAverage", "/* changed */ class MovingAverage"));
        r = _sdk.Dotnet(c, Cache(cache), Build);
        Assert.True(r.ExitCode == 0, r.ToString());
        var third = CacheCounters(c);
        Assert.InRange(third.GetProperty("misses").GetInt32(), 1, 12); // the objects that include it and the links after them
        Assert.Equal(objects - third.GetProperty("misses").GetInt32(), third.GetProperty("hits").GetInt32());
        AssertSameHexes(CleanHexes(c), Hexes(c));
    }

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void CorruptAndEmptyEntriesAreMissesNeverWrongObjects()
    {
        var cache = _sdk.NewDir("cache-corrupt");
        var dir = _sdk.CopySamples("corrupt");
        Assert.True(_sdk.Dotnet(dir, Cache(cache), Build).ExitCode == 0);
        var entries = Directory.GetFiles(cache, "*.entry", SearchOption.AllDirectories);
        Assert.NotEmpty(entries);
        for (int i = 0; i < entries.Length; i++)
        {
            var bytes = File.ReadAllBytes(entries[i]);
            switch (i % 3)
            {
                case 0: File.WriteAllBytes(entries[i], Array.Empty<byte>()); break;
                case 1: File.WriteAllBytes(entries[i], bytes.Take(bytes.Length / 2).ToArray()); break;
                default: bytes[bytes.Length - 10] ^= 0x5a; File.WriteAllBytes(entries[i], bytes); break;
            }
        }
        Directory.Delete(Path.Combine(dir, "artifacts"), true);
        var r = _sdk.Dotnet(dir, Cache(cache), Build);
        Assert.True(r.ExitCode == 0, r.ToString());
        var counters = CacheCounters(dir);
        Assert.Equal(0, counters.GetProperty("hits").GetInt32());
        Assert.Equal(entries.Length, counters.GetProperty("misses").GetInt32());
        AssertSameHexes(CleanHexes(dir), Hexes(dir));

        // The documented way to see and clear the cache.
        var show = _sdk.Dotnet(dir, Cache(cache), "build", "Sketches.proj", "-t:FBuildCacheShow");
        Assert.True(show.ExitCode == 0, show.ToString());
        // (more than before: LTO objects carry a random section suffix, so recompiled objects give new link keys)
        Assert.Contains($"{Directory.GetFiles(cache, "*.entry", SearchOption.AllDirectories).Length} results, ", show.Output);
        var clear = _sdk.Dotnet(dir, Cache(cache), "build", "Sketches.proj", "-t:FBuildCacheClear");
        Assert.True(clear.ExitCode == 0, clear.ToString());
        Assert.Empty(Directory.GetFiles(cache, "*.entry", SearchOption.AllDirectories));
    }

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void EvictionUnderParallelBuildsKeepsBuildsCorrect()
    {
        var cache = _sdk.NewDir("cache-evict");
        var dirs = new[] { _sdk.CopySamples("evict-1"), _sdk.CopySamples("evict-2"), _sdk.CopySamples("evict-3") };
        // A limit far below one build's results, checked after every compile task: evictions while others read.
        var args = Build.Concat(new[] { "-p:FBuildCacheMaxSize=60K", "-p:FBuildCacheTrimInterval=0" }).ToArray();
        for (int round = 0; round < 2; round++)
        {
            foreach (var d in dirs) { var a = Path.Combine(d, "artifacts"); if (Directory.Exists(a)) Directory.Delete(a, true); }
            var runs = dirs.Select(d => Task.Run(() => _sdk.Dotnet(d, Cache(cache), args))).ToArray();
            Task.WaitAll(runs);
            foreach (var r in runs) Assert.True(r.Result.ExitCode == 0, r.Result.ToString());
        }
        Assert.True(dirs.Sum(d => CacheCounters(d).GetProperty("evictions").GetInt32()) > 0, "nothing was evicted");
        long size = Directory.GetFiles(Path.Combine(cache), "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.True(size < 400_000, $"cache holds {size} bytes");
        var clean = CleanHexes(dirs[0]);
        foreach (var d in dirs) AssertSameHexes(clean, Hexes(d));
    }

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void TimeMacrosAreNotCached()
    {
        var cache = _sdk.NewDir("cache-time");
        var dir = _sdk.NewDir("time");
        _sdk.UseLocalSdk(dir);
        File.WriteAllText(Path.Combine(dir, "Sketches.proj"), "<Project Sdk=\"FBuild.Sdk\" />\n");
        Directory.CreateDirectory(Path.Combine(dir, "Stamp"));
        File.WriteAllText(Path.Combine(dir, "Stamp", "Stamp.ino"), "void setup() { Serial.begin(9600); Serial.println(__TIME__); }\nvoid loop() {}\n");
        File.WriteAllText(Path.Combine(dir, "Stamp", "Stamp.fbproj"), "<Project Sdk=\"FBuild.Sdk\" />\n");
        Assert.True(_sdk.Dotnet(dir, Cache(cache), Build).ExitCode == 0);
        Assert.Equal(1, CacheCounters(dir).GetProperty("uncacheable").GetInt32());
        Directory.Delete(Path.Combine(dir, "artifacts"), true);
        Assert.True(_sdk.Dotnet(dir, Cache(cache), Build).ExitCode == 0);
        var c = CacheCounters(dir);
        Assert.Equal(1, c.GetProperty("uncacheable").GetInt32());
        Assert.Contains("\tcompile\t", File.ReadAllText(Path.Combine(dir, "artifacts", "uno", "sketches", "Stamp", "trace.tsv")));
    }

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void AHeaderEditedWhileItsCompileRunsIsRebuiltAndNotCached()
    {
        var cache = _sdk.NewDir("cache-race");
        var dir = _sdk.NewDir("race");
        _sdk.UseLocalSdk(dir);
        var header = Path.Combine(dir, "Blink", "config.h");
        var marker = Path.Combine(dir, "edit-during-compile");
        var tools = Path.Combine(dir, "toolchain");
        Directory.CreateDirectory(tools);
        foreach (var t in new[] { "avr-gcc", "avr-gcc-ar", "avr-objcopy" })
        {
            File.WriteAllText(Path.Combine(tools, t), $"#!/bin/sh\nexec /usr/bin/{t} \"$@\"\n");
            File.SetUnixFileMode(Path.Combine(tools, t), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        // The C++ compiler edits the header right after reading it (same size, old mtime put back), once.
        File.WriteAllText(Path.Combine(tools, "avr-g++"), $$"""
            #!/bin/sh
            /usr/bin/avr-g++ "$@"; rc=$?
            case "$*" in *Blink.ino.cpp*)
              if [ -f '{{marker}}' ]; then rm -f '{{marker}}'; touch -r '{{header}}' '{{header}}.ref'; sed -i 's/100/250/' '{{header}}'; touch -r '{{header}}.ref' '{{header}}'; fi;;
            esac
            exit $rc
            """.Replace("\r", ""));
        File.SetUnixFileMode(Path.Combine(tools, "avr-g++"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(Path.Combine(dir, "Sketches.proj"), "<Project Sdk=\"FBuild.Sdk\" />\n");
        Directory.CreateDirectory(Path.Combine(dir, "Blink"));
        File.WriteAllText(header, "#define BLINK_MS 100\n");
        File.WriteAllText(Path.Combine(dir, "Blink", "Blink.ino"), "#include \"config.h\"\nvoid setup() { pinMode(13, OUTPUT); }\nvoid loop() { digitalWrite(13, !digitalRead(13)); delay(BLINK_MS); }\n");
        File.WriteAllText(Path.Combine(dir, "Blink", "Blink.fbproj"), "<Project Sdk=\"FBuild.Sdk\" />\n");
        var args = Build.Append("-p:FBuildToolchainPath=" + tools).ToArray();

        File.WriteAllText(marker, "");
        var r = _sdk.Dotnet(dir, Cache(cache), args);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.False(File.Exists(marker), "the compiler wrapper did not run");
        Assert.Contains("250", File.ReadAllText(header));
        Assert.True(CacheCounters(dir).GetProperty("uncacheable").GetInt32() >= 1);

        // The object was built from the old header: the next build must compile again, and match a clean build.
        r = _sdk.Dotnet(dir, Cache(cache), args);
        Assert.True(r.ExitCode == 0, r.ToString());
        var sketchTrace = File.ReadAllLines(Path.Combine(dir, "artifacts", "uno", "sketches", "Blink", "trace.tsv"));
        Assert.Equal(2, sketchTrace.Count(l => l.Contains("\tcompile\t") && l.EndsWith("Blink.ino.cpp")));
        AssertSameHexes(CleanHexes(dir), Hexes(dir));
    }
}
