namespace FBuild.IntegrationTests;

[Collection("sdk")]
public sealed class ErrorTests
{
    private readonly SdkFixture _sdk;
    public ErrorTests(SdkFixture sdk) => _sdk = sdk;

    private string SketchSet(string name, params (string Path, string Text)[] files) => _sdk.SketchSet(name, files);

    private const string Blink = "void setup() { pinMode(13, OUTPUT); }\nvoid loop() { digitalWrite(13, HIGH); delay(100); digitalWrite(13, LOW); delay(100); }\n";

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void BrokenSketchFailsAloneWithErrorAtInoLine()
    {
        var dir = SketchSet("broken",
            ("Good/Good.ino", Blink),
            ("Bad/Bad.ino", "void setup() { helper(); }\nvoid loop() {}\n"),
            ("Bad/Helpers.ino", "// helpers\n\nint helper() {\n  return undefined_thing + 1;\n}\n"));
        var r = _sdk.Dotnet(dir, "build", "Sketches.proj", "-p:Board=uno");
        Assert.NotEqual(0, r.ExitCode);
        // The error points at the second tab, line 4, as MSBuild's file(line,col) form.
        Assert.Matches(@"Bad/Helpers\.ino\(4,\d+\): (gcc )?error", r.Output);
        Assert.Contains("undefined_thing", r.Output);
        Assert.Contains("FB0050", r.Output);
        var report = new BuildReport(dir, "uno");
        Assert.Equal("ok", report.Status("Good"));
        Assert.Equal("failed", report.Status("Bad"));
        var log = report.Sketch("Bad").GetProperty("log").GetString()!;
        Assert.Contains("undefined_thing", File.ReadAllText(log));
        Assert.True(File.Exists(Path.Combine(dir, "artifacts", "uno", "sketches", "Good", "Good.ino.hex")));
    }

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void TooBigSketchFailsLikeTheIde()
    {
        var dir = SketchSet("toobig",
            ("Big/Big.ino", "const char big[31000] PROGMEM = {1};\nvoid setup() { Serial.begin(9600); Serial.print(pgm_read_byte(&big[millis() % 31000])); }\nvoid loop() {}\n"));
        // It fits the chip (32 KiB) but not the uno's 32256 bytes left beside the bootloader.
        var r = _sdk.Dotnet(dir, "build", "Sketches.proj", "-p:Board=uno");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("FB0040", r.Output);
        Assert.Contains("32256", r.Output);
    }

    /// <summary>
    /// The sketch layout is arduino-cli's (SketchLayout): a sketch's .cc is compiled and scanned for includes, so
    /// a library included only from it is linked and the .ino's call to it links. (arduino-builder 1.3, the IDE 1.8
    /// builder, ignored .cc: the same sketch failed there with "undefined reference to `helper(int)'".) A legacy
    /// .pde primary tab and .pde tabs are joined like .ino ones.
    /// </summary>
    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void SketchCcSourcesAndPdeTabsBuildAsInArduinoCli()
    {
        var dir = SketchSet("layout",
            ("CcLib/CcLib.ino", "int helper(int);\nvoid setup() { Serial.begin(9600); Serial.println(helper(3)); }\nvoid loop() {}\n"),
            ("CcLib/foo.cc", "#include <SPI.h>\nint helper(int x) { SPI.begin(); return SPI.transfer(x); }\n"),
            ("Legacy/Legacy.pde", "void setup() { pinMode(13, OUTPUT); }\nvoid loop() { blinkOnce(); }\n"),
            ("Legacy/Tab.pde", "void blinkOnce() { digitalWrite(13, HIGH); delay(100); digitalWrite(13, LOW); delay(100); }\n"),
            ("Legacy/Legacy.fbproj", "<Project Sdk=\"FBuild.Sdk\" />\n"));
        var r = _sdk.Dotnet(dir, "build", "Sketches.proj", "-p:Board=uno");
        Assert.True(r.ExitCode == 0, r.ToString());
        var report = new BuildReport(dir, "uno");
        Assert.Equal("ok", report.Status("CcLib"));
        Assert.Equal(new[] { "SPI" }, report.Sketch("CcLib").GetProperty("libraries").EnumerateArray().Select(e => e.GetString()));
        Assert.True(File.Exists(Path.Combine(dir, "artifacts", "uno", "sketches", "CcLib", "obj", "sketch", "foo.cc.o")));
        Assert.Equal("ok", report.Status("Legacy"));
        var generated = File.ReadAllText(Path.Combine(dir, "artifacts", "uno", "sketches", "Legacy", "obj", "sketch", "Legacy.ino.cpp"));
        Assert.Contains("void blinkOnce();", generated);
        Assert.True(generated.IndexOf("Legacy.pde\"", StringComparison.Ordinal) < generated.IndexOf("Tab.pde\"", StringComparison.Ordinal));
    }

    [RequiresFact(Repo.CorePath)]
    public void UnknownBoardListsKnownBoards()
    {
        var dir = SketchSet("unknownboard", ("Blink/Blink.ino", Blink));
        var r = _sdk.Dotnet(dir, "build", "Sketches.proj", "-p:Board=unicorn");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("FB0003", r.Output);
        Assert.Contains("'unicorn'", r.Output);
        foreach (var known in new[] { "uno", "nano", "mega", "leonardo" }) Assert.Contains(known, r.Output);
    }

    [RequiresFact(Repo.CorePath)]
    public void NoBoardSaysHowToGiveOne()
    {
        var dir = SketchSet("noboard", ("Blink/Blink.ino", Blink));
        var r = _sdk.Dotnet(dir, "build", "Sketches.proj");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("FB0003", r.Output);
        Assert.Contains("-p:Board=uno", r.Output);
    }

    [RequiresFact(Repo.CorePath)]
    public void MissingToolchainSaysHowToInstallIt()
    {
        var dir = SketchSet("notoolchain", ("Blink/Blink.ino", Blink));
        var r = _sdk.Dotnet(dir, "build", "Sketches.proj", "-p:Board=uno", "-p:FBuildToolchainPath=/nonexistent/avr/bin");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("FB0002", r.Output);
        Assert.Contains("apt-get install gcc-avr", r.Output);
    }

    [Fact]
    public void MissingCoreSaysHowToInstallIt()
    {
        var dir = SketchSet("nocore", ("Blink/Blink.ino", Blink));
        var r = _sdk.Dotnet(dir, "build", "Sketches.proj", "-p:Board=uno", "-p:FBuildPlatformPath=/nonexistent/hardware/arduino/avr");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("FB0001", r.Output);
        Assert.Contains("apt-get install arduino-core-avr", r.Output);
    }
}
