using FBuild.Tasks.Records;
using FBuild.Tasks.Toolchain;
using Microsoft.Build.Utilities;

namespace FBuild.Tasks.Tests.Toolchain;

/// <summary>DiagnosticsReporter on a recorded failure: errors with file and line, or warnings when -question replays it.</summary>
public sealed class DiagnosticsReporterTests
{
    private static readonly RecordedFailure Failure = new RecordedFailure(1, new List<string>
    {
        "/s/Blink/Blink.ino:7:3: error: 'Serial1' was not declared in this scope",
        "/s/Blink/Blink.ino:9:1: warning: unused variable 'x' [-Wunused-variable]",
    });

    [Fact]
    public void ARecordedFailure_IsReportedWithFileAndLine()
    {
        var engine = new FakeBuildEngine();
        DiagnosticsReporter.Report(new TaskLoggingHelper(engine, "test"), "/s/Blink/Blink.ino.cpp", Failure.ToResult());
        var error = Assert.Single(engine.Errors);
        Assert.Equal(("/s/Blink/Blink.ino", 7, 3), (error.File, error.LineNumber, error.ColumnNumber));
        Assert.Single(engine.Warnings);
    }

    [Fact]
    public void ErrorsAsWarnings_LogsNoError()
    {
        var engine = new FakeBuildEngine();
        DiagnosticsReporter.Report(new TaskLoggingHelper(engine, "test"), "/s/Blink/Blink.ino.cpp", Failure.ToResult(), errorsAsWarnings: true);
        Assert.Empty(engine.Errors);
        Assert.Equal(2, engine.Warnings.Count);
        Assert.Contains(engine.Warnings, w => w.File == "/s/Blink/Blink.ino" && w.LineNumber == 7 && w.Message.Contains("Serial1"));

        // A failure without a gcc error: FB0030 with the output's tail, a warning too.
        var bare = new FakeBuildEngine();
        DiagnosticsReporter.Report(new TaskLoggingHelper(bare, "test"), "x.elf", new RecordedFailure(1, new List<string> { "ld returned 1 exit status" }).ToResult(), errorsAsWarnings: true);
        Assert.Empty(bare.Errors);
        Assert.Equal("FB0030", Assert.Single(bare.Warnings).Code);
    }
}
