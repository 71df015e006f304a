using FBuild.Tasks.Boards;

namespace FBuild.Tasks.Tests;

/// <summary>
/// Boards that use another vendor's core and variant (the Arduino platform specification's "Referencing another core,
/// variant or tool"): a third-party platform written by the test, on Debian's arduino:avr.
/// </summary>
public sealed class CoreReferenceTests : IDisposable
{
    private readonly string _hardware = Path.Combine(Path.GetTempPath(), "fbuild-coreref-" + Guid.NewGuid().ToString("N"));
    private string Platform => Path.Combine(_hardware, "mycorp", "avr");

    public CoreReferenceTests()
    {
        Directory.CreateDirectory(Path.Combine(Platform, "variants", "tiny"));
        File.WriteAllText(Path.Combine(Platform, "boards.txt"),
            "myuno.name=MyCorp Uno\n" +
            "myuno.build.mcu=atmega328p\nmyuno.build.f_cpu=16000000L\nmyuno.build.board=MYCORP_UNO\n" +
            "myuno.build.core=arduino:arduino\nmyuno.build.variant=arduino:standard\n" +
            "myuno.upload.tool=arduino:avrdude\nmyuno.upload.protocol=arduino\nmyuno.upload.speed=115200\n" +
            "myuno.upload.maximum_size=32256\nmyuno.upload.maximum_data_size=2048\n" +
            "mytiny.name=MyCorp Tiny\n" +
            "mytiny.build.mcu=atmega328p\nmytiny.build.f_cpu=8000000L\nmytiny.build.board=MYCORP_TINY\n" +
            "mytiny.build.core=arduino:arduino\nmytiny.build.variant=tiny\n" +
            "mytiny.upload.maximum_size=30720\nmytiny.upload.maximum_data_size=2048\n");
    }

    public void Dispose() => Directory.Delete(_hardware, true);

    private string? FindArduino(string vendor) => vendor == "arduino" ? ArduinoCoreFactAttribute.PlatformDir : null;

    [Fact]
    public void ReferencesNameAnotherVendorOnly()
    {
        Assert.Equal(("arduino", "arduino", "arduino", "standard"), BoardResolver.CoreReferences("arduino:arduino", "arduino:standard", "mycorp"));
        Assert.Equal(((string?)null, "arduino", (string?)null, "standard"), BoardResolver.CoreReferences("arduino:arduino", "standard", "arduino"));
        Assert.Equal(((string?)null, "mycore", (string?)null, ""), BoardResolver.CoreReferences("mycore", "", "mycorp"));
        Assert.Equal(((string?)null, "arduino", (string?)null, "standard"), BoardResolver.CoreReferences("arduino:arduino", "arduino:standard", null));
    }

    [ArduinoCoreFact]
    public void ABoardUsesTheReferencedCoreVariantRecipesAndTools()
    {
        var b = BoardResolver.Resolve(Platform, "myuno", new Dictionary<string, string>(), "mycorp", findPlatform: FindArduino);
        var arduino = ArduinoCoreFactAttribute.PlatformDir;
        Assert.Equal(Path.Combine(arduino, "cores", "arduino"), b.CoreDir);
        Assert.Equal(Path.Combine(arduino, "variants", "standard"), b.VariantDir);
        Assert.Equal(arduino, b.CorePlatformDir);
        Assert.Equal(Platform, b.PlatformDir);
        Assert.Equal("avr", b.Architecture);
        Assert.Equal("mycorp:avr:myuno", b.Fqbn);
        Assert.Equal(Platform, b.Properties.Get("runtime.platform.path"));
        Assert.Equal(Path.Combine(arduino, "system"), b.Properties.Get("build.system.path"));
        // arduino:avr's platform.txt gives the recipes; the board gives its defines.
        var cpp = b.Recipe("recipe.cpp.o.pattern");
        Assert.EndsWith("avr-g++", cpp[0]);
        Assert.Contains("-DARDUINO_MYCORP_UNO", cpp);
        Assert.Contains("-DARDUINO_ARCH_AVR", cpp);
        Assert.Contains("-mmcu=atmega328p", cpp);
        Assert.Equal(32256, b.MaxFlash);
        // upload.tool=arduino:avrdude: the referenced platform's tools.avrdude.
        Assert.Equal("avrdude", FBuild.Tasks.Ide.UploadRecipe.Tool(b.Properties));
        Assert.NotEqual("", b.Properties.Get("tools.avrdude.upload.pattern"));
    }

    [ArduinoCoreFact]
    public void APlainVariantIsTheBoardsOwnAndItsPlatformTxtOverridesTheReferenced()
    {
        File.WriteAllText(Path.Combine(Platform, "platform.txt"), "name=MyCorp AVR\ncompiler.cpp.extra_flags=-DMYCORP_EXTRA\n");
        var b = BoardResolver.Resolve(Platform, "mytiny", new Dictionary<string, string>(), "mycorp", findPlatform: FindArduino);
        Assert.Equal(Path.Combine(Platform, "variants", "tiny"), b.VariantDir);
        Assert.Equal(Path.Combine(ArduinoCoreFactAttribute.PlatformDir, "cores", "arduino"), b.CoreDir);
        var cpp = b.Recipe("recipe.cpp.o.pattern");
        Assert.Contains("-DMYCORP_EXTRA", cpp);
        Assert.Contains("-DF_CPU=8000000L", cpp);
    }

    [Fact]
    public void AMissingReferencedPlatformIsFB0152()
    {
        var ex = Assert.Throws<BoardException>(() => BoardResolver.Resolve(Platform, "myuno", new Dictionary<string, string>(), "mycorp", findPlatform: _ => null));
        Assert.Equal("FB0152", ex.Code);
        Assert.Contains("'arduino:arduino'", ex.Message);
        Assert.Contains("arduino:avr", ex.Message);
    }

    [Fact]
    public void APlatformWithoutPlatformTxtNeedsACoreReference()
    {
        File.WriteAllText(Path.Combine(Platform, "boards.txt"), "solo.name=Solo\nsolo.build.core=arduino\n");
        var ex = Assert.Throws<BoardException>(() => BoardResolver.Resolve(Platform, "solo", new Dictionary<string, string>(), "mycorp", findPlatform: FindArduino));
        Assert.Equal(FBuildErrors.CoreNotFound, ex.Code);
        Assert.Null(PlatformLocator.FindPlatform("mycorp", "avr", null, _hardware, "/nonexistent", out _));
    }

    [Fact]
    public void TheLocatorFindsAPlatformOfBoardsOnlyInAHardwareFolderAndAnIdeDataFolder()
    {
        Assert.Equal(Platform, PlatformLocator.FindPlatform("mycorp", "avr", null, _hardware, "/nonexistent", out _));
        // The IDE layout: HOME/.arduino15/packages/VENDOR/hardware/ARCH/VERSION, newest version first.
        var home = Path.Combine(_hardware, "home");
        foreach (var version in new[] { "1.0.9", "1.0.10" })
        {
            var dir = Path.Combine(home, ".arduino15", "packages", "mycorp", "hardware", "avr", version);
            Directory.CreateDirectory(dir);
            File.Copy(Path.Combine(Platform, "boards.txt"), Path.Combine(dir, "boards.txt"));
        }
        Assert.Equal(Path.Combine(home, ".arduino15", "packages", "mycorp", "hardware", "avr", "1.0.10"),
            PlatformLocator.FindPlatform("mycorp", "avr", null, null, home, out _));
    }
}
