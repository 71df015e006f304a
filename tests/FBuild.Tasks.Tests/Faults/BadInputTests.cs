using FBuild.Tasks.Boards;
using FBuild.Tasks.Libraries;
using FBuild.Tasks.Sketch;
using FBuild.Tasks.Tests.Libraries;

namespace FBuild.Tasks.Tests.Faults;

/// <summary>Malformed input files are noticed (issue 13): boards.txt/platform.txt lines, library.properties, sketch names.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly LibraryTestTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void PropertyMap_ListsLinesThatAreNotKeyValue_WithTheirNumbers()
    {
        var map = PropertyMap.Parse("# comment\n\nuno.name=Arduino Uno\nthis line is broken\r\n=no key\nuno.build.mcu=atmega328p\n");
        Assert.Equal(new[] { (4, "this line is broken"), (5, "=no key") }, map.MalformedLines);
        Assert.Equal("atmega328p", map["uno.build.mcu"]);
        Assert.Empty(PropertyMap.Parse("a=1\n# x\n\n").MalformedLines);
    }

    [Fact]
    public void TheInstalledCoresFilesHaveNoMalformedLines()
    {
        foreach (var file in new[] { "boards.txt", "platform.txt" })
        {
            var path = Path.Combine("/usr/share/arduino/hardware/arduino/avr", file);
            if (File.Exists(path)) Assert.Empty(PropertyMap.Load(path).MalformedLines);
        }
    }

    [Theory]
    [InlineData("name=Servo\nversion=1.1.8\n# c\n\nsentence=Allows Arduino boards to control servo motors.\n", null)]
    [InlineData("\uFEFFname=Latin\nauthor=M\u00FCller \uFFFD\n", null)]
    [InlineData("name=X\nversion 1.0\n", 2)]
    [InlineData("name=X\nurl=a\u0001b\n", 2)]
    [InlineData("\u0007\u0012=\u0003\n", 1)]
    public void LibraryProperties_FirstInvalidLine(string text, int? line)
    {
        Assert.Equal(line, ArduinoLibrary.FirstInvalidPropertiesLine(text)?.Line);
    }

    [Fact]
    public void ALibraryWithRandomBytesForProperties_IsSkippedAndListed_AndComesBackWhenFixed()
    {
        var bytes = new byte[300];
        new Random(13).NextBytes(bytes);
        var props = _tree.Write("libraries/Junk/library.properties");
        File.WriteAllBytes(props, bytes);
        _tree.Write("libraries/Junk/src/Junk.h", "int junk;\n");
        _tree.Write("libraries/Fine/Fine.h", "int fine;\n");
        var roots = new[] { (_tree.PathOf("libraries"), LibraryLocation.User) };
        var later = () => new FileSystemView(StringComparer.Ordinal, () => DateTime.UtcNow.AddHours(1).Ticks);

        var catalog = LibraryCatalog.Load(roots, later());
        Assert.Equal(new[] { "Fine" }, catalog.Libraries.Select(l => l.Name));
        Assert.Equal(props, Assert.Single(catalog.Invalid).PropertiesFile);
        var again = LibraryCatalog.Load(roots, later());
        Assert.True(again.Reused);
        Assert.Single(again.Invalid);

        Thread.Sleep(30);
        File.WriteAllText(props, "name=Junk\nversion=1.0.0\n");
        var fixedCatalog = LibraryCatalog.Load(roots, later());
        Assert.Empty(fixedCatalog.Invalid);
        Assert.Equal(new[] { "Fine", "Junk" }, fixedCatalog.Libraries.Select(l => l.Name).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("Blink", null)]
    [InlineData("3dPrinter-v1.2_final", null)]
    [InlineData("_private", null)]
    [InlineData("63Length_012345678901234567890123456789012345678901234567890123", null)]
    [InlineData("TooLong__0123456789012345678901234567890123456789012345678901234", "64 characters")]
    [InlineData("No Spaces", "' '")]
    [InlineData("regex++", "'+'")]
    [InlineData("-dash", "starts with '-'")]
    [InlineData(".hidden", "starts with '.'")]
    [InlineData("Gr\u00FC\u00DFe", "'\u00FC'")]
    [InlineData("", "empty")]
    public void SketchName_FollowsTheArduinoSpecification(string name, string? problem)
    {
        var why = SketchName.Problem(name);
        if (problem is null) Assert.Null(why);
        else Assert.Contains(problem, why);
    }
}
