using FBuild.Tasks.Libraries;

namespace FBuild.Tasks.Tests.Libraries;

public class ArduinoLibraryTests
{
    private static string Rel(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    [Fact]
    public void RecursiveLayoutTakesEverythingUnderSrc()
    {
        using var tree = new LibraryTestTree();
        tree.Write("Fancy/library.properties", "name=Fancy Lib\nversion=1.2.3\narchitectures=avr, samd\n");
        tree.Write("Fancy/src/Fancy.h");
        tree.Write("Fancy/src/Fancy.cpp");
        tree.Write("Fancy/src/Fancy/Extra.hpp");
        tree.Write("Fancy/src/impl/deep/more.c");
        tree.Write("Fancy/src/impl/asm.S");
        tree.Write("Fancy/src/impl/lower.s");
        tree.Write("Fancy/src/impl/x.cc");
        tree.Write("Fancy/src/impl/y.cxx");
        tree.Write("Fancy/src/impl/inline.tpp");
        tree.Write("Fancy/src/impl/priv.hh");
        tree.Write("Fancy/src/.git/junk.cpp");
        tree.Write("Fancy/src/CVS/junk.cpp");
        tree.Write("Fancy/src/.hidden.cpp");
        tree.Write("Fancy/examples/Demo/Demo.ino");
        tree.Write("Fancy/examples/Demo/helper.cpp");
        tree.Write("Fancy/RootFile.cpp");

        ArduinoLibrary lib = ArduinoLibrary.Load(tree.PathOf("Fancy"), LibraryLocation.User);

        Assert.Equal("Fancy", lib.Name);
        Assert.Equal("Fancy Lib", lib.DisplayName);
        Assert.Equal("1.2.3", lib.Version);
        Assert.Equal(LibraryLayout.Recursive, lib.Layout);
        Assert.Equal(LibraryLocation.User, lib.Location);
        Assert.True(lib.HasPropertiesFile);
        Assert.Equal(tree.PathOf("Fancy"), lib.RootDir);
        Assert.Equal(tree.PathOf("Fancy/src"), lib.IncludeDir);
        Assert.Null(lib.UtilityDir);
        Assert.Empty(lib.PrivateIncludeDirs);
        Assert.Equal(new[] { "avr", "samd" }, lib.Architectures);
        Assert.Equal(new[] { "Fancy.h", "Fancy/Extra.hpp", "impl/priv.hh" }, lib.HeaderFiles);
        Assert.Equal(
            new[] { "src/Fancy.cpp", "src/impl/asm.S", "src/impl/deep/more.c", "src/impl/x.cc", "src/impl/y.cxx" },
            lib.SourceFiles.Select(f => Rel(lib.RootDir, f)).OrderBy(f => f, StringComparer.Ordinal));
    }

    [Fact]
    public void FlatLayoutTakesRootAndUtilityOnly()
    {
        using var tree = new LibraryTestTree();
        tree.Write("Old/library.properties", "name=Old\n");
        tree.Write("Old/Old.h");
        tree.Write("Old/Old.cpp");
        tree.Write("Old/part.c");
        tree.Write("Old/utility/helper.c");
        tree.Write("Old/utility/helper.h");
        tree.Write("Old/utility/nested/no.c");
        tree.Write("Old/examples/E/E.cpp");
        tree.Write("Old/extras/tool.cpp");
        tree.Write("Old/test/test_old.cpp");
        tree.Write("Old/other/skip.cpp");

        ArduinoLibrary lib = ArduinoLibrary.Load(tree.PathOf("Old"), LibraryLocation.Platform);

        Assert.Equal(LibraryLayout.Flat, lib.Layout);
        Assert.Equal(tree.PathOf("Old"), lib.IncludeDir);
        Assert.Equal(tree.PathOf("Old/utility"), lib.UtilityDir);
        Assert.Equal(new[] { tree.PathOf("Old/utility") }, lib.PrivateIncludeDirs);
        Assert.Equal(new[] { "Old.h" }, lib.HeaderFiles);
        Assert.Equal(
            new[] { "Old.cpp", "part.c", "utility/helper.c" },
            lib.SourceFiles.Select(f => Rel(lib.RootDir, f)).OrderBy(f => f, StringComparer.Ordinal));
        Assert.Equal(new[] { "*" }, lib.Architectures);
    }

    [Fact]
    public void WithoutLibraryPropertiesASrcFolderDoesNotMakeItRecursive()
    {
        using var tree = new LibraryTestTree();
        tree.Write("Legacy/Legacy.h");
        tree.Write("Legacy/Legacy.cpp");
        tree.Write("Legacy/src/ignored.cpp");

        ArduinoLibrary lib = ArduinoLibrary.Load(tree.PathOf("Legacy"), LibraryLocation.User);

        Assert.Equal(LibraryLayout.Flat, lib.Layout);
        Assert.False(lib.HasPropertiesFile);
        Assert.Empty(lib.Properties);
        Assert.Null(lib.DisplayName);
        Assert.Equal(new[] { "*" }, lib.Architectures);
        Assert.Equal(new[] { tree.PathOf("Legacy/Legacy.cpp") }, lib.SourceFiles);
        Assert.Null(lib.UtilityDir);
    }

    [Fact]
    public void ParsesPropertiesFiles()
    {
        IReadOnlyDictionary<string, string> p = ArduinoLibrary.ParseProperties(
            "\uFEFF# comment\n" +
            "name = Spaced Name \r\n" +
            "\n" +
            "   # indented comment\n" +
            "url=http://example.com/?a=b\n" +
            "no equals sign here\n" +
            "=no key\n" +
            "empty=\n" +
            "name=Second wins\n");
        Assert.Equal("Second wins", p["name"]);
        Assert.Equal("http://example.com/?a=b", p["url"]);
        Assert.Equal("", p["empty"]);
        Assert.Equal(3, p.Count);
    }

    [Theory]
    [InlineData(null, "avr", true)]
    [InlineData("*", "esp32", true)]
    [InlineData("", "avr", true)]
    [InlineData("avr", "avr", true)]
    [InlineData("avr", "AVR", true)]
    [InlineData("avr", "sam", false)]
    [InlineData(" sam , avr ", "avr", true)]
    [InlineData("samd,sam", "avr", false)]
    [InlineData("avr,*", "megaavr", true)]
    public void ArchitectureCompatibility(string? architectures, string arch, bool expected)
    {
        using var tree = new LibraryTestTree();
        tree.Write("L/L.h");
        if (architectures != null) tree.Write("L/library.properties", "name=L\narchitectures=" + architectures + "\n");
        ArduinoLibrary lib = ArduinoLibrary.Load(tree.PathOf("L"), LibraryLocation.User);
        Assert.Equal(expected, lib.IsCompatibleWith(arch));
    }

    [Fact]
    public void OptimizedVersusIndependent()
    {
        using var tree = new LibraryTestTree();
        tree.Write("A/A.h");
        tree.Write("A/library.properties", "architectures=avr\n");
        tree.Write("B/B.h");
        ArduinoLibrary a = ArduinoLibrary.Load(tree.PathOf("A"), LibraryLocation.User);
        ArduinoLibrary b = ArduinoLibrary.Load(tree.PathOf("B"), LibraryLocation.User);
        Assert.True(a.IsOptimizedFor("avr"));
        Assert.False(a.IsArchitectureIndependent);
        Assert.False(b.IsOptimizedFor("avr"));
        Assert.True(b.IsArchitectureIndependent);
    }

    [Fact]
    public void MissingFolderThrows()
    {
        Assert.Throws<DirectoryNotFoundException>(() => ArduinoLibrary.Load(Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid()), LibraryLocation.User));
    }

    [Fact]
    public void CatalogLoadsSubfoldersSkippingHiddenEmptyAndMissingRoots()
    {
        using var tree = new LibraryTestTree();
        tree.Write("user/Zeta/Zeta.h");
        tree.Write("user/Alpha/library.properties", "name=Alpha\n");
        tree.Write("user/Alpha/src/Alpha.h");
        tree.Write("user/.hidden/Hidden.h");
        tree.Write("user/DocsOnly/README.md");
        tree.Write("user/DocsOnly/library.properties", "name=DocsOnly\n");
        tree.Write("user/stray-file.h");
        tree.Write("platform/Wire/library.properties", "name=Wire\narchitectures=avr\n");
        tree.Write("platform/Wire/src/Wire.h");
        tree.Write("platform/Wire/src/Wire.cpp");

        LibraryCatalog catalog = LibraryCatalog.Load(new[]
        {
            (tree.PathOf("user"), LibraryLocation.User),
            (tree.PathOf("missing"), LibraryLocation.User),
            (tree.PathOf("platform"), LibraryLocation.Platform),
        });

        Assert.Equal(new[] { "Alpha", "Zeta", "Wire" }, catalog.Libraries.Select(l => l.Name));
        Assert.Equal(new[] { LibraryLocation.User, LibraryLocation.User, LibraryLocation.Platform }, catalog.Libraries.Select(l => l.Location));
        Assert.Equal("Wire", Assert.Single(catalog.FindProviders("Wire.h")).Name);
        Assert.Equal("Alpha", Assert.Single(catalog.FindProviders(".\\Alpha.h")).Name);
        Assert.Empty(catalog.FindProviders("Hidden.h"));
        Assert.Empty(catalog.FindProviders("wire.h")); // header names are case-sensitive, as in arduino-cli
        Assert.Equal("Wire", Assert.Single(catalog.FindByName("wire")).Name);
        Assert.Empty(catalog.FindByName("DocsOnly"));
    }
}
