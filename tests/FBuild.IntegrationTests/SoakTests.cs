using System.Diagnostics;
using System.Text.Json;

namespace FBuild.IntegrationTests;

/// <summary>
/// Many builds at once with faults (issue 13): separate trees sharing one compile cache with a small size limit (so
/// eviction runs during the builds), seeded random edits between rounds, and builds killed with SIGKILL (the whole
/// process group: dotnet, its MSBuild nodes and the compilers) at random moments. After every round, each tree's
/// firmware must equal a clean build of the same sources byte for byte, and no build may fail but a killed one.
/// FBUILD_SOAK_ROUNDS (default 1) makes it longer; FBUILD_SOAK_SEED repeats a run (a failure names its seed).
/// </summary>
[Collection("sdk")]
public sealed class SoakTests
{
    private readonly SdkFixture _sdk;
    public SoakTests(SdkFixture sdk) => _sdk = sdk;

    private const int Trees = 4;
    /// <summary>The sources a tree can have: Blinker's delay and Counter's step (an edit changes the sketch, or the library too).</summary>
    private static readonly (int Delay, int Step)[] Variants = { (100, 1), (250, 1), (250, 2) };

    /// <summary>The sources of a tree whose Blinker waits <paramref name="delay"/> ms and whose Counter library adds <paramref name="step"/>.</summary>
    private static (string Path, string Text)[] Sources(int delay, int step) => new[]
    {
        ("Sketches.proj", "<Project Sdk=\"FBuild.Sdk\" />\n"),
        ("Blinker/Blinker.fbproj", "<Project Sdk=\"FBuild.Sdk\" />\n"),
        ("Blinker/Blinker.ino", $"#include <Counter.h>\nvoid setup() {{ pinMode(13, OUTPUT); Serial.begin(9600); }}\nvoid loop() {{ digitalWrite(13, HIGH); delay({delay}); digitalWrite(13, LOW); delay({delay}); Serial.println(count()); }}\n"),
        ("Plain/Plain.fbproj", "<Project Sdk=\"FBuild.Sdk\" />\n"),
        ("Plain/Plain.ino", "void setup() { Serial.begin(9600); }\nvoid loop() { Serial.println(analogRead(A0)); delay(10); }\n"),
        ("libraries/Counter/Counter.h", "int count();\n"),
        ("libraries/Counter/Counter.cpp", $"#include \"Counter.h\"\nstatic int n;\nint count() {{ return n += {step}; }}\n"),
    };

    private static void Write(string dir, (string Path, string Text)[] files)
    {
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(dir, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            if (!File.Exists(full) || File.ReadAllText(full) != text) File.WriteAllText(full, text);
        }
    }

    private static readonly string[] Firmware = { "Blinker/Blinker.ino.hex", "Blinker/Blinker.ino.eep", "Plain/Plain.ino.hex", "Plain/Plain.ino.eep" };

    private static Dictionary<string, byte[]> FirmwareOf(string dir) =>
        Firmware.ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(dir, "artifacts", "uno", "sketches", f)));

    /// <summary>A dotnet build started in its own session (its process group holds every process it starts), output to a file.</summary>
    private sealed class Build
    {
        public Build(Process process, string log) { Process = process; Log = log; }
        public Process Process { get; }
        public string Log { get; }
        public bool Killed { get; set; }

        /// <summary>SIGKILL to the whole process group (pgid = the session leader's pid).</summary>
        public void KillGroup()
        {
            Proc.Run("kill", new[] { "-KILL", "--", "-" + Process.Id }, "/");
            Killed = true;
        }

        /// <summary>Whether any process of the group is left.</summary>
        public bool GroupAlive() => Proc.Run("pgrep", new[] { "-g", Process.Id.ToString() }, "/").ExitCode == 0;
    }

    private Build Start(string dir, string cacheDir, string log, params string[] extra)
    {
        var psi = new ProcessStartInfo("bash") { WorkingDirectory = dir, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("exec setsid dotnet \"$@\" > \"$LOG\" 2>&1 < /dev/null");
        psi.ArgumentList.Add("bash");
        foreach (var a in new[] { "build", "Sketches.proj", "-p:Board=uno" }.Concat(extra)) psi.ArgumentList.Add(a);
        psi.Environment["LOG"] = log;
        psi.Environment["NUGET_PACKAGES"] = _sdk.NuGetPackages;
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        psi.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        psi.Environment["TERM"] = "dumb";
        psi.Environment["FBUILD_CACHE_DIR"] = cacheDir;
        return new Build(Process.Start(psi)!, log);
    }

    private static string Env(string name, string fallback) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : fallback;

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath, "/usr/bin/setsid", "/usr/bin/pgrep")]
    public void ParallelBuildsWithKillsAndEvictionStayCorrect()
    {
        int rounds = int.Parse(Env("FBUILD_SOAK_ROUNDS", "1"));
        int seed = int.Parse(Env("FBUILD_SOAK_SEED", Random.Shared.Next(1, 1_000_000).ToString()));
        var rng = new Random(seed);
        string Seed() => $" (seed {seed}; repeat with FBUILD_SOAK_SEED={seed})";
        var root = _sdk.NewDir("soak");
        var sharedCache = Path.Combine(root, "shared-cache");
        var referenceCache = Path.Combine(root, "reference-cache");
        // A small limit and no interval: every compile step that stores also trims, so entries are evicted while others read them.
        string[] soakProps = { "-p:FBuildCacheMaxSize=48K", "-p:FBuildCacheTrimInterval=0" };

        // Clean builds of each variant in fresh trees with their own cache (built only by clean, unkilled builds): the
        // first alone (it fills that cache with the core), the others at once.
        var references = new Dictionary<(int, int), Dictionary<string, byte[]>>();
        (string Dir, Build Build) StartReference((int Delay, int Step) v)
        {
            var dir = Path.Combine(root, $"reference-{v.Delay}-{v.Step}");
            Directory.CreateDirectory(dir);
            Write(dir, Sources(v.Delay, v.Step));
            _sdk.UseLocalSdk(dir);
            return (dir, Start(dir, referenceCache, dir + ".log"));
        }
        void Finish((int, int) v, (string Dir, Build Build) r)
        {
            Assert.True(r.Build.Process.WaitForExit(600_000) && r.Build.Process.ExitCode == 0, "reference build failed" + Seed() + "\n" + File.ReadAllText(r.Build.Log));
            references[v] = FirmwareOf(r.Dir);
        }
        Finish(Variants[0], StartReference(Variants[0]));
        foreach (var (v, r) in Variants.Skip(1).Select(v => (v, StartReference(v))).ToList()) Finish(v, r);

        var trees = Enumerable.Range(0, Trees).Select(i => Path.Combine(root, "tree" + i)).ToArray();
        var state = new (int Delay, int Step)[Trees];
        for (int t = 0; t < Trees; t++)
        {
            Directory.CreateDirectory(trees[t]);
            state[t] = Variants[rng.Next(Variants.Length)];
            Write(trees[t], Sources(state[t].Delay, state[t].Step));
            _sdk.UseLocalSdk(trees[t]);
        }

        var running = new List<Build>();
        long evictions = 0;
        int kills = 0;
        try
        {
            for (int round = 0; round < rounds; round++)
            {
                if (round > 0)
                    for (int t = 0; t < Trees; t++)
                        if (rng.Next(3) > 0)
                        {
                            state[t] = Variants[rng.Next(Variants.Length)];
                            Write(trees[t], Sources(state[t].Delay, state[t].Step));
                        }
                var builds = Enumerable.Range(0, Trees)
                    .Select(t => Start(trees[t], sharedCache, Path.Combine(root, $"round{round}-tree{t}.log"), soakProps)).ToArray();
                running.AddRange(builds);
                // Half the trees (at least one) are killed, each at a random moment of its build.
                var killAt = Enumerable.Range(0, Trees).Select(t => rng.Next(2) == 0 || t == round % Trees ? rng.Next(500, 9000) : -1).ToArray();
                var watch = Stopwatch.StartNew();
                foreach (var t in Enumerable.Range(0, Trees).Where(t => killAt[t] >= 0).OrderBy(t => killAt[t]))
                {
                    var wait = killAt[t] - (int)watch.ElapsedMilliseconds;
                    if (wait > 0) Thread.Sleep(wait);
                    if (!builds[t].Process.HasExited) { builds[t].KillGroup(); kills++; }
                }
                foreach (var b in builds) Assert.True(b.Process.WaitForExit(600_000), "a build did not finish in 10 minutes" + Seed());
                for (int t = 0; t < Trees; t++)
                {
                    var b = builds[t];
                    if (b.Killed)
                    {
                        // SIGKILL is delivered and the dead reaped asynchronously: on a loaded machine that takes a moment.
                        var gone = Stopwatch.StartNew();
                        while (b.GroupAlive() && gone.ElapsedMilliseconds < 15_000) Thread.Sleep(100);
                        Assert.False(b.GroupAlive(), $"processes of killed build {b.Log} survived 15 s: " +
                            Proc.Run("ps", new[] { "-o", "pid,stat,etime,args", "--sid", b.Process.Id.ToString() }, "/").StdOut + Seed());
                        continue;
                    }
                    Assert.True(b.Process.ExitCode == 0, $"round {round}, tree {t}: the build failed" + Seed() + "\n" + File.ReadAllText(b.Log));
                }
                // Each killed tree is built again (all at once, still sharing the cache): it must succeed.
                var again = Enumerable.Range(0, Trees).Where(t => builds[t].Killed)
                    .Select(t => (t, Start(trees[t], sharedCache, Path.Combine(root, $"round{round}-tree{t}-again.log"), soakProps))).ToList();
                running.AddRange(again.Select(a => a.Item2));
                foreach (var (t, b) in again)
                {
                    Assert.True(b.Process.WaitForExit(600_000), "a build did not finish in 10 minutes" + Seed());
                    Assert.True(b.Process.ExitCode == 0, $"round {round}, tree {t}: the build after the kill failed" + Seed() + "\n" + File.ReadAllText(b.Log));
                }
                // Every tree: results consistent with the build, firmware identical to a clean build of its sources.
                for (int t = 0; t < Trees; t++)
                {
                    var report = new BuildReport(trees[t], "uno");
                    foreach (var sketch in new[] { "Blinker", "Plain" })
                    {
                        Assert.True(report.Status(sketch) == "ok", $"round {round}, tree {t}: {sketch} is '{report.Status(sketch)}'" + Seed());
                        Assert.Equal(Path.Combine(trees[t], "artifacts", "uno", "sketches", sketch, sketch + ".ino.hex"), report.Sketch(sketch).GetProperty("hex").GetString());
                    }
                    evictions += Directory.GetFiles(Path.Combine(trees[t], "artifacts", "uno"), "result.json", SearchOption.AllDirectories)
                        .Sum(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.TryGetProperty("cache", out var c) && c.TryGetProperty("evictions", out var e) ? e.GetInt64() : 0);
                    var expected = references[state[t]];
                    var actual = FirmwareOf(trees[t]);
                    foreach (var f in Firmware)
                        Assert.True(expected[f].AsSpan().SequenceEqual(actual[f]), $"round {round}, tree {t} ({state[t]}): {f} differs from a clean build" + Seed());
                }
            }
        }
        finally
        {
            foreach (var b in running.Where(b => !b.Process.HasExited)) b.KillGroup();
        }
        Assert.True(kills > 0, "no build was killed (all finished first)" + Seed());
        Assert.True(evictions > 0, "the cache evicted nothing: the size limit did not bite" + Seed());
    }
}
