using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace FBuild.IntegrationTests;

/// <summary>
/// The randomized differential test: a seeded random sequence of edits to a small sketch set (values in sketches,
/// tabs, local and library headers; backdated and same-size edits; older versions restored with their old mtime;
/// files and library includes added and removed; a header that shadows a library's; a define; a function signature
/// moved in and out of #ifdef/#else blocks and its define toggled in the sketch and in Directory.Build.props; the board
/// and its options), an incremental build after each with MSBuild node reuse on and the compile cache in use, and
/// every .hex compared byte for byte with a clean build of the same tree without the cache. The sketches an edit does
/// not touch take the up-to-date fast path (FBuildSketchUpToDate, counted from their build.log); every 25th step is
/// followed by a no-op build, which must take the sketch-set fast path (FBuildTraversalFastPath: nothing built), also
/// after a build with failed sketches (their recorded failures replayed).
/// FBUILD_DIFF_SEED and FBUILD_DIFF_STEPS choose another seed or a longer run.
/// </summary>
[Collection("sdk")]
public sealed class DifferentialTests
{
    private readonly SdkFixture _sdk;
    public DifferentialTests(SdkFixture sdk) => _sdk = sdk;

    private const string Tab = "struct FbTab { FbTab() { GPIOR0 = 0x5a; } } fbTab;\n";
    private const string More = "struct FbMore { FbMore() { GPIOR1 = 0x33; } } fbMore;\n";
    private const string Shadow = "#pragma once\n#define KNOB_GAIN 7\ninline int knob(int x) { return x * KNOB_GAIN; }\n";
    private const string CPlain = "#define C_VAL 1\nvoid setup() { Serial.begin(9600); Serial.println(C_VAL); }\nvoid loop() {}\n";
    private const string CWithLib = "#include <Extra.h>\n#define C_VAL 1\nvoid setup() { Serial.begin(9600); Serial.println(extra(C_VAL)); }\nvoid loop() {}\n";

    private static readonly (string File, string Name)[] Values =
    {
        ("A/cfg.h", "A_VAL"), ("A/tab.ino", "TAB_VAL"), ("libraries/Knob/src/Knob.h", "KNOB_GAIN"),
        ("B/src/helper.h", "B_VAL"), ("C/C.ino", "C_VAL"), ("libraries/Extra/Extra.h", "EXTRA_BIAS"), ("D/D.ino", "D_VAL"),
    };

    // Sketch D calls d() before defining it; its signature moves in and out of conditional blocks (the prototype must
    // follow), and sizeof(d()) puts the active branch into the firmware.
    private const string DUse = "void setup() { Serial.begin(9600); Serial.println(d()); }\nvoid loop() {}\n";
    private const string DWideInSketch = "#define D_WIDE 1\n";

    private static readonly string[] DVariants =
    {
        "#ifdef D_WIDE\nint16_t d()\n#else\nint8_t d()\n#endif\n{ return D_VAL * sizeof(d()); }\n",
        "int8_t d() { return D_VAL * sizeof(d()); }\n",
        "#ifdef D_WIDE\nint16_t d() { return D_VAL * 2; }\n#else\nint8_t d() { return D_VAL; }\n#endif\n",
        "#if defined(D_WIDE)\nlong\n#elif D_VAL > 2\nshort\n#else\nint\n#endif\nd() { return D_VAL * sizeof(d()); }\n",
    };

    private static string DSketch(int value, bool wideInSketch, int variant) =>
        "#define D_VAL " + value + "\n" + DUse + (wideInSketch ? DWideInSketch : "") + DVariants[variant];

    private static readonly (string Board, string Options)[] Boards = { ("uno", ""), ("nano", "cpu=atmega328"), ("nano", "cpu=atmega168") };

    private static void Write(string root, string rel, string text)
    {
        var path = Path.Combine(root, rel);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static void CreateTree(string root)
    {
        Write(root, "Sketches.proj", "<Project Sdk=\"FBuild.Sdk\" />\n");
        Write(root, "Directory.Build.props", Props(1));
        Write(root, "libraries/Knob/library.properties", "name=Knob\nversion=1.0.0\narchitectures=*\n");
        Write(root, "libraries/Knob/src/Knob.h", "#pragma once\n#define KNOB_GAIN 1\nint knob(int x);\n");
        Write(root, "libraries/Knob/src/Knob.cpp", "#include \"Knob.h\"\nint knob(int x) { return x * KNOB_GAIN + FB_EXTRA; }\n");
        Write(root, "libraries/Extra/Extra.h", "#pragma once\n#define EXTRA_BIAS 1\nint extra(int x);\n");
        Write(root, "libraries/Extra/Extra.cpp", "#include \"Extra.h\"\nint extra(int x) { return x + EXTRA_BIAS; }\n");
        Write(root, "A/A.fbproj", "<Project Sdk=\"FBuild.Sdk\" />\n");
        Write(root, "A/A.ino", "#include \"Knob.h\"\n#include \"cfg.h\"\nvoid setup() { Serial.begin(9600); Serial.println(knob(A_VAL)); Serial.println(KNOB_GAIN); tab(); }\nvoid loop() {}\n");
        Write(root, "A/tab.ino", "#define TAB_VAL 1\nvoid tab() { Serial.println(A_VAL + TAB_VAL); }\n");
        Write(root, "A/cfg.h", "#define A_VAL 1\n");
        Write(root, "B/B.fbproj", "<Project Sdk=\"FBuild.Sdk\" />\n");
        Write(root, "B/B.ino", "#include \"src/helper.h\"\nvoid setup() { Serial.begin(9600); Serial.println(helper()); }\nvoid loop() {}\n");
        Write(root, "B/src/helper.h", "#define B_VAL 1\nint helper();\n");
        Write(root, "B/src/helper.cpp", "#include \"helper.h\"\n#include <Knob.h>\nint helper() { return knob(B_VAL); }\n");
        Write(root, "C/C.fbproj", "<Project Sdk=\"FBuild.Sdk\" />\n");
        Write(root, "C/C.ino", CPlain);
        Write(root, "D/D.fbproj", "<Project Sdk=\"FBuild.Sdk\" />\n");
        Write(root, "D/D.ino", DSketch(1, false, 0));
    }

    private static string Props(int extra, bool wide = false) =>
        "<Project>\n  <ItemGroup>\n    <FBuildPlatformProperty Include=\"build.extra_flags\" Value=\"-DFB_EXTRA=" + extra + (wide ? " -DD_WIDE" : "") + "\" />\n  </ItemGroup>\n</Project>\n";

    /// <summary>Applies one random edit; returns what it did.</summary>
    private static string Edit(string root, Random rng, Dictionary<string, List<(string Text, DateTime Mtime)>> history, ref int board)
    {
        int kind = rng.Next(100);
        if (kind < 55)
        {
            var (file, name) = Values[rng.Next(Values.Length)];
            var path = Path.Combine(root, file);
            if (!File.Exists(path)) return "skip";
            var text = File.ReadAllText(path);
            var old = File.GetLastWriteTimeUtc(path);
            if (!history.TryGetValue(file, out var h)) history[file] = h = new List<(string, DateTime)>();
            h.Add((text, old));
            int mode = rng.Next(4);
            if (mode == 3 && h.Count > 1)
            {
                // An older version comes back with its old mtime (git checkout of an old blob, cp -p of a backup).
                var (t, m) = h[rng.Next(h.Count - 1)];
                File.WriteAllText(path, t);
                File.SetLastWriteTimeUtc(path, m);
                return $"restore an older {file} with its mtime";
            }
            int value = rng.Next(1, 5);
            var edited = System.Text.RegularExpressions.Regex.Replace(text, "#define " + name + " \\d", "#define " + name + " " + value);
            File.WriteAllText(path, edited);
            if (mode == 1) File.SetLastWriteTimeUtc(path, old); // same size, same mtime: only ctime and content tell
            return $"{name}={value} in {file}{(mode == 1 ? " (mtime kept)" : "")}";
        }
        string Toggle(string rel, string content)
        {
            var p = Path.Combine(root, rel);
            if (File.Exists(p)) { File.Delete(p); return "remove " + rel; }
            Write(root, rel, content);
            return "add " + rel;
        }
        switch (kind)
        {
            case < 61: return Toggle("A/extra.ino", Tab);
            case < 67: return Toggle("B/src/more.cpp", More);
            case < 73: return Toggle("A/Knob.h", Shadow);
            case < 79:
            {
                var c = Path.Combine(root, "C/C.ino");
                bool withLib = File.ReadAllText(c).Contains("Extra.h");
                var value = System.Text.RegularExpressions.Regex.Match(File.ReadAllText(c), "C_VAL (\\d)").Groups[1].Value;
                File.WriteAllText(c, (withLib ? CPlain : CWithLib).Replace("C_VAL 1", "C_VAL " + value));
                return withLib ? "C drops the Extra library" : "C includes the Extra library";
            }
            case < 86:
            case < 90:
            {
                var d = Path.Combine(root, "D/D.ino");
                var text = File.ReadAllText(d);
                int value = int.Parse(System.Text.RegularExpressions.Regex.Match(text, "D_VAL (\\d)").Groups[1].Value);
                bool wide = text.Contains(DWideInSketch);
                int variant = Math.Max(0, Array.FindIndex(DVariants, v => text.EndsWith(v, StringComparison.Ordinal)));
                if (kind < 86)
                {
                    variant = (variant + 1 + rng.Next(DVariants.Length - 1)) % DVariants.Length;
                    File.WriteAllText(d, DSketch(value, wide, variant));
                    return $"D's signature takes form {variant}";
                }
                File.WriteAllText(d, DSketch(value, !wide, variant));
                return wide ? "D drops its #define D_WIDE" : "D gets #define D_WIDE after loop()";
            }
            case < 95:
            {
                var props = File.ReadAllText(Path.Combine(root, "Directory.Build.props"));
                int extra = int.Parse(System.Text.RegularExpressions.Regex.Match(props, "FB_EXTRA=(\\d)").Groups[1].Value);
                bool wide = props.Contains("-DD_WIDE");
                if (rng.Next(2) == 0) wide = !wide; else extra = rng.Next(1, 4);
                File.WriteAllText(Path.Combine(root, "Directory.Build.props"), Props(extra, wide));
                return $"define FB_EXTRA={extra}{(wide ? " and D_WIDE" : "")} in Directory.Build.props";
            }
            default:
                board = (board + 1 + rng.Next(Boards.Length - 1)) % Boards.Length;
                return $"board {Boards[board].Board} {Boards[board].Options}";
        }
    }

    private static string[] Args((string Board, string Options) b, params string[] more) =>
        new[] { "build", "Sketches.proj", "-p:Board=" + b.Board, "-p:FBuildBoardOptions=" + b.Options, "-m:2" }.Concat(more).ToArray();

    /// <summary>Per sketch: "failed", or the hex file's SHA-256.</summary>
    private static Dictionary<string, string> Outcome(string root)
    {
        var boardDir = Directory.GetDirectories(Path.Combine(root, "artifacts"))
            .Where(d => File.Exists(Path.Combine(d, "results.json")))
            .OrderByDescending(d => File.GetLastWriteTimeUtc(Path.Combine(d, "results.json"))).First();
        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(boardDir, "results.json"))).RootElement;
        var result = new Dictionary<string, string>();
        foreach (var s in json.GetProperty("sketches").EnumerateArray())
        {
            var name = s.GetProperty("name").GetString()!;
            result[name] = s.GetProperty("status").GetString() == "ok"
                ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(s.GetProperty("hex").GetString()!)))
                : "failed";
        }
        return result;
    }

    /// <summary>The sketches (by folder) whose build.log, written since <paramref name="sinceUtc"/>, says the fast path was taken.</summary>
    private static HashSet<string> FastPathSketches(string root, DateTime sinceUtc) =>
        Directory.GetFiles(Path.Combine(root, "artifacts"), "build.log", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(Path.GetDirectoryName(f)!) != "framework" && File.GetLastWriteTimeUtc(f) >= sinceUtc)
            .Where(f => File.ReadAllText(f).Contains(FastPathLine))
            .Select(f => Path.GetFileName(Path.GetDirectoryName(f)!)).ToHashSet();

    /// <summary>FBuildCheckTraversalUpToDate's message when nothing is built.</summary>
    private const string TraversalHit = "FBuild: the sketch set is up to date (traversal record";

    /// <summary>FBuildCheckSketchUpToDate.FastPathLogLine.</summary>
    private const string FastPathLine = "# up to date: every build record of the sketch checked at once";

    private static string TreeKey(string root, int board)
    {
        var sb = new StringBuilder(Boards[board].ToString());
        foreach (var f in Directory.GetFiles(root, "*", SearchOption.AllDirectories)
                     .Where(f => !Path.GetRelativePath(root, f).StartsWith("artifacts")).OrderBy(f => f, StringComparer.Ordinal))
            sb.Append(Path.GetRelativePath(root, f)).Append('\0').Append(File.ReadAllText(f)).Append('\0');
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void RandomEditsBuildIncrementallyExactlyAsCleanBuilds()
    {
        int seed = int.TryParse(Environment.GetEnvironmentVariable("FBUILD_DIFF_SEED"), out var s) ? s : 20261123;
        int steps = int.TryParse(Environment.GetEnvironmentVariable("FBUILD_DIFF_STEPS"), out var n) ? n : 200;
        var rng = new Random(seed);
        var root = _sdk.NewDir("diff");
        var reference = _sdk.NewDir("diff-ref");
        _sdk.UseLocalSdk(root);
        CreateTree(root);
        // The reference builds compile through ccache when it is installed: an independent cache, so the many
        // clean builds stay cheap without trusting FBuild's own cache or build records.
        var refTools = Path.Combine(_sdk.WorkRoot, "diff-ref-tools");
        Directory.CreateDirectory(refTools);
        bool ccache = File.Exists("/usr/bin/ccache");
        foreach (var t in new[] { "avr-gcc", "avr-g++", "avr-gcc-ar", "avr-objcopy" })
        {
            var wrapped = ccache && (t == "avr-gcc" || t == "avr-g++") ? "/usr/bin/ccache /usr/bin/" + t : "/usr/bin/" + t;
            File.WriteAllText(Path.Combine(refTools, t), $"#!/bin/sh\nexec {wrapped} \"$@\"\n");
            File.SetUnixFileMode(Path.Combine(refTools, t), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var referenceEnv = new Dictionary<string, string?> { ["CCACHE_DIR"] = Path.Combine(_sdk.WorkRoot, "diff-ccache"), ["CCACHE_BASEDIR"] = null };
        // Node reuse on for the incremental builds (the environment here turns it off): nodes and their static state live on.
        var incremental = new Dictionary<string, string?> { ["MSBUILDDISABLENODEREUSE"] = null, ["FBUILD_CACHE_DIR"] = Path.Combine(_sdk.WorkRoot, "diff-cache") };
        var history = new Dictionary<string, List<(string, DateTime)>>();
        var snapshots = new Dictionary<string, (string Dir, int Board)>(); // tree key -> its clean copy
        var known = new Dictionary<string, Dictionary<string, string>>();  // tree key -> clean outcome
        var pending = new List<(int Step, string What, string Key, Dictionary<string, string> Got, string Output)>();
        var log = new List<string>();
        int board = 0;
        var incrementalTime = new System.Diagnostics.Stopwatch();
        int fastPaths = 0, noOpChecks = 0, lateFastPaths = 0, failedNoOps = 0;
        var referenceTime = new System.Diagnostics.Stopwatch();

        // Clean builds of every new tree state, many per MSBuild run, without the cache and without reused nodes.
        void CheckPending()
        {
            var fresh = snapshots.Where(kv => !known.ContainsKey(kv.Key)).ToList();
            if (fresh.Count > 0)
            {
                var items = string.Concat(fresh.Select(kv =>
                    $"    <Snapshot Include=\"{kv.Value.Dir}/Sketches.proj\" AdditionalProperties=\"Board={Boards[kv.Value.Board].Board};FBuildBoardOptions={Boards[kv.Value.Board].Options}\" />\n"));
                File.WriteAllText(Path.Combine(reference, "batch.proj"),
                    "<Project>\n  <ItemGroup>\n" + items + "  </ItemGroup>\n  <Target Name=\"Build\">\n" +
                    "    <MSBuild Projects=\"@(Snapshot)\" Properties=\"FBuildCache=false;FBuildToolchainPath=" + refTools + "\" BuildInParallel=\"true\" ContinueOnError=\"true\" />\n" +
                    "  </Target>\n</Project>\n");
                referenceTime.Start();
                _sdk.Dotnet(reference, referenceEnv, "build", "batch.proj", "-m:2", "-nr:false", "--no-restore");
                referenceTime.Stop();
                foreach (var kv in fresh) known[kv.Key] = Outcome(kv.Value.Dir);
            }
            foreach (var p in pending)
                foreach (var (sketch, hex) in known[p.Key])
                {
                    // Every form of D's signature, with or without D_WIDE, has its prototype: D always builds.
                    Assert.True(sketch != "D" || hex != "failed", $"seed {seed}, step {p.Step} ({p.What}): D failed in a clean build.\n{p.Output}");
                    Assert.True(p.Got.TryGetValue(sketch, out var g) && g == hex,
                        $"seed {seed}, step {p.Step} ({p.What}): sketch {sketch} is {(g ?? "missing")} after the incremental build, {hex} after a clean build.\n" +
                        $"Edits up to it:\n  {string.Join("\n  ", log.Take(p.Step + 1).TakeLast(10))}\nIncremental build output:\n{p.Output}");
                }
            pending.Clear();
        }

        try
        {
            for (int step = 0; step <= steps; step++)
            {
                var what = step == 0 ? "first build" : Edit(root, rng, history, ref board);
                log.Add($"{step}: {what}");
                var started = DateTime.UtcNow.AddSeconds(-1);
                incrementalTime.Start();
                var r = _sdk.DotnetToFile(root, incremental, Args(Boards[board], "-nr:true", "--no-restore"));
                incrementalTime.Stop();
                fastPaths += FastPathSketches(root, started).Count;
                if (step > 0 && step % 25 == 0)
                {
                    // A no-op right after: nothing is built (the sketch-set fast path, failures replayed); the outcome stays.
                    var before = Outcome(root);
                    bool allBuilt = r.ExitCode == 0 && before.All(kv => kv.Value != "failed");
                    started = DateTime.UtcNow.AddSeconds(-1);
                    var again = _sdk.DotnetToFile(root, incremental, Args(Boards[board], "-nr:true", "--no-restore", "-v:n"));
                    var fast = FastPathSketches(root, started);
                    Assert.Equal(before, Outcome(root));
                    bool NoOpTaken(RunResult b) => b.Output.Contains(TraversalHit) && fast.Count == 0 && (b.ExitCode == 0) == allBuilt;
                    // A record not written in that no-op because a stamp was too close to its edit to be conclusive
                    // (FileStamp.IsRacyAt: 2 s; a resolution record, and then the traversal record, are not written) may
                    // leave the chain to run again. Once the edit is older than that margin, one no-op writes every record
                    // and the next must take the fast path (counted, and printed at the end).
                    for (int retry = 0; retry < 2 && !NoOpTaken(again); retry++)
                    {
                        // (and the logs the no-op before wrote must be older than `started`, which allows 1 s for file times)
                        Thread.Sleep(retry == 0 ? 2500 : 1200);
                        started = DateTime.UtcNow.AddSeconds(-1);
                        again = _sdk.DotnetToFile(root, incremental, Args(Boards[board], "-nr:true", "--no-restore", "-v:n"));
                        fast = FastPathSketches(root, started);
                        Assert.Equal(before, Outcome(root));
                        lateFastPaths++;
                    }
                    Assert.True(NoOpTaken(again), $"seed {seed}, step {step} ({what}): no-op (after two retries) did not take the sketch-set fast path" +
                        (allBuilt ? "" : " (or did not fail again, as the build with failures before it)") + $".\n{again.Output}");
                    noOpChecks++;
                    if (!allBuilt) failedNoOps++;
                }
                var key = TreeKey(root, board);
                if (!snapshots.ContainsKey(key))
                {
                    var copy = Path.Combine(reference, "s" + step);
                    Directory.CreateDirectory(copy);
                    SdkFixture.CopyDirectory(root, copy);
                    snapshots[key] = (copy, board);
                }
                pending.Add((step, what, key, Outcome(root), r.Output));
                if (pending.Count >= 50) CheckPending();
            }
            CheckPending();
        }
        finally
        {
            _sdk.DotnetToFile(root, incremental, "build-server", "shutdown", "--msbuild");
        }
        // Most edits touch one sketch of four: the others must have taken the fast path (and matched the clean builds above).
        Assert.True(fastPaths >= steps, $"seed {seed}: the fast path was taken {fastPaths} times in {steps} steps");
        Assert.Equal(steps / 25, noOpChecks);
        int referenceBuilds = snapshots.Count;
        Console.WriteLine($"differential test: seed {seed}, {steps} edits, {referenceBuilds} reference builds, {fastPaths} fast paths, {noOpChecks} no-op checks ({failedNoOps} after failures, replayed; {lateFastPaths} retried no-ops after a stamp too close to its edit); incremental builds {incrementalTime.Elapsed.TotalSeconds:0.0} s, reference builds {referenceTime.Elapsed.TotalSeconds:0.0} s");
    }
}
