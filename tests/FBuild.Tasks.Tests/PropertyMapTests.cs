using FBuild.Tasks.Boards;

namespace FBuild.Tasks.Tests;

public class PropertyMapTests
{
    [Fact]
    public void Parse_SkipsCommentsAndBlankLinesAndTrimsKeysAndValues()
    {
        var map = PropertyMap.Parse(
            "# a comment = with an equals sign\n" +
            "\n" +
            "   \n" +
            "  # indented comment\n" +
            "  name  =  Arduino UNO  \r\n" +
            "not a property line\n" +
            "=value without key\n" +
            "empty=\n");

        Assert.Equal(2, map.Count);
        Assert.Equal("Arduino UNO", map["name"]);
        Assert.Equal("", map["empty"]);
        Assert.True(map.ContainsKey("empty"));
        Assert.Null(map["# a comment "]);
        Assert.Null(map["not a property line"]);
    }

    [Fact]
    public void Parse_SplitsAtFirstEqualsSoValuesKeepTheirEqualsSigns()
    {
        var map = PropertyMap.Parse("build.extra_flags=-DUSB_VID=0x2341 -DX=\"a=b\"\nk==v\n");
        Assert.Equal("-DUSB_VID=0x2341 -DX=\"a=b\"", map["build.extra_flags"]);
        Assert.Equal("=v", map["k"]);
    }

    [Fact]
    public void Parse_LaterDuplicateKeyWins()
    {
        var map = PropertyMap.Parse("a=1\na=2\n");
        Assert.Equal("2", map["a"]);
    }

    [Fact]
    public void Parse_LinuxOverrideReplacesGenericKeyWhicheverComesFirst()
    {
        var before = PropertyMap.Parse("tools.avrdude.cmd.path.linux=/usr/bin/avrdude\ntools.avrdude.cmd.path={path}/bin/avrdude\n");
        var after = PropertyMap.Parse("tools.avrdude.cmd.path={path}/bin/avrdude\ntools.avrdude.cmd.path.linux=/usr/bin/avrdude\n");

        Assert.Equal("/usr/bin/avrdude", before["tools.avrdude.cmd.path"]);
        Assert.Equal("/usr/bin/avrdude", after["tools.avrdude.cmd.path"]);
        // The OS-specific key itself stays available.
        Assert.Equal("/usr/bin/avrdude", after["tools.avrdude.cmd.path.linux"]);
    }

    [Fact]
    public void Parse_OtherOsOverridesAreIgnored()
    {
        var map = PropertyMap.Parse("cmd=generic\ncmd.windows=win.exe\ncmd.macosx=mac\n");
        Assert.Equal("generic", map["cmd"]);
    }

    [Fact]
    public void Parse_OsSuffixIsAParameter()
    {
        var map = PropertyMap.Parse("cmd=generic\ncmd.windows=win.exe\ncmd.linux=lin\n", "windows");
        Assert.Equal("win.exe", map["cmd"]);
    }

    [Fact]
    public void Load_ReadsAFile()
    {
        var path = Path.Combine(Path.GetTempPath(), "fbuild-pm-" + Guid.NewGuid().ToString("N") + ".txt");
        try
        {
            File.WriteAllText(path, "# boards\nuno.name=Arduino UNO\nuno.build.mcu=atmega328p\n");
            var map = PropertyMap.Load(path);
            Assert.Equal("atmega328p", map["uno.build.mcu"]);
            Assert.Equal(2, map.Count);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Indexer_SetNullRemoves_GetFallback()
    {
        var map = PropertyMap.Parse("a=1\nb=2\n");
        map["a"] = null;
        Assert.False(map.ContainsKey("a"));
        Assert.Equal(1, map.Count);
        Assert.Equal("fallback", map.Get("a", "fallback"));
        Assert.Equal("", map.Get("a"));
        Assert.Equal("2", map.Get("b", "fallback"));
    }

    [Fact]
    public void SubTree_TakesOnlyKeysUnderThePrefixFollowedByADot()
    {
        var map = PropertyMap.Parse(
            "uno.name=Arduino UNO\n" +
            "uno.build.mcu=atmega328p\n" +
            "unowifi.name=Uno WiFi\n" +
            "uno=bare\n" +
            "nano.name=Nano\n");

        var uno = map.SubTree("uno");

        Assert.Equal(2, uno.Count);
        Assert.Equal("Arduino UNO", uno["name"]);
        Assert.Equal("atmega328p", uno["build.mcu"]);
        Assert.Null(uno["wifi.name"]);
        Assert.Equal(0, map.SubTree("missing").Count);
    }

    [Fact]
    public void SubTree_Nested()
    {
        var map = PropertyMap.Parse("nano.menu.cpu.atmega328.build.mcu=atmega328p\nnano.menu.cpu.atmega168.build.mcu=atmega168\n");
        var cpu = map.SubTree("nano").SubTree("menu").SubTree("cpu");
        Assert.Equal("atmega168", cpu.SubTree("atmega168")["build.mcu"]);
    }

    [Fact]
    public void FirstSegments_DistinctInFileOrder()
    {
        var map = PropertyMap.Parse(
            "menu.cpu=Processor\n" +
            "zeta.name=Z\n" +
            "alpha.name=A\n" +
            "zeta.build.mcu=x\n" +
            "mid=no dot\n" +
            "alpha.build.mcu=y\n" +
            "beta.name=B\n");

        Assert.Equal(new[] { "menu", "zeta", "alpha", "mid", "beta" }, map.FirstSegments());
    }

    [Fact]
    public void Expand_Recursive()
    {
        var map = PropertyMap.Parse(
            "compiler.path={runtime.tools.avr-gcc.path}/bin/\n" +
            "runtime.tools.avr-gcc.path={home}/tools\n" +
            "home=/home/u\n" +
            "compiler.c.cmd=avr-gcc\n");

        Assert.Equal("\"/home/u/tools/bin/avr-gcc\" -c", map.Expand("\"{compiler.path}{compiler.c.cmd}\" -c"));
    }

    [Fact]
    public void Expand_LeavesUnknownPlaceholdersAndStrayBracesInPlace()
    {
        var map = PropertyMap.Parse("build.mcu=atmega328p\n");

        Assert.Equal("-mmcu=atmega328p \"{source_file}\" -o \"{object_file}\"",
            map.Expand("-mmcu={build.mcu} \"{source_file}\" -o \"{object_file}\""));
        Assert.Equal("{ unterminated", map.Expand("{ unterminated"));
        Assert.Equal("a}b{", map.Expand("a}b{"));
        Assert.Equal("no placeholders", map.Expand("no placeholders"));
    }

    [Fact]
    public void Expand_KnownPlaceholderAfterUnknownOne()
    {
        var map = PropertyMap.Parse("x=1\n");
        Assert.Equal("{y}1{z}", map.Expand("{y}{x}{z}"));
    }

    [Fact]
    public void Expand_SelfReferenceStopsAtMaxDepth()
    {
        var map = PropertyMap.Parse("loop=<{loop}>\n");
        var expanded = map.Expand("{loop}", maxDepth: 3);
        Assert.Equal("<<<{loop}>>>", expanded);
    }

    [Fact]
    public void CloneAndMergeAreIndependent()
    {
        var a = PropertyMap.Parse("k=1\nonly.a=x\n");
        var b = a.Clone();
        b["k"] = "2";
        Assert.Equal("1", a["k"]);

        a.Merge(PropertyMap.Parse("k=3\nonly.b=y\n"));
        Assert.Equal("3", a["k"]);
        Assert.Equal("x", a["only.a"]);
        Assert.Equal("y", a["only.b"]);
        Assert.Equal("2", b["k"]);
        Assert.Null(b["only.b"]);
    }
}
