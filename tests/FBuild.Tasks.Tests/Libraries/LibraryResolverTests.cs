using FBuild.Tasks.Libraries;

namespace FBuild.Tasks.Tests.Libraries;

public class LibraryResolverTests
{
    /// <summary>
    /// A fake installation: sketch/, core/, variant/, toolchain/ (with avr/io.h), user/ and platform/ library roots.
    /// </summary>
    private sealed class Setup : IDisposable
    {
        public Setup()
        {
            Tree.Write("core/Arduino.h", "#include <avr/io.h>\n#include \"pins_arduino.h\"\n#include \"WString.h\"\n");
            Tree.Write("core/WString.h", "#include <string.h>\n");
            Tree.Write("variant/pins_arduino.h", "#include <avr/pgmspace.h>\n");
            Tree.Write("toolchain/avr/io.h");
            Tree.Write("toolchain/avr/pgmspace.h");
            Tree.Write("toolchain/string.h");
            Tree.Write("toolchain/util/delay.h");
            Tree.Dir("user");
            Tree.Dir("platform");
            Tree.Dir("sketch");
        }

        public LibraryTestTree Tree { get; } = new LibraryTestTree();

        public string[] LocalDirs => new[] { Tree.PathOf("sketch"), Tree.PathOf("core"), Tree.PathOf("variant") };

        public string[] ToolchainDirs => new[] { Tree.PathOf("toolchain") };

        public string Sketch(string name, string text) => Tree.Write("sketch/" + name, text);

        /// <summary>A 1.5-format library: library.properties + src/.</summary>
        public void Recursive(string root, string name, string? architectures = null, params (string File, string Text)[] files)
        {
            Tree.Write($"{root}/{name}/library.properties", $"name={name}\nversion=1.0\n" + (architectures is null ? "" : $"architectures={architectures}\n"));
            foreach ((string file, string text) in files) Tree.Write($"{root}/{name}/src/{file}", text);
        }

        /// <summary>A 1.0-format library: files in the root (and utility/).</summary>
        public void Flat(string root, string name, params (string File, string Text)[] files)
        {
            foreach ((string file, string text) in files) Tree.Write($"{root}/{name}/{file}", text);
        }

        public LibraryCatalog Catalog() => LibraryCatalog.Load(new[]
        {
            (Tree.PathOf("user"), LibraryLocation.User),
            (Tree.PathOf("platform"), LibraryLocation.Platform),
        });

        public LibraryResolution Resolve(LibraryCatalog catalog, string arch = "avr", bool toolchain = true, params string[] sketchFiles) =>
            LibraryResolver.Resolve(sketchFiles, LocalDirs, catalog, arch, toolchain ? ToolchainDirs : null);

        public void Dispose() => Tree.Dispose();
    }

    private static string[] Names(LibraryResolution r) => r.Libraries.Select(l => l.Name).ToArray();

    [Fact]
    public void DirectIncludesInOrderOfFirstNeed()
    {
        using var s = new Setup();
        s.Recursive("platform", "Wire", "avr", ("Wire.h", "#include <Arduino.h>\n"), ("Wire.cpp", "#include \"Wire.h\"\n"));
        s.Recursive("platform", "SPI", "avr", ("SPI.h", "#include <Arduino.h>\n"), ("SPI.cpp", "#include \"SPI.h\"\n"));
        s.Recursive("platform", "Unused", null, ("Unused.h", ""));
        string ino = s.Sketch("Sketch.ino", "#include <SPI.h>\n#include <Wire.h>\n#include <SPI.h>\nvoid setup(){}\n");

        LibraryResolution r = s.Resolve(s.Catalog(), sketchFiles: ino);

        Assert.Equal(new[] { "SPI", "Wire" }, Names(r));
        Assert.Empty(r.Unresolved);
        Assert.Equal(new LibraryRequirement(r.Libraries[0], "SPI.h", ino, 1), r.Requirements[0]);
        Assert.Equal(new LibraryRequirement(r.Libraries[1], "Wire.h", ino, 2), r.Requirements[1]);
    }

    [Fact]
    public void TransitiveThroughLibrarySourcesAndHeaders()
    {
        using var s = new Setup();
        // Sensor.h needs Bus.h (through the header); Sensor.cpp needs SPI (only through the source).
        s.Recursive("user", "Sensor", null,
            ("Sensor.h", "#pragma once\n#include <Bus.h>\n"),
            ("Sensor.cpp", "#include \"Sensor.h\"\n#include <SPI.h>\n"));
        s.Recursive("user", "Bus", null, ("Bus.h", "#pragma once\n"), ("Bus.cpp", "#include <Bus.h>\n#include <Wire.h>\n"));
        s.Recursive("platform", "SPI", "avr", ("SPI.h", "#include <Arduino.h>\n"), ("SPI.cpp", "#include \"SPI.h\"\n"));
        s.Recursive("platform", "Wire", "avr", ("Wire.h", ""), ("Wire.cpp", ""));
        s.Recursive("platform", "Display", "avr", ("Display.h", ""));
        string ino = s.Sketch("Sketch.ino", "#include <Sensor.h>\n#include <Display.h>\n");

        LibraryResolution r = s.Resolve(s.Catalog(), sketchFiles: ino);

        // Headers are followed at once (Sensor -> Bus), sources later in queue order (Sensor.cpp -> SPI, Bus.cpp -> Wire).
        Assert.Equal(new[] { "Sensor", "Bus", "Display", "SPI", "Wire" }, Names(r));
        Assert.Empty(r.Unresolved);
        LibraryRequirement spi = r.Requirements.Single(q => q.Library.Name == "SPI");
        Assert.Equal(s.Tree.PathOf("user/Sensor/src/Sensor.cpp"), spi.IncludedFrom);
        Assert.Equal(2, spi.Line);
        LibraryRequirement bus = r.Requirements.Single(q => q.Library.Name == "Bus");
        Assert.Equal(s.Tree.PathOf("user/Sensor/src/Sensor.h"), bus.IncludedFrom);
    }

    [Fact]
    public void LocalHeadersAreFollowedButNeedNoLibrary()
    {
        using var s = new Setup();
        s.Recursive("platform", "Wire", "avr", ("Wire.h", ""));
        s.Recursive("user", "config", null, ("config.h", "")); // a library that must not be picked
        s.Sketch("config.h", "#pragma once\n#include <Wire.h>\n");
        string ino = s.Sketch("Sketch.ino", "#include <Arduino.h>\n#include \"config.h\"\n");

        LibraryResolution r = s.Resolve(s.Catalog(), sketchFiles: ino);

        Assert.Equal(new[] { "Wire" }, Names(r));
        Assert.Empty(r.Unresolved);
        Assert.Equal(s.Tree.PathOf("sketch/config.h"), r.Requirements[0].IncludedFrom);
    }

    [Fact]
    public void AngledIncludeOfSketchHeaderIsLocalToo()
    {
        using var s = new Setup();
        s.Recursive("user", "Settings", null, ("Settings.h", ""));
        s.Sketch("Settings.h", "");
        string ino = s.Sketch("Sketch.ino", "#include <Settings.h>\n");

        Assert.Empty(s.Resolve(s.Catalog(), sketchFiles: ino).Libraries);
    }

    [Fact]
    public void ToolchainHeadersAreFineOnlyWhenToolchainDirsAreGiven()
    {
        using var s = new Setup();
        string ino = s.Sketch("Sketch.ino", "#include <avr/io.h>\n#include <util/delay.h>\n#include <string.h>\n");

        LibraryResolution with = s.Resolve(s.Catalog(), sketchFiles: ino);
        Assert.Empty(with.Libraries);
        Assert.Empty(with.Unresolved);

        LibraryResolution without = s.Resolve(s.Catalog(), toolchain: false, sketchFiles: ino);
        Assert.Equal(
            new[]
            {
                new UnresolvedInclude("avr/io.h", ino, 1),
                new UnresolvedInclude("util/delay.h", ino, 2),
                new UnresolvedInclude("string.h", ino, 3),
            },
            without.Unresolved);
    }

    [Fact]
    public void UnresolvedIncludesNameTheIncludingFile()
    {
        using var s = new Setup();
        s.Recursive("user", "Needy", null, ("Needy.h", "#include <Ghost.h>\n"), ("Needy.cpp", "#include \"Needy.h\"\n#include \"private_missing.h\"\n"));
        string ino = s.Sketch("Sketch.ino", "#include <Needy.h>\n\n#include <Servo.h>\n#include <Servo.h>\n");
        string cpp = s.Sketch("other.cpp", "#include <Servo.h>\n");

        LibraryResolution r = s.Resolve(s.Catalog(), sketchFiles: new[] { ino, cpp });

        Assert.Equal(new[] { "Needy" }, Names(r));
        Assert.Equal(
            new[]
            {
                new UnresolvedInclude("Ghost.h", s.Tree.PathOf("user/Needy/src/Needy.h"), 1),
                new UnresolvedInclude("Servo.h", ino, 3),
                new UnresolvedInclude("Servo.h", cpp, 1),
                new UnresolvedInclude("private_missing.h", s.Tree.PathOf("user/Needy/src/Needy.cpp"), 2),
            },
            r.Unresolved);
    }

    [Fact]
    public void FlatLibraryUsesItsUtilityFolder()
    {
        using var s = new Setup();
        s.Flat("user", "OldLib",
            ("OldLib.h", "#include <inttypes.h>\n"),
            ("OldLib.cpp", "#include \"OldLib.h\"\n#include \"utility/helper.h\"\n"),
            ("utility/helper.h", "#include <inner.h>\n"),
            ("utility/inner.h", ""),
            ("utility/helper.c", "#include \"helper.h\"\n#include <Other.h>\n"),
            ("examples/Demo/Demo.ino", "#include <Ghost.h>\n"));
        s.Recursive("user", "Other", null, ("Other.h", ""));
        s.Tree.Write("toolchain/inttypes.h");
        string ino = s.Sketch("Sketch.ino", "#include <OldLib.h>\n");

        LibraryResolution r = s.Resolve(s.Catalog(), sketchFiles: ino);

        Assert.Equal(new[] { "OldLib", "Other" }, Names(r));
        Assert.Empty(r.Unresolved); // inner.h found in utility/, examples not scanned
        Assert.Equal(LibraryLayout.Flat, r.Libraries[0].Layout);
    }

    [Fact]
    public void NestedHeadersOfRecursiveLibraries()
    {
        using var s = new Setup();
        s.Recursive("user", "Fancy", null, ("Fancy/Widgets.h", "#include \"../Fancy.h\"\n"), ("Fancy.h", "#include <Fancy/Core.h>\n"), ("Fancy/Core.h", ""));
        string ino = s.Sketch("Sketch.ino", "#include <Fancy/Widgets.h>\n");

        LibraryResolution r = s.Resolve(s.Catalog(), sketchFiles: ino);

        Assert.Equal(new[] { "Fancy" }, Names(r));
        Assert.Empty(r.Unresolved);
    }

    [Fact]
    public void CommentsAndIfZeroDoNotPullLibraries()
    {
        using var s = new Setup();
        s.Recursive("platform", "Wire", "avr", ("Wire.h", ""));
        s.Recursive("platform", "SPI", "avr", ("SPI.h", ""));
        s.Recursive("platform", "EEPROM", "avr", ("EEPROM.h", ""));
        string ino = s.Sketch("Sketch.ino", "// #include <Wire.h>\n/*\n#include <EEPROM.h>\n*/\n#if 0\n#include <SPI.h>\n#endif\n#ifdef USE_EEPROM\n#include <EEPROM.h>\n#endif\n");

        LibraryResolution r = s.Resolve(s.Catalog(), sketchFiles: ino);

        Assert.Equal(new[] { "EEPROM" }, Names(r)); // #ifdef is not evaluated
    }

    [Fact]
    public void ArchitectureSelectsBetweenProviders()
    {
        using var s = new Setup();
        s.Recursive("user", "ServoSam", "sam", ("Servo.h", ""), ("ServoSam.cpp", "#include <SamOnly.h>\n"));
        s.Recursive("platform", "Servo", "avr", ("Servo.h", ""), ("Servo.cpp", "#include <avr/io.h>\n"));
        string ino = s.Sketch("Sketch.ino", "#include <Servo.h>\n");

        LibraryCatalog catalog = s.Catalog();
        LibraryResolution avr = s.Resolve(catalog, "avr", sketchFiles: ino);
        Assert.Equal(s.Tree.PathOf("platform/Servo"), Assert.Single(avr.Libraries).RootDir);
        Assert.Empty(avr.Unresolved);

        LibraryResolution sam = s.Resolve(catalog, "sam", sketchFiles: ino);
        Assert.Equal("ServoSam", Assert.Single(sam.Libraries).Name);
        Assert.Equal("SamOnly.h", Assert.Single(sam.Unresolved).Header);
    }

    [Fact]
    public void AlreadySelectedLibraryServesLaterIncludes()
    {
        using var s = new Setup();
        // Once Big is on the include path, its Util.h is found there, even though the Util library would win
        // a fresh lookup (like gcc, which searches -I dirs before arduino-builder looks for a new library).
        s.Recursive("user", "Big", null, ("Big.h", ""), ("Util.h", ""));
        s.Recursive("user", "Util", null, ("Util.h", ""));
        string ino = s.Sketch("Sketch.ino", "#include <Big.h>\n#include <Util.h>\n");

        Assert.Equal(new[] { "Big" }, Names(s.Resolve(s.Catalog(), sketchFiles: ino)));
    }

    [Fact]
    public void IncludeCyclesTerminate()
    {
        using var s = new Setup();
        s.Recursive("user", "Ping", null, ("Ping.h", "#include <Pong.h>\n"), ("Ping.cpp", "#include <Ping.h>\n"));
        s.Recursive("user", "Pong", null, ("Pong.h", "#include <Ping.h>\n"), ("Pong.cpp", "#include <Pong.h>\n"));
        s.Sketch("a.h", "#include \"b.h\"\n");
        s.Sketch("b.h", "#include \"a.h\"\n#include <Pong.h>\n");
        string ino = s.Sketch("Sketch.ino", "#include \"a.h\"\n");

        Assert.Equal(new[] { "Pong", "Ping" }, Names(s.Resolve(s.Catalog(), sketchFiles: ino)));
    }

    [Fact]
    public void OneCatalogServesManySketchesDeterministically()
    {
        using var s = new Setup();
        s.Recursive("platform", "Wire", "avr", ("Wire.h", ""), ("Wire.cpp", "#include \"Wire.h\"\n"));
        s.Recursive("platform", "SPI", "avr", ("SPI.h", ""), ("SPI.cpp", "#include \"SPI.h\"\n"));
        LibraryCatalog catalog = s.Catalog();

        var results = new List<string[]>();
        for (int i = 0; i < 20; i++)
        {
            string ino = s.Tree.Write($"sketches/S{i}/S{i}.ino", i % 2 == 0 ? "#include <Wire.h>\n#include <SPI.h>\n" : "#include <SPI.h>\n");
            results.Add(Names(LibraryResolver.Resolve(new[] { ino }, new[] { Path.GetDirectoryName(ino)!, s.Tree.PathOf("core") }, catalog, "avr", s.ToolchainDirs)));
        }

        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(i % 2 == 0 ? new[] { "Wire", "SPI" } : new[] { "SPI" }, results[i]);
        }
    }

    [Fact]
    public void SketchOrderIsRespectedAcrossFiles()
    {
        using var s = new Setup();
        s.Recursive("platform", "Wire", "avr", ("Wire.h", ""));
        s.Recursive("platform", "SPI", "avr", ("SPI.h", ""));
        string ino = s.Sketch("Sketch.ino", "#include <Wire.h>\n");
        string cpp = s.Sketch("extra.cpp", "#include <SPI.h>\n");

        Assert.Equal(new[] { "SPI", "Wire" }, Names(s.Resolve(s.Catalog(), sketchFiles: new[] { cpp, ino })));
        Assert.Equal(new[] { "Wire", "SPI" }, Names(s.Resolve(s.Catalog(), sketchFiles: new[] { ino, cpp })));
    }

    [Fact]
    public void MissingSketchFileThrows()
    {
        using var s = new Setup();
        Assert.Throws<FileNotFoundException>(() => s.Resolve(s.Catalog(), sketchFiles: s.Tree.PathOf("sketch/none.ino")));
    }

    // ---- Real Arduino AVR core and bundled libraries ----------------------------------------------------

    private const string AvrPlatform = "/usr/share/arduino/hardware/arduino/avr";

    /// <summary>A [Fact] skipped when the Arduino AVR core is not installed.</summary>
    public sealed class ArduinoAvrFactAttribute : FactAttribute
    {
        public ArduinoAvrFactAttribute()
        {
            if (!Directory.Exists(Path.Combine(AvrPlatform, "libraries"))) Skip = "Arduino AVR core not installed at " + AvrPlatform;
        }
    }

    private static string[] RealToolchainDirs()
    {
        var dirs = new List<string>();
        if (Directory.Exists("/usr/lib/avr/include")) dirs.Add("/usr/lib/avr/include");
        if (Directory.Exists("/usr/lib/gcc/avr"))
        {
            foreach (string version in Directory.GetDirectories("/usr/lib/gcc/avr").OrderBy(d => d, StringComparer.Ordinal))
            {
                dirs.Add(Path.Combine(version, "include"));
                dirs.Add(Path.Combine(version, "include-fixed"));
            }
        }
        return dirs.ToArray();
    }

    private static LibraryResolution ResolveReal(LibraryCatalog catalog, string sketchText)
    {
        using var tree = new LibraryTestTree();
        string ino = tree.Write("RealSketch/RealSketch.ino", sketchText);
        string[] local =
        {
            Path.GetDirectoryName(ino)!,
            Path.Combine(AvrPlatform, "cores", "arduino"),
            Path.Combine(AvrPlatform, "variants", "standard"),
        };
        return LibraryResolver.Resolve(new[] { ino }, local, catalog, "avr", RealToolchainDirs());
    }

    private static LibraryCatalog RealCatalog() =>
        LibraryCatalog.Load(new[] { (Path.Combine(AvrPlatform, "libraries"), LibraryLocation.Platform) });

    [ArduinoAvrFact]
    public void RealBundledLibrariesLoad()
    {
        LibraryCatalog catalog = RealCatalog();
        string[] names = catalog.Libraries.Select(l => l.Name).ToArray();
        foreach (string expected in new[] { "EEPROM", "SPI", "SoftwareSerial", "Wire" }) Assert.Contains(expected, names);

        ArduinoLibrary wire = catalog.FindByName("Wire").Single();
        Assert.Equal(LibraryLayout.Recursive, wire.Layout);
        Assert.True(wire.IsCompatibleWith("avr"));
        Assert.False(wire.IsCompatibleWith("sam"));
        Assert.Contains("utility/twi.h", wire.HeaderFiles);
        Assert.Contains(wire.SourceFiles, f => f.EndsWith("twi.c", StringComparison.Ordinal));

        ArduinoLibrary eeprom = catalog.FindByName("EEPROM").Single();
        Assert.Empty(eeprom.SourceFiles);
        Assert.Equal(new[] { "EEPROM.h" }, eeprom.HeaderFiles);
    }

    [ArduinoAvrFact]
    public void RealWireAndSpi()
    {
        LibraryResolution r = ResolveReal(RealCatalog(), "#include <Wire.h>\n#include <SPI.h>\n\nvoid setup() { Wire.begin(); SPI.begin(); }\nvoid loop() {}\n");
        Assert.Equal(new[] { "Wire", "SPI" }, Names(r));
        Assert.Empty(r.Unresolved);
    }

    [ArduinoAvrFact]
    public void RealEepromIsHeaderOnly()
    {
        LibraryResolution r = ResolveReal(RealCatalog(), "#include <EEPROM.h>\nvoid setup() { EEPROM.write(0, 1); }\nvoid loop() {}\n");
        ArduinoLibrary eeprom = Assert.Single(r.Libraries);
        Assert.Equal("EEPROM", eeprom.Name);
        Assert.Empty(eeprom.SourceFiles);
        Assert.Empty(r.Unresolved);
    }

    [ArduinoAvrFact]
    public void RealSoftwareSerial()
    {
        LibraryResolution r = ResolveReal(RealCatalog(), "#include <SoftwareSerial.h>\nSoftwareSerial s(10, 11);\nvoid setup() {}\nvoid loop() {}\n");
        Assert.Equal(new[] { "SoftwareSerial" }, Names(r));
        Assert.Empty(r.Unresolved);
    }

    [ArduinoAvrFact]
    public void RealExampleSketches()
    {
        // The examples shipped with the bundled libraries need exactly their own library.
        LibraryCatalog catalog = RealCatalog();
        foreach (string libName in new[] { "Wire", "SPI", "SoftwareSerial", "EEPROM" })
        {
            string examples = Path.Combine(AvrPlatform, "libraries", libName, "examples");
            if (!Directory.Exists(examples)) continue;
            foreach (string ino in Directory.GetFiles(examples, "*.ino", SearchOption.AllDirectories))
            {
                string[] local =
                {
                    Path.GetDirectoryName(ino)!,
                    Path.Combine(AvrPlatform, "cores", "arduino"),
                    Path.Combine(AvrPlatform, "variants", "standard"),
                };
                LibraryResolution r = LibraryResolver.Resolve(new[] { ino }, local, catalog, "avr", RealToolchainDirs());
                Assert.True(r.Unresolved.Count == 0, ino + ": " + string.Join(", ", r.Unresolved.Select(u => u.Header)));
                Assert.Contains(libName, Names(r));
            }
        }
    }

    [Fact]
    public void ALibraryForAnotherArchitectureIsNotOffered()
    {
        using var setup = new Setup();
        setup.Recursive("user", "SamdDma", "samd", ("SamdDma.h", "#include <Arduino.h>\n"), ("SamdDma.cpp", "#include \"SamdDma.h\"\n"));
        setup.Recursive("user", "Both", "avr,samd", ("Both.h", ""));
        setup.Recursive("user", "Any", null, ("Any.h", ""));
        string ino = setup.Sketch("Sketch.ino.cpp", "#include <Arduino.h>\n#include <Any.h>\n#include <SamdDma.h>\n#include <Both.h>\n#include <SamdDma.h>\n");

        var onAvr = setup.Resolve(setup.Catalog(), "avr", true, ino);
        Assert.Equal(new[] { "Any", "Both" }, Names(onAvr));
        var bad = Assert.Single(onAvr.Incompatible);
        Assert.Equal(("SamdDma.h", ino, 3, "SamdDma"), (bad.Header, bad.IncludedFrom, bad.Line, bad.Library.Name));
        Assert.Empty(onAvr.Unresolved);

        var onSamd = setup.Resolve(setup.Catalog(), "samd", true, ino);
        Assert.Equal(new[] { "Any", "SamdDma", "Both" }, Names(onSamd));
        Assert.Empty(onSamd.Incompatible);
    }

    [Fact]
    public void ACompatibleLibraryBeatsOneForAnotherArchitecture()
    {
        using var setup = new Setup();
        setup.Recursive("user", "ServoSamd", "samd", ("Servo.h", ""));
        setup.Recursive("platform", "Servo", "avr", ("Servo.h", ""));
        string ino = setup.Sketch("Sketch.ino.cpp", "#include <Servo.h>\n");
        var r = setup.Resolve(setup.Catalog(), "avr", true, ino);
        Assert.Equal(new[] { "Servo" }, Names(r));
        Assert.Empty(r.Incompatible);
    }

    [Fact]
    public void SketchesResolvedThroughOneCatalogGetWhatEachGetsAlone()
    {
        // Big's header includes a quoted neighbour (shared by every sketch) and an angled name that sketch "b" shadows
        // with its own file: "a" gets Extra, "b" its local header; the order of resolving changes neither.
        using var s = new Setup();
        s.Recursive("user", "Big", null, ("Big.h", "#include \"part/One.h\"\n#include <Shadow.h>\n"), ("part/One.h", "#include \"Two.h\"\n"),
            ("part/Two.h", "#include <Arduino.h>\n"));
        s.Recursive("user", "Extra", null, ("Shadow.h", ""));
        var a = s.Tree.Write("a/a.ino", "#include <Big.h>\n");
        var b = s.Tree.Write("b/b.ino", "#include <Big.h>\n");
        s.Tree.Write("b/Shadow.h", "#include <Wire.h>\n");
        string[] Local(string dir) => new[] { s.Tree.PathOf(dir), s.Tree.PathOf("core"), s.Tree.PathOf("variant") };
        LibraryResolution Alone(string file, string dir) => LibraryResolver.Resolve(new[] { file }, Local(dir), s.Catalog(), "avr", s.ToolchainDirs);
        string Summary(LibraryResolution r) => string.Join(",", Names(r)) + " | " + string.Join(",", r.Unresolved.Select(u => u.Header + "@" + Path.GetFileName(u.IncludedFrom)))
            + " | " + string.Join(",", r.Uses.Select(u => u.Library.Name + ":" + u.Header + "@" + Path.GetFileName(u.IncludedFrom)));

        string aloneA = Summary(Alone(a, "a")), aloneB = Summary(Alone(b, "b"));
        Assert.Equal("Big,Extra |  | Big:Big.h@a.ino,Extra:Shadow.h@Big.h", aloneA);
        Assert.Equal("Big | Wire.h@Shadow.h | Big:Big.h@b.ino", aloneB);
        foreach (var order in new[] { new[] { "a", "b" }, new[] { "b", "a" } })
        {
            var shared = s.Catalog();
            foreach (var dir in order)
            {
                var result = LibraryResolver.Resolve(new[] { dir == "a" ? a : b }, Local(dir), shared, "avr", s.ToolchainDirs);
                Assert.Equal(dir == "a" ? aloneA : aloneB, Summary(result));
            }
        }
    }
}
