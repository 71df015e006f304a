namespace FBuild.IntegrationTests;

[Collection("sdk")]
public sealed class IncrementalTests
{
    private readonly SdkFixture _sdk;
    public IncrementalTests(SdkFixture sdk) => _sdk = sdk;

    private static int ToolRuns(string dir) =>
        Directory.GetFiles(Path.Combine(dir, "artifacts"), "trace.tsv", SearchOption.AllDirectories).Sum(f => File.ReadAllLines(f).Length);

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void ADifferentCompilerAtTheSamePathRebuilds()
    {
        var dir = _sdk.NewDir("toolswap");
        _sdk.UseLocalSdk(dir);
        var tools = Path.Combine(dir, "toolchain");
        Directory.CreateDirectory(tools);
        foreach (var t in new[] { "avr-gcc", "avr-g++", "avr-gcc-ar", "avr-objcopy" })
        {
            var path = Path.Combine(tools, t);
            File.WriteAllText(path, $"#!/bin/sh\nexec /usr/bin/{t} \"$@\"\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        File.WriteAllText(Path.Combine(dir, "Sketches.proj"), "<Project Sdk=\"FBuild.Sdk\" />\n");
        Directory.CreateDirectory(Path.Combine(dir, "Blink"));
        File.WriteAllText(Path.Combine(dir, "Blink", "Blink.ino"), "void setup() { pinMode(13, OUTPUT); }\nvoid loop() { digitalWrite(13, !digitalRead(13)); delay(500); }\n");
        File.WriteAllText(Path.Combine(dir, "Blink", "Blink.fbproj"), "<Project Sdk=\"FBuild.Sdk\" />\n");
        string[] args = { "build", "Sketches.proj", "-p:Board=uno", "-p:FBuildToolchainPath=" + tools };

        Assert.True(_sdk.Dotnet(dir, args) is { ExitCode: 0 } first, "first build failed");
        int afterFirst = ToolRuns(dir);
        var again = _sdk.Dotnet(dir, args);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(afterFirst, ToolRuns(dir));

        // Same path, different binary: everything the C++ compiler built is rebuilt, and the link after it.
        File.AppendAllText(Path.Combine(tools, "avr-g++"), "# another version\n");
        var swapped = _sdk.Dotnet(dir, args);
        Assert.True(swapped.ExitCode == 0, swapped.ToString());
        var sketchTrace = File.ReadAllLines(Path.Combine(dir, "artifacts", "uno", "sketches", "Blink", "trace.tsv"));
        Assert.Equal(2, sketchTrace.Count(l => l.Contains("\tcompile\t")));
        var frameworkTrace = File.ReadAllLines(Path.Combine(dir, "artifacts", "uno", "framework", "trace.tsv"));
        var cppCompiles = frameworkTrace.Count(l => l.Contains("\tcompile\t") && l.EndsWith(".cpp"));
        var cCompiles = frameworkTrace.Count(l => l.Contains("\tcompile\t") && l.EndsWith(".c"));
        Assert.True(cppCompiles >= 2 * 17, $"core .cpp files were not all recompiled ({cppCompiles})");
        Assert.Equal(7, cCompiles); // the .c files (avr-gcc) were not touched: built once
    }

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void HeaderEditsAndShadowingHeadersRebuildOnlyTheirSketch()
    {
        var dir = _sdk.CopySamples("headers");
        string[] args = { "build", "Sketches.proj", "-p:Board=uno" };
        Assert.True(_sdk.Dotnet(dir, args).ExitCode == 0);
        string Trace(string sketch) => File.ReadAllText(Path.Combine(dir, "artifacts", "uno", "sketches", sketch, "trace.tsv"));
        var before = Directory.GetDirectories(Path.Combine(dir, "artifacts", "uno", "sketches")).ToDictionary(d => Path.GetFileName(d), d => Trace(Path.GetFileName(d)));

        // 1. A header of one sketch edited and restored with its old time: content differs in size, so it rebuilds.
        var header = Path.Combine(dir, "SrcFolder", "src", "util", "Checksum.h");
        var oldTime = File.GetLastWriteTimeUtc(header);
        File.AppendAllText(header, "\n// edited\n");
        File.SetLastWriteTimeUtc(header, oldTime);
        Assert.True(_sdk.Dotnet(dir, args).ExitCode == 0);
        Assert.NotEqual(before["SrcFolder"], Trace("SrcFolder"));
        foreach (var other in before.Keys.Where(k => k != "SrcFolder")) Assert.Equal(before[other], Trace(other));

        // 2. A new file in a folder on the include path (where it could shadow a header found later) rebuilds what searched it.
        var afterEdit = Trace("UserLibDemo");
        File.WriteAllText(Path.Combine(dir, "UserLibDemo", "unrelated.h"), "#pragma once\n");
        Assert.True(_sdk.Dotnet(dir, args).ExitCode == 0);
        Assert.NotEqual(afterEdit, Trace("UserLibDemo"));
        Assert.Equal(before["HelloSerial"], Trace("HelloSerial"));

        // 3. Nothing changed: nothing runs.
        var all = before.Keys.ToDictionary(k => k, Trace);
        Assert.True(_sdk.Dotnet(dir, args).ExitCode == 0);
        foreach (var k in all.Keys) Assert.Equal(all[k], Trace(k));
    }

    /// <summary>Every file below artifacts/ with its size and modification time.</summary>
    private static Dictionary<string, (long, DateTime)> Outputs(string dir) =>
        Directory.GetFiles(Path.Combine(dir, "artifacts"), "*", SearchOption.AllDirectories)
            .ToDictionary(f => f, f => (new FileInfo(f).Length, File.GetLastWriteTimeUtc(f)));

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void QuestionModeSaysWhetherTheBuildIsUpToDateAndBuildsNothing()
    {
        var dir = _sdk.CopySamples("question");
        string[] build = { "build", "Sketches.proj", "-p:Board=uno" };
        string[] question = { "build", "Sketches.proj", "-p:Board=uno", "-question" };
        Assert.True(_sdk.Dotnet(dir, build) is { ExitCode: 0 } first, "first build failed");

        // Nothing changed: -question succeeds and writes nothing (reports included).
        var outputs = Outputs(dir);
        var upToDate = _sdk.Dotnet(dir, question);
        Assert.True(upToDate.ExitCode == 0, upToDate.ToString());
        Assert.DoesNotContain("FB0061", upToDate.Output);
        Assert.Equal(outputs, Outputs(dir));

        // A sketch tab edited: -question fails naming what would be rebuilt, and builds nothing.
        File.AppendAllText(Path.Combine(dir, "HelloSerial", "HelloSerial.ino"), "\n// edited\n");
        var staleSketch = _sdk.Dotnet(dir, question);
        Assert.True(staleSketch.ExitCode != 0, staleSketch.ToString());
        Assert.Contains("error FB0061", staleSketch.Output);
        Assert.Contains("HelloSerial.ino.cpp' is not up to date", staleSketch.Output);
        Assert.Equal(outputs, Outputs(dir));

        // A library header edited too: the framework's object is named (the sketches wait for their framework).
        File.AppendAllText(Path.Combine(dir, "libraries", "TinyFormat", "TinyFormat.h"), "\n#define TINYFORMAT_EDITED 1\n");
        var staleLibrary = _sdk.Dotnet(dir, question);
        Assert.True(staleLibrary.ExitCode != 0, staleLibrary.ToString());
        Assert.Contains("TinyFormat.cpp.o' is not up to date", staleLibrary.Output);
        Assert.Equal(outputs, Outputs(dir));

        // After a real build it is up to date again.
        Assert.True(_sdk.Dotnet(dir, build).ExitCode == 0);
        var again = _sdk.Dotnet(dir, question);
        Assert.True(again.ExitCode == 0, again.ToString());
    }
}
