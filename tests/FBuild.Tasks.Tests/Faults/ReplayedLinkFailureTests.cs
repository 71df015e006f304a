using FBuild.Tasks.Build;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace FBuild.Tasks.Tests.Faults;

/// <summary>FBuildLink with a recorded failure: not run again while its objects hold, its errors replayed (as warnings for -question, where it is up to date).</summary>
public sealed class ReplayedLinkFailureTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fbuild-linkreplay-" + Guid.NewGuid().ToString("N"));
    private readonly string _linker;
    private readonly string _runs;

    public ReplayedLinkFailureTests()
    {
        Directory.CreateDirectory(_dir);
        _runs = Path.Combine(_dir, "runs");
        // A linker that counts its runs and fails as ld does when an object holds UNDEF.
        _linker = Path.Combine(_dir, "fakeld");
        File.WriteAllText(_linker, $"#!/bin/sh\necho run >> {_runs}\nwhile [ $# -gt 0 ]; do case \"$1\" in -o) out=\"$2\"; shift;; *.o) if grep -q UNDEF \"$1\"; then bad=1; fi;; esac; shift; done\n"
            + "if [ -n \"$bad\" ]; then echo \"/s/a.cpp:3: undefined reference to \\`foo'\" >&2; echo 'collect2: error: ld returned 1 exit status' >&2; exit 1; fi\necho elf > \"$out\"\n");
        File.SetUnixFileMode(_linker, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private int Runs => File.Exists(_runs) ? File.ReadAllLines(_runs).Length : 0;

    private string Input(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-5));
        Thread.Sleep(100); // (its ctime, which that sets, before the run's margin)
        return path;
    }

    private FBuildLink Link(FakeBuildEngine engine, string obj, string core, bool question = false) => new FBuildLink
    {
        BuildEngine = engine, Objects = new ITaskItem[] { new TaskItem(obj) }, CoreArchive = core, OutputDirectory = Path.Combine(_dir, "out"),
        ProjectName = "S.ino", RecipeLink = _linker + " {object_files} {build.path}/{archive_file} -o {build.path}/{build.project_name}.elf",
        FailIfNotIncremental = question,
    };

    [Fact]
    public void AFailedLinkIsReplayedUntilAnObjectChanges()
    {
        var obj = Input("a.o", "UNDEF\n");
        var core = Input("core.a", "!<arch>\n");
        var first = new FakeBuildEngine();
        Assert.False(Link(first, obj, core).Execute());
        Assert.Equal(1, Runs);
        Assert.Contains(first.Errors, e => e.Message != null && e.Message.Contains("undefined reference to `foo'") && e.File == "/s/a.cpp" && e.LineNumber == 3);

        var second = new FakeBuildEngine();
        Assert.False(Link(second, obj, core).Execute());
        Assert.Equal(1, Runs);
        Assert.Equal(first.Errors.Select(e => (e.File, e.LineNumber, e.Message)), second.Errors.Select(e => (e.File, e.LineNumber, e.Message)));
        Assert.Contains("not run again", second.MessageText);

        // -question: up to date (it succeeds), FB0215 naming the .elf, the same diagnostics as warnings, nothing written.
        var files = Directory.GetFiles(_dir, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        var question = new FakeBuildEngine();
        var asked = Link(question, obj, core, question: true);
        Assert.True(asked.Execute(), string.Join("\n", question.Errors.Select(e => e.Message)));
        Assert.True(asked.FailedAsRecorded);
        Assert.Equal(1, Runs);
        Assert.Empty(question.Errors);
        Assert.Contains(question.Warnings, w => w.Code == "FB0215" && w.File == asked.ElfFile);
        Assert.Equal(first.Errors.Select(e => (e.File, e.LineNumber, e.Message)),
            question.Warnings.Where(w => w.Code != "FB0215").Select(w => (w.File, w.LineNumber, w.Message)));
        Assert.Equal(files, Directory.GetFiles(_dir, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc));

        File.WriteAllText(obj, "fine\n");
        var fixedEngine = new FakeBuildEngine();
        Assert.True(Link(fixedEngine, obj, core).Execute(), string.Join("\n", fixedEngine.Errors.Select(e => e.Message)));
        Assert.Equal(2, Runs);
        Assert.True(File.Exists(Path.Combine(_dir, "out", "S.ino.elf")));
    }
}
