using FBuild.Tasks.Build;
using Microsoft.Build.Framework;
using TaskItem = Microsoft.Build.Utilities.TaskItem;

namespace FBuild.Tasks.Tests.Libraries;

/// <summary>FBuildResolveLibraries with a resolution record: a no-op does not rescan; any edit that matters does.</summary>
public sealed class ResolutionRecordTaskTests : IDisposable
{
    private readonly LibraryTestTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private (string[] Libraries, string Log) Run(string sketch)
    {
        var engine = new FakeBuildEngine();
        var task = new FBuildResolveLibraries
        {
            BuildEngine = engine,
            SketchDirectories = new ITaskItem[] { new TaskItem(sketch) },
            LibraryRoots = new ITaskItem[] { new TaskItem(_tree.PathOf("libraries")) },
            CoreDirectory = _tree.PathOf("core"),
            Architecture = "avr",
            ObjectDirectory = _tree.PathOf("obj/lib/"),
            RecordFile = _tree.PathOf("obj/libraries.fbresolve"),
        };
        Assert.True(task.Execute());
        Assert.Empty(engine.Errors);
        return (task.Libraries.Select(l => l.ItemSpec).ToArray(), string.Join("\n", engine.Messages.Select(m => m.Message)));
    }

    private static void Settle() => Thread.Sleep(2100);   // stamps younger than two seconds are not trusted, so nothing is recorded

    [Fact]
    public void ANoOpReusesTheRecord_AndAddingOrRemovingAHeaderOrAnIncludeResolvesAgain()
    {
        _tree.Write("core/Arduino.h", "#pragma once\n");
        _tree.Write("libraries/Heavy/library.properties", "name=Heavy\nversion=1.0\n");
        _tree.Write("libraries/Heavy/src/Heavy.h", "#include <Arduino.h>\n#include \"parts/a.h\"\n");
        _tree.Write("libraries/Heavy/src/parts/a.h", "#include \"b.hpp\"\n");
        _tree.Write("libraries/Heavy/src/parts/b.hpp", "#include <Extra.h>\n");
        _tree.Write("libraries/Heavy/src/unity/u.cpp", "#include <Heavy.h>\n");
        _tree.Write("libraries/Other/Other.h", "\n");
        var sketch = _tree.Dir("S");
        var ino = _tree.Write("S/S.ino", "#include <Heavy.h>\nvoid setup() {}\nvoid loop() {}\n");
        Settle();

        var first = Run(sketch);
        Assert.Equal(new[] { "Heavy" }, first.Libraries);
        Assert.Contains("Resolving libraries (no resolution record)", first.Log);
        Assert.Contains("'Extra.h' (included from", first.Log);

        var noop = Run(sketch);
        Assert.Equal(first.Libraries, noop.Libraries);
        Assert.Contains("Libraries resolved as recorded", noop.Log);
        Assert.DoesNotContain("Resolving libraries", noop.Log);
        Assert.Contains("'Extra.h' (included from", noop.Log);   // its messages replayed

        // A header added where the search looked (a new library offering Extra.h): found, never the stale answer.
        _tree.Write("libraries/ExtraLib/Extra.h", "\n");
        Settle();
        var added = Run(sketch);
        Assert.Contains("Resolving libraries ('", added.Log);
        Assert.Equal(new[] { "Heavy", "ExtraLib" }, added.Libraries);
        Assert.Contains("Libraries resolved as recorded", Run(sketch).Log);

        // The header removed again.
        Directory.Delete(_tree.PathOf("libraries/ExtraLib"), recursive: true);
        Settle();
        Assert.Equal(new[] { "Heavy" }, Run(sketch).Libraries);

        // An #include added to the sketch (no wait: its fresh stamp changed, and nothing is recorded until it settles).
        File.AppendAllText(ino, "#include <Other.h>\n");
        var edited = Run(sketch);
        Assert.Contains($"Resolving libraries ('{ino}' changed)", edited.Log);
        Assert.Equal(new[] { "Heavy", "Other" }, edited.Libraries);
        var again = Run(sketch).Log;
        Assert.True(again.Contains("Resolving libraries (no resolution record)"), again);

        // An #include removed from a library header deep in the include tree.
        Settle();
        Run(sketch);
        Assert.Contains("Libraries resolved as recorded", Run(sketch).Log);
        File.WriteAllText(_tree.PathOf("libraries/Heavy/src/parts/b.hpp"), "// nothing\n");
        var removed = Run(sketch);
        Assert.Contains("b.hpp' changed", removed.Log);
        Assert.DoesNotContain("'Extra.h' (included from", removed.Log);
    }
}
