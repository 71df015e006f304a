namespace FBuild.IntegrationTests;

/// <summary>-t:Run and -t:Test: sketches run in the real simavr.</summary>
[Collection("sdk")]
public sealed class SimulateTests
{
    private readonly SdkFixture _sdk;
    public SimulateTests(SdkFixture sdk) => _sdk = sdk;

    private const string Forever = "void setup() { Serial.begin(9600); }\nvoid loop() { Serial.println(\"tick\"); delay(50); }\n";

    /// <summary>HelloSerial, a copy of it whose expected output is wrong (Mismatch), and a sketch that never stops and declares nothing (Forever).</summary>
    private string MakeSet()
    {
        var dir = IdeSketchSets.HelloSerials(_sdk, "simulate", "HelloSerial", "Mismatch");
        File.WriteAllText(Path.Combine(dir, "Mismatch", "expected-serial.txt"), "Hello from FBuild!\n2 + 3 = 6\n0xBEEF\nGoodbye.\n");
        Directory.CreateDirectory(Path.Combine(dir, "Forever"));
        File.WriteAllText(Path.Combine(dir, "Forever", "Forever.ino"), Forever);
        File.WriteAllText(Path.Combine(dir, "Forever", "Forever.fbproj"), "<Project Sdk=\"FBuild.Sdk\" />\n");
        return dir;
    }

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath, "/usr/bin/simavr")]
    public void RunPrintsTheSerialOutputAndStopsAfterTheTimeout()
    {
        var dir = MakeSet();
        var hello = _sdk.Dotnet(Path.Combine(dir, "HelloSerial"), "build", "-t:Run", "-p:Board=uno");
        Assert.True(hello.ExitCode == 0, hello.ToString());
        Assert.Contains("HelloSerial: serial output under simavr (atmega328p at 16000000 Hz, exited with 0):", hello.Output);
        Assert.Contains("  | Hello from FBuild!\n", hello.Output);
        Assert.Contains("  | 0xBEEF\n", hello.Output);
        Assert.Equal(File.ReadAllText(Path.Combine(Repo.Samples, "HelloSerial", "expected-serial.txt")),
            File.ReadAllText(Path.Combine(dir, "artifacts/uno/sketches/HelloSerial/serial.txt")));

        var started = DateTime.UtcNow;
        var forever = _sdk.Dotnet(Path.Combine(dir, "Forever"), "build", "-t:Run", "-p:Board=uno", "-p:FBuildRunTimeout=1");
        Assert.True(forever.ExitCode == 0, forever.ToString());
        Assert.Contains("Forever: serial output under simavr (atmega328p at 16000000 Hz, stopped after 1 s):", forever.Output);
        Assert.Contains("  | tick\n", forever.Output);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(60));
    }

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath, "/usr/bin/simavr")]
    public void TestComparesEverySketchThatDeclaresItsOutput()
    {
        var dir = MakeSet();
        var failed = _sdk.Dotnet(dir, "build", "Sketches.proj", "-t:Test", "-p:Board=uno");
        Assert.True(failed.ExitCode != 0, failed.ToString());
        Assert.Contains("HelloSerial: serial output matches", failed.Output);
        Assert.Contains("error FB0120: Mismatch: the serial output under simavr (exited with 0) differs from expected-serial.txt (- expected, + actual):", failed.Output);
        Assert.Contains("- 2 + 3 = 6", failed.Output);
        Assert.Contains("+ 2 + 3 = 5", failed.Output);
        Assert.DoesNotContain("Forever: serial output", failed.Output); // declares nothing: not run

        File.WriteAllText(Path.Combine(dir, "Mismatch", "expected-serial.txt"), File.ReadAllText(Path.Combine(Repo.Samples, "HelloSerial", "expected-serial.txt")));
        var passed = _sdk.Dotnet(dir, "build", "Sketches.proj", "-t:Test", "-p:Board=uno");
        Assert.True(passed.ExitCode == 0, passed.ToString());
        Assert.Contains("Mismatch: serial output matches", passed.Output);
    }
}
