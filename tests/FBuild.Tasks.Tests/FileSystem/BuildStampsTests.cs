using System.Collections;
using FBuild.Tasks.Build;
using FBuild.Tasks.FileSystem;
using FBuild.Tasks.Records;
using Microsoft.Build.Framework;

namespace FBuild.Tasks.Tests.FileSystem;

/// <summary>
/// The build's shared source stamps: taken once per build and node for files below a source root, never for outputs
/// (even below a source root), gone with the build.
/// </summary>
public sealed class BuildStampsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fbuild-buildstamps " + Guid.NewGuid().ToString("N"));
    private readonly string _src;
    private readonly string _out;

    public BuildStampsTests()
    {
        _src = Path.Combine(_dir, "sketches") + "/";
        _out = _src + "artifacts/";
        Directory.CreateDirectory(_out + "obj");
        Directory.CreateDirectory(_src + "libraries/Heavy");
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    [Fact]
    public void ASourceIsStattedOncePerBuildAndNode_AnOutputAtEveryCall()
    {
        var engine = new RegisteringEngine();
        var header = _src + "libraries/Heavy/a.h";
        var obj = _out + "obj/a.o";
        File.WriteAllText(header, "int a;");
        File.WriteAllText(obj, "object");

        var first = TaskStamps.For(engine, _src, _out);
        var second = TaskStamps.For(engine, _src + ";" + _dir + "/elsewhere", _out); // another task, other roots: the same table
        Assert.True(first.IsShared(header));
        Assert.False(first.IsShared(obj));
        var headerBefore = first.Of(header);
        var objBefore = first.Of(obj);

        File.WriteAllText(header, "int a = 1;");
        File.WriteAllText(obj, "object, relinked");
        // Within the build: the header's stamp is the one taken first, by any task on the node ...
        Assert.Equal(headerBefore, first.Of(header));
        Assert.Equal(headerBefore, second.Of(header));
        Assert.NotEqual(headerBefore, FileStamp.Of(header));
        // ... an output is statted again at every call.
        Assert.NotEqual(objBefore, first.Of(obj));
        Assert.Equal(FileStamp.Of(obj), second.Of(obj));
        Assert.Equal(1, first.Count);

        // The next build stats again.
        engine.EndBuild();
        Assert.Equal(FileStamp.Of(header), TaskStamps.For(engine, _src, _out).Of(header));
    }

    [Theory]
    [InlineData("artifacts/obj/a.o", false)]             // an output below the source root
    [InlineData("libraries/../artifacts/obj/a.o", false)] // the same, through ".."
    [InlineData("libraries/./Heavy/a.h", true)]
    [InlineData("libraries/Heavy/a.h", true)]
    [InlineData("libraries/Heavy/", true)]                // a folder's stamp
    [InlineData("ARTIFACTS/obj/a.o", false)]              // output roots are compared case-blind
    [InlineData("artifacts", false)]                      // the output root itself
    [InlineData("../outside.h", false)]                   // below no source root
    public void TheRule_SourceRootsMinusOutputRoots(string relative, bool shared)
    {
        var stamps = new BuildStamps(new(), new[] { _src }, new[] { _out.TrimEnd('/') });
        Assert.Equal(shared, stamps.IsShared(_src + relative));
    }

    [Fact]
    public void NothingIsSharedWithoutSourceRoots_OrForRelativePaths()
    {
        Assert.False(TaskStamps.For(new RegisteringEngine(), "", _out).IsShared(_src + "libraries/Heavy/a.h"));
        Assert.False(BuildStamps.None.IsShared(_src + "libraries/Heavy/a.h"));
        var stamps = new BuildStamps(new(), new[] { _src, "relative/root" }, Array.Empty<string>());
        Assert.False(stamps.IsShared("libraries/Heavy/a.h"));
        Assert.False(stamps.IsShared("relative/root/a.h"));
    }

    [Fact]
    public void AnEngineThatKeepsNothing_SharesWithinTheTaskOnly()
    {
        var header = _src + "libraries/Heavy/b.h";
        File.WriteAllText(header, "int b;");
        var one = TaskStamps.For(new FakeBuildEngine(), _src, _out);
        var before = one.Of(header);
        File.WriteAllText(header, "int b = 22;");
        Assert.Equal(before, one.Of(header));
        Assert.NotEqual(before, TaskStamps.For(new FakeBuildEngine(), _src, _out).Of(header));
    }

    [Fact]
    public void ARecordCheck_UsesTheSharedSourceStampsButAlwaysFreshOutputStamps()
    {
        var header = _src + "libraries/Heavy/c.h";
        var obj = _out + "obj/c.o";
        File.WriteAllText(header, "int c;");
        File.WriteAllText(obj, "object");
        var record = new BuildRecord(obj, "cmd");
        Save(record, header);
        var engine = new RegisteringEngine();
        var stamps = TaskStamps.For(engine, _src, _out);
        Assert.Null(record.WhyStale(refresh: false, stamps.Of));

        // A header edited during the build: this build's checks keep the stamp they saw (an accepted race) ...
        File.WriteAllText(header, "int c = 333;");
        Assert.Null(record.WhyStale(refresh: false, stamps.Of));
        Assert.Contains("changed (size)", record.WhyStale(refresh: false));
        // ... the next build sees it.
        engine.EndBuild();
        Assert.Contains("changed (size)", record.WhyStale(refresh: false, TaskStamps.For(engine, _src, _out).Of));

        // An output changed during the build is seen at once, whatever the table holds.
        Save(record, header);
        var again = TaskStamps.For(engine, _src, _out);
        Assert.Null(record.WhyStale(refresh: false, again.Of));
        File.WriteAllText(obj, "another object");
        Assert.Contains("output", record.WhyStale(refresh: false, again.Of));
    }

    /// <summary>Saves the record as if taken seconds after its files were written: their stamps are conclusive, no content is read.</summary>
    private static void Save(BuildRecord record, string input)
    {
        record.Begin(new[] { input });
        var state = record.Save(new[] { input });
        state.CapturedTicks = DateTime.UtcNow.AddSeconds(5).Ticks;
        state.Save(record.StateFile);
    }

    /// <summary>An engine that keeps registered objects until <see cref="EndBuild"/>, as MSBuild does for the build lifetime.</summary>
    private sealed class RegisteringEngine : IBuildEngine4
    {
        private readonly Dictionary<object, object> _build = new();

        public void EndBuild() => _build.Clear();

        public void RegisterTaskObject(object key, object obj, RegisteredTaskObjectLifetime lifetime, bool allowEarlyCollection)
        {
            Assert.Equal(RegisteredTaskObjectLifetime.Build, lifetime);
            _build[key] = obj;
        }

        public object? GetRegisteredTaskObject(object key, RegisteredTaskObjectLifetime lifetime) =>
            lifetime == RegisteredTaskObjectLifetime.Build && _build.TryGetValue(key, out var o) ? o : null;

        public object? UnregisterTaskObject(object key, RegisteredTaskObjectLifetime lifetime) =>
            _build.Remove(key, out var o) ? o : null;

        public bool IsRunningMultipleNodes => false;
        public bool ContinueOnError => false;
        public int LineNumberOfTaskNode => 0;
        public int ColumnNumberOfTaskNode => 0;
        public string ProjectFileOfTaskNode => "fake.proj";
        public void LogErrorEvent(BuildErrorEventArgs e) { }
        public void LogWarningEvent(BuildWarningEventArgs e) { }
        public void LogMessageEvent(BuildMessageEventArgs e) { }
        public void LogCustomEvent(CustomBuildEventArgs e) { }
        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => throw new NotSupportedException();
        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs, string toolsVersion) => throw new NotSupportedException();
        public bool BuildProjectFilesInParallel(string[] projectFileNames, string[] targetNames, IDictionary[] globalProperties, IDictionary[] targetOutputsPerProject, string[] toolsVersion, bool useResultsCache, bool unloadProjectsOnCompletion) => throw new NotSupportedException();
        public BuildEngineResult BuildProjectFilesInParallel(string[] projectFileNames, string[] targetNames, IDictionary[] globalProperties, IList<string>[] removeGlobalProperties, string[] toolsVersion, bool returnTargetOutputs) => throw new NotSupportedException();
        public void Yield() { }
        public void Reacquire() { }
    }
}
