using FBuild.Tasks.Boards;
using FBuild.Tasks.Build;

namespace FBuild.Tasks.Tests.Boards;

/// <summary>
/// The Arduino data folder with ArduinoCore-samd 1.8.14 (<c>shared/arduino15</c> beside the clone, or above it):
/// FBUILD_ARDUINO15 names another; tests skip when there is none.
/// </summary>
public static class Arduino15
{
    /// <summary>The data folder, or null.</summary>
    public static string? DataDirectory { get; } = Find();

    public const string PlatformRelative = "packages/arduino/hardware/samd/1.8.14";

    private static string? Find()
    {
        var env = Environment.GetEnvironmentVariable("FBUILD_ARDUINO15");
        if (!string.IsNullOrEmpty(env)) return Directory.Exists(env) ? env : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "arduino15");
            if (File.Exists(Path.Combine(candidate, PlatformRelative, "platform.txt"))) return candidate;
        }
        return null;
    }
}

/// <summary>Skips a test when the SAMD data folder is not there.</summary>
public sealed class SamdCoreFactAttribute : FactAttribute
{
    public SamdCoreFactAttribute()
    {
        if (Arduino15.DataDirectory is null) Skip = "no Arduino data folder with the SAMD core (shared/arduino15 beside the clone, or FBUILD_ARDUINO15)";
    }
}

/// <summary>
/// build.* and runtime.* as arduino-cli and arduino-builder compute them for a core installed in a data folder
/// (packages/VENDOR/hardware/ARCH/VERSION), and the tools it asks for.
/// </summary>
public sealed class SamdCoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "fbuild-samd-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_root, true); } catch (IOException) { }
    }

    private string FakeIdePlatform()
    {
        var dir = Path.Combine(_root, "arduino15", "packages", "fakevendor", "hardware", "samd", "1.8.14");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "boards.txt"),
            "menu.opt=Optimize\n" +
            "zero.name=Zero\nzero.build.mcu=cortex-m0plus\nzero.build.board=SAMD_ZERO\nzero.build.core=arduino\nzero.build.variant=arduino_zero\n" +
            "zero.menu.opt.small=Small\nzero.menu.opt.small.build.flags.optimize=-Os\nzero.menu.opt.fast=Fast\nzero.menu.opt.fast.build.flags.optimize=-O2\n");
        File.WriteAllText(Path.Combine(dir, "platform.txt"),
            "compiler.path={runtime.tools.arm-none-eabi-gcc-7-2017q4.path}/bin/\n" +
            "recipe.cpp.o.pattern=\"{compiler.path}arm-none-eabi-g++\" -DARDUINO_ARCH_{build.arch} -I{runtime.tools.CMSIS-4.5.0.path}/CMSIS {includes} \"{source_file}\" -o \"{object_file}\"\n");
        return dir;
    }

    [Fact]
    public void TheArchitectureIsTheArchFolderNotTheVersionFolder()
    {
        var platform = FakeIdePlatform();
        Assert.Equal("samd", BoardResolver.ArchitectureOf(platform));
        Assert.Equal("avr", BoardResolver.ArchitectureOf("/usr/share/arduino/hardware/arduino/avr"));

        // Without an architecture given (a platform found by folder), the layout says it.
        var board = BoardResolver.Resolve(platform, "zero", new Dictionary<string, string>(), "fakevendor");
        Assert.Equal("samd", board.Architecture);
        Assert.Equal("SAMD", board.Properties["build.arch"]);
        Assert.Contains("-DARDUINO_ARCH_SAMD", board.Properties.Expand(board.Properties["recipe.cpp.o.pattern"]!));
    }

    [Fact]
    public void RuntimeAndBuildValuesAreArduinoClis()
    {
        var platform = FakeIdePlatform();
        var board = BoardResolver.Resolve(platform, "zero", new Dictionary<string, string>(), "fakevendor", "10819", null, "samd");
        var p = board.Properties;
        Assert.Equal(platform, p["runtime.platform.path"]);
        Assert.Equal(Path.GetDirectoryName(platform), p["runtime.hardware.path"]);
        Assert.Equal("10819", p["runtime.ide.version"]);
        Assert.Equal("linux", p["runtime.os"]);
        Assert.Equal(Path.Combine(platform, "cores", "arduino"), p["build.core.path"]);
        Assert.Equal(Path.Combine(platform, "variants", "arduino_zero"), p["build.variant.path"]);
        Assert.Equal(Path.Combine(platform, "system"), p["build.system.path"]);
        // build.fqbn is the FQBN as given: no menu options unless chosen (the default one is not added).
        Assert.Equal("fakevendor:samd:zero", p["build.fqbn"]);
        var chosen = BoardResolver.Resolve(platform, "zero", new Dictionary<string, string> { ["opt"] = "fast" }, "fakevendor", "10819", null, "samd");
        Assert.Equal("fakevendor:samd:zero:opt=fast", chosen.Properties["build.fqbn"]);
        Assert.Equal("-O2", chosen.Properties["build.flags.optimize"]);
    }

    [Fact]
    public void MissingToolsAreNamedAndAToolPathProvidesThem()
    {
        var platform = FakeIdePlatform();
        var board = BoardResolver.Resolve(platform, "zero", new Dictionary<string, string>(), "fakevendor");
        var expanded = board.Properties.Expand("{compiler.path}arm-none-eabi-g++ " + board.Properties["recipe.cpp.o.pattern"]);
        Assert.Equal(new[] { "arm-none-eabi-gcc-7-2017q4", "CMSIS-4.5.0" }, BoardResolver.MissingTools(expanded));

        // Tools installed in the data folder (packages/VENDOR/tools/NAME/VERSION) become runtime.tools.NAME[-VERSION].path.
        var cmsis = Path.Combine(_root, "arduino15", "packages", "fakevendor", "tools", "CMSIS", "4.5.0");
        Directory.CreateDirectory(cmsis);
        var tools = PlatformLocator.ToolProperties("/nonexistent-home", Path.Combine(_root, "arduino15"));
        Assert.Equal(cmsis, tools["runtime.tools.CMSIS-4.5.0.path"]);
        tools["runtime.tools.arm-none-eabi-gcc-7-2017q4.path"] = "/usr";
        var resolved = BoardResolver.Resolve(platform, "zero", new Dictionary<string, string>(), "fakevendor", "10819", tools, "samd");
        var cmd = resolved.Properties.Expand("{compiler.path}arm-none-eabi-g++ " + resolved.Properties["recipe.cpp.o.pattern"]);
        Assert.Empty(BoardResolver.MissingTools(cmd));
        Assert.StartsWith("/usr/bin/arm-none-eabi-g++", cmd);
        Assert.Contains("-I" + cmsis + "/CMSIS", cmd);
    }

    [Fact]
    public void TheMissingToolMessageNamesTheToolAndEveryWayToProvideIt()
    {
        var board = BoardResolver.Resolve(FakeIdePlatform(), "zero", new Dictionary<string, string>(), "fakevendor");
        var message = FBuildResolveBoard.MissingToolsMessage(board, new[] { "arm-none-eabi-gcc-7-2017q4" }, "/home/u/.arduino15");
        Assert.Contains("'arm-none-eabi-gcc-7-2017q4'", message);
        Assert.Contains("/home/u/.arduino15/packages/VENDOR/tools/NAME/VERSION", message);
        Assert.Contains("<FBuildToolPath Include=\"arm-none-eabi-gcc-7-2017q4\" Path=\"/usr\" />", message);
        Assert.Contains("FBuildArduinoDataDirectory", message);
    }

    [Fact]
    public void TheDataFolderDefaultsToDotArduino15()
    {
        Assert.Equal("/home/u/.arduino15", PlatformLocator.DataDirectory("/home/u", null));
        Assert.Equal("/data/a15", PlatformLocator.DataDirectory("/home/u", "/data/a15/"));
        var candidates = PlatformLocator.PlatformCandidates("arduino", "samd", null, null, "/home/u", FakeDataFolderWithVersions()).ToList();
        Assert.Contains(candidates, c => c.Source == "FBuildArduinoDataDirectory" && c.Dir.EndsWith("samd/1.8.14", StringComparison.Ordinal));
    }

    private string FakeDataFolderWithVersions()
    {
        var data = Path.Combine(_root, "data");
        Directory.CreateDirectory(Path.Combine(data, "packages", "arduino", "hardware", "samd", "1.8.14"));
        return data;
    }

    /// <summary>
    /// The real core, resolved as arduino-builder 1.3.25 resolves it (-fqbn arduino:samd:arduino_zero_native
    /// -core-api-version 10819 -prefs runtime.tools.arm-none-eabi-gcc-7-2017q4.path=/usr; its -dump-prefs and -verbose
    /// output): every value and the expanded compile and link commands.
    /// </summary>
    [SamdCoreFact]
    public void TheRealSamdCoreResolvesAsArduinoBuilderDoes()
    {
        var data = Arduino15.DataDirectory!;
        var platform = Path.Combine(data, Arduino15.PlatformRelative);
        var overrides = PlatformLocator.ToolProperties("/nonexistent-home", data);
        overrides["runtime.tools.arm-none-eabi-gcc-7-2017q4.path"] = "/usr";
        var board = BoardResolver.Resolve(platform, "arduino_zero_native", new Dictionary<string, string>(), "arduino", "10819", overrides, "samd");
        var p = board.Properties;
        var expected = new Dictionary<string, string>
        {
            ["build.arch"] = "SAMD",
            ["build.board"] = "SAMD_ZERO",
            ["build.core.path"] = platform + "/cores/arduino",
            ["build.variant.path"] = platform + "/variants/arduino_zero",
            ["build.system.path"] = platform + "/system",
            ["build.fqbn"] = "arduino:samd:arduino_zero_native",
            ["runtime.platform.path"] = platform,
            ["runtime.hardware.path"] = data + "/packages/arduino/hardware/samd",
            ["runtime.ide.version"] = "10819",
            ["runtime.os"] = "linux",
            ["runtime.tools.CMSIS-4.5.0.path"] = data + "/packages/arduino/tools/CMSIS/4.5.0",
            ["runtime.tools.CMSIS-Atmel-1.2.0.path"] = data + "/packages/arduino/tools/CMSIS-Atmel/1.2.0",
            ["runtime.tools.CMSIS.path"] = data + "/packages/arduino/tools/CMSIS/4.5.0",
        };
        foreach (var kv in expected) Assert.True(kv.Value == p[kv.Key], $"{kv.Key}: expected '{kv.Value}', got '{p[kv.Key]}'");

        var cpp = CommandLine.Join(board.Recipe("recipe.cpp.o.pattern"));
        Assert.Equal(
            "/usr/bin/arm-none-eabi-g++ -mcpu=cortex-m0plus -mthumb -c -g -Os -w -std=gnu++11 -ffunction-sections -fdata-sections -fno-threadsafe-statics " +
            "-nostdlib --param max-inline-insns-single=500 -fno-rtti -fno-exceptions -MMD -DF_CPU=48000000L -DARDUINO=10819 -DARDUINO_SAMD_ZERO " +
            "-DARDUINO_ARCH_SAMD -D__SAMD21G18A__ -DUSB_VID=0x2341 -DUSB_PID=0x804d -DUSBCON '-DUSB_MANUFACTURER=\"Arduino LLC\"' " +
            "'-DUSB_PRODUCT=\"Arduino Zero\"' " +
            $"-I{data}/packages/arduino/tools/CMSIS/4.5.0/CMSIS/Include/ -I{data}/packages/arduino/tools/CMSIS-Atmel/1.2.0/CMSIS/Device/ATMEL/ " +
            $"-I{platform}/cores/arduino/api/deprecated -I{platform}/cores/arduino/api/deprecated-avr-comp {{includes}} {{source_file}} -o {{object_file}}",
            cpp);
        var link = CommandLine.Join(board.Recipe("recipe.c.combine.pattern"));
        Assert.Equal(
            "/usr/bin/arm-none-eabi-g++ -L{build.path} -Os -Wl,--gc-sections -save-temps " +
            $"-T{platform}/variants/arduino_zero/linker_scripts/gcc/flash_with_bootloader.ld -Wl,-Map,{{build.path}}/{{build.project_name}}.map " +
            "--specs=nano.specs --specs=nosys.specs -mcpu=cortex-m0plus -mthumb -Wl,--cref -Wl,--check-sections -Wl,--gc-sections " +
            "-Wl,--unresolved-symbols=report-all -Wl,--warn-common -Wl,--warn-section-align -o {build.path}/{build.project_name}.elf {object_files} " +
            $"-Wl,--start-group -L{data}/packages/arduino/tools/CMSIS/4.5.0/CMSIS/Lib/GCC/ -larm_cortexM0l_math -lm {{build.path}}/{{archive_file}} -Wl,--end-group",
            link);
        Assert.Equal(new[] { "bin", "hex" }, board.ObjcopyRecipes().Select(r => r.Name));
        Assert.Equal(262144, board.MaxFlash);
        Assert.Equal(32768, board.MaxRam);
    }
}

/// <summary>SAMD upload: the core's bossac recipe, the 1200-bps touch's port handling.</summary>
public sealed class SamdUploadTests
{
    [SamdCoreFact]
    public void TheZeroUploadsWithBossacThroughTheCoresRecipe()
    {
        var data = Arduino15.DataDirectory!;
        var overrides = PlatformLocator.ToolProperties("/nonexistent-home", data);
        overrides["runtime.tools.arm-none-eabi-gcc-7-2017q4.path"] = "/usr";
        overrides["runtime.tools.bossac-1.7.0-arduino3.path"] = "/usr/bin";
        var board = BoardResolver.Resolve(Path.Combine(data, Arduino15.PlatformRelative), "arduino_zero_native", new Dictionary<string, string>(), "arduino", "10819", overrides, "samd");
        var cmd = FBuild.Tasks.Ide.UploadRecipe.Command(board.Properties, "/dev/ttyACM0", "/b/", "Blink.ino", verbose: false, verify: true);
        Assert.Equal(new[] { "/usr/bin/bossac", "--port=ttyACM0", "--usb-port=true", "-i", "-e", "-w", "-v", "/b/Blink.ino.bin", "-R" }, cmd);
        Assert.Equal("true", board.Properties["upload.use_1200bps_touch"]);
        Assert.Equal("true", board.Properties["upload.wait_for_upload_port"]);
        var verbose = FBuild.Tasks.Ide.UploadRecipe.Command(board.Properties, "/dev/ttyACM0", "/b", "Blink.ino", verbose: true, verify: true);
        Assert.Equal(new[] { "-i", "-d" }, verbose.Skip(1).Take(2));

        // Without bossac's folder the recipe still names {runtime.tools.bossac-1.7.0-arduino3.path}: FB0140's tool.
        overrides.Remove("runtime.tools.bossac-1.7.0-arduino3.path");
        var without = BoardResolver.Resolve(Path.Combine(data, Arduino15.PlatformRelative), "arduino_zero_native", new Dictionary<string, string>(), "arduino", "10819", overrides, "samd");
        var missing = FBuild.Tasks.Ide.UploadRecipe.Command(without.Properties, "/dev/ttyACM0", "/b", "Blink.ino", false, true);
        Assert.Equal(new[] { "bossac-1.7.0-arduino3" }, BoardResolver.MissingTools(string.Join(" ", missing)));
    }

    [Fact]
    public void BossacsDashUWithAValueBecomesUsbPort()
    {
        Assert.Equal(new[] { "/x/bossac", "--usb-port=false", "-e" }, FBuild.Tasks.Ide.UploadRecipe.BossacUsbPort(new List<string> { "/x/bossac", "-U", "false", "-e" }));
        Assert.Equal(new[] { "/x/bossac", "-U", "-e" }, FBuild.Tasks.Ide.UploadRecipe.BossacUsbPort(new List<string> { "/x/bossac", "-U", "-e" }));
        Assert.Equal(new[] { "/x/avrdude", "-U", "true" }, FBuild.Tasks.Ide.UploadRecipe.BossacUsbPort(new List<string> { "/x/avrdude", "-U", "true" }));
    }

    [Fact]
    public void TheBootloadersPortIsANewPortAndTheCommandUsesIt()
    {
        Assert.Equal("/dev/ttyACM1", FBuild.Tasks.Ide.BootloaderPort.NewPort(new[] { "/dev/ttyACM0" }, new[] { "/dev/ttyACM0", "/dev/ttyACM1" }));
        Assert.Null(FBuild.Tasks.Ide.BootloaderPort.NewPort(new[] { "/dev/ttyACM0" }, new[] { "/dev/ttyACM0" }));
        var cmd = new[] { "/usr/bin/bossac", "--port=ttyACM0", "-i", "/dev/ttyACM0", "-P/dev/ttyACM0", "/b/ttyACM0.bin" };
        Assert.Equal(new[] { "/usr/bin/bossac", "--port=ttyACM1", "-i", "/dev/ttyACM1", "-P/dev/ttyACM1", "/b/ttyACM0.bin" },
            FBuild.Tasks.Ide.BootloaderPort.WithPort(cmd, "/dev/ttyACM0", "/dev/ttyACM1"));
    }
}
