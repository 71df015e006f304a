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

    /// <summary>The compiler's diagnostics for <paramref name="file"/> in a build's output ("path(line,col): gcc error : message"), without the project MSBuild appends.</summary>
    private static HashSet<string> Diagnostics(string output, string file, string severity) =>
        output.Split('\n').Select(l => l.Trim())
            .Where(l => l.Contains(file + "(") && l.Contains(" " + severity + " "))
            .Select(l => System.Text.RegularExpressions.Regex.Replace(l, @" \[[^\]]*\]$", ""))
            .Select(l => l.Substring(l.IndexOf('/')))
            .ToHashSet();

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void AFailedSketchIsRecorded_ItsErrorsReplayedOnAHit_UntilItsSourceOrAMissingHeaderChanges()
    {
        var dir = _sdk.CopySamples("tfast-fail");
        string[] args = { "build", "Sketches.proj", "-p:Board=uno", "-v:n" };
        var ino = Path.Combine(dir, "HelloSerial", "HelloSerial.ino");
        var results = Path.Combine(dir, "artifacts", "uno", "results.json");
        var good = File.ReadAllText(ino);
        File.AppendAllText(ino, "\nint broken( { \n");
        var failed = _sdk.Dotnet(dir, args);
        Assert.NotEqual(0, failed.ExitCode);
        var errors = Diagnostics(failed.Output, "HelloSerial.ino", "error");
        Assert.NotEmpty(errors);
        // A failed build writes no record when a stamp it read was too close to it to be conclusive (the sketch's library
        // resolution record then is not written either): one more build writes it, with its errors replayed.
        RunResult FailedNoOp()
        {
            var r = _sdk.Dotnet(dir, args);
            if (!r.Output.Contains(Hit)) r = _sdk.Dotnet(dir, args);
            return r;
        }
        var settle = _sdk.Dotnet(dir, args);
        Assert.NotEqual(0, settle.ExitCode);
        int runs = ToolRuns(dir);

        // The no-op hits and fails as the build did: the same errors (file, line), FB0050 naming the sketch, no tool run.
        File.Delete(results);
        var again = _sdk.Dotnet(dir, args);
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains(Hit, again.Output);
        Assert.Contains("1 recorded failure(s) replayed", again.Output);
        Assert.DoesNotContain(Miss, again.Output);
        Assert.Equal(errors, Diagnostics(again.Output, "HelloSerial.ino", "error"));
        Assert.Contains("FB0050", again.Output);
        Assert.Contains("sketch(es) failed: HelloSerial [uno]", again.Output);
        Assert.Equal(runs, ToolRuns(dir));
        Assert.Contains("\"status\": \"failed\"", File.ReadAllText(results));

        // -question: the recorded failure is up to date; its errors are warnings and the build succeeds.
        var question = _sdk.Dotnet(dir, args.Append("-question").ToArray());
        Assert.True(question.ExitCode == 0, question.ToString());
        Assert.Contains(Hit, question.Output);
        Assert.Equal(errors.Select(e => e.Replace(" error ", " warning ")).ToHashSet(), Diagnostics(question.Output, "HelloSerial.ino", "warning"));
        Assert.Empty(Diagnostics(question.Output, "HelloSerial.ino", "error"));
        Assert.Equal(runs, ToolRuns(dir));

        // Fixed: a miss, and the build succeeds.
        File.WriteAllText(ino, good);
        var fixedBuild = _sdk.Dotnet(dir, args);
        Assert.True(fixedBuild.ExitCode == 0, fixedBuild.ToString());
        Assert.Contains(Miss, fixedBuild.Output);
        Assert.Contains(Hit, _sdk.Dotnet(dir, args).Output);

        // A missing header: the failure is recorded with the folders it was looked for in; creating it misses.
        var library = Path.Combine(dir, "libraries", "TinyFormat");
        File.WriteAllText(ino, "#include <TinyFormat.h>\n#include <TfastMissing.h>\n" + good);
        var missing = _sdk.Dotnet(dir, args);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("TfastMissing.h", missing.Output);
        var stillMissing = FailedNoOp();
        Assert.NotEqual(0, stillMissing.ExitCode);
        Assert.Contains(Hit, stillMissing.Output);
        Assert.Contains("TfastMissing.h", stillMissing.Output);
        File.WriteAllText(Path.Combine(library, "TfastMissing.h"), "#define TFAST_MISSING 1\n");
        var found = _sdk.Dotnet(dir, args);
        Assert.True(found.ExitCode == 0, found.ToString());
        Assert.Contains(Miss, found.Output);
    }

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void QuestionModeHitsOnlyWhenUpToDate()
    {
        var dir = _sdk.CopySamples("tfast-question");
        string[] args = { "build", "Sketches.proj", "-p:Board=uno", "-v:n" };
        var ino = Path.Combine(dir, "HelloSerial", "HelloSerial.ino");
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
