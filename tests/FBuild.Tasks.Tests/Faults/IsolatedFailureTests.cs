using FBuild.Tasks.Build;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace FBuild.Tasks.Tests.Faults;

/// <summary>FBuildCompile's IsolateBy and FBuildArchive's FailedGroups: a library that fails does not fail the framework.</summary>
public sealed class IsolatedFailureTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fbuild-isolated-" + Guid.NewGuid().ToString("N"));
    private readonly string _compiler;

    public IsolatedFailureTests()
    {
        Directory.CreateDirectory(_dir);
        // A compiler that fails on sources containing BROKEN and otherwise copies the source to the object.
        _compiler = Path.Combine(_dir, "fakecc");
        File.WriteAllText(_compiler, "#!/bin/sh\nwhile [ $# -gt 0 ]; do case \"$1\" in -o) obj=\"$2\"; shift;; *.cpp) src=\"$1\";; esac; shift; done\nif grep -q BROKEN \"$src\"; then echo \"$src:1:1: error: broken\" >&2; exit 1; fi\ncp \"$src\" \"$obj\"\n");
        File.SetUnixFileMode(_compiler, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private ITaskItem Source(string library, string name, string text)
    {
        var path = Path.Combine(_dir, "libraries", library, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        var item = new TaskItem(path);
        item.SetMetadata("Library", library);
        item.SetMetadata("ObjectFile", Path.Combine(_dir, "obj", library, name + ".o"));
        item.SetMetadata("LogFile", Path.Combine(_dir, "lib", library + ".log"));
        return item;
    }

    private FBuildCompile Compile(FakeBuildEngine engine, string isolateBy, params ITaskItem[] sources)
    {
        var recipe = _compiler + " {source_file} -o {object_file}";
        return new FBuildCompile
        {
            BuildEngine = engine, Sources = sources, ObjectDirectory = Path.Combine(_dir, "obj"),
            RecipeC = recipe, RecipeCpp = recipe, RecipeS = recipe, Parallelism = 2, IsolateBy = isolateBy,
        };
    }

    [Fact]
    public void AFailedLibraryIsListedWithItsLog_AndDoesNotFailTheTask()
    {
        var engine = new FakeBuildEngine();
        var task = Compile(engine, "Library",
            Source("Good", "Good.cpp", "int good;\n"), Source("Bad", "Bad.cpp", "BROKEN\n"), Source("Bad", "Other.cpp", "int other;\n"));
        Assert.True(task.Execute());
        Assert.True(task.FailedGroups.Length == 1, string.Join("\n", engine.Errors.Select(e => e.Message)));
        var failed = task.FailedGroups[0];
        Assert.Equal("Bad", failed.ItemSpec);
        var log = Path.Combine(_dir, "lib", "Bad.log");
        Assert.Equal(log, failed.GetMetadata("LogFile"));
        Assert.Contains("error: broken", File.ReadAllText(log));
        Assert.NotEmpty(engine.Errors); // the library's errors are still reported
        Assert.False(File.Exists(Path.Combine(_dir, "lib", "Good.log")));

        // The archive step writes Good's archive, none for Bad (an old one is deleted), and says which failed.
        var oldBad = Path.Combine(_dir, "lib", "Bad.a");
        File.WriteAllText(oldBad, "!<arch>\nold");
        var archive = new FBuildArchive
        {
            BuildEngine = engine, Objects = task.ObjectFiles.Where(o => File.Exists(o.ItemSpec)).Select(o => { o.SetMetadata("Group", o.GetMetadata("Library")); return o; }).ToArray(),
            Archives = new ITaskItem[]
            {
                new TaskItem(Path.Combine(_dir, "lib", "Good.a"), new Dictionary<string, string> { ["Group"] = "Good", ["Isolated"] = "true" }),
                new TaskItem(oldBad, new Dictionary<string, string> { ["Group"] = "Bad", ["Isolated"] = "true" }),
                new TaskItem(Path.Combine(_dir, "lib", "HeaderOnly.a"), new Dictionary<string, string> { ["Group"] = "HeaderOnly", ["Isolated"] = "true" }),
            },
            Recipe = "/bin/true {archive_file_path} {object_file}", FailedGroups = task.FailedGroups,
        };
        Assert.True(archive.Execute());
        Assert.Equal(new[] { "false", "true", "false" }, archive.Results.Select(r => r.GetMetadata("Failed")));
        Assert.Equal(log, archive.Results[1].GetMetadata("LogFile"));
        Assert.False(File.Exists(oldBad));
        Assert.True(File.Exists(Path.Combine(_dir, "lib", "HeaderOnly.a")));
    }

    [Fact]
    public void WithoutIsolation_AFailedSourceFailsTheTask()
    {
        var engine = new FakeBuildEngine();
        var task = Compile(engine, "", Source("Good", "Good.cpp", "int good;\n"), Source("Bad", "Bad.cpp", "BROKEN\n"));
        Assert.False(task.Execute());
        Assert.Empty(task.FailedGroups);
    }

    [Fact]
    public void AFailedCoreSourceFailsTheTaskEvenWithIsolation()
    {
        var engine = new FakeBuildEngine();
        var core = new TaskItem(Path.Combine(_dir, "core.cpp"));
        File.WriteAllText(core.ItemSpec, "BROKEN\n");
        var task = Compile(engine, "Library", core, Source("Good", "Good.cpp", "int good;\n"));
        Assert.False(task.Execute());
    }
}
