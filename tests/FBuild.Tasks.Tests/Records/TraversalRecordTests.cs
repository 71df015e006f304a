using FBuild.Tasks.Build;
using FBuild.Tasks.FileSystem;
using FBuild.Tasks.Records;

namespace FBuild.Tasks.Tests.Records;

public sealed class TraversalRecordTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fbuild-traversalrecord " + Guid.NewGuid().ToString("N"));

    public TraversalRecordTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private static string Key(string env = "A=1", string props = "Board=uno") =>
        TraversalRecord.KeyOf(new (string, IEnumerable<string>)[] { ("environment", new[] { env }), ("global properties (-p:)", new[] { props }) });

    private static TraversalRecord Sample()
    {
        var r = new TraversalRecord { Key = Key(), CapturedTicks = 638700000000000000 };
        r.Sketches.Add(new TraversalSketch("/s/Blink/Blink.fbproj", new[]
        {
            new KeyValuePair<string, string>("BoardKey", "uno"), new KeyValuePair<string, string>("Name", "Blink"),
            new KeyValuePair<string, string>("Note", ""), new KeyValuePair<string, string>("ResultFile", "/s/artifacts/uno/sketches/Blink Two/result.json"),
        }));
        r.Failures.Add(new TraversalFailure("/s/Blink/Blink ino.cpp", "/s/artifacts/uno/sketches/Blink/Blink.ino.cpp.o.fbstate"));
        r.Inputs.Add(new RecordedInput("/s/Blink/", new FileStamp(0, 638700000000000001, 638700000000000002), "-"));
        r.Inputs.Add(new RecordedInput("/s/Blink/Blink.ino", new FileStamp(120, 638700000000000001, 638700000000000002), new string('a', 64)));
        r.Inputs.Add(new RecordedInput("/s/Blink/Directory.Build.props", FileStamp.Missing, "-"));
        r.Inputs.Add(new RecordedInput("/s/with space/x.h", new FileStamp(3, 4, 5), new string('b', 64)));
        return r;
    }

    [Fact]
    public void FormatAndParse_RoundTrip()
    {
        var back = TraversalRecord.Parse(Sample().Format())!;
        Assert.Equal(Sample().Format(), back.Format());
        Assert.Equal("/s/artifacts/uno/sketches/Blink Two/result.json", back.Sketches[0].Metadata.Single(m => m.Key == "ResultFile").Value);
        Assert.Equal("", back.Sketches[0].Metadata.Single(m => m.Key == "Note").Value);
        Assert.Equal(Sample().Inputs, back.Inputs);
        Assert.Equal(Sample().Failures, back.Failures);
        Assert.Equal(638700000000000000, back.CapturedTicks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("fbtraversal 0\nkey k\nat 1\n")]
    [InlineData("fbtraversal 1\nkey k\nat x\n")]
    [InlineData("fbtraversal 1\nkey k\nat 1\nin 1 2 3 - /p")] // cut short: no final newline
    [InlineData("fbtraversal 1\nkey k\nat 1\nin 1 2 - /p\n")]
    [InlineData("fbtraversal 1\nkey k\nat 1\nin 1 2 3 xyz /p\n")]
    [InlineData("fbtraversal 1\nkey k\nat 1\nsketch a b\n")]
    [InlineData("fbtraversal 1\nkey k\nat 1\nsketch !!\n")]
    [InlineData("fbtraversal 1\nkey k\nat 1\nfailed YQ==\n")]
    [InlineData("fbtraversal 1\nkey k\nat 1\nother line\n")]
    public void AnythingElseIsNoRecord(string text) => Assert.Null(TraversalRecord.Parse(text));

    [Fact]
    public void NoRecord_OrAnotherKey_Misses_AndSaysWhichPartChanged()
    {
        Assert.StartsWith("no traversal record", TraversalRecord.WhyStale(null, Key(), (_, _) => null));
        Assert.Null(TraversalRecord.WhyStale(Sample(), Key(), (_, _) => null));
        Assert.Equal("the environment changed", TraversalRecord.WhyStale(Sample(), Key(env: "A=2"), (_, _) => null));
        Assert.Equal("the global properties (-p:) changed", TraversalRecord.WhyStale(Sample(), Key(props: "Board=mega"), (_, _) => null));
        Assert.Equal("the environment, the global properties (-p:) changed", TraversalRecord.WhyStale(Sample(), Key("B", "C"), (_, _) => null));
    }

    [Fact]
    public void TheFirstChangedInputMisses_JudgedAtTheRecordsCaptureTime()
    {
        var seen = new List<(string, long)>();
        var why = TraversalRecord.WhyStale(Sample(), Key(), (input, at) =>
        {
            seen.Add((input.Path, at));
            return input.Path.EndsWith("Blink.ino") ? "'Blink.ino' changed" : null;
        });
        Assert.Equal("'Blink.ino' changed", why);
        Assert.Equal(new[] { ("/s/Blink/", 638700000000000000L), ("/s/Blink/Blink.ino", 638700000000000000L) }, seen);
    }

    [Fact]
    public void StampsOnDisk_DecideAsInBuildRecords_AndAMissingFileMustStayMissing()
    {
        var file = Path.Combine(_dir, "a.h");
        File.WriteAllText(file, "one\n");
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(-10));
        var stamp = FileStamp.Of(file);
        var digest = ContentDigest.Of(file)!.Digest;
        long captured = DateTime.UtcNow.Ticks;
        var recorded = new RecordedInput(file, stamp, digest);
        var absent = new RecordedInput(Path.Combine(_dir, "Directory.Build.props"), FileStamp.Missing, "-");
        Assert.Null(FBuildCheckTraversalUpToDate.WhyChanged(recorded, captured, out _));
        Assert.Null(FBuildCheckTraversalUpToDate.WhyChanged(absent, captured, out _));

        // Another stamp (same size, new content): changed. A new file where none was: changed.
        File.WriteAllText(file, "two\n");
        Assert.NotNull(FBuildCheckTraversalUpToDate.WhyChanged(recorded, captured, out _));
        File.WriteAllText(absent.Path, "<Project />\n");
        Assert.Contains("appeared", FBuildCheckTraversalUpToDate.WhyChanged(absent, captured, out _));
        // A deleted file: changed.
        File.Delete(file);
        Assert.Contains("removed", FBuildCheckTraversalUpToDate.WhyChanged(recorded, captured, out _));
    }

    [Fact]
    public void SaveWritesAtomically_AndLoadReadsIt()
    {
        var path = Path.Combine(_dir, "traversal", "Sketches.uno.fbtraversal");
        Sample().Save(path);
        Assert.Equal(Sample().Format(), TraversalRecord.Load(path)!.Format());
        Assert.False(File.Exists(path + ".tmp"));
        File.WriteAllText(path, "fbtraversal 1\nkey");
        Assert.Null(TraversalRecord.Load(path));
    }
}
