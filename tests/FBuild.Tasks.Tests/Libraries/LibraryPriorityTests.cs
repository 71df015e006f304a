using FBuild.Tasks.Libraries;

namespace FBuild.Tasks.Tests.Libraries;

/// <summary><see cref="LibraryCatalog.ResolveHeader"/>: which library wins when several offer a header.</summary>
public class LibraryPriorityTests
{
    /// <summary>Creates root/folder with header and optional library.properties lines.</summary>
    private static void Lib(LibraryTestTree tree, string root, string folder, string header, string? properties = null)
    {
        tree.Write(root + "/" + folder + "/" + header, "#pragma once\n");
        if (properties != null) tree.Write(root + "/" + folder + "/library.properties", properties);
    }

    private static LibraryCatalog Catalog(LibraryTestTree tree, params (string Root, LibraryLocation Location)[] roots) =>
        LibraryCatalog.Load(roots.Select(r => (tree.PathOf(r.Root), r.Location)));

    [Fact]
    public void CompatibleArchitectureWins()
    {
        using var tree = new LibraryTestTree();
        Lib(tree, "user", "ServoAvr", "Servo.h", "name=ServoAvr\narchitectures=avr\n");
        Lib(tree, "user", "ServoSam", "Servo.h", "name=ServoSam\narchitectures=sam\n");
        LibraryCatalog catalog = Catalog(tree, ("user", LibraryLocation.User));

        Assert.Equal("ServoAvr", catalog.ResolveHeader("Servo.h", "avr")!.Name);
        Assert.Equal("ServoSam", catalog.ResolveHeader("Servo.h", "sam")!.Name);
    }

    [Fact]
    public void ArchitectureBeatsNameMatchAndLocation()
    {
        using var tree = new LibraryTestTree();
        Lib(tree, "user", "Servo", "Servo.h", "name=Servo\narchitectures=sam\n");
        Lib(tree, "platform", "MyServo", "Servo.h", "name=MyServo\narchitectures=avr\n");
        LibraryCatalog catalog = Catalog(tree, ("user", LibraryLocation.User), ("platform", LibraryLocation.Platform));

        Assert.Equal("MyServo", catalog.ResolveHeader("Servo.h", "avr")!.Name);
    }

    [Fact]
    public void IncompatibleLibraryIsUsedWhenItIsTheOnlyOne()
    {
        using var tree = new LibraryTestTree();
        Lib(tree, "user", "SamOnly", "SamOnly.h", "name=SamOnly\narchitectures=sam\n");
        Lib(tree, "user", "SamOnly2", "Shared.h", "name=SamOnly2\narchitectures=sam\n");
        Lib(tree, "user", "SamdOnly", "Shared.h", "name=SamdOnly\narchitectures=samd\n");
        LibraryCatalog catalog = Catalog(tree, ("user", LibraryLocation.User));

        ArduinoLibrary? lib = catalog.ResolveHeader("SamOnly.h", "avr");
        Assert.NotNull(lib);
        Assert.False(lib!.IsCompatibleWith("avr"));
        // Both incompatible: the name decides ("samonly2" does not match "shared"; neither does "samdonly";
        // equal scores fall to the name tie-break).
        Assert.NotNull(catalog.ResolveHeader("Shared.h", "avr"));
        Assert.Null(catalog.ResolveHeader("Nope.h", "avr"));
    }

    [Fact]
    public void FolderNameEqualToHeaderWins()
    {
        using var tree = new LibraryTestTree();
        Lib(tree, "user", "FooExtras", "Foo.h");
        Lib(tree, "user", "BarLib", "Foo.h");
        Lib(tree, "user", "Foo", "Foo.h");
        Lib(tree, "user", "TheFoo", "Foo.h");
        LibraryCatalog catalog = Catalog(tree, ("user", LibraryLocation.User));

        Assert.Equal("Foo", catalog.ResolveHeader("Foo.h", "avr")!.Name);
    }

    [Fact]
    public void NameMatchGrades()
    {
        using var tree = new LibraryTestTree();
        Lib(tree, "user", "Foo-master", "Foo.h");
        Lib(tree, "user", "Foo-main", "Foo.h");
        Lib(tree, "user", "FooPrefix", "Foo.h");
        Lib(tree, "user", "SuffixFoo", "Foo.h");
        Lib(tree, "user", "InFooSide", "Foo.h");
        Lib(tree, "user", "Unrelated", "Foo.h");
        LibraryCatalog catalog = Catalog(tree, ("user", LibraryLocation.User));
        ArduinoLibrary Get(string name) => catalog.FindByName(name).Single();

        int P(string name) => LibraryCatalog.ComputePriority(Get(name), "Foo.h", "avr");
        Assert.Equal(1000 + 500 + 3, P("Foo-main"));
        Assert.Equal(1000 + 400 + 3, P("Foo-master"));
        Assert.Equal(1000 + 300 + 3, P("FooPrefix"));
        Assert.Equal(1000 + 200 + 3, P("SuffixFoo"));
        Assert.Equal(1000 + 100 + 3, P("InFooSide"));
        Assert.Equal(1000 + 0 + 3, P("Unrelated"));
        Assert.Equal("Foo-main", catalog.ResolveHeader("Foo.h", "avr")!.Name);
    }

    [Fact]
    public void LibraryPropertiesNameAlsoCounts()
    {
        using var tree = new LibraryTestTree();
        Lib(tree, "user", "lib-v2", "Gadget.h", "name=Gadget\n");
        Lib(tree, "user", "Other", "Gadget.h", "name=Other\n");
        Lib(tree, "platform", "Gadget", "Gadget.h", "name=Gadget\n");
        LibraryCatalog catalog = Catalog(tree, ("user", LibraryLocation.User), ("platform", LibraryLocation.Platform));
        ArduinoLibrary Get(string name) => catalog.FindByName(name).Single();

        Assert.Equal(1000 + 600 + 3, LibraryCatalog.ComputePriority(Get("lib-v2"), "Gadget.h", "avr"));
        Assert.Equal(1000 + 700 + 2, LibraryCatalog.ComputePriority(Get("Gadget"), "Gadget.h", "avr"));
        // Folder and name both equal (700) beat a user library matching only by name (600).
        Assert.Equal("Gadget", catalog.ResolveHeader("Gadget.h", "avr")!.Name);
    }

    [Fact]
    public void UserLocationBeatsPlatform()
    {
        using var tree = new LibraryTestTree();
        Lib(tree, "platform", "Wire", "Wire.h", "name=Wire\narchitectures=avr\n");
        Lib(tree, "user", "Wire", "Wire.h", "name=Wire\narchitectures=avr\n");
        Lib(tree, "ide", "Wire", "Wire.h", "name=Wire\narchitectures=avr\n");
        LibraryCatalog catalog = Catalog(tree, ("platform", LibraryLocation.Platform), ("ide", LibraryLocation.IdeBuiltIn), ("user", LibraryLocation.User));

        ArduinoLibrary winner = catalog.ResolveHeader("Wire.h", "avr")!;
        Assert.Equal(LibraryLocation.User, winner.Location);
        Assert.Equal(tree.PathOf("user/Wire"), winner.RootDir);
    }

    [Fact]
    public void ArchitectureSpecificBeatsGenericButNotALocationTier()
    {
        using var tree = new LibraryTestTree();
        Lib(tree, "platform", "Foo", "Foo.h", "name=Foo\narchitectures=avr\n");
        Lib(tree, "user", "Foo", "Foo.h", "name=Foo\narchitectures=*\n");
        LibraryCatalog catalog = Catalog(tree, ("user", LibraryLocation.User), ("platform", LibraryLocation.Platform));

        // 1010 + 700 + 2 (platform, avr) > 1000 + 700 + 3 (user, *): "it is more important than Location".
        Assert.Equal(LibraryLocation.Platform, catalog.ResolveHeader("Foo.h", "avr")!.Location);
        // On another architecture the platform one is incompatible.
        Assert.Equal(LibraryLocation.User, catalog.ResolveHeader("Foo.h", "esp32")!.Location);
    }

    [Fact]
    public void UnmanagedBeatsEverything()
    {
        using var tree = new LibraryTestTree();
        Lib(tree, "user", "Foo", "Foo.h", "name=Foo\narchitectures=avr\n");
        Lib(tree, "explicit", "Whatever", "Foo.h", "name=Whatever\narchitectures=sam\n");
        LibraryCatalog catalog = Catalog(tree, ("user", LibraryLocation.User), ("explicit", LibraryLocation.Unmanaged));

        Assert.Equal("Whatever", catalog.ResolveHeader("Foo.h", "avr")!.Name);
    }

    [Fact]
    public void TiesAreBrokenDeterministically()
    {
        using var tree = new LibraryTestTree();
        // Both "contain" foo (+100); bigram overlap with "foo" is the same; the ordinal name decides.
        Lib(tree, "a", "XFooY", "Foo.h");
        Lib(tree, "b", "AFooB", "Foo.h");
        LibraryCatalog forward = Catalog(tree, ("a", LibraryLocation.User), ("b", LibraryLocation.User));
        LibraryCatalog backward = Catalog(tree, ("b", LibraryLocation.User), ("a", LibraryLocation.User));

        Assert.Equal("AFooB", forward.ResolveHeader("Foo.h", "avr")!.Name);
        Assert.Equal("AFooB", backward.ResolveHeader("Foo.h", "avr")!.Name);
    }

    [Fact]
    public void TiesPreferTheCloserName()
    {
        using var tree = new LibraryTestTree();
        // Neither matches "display" by the name rules; "adisplaz" shares more character pairs with it.
        Lib(tree, "user", "Adisplaz", "Display.h");
        Lib(tree, "user", "Aother", "Display.h");
        LibraryCatalog catalog = Catalog(tree, ("user", LibraryLocation.User));

        Assert.Equal("Adisplaz", catalog.ResolveHeader("Display.h", "avr")!.Name);
    }

    [Theory]
    [InlineData("Foo", "foo")]
    [InlineData("Adafruit GFX Library", "adafruit_gfx_library")]
    [InlineData("my-lib.v2", "my-lib.v2")]
    [InlineData("-lead", "_lead")]
    [InlineData(".dot", "_dot")]
    [InlineData("Ünï", "_n_")]
    public void SimplifyFollowsSanitizeName(string input, string expected)
    {
        Assert.Equal(expected, LibraryCatalog.Simplify(input));
    }
}
