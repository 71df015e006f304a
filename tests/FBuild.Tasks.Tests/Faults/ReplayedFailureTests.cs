using FBuild.Tasks.Build;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace FBuild.Tasks.Tests.Faults;

/// <summary>FBuildCompile with a recorded failure: not run again while its inputs hold, its errors replayed, -question content.</summary>
public sealed class ReplayedFailureTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fbuild-replay-" + Guid.NewGuid().ToString("N"));
    private readonly string _compiler;
    private readonly string _runs;

    public ReplayedFailureTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "inc"));
        _runs = Path.Combine(_dir, "runs");
        // A compiler that counts its compiles, fails on sources containing BROKEN (gcc's message, file and line), and
        // answers -M -MG -v as gcc does (the source in the listing, the search list on stderr).
        _compiler = Path.Combine(_dir, "fakecc");
        File.WriteAllText(_compiler, "#!/bin/sh\nmode=c\nwhile [ $# -gt 0 ]; do case \"$1\" in -M) mode=m;; -MF) mf=\"$2\"; shift;; -o) obj=\"$2\"; shift;; *.cpp) src=\"$1\";; esac; shift; done\n"
            + $"if [ $mode = m ]; then printf 'x: %s\\n' \"$src\" > \"$mf\"; printf '#include <...> search starts here:\\n {_dir}/inc\\nEnd of search list.\\n' >&2; exit 0; fi\n"
            + $"echo \"$src\" >> {_runs}\nif grep -q BROKEN \"$src\"; then echo \"$src:2:5: error: broken here\" >&2; exit 1; fi\ncp \"$src\" \"$obj\"\n");
        File.SetUnixFileMode(_compiler, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private int Runs => File.Exists(_runs) ? File.ReadAllLines(_runs).Length : 0;

    private ITaskItem Source(string name, string text, string library = "")
    {
        var path = Path.Combine(_dir, "src", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        // Older than the run: a folder written moments before a compile counts as changed during it (and is compiled again).
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-5));
        Directory.SetLastWriteTimeUtc(Path.GetDirectoryName(path)!, DateTime.UtcNow.AddMinutes(-5));
        Thread.Sleep(100); // (and its ctime, which that sets, before the run's margin)
        var item = new TaskItem(path);
        if (library.Length > 0)
        {
            item.SetMetadata("Library", library);
            item.SetMetadata("LogFile", Path.Combine(_dir, "lib", library + ".log"));
        }
        return item;
    }

    private FBuildCompile Compile(FakeBuildEngine engine, bool question, params ITaskItem[] sources)
    {
        var recipe = _compiler + " {source_file} -o {object_file}";
        return new FBuildCompile
        {
            BuildEngine = engine, Sources = sources, ObjectDirectory = Path.Combine(_dir, "obj"), RecipeC = recipe, RecipeCpp = recipe, RecipeS = recipe,
            IsolateBy = "Library", FailIfNotIncremental = question, LogFile = Path.Combine(_dir, "build.log"), TraceFile = Path.Combine(_dir, "trace.tsv"),
        };
    }

    private static string Errors(FakeBuildEngine e) => string.Join("\n", e.Errors.Select(x => $"{x.File}({x.LineNumber},{x.ColumnNumber}): {x.Code} {x.Message}"));

    /// <summary>The warnings as <see cref="Errors"/> writes errors, less FB0215 (the note that a recorded failure is up to date).</summary>
    private static string Warnings(FakeBuildEngine e) =>
        string.Join("\n", e.Warnings.Where(x => x.Code != "FB0215").Select(x => $"{x.File}({x.LineNumber},{x.ColumnNumber}): {x.Code} {x.Message}"));

    /// <summary>Every file below the test folder with its size and modification time.</summary>
    private Dictionary<string, (long, DateTime)> Files() =>
        Directory.GetFiles(_dir, "*", SearchOption.AllDirectories).ToDictionary(f => f, f => (new FileInfo(f).Length, File.GetLastWriteTimeUtc(f)));

    [Fact]
    public void AFailedCompileIsReplayedUntilItsSourceChanges_AlsoInQuestionMode()
    {
        var src = Source("a.cpp", "int a;\nBROKEN\n");
        var first = new FakeBuildEngine();
        Assert.False(Compile(first, false, src).Execute());
        Assert.Equal(1, Runs);
        Assert.Contains("a.cpp(2,5):  broken here", Errors(first));

        var second = new FakeBuildEngine();
        Assert.False(Compile(second, false, src).Execute());
        Assert.Equal(1, Runs); // not run again
        Assert.Equal(Errors(first), Errors(second));
        Assert.Contains("not run again", second.MessageText);
        Assert.Contains("replayed-failure", File.ReadAllText(Path.Combine(_dir, "trace.tsv")));
        Assert.Contains("# failed last time", File.ReadAllText(Path.Combine(_dir, "build.log")));

        // -question: up to date (it succeeds, no FB0061), the same errors as warnings after FB0215, nothing written.
        var files = Files();
        var question = new FakeBuildEngine();
        var asked = Compile(question, true, src);
        Assert.True(asked.Execute(), Errors(question));
        Assert.True(asked.FailedAsRecorded);
        Assert.Equal(1, Runs);
        Assert.Empty(question.Errors);
        Assert.Equal(Errors(first), Warnings(question));
        Assert.Contains(question.Warnings, w => w.Code == "FB0215" && w.Message.Contains("failed last time"));
        Assert.Equal(files, Files());

        // The fix runs it again and builds the object.
        File.WriteAllText(src.ItemSpec, "int a;\nint b;\n");
        var fixedEngine = new FakeBuildEngine();
        var task = Compile(fixedEngine, false, src);
        Assert.True(task.Execute(), Errors(fixedEngine));
        Assert.Equal(2, Runs);
        Assert.True(File.Exists(task.ObjectFiles.Single().ItemSpec));
    }

    [Fact]
    public void AFailedLibraryReplayedFailsItsGroupOnly_WithItsLog()
    {
        var bad = Source("Bad.cpp", "BROKEN\n", "Bad");
        var good = Source("Good.cpp", "int g;\n", "Good");
        Assert.True(Compile(new FakeBuildEngine(), false, bad, good).Execute());
        Assert.Equal(2, Runs);
        var log = Path.Combine(_dir, "lib", "Bad.log");
        File.Delete(log);

        // -question: the library's failure is up to date (its group named, its errors as warnings), its log not written.
        var question = new FakeBuildEngine();
        var asked = Compile(question, true, bad, good);
        Assert.True(asked.Execute());
        Assert.False(asked.FailedAsRecorded); // (a group's failure is the group's, not the task's)
        Assert.Equal("Bad", asked.FailedGroups.Single().ItemSpec);
        Assert.Empty(question.Errors);
        Assert.Contains(question.Warnings, w => w.Message == "broken here");
        Assert.False(File.Exists(log));

        var engine = new FakeBuildEngine();
        var again = Compile(engine, false, bad, good);
        Assert.True(again.Execute());
        Assert.Equal(2, Runs);
        Assert.Equal("Bad", again.FailedGroups.Single().ItemSpec);
        Assert.Contains("error: broken here", File.ReadAllText(log));
        Assert.Contains(engine.Errors, e => e.Message == "broken here");
    }
}
