using System.Collections.Concurrent;
using Microsoft.Build.Logging.StructuredLogger;

namespace FBuild.IntegrationTests;

/// <summary>The samples, built once per board per test run (shared by the tests below).</summary>
public static class SampleBuilds
{
    private static readonly ConcurrentDictionary<string, Lazy<(string Dir, RunResult Result)>> Builds = new();

    public static (string Dir, RunResult Result) Get(SdkFixture sdk, string board) =>
        Builds.GetOrAdd(board, b => new Lazy<(string, RunResult)>(() =>
        {
            var dir = sdk.CopySamples("samples-" + b);
            var result = sdk.Dotnet(dir, "build", "Sketches.proj", "-p:Board=" + b, "-bl:" + Path.Combine(dir, "build.binlog"));
            return (dir, result);
        })).Value;

    /// <summary>The samples for uno, mega and the SAMD Zero in one build (Boards="..."), once per test run.</summary>
    public const string ThreeBoards = "uno;mega;" + Samd.Fqbn;

    public static (string Dir, RunResult Result) GetThreeBoards(SdkFixture sdk) =>
        Builds.GetOrAdd(ThreeBoards, b => new Lazy<(string, RunResult)>(() =>
        {
            var dir = sdk.CopySamples("samples-three-boards");
            var result = sdk.Dotnet(dir, new[] { "build", "Sketches.proj", "-p:Boards=\"" + b + "\"" }.Concat(Samd.BuildProperties).ToArray());
            return (dir, result);
        })).Value;
}

[Collection("sdk")]
public sealed class SamplesTests
{
    private readonly SdkFixture _sdk;
    public SamplesTests(SdkFixture sdk) => _sdk = sdk;

    private static readonly string[] SampleNames = Directory.GetDirectories(Repo.Samples)
        .Where(d => Directory.GetFiles(d, "*.fbproj").Length > 0).Select(Path.GetFileName).OrderBy(n => n).ToArray()!;

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void SamplesBuildForUnoWithReports()
    {
        var (dir, result) = SampleBuilds.Get(_sdk, "uno");
        Assert.True(result.ExitCode == 0, result.ToString());
        var report = new BuildReport(dir, "uno");
        Assert.Equal(SampleNames.Length, report.Sketches.Count());
        Assert.True(SampleNames.Length >= 8);
        foreach (var name in SampleNames)
        {
            var s = report.Sketch(name);
            Assert.Equal("ok", s.GetProperty("status").GetString());
            Assert.True(s.GetProperty("flashBytes").GetInt64() > 400, name);
            Assert.True(s.GetProperty("ramBytes").GetInt64() > 0, name);
            Assert.Equal(32256, s.GetProperty("flashMax").GetInt64());
            Assert.True(File.Exists(s.GetProperty("hex").GetString()), name);
            Assert.True(File.Exists(Path.ChangeExtension(s.GetProperty("hex").GetString()!, ".eep")), name);
            Assert.True(File.Exists(s.GetProperty("log").GetString()), name);
            Assert.Equal("uno", s.GetProperty("board").GetString());
        }
        Assert.Equal(new[] { "stage1_archives", "stage2_sketches", "total" }, report.Phases.Keys.ToArray());
        Assert.True(report.Phases["stage1_archives"] > 0);
        Assert.True(report.Phases["stage2_sketches"] > 0);
        Assert.True(report.Phases["total"] >= report.Phases["stage1_archives"] + report.Phases["stage2_sketches"] - 0.05);
        Assert.Contains("FBuild [uno]:", result.Output);
        // Libraries were found from the #includes, transitively (TinyFormat includes MovingAverage).
        var libs = report.Sketch("FlatLibDemo").GetProperty("libraries").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(new[] { "TinyFormat", "MovingAverage" }, libs);
        Assert.Contains("SPI", report.Sketch("SpiLoopback").GetProperty("libraries").EnumerateArray().Select(e => e.GetString()));
    }

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void FrameworkIsBuiltOncePerBoard()
    {
        var (dir, result) = SampleBuilds.Get(_sdk, "uno");
        Assert.True(result.ExitCode == 0, result.ToString());
        var build = BinaryLog.ReadBuild(Path.Combine(dir, "build.binlog"));
        var frameworkProjects = build.FindChildrenRecursive<Project>(p => p.ProjectFile != null && p.ProjectFile.EndsWith("FBuild.Framework.proj"));
        // Every request for the framework resolves to one configuration: its compile target runs once.
        // (Later requests show the target as already built, without running its tasks.)
        static bool Ran(Target t) => t.Children.OfType<Microsoft.Build.Logging.StructuredLogger.Task>().Any();
        var compileTargets = build.FindChildrenRecursive<Target>(t => t.Name == "FBuildCompileFramework").Where(Ran).ToList();
        Assert.Single(compileTargets);
        var archiveTargets = build.FindChildrenRecursive<Target>(t => t.Name == "FBuildArchiveFramework").Where(Ran).ToList();
        Assert.Single(archiveTargets);
        // Many sketches asked for it (each sketch's reference + the traversal's stage 1).
        var sketchFrameworkTargets = build.FindChildrenRecursive<Target>(t => t.Name == "FBuildBuildFramework").Where(Ran).ToList();
        Assert.Equal(SampleNames.Length, sketchFrameworkTargets.Count);
        Assert.NotEmpty(frameworkProjects);
        Assert.Single(frameworkProjects.Select(p => p.EvaluationId).Distinct());
        // The core archive holds the IDE's member order: .S first.
        var ar = Proc.Run("avr-ar", new[] { "t", Path.Combine(dir, "artifacts", "uno", "framework", "core.a") }, dir);
        var members = ar.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("wiring_pulse.S.o", members[0]);
        Assert.Equal("WInterrupts.c.o", members[1]);
        Assert.EndsWith(".cpp.o", members[^1]);
    }

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath, "/usr/bin/simavr")]
    public void SerialOutputUnderSimavrMatchesExpected()
    {
        var (dir, result) = SampleBuilds.Get(_sdk, "uno");
        Assert.True(result.ExitCode == 0, result.ToString());
        var expectedFiles = Directory.GetFiles(dir, "expected-serial.txt", SearchOption.AllDirectories);
        Assert.True(expectedFiles.Length >= 5);
        foreach (var expected in expectedFiles)
        {
            var name = Path.GetFileName(Path.GetDirectoryName(expected))!;
            var elf = Path.Combine(dir, "artifacts", "uno", "sketches", name, name + ".ino.elf");
            var run = Proc.Run("bash", new[] { Path.Combine(Repo.Eng, "simavr-serial.sh"), elf, "atmega328p", "16000000" }, dir, timeoutSeconds: 60);
            Assert.True(run.ExitCode == 0, name + ": " + run);
            Assert.Equal(File.ReadAllText(expected).Replace("\r\n", "\n").TrimEnd('\n'), Stdout(run).TrimEnd('\n'));
        }
    }

    // simavr-serial.sh prints the decoded UART text on stdout and simavr's own messages on stderr.
    private static string Stdout(RunResult run) => run.StdOut;

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void SecondBuildCompilesNothing()
    {
        var (dir, result) = SampleBuilds.Get(_sdk, "uno");
        Assert.True(result.ExitCode == 0, result.ToString());
        var traces = Directory.GetFiles(Path.Combine(dir, "artifacts", "uno"), "trace.tsv", SearchOption.AllDirectories)
            .ToDictionary(f => f, File.ReadAllText);
        var again = _sdk.Dotnet(dir, "build", "Sketches.proj", "-p:Board=uno");
        Assert.True(again.ExitCode == 0, again.ToString());
        foreach (var (file, before) in traces)
            Assert.True(before == File.ReadAllText(file), "a tool ran again: " + file);
        Assert.Equal(traces.Count, Directory.GetFiles(Path.Combine(dir, "artifacts", "uno"), "trace.tsv", SearchOption.AllDirectories).Length);
    }

    [Theory]
    [InlineData("nano")]
    [InlineData("mega")]
    [InlineData("leonardo")]
    public void SamplesBuildForOtherBoards(string board)
    {
        if (!File.Exists("/usr/bin/avr-gcc") || !Directory.Exists(Repo.CorePath)) return;
        var (dir, result) = SampleBuilds.Get(_sdk, board);
        Assert.True(result.ExitCode == 0, result.ToString());
        var report = new BuildReport(dir, board);
        Assert.All(report.Sketches, s => Assert.Equal("ok", s.GetProperty("status").GetString()));
        Assert.Equal(SampleNames.Length, report.Sketches.Count());
    }
}
