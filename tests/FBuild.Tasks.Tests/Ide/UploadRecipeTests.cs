using FBuild.Tasks.Boards;
using FBuild.Tasks.Ide;

namespace FBuild.Tasks.Tests.Ide;

public class UploadRecipeTests
{
    // The upload part of Debian's arduino-core-avr platform.txt and boards.txt (uno), as resolved.
    private static PropertyMap Uno() => PropertyMap.Parse(string.Join("\n",
        "name=Arduino UNO",
        "build.mcu=atmega328p",
        "upload.tool=avrdude",
        "upload.protocol=arduino",
        "upload.speed=115200",
        "tools.avrdude.path=/usr",
        "tools.avrdude.cmd.path={path}/bin/avrdude",
        "tools.avrdude.config.path=/etc/avrdude.conf",
        "tools.avrdude.upload.params.verbose=-v",
        "tools.avrdude.upload.params.quiet=-q -q",
        "tools.avrdude.upload.verify=",
        "tools.avrdude.upload.params.noverify=-V",
        "tools.avrdude.upload.pattern=\"{cmd.path}\" \"-C{config.path}\" {upload.verbose} {upload.verify} -p{build.mcu} -c{upload.protocol} \"-P{serial.port}\" -b{upload.speed} -D \"-Uflash:w:{build.path}/{build.project_name}.hex:i\""));

    [Fact]
    public void Command_IsTheToolsPatternWithTheBoardsProtocolSpeedAndPort()
    {
        var cmd = UploadRecipe.Command(Uno(), "/dev/ttyACM0", "/a/uno/sketches/Blink/", "Blink.ino", verbose: false, verify: true);
        Assert.Equal(new[] { "/usr/bin/avrdude", "-C/etc/avrdude.conf", "-q", "-q", "-patmega328p", "-carduino", "-P/dev/ttyACM0", "-b115200", "-D",
            "-Uflash:w:/a/uno/sketches/Blink/Blink.ino.hex:i" }, cmd);
    }

    [Fact]
    public void Command_VerboseAndNoVerifyUseTheToolsParams()
    {
        var cmd = UploadRecipe.Command(Uno(), "/dev/ttyUSB1", "/b", "X.ino", verbose: true, verify: false);
        Assert.Equal(new[] { "/usr/bin/avrdude", "-C/etc/avrdude.conf", "-v", "-V", "-patmega328p" }, cmd.Take(5));
        Assert.Contains("-P/dev/ttyUSB1", cmd);
    }

    [Fact]
    public void Tool_PrefersUploadToolDefault()
    {
        var board = Uno();
        board["upload.tool.default"] = "bossac";
        Assert.Equal("bossac", UploadRecipe.Tool(board));
        var ex = Assert.Throws<BoardException>(() => UploadRecipe.Command(board, "/p", "/b", "X.ino", false, true));
        Assert.Equal("FB0124", ex.Code);
        Assert.Contains("tools.bossac.upload.pattern", ex.Message);
        var none = PropertyMap.Parse("name=Bare\n");
        Assert.Equal("FB0124", Assert.Throws<BoardException>(() => UploadRecipe.Command(none, "/p", "/b", "X.ino", false, true)).Code);
    }
}
