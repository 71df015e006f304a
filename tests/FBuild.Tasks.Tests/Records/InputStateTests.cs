using FBuild.Tasks.Records;
using FBuild.Tasks.FileSystem;

namespace FBuild.Tasks.Tests.Records;

public sealed class InputStateTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fbuild-state " + Guid.NewGuid().ToString("N"));
    private readonly string _output;
    private readonly string _stateFile;
    private readonly string _a;
    private readonly string _b;
    private readonly string _hash = InputState.Hash(new[] { "avr-gcc", "-c", "a.c" });
    /// <summary>An mtime safely before the capture's start time.</summary>
    private static readonly DateTime Past = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1234567);

    public InputStateTests()
    {
        Directory.CreateDirectory(_dir);
        _output = Path.Combine(_dir, "a.c.o");
        _stateFile = _output + ".fbstate";
        _a = Path.Combine(_dir, "src dir", "a file.c");
        _b = Path.Combine(_dir, "b.h");
        Directory.CreateDirectory(Path.GetDirectoryName(_a)!);
        WriteAt(_a, "int a = 1;\n", Past);
        WriteAt(_b, "#define B 2\n", Past.AddSeconds(1));
        File.WriteAllText(_output, "object");
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private static void WriteAt(string path, string text, DateTime mtimeUtc)
    {
        File.WriteAllText(path, text);
        File.SetLastWriteTimeUtc(path, mtimeUtc);
    }

    /// <summary>Records a build that started at <paramref name="started"/> (default: now).</summary>
    private void Record(DateTime? started = null) =>
        InputState.Capture(_hash, new[] { _a, _b }, started ?? DateTime.UtcNow.AddHours(1)).Save(_stateFile);

    [Fact]
    public void CurrentWhenNothingChanged()
    {
        Record();
        Assert.Null(InputState.WhyStale(_output, _stateFile, _hash));
    }

    [Fact]
    public void OutputMissing()
    {
        Record();
        File.Delete(_output);
        Assert.Equal("output missing", InputState.WhyStale(_output, _stateFile, _hash));
    }

    [Fact]
    public void NoStateFile()
    {
        var reason = InputState.WhyStale(_output, _stateFile, _hash);
        Assert.NotNull(reason);
        Assert.Contains("no build record", reason);
    }

    [Fact]
    public void CommandChanged()
    {
        Record();
        var other = InputState.Hash(new[] { "avr-gcc", "-c", "-O2", "a.c" });
        Assert.Equal("command line changed", InputState.WhyStale(_output, _stateFile, other));
    }

    [Fact]
    public void Hash_SeparatesArguments()
    {
        Assert.NotEqual(InputState.Hash(new[] { "a b" }), InputState.Hash(new[] { "a", "b" }));
        Assert.NotEqual(InputState.Hash(new[] { "ab", "" }), InputState.Hash(new[] { "a", "b" }));
        Assert.Equal(InputState.Hash(new[] { "x", "y" }), InputState.Hash(new List<string> { "x", "y" }));
        Assert.Matches("^[0-9a-f]{64}$", InputState.Hash(new[] { "x" }));
    }

    [Fact]
    public void ContentChangedWithSameSize()
    {
        Record();
        // Same length, new content, written now (a new mtime).
        File.WriteAllText(_a, "int a = 9;\n");
        var reason = InputState.WhyStale(_output, _stateFile, _hash);
        Assert.NotNull(reason);
        Assert.Contains(_a, reason);
    }

    [Fact]
    public void SizeChangedWithSameMtime()
    {
        Record();
        WriteAt(_b, "#define B 22\n", Past.AddSeconds(1));
        var reason = InputState.WhyStale(_output, _stateFile, _hash);
        Assert.NotNull(reason);
        Assert.Contains(_b, reason);
    }

    [Fact]
    public void RestoredWithAnOlderMtime()
    {
        Record();
        // E.g. git checkout of an older version or a backup restore: other content, the mtime goes back in time.
        WriteAt(_a, "int a = 12;\n", Past.AddDays(-30));
        var reason = InputState.WhyStale(_output, _stateFile, _hash);
        Assert.NotNull(reason);
        Assert.Contains(_a, reason);
    }

    [Fact]
    public void InputRemoved()
    {
        Record();
        File.Delete(_b);
        Assert.Equal($"'{_b}' was removed", InputState.WhyStale(_output, _stateFile, _hash));
    }

    [Fact]
    public void InputMissingAtCaptureStaysStaleUntilItExists()
    {
        var missing = Path.Combine(_dir, "gone.h");
        var state = InputState.Capture(_hash, new[] { _a, missing }, DateTime.UtcNow.AddHours(1));
        Assert.False(state.Inputs[1].Stamp.Exists);
        state.Save(_stateFile);
        Assert.Contains("gone.h' is missing", InputState.WhyStale(_output, _stateFile, _hash));
        File.WriteAllText(missing, "x");
        Assert.Contains("gone.h' appeared", InputState.WhyStale(_output, _stateFile, _hash));
    }

    [Fact]
    public void InputEditedDuringTheCompile()
    {
        // The compile started just before the input's mtime: it was edited while gcc read it.
        var started = Past.AddSeconds(1).AddMilliseconds(-1);
        var state = InputState.Capture(_hash, new[] { _a, _b }, started);
        // (on Linux the ctime of both files is now, after the start: both count as changed during the run)
        Assert.True(state.Inputs.Single(i => i.Path == _b).ChangedDuringBuild);
        state.Save(_stateFile);

        var reason = InputState.WhyStale(_output, _stateFile, _hash);
        Assert.NotNull(reason);
        Assert.Contains("while", reason);
    }

    [Fact]
    public void InputKnownBeforeTheRunIsJudgedByItsSnapshot()
    {
        // Written just before the run (same coarse time step as the start): unchanged since the snapshot, so current.
        File.WriteAllText(_b, "#define B 3\n");
        var before = InputState.Snapshot(new[] { _b });
        var started = DateTime.UtcNow;
        var state = InputState.Capture(_hash, new[] { _b }, started, before);
        Assert.False(state.Inputs[0].ChangedDuringBuild);
        // Changed after the snapshot: recorded as changed during the run.
        File.AppendAllText(_b, "more");
        var changed = InputState.Capture(_hash, new[] { _b }, started, before);
        Assert.True(changed.Inputs[0].ChangedDuringBuild);
    }

    [Fact]
    public void InputKnownBeforeTheRunRewrittenWithSameSizeAndTimesIsCaught()
    {
        var before = InputState.Snapshot(new[] { _a });
        // Same size, mtime put back: only the content (and the ctime) tell.
        WriteAt(_a, "int a = 7;\n", Past);
        var state = InputState.Capture(_hash, new[] { _a }, DateTime.UtcNow, before);
        Assert.True(state.Inputs[0].ChangedDuringBuild);
    }

    [Fact]
    public void InputModifiedAfterTheStart()
    {
        var started = Past.AddMilliseconds(500);
        var state = InputState.Capture(_hash, new[] { _b }, started);
        Assert.True(state.Inputs[0].ChangedDuringBuild);
    }

    [Fact]
    public void Capture_RecordsStampAndDigestOnceEach()
    {
        var state = InputState.Capture(_hash, new[] { _a, _b, _a }, DateTime.UtcNow.AddHours(1));
        Assert.Equal(_hash, state.CommandHash);
        Assert.Equal(new[] { _a, _b }, state.Inputs.Select(i => i.Path).ToArray());
        Assert.Equal(11L, state.Inputs[0].Stamp.Size);
        Assert.Equal(Past.Ticks, state.Inputs[0].Stamp.MtimeTicks);
        Assert.Equal(Past.AddSeconds(1).Ticks, state.Inputs[1].Stamp.MtimeTicks);
        Assert.Equal(ContentDigest.Hex(File.ReadAllBytes(_a)), state.Inputs[0].Digest);
    }

    [Fact]
    public void EditedBackdatedWithSameSizeAndMtimeIsStale()
    {
        Record(DateTime.UtcNow.AddHours(1));
        // The ccache "backdated header" case: new content, same size, the old mtime restored.
        WriteAt(_b, "#define B 3\n", Past.AddSeconds(1));
        var reason = InputState.WhyStale(_output, _stateFile, _hash);
        Assert.NotNull(reason);
        Assert.Contains(_b, reason);
    }

    [Fact]
    public void TouchedWithoutChangeIsCurrent()
    {
        Record(DateTime.UtcNow.AddHours(1));
        File.SetLastWriteTimeUtc(_b, DateTime.UtcNow);
        Assert.Null(InputState.WhyStale(_output, _stateFile, _hash));
    }

    [Fact]
    public void RacyRecordIsCheckedByContent()
    {
        // Written moments before the record: its stamp proves nothing, so a same-stamp rewrite must still be found.
        var written = DateTime.UtcNow;
        WriteAt(_b, "#define B 4\n", written);
        var state = InputState.Capture(_hash, new[] { _b }, written.AddHours(1));
        Assert.True(state.Inputs[0].Stamp.IsRacyAt(state.CapturedTicks));
        state.Save(_stateFile);
        Assert.Null(InputState.WhyStale(_output, _stateFile, _hash));
        WriteAt(_b, "#define B 5\n", written);
        Assert.Contains("content", InputState.WhyStale(_output, _stateFile, _hash));
    }

    [Fact]
    public void SaveLoadRoundTripWithSpacesInPaths()
    {
        var state = new InputState { CommandHash = _hash, CapturedTicks = 638000000000000001 };
        state.Inputs.Add(new RecordedInput(_a, new FileStamp(11, Past.Ticks, Past.Ticks + 5), new string('a', 64)));
        state.Inputs.Add(new RecordedInput("/path with  two  spaces/x y.h", new FileStamp(0, -1, 0), "-"));
        state.Inputs.Add(new RecordedInput("/trailing space /z.h ", new FileStamp(123456789012, 638000000000000000, 0), "-"));
        var file = Path.Combine(_dir, "rt state.fbstate");
        state.Save(file);

        var loaded = InputState.Load(file);

        Assert.NotNull(loaded);
        Assert.Equal(_hash, loaded!.CommandHash);
        Assert.Equal(state.CapturedTicks, loaded.CapturedTicks);
        Assert.Equal(state.Inputs, loaded.Inputs);
        Assert.False(File.Exists(file + ".tmp"));
    }

    [Fact]
    public void SaveReplacesAnExistingState()
    {
        Record();
        var state = new InputState { CommandHash = "other" };
        state.Save(_stateFile);
        Assert.Equal("other", InputState.Load(_stateFile)!.CommandHash);
        Assert.Empty(InputState.Load(_stateFile)!.Inputs);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("fbstate 2\n")]
    [InlineData("fbstate 1\ncmd HASH\nat 5\n")]
    [InlineData("fbstate 2\ncmd HASH\n")]
    [InlineData("fbstate 2\nnotcmd HASH\nat 5\n")]
    [InlineData("fbstate 2\ncmd HASH\nat 5\nin 12\n")]
    [InlineData("fbstate 2\ncmd HASH\nat 5\nin x 5 0 - /a.c\n")]
    [InlineData("fbstate 2\ncmd HASH\nat 5\nin 5 y 0 - /a.c\n")]
    [InlineData("fbstate 2\ncmd HASH\nat 5\nin 5 6 0 nothex /a.c\n")]
    [InlineData("fbstate 2\ncmd HASH\nat 5\nout 5 6 0 - /a.c\n")]
    public void CorruptStateFileMeansNoBuildRecord(string text)
    {
        var withHash = text.Replace("HASH", _hash);
        File.WriteAllText(_stateFile, withHash);
        Assert.Null(InputState.Load(_stateFile));
        var reason = InputState.WhyStale(_output, _stateFile, _hash);
        Assert.NotNull(reason);
        Assert.Contains("no build record", reason);
    }

    [Fact]
    public void BinaryGarbageStateFileIsStale()
    {
        File.WriteAllBytes(_stateFile, new byte[] { 0, 0xff, 0xfe, 0x80, 10, 13, 0 });
        Assert.NotNull(InputState.WhyStale(_output, _stateFile, _hash));
    }

    [Fact]
    public void ARacyRecordIsRefreshedOnceItsStampsAreConclusive()
    {
        // Recorded moments after the inputs were written (their ctime is now): the stamps cannot decide, the content does.
        Record();
        var racy = File.ReadAllText(_stateFile);

        // Judged while the stamps are still racy: current, and the record is left alone.
        Assert.Null(InputState.WhyStale(_output, _stateFile, _hash, DateTime.UtcNow.Ticks));
        Assert.Equal(racy, File.ReadAllText(_stateFile));

        // Judged later: current, and the record now carries a capture time that makes the same stamps conclusive.
        long later = DateTime.UtcNow.AddSeconds(10).Ticks;
        Assert.Null(InputState.WhyStale(_output, _stateFile, _hash, later));
        var refreshed = InputState.Load(_stateFile)!;
        Assert.Equal(later, refreshed.CapturedTicks);
        Assert.All(refreshed.Inputs, i => Assert.False(i.Stamp.IsRacyAt(later)));
        Assert.Null(InputState.WhyStale(_output, _stateFile, _hash, (long?)null));

        // A same-size edit with the old mtime put back is still seen after the refresh: its ctime moved.
        Thread.Sleep(20);
        var mtime = File.GetLastWriteTimeUtc(_a);
        File.WriteAllText(_a, "int a = 7;\n");
        File.SetLastWriteTimeUtc(_a, mtime);
        Assert.Contains("changed (content)", InputState.WhyStale(_output, _stateFile, _hash, (long?)null));
    }

    [Fact]
    public void NoRefreshWhenNotAsked()
    {
        Record();
        var racy = File.ReadAllText(_stateFile);
        Assert.Null(InputState.WhyStale(_output, _stateFile, _hash, refresh: false));
        Assert.Equal(racy, File.ReadAllText(_stateFile));
    }
}
