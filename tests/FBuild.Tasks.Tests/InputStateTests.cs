using FBuild.Tasks.Build;

namespace FBuild.Tasks.Tests;

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

    private void Record(DateTime? started = null) =>
        InputState.Capture(_hash, new[] { _a, _b }, started ?? DateTime.UtcNow).Save(_stateFile);

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
        // E.g. git checkout of an older version or a backup restore: the mtime goes back in time.
        File.SetLastWriteTimeUtc(_a, Past.AddDays(-30));
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
        var state = InputState.Capture(_hash, new[] { _a, missing }, DateTime.UtcNow);
        Assert.Equal((missing, -1L, 0L), state.Inputs[1]);
        state.Save(_stateFile);
        Assert.NotNull(InputState.WhyStale(_output, _stateFile, _hash));
    }

    [Fact]
    public void InputEditedDuringTheCompile()
    {
        // The compile started just before the input's mtime: it was edited while gcc read it.
        var started = Past.AddSeconds(1).AddMilliseconds(-1);
        var state = InputState.Capture(_hash, new[] { _a, _b }, started);
        Assert.Equal(-1, state.Inputs.Single(i => i.Path == _b).MtimeTicks);
        Assert.Equal(Past.Ticks, state.Inputs.Single(i => i.Path == _a).MtimeTicks);
        state.Save(_stateFile);

        var reason = InputState.WhyStale(_output, _stateFile, _hash);
        Assert.NotNull(reason);
        Assert.Contains(_b, reason);
        Assert.Contains("while", reason);
    }

    [Fact]
    public void InputKnownBeforeTheRunIsJudgedByItsSnapshot()
    {
        // Written just before the run (same coarse time step as the start): unchanged since the snapshot, so current.
        var before = InputState.Snapshot(new[] { _b });
        var started = new FileInfo(_b).LastWriteTimeUtc;
        var state = InputState.Capture(_hash, new[] { _b }, started, before);
        Assert.NotEqual(-1, state.Inputs[0].MtimeTicks);
        // Changed after the snapshot: recorded as changed during the run.
        File.AppendAllText(_b, "more");
        var changed = InputState.Capture(_hash, new[] { _b }, started, before);
        Assert.Equal(-1, changed.Inputs[0].MtimeTicks);
    }

    [Fact]
    public void InputModifiedAfterTheStart()
    {
        var started = Past.AddMilliseconds(500);
        var state = InputState.Capture(_hash, new[] { _b }, started);
        Assert.Equal(-1, state.Inputs[0].MtimeTicks);
    }

    [Fact]
    public void Capture_RecordsSizeAndTicksOnceEach()
    {
        var state = InputState.Capture(_hash, new[] { _a, _b, _a }, DateTime.UtcNow);
        Assert.Equal(_hash, state.CommandHash);
        Assert.Equal(new[] { (_a, 11L, Past.Ticks), (_b, 12L, Past.AddSeconds(1).Ticks) }, state.Inputs.ToArray());
    }

    [Fact]
    public void SaveLoadRoundTripWithSpacesInPaths()
    {
        var state = new InputState { CommandHash = _hash };
        state.Inputs.Add((_a, 11, Past.Ticks));
        state.Inputs.Add(("/path with  two  spaces/x y.h", 0, -1));
        state.Inputs.Add(("/trailing space /z.h ", 123456789012, 638000000000000000));
        var file = Path.Combine(_dir, "rt state.fbstate");
        state.Save(file);

        var loaded = InputState.Load(file);

        Assert.NotNull(loaded);
        Assert.Equal(_hash, loaded!.CommandHash);
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
    [InlineData("fbstate 1\n")]
    [InlineData("fbstate 2\ncmd HASH\n")]
    [InlineData("fbstate 1\nnotcmd HASH\n")]
    [InlineData("fbstate 1\ncmd HASH\nin 12\n")]
    [InlineData("fbstate 1\ncmd HASH\nin x 5 /a.c\n")]
    [InlineData("fbstate 1\ncmd HASH\nin 5 y /a.c\n")]
    [InlineData("fbstate 1\ncmd HASH\nout 5 6 /a.c\n")]
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
}
