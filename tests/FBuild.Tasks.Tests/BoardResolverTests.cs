using FBuild.Tasks.Boards;

namespace FBuild.Tasks.Tests;

/// <summary>Skips a test when the Debian Arduino AVR core is not installed.</summary>
public sealed class ArduinoCoreFactAttribute : FactAttribute
{
    public const string PlatformDir = "/usr/share/arduino/hardware/arduino/avr";

    public ArduinoCoreFactAttribute()
    {
        if (!File.Exists(Path.Combine(PlatformDir, "boards.txt")) || !File.Exists(Path.Combine(PlatformDir, "platform.txt")))
            Skip = "the Arduino AVR core is not installed at " + PlatformDir;
    }
}

public sealed class BoardResolverTests : IDisposable
{
    private const string FakeBoards =
        "# Fake boards for tests\n" +
        "menu.cpu=Processor\n" +
        "menu.clock=Clock\n" +
        "\n" +
        "alpha.name=Alpha Board\n" +
        "alpha.build.mcu=atmega8\n" +
        "alpha.build.f_cpu=8000000L\n" +
        "alpha.build.board=AVR_ALPHA\n" +
        "alpha.build.core=arduino:arduino\n" +
        "alpha.build.variant=standard\n" +
        "alpha.upload.maximum_size=7000\n" +
        "alpha.upload.maximum_data_size=1024\n" +
        "alpha.menu.cpu.fast=Fast\n" +
        "alpha.menu.cpu.fast.build.f_cpu=20000000L\n" +
        "alpha.menu.cpu.slow=Slow\n" +
        "alpha.menu.cpu.slow.build.f_cpu=1000000L\n" +
        "alpha.menu.cpu.slow.upload.maximum_size=6000\n" +
        "alpha.menu.clock.int=Internal\n" +
        "alpha.menu.clock.ext=External\n" +
        "alpha.menu.clock.ext.build.clock_flag=-DEXT_CLOCK\n" +
        "\n" +
        "beta.name=Beta Board\n" +
        "beta.build.mcu=atmega16\n" +
        "beta.build.f_cpu=16000000L\n" +
        "beta.build.board=AVR_BETA\n" +
        "\n" +
        "gamma.name=Gamma Board\n" +
        "gamma.build.mcu=atmega32\n" +
        "gamma.build.board=AVR_GAMMA\n";

    private const string FakePlatform =
        "name=Fake AVR Boards\n" +
        "version=1.0.0\n" +
        "compiler.path=/opt/fake/bin/\n" +
        "compiler.c.cmd=avr-gcc\n" +
        "compiler.warning_flags=-w\n" +
        "compiler.warning_flags.none=-w\n" +
        "compiler.warning_flags.all=-Wall -Wextra\n" +
        "build.clock_flag=\n" +
        "build.extra_flags=\n" +
        "recipe.c.o.pattern=\"{compiler.path}{compiler.c.cmd}\" -c {compiler.warning_flags} -mmcu={build.mcu} -DF_CPU={build.f_cpu} " +
        "-DARDUINO={runtime.ide.version} -DARDUINO_{build.board} -DARDUINO_ARCH_{build.arch} {build.clock_flag} {build.extra_flags} \"{source_file}\" -o \"{object_file}\"\n";

    private readonly string _root;
    private readonly string _hardware;
    private readonly string _platformDir;

    public BoardResolverTests()
    {
        _root = Path.Combine(Path.GetTempPath(), "fbuild-boards-" + Guid.NewGuid().ToString("N"));
        _hardware = Path.Combine(_root, "hardware");
        _platformDir = Path.Combine(_hardware, "fakevendor", "avr");
        Write(Path.Combine(_platformDir, "boards.txt"), FakeBoards);
        Write(Path.Combine(_platformDir, "platform.txt"), FakePlatform);
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, true); } catch (IOException) { }
    }

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static Dictionary<string, string> Opts(params (string Menu, string Option)[] pairs) =>
        pairs.ToDictionary(p => p.Menu, p => p.Option);

    private ResolvedBoard Resolve(string board, Dictionary<string, string>? options = null, IDictionary<string, string>? overrides = null) =>
        BoardResolver.Resolve(_platformDir, board, options ?? new Dictionary<string, string>(), "fakevendor", BoardResolver.DefaultIdeVersion, overrides);

    // ---- fake platform ----

    [Fact]
    public void ObjcopyRecipesAreEveryRecipeObjcopyPatternByName()
    {
        var board = Resolve("alpha", overrides: new Dictionary<string, string>
        {
            ["recipe.objcopy.hex.pattern"] = "\"{compiler.path}objcopy\" -O ihex \"{build.path}/{build.project_name}.elf\" \"{build.path}/{build.project_name}.hex\"",
            ["recipe.objcopy.bin.pattern"] = "\"{compiler.path}objcopy\" -O binary \"{build.path}/{build.project_name}.elf\" \"{build.path}/{build.project_name}.bin\"",
            ["recipe.objcopy.eep.pattern"] = "",
            ["recipe.objcopy.hex.extra.pattern"] = "not a format",
        });
        var recipes = board.ObjcopyRecipes();
        Assert.Equal(new[] { "bin", "hex" }, recipes.Select(r => r.Name));
        Assert.Equal(new[] { "/opt/fake/bin/objcopy", "-O", "binary", "{build.path}/{build.project_name}.elf", "{build.path}/{build.project_name}.bin" }, recipes[0].Recipe);
    }

    [ArduinoCoreFact]
    public void AvrCoreWritesEepAndHex()
    {
        var board = BoardResolver.Resolve(ArduinoCoreFactAttribute.PlatformDir, "uno", new Dictionary<string, string>(), "arduino", BoardResolver.DefaultIdeVersion);
        Assert.Equal(new[] { "eep", "hex" }, board.ObjcopyRecipes().Select(r => r.Name));
    }

    [Fact]
    public void DefaultMenuOptionIsTheFirstOne()
    {
        var board = Resolve("alpha");

        Assert.Equal("20000000L", board.Properties["build.f_cpu"]);
        Assert.Equal(7000, board.MaxFlash);
        Assert.Equal(1024, board.MaxRam);
        Assert.Equal("", board.Properties["build.clock_flag"]);
        Assert.Equal("alpha", board.Key);
        Assert.Equal("fakevendor:avr:alpha:cpu=fast,clock=int", board.Fqbn);
        Assert.Equal("Alpha Board", board.Name);
        Assert.Equal("alpha", board.Id);
        Assert.Equal("atmega8", board.Mcu);
    }

    [Fact]
    public void ExplicitOptionOverridesBoardAndGoesIntoTheKey()
    {
        var board = Resolve("alpha", Opts(("cpu", "slow")));

        Assert.Equal("1000000L", board.Properties["build.f_cpu"]);
        Assert.Equal(6000, board.MaxFlash);
        Assert.Equal("alpha-cpu_slow", board.Key);
        Assert.Equal("fakevendor:avr:alpha:cpu=slow,clock=int", board.Fqbn);
        Assert.Contains("-DF_CPU=1000000L", board.Recipe("recipe.c.o.pattern"));
    }

    [Fact]
    public void ExplicitDefaultOptionIsNotInTheKey()
    {
        var board = Resolve("alpha", Opts(("cpu", "fast"), ("clock", "ext")));

        Assert.Equal("alpha-clock_ext", board.Key);
        Assert.Equal("-DEXT_CLOCK", board.Properties["build.clock_flag"]);
        Assert.Contains("-DEXT_CLOCK", board.Recipe("recipe.c.o.pattern"));
    }

    [Fact]
    public void TwoNonDefaultOptionsInMenuOrder()
    {
        var board = Resolve("alpha", Opts(("clock", "ext"), ("cpu", "slow")));
        Assert.Equal("alpha-cpu_slow-clock_ext", board.Key);
    }

    [Fact]
    public void UnknownOptionIsFB0004ListingTheOptions()
    {
        var ex = Assert.Throws<BoardException>(() => Resolve("alpha", Opts(("cpu", "turbo"))));

        Assert.Equal("FB0004", ex.Code);
        Assert.Equal(FBuildErrors.BadBoardOption, ex.Code);
        Assert.Contains("'turbo'", ex.Message);
        Assert.Contains("'cpu'", ex.Message);
        Assert.Contains("fast, slow", ex.Message);
    }

    [Fact]
    public void UnknownMenuIsFB0004ListingTheMenus()
    {
        var ex = Assert.Throws<BoardException>(() => Resolve("alpha", Opts(("speed", "fast"))));
        Assert.Equal("FB0004", ex.Code);
        Assert.Contains("'speed'", ex.Message);
        Assert.Contains("cpu, clock", ex.Message);

        var none = Assert.Throws<BoardException>(() => Resolve("beta", Opts(("cpu", "fast"))));
        Assert.Equal("FB0004", none.Code);
        Assert.Contains("none", none.Message);
    }

    [Fact]
    public void UnknownBoardIsFB0003ListingKnownBoards()
    {
        var ex = Assert.Throws<BoardException>(() => Resolve("unicorn"));

        Assert.Equal("FB0003", ex.Code);
        Assert.Contains("'unicorn'", ex.Message);
        Assert.Contains("alpha, beta, gamma", ex.Message);
        Assert.DoesNotContain("menu", ex.Message.Substring(ex.Message.IndexOf("alpha", StringComparison.Ordinal)));
    }

    [Fact]
    public void MenuIsNotABoard()
    {
        var ex = Assert.Throws<BoardException>(() => Resolve("menu"));
        Assert.Equal("FB0003", ex.Code);
    }

    [Fact]
    public void ListBoardsInFileOrderWithNames()
    {
        var boards = BoardResolver.ListBoards(PropertyMap.Parse(FakeBoards));
        Assert.Equal(new[] { ("alpha", "Alpha Board"), ("beta", "Beta Board"), ("gamma", "Gamma Board") }, boards.ToArray());
    }

    [Fact]
    public void BoardWithoutMenusHasPlainKeyAndFqbn()
    {
        var board = Resolve("beta");
        Assert.Equal("beta", board.Key);
        Assert.Equal("fakevendor:avr:beta", board.Fqbn);
        Assert.Equal(0, board.MaxFlash); // no upload.maximum_size
    }

    [Fact]
    public void RuntimePropertiesAndFolders()
    {
        var board = Resolve("alpha");

        Assert.Equal("avr", board.Architecture);
        Assert.Equal("AVR", board.Properties["build.arch"]);
        Assert.Equal(_platformDir, board.Properties["runtime.platform.path"]);
        // arduino-cli and arduino-builder: the platform folder's parent (hardware/VENDOR here, packages/VENDOR/hardware/ARCH in the IDE layout).
        Assert.Equal(Path.Combine(_hardware, "fakevendor"), board.Properties["runtime.hardware.path"]);
        Assert.Equal("10819", board.Properties["runtime.ide.version"]);
        Assert.Equal("linux", board.Properties["runtime.os"]);
        // build.core=arduino:arduino: the vendor prefix is dropped.
        Assert.Equal(Path.Combine(_platformDir, "cores", "arduino"), board.CoreDir);
        Assert.Equal(Path.Combine(_platformDir, "variants", "standard"), board.VariantDir);
        Assert.Equal(board.CoreDir, board.Properties["build.core.path"]);
        Assert.Equal(Path.Combine(_platformDir, "system"), board.Properties["build.system.path"]);

        var gamma = Resolve("gamma");
        Assert.Equal("", gamma.VariantDir);
        Assert.Equal(Path.Combine(_platformDir, "cores", "arduino"), gamma.CoreDir);
    }

    [Fact]
    public void RecipeExpandsEverythingButLateBoundPlaceholders()
    {
        var args = Resolve("alpha").Recipe("recipe.c.o.pattern");

        Assert.Equal(new[]
        {
            "/opt/fake/bin/avr-gcc", "-c", "-w", "-mmcu=atmega8", "-DF_CPU=20000000L", "-DARDUINO=10819",
            "-DARDUINO_AVR_ALPHA", "-DARDUINO_ARCH_AVR", "{source_file}", "-o", "{object_file}",
        }, args);
    }

    [Fact]
    public void WarningLevelOverrideSelectsWarningFlags()
    {
        var all = Resolve("alpha", overrides: new Dictionary<string, string> { ["compiler.warning_level"] = "all" });
        var args = all.Recipe("recipe.c.o.pattern");
        Assert.Contains("-Wall", args);
        Assert.Contains("-Wextra", args);
        Assert.DoesNotContain("-w", args);
        Assert.False(all.Properties.ContainsKey("compiler.warning_level"));
    }

    [Fact]
    public void OverridesWinOverPlatformAndBoard()
    {
        var board = Resolve("alpha", Opts(("cpu", "slow")), new Dictionary<string, string>
        {
            ["compiler.path"] = "/my tools/bin/",
            ["build.f_cpu"] = "12000000L",
        });
        var args = board.Recipe("recipe.c.o.pattern");
        Assert.Equal("/my tools/bin/avr-gcc", args[0]);
        Assert.Contains("-DF_CPU=12000000L", args);
    }

    [Fact]
    public void MissingRecipeIsFB0005()
    {
        var ex = Assert.Throws<BoardException>(() => Resolve("alpha").Recipe("recipe.cpp.o.pattern"));
        Assert.Equal("FB0005", ex.Code);
        Assert.Contains("recipe.cpp.o.pattern", ex.Message);
    }

    [Fact]
    public void FolderWithoutBoardsTxtIsFB0001()
    {
        var empty = Path.Combine(_root, "empty", "avr");
        Directory.CreateDirectory(empty);
        var ex = Assert.Throws<BoardException>(() => BoardResolver.Resolve(empty, "uno", new Dictionary<string, string>()));
        Assert.Equal("FB0001", ex.Code);
        Assert.Contains(empty, ex.Message);
    }

    [Fact]
    public void ParseFqbn()
    {
        Assert.Equal(((string?)null, (string?)null, "uno", (string?)null), BoardResolver.ParseFqbn("uno"));
        Assert.Equal(((string?)"arduino", (string?)"avr", "nano", (string?)null), BoardResolver.ParseFqbn("arduino:avr:nano"));
        Assert.Equal(("arduino", "avr", "nano", "cpu=atmega328old"), BoardResolver.ParseFqbn("arduino:avr:nano:cpu=atmega328old"));
        Assert.Equal(("a", "b", "c", "x=1,y=2:3"), BoardResolver.ParseFqbn("a:b:c:x=1,y=2:3"));
        var ex = Assert.Throws<BoardException>(() => BoardResolver.ParseFqbn("arduino:nano"));
        Assert.Equal("FB0003", ex.Code);
    }

    [Fact]
    public void ParseOptions()
    {
        Assert.Empty(BoardResolver.ParseOptions(null));
        Assert.Empty(BoardResolver.ParseOptions("  "));

        var map = BoardResolver.ParseOptions(" cpu = atmega328old ,clock=ext;;speed=fast,");
        Assert.Equal(3, map.Count);
        Assert.Equal("atmega328old", map["cpu"]);
        Assert.Equal("ext", map["clock"]);
        Assert.Equal("fast", map["speed"]);

        Assert.Equal("FB0004", Assert.Throws<BoardException>(() => BoardResolver.ParseOptions("cpu")).Code);
        Assert.Equal("FB0004", Assert.Throws<BoardException>(() => BoardResolver.ParseOptions("=x")).Code);
    }

    // ---- PlatformLocator ----

    [Fact]
    public void FindPlatform_ExplicitPathIsTheOnlyCandidate()
    {
        var found = PlatformLocator.FindPlatform("arduino", "avr", _platformDir, null, _root, out var searched);
        Assert.Equal(_platformDir, found);
        Assert.Equal(new[] { _platformDir }, searched);

        var missing = Path.Combine(_root, "nope");
        Assert.Null(PlatformLocator.FindPlatform("arduino", "avr", missing, null, _root, out searched));
        Assert.Equal(new[] { missing }, searched);
    }

    [Fact]
    public void FindPlatform_HardwarePath()
    {
        var other = Path.Combine(_root, "other-hw");
        var found = PlatformLocator.FindPlatform("fakevendor", "avr", null, other + ";" + _hardware, _root, out var searched);
        Assert.Equal(Path.Combine(_hardware, "fakevendor", "avr"), found);
        Assert.Equal(Path.Combine(other, "fakevendor", "avr"), searched[0]);
    }

    [Fact]
    public void FindPlatform_Arduino15NewestVersionFirst()
    {
        var home = Path.Combine(_root, "home");
        // A vendor Debian does not package, so the ~/.arduino15 install is the first that exists.
        var versions = Path.Combine(home, ".arduino15", "packages", "fbtestvendor", "hardware", "avr");
        foreach (var v in new[] { "1.8.5", "1.8.10", "1.8.6" })
        {
            Write(Path.Combine(versions, v, "boards.txt"), FakeBoards);
            Write(Path.Combine(versions, v, "platform.txt"), FakePlatform);
        }
        Directory.CreateDirectory(Path.Combine(versions, "1.9.0")); // newest, but incomplete: skipped

        var found = PlatformLocator.FindPlatform("fbtestvendor", "avr", null, null, home, out var searched);

        Assert.Equal(Path.Combine(versions, "1.8.10"), found);
        Assert.Contains(Path.Combine(versions, "1.9.0"), searched);
        Assert.DoesNotContain(Path.Combine(versions, "1.8.6"), searched);
    }

    [Fact]
    public void PlatformCandidates_Order()
    {
        var home = Path.Combine(_root, "home");
        var versions = Path.Combine(home, ".arduino15", "packages", "arduino", "hardware", "avr");
        Directory.CreateDirectory(Path.Combine(versions, "1.8.6"));
        Directory.CreateDirectory(Path.Combine(versions, "1.8.10"));

        var dirs = PlatformLocator.PlatformCandidates("arduino", "avr", null, "/hw1:/hw2", home).Select(c => c.Dir).ToList();

        Assert.Equal(new[]
        {
            "/hw1/arduino/avr",
            "/hw2/arduino/avr",
            "/usr/share/arduino/hardware/arduino/avr",
            Path.Combine(versions, "1.8.10"),
            Path.Combine(versions, "1.8.6"),
            Path.Combine(home, ".platformio", "packages", "framework-arduino-avr"),
        }, dirs);
    }

    [Fact]
    public void FindPlatform_Arduino15Version186ForArduinoVendor()
    {
        var home = Path.Combine(_root, "home");
        var dir = Path.Combine(home, ".arduino15", "packages", "arduino", "hardware", "avr", "1.8.6");
        Write(Path.Combine(dir, "boards.txt"), FakeBoards);
        Write(Path.Combine(dir, "platform.txt"), FakePlatform);

        var found = PlatformLocator.FindPlatform("arduino", "avr", null, null, home, out var searched);

        // Debian's core, when installed, comes first; otherwise the ~/.arduino15 one is found.
        bool debian = File.Exists("/usr/share/arduino/hardware/arduino/avr/boards.txt") && File.Exists("/usr/share/arduino/hardware/arduino/avr/platform.txt");
        Assert.Equal(debian ? "/usr/share/arduino/hardware/arduino/avr" : dir, found);
        Assert.Equal(debian ? 1 : 2, searched.Count);
    }

    [Fact]
    public void ToolProperties_Arduino15Tools()
    {
        var home = Path.Combine(_root, "home");
        var tools = Path.Combine(home, ".arduino15", "packages", "arduino", "tools");
        var newest = Path.Combine(tools, "avr-gcc", "7.3.0-atmel3.6.1-arduino7");
        var older = Path.Combine(tools, "avr-gcc", "5.4.0-atmel3.6.1-arduino2");
        var avrdude = Path.Combine(tools, "avrdude", "6.3.0-arduino17");
        Directory.CreateDirectory(Path.Combine(newest, "bin"));
        Directory.CreateDirectory(older);
        Directory.CreateDirectory(avrdude);

        var map = PlatformLocator.ToolProperties(home);

        Assert.Equal(newest, map["runtime.tools.avr-gcc.path"]);
        Assert.Equal(newest, map["runtime.tools.avr-gcc-7.3.0-atmel3.6.1-arduino7.path"]);
        Assert.Equal(older, map["runtime.tools.avr-gcc-5.4.0-atmel3.6.1-arduino2.path"]);
        Assert.Equal(avrdude, map["runtime.tools.avrdude.path"]);
        Assert.Equal(avrdude, map["runtime.tools.avrdude-6.3.0-arduino17.path"]);
        Assert.Equal(5, map.Count);

        // As the IDE does: platform.txt's compiler.path refers to the tool folder.
        var platform = Path.Combine(_root, "ide", "arduino", "avr");
        Write(Path.Combine(platform, "boards.txt"), FakeBoards);
        Write(Path.Combine(platform, "platform.txt"), FakePlatform.Replace("compiler.path=/opt/fake/bin/", "compiler.path={runtime.tools.avr-gcc.path}/bin/"));
        var board = BoardResolver.Resolve(platform, "alpha", new Dictionary<string, string>(), overrides: map);
        Assert.Equal(Path.Combine(newest, "bin", "avr-gcc"), board.Recipe("recipe.c.o.pattern")[0]);
    }

    [Fact]
    public void ToolProperties_PlatformIOToolchainWhenNoIdeTools()
    {
        var home = Path.Combine(_root, "home");
        Assert.Empty(PlatformLocator.ToolProperties(home));

        var pio = Path.Combine(home, ".platformio", "packages", "toolchain-atmelavr");
        Directory.CreateDirectory(pio);
        Assert.Equal(pio, PlatformLocator.ToolProperties(home)["runtime.tools.avr-gcc.path"]);

        var ide = Path.Combine(home, ".arduino15", "packages", "arduino", "tools", "avr-gcc", "7.3.0-atmel3.6.1-arduino7");
        Directory.CreateDirectory(ide);
        Assert.Equal(ide, PlatformLocator.ToolProperties(home)["runtime.tools.avr-gcc.path"]);
    }

    // ---- the real Debian core ----

    private static ResolvedBoard Real(string board, params (string Menu, string Option)[] options) =>
        BoardResolver.Resolve(ArduinoCoreFactAttribute.PlatformDir, board, Opts(options));

    [ArduinoCoreFact]
    public void Real_UnoCppRecipe()
    {
        var board = Real("uno");
        var args = board.Recipe("recipe.cpp.o.pattern");

        Assert.Equal("/usr/bin/avr-g++", args[0]);
        foreach (var expected in new[] { "-mmcu=atmega328p", "-DF_CPU=16000000L", "-DARDUINO=10819", "-DARDUINO_AVR_UNO", "-DARDUINO_ARCH_AVR", "{source_file}", "{object_file}" })
            Assert.Contains(expected, args);
        Assert.Equal(32256, board.MaxFlash);
        Assert.Equal(2048, board.MaxRam);
        Assert.Equal("uno", board.Key);
        Assert.Equal("arduino:avr:uno", board.Fqbn);
        Assert.Equal("atmega328p", board.Mcu);
        Assert.Equal(Path.Combine(ArduinoCoreFactAttribute.PlatformDir, "variants", "standard"), board.VariantDir);
    }

    [ArduinoCoreFact]
    public void Real_LeonardoUsbDefinesAreSingleArguments()
    {
        var args = Real("leonardo").Recipe("recipe.cpp.o.pattern");

        Assert.Contains("-mmcu=atmega32u4", args);
        Assert.Contains("-DUSB_VID=0x2341", args);
        Assert.Contains("-DUSB_PID=0x8036", args);
        Assert.Contains("-DUSB_PRODUCT=\"Arduino Leonardo\"", args);
        Assert.Contains("-DUSB_MANUFACTURER=\"Unknown\"", args);
        Assert.DoesNotContain(args, a => a == "Leonardo\"" || a.StartsWith("'", StringComparison.Ordinal));
    }

    [ArduinoCoreFact]
    public void Real_RecipesSurviveJoinAndSplit()
    {
        // FBuildResolveBoard passes recipes to the other tasks as CommandLine.Join strings.
        var board = Real("leonardo");
        foreach (var key in new[] { "recipe.c.o.pattern", "recipe.cpp.o.pattern", "recipe.S.o.pattern", "recipe.ar.pattern", "recipe.c.combine.pattern", "recipe.objcopy.hex.pattern", "recipe.objcopy.eep.pattern" })
        {
            var args = board.Recipe(key);
            Assert.Equal(args, CommandLine.Split(CommandLine.Join(args)));
        }
    }

    [ArduinoCoreFact]
    public void Real_MegaDefaultCpu()
    {
        var board = Real("mega");
        Assert.Equal("atmega2560", board.Mcu);
        Assert.Equal(253952, board.MaxFlash);
        Assert.Equal("mega", board.Key);
        Assert.Contains("-mmcu=atmega2560", board.Recipe("recipe.c.o.pattern"));
    }

    [ArduinoCoreFact]
    public void Real_NanoOldBootloader()
    {
        var board = Real("nano", ("cpu", "atmega328old"));
        Assert.Equal(30720, board.MaxFlash);
        Assert.Equal(2048, board.MaxRam);
        Assert.Equal("nano-cpu_atmega328old", board.Key);
        Assert.Equal("arduino:avr:nano:cpu=atmega328old", board.Fqbn);
        Assert.Equal("atmega328p", board.Mcu);

        var n168 = Real("nano", ("cpu", "atmega168"));
        Assert.Equal("atmega168", n168.Mcu);
        Assert.Equal(14336, n168.MaxFlash);
    }

    [ArduinoCoreFact]
    public void Real_UnknownBoardListsRealBoards()
    {
        var ex = Assert.Throws<BoardException>(() => Real("unicorn"));
        Assert.Equal("FB0003", ex.Code);
        foreach (var known in new[] { "uno", "nano", "mega", "leonardo" })
            Assert.Contains(known, ex.Message);
    }

    [ArduinoCoreFact]
    public void Real_SizeRegexes()
    {
        var board = Real("uno");
        Assert.Equal(@"^(?:\.text|\.data|\.bootloader)\s+([0-9]+).*", board.Properties["recipe.size.regex"]);
        Assert.Equal(@"^(?:\.data|\.bss|\.noinit)\s+([0-9]+).*", board.Properties["recipe.size.regex.data"]);
    }
}
