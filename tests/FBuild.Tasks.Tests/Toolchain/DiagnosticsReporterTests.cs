using FBuild.Tasks.Toolchain;
using Microsoft.Build.Utilities;

namespace FBuild.Tasks.Tests.Toolchain;

/// <summary>DiagnosticsReporter: gcc's messages as MSBuild errors and warnings, or all as warnings (a recorded failure in -question mode).</summary>
public sealed class DiagnosticsReporterTests
{
    private static ToolResult Failed(params string[] lines)
    {
        var r = new ToolResult { ExitCode = 1 };
        r.Output.AddRange(lines);
        return r;
    }

    private static FakeBuildEngine Report(ToolResult result, bool asWarnings)
    {
        var engine = new FakeBuildEngine();
        DiagnosticsReporter.Report(new TaskLoggingHelper(engine, "Test"), "/o/a.o", result, asWarnings);
        return engine;
    }

    [Fact]
    public void ErrorsAsWarningsKeepCodeFileLineAndText_WarningsStayWarnings()
    {
        var result = Failed("/s/a.cpp:3:9: error: expected ';' before '}' token", "/s/a.cpp:1:5: warning: unused variable 'x' [-Wunused-variable]",
            "collect2: error: ld returned 1 exit status");
        var plain = Report(result, asWarnings: false);
        var asked = Report(result, asWarnings: true);
        Assert.Equal(2, plain.Errors.Count);
        Assert.Empty(asked.Errors);
        Assert.Equal(plain.Errors.Select(e => (e.Subcategory, e.Code, e.File, e.LineNumber, e.ColumnNumber, e.Message)).Concat(
                plain.Warnings.Select(w => (w.Subcategory, w.Code, w.File, w.LineNumber, w.ColumnNumber, w.Message))).OrderBy(x => x.Message),
            asked.Warnings.Select(w => (w.Subcategory, w.Code, w.File, w.LineNumber, w.ColumnNumber, w.Message)).OrderBy(x => x.Message));
        Assert.Contains(asked.Warnings, w => w.File == "/s/a.cpp" && w.LineNumber == 3 && w.ColumnNumber == 9 && w.Message == "expected ';' before '}' token");
    }

    [Fact]
    public void AFailureWithoutAnErrorMessageIsFB0030_AWarningWhenAsked()
    {
        var result = Failed("something went wrong");
        var plain = Report(result, asWarnings: false);
        var asked = Report(result, asWarnings: true);
        Assert.Equal("FB0030", Assert.Single(plain.Errors).Code);
        Assert.Empty(asked.Errors);
        var w = Assert.Single(asked.Warnings);
        Assert.Equal("FB0030", w.Code);
        Assert.Equal(plain.Errors[0].Message, w.Message);
    }
}
