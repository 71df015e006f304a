using FBuild.Tasks.Libraries;
using Xunit;

namespace FBuild.Tasks.Tests.Libraries;

/// <summary>
/// The resolver's memo across task runs: reused while the file system says the same, never after a change.
/// Files written by a test are racy for the real clock (nothing would be remembered), so most views here get a
/// clock an hour ahead, which makes every stamp conclusive; changes are spaced so that their ctimes differ.
/// </summary>
public class FileSystemViewTests : IDisposable
{
    private readonly LibraryTestTree _tree = new();
    private static readonly StringComparer Paths = StringComparer.Ordinal;

    private static FileSystemView Later() => new(Paths, () => DateTime.UtcNow.AddHours(1).Ticks);

    private static void Tick() => Thread.Sleep(30);

    private (string, LibraryLocation)[] Roots => new[] { (_tree.PathOf("libraries"), LibraryLocation.User) };

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void LibrariesAreReusedWhileNothingChanged()
    {
        _tree.Write("libraries/Alpha/library.properties", "name=Alpha\n");
        _tree.Write("libraries/Alpha/src/Alpha.h");
        var first = LibraryCatalog.Load(Roots, Later());
        var second = LibraryCatalog.Load(Roots, Later());
        Assert.False(first.Reused);
        Assert.True(second.Reused);
        Assert.Equal(new[] { "Alpha" }, second.Libraries.Select(l => l.Name));
    }

    [Fact]
    public void ANewLibraryANewHeaderOrAnEditedPropertiesFileIsSeen()
    {
        _tree.Write("libraries/Alpha/library.properties", "name=Alpha\narchitectures=*\n");
        _tree.Write("libraries/Alpha/src/Alpha.h");
        Assert.False(LibraryCatalog.Load(Roots, Later()).Reused);
        Tick();

        _tree.Write("libraries/Beta/Beta.h");
        var withBeta = LibraryCatalog.Load(Roots, Later());
        Assert.False(withBeta.Reused);
        Assert.Equal(new[] { "Alpha", "Beta" }, withBeta.Libraries.Select(l => l.Name));
        Tick();

        _tree.Write("libraries/Alpha/src/deep/Extra.h");
        var withExtra = LibraryCatalog.Load(Roots, Later());
        Assert.False(withExtra.Reused);
        Assert.Contains("deep/Extra.h", withExtra.Libraries[0].HeaderFiles);
        Tick();

        _tree.Write("libraries/Alpha/library.properties", "name=Alpha\narchitectures=sam\n");
        var edited = LibraryCatalog.Load(Roots, Later());
        Assert.False(edited.Reused);
        Assert.False(edited.Libraries[0].IsCompatibleWith("avr"));
        Assert.True(LibraryCatalog.Load(Roots, Later()).Reused);
    }

    [Fact]
    public void ARootThatAppearsLaterIsSeen()
    {
        Assert.Empty(LibraryCatalog.Load(Roots, Later()).Libraries);
        Tick();
        _tree.Write("libraries/Gamma/Gamma.h");
        Assert.Equal(new[] { "Gamma" }, LibraryCatalog.Load(Roots, Later()).Libraries.Select(l => l.Name));
    }

    [Fact]
    public void NothingIsRememberedFromRacyStamps()
    {
        _tree.Write("libraries/Alpha/Alpha.h");
        var now = new FileSystemView(Paths);
        Assert.False(LibraryCatalog.Load(Roots, now).Reused);
        Assert.False(LibraryCatalog.Load(Roots, new FileSystemView(Paths)).Reused);

        var header = _tree.Write("sketch/a.h", "#include <One.h>\n");
        Assert.Equal("One.h", new FileSystemView(Paths).GetIncludes(header).Single().Name);
        var again = new FileSystemView(Paths);
        again.GetIncludes(header);
        Assert.Equal(0, again.MemoHits);
    }

    [Fact]
    public void ExistenceFollowsTheFolder()
    {
        var dir = _tree.Dir("inc");
        var file = Path.Combine(dir, "x.h");
        var v1 = Later();
        Assert.False(v1.FileExists(file));
        Assert.False(v1.FileExists(file));
        Assert.Equal(1, v1.MemoHits);
        Tick();

        File.WriteAllText(file, "");
        Assert.True(Later().FileExists(file));
        var v3 = Later();
        Assert.True(v3.FileExists(file));
        Assert.Equal(1, v3.MemoHits);
        Tick();

        File.Delete(file);
        Assert.False(Later().FileExists(file));
        Assert.False(Later().FileExists(Path.Combine(_tree.PathOf("missing"), "y.h")));
    }

    [Fact]
    public void AnEditWithTheSameSizeAndMtimeIsStillSeen()
    {
        var file = _tree.Write("sketch/a.h", "#include <One.h>\n");
        var mtime = File.GetLastWriteTimeUtc(file);
        Assert.Equal("One.h", Later().GetIncludes(file).Single().Name);
        var memo = Later();
        Assert.Equal("One.h", memo.GetIncludes(file).Single().Name);
        Assert.Equal(1, memo.MemoHits);
        Tick();

        File.WriteAllText(file, "#include <Two.h>\n");
        File.SetLastWriteTimeUtc(file, mtime);
        Assert.Equal("Two.h", Later().GetIncludes(file).Single().Name);
    }

    [Fact]
    public void AViewHasOneScannedFilePerPathAndLooksUpQuotedIncludesBesideIt()
    {
        var main = _tree.Write("lib/src/Main.h", "#include \"Near.h\"\n#include <Near.h>\n#include \"Missing.h\"\n#include \"sub/Deep.h\"\n");
        var near = _tree.Write("lib/src/Near.h");
        var deep = _tree.Write("lib/src/sub/Deep.h");
        var view = Later();

        var file = view.FileAt(main);
        Assert.Same(file, view.FileAt(main));
        Assert.Equal(4, file.Includes.Count);
        Assert.Same(view.FileAt(near), file.Beside(0));
        Assert.Null(file.Beside(1));                        // angled: the folder of the includer is not searched
        Assert.Null(file.Beside(2));
        Assert.Equal(deep, file.Beside(3)!.Path);
        Assert.Same(file.Beside(3), file.Beside(3));        // remembered for the view's run

        // What the lookups read is what a record must watch: the scanned file and the folders looked in.
        var observed = view.Observations.Select(o => o.Path).ToList();
        Assert.Contains(main, observed);
        Assert.Contains(_tree.PathOf("lib/src") + "/", observed);
        Assert.Contains(_tree.PathOf("lib/src/sub") + "/", observed);
        Assert.DoesNotContain(near, observed);              // found, never scanned
    }

    [Fact]
    public void ALibraryIsPrefetchedOncePerView()
    {
        var view = Later();
        Assert.True(view.FirstPrefetch("/libs/Big"));
        Assert.False(view.FirstPrefetch("/libs/Big"));
        Assert.True(view.FirstPrefetch("/libs/Other"));
        Assert.True(Later().FirstPrefetch("/libs/Big"));
    }

    [Fact]
    public void AMissingFolderIsWatchedThroughTheNearestThatExists()
    {
        var sketch = _tree.Dir("sketch");
        _tree.Write("sketch/half/Other.h");
        var view = Later();
        Assert.Null(view.FindFile(sketch, "heavy/m00/x.h"));
        Assert.Null(view.FindFile(sketch, "heavy/m01/y.h"));
        Assert.Null(view.FindFile(sketch, "half/m00/z.h"));
        var observed = view.Observations.ToDictionary(o => o.Path, o => o.Stamp);
        Assert.Equal(new[] { sketch + "/", sketch + "/half/" }, observed.Keys.OrderBy(k => k, Paths));

        // Creating the missing folders changes what was watched, so a record of these lookups is stale.
        Tick();
        _tree.Write("sketch/heavy/m00/x.h");
        _tree.Write("sketch/half/m00/z.h");
        Assert.NotEqual(observed[sketch + "/"], FBuild.Tasks.FileSystem.FileStamp.Of(sketch + "/"));
        Assert.NotEqual(observed[sketch + "/half/"], FBuild.Tasks.FileSystem.FileStamp.Of(sketch + "/half/"));
        Assert.NotNull(Later().FindFile(sketch, "heavy/m00/x.h"));
        Assert.NotNull(Later().FindFile(sketch, "half/m00/z.h"));
    }
}
