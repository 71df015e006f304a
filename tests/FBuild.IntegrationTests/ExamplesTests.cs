using System.Security.Cryptography;
using System.Text.Json;

namespace FBuild.IntegrationTests;

/// <summary>Arduino's 100 examples (Debian's arduino package + the bundled libraries'), built once per test run.</summary>
public static class ExamplesBuild
{
    private static readonly Lazy<(string Dir, RunResult Result)>[] Holder = new Lazy<(string, RunResult)>[1];
    private static readonly object Gate = new();

    public static (string Dir, RunResult Result) Get(SdkFixture sdk)
    {
        lock (Gate)
        {
            Holder[0] ??= new Lazy<(string, RunResult)>(() =>
            {
                var dir = sdk.NewDir("examples");
                var make = Proc.Run("bash", new[] { Path.Combine(Repo.Eng, "examples-corpus.sh"), dir }, Repo.Root);
                Assert.True(make.ExitCode == 0, make.ToString());
                return (dir, sdk.Dotnet(dir, "build", "Sketches.proj", "-p:Board=uno"));
            });
            return Holder[0].Value;
        }
    }
}

[Collection("sdk")]
public sealed class ExamplesTests
{
    private readonly SdkFixture _sdk;
    public ExamplesTests(SdkFixture sdk) => _sdk = sdk;

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath, Repo.ExamplesPath)]
    public void AllExamplesArduinoBuilderBuildsHaveTheReferenceSizesAndHex()
    {
        var (dir, _) = ExamplesBuild.Get(_sdk);
        var report = new BuildReport(dir, "uno");
        Assert.Equal(100, report.Sketches.Count());
        var cmp = Proc.Run("python3", new[] { Path.Combine(Repo.Eng, "compare-with-reference.py"), dir, report.ResultsPath,
            Path.Combine(Repo.Eng, "reference", "arduino-builder-uno.tsv") }, Repo.Root);
        Assert.True(cmp.ExitCode == 0, cmp.ToString());
        Assert.Contains("FBuild ok among them: 87; same sizes: 87", cmp.Output);
    }

    /// <summary>Runs the real arduino-builder now on a few examples (prototypes, tabs, each bundled library) and compares.</summary>
    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath, Repo.ExamplesPath, "/usr/bin/arduino-builder")]
    public void SizesAndHexEqualArduinoBuilderRunNow()
    {
        var (dir, _) = ExamplesBuild.Get(_sdk);
        var report = new BuildReport(dir, "uno");
        var examples = new[]
        {
            "builtin/01.Basics/Blink", "builtin/02.Digital/toneMelody", "builtin/04.Communication/Midi",
            "builtin/11.ArduinoISP/ArduinoISP", "lib/SPI/BarometricPressureSensor", "lib/Wire/slave_sender",
            "lib/EEPROM/eeprom_get", "lib/SoftwareSerial/SoftwareSerialExample",
        };
        var cache = _sdk.NewDir("ab-cache");
        foreach (var ex in examples)
        {
            var sketchDir = Path.Combine(dir, ex);
            var name = Path.GetFileName(sketchDir);
            var buildPath = _sdk.NewDir("ab-" + name);
            var ab = Proc.Run("arduino-builder", new[]
            {
                "-compile", "-hardware", "/usr/share/arduino/hardware", "-tools", "/usr/share/arduino/hardware/tools",
                "-libraries", Repo.CorePath + "/libraries", "-fqbn", "arduino:avr:uno", "-core-api-version", "10819",
                "-prefs", "compiler.cpp.extra_flags=-DDECIMAL_DIG=__DECIMAL_DIG__", "-build-cache", cache,
                "-build-path", buildPath, Path.Combine(sketchDir, name + ".ino"),
            }, sketchDir, timeoutSeconds: 120);
            Assert.True(ab.ExitCode == 0, ab.ToString());
            var m = System.Text.RegularExpressions.Regex.Match(ab.Output, @"Sketch uses (\d+) bytes");
            var d = System.Text.RegularExpressions.Regex.Match(ab.Output, @"Global variables use (\d+) bytes");
            var ours = report.Sketches.Single(s => Path.GetDirectoryName(s.GetProperty("project").GetString()) == sketchDir);
            Assert.Equal("ok", ours.GetProperty("status").GetString());
            Assert.Equal(long.Parse(m.Groups[1].Value), ours.GetProperty("flashBytes").GetInt64());
            Assert.Equal(long.Parse(d.Groups[1].Value), ours.GetProperty("ramBytes").GetInt64());
            var theirHex = File.ReadAllBytes(Path.Combine(buildPath, name + ".ino.hex"));
            var ourHex = File.ReadAllBytes(ours.GetProperty("hex").GetString()!);
            Assert.True(SHA256.HashData(theirHex).SequenceEqual(SHA256.HashData(ourHex)), ex + ": .hex differs from arduino-builder's");
        }
    }
}
