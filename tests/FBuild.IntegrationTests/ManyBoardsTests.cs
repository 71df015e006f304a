using System.Text.Json;
using Microsoft.Build.Logging.StructuredLogger;

namespace FBuild.IntegrationTests;

/// <summary>
/// Boards="..." builds every sketch for every board in one build: the samples for uno, mega and a third-party board
/// whose platform (written here: a boards.txt only) uses arduino:avr's core and variant; a sketch for SAMD only and one
/// whose sketch.yaml leaves out mega are skipped there; the board x sketch matrix is written.
/// </summary>
[Collection("sdk")]
public sealed class ManyBoardsTests
{
    private readonly SdkFixture _sdk;
    public ManyBoardsTests(SdkFixture sdk) => _sdk = sdk;

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void SamplesBuildForEveryBoardInOneBuildWithTheMatrix()
    {
        var dir = _sdk.CopySamples("many-boards");
        // A third-party platform as many AVR boards ship: a boards.txt with a few boards on Arduino's core.
        var hardware = Path.Combine(dir, "hardware");
        Directory.CreateDirectory(Path.Combine(hardware, "mycorp", "avr"));
        File.WriteAllText(Path.Combine(hardware, "mycorp", "avr", "boards.txt"),
            "myuno.name=MyCorp Uno\nmyuno.build.mcu=atmega328p\nmyuno.build.f_cpu=16000000L\nmyuno.build.board=MYCORP_UNO\n" +
            "myuno.build.core=arduino:arduino\nmyuno.build.variant=arduino:standard\nmyuno.upload.tool=arduino:avrdude\n" +
            "myuno.upload.maximum_size=32256\nmyuno.upload.maximum_data_size=2048\n" +
            "mymega.name=MyCorp Mega\nmymega.build.mcu=atmega2560\nmymega.build.f_cpu=16000000L\nmymega.build.board=MYCORP_MEGA\n" +
            "mymega.build.core=arduino:arduino\nmymega.build.variant=arduino:mega\n" +
            "mymega.upload.maximum_size=253952\nmymega.upload.maximum_data_size=8192\n");
        // A sketch for SAMD boards only (it would not compile for AVR), and one whose sketch.yaml names its boards.
        Directory.CreateDirectory(Path.Combine(dir, "SamdOnly"));
        File.WriteAllText(Path.Combine(dir, "SamdOnly", "SamdOnly.ino"), "#ifndef ARDUINO_ARCH_SAMD\n#error SAMD only\n#endif\nvoid setup() {}\nvoid loop() {}\n");
        File.WriteAllText(Path.Combine(dir, "SamdOnly", "SamdOnly.fbproj"),
            "<Project Sdk=\"FBuild.Sdk\">\n  <PropertyGroup>\n    <FBuildSupportedArchitectures>samd</FBuildSupportedArchitectures>\n  </PropertyGroup>\n</Project>\n");
        File.WriteAllText(Path.Combine(dir, "HelloSerial", "sketch.yaml"),
            "profiles:\n  uno:\n    fqbn: arduino:avr:uno\n  mycorp:\n    fqbn: mycorp:avr:myuno\ndefault_fqbn: arduino:avr:uno\n");

        var binlog = Path.Combine(dir, "build.binlog");
        var r = _sdk.Dotnet(dir, "build", "Sketches.proj", "-p:Boards=\"uno;mega;mycorp:avr:myuno\"", "-p:FBuildHardwarePath=" + hardware, "-bl:" + binlog);
        Assert.True(r.ExitCode == 0, r.ToString());

        string[] boards = { "uno", "mega", "myuno" };
        var reports = boards.ToDictionary(b => b, b => new BuildReport(dir, b));
        var sketchNames = reports["uno"].Sketches.Select(s => s.GetProperty("name").GetString()!).ToList();
        Assert.Equal(11, sketchNames.Count);
        foreach (var (board, report) in reports)
        {
            Assert.Equal("skipped", report.Status("SamdOnly"));
            Assert.Contains("samd", report.Sketch("SamdOnly").GetProperty("note").GetString());
            Assert.Equal(board == "mega" ? "skipped" : "ok", report.Status("HelloSerial"));
            Assert.All(sketchNames.Where(n => n != "SamdOnly" && n != "HelloSerial"), n => Assert.Equal("ok", report.Status(n)));
            Assert.Equal(board == "mega" ? 2 : 1, report.Json.GetProperty("summary").GetProperty("skipped").GetInt32());
        }
        // A skipped sketch costs nothing: no objects, no firmware.
        Assert.False(Directory.Exists(Path.Combine(dir, "artifacts", "uno", "sketches", "SamdOnly", "obj")));
        Assert.False(File.Exists(Path.Combine(dir, "artifacts", "mega", "sketches", "HelloSerial", "HelloSerial.ino.hex")));

        // The third-party board is an uno under another name: the same firmware, byte for byte.
        foreach (var name in sketchNames.Where(n => n != "SamdOnly"))
        {
            var uno = File.ReadAllBytes(reports["uno"].Sketch(name).GetProperty("hex").GetString()!);
            var mine = File.ReadAllBytes(reports["myuno"].Sketch(name).GetProperty("hex").GetString()!);
            Assert.True(uno.AsSpan().SequenceEqual(mine), name + ": the myuno firmware differs from uno's");
        }
        // Compiled as MyCorp's board, with Arduino's core.
        var db = File.ReadAllText(Path.Combine(dir, "artifacts", "myuno", "compile_commands.json"));
        Assert.Contains("-DARDUINO_MYCORP_UNO", db);
        Assert.Contains(Path.Combine(Repo.CorePath, "cores", "arduino"), db);

        // Each board's framework was compiled once.
        var build = BinaryLog.ReadBuild(binlog);
        static bool Ran(Target t) => t.Children.OfType<Microsoft.Build.Logging.StructuredLogger.Task>().Any();
        Assert.Equal(3, build.FindChildrenRecursive<Target>(t => t.Name == "FBuildCompileFramework").Count(Ran));

        // The matrix: JSON, Markdown and the console, the boards in the order given.
        var matrix = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "artifacts", "matrix.json"))).RootElement;
        Assert.Equal(boards, matrix.GetProperty("boards").EnumerateArray().Select(b => b.GetProperty("boardKey").GetString()));
        var samd = matrix.GetProperty("sketches").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "SamdOnly");
        Assert.All(boards, b => Assert.Equal("skipped", samd.GetProperty("boards").GetProperty(b).GetProperty("status").GetString()));
        var md = File.ReadAllLines(Path.Combine(dir, "artifacts", "matrix.md"));
        Assert.Equal("| Sketch | uno | mega | myuno |", md[0]);
        Assert.Contains(md, l => l.StartsWith("| HelloSerial | ✅ ") && l.Contains("| ⏭️ skipped | ✅ "));
        Assert.Contains("FBuild board matrix", r.Output);
        Assert.Matches(@"total\s+10 ok, 0 failed, 1 skipped\s+9 ok, 0 failed, 2 skipped\s+10 ok, 0 failed, 1 skipped", r.Output);

        // -graph -isolate builds the same matrix (up to date now).
        var graph = _sdk.Dotnet(dir, "build", "-graph", "-isolate", "Sketches.proj", "-p:Boards=\"uno;mega;mycorp:avr:myuno\"", "-p:FBuildHardwarePath=" + hardware);
        Assert.True(graph.ExitCode == 0, graph.ToString());
        Assert.Contains("FBuild board matrix", graph.Output);
        Assert.Equal("skipped", new BuildReport(dir, "mega").Status("HelloSerial"));
    }

    /// <summary>
    /// The samples as they are, for two AVR boards and the SAMD Zero in one build: EepromCounter and SoftSerialEcho
    /// (EEPROM, SoftwareSerial: AVR libraries) declare FBuildSupportedArchitectures=avr and are skipped on the Zero;
    /// the others guard their AVR-only sleep with ARDUINO_ARCH_AVR and build everywhere.
    /// </summary>
    [RequiresSamdFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void SamplesBuildForUnoMegaAndTheZeroInOneBuild()
    {
        var (dir, r) = SampleBuilds.GetThreeBoards(_sdk);
        Assert.True(r.ExitCode == 0, r.ToString());
        string[] avrOnly = { "EepromCounter", "SoftSerialEcho" };
        string[] boards = { "uno", "mega", "arduino_zero_native" };
        var names = Directory.GetDirectories(Repo.Samples).Where(d => Directory.GetFiles(d, "*.fbproj").Length > 0)
            .Select(d => Path.GetFileName(d)!).OrderBy(n => n, StringComparer.Ordinal).ToList();
        Assert.Equal(10, names.Count);
        foreach (var board in boards)
        {
            var report = new BuildReport(dir, board);
            Assert.Equal(names, report.Sketches.Select(s => s.GetProperty("name").GetString()!).OrderBy(n => n, StringComparer.Ordinal));
            foreach (var name in names)
            {
                var skipped = board == "arduino_zero_native" && avrOnly.Contains(name);
                Assert.Equal(skipped ? "skipped" : "ok", report.Status(name));
                if (skipped) { Assert.Equal("the sketch is for avr, not " + Samd.Fqbn, report.Sketch(name).GetProperty("note").GetString()); continue; }
                // Each board's own firmware formats: .hex and .eep on AVR, .bin and .hex on SAMD.
                var hex = report.Sketch(name).GetProperty("hex").GetString()!;
                Assert.True(File.Exists(Path.ChangeExtension(hex, board == "arduino_zero_native" ? ".bin" : ".eep")), $"{board}: {hex}");
            }
        }
        // Nothing of a skipped sketch was compiled for the Zero.
        Assert.False(Directory.Exists(Path.Combine(dir, "artifacts", "arduino_zero_native", "sketches", "EepromCounter", "obj")));

        var matrix = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "artifacts", "matrix.json"))).RootElement;
        Assert.Equal(boards, matrix.GetProperty("boards").EnumerateArray().Select(b => b.GetProperty("boardKey").GetString()));
        Assert.Equal(new[] { 0, 0, 2 }, matrix.GetProperty("boards").EnumerateArray().Select(b => b.GetProperty("skipped").GetInt32()));
        Assert.Equal(new[] { 0, 0, 0 }, matrix.GetProperty("boards").EnumerateArray().Select(b => b.GetProperty("failed").GetInt32()));
        var md = File.ReadAllLines(Path.Combine(dir, "artifacts", "matrix.md"));
        Assert.Equal("| Sketch | uno | mega | arduino_zero_native |", md[0]);
        foreach (var name in avrOnly) Assert.Matches($@"^\| {name} \| ✅ \d+ B \| ✅ \d+ B \| ⏭️ skipped \|$", md.Single(l => l.StartsWith("| " + name + " ")));
        Assert.Matches(@"^\| HelloSerial \| ✅ \d+ B \| ✅ \d+ B \| ✅ \d+ B \|$", md.Single(l => l.StartsWith("| HelloSerial ")));
        Assert.Equal("| **total** | 10 ok, 0 failed, 0 skipped | 10 ok, 0 failed, 0 skipped | 8 ok, 0 failed, 2 skipped |", md[^1]);
        Assert.Matches(@"total\s+10 ok, 0 failed, 0 skipped\s+10 ok, 0 failed, 0 skipped\s+8 ok, 0 failed, 2 skipped", r.Output);
    }
}
