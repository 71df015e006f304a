using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FBuild.IntegrationTests;

/// <summary>
/// The Arduino data folder with ArduinoCore-samd 1.8.14 and CMSIS (shared/arduino15 beside the clone, or beside one
/// of its ancestors; FBUILD_ARDUINO15 names another), built with Debian's arm-none-eabi-gcc 12 from /usr.
/// </summary>
public static class Samd
{
    public static string? DataDirectory { get; } = Find();
    public const string PlatformRelative = "packages/arduino/hardware/samd/1.8.14";
    public const string Fqbn = "arduino:samd:arduino_zero_native";
    public const string Compiler = "/usr/bin/arm-none-eabi-g++";
    public static string Platform => Path.Combine(DataDirectory!, PlatformRelative);

    /// <summary>The properties every SAMD build here passes: the data folder and the compiler's folder (runtime.tools).</summary>
    public static string[] BuildProperties => new[]
    {
        "-p:FBuildArduinoDataDirectory=" + DataDirectory,
        "-p:FBuildToolPaths=arm-none-eabi-gcc-7-2017q4=/usr",
    };

    private static string? Find()
    {
        var env = Environment.GetEnvironmentVariable("FBUILD_ARDUINO15");
        if (!string.IsNullOrEmpty(env)) return Directory.Exists(env) ? env : null;
        for (var dir = new DirectoryInfo(Repo.Root); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "arduino15");
            if (File.Exists(Path.Combine(candidate, PlatformRelative, "platform.txt"))) return Path.GetFullPath(candidate);
        }
        return null;
    }
}

/// <summary>Skips a test when the SAMD data folder or the ARM compiler (or another tool) is not installed.</summary>
public sealed class RequiresSamdFactAttribute : FactAttribute
{
    public RequiresSamdFactAttribute(params string[] paths)
    {
        var missing = new[] { Samd.Compiler }.Concat(paths).Where(p => !File.Exists(p) && !Directory.Exists(p)).ToList();
        if (Samd.DataDirectory is null) missing.Add("shared/arduino15 (the SAMD data folder)");
        if (missing.Count > 0) Skip = "not installed: " + string.Join(", ", missing);
    }
}

/// <summary>Arduino's examples and the SAMD core's library examples, built for the Zero once per test run.</summary>
public static class SamdExamplesBuild
{
    public static readonly string[] UnsupportedLibraries = { "SAMD_BootloaderUpdater", "SBU", "SFU", "SNU", "SSU" };

    private static Lazy<(string Dir, RunResult Result, TimeSpan Time)>? _build;

    public static (string Dir, RunResult Result, TimeSpan Time) Get(SdkFixture sdk)
    {
        Interlocked.CompareExchange(ref _build, new Lazy<(string, RunResult, TimeSpan)>(() =>
        {
            var dir = sdk.NewDir("samd-examples");
            var make = Proc.Run("bash", new[] { Path.Combine(Repo.Eng, "examples-corpus.sh"), dir }, Repo.Root,
                new Dictionary<string, string?> { ["ARDUINO_LIBRARIES"] = Path.Combine(Samd.Platform, "libraries") });
            Assert.True(make.ExitCode == 0, make.ToString());
            // These libraries stop with #error "Unsupported board!" on the Zero (they are for MKR boards), and FBuild's
            // framework compiles every library the sketch set includes, so their failure would fail every sketch;
            // arduino-builder fails only their own examples (all "failed" in the reference).
            foreach (var lib in UnsupportedLibraries) Directory.Delete(Path.Combine(dir, "lib", lib), true);
            var clock = Stopwatch.StartNew();
            var r = sdk.Dotnet(dir, new[] { "build", "Sketches.proj", "-p:Board=" + Samd.Fqbn }.Concat(Samd.BuildProperties).ToArray());
            return (dir, r, clock.Elapsed);
        }), null);
        return _build.Value;
    }
}

/// <summary>
/// A second architecture: the SAMD core from an Arduino data folder, with the compiler named by FBuildToolPaths.
/// Firmware byte-identical to arduino-builder's (.bin and .hex), every board of its boards.txt, the FB0140 error.
/// </summary>
[Collection("sdk")]
public sealed class SamdTests(SdkFixture sdk)
{
    [RequiresSamdFact("/usr/share/doc/arduino/examples")]
    public void AllExamplesArduinoBuilderBuildsForTheZeroHaveTheReferenceSizesBinAndHex()
    {
        var (dir, _, time) = SamdExamplesBuild.Get(sdk);
        Console.WriteLine($"SAMD examples: one build in {time.TotalSeconds:0.0} s");
        var report = new BuildReport(dir, "arduino_zero_native");
        var reference = Path.Combine(Repo.Eng, "reference", "arduino-builder-arduino_zero_native.tsv");
        var rows = File.ReadAllLines(reference).Skip(1).Select(l => l.Split('\t')).ToList();
        var left = rows.Where(r => SamdExamplesBuild.UnsupportedLibraries.Any(l => r[0].StartsWith("lib/" + l + "/"))).ToList();
        Assert.All(left, r => Assert.Equal("failed", r[1]));
        Assert.Equal(rows.Count - left.Count, report.Sketches.Count());
        var ok = rows.Count(r => r[1] == "ok");
        Assert.True(ok >= 70, $"the reference has only {ok} sketches arduino-builder built");
        var cmp = Proc.Run("python3", new[] { Path.Combine(Repo.Eng, "compare-with-reference.py"), dir, report.ResultsPath, reference }, Repo.Root);
        // Two known differences, each checked for its cause:
        // - lib/SDU/Usage prints __DATE__ and __TIME__: no two builds give the same .bin (the sizes are equal);
        // - ArduinoISP includes SPI.h only under #ifdef USE_HARDWARE_SPI (AVR only); FBuild's include scanner does not
        //   evaluate #if, so it links the SPI library's objects (and its constructor) where arduino-builder links none.
        Assert.Contains("__TIME__", File.ReadAllText(Path.Combine(dir, "lib/SDU/Usage/Usage.ino")));
        Assert.Contains("#ifdef USE_HARDWARE_SPI\n#include \"SPI.h\"", File.ReadAllText(Path.Combine(dir, "builtin/11.ArduinoISP/ArduinoISP/ArduinoISP.ino")));
        Assert.Contains($"FBuild ok among them: {ok}; same sizes: {ok - 1}; byte-identical hex: {ok - 2}; size differs: 1; FBuild failed: 0", cmp.Output);
        Assert.Contains("lib/SDU/Usage\tok\tok", cmp.Output);
        Assert.Matches(@"builtin/11.ArduinoISP/ArduinoISP\tok\tok\t\d+\t\d+\t\d+\t\d+\tSIZE_DIFFERS", cmp.Output);
    }

    /// <summary>arduino-builder run now on a few examples (the core alone, a bundled library, generated prototypes).</summary>
    [RequiresSamdFact("/usr/share/doc/arduino/examples", "/usr/bin/arduino-builder")]
    public void BinHexAndSizesEqualArduinoBuilderRunNow()
    {
        var (dir, _, _) = SamdExamplesBuild.Get(sdk);
        var report = new BuildReport(dir, "arduino_zero_native");
        var cache = sdk.NewDir("samd-ab-cache");
        foreach (var ex in new[] { "builtin/01.Basics/Blink", "builtin/04.Communication/SerialCallResponse", "lib/Wire/master_reader" })
        {
            var sketchDir = Path.Combine(dir, ex);
            var name = Path.GetFileName(sketchDir);
            var buildPath = sdk.NewDir("samd-ab-" + name);
            var ab = Proc.Run("arduino-builder", new[]
            {
                "-compile", "-hardware", "/usr/share/arduino/hardware", "-hardware", Path.Combine(Samd.DataDirectory!, "packages"),
                "-tools", "/usr/share/arduino/hardware/tools", "-tools", Path.Combine(Samd.DataDirectory!, "packages"),
                "-fqbn", Samd.Fqbn, "-core-api-version", "10819", "-prefs", "runtime.tools.arm-none-eabi-gcc-7-2017q4.path=/usr",
                "-build-cache", cache, "-build-path", buildPath, Path.Combine(sketchDir, name + ".ino"),
            }, sketchDir, timeoutSeconds: 300);
            Assert.True(ab.ExitCode == 0, ab.ToString());
            var ours = report.Sketches.Single(s => Path.GetDirectoryName(s.GetProperty("project").GetString()) == sketchDir);
            Assert.Equal("ok", ours.GetProperty("status").GetString());
            Assert.Equal(long.Parse(Regex.Match(ab.Output, @"Sketch uses (\d+) bytes").Groups[1].Value), ours.GetProperty("flashBytes").GetInt64());
            Assert.Equal(long.Parse(Regex.Match(ab.Output, @"Global variables use (\d+) bytes").Groups[1].Value), ours.GetProperty("ramBytes").GetInt64());
            var hex = ours.GetProperty("hex").GetString()!;
            foreach (var (theirs, mine) in new[] { (name + ".ino.hex", hex), (name + ".ino.bin", Path.ChangeExtension(hex, ".bin")) })
                Assert.True(SHA256.HashData(File.ReadAllBytes(Path.Combine(buildPath, theirs))).SequenceEqual(SHA256.HashData(File.ReadAllBytes(mine))),
                    $"{ex}: {theirs} differs from arduino-builder's");
        }
    }

    /// <summary>A sketch set (Sketches.proj) with one Blink sketch, using the local SDK.</summary>
    private string BlinkSet(string name)
    {
        var dir = sdk.NewDir(name);
        sdk.UseLocalSdk(dir);
        File.WriteAllText(Path.Combine(dir, "Sketches.proj"), "<Project Sdk=\"FBuild.Sdk\" />\n");
        Directory.CreateDirectory(Path.Combine(dir, "Blink"));
        File.WriteAllText(Path.Combine(dir, "Blink", "Blink.ino"), "void setup() { pinMode(LED_BUILTIN, OUTPUT); }\nvoid loop() { digitalWrite(LED_BUILTIN, !digitalRead(LED_BUILTIN)); delay(500); }\n");
        File.WriteAllText(Path.Combine(dir, "Blink", "Blink.fbproj"), "<Project Sdk=\"FBuild.Sdk\" />\n");
        return dir;
    }

    /// <summary>Without the compiler the core asks for, FB0140 names it and the ways to provide it; with the override it builds.</summary>
    [RequiresSamdFact]
    public void AMissingToolIsNamedWithTheWaysToProvideIt()
    {
        var dir = BlinkSet("samd-missing");
        var r = sdk.Dotnet(dir, "build", "Sketches.proj", "-p:Board=" + Samd.Fqbn, "-p:FBuildArduinoDataDirectory=" + Samd.DataDirectory);
        Assert.True(r.ExitCode != 0, r.ToString());
        Assert.Contains("error FB0140", r.Output);
        Assert.Contains("'arm-none-eabi-gcc-7-2017q4'", r.Output);
        Assert.Contains("<FBuildToolPath Include=\"arm-none-eabi-gcc-7-2017q4\" Path=\"/usr\" />", r.Output);

        // The documented item form, in a Directory.Build.props.
        File.WriteAllText(Path.Combine(dir, "Directory.Build.props"),
            "<Project>\n  <PropertyGroup>\n    <FBuildArduinoDataDirectory>" + Samd.DataDirectory + "</FBuildArduinoDataDirectory>\n  </PropertyGroup>\n" +
            "  <ItemGroup>\n    <FBuildToolPath Include=\"arm-none-eabi-gcc-7-2017q4\" Path=\"/usr\" />\n  </ItemGroup>\n</Project>\n");
        var built = sdk.Dotnet(dir, "build", "Sketches.proj", "-p:Board=" + Samd.Fqbn);
        Assert.True(built.ExitCode == 0, built.ToString());
        var outDir = Path.Combine(dir, "artifacts", "arduino_zero_native", "sketches", "Blink");
        var log = File.ReadAllText(Path.Combine(outDir, "build.log"));
        Assert.Contains("/usr/bin/arm-none-eabi-g++ ", log);
        Assert.Contains(" -DARDUINO_ARCH_SAMD ", log);
        Assert.DoesNotContain("DECIMAL_DIG", log); // the AVR quirk stays on AVR
        foreach (var ext in new[] { ".bin", ".hex" }) Assert.True(new FileInfo(Path.Combine(outDir, "Blink.ino" + ext)).Length > 0, ext);
    }

    /// <summary>boards.txt read with a parser of this test's own: every board, with its menu options when it has any.</summary>
    private static List<(string Board, Dictionary<string, string> Props)> SamdBoards()
    {
        var lines = File.ReadAllLines(Path.Combine(Samd.Platform, "boards.txt")).Select(l => l.Trim())
            .Where(l => l.Length > 0 && l[0] != '#' && l.IndexOf('=') > 0)
            .Select(l => (Key: l[..l.IndexOf('=')], Value: l[(l.IndexOf('=') + 1)..])).ToList();
        var boards = lines.Where(kv => kv.Key.EndsWith(".name") && kv.Key.Count(c => c == '.') == 1 && !kv.Key.StartsWith("menu."))
            .Select(kv => kv.Key[..kv.Key.IndexOf('.')]).ToList();
        return boards.Select(b => (b, lines.Where(kv => kv.Key.StartsWith(b + ".") && !kv.Key.StartsWith(b + ".menu."))
            .GroupBy(kv => kv.Key[(b.Length + 1)..]).ToDictionary(g => g.Key, g => g.Last().Value))).ToList();
    }

    /// <summary>
    /// Every board of the SAMD core's boards.txt builds Blink, all in one build (Boards="..."), checked against
    /// boards.txt. Hidden boards (hide=true: tian_cons, the Tian's MIPS console port, has no build.* keys at all)
    /// are left out, as the IDE and arduino-cli's board list leave them out.
    /// </summary>
    [RequiresSamdFact]
    public void EveryBoardOfTheSamdCoreBuildsBlink()
    {
        var all = SamdBoards();
        var hidden = all.Where(b => b.Props.TryGetValue("hide", out var h) && h == "true").Select(b => b.Board).ToList();
        Assert.Equal(new[] { "tian_cons" }, hidden);
        Assert.DoesNotContain(all.Single(b => b.Board == "tian_cons").Props.Keys, k => k == "build.mcu");
        var boards = all.Where(b => !hidden.Contains(b.Board)).ToList();
        Assert.Contains(boards, b => b.Board == "mkrzero" && b.Props["build.mcu"] == "cortex-m0plus");
        Assert.Equal(17, boards.Count);
        // The SAMD core has no menus; a board with menus would need its options varied as BoardMatrixTests does.
        Assert.DoesNotContain(File.ReadLines(Path.Combine(Samd.Platform, "boards.txt")), l => l.Contains(".menu."));

        // One build for all boards. Each board compiles its own core (about 40 sources, ~10 s of CPU with gcc 12):
        // most of the build's time, and the reason it is the slowest SAMD test.
        var dir = BlinkSet("samd-boards");
        var list = string.Join(";", boards.Select(b => "arduino:samd:" + b.Board));
        var clock = Stopwatch.StartNew();
        var r = sdk.Dotnet(dir, new[] { "build", "Sketches.proj", "-p:Boards=\"" + list + "\"" }.Concat(Samd.BuildProperties).ToArray());
        Console.WriteLine($"SAMD board matrix: {boards.Count} boards in {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(r.ExitCode == 0, r.ToString());
        var matrix = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "artifacts", "matrix.json"))).RootElement;
        Assert.Equal(boards.Select(b => b.Board), matrix.GetProperty("boards").EnumerateArray().Select(b => b.GetProperty("boardKey").GetString()));
        Assert.All(matrix.GetProperty("boards").EnumerateArray(), b => Assert.Equal(1, b.GetProperty("ok").GetInt32()));

        var problems = new List<string>();
        foreach (var (board, props) in boards)
        {
            var boardDir = Path.Combine(dir, "artifacts", board);
            var outDir = Path.Combine(boardDir, "sketches", "Blink");
            var results = Path.Combine(boardDir, "results.json");
            if (!File.Exists(results)) { problems.Add($"{board}: no {results}"); continue; }
            var blink = JsonDocument.Parse(File.ReadAllText(results)).RootElement.GetProperty("sketches").EnumerateArray().Single();
            if (blink.GetProperty("status").GetString() != "ok") { problems.Add($"{board}: Blink is {blink.GetProperty("status")}"); continue; }
            string P(string k) => props.TryGetValue(k, out var v) ? v : "";
            var wanted = new[]
            {
                "-mcpu=" + P("build.mcu"), "-DF_CPU=" + P("build.f_cpu"), "-DARDUINO_" + P("build.board"), "-DARDUINO_ARCH_SAMD",
                "-I" + Path.Combine(Samd.Platform, "variants", P("build.variant")),
            };
            foreach (var entry in JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "compile_commands.json"))).RootElement.EnumerateArray())
            {
                var args = entry.GetProperty("arguments").EnumerateArray().Select(a => a.GetString()!).ToList();
                foreach (var w in wanted.Where(w => !args.Contains(w))) problems.Add($"{board}: {entry.GetProperty("file")} lacks {w}");
            }
            var log = File.ReadAllText(Path.Combine(outDir, "build.log"));
            if (!log.Contains("-T" + Path.Combine(Samd.Platform, "variants", P("build.variant"), P("build.ldscript")) + " "))
                problems.Add($"{board}: the link does not use {P("build.ldscript")}");
            foreach (var ext in new[] { ".bin", ".hex" })
                if (!File.Exists(Path.Combine(outDir, "Blink.ino" + ext))) problems.Add($"{board}: no Blink.ino{ext}");
            if (blink.GetProperty("flashMax").GetInt64() != (long.TryParse(P("upload.maximum_size"), out var f) ? f : 0)) problems.Add($"{board}: flashMax {blink.GetProperty("flashMax")}");
            if (blink.GetProperty("ramMax").GetInt64() != (long.TryParse(P("upload.maximum_data_size"), out var m) ? m : 0)) problems.Add($"{board}: ramMax {blink.GetProperty("ramMax")}");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
