using FBuild.Tasks.Toolchain;

namespace FBuild.Tasks.Tests;

public class ToolRunnerTests
{
    private const string Printf = "/usr/bin/printf";

    public static TheoryData<string[]> Args() => new()
    {
        new[] { "plain" },
        new[] { "with space", "two  spaces", " leading", "trailing " },
        new[] { "say \"hi\"", "\"", "\"\"", "'single'" },
        new[] { "back\\slash", "\\\\server\\share", "a\\\\b" },
        new[] { "trailing\\", "trailing space and backslash \\", "two\\\\" },
        new[] { "quote after backslash \\\"", "\\\\\"", "\\" },
        new[] { "" },
        new[] { "", "x", "" },
        new[] { "tab\there" },
        new[] { "-DUSB_PRODUCT=\"Arduino Leonardo\"", "-I/path with spaces/include" },
        new[] { "unicode é 日本", "$HOME", "*", "a;b|c&d" },
    };

    [Theory]
    [MemberData(nameof(Args))]
    public async Task RunAsync_PassesEachArgumentUnchanged(string[] args)
    {
        if (!File.Exists(Printf)) return;
        var all = new List<string> { "[%s]\\n" };
        all.AddRange(args);

        var result = await ToolRunner.RunAsync(Printf, all, null, CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(args.Select(a => "[" + a + "]"), result.Output);
    }

    [Fact]
    public void JoinForProcess_Quoting()
    {
        Assert.Equal("a b", ToolRunner.JoinForProcess(new[] { "a", "b" }));
        Assert.Equal("\"\" \"a b\"", ToolRunner.JoinForProcess(new[] { "", "a b" }));
        Assert.Equal("\"a\\\"b\"", ToolRunner.JoinForProcess(new[] { "a\"b" }));
        Assert.Equal("a\\b", ToolRunner.JoinForProcess(new[] { "a\\b" }));
        Assert.Equal("\"a b\\\\\"", ToolRunner.JoinForProcess(new[] { "a b\\" }));
        Assert.Equal("", ToolRunner.JoinForProcess(Array.Empty<string>()));
    }

    [Fact]
    public async Task RunAsync_CapturesStdoutStderrAndExitCode()
    {
        if (!File.Exists("/bin/sh")) return;
        var result = await ToolRunner.RunAsync("/bin/sh", new[] { "-c", "echo out; echo err >&2; exit 3" }, null, CancellationToken.None);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("out", result.Output);
        Assert.Contains("err", result.Output);
        Assert.Equal(2, result.Output.Count);
        Assert.True(result.EndUtc >= result.StartUtc);
        Assert.True(result.Seconds >= 0);
    }

    [Fact]
    public async Task RunAsync_ManyLinesOnBothStreamsAreAllCaptured()
    {
        if (!File.Exists("/bin/sh")) return;
        var script = "i=0; while [ $i -lt 500 ]; do echo o$i; echo e$i >&2; i=$((i+1)); done";
        var result = await ToolRunner.RunAsync("/bin/sh", new[] { "-c", script }, null, CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(1000, result.Output.Count);
        // Each stream's lines stay in order.
        Assert.Equal(Enumerable.Range(0, 500).Select(i => "o" + i), result.Output.Where(l => l[0] == 'o'));
        Assert.Equal(Enumerable.Range(0, 500).Select(i => "e" + i), result.Output.Where(l => l[0] == 'e'));
    }

    [Fact]
    public async Task RunAsync_SetsLcAllCAndWorkingDirectory()
    {
        if (!File.Exists("/bin/sh")) return;
        var dir = Path.Combine(Path.GetTempPath(), "fbuild-runner " + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var savedColors = Environment.GetEnvironmentVariable("GCC_COLORS");
        Environment.SetEnvironmentVariable("GCC_COLORS", "error=01;31");
        try
        {
            var result = await ToolRunner.RunAsync("/bin/sh", new[] { "-c", "echo \"$LC_ALL\"; pwd -P; echo \"[${GCC_COLORS-unset}]\"" }, dir, CancellationToken.None);

            Assert.Equal(0, result.ExitCode);
            Assert.Equal("C", result.Output[0]);
            Assert.Equal(Path.GetFileName(dir), Path.GetFileName(result.Output[1]));
            Assert.Equal("[unset]", result.Output[2]);
        }
        finally
        {
            Environment.SetEnvironmentVariable("GCC_COLORS", savedColors);
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task RunAsync_CancelKillsTheProcess()
    {
        if (!File.Exists("/bin/sleep")) return;
        using var cts = new CancellationTokenSource();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var run = ToolRunner.RunAsync("/bin/sleep", new[] { "30" }, null, cts.Token);
        await Task.Delay(100);
        cts.Cancel();
        var finished = await Task.WhenAny(run, Task.Delay(5000));
        Assert.Same(run, finished);
        Assert.NotEqual(0, (await run).ExitCode);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task RunAsync_MissingExecutableThrowsWin32Exception()
    {
        await Assert.ThrowsAsync<System.ComponentModel.Win32Exception>(() =>
            ToolRunner.RunAsync("/nonexistent/avr-gcc", new[] { "-v" }, null, CancellationToken.None));
    }
}
