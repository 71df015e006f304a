namespace FBuild.IntegrationTests;

/// <summary>How FBuild behaves when things go wrong behind its back (issue 13): damaged outputs, broken libraries, bad input files.</summary>
[Collection("sdk")]
public sealed class FaultTests
{
    private readonly SdkFixture _sdk;
    public FaultTests(SdkFixture sdk) => _sdk = sdk;

    private const string Blink = "void setup() { pinMode(13, OUTPUT); }\nvoid loop() { digitalWrite(13, HIGH); delay(100); digitalWrite(13, LOW); delay(100); }\n";

    private string SketchSet(string name, params (string Path, string Text)[] files) => _sdk.SketchSet(name, files);

    /// <summary>Cuts <paramref name="path"/> to <paramref name="length"/> bytes and puts its old modification time back.</summary>
    private static void Truncate(string path, int length)
    {
        var mtime = File.GetLastWriteTimeUtc(path);
        using (var f = new FileStream(path, FileMode.Open)) f.SetLength(length);
        File.SetLastWriteTimeUtc(path, mtime);
    }

    /// <summary>Edits <paramref name="path"/> keeping its size and modification time (one byte changed).</summary>
    private static void EditInPlace(string path)
    {
        var mtime = File.GetLastWriteTimeUtc(path);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x20;
        File.WriteAllBytes(path, bytes);
        File.SetLastWriteTimeUtc(path, mtime);
    }

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void DamagedOutputsAreRebuilt()
    {
        var dir = SketchSet("damaged", ("Blink/Blink.ino", Blink));
        string[] build = { "build", "Sketches.proj", "-p:Board=uno" };
        string[] question = { "build", "Sketches.proj", "-p:Board=uno", "-question" };
        var first = _sdk.Dotnet(dir, build);
        Assert.True(first.ExitCode == 0, first.ToString());
        var sketch = Path.Combine(dir, "artifacts", "uno", "sketches", "Blink");
        var framework = Path.Combine(dir, "artifacts", "uno", "framework");
        string obj = Path.Combine(sketch, "obj", "sketch", "Blink.ino.cpp.o"), cpp = Path.Combine(sketch, "obj", "sketch", "Blink.ino.cpp");
        string hex = Path.Combine(sketch, "Blink.ino.hex"), eep = Path.Combine(sketch, "Blink.ino.eep"), elf = Path.Combine(sketch, "Blink.ino.elf");
        string coreArchive = Path.Combine(framework, "core.a");
        var coreObject = Directory.GetFiles(Path.Combine(framework, "obj", "core"), "wiring.c.o", SearchOption.AllDirectories).Single();
        var files = new[] { obj, cpp, hex, eep, elf, coreArchive, coreObject };
        var reference = files.ToDictionary(f => f, File.ReadAllBytes);
        void AllAsBuilt()
        {
            foreach (var f in files) Assert.True(reference[f].AsSpan().SequenceEqual(File.ReadAllBytes(f)), f + " differs from the first build");
        }

        // 1. The sketch's object cut to 10 bytes, its old time put back: -question names it; the build redoes it and links.
        Truncate(obj, 10);
        var q = _sdk.Dotnet(dir, question);
        Assert.True(q.ExitCode != 0, q.ToString());
        Assert.Contains("Blink.ino.cpp.o' is not up to date (output '", q.Output);
        var rebuilt = _sdk.Dotnet(dir, build);
        Assert.True(rebuilt.ExitCode == 0, rebuilt.ToString());
        AllAsBuilt();

        // 2. The .hex cut, the .ino.cpp edited with its size and time kept, the .eep deleted: each is written again.
        Truncate(hex, 10);
        EditInPlace(cpp);
        File.Delete(eep);
        q = _sdk.Dotnet(dir, question);
        Assert.True(q.ExitCode != 0, q.ToString());
        Assert.Contains("Blink.ino.cpp' is not up to date (output '", q.Output);
        rebuilt = _sdk.Dotnet(dir, build);
        Assert.True(rebuilt.ExitCode == 0, rebuilt.ToString());
        AllAsBuilt();

        // 3. The core's archive and one of its objects cut, the .elf replaced by another file: rebuilt, the same bytes again.
        Truncate(coreArchive, 10);
        Truncate(coreObject, 10);
        File.WriteAllText(elf, "not an elf");
        File.SetLastWriteTimeUtc(elf, File.GetLastWriteTimeUtc(hex));
        rebuilt = _sdk.Dotnet(dir, build);
        Assert.True(rebuilt.ExitCode == 0, rebuilt.ToString());
        AllAsBuilt();

        // 4. Nothing damaged: -question passes (the outputs' records hold).
        q = _sdk.Dotnet(dir, question);
        Assert.True(q.ExitCode == 0, q.ToString());
    }

    /// <summary>A library whose header includes itself ("#include nested too deeply") and one that uses it.</summary>
    private static readonly (string, string)[] BrokenLibrarySet =
    {
        ("Good/Good.ino", Blink),
        ("Bad/Bad.ino", "#include <Loop.h>\nvoid setup() { loopy(); }\nvoid loop() {}\n"),
        ("Other/Other.ino", "#include <UsesLoop.h>\nvoid setup() { usesLoop(); }\nvoid loop() {}\n"),
        ("libraries/Loop/Loop.h", "#include \"Loop.h\"\nvoid loopy();\n"),
        ("libraries/Loop/Loop.cpp", "#include \"Loop.h\"\nvoid loopy() {}\n"),
        ("libraries/UsesLoop/UsesLoop.h", "#include <Loop.h>\nvoid usesLoop();\n"),
        ("libraries/UsesLoop/UsesLoop.cpp", "#include \"UsesLoop.h\"\nvoid usesLoop() { loopy(); }\n"),
    };

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void ABrokenLibraryFailsOnlyTheSketchesThatUseIt()
    {
        var dir = SketchSet("brokenlib", BrokenLibrarySet);
        var r = _sdk.Dotnet(dir, "build", "Sketches.proj", "-p:Board=uno");
        Assert.True(r.ExitCode != 0, r.ToString());
        Assert.Contains("#include nested too deeply", r.Output);
        var report = new BuildReport(dir, "uno");
        Assert.Equal("ok", report.Status("Good"));
        Assert.True(File.Exists(Path.Combine(dir, "artifacts", "uno", "sketches", "Good", "Good.ino.hex")));
        var libLog = Path.Combine(dir, "artifacts", "uno", "framework", "lib", "Loop.log");
        Assert.Contains("nested too deeply", File.ReadAllText(libLog));
        // Bad uses the library directly, Other through UsesLoop: each fails naming it and its log, in its result and its log.
        foreach (var sketch in new[] { "Bad", "Other" })
        {
            Assert.Equal("failed", report.Status(sketch));
            var note = report.Sketch(sketch).GetProperty("note").GetString()!;
            Assert.Contains("Loop (errors in " + libLog + ")", note);
            Assert.Contains(note, File.ReadAllText(report.Sketch(sketch).GetProperty("log").GetString()!));
            Assert.Contains($"error FB0180: Sketch '{sketch}' uses a library that failed to build", r.Output);
        }
        Assert.DoesNotContain("FB0181", r.Output);

        // The library fixed: every sketch builds, and the library's log is gone.
        File.WriteAllText(Path.Combine(dir, "libraries", "Loop", "Loop.h"), "#pragma once\nvoid loopy();\n");
        var fixedBuild = _sdk.Dotnet(dir, "build", "Sketches.proj", "-p:Board=uno");
        Assert.True(fixedBuild.ExitCode == 0, fixedBuild.ToString());
        Assert.False(File.Exists(libLog));

        // The core failing (the DECIMAL_DIG quirk turned off) fails every sketch with one message, and each result says why.
        var core = _sdk.Dotnet(dir, "build", "Sketches.proj", "-p:Board=uno", "-p:FBuildDecimalDigWorkaround=false");
        Assert.True(core.ExitCode != 0, core.ToString());
        Assert.Single(core.Output.Split('\n').Where(l => l.Contains("error FB0181")).Distinct());
        Assert.DoesNotContain("FB0180", core.Output);
        report = new BuildReport(dir, "uno");
        foreach (var sketch in new[] { "Good", "Bad", "Other" })
        {
            Assert.Equal("failed", report.Status(sketch));
            Assert.Contains("the framework (the board's core) failed to build", report.Sketch(sketch).GetProperty("note").GetString());
        }
    }

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void BadInputFilesAreReportedLoudly()
    {
        var dir = SketchSet("loud",
            ("Good/Good.ino", Blink),
            ("Bad+Name/Bad+Name.ino", Blink),
            ("Looping/Looping.ino", Blink),
            ("libraries/Junk/src/Junk.h", "int junk;\n"));
        // Random bytes for a library.properties; a tab that cannot be read (a link to itself: chmod does not stop root).
        var bytes = new byte[300];
        new Random(13).NextBytes(bytes);
        File.WriteAllBytes(Path.Combine(dir, "libraries", "Junk", "library.properties"), bytes);
        File.CreateSymbolicLink(Path.Combine(dir, "Looping", "Tab.ino"), "Tab.ino");
        // A copy of the core with a broken boards.txt line.
        var platform = Path.Combine(dir, "platform");
        SdkFixture.CopyDirectory(Repo.CorePath, platform);
        var boardsTxt = Path.Combine(platform, "boards.txt");
        int brokenLine = File.ReadAllLines(boardsTxt).Length + 1;
        File.AppendAllText(boardsTxt, "this line is broken\n");

        var r = _sdk.Dotnet(dir, "build", "Sketches.proj", "-p:Board=uno", "-p:FBuildPlatformPath=" + platform);
        Assert.True(r.ExitCode != 0, r.ToString());
        var lines = r.Output.Split('\n').Select(l => l.Trim()).Distinct().ToList();
        Assert.Single(lines, l => l.Contains($"libraries/Junk/library.properties(1): warning FB0182: Library 'Junk' is skipped"));
        Assert.Single(lines, l => l.Contains($"platform/boards.txt({brokenLine}): warning FB0183:") && l.Contains("'this line is broken'"));
        Assert.Single(lines, l => l.Contains("warning FB0185: The sketch name 'Bad+Name' is not valid") && l.Contains("'+'"));
        Assert.Single(lines, l => l.Contains("error FB0184: A file of sketch 'Looping' cannot be read") && l.Contains("Tab.ino"));
        var report = new BuildReport(dir, "uno");
        Assert.Equal("ok", report.Status("Good"));
        Assert.Equal("ok", report.Status("Bad+Name"));
        Assert.Equal("failed", report.Status("Looping"));
    }
}
