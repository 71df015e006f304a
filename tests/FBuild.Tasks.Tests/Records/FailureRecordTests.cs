using FBuild.Tasks.Records;
using FBuild.Tasks.Toolchain;

namespace FBuild.Tasks.Tests.Records;

/// <summary>A failed step's record (fbstate 4 <c>failed</c>/<c>log</c> lines): replayed while nothing it read changes, never hiding a fix.</summary>
public sealed class FailureRecordTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fbuild-failrec " + Guid.NewGuid().ToString("N"));
    private readonly string _source;
    private readonly string _output;
    private readonly string _hash = InputState.Hash(new[] { "avr-gcc", "-c", "a.cpp" });
    private static readonly string[] Errors = { "a.cpp:3:9: error: expected ';' before '}' token", "  x = 1 }", "        ^", "ünïcode \u0001 line" };

    public FailureRecordTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "inc"));
        _source = Path.Combine(_dir, "a.cpp");
        _output = Path.Combine(_dir, "obj", "a.cpp.o");
        Directory.CreateDirectory(Path.GetDirectoryName(_output)!);
        File.WriteAllText(_source, "int x = 1 }\n");
        File.SetLastWriteTimeUtc(_source, DateTime.UtcNow.AddMinutes(-5));
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private BuildRecord Failed(params string[] extraInputs)
    {
        var record = new BuildRecord(_output, _hash);
        record.Begin(new[] { _source });
        record.SaveFailure(new[] { _source }.Concat(extraInputs), 1, Errors);
        return record;
    }

    [Fact]
    public void AnUnchangedFailureIsCurrent_AndItsOutputComesBackExactly()
    {
        var record = Failed();
        Assert.Null(record.WhyStale(false, out var failure));
        Assert.NotNull(failure);
        Assert.Equal(1, failure!.ExitCode);
        Assert.Equal(Errors, failure.Output);
        Assert.StartsWith("fbstate 4\n", File.ReadAllText(record.StateFile));
        // The success-only check never takes a failure for a current output (the per-sketch fast path relies on it).
        Assert.Equal("it failed last time", record.WhyStale(refresh: false));
        Assert.Equal("it failed last time", InputState.WhyStale(_output, record.StateFile, _hash, false));
    }

    [Fact]
    public void AnyChangeRunsItAgain()
    {
        var record = Failed();
        Assert.Equal("command line changed", new BuildRecord(_output, "other").WhyStale(false, out var f1));
        Assert.Null(f1);
        File.WriteAllText(_source, "int x = 1;\n");
        Assert.Contains("a.cpp' changed", record.WhyStale(false, out var f2));
        Assert.Null(f2);
    }

    [Fact]
    public void AnOutputThatAppearsAfterTheFailureRunsItAgain()
    {
        var record = Failed();
        File.WriteAllText(_output, "not from this build");
        Assert.Equal("output appeared after a failed build", record.WhyStale(false, out var failure));
        Assert.Null(failure);
    }

    [Fact]
    public void AMissingHeaderCreatedInAFolderSearched_RunsItAgain()
    {
        // a.cpp includes <sub/missing.h>: the listing records inc/ and inc/sub/ (missing) as folders.
        var inputs = FailedCompileInputs.Inputs(_source, new[] { _source, "sub/missing.h" }, new[] { Path.Combine(_dir, "inc") }, _dir);
        foreach (var folder in new[] { _dir, Path.Combine(_dir, "inc") }) Directory.SetLastWriteTimeUtc(folder, DateTime.UtcNow.AddMinutes(-5));
        Thread.Sleep(100); // (their ctimes, which that sets, before the run's margin: else they count as changed during the run)
        Assert.Contains(Path.Combine(_dir, "inc", "sub") + "/", inputs);
        Assert.Contains(Path.Combine(_dir, "inc") + "/", inputs);
        Assert.Contains(_dir + "/", inputs); // beside the source, for "..." includes
        var record = Failed(inputs.ToArray());
        Assert.Null(record.WhyStale(false, out var failure));
        Assert.NotNull(failure);
        Directory.CreateDirectory(Path.Combine(_dir, "inc", "sub"));
        Assert.NotNull(record.WhyStale(false, out failure));
        Assert.Null(failure);

        // Created beside the source (the folder's entries change).
        var record2 = Failed(FailedCompileInputs.Inputs(_source, new[] { _source, "other.h" }, Array.Empty<string>(), _dir).ToArray());
        Assert.Null(record2.WhyStale(false, out _));
        File.WriteAllText(Path.Combine(_dir, "other.h"), "");
        Assert.Contains("added to or removed from", record2.WhyStale(false, out _));
    }

    [Fact]
    public void AFailureOfTheMachineIsNotRecorded()
    {
        Assert.True(RecordedFailure.IsRecordable(1, Errors));
        Assert.False(RecordedFailure.IsRecordable(4, new[] { "a.cpp:1:1: internal compiler error: Segmentation fault" }));
        Assert.False(RecordedFailure.IsRecordable(1, new[] { "avr-gcc: fatal error: cannot write a.o: No space left on device" }));
        Assert.False(RecordedFailure.IsRecordable(137, new[] { "a.cpp:1:1: error: x" }));
        Assert.False(RecordedFailure.IsRecordable(1, new[] { "Killed signal terminated program cc1plus" }));
        Assert.False(RecordedFailure.IsRecordable(1, Array.Empty<string>()));

        var record = new BuildRecord(_output, _hash);
        record.Begin(new[] { _source });
        record.SaveFailure(new[] { _source }, 1, new[] { "a.cpp:1:1: error: x", "ld: cannot open output file a.elf: Permission denied" });
        Assert.False(File.Exists(record.StateFile));
        Assert.Equal("output missing", record.WhyStale(false, out _));
    }

    [Fact]
    public void ARecordOfTheOldFormatIsRebuilt_AndADamagedFailureSectionIsNoRecord()
    {
        var record = Failed();
        var text = File.ReadAllText(record.StateFile);
        File.WriteAllText(record.StateFile, text.Replace("fbstate 4", "fbstate 3"));
        Assert.Equal("output missing", record.WhyStale(false, out _)); // (no record: the missing output decides first)
        File.WriteAllText(record.StateFile, text.Replace("\nlog ", "\nlog !!not base64 "));
        Assert.Equal("output missing", record.WhyStale(false, out _)); // (no record: the missing output decides first)
        File.WriteAllText(record.StateFile, text.Replace("failed 1", "failed 0"));
        Assert.Equal("output missing", record.WhyStale(false, out _)); // (no record: the missing output decides first)
        File.WriteAllText(record.StateFile, text + "in 1 2 3 - /x\n"); // nothing but log lines after the failure
        Assert.Equal("output missing", record.WhyStale(false, out _)); // (no record: the missing output decides first)
    }
}
