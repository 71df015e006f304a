namespace FBuild.IntegrationTests;

/// <summary>
/// The sketch-set fast path (FBuildTraversalFastPath): a no-op of the traversal checks its record and builds no
/// project; every kind of change the record covers misses it and rebuilds what changed.
/// </summary>
[Collection("sdk")]
public sealed class TraversalFastPathTests
{
    private const string Hit = "FBuild: the sketch set is up to date (traversal record";
    private const string Miss = "FBuild: traversal fast path missed: ";
    private readonly SdkFixture _sdk;
    public TraversalFastPathTests(SdkFixture sdk) => _sdk = sdk;

    private static int ToolRuns(string dir) =>
        Directory.GetFiles(Path.Combine(dir, "artifacts"), "trace.tsv", SearchOption.AllDirectories).Sum(f => File.ReadAllLines(f).Length);

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void ANoOpHits_AndEveryChangeMissesAndRebuilds()
    {
        var dir = _sdk.CopySamples("tfast");
        // A copy of the platform, so its core can be edited.
        var platform = Path.Combine(_sdk.NewDir("tfast-platform"), "avr");
        SdkFixture.CopyDirectory(Repo.CorePath, platform);
        var args = new List<string> { "build", "Sketches.proj", "-p:Board=uno", "-p:FBuildPlatformPath=" + platform, "-v:n" };
        Dictionary<string, string?>? env = null;
        RunResult Build(params string[] extra)
        {
            var r = _sdk.Dotnet(dir, env, args.Concat(extra).ToArray());
            Assert.True(r.ExitCode == 0, r.ToString());
            return r;
        }
        var results = Path.Combine(dir, "artifacts", "uno", "results.json");
        Build();
        int runs = ToolRuns(dir);
        var hex = Path.Combine(dir, "artifacts", "uno", "sketches", "HelloSerial", "HelloSerial.ino.hex");

        void NoOpHits()
        {
            File.Delete(results);
            var r = Build();
            Assert.Contains(Hit, r.Output);
            Assert.DoesNotContain(Miss, r.Output);
            Assert.Equal(runs, ToolRuns(dir));
            // The report is written from the recorded results: every sketch ok, nothing rebuilt.
            var report = File.ReadAllText(results);
            Assert.Contains("\"status\": \"ok\"", report);
            Assert.DoesNotContain("\"status\": \"failed\"", report);
            Assert.Contains("10 sketches, 10 ok, 0 failed", r.Output);
            Assert.Contains("0 objects rebuilt", r.Output);
        }
        void MissesAndRebuilds(string what, bool runsTools, params string[] extra)
        {
            var r = Build(extra);
            Assert.True(r.Output.Contains(Miss), what + ": no miss\n" + r.Output);
            Assert.DoesNotContain(Hit, r.Output);
            int now = ToolRuns(dir);
            if (runsTools) Assert.True(now > runs, what + ": nothing was rebuilt\n" + r.Output);
            runs = now;
        }

        // The second build misses (no record yet: the first one wrote it) only when the first wrote none.
        NoOpHits();
        NoOpHits();

        // 1. An .ino edited.
        File.AppendAllText(Path.Combine(dir, "HelloSerial", "HelloSerial.ino"), "\nint tfastEdited() { return 1; }\n");
        MissesAndRebuilds("ino edit", true);
        NoOpHits();

        // 2. A core header edited (in the platform copy).
        File.AppendAllText(Path.Combine(platform, "cores", "arduino", "Arduino.h"), "\n// edited\n");
        MissesAndRebuilds("core header", true);
        NoOpHits();

        // 3. A library header edited.
        File.AppendAllText(Path.Combine(dir, "libraries", "TinyFormat", "TinyFormat.h"), "\n// edited\n");
        MissesAndRebuilds("library header", true);
        NoOpHits();

        // 4. A new tab.
        File.WriteAllText(Path.Combine(dir, "BlinkMulti", "Extra.ino"), "int extraTab() { return 2; }\n");
        MissesAndRebuilds("new tab", true);
        NoOpHits();

        // 5. A new Directory.Build.props between a sketch and the root (it could set any property).
        File.WriteAllText(Path.Combine(dir, "HelloSerial", "Directory.Build.props"),
            "<Project>\n  <Import Project=\"../Directory.Build.props\" />\n</Project>\n");
        MissesAndRebuilds("new Directory.Build.props", false);
        NoOpHits();

        // 6. An environment variable.
        env = new Dictionary<string, string?> { ["TFAST_SOME_VARIABLE"] = "1" };
        var r6 = Build();
        Assert.Contains(Miss + "the environment changed", r6.Output);
        NoOpHits();

        // 7. A property.
        args.Add("-p:TFastSomeProperty=1");
        var r7 = Build();
        Assert.Contains(Miss + "the global properties (-p:) changed", r7.Output);
        NoOpHits();

        // 8. A deleted .hex: rebuilt, the same.
        var hexBytes = File.ReadAllBytes(hex);
        File.Delete(hex);
        MissesAndRebuilds("deleted .hex", false);
        Assert.Equal(hexBytes, File.ReadAllBytes(hex));
        NoOpHits();

        // Off: a whole build, and no hit message.
        var off = Build("-p:FBuildTraversalFastPath=false");
        Assert.DoesNotContain(Hit, off.Output);
        Assert.DoesNotContain(Miss, off.Output);
    }

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void AFailedBuildWritesNoRecord_AndQuestionModeHitsOnlyWhenUpToDate()
    {
        var dir = _sdk.CopySamples("tfast-fail");
        string[] args = { "build", "Sketches.proj", "-p:Board=uno", "-v:n" };
        var ino = Path.Combine(dir, "HelloSerial", "HelloSerial.ino");
        var good = File.ReadAllText(ino);
        File.AppendAllText(ino, "\nint broken( { \n");
        Assert.NotEqual(0, _sdk.Dotnet(dir, args).ExitCode);
        // The failure is not hidden by a record: the build fails again, with the compiler's error.
        var again = _sdk.Dotnet(dir, args);
        Assert.NotEqual(0, again.ExitCode);
        Assert.DoesNotContain(Hit, again.Output);
        Assert.Contains("HelloSerial", again.Output);

        File.WriteAllText(ino, good);
        Assert.Equal(0, _sdk.Dotnet(dir, args).ExitCode);
        var question = _sdk.Dotnet(dir, args.Append("-question").ToArray());
        Assert.True(question.ExitCode == 0, question.ToString());
        Assert.Contains(Hit, question.Output);
        File.AppendAllText(ino, "\nint tfastQuestion() { return 3; }\n");
        var stale = _sdk.Dotnet(dir, args.Append("-question").ToArray());
        Assert.NotEqual(0, stale.ExitCode);
        Assert.Contains(Miss, stale.Output);
        Assert.Contains("FB0061", stale.Output);
        // -question wrote nothing: the record is still there, and the build still misses.
        var build = _sdk.Dotnet(dir, args);
        Assert.Equal(0, build.ExitCode);
        Assert.Contains(Miss, build.Output);
    }
}
