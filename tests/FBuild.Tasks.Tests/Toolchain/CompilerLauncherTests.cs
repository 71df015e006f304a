using FBuild.Tasks.Build;
using FBuild.Tasks.Toolchain;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace FBuild.Tasks.Tests.Toolchain;

/// <summary>FBuildCompilerLauncher: the launcher runs the compiles the cache does not have, and a missing one is FB0163.</summary>
public sealed class CompilerLauncherTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fbuild-launcher-" + Guid.NewGuid().ToString("N"));
    private readonly string _launcher;
    private readonly string _calls;

    public CompilerLauncherTests()
    {
        Directory.CreateDirectory(_dir);
        // A launcher that notes each call (its own argument, then the compile's source) and runs the rest of its command line.
        _calls = Path.Combine(_dir, "calls.txt");
        _launcher = Path.Combine(_dir, "launch");
        File.WriteAllText(_launcher, "#!/bin/sh\nmark=\"$1\"; shift\nfor a; do case \"$a\" in *.c) src=\"$a\";; esac; done\n" +
            "echo \"$mark $src\" >> '" + _calls + "'\nexec \"$@\"\n");
        File.SetUnixFileMode(_launcher, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    [Fact]
    public void TheSettingIsASemicolonList()
    {
        Assert.False(CompilerLauncher.Parse(null).IsSet);
        Assert.False(CompilerLauncher.Parse(" ; ").IsSet);
        var l = CompilerLauncher.Parse(" ccache ;; --flag ");
        Assert.Equal("ccache", l.Program);
        Assert.Equal(new[] { "ccache", "--flag", "gcc", "-c" }, l.Prepend(new[] { "gcc", "-c" }));
        Assert.Equal(new[] { "gcc", "-c" }, CompilerLauncher.None.Prepend(new[] { "gcc", "-c" }));
    }

    private ITaskItem[] Sources()
    {
        var items = new List<ITaskItem>();
        foreach (var (name, text) in new[] { ("a.c", "#include \"h.h\"\nint a(void) { return H * 2; }\n"), ("b.c", "int b(int x) { return x + 1; }\n") })
        {
            var path = Path.Combine(_dir, "src", name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
            items.Add(new TaskItem(path));
        }
        File.WriteAllText(Path.Combine(_dir, "src", "h.h"), "#define H 21\n");
        Thread.Sleep(100); // (files written within 50 ms of a compile's start count as changed during it)
        return items.ToArray();
    }

    private FBuildCompile Compile(FakeBuildEngine engine, ITaskItem[] sources, string? launcher)
    {
        var recipe = InoToolchain.AvrGpp.Replace("g++", "gcc") + " -c -g -Os -mmcu=atmega328p -MMD {includes} {source_file} -o {object_file}";
        return new FBuildCompile
        {
            BuildEngine = engine, Sources = sources, ObjectDirectory = Path.Combine(_dir, "obj"), CacheDirectory = Path.Combine(_dir, "cache"),
            ProjectRoot = _dir, RecipeC = recipe, RecipeCpp = recipe, RecipeS = recipe, Parallelism = 2, CompilerLauncher = launcher,
            LogFile = Path.Combine(_dir, "build.log"),
        };
    }

    private static string[] Described(ITaskItem[] items) =>
        items.Select(i => i.ItemSpec + " " + string.Join(" ", i.CloneCustomMetadata().Keys.Cast<string>().Order().Select(k => k + "=" + i.GetMetadata(k)))).ToArray();

    private string[] Calls() => File.Exists(_calls) ? File.ReadAllLines(_calls) : Array.Empty<string>();

    [InoToolchainFact]
    public void TheLauncherRunsEachCompileTheCacheMisses_AndNoHit()
    {
        var sources = Sources();
        var engine = new FakeBuildEngine();
        var first = Compile(engine, sources, _launcher + "; first");
        Assert.True(first.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
        Assert.Equal(new[] { "first " + sources[0].ItemSpec, "first " + sources[1].ItemSpec }, Calls().Order());
        // The depfile is beside the object (named by -MF/-MQ, whatever the launcher's folder), with the header in it.
        var depA = File.ReadAllText(Path.Combine(_dir, "obj", "a.c.d"));
        Assert.StartsWith(Path.Combine(_dir, "obj", "a.c.o") + ":", depA);
        Assert.Contains(Path.Combine(_dir, "src", "h.h"), depA);
        Assert.Equal(new[] { "a.c.d", "a.c.o", "a.c.o.fbstate", "b.c.d", "b.c.o", "b.c.o.fbstate" }, Directory.GetFiles(Path.Combine(_dir, "obj")).Select(Path.GetFileName).Order());
        // The log shows what ran: the launcher, then the compiler.
        Assert.Contains("$ " + _launcher + " first " + InoToolchain.AvrGpp.Replace("g++", "gcc") + " ", File.ReadAllText(Path.Combine(_dir, "build.log")));
        var objA = File.ReadAllBytes(Path.Combine(_dir, "obj", "a.c.o"));

        // Switching the launcher off (or on) leaves the objects up to date: it is not part of their records.
        var noLauncher = Compile(engine, sources, null);
        Assert.True(noLauncher.Execute());
        Assert.True(noLauncher.Counters.GetMetadata("Compiled") == "0", engine.MessageText);
        Assert.Equal(2, Calls().Length);

        // The object items carry nothing that varies from run to run (they reach the sketches' fast-path keys through
        // the framework's outputs): a build that compiled and one that did not return the same items.
        Assert.Equal(Described(first.ObjectFiles), Described(noLauncher.ObjectFiles));

        // Objects gone, the cache warm: both are hits, and the launcher never starts, though it is still set.
        Directory.Delete(Path.Combine(_dir, "obj"), true);
        var second = Compile(engine, sources, _launcher + ";second");
        Assert.True(second.Execute());
        Assert.Equal("2", second.Counters.GetMetadata("CacheHits"));
        Assert.Equal(2, Calls().Length);
        Assert.Equal(objA, File.ReadAllBytes(Path.Combine(_dir, "obj", "a.c.o")));
        Assert.Equal(depA, File.ReadAllText(Path.Combine(_dir, "obj", "a.c.d")));

        // A changed header misses: the launcher runs that compile only.
        File.WriteAllText(Path.Combine(_dir, "src", "h.h"), "#define H 22\n");
        Assert.True(Compile(engine, sources, _launcher + ";third").Execute());
        Assert.Equal("third " + sources[0].ItemSpec, Calls().Last());
        Assert.Equal(3, Calls().Length);
        Assert.Empty(engine.Errors);
    }

    [InoToolchainFact]
    public void AMissingLauncherIsFB0163_AndNothingIsTouched()
    {
        var sources = Sources();
        var engine = new FakeBuildEngine();
        Assert.True(Compile(engine, sources, null).Execute());
        File.WriteAllText(Path.Combine(_dir, "src", "b.c"), "int b(int x) { return x + 2; }\n"); // b is stale now
        var before = Directory.GetFiles(_dir, "*", SearchOption.AllDirectories).ToDictionary(f => f, f => (File.ReadAllBytes(f), File.GetLastWriteTimeUtc(f)));

        foreach (var missing in new[] { "fbuild-no-such-launcher", Path.Combine(_dir, "no", "distcc") })
        {
            var failing = new FakeBuildEngine();
            Assert.False(Compile(failing, sources, missing + ";-j").Execute());
            var error = Assert.Single(failing.Errors);
            Assert.Equal("FB0163", error.Code);
            Assert.Contains("'" + missing + "'", error.Message);
            Assert.Contains("FBuildCompilerLauncher", error.Message);
        }
        var after = Directory.GetFiles(_dir, "*", SearchOption.AllDirectories).ToDictionary(f => f, f => (File.ReadAllBytes(f), File.GetLastWriteTimeUtc(f)));
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.All(before, kv => { Assert.Equal(kv.Value.Item1, after[kv.Key].Item1); Assert.Equal(kv.Value.Item2, after[kv.Key].Item2); });

        // Without it, the stale object is compiled as usual.
        var again = Compile(engine, sources, "");
        Assert.True(again.Execute());
        Assert.Equal("1", again.Counters.GetMetadata("Compiled"));
    }
}
