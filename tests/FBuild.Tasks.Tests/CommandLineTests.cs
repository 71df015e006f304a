using FBuild.Tasks.Boards;

namespace FBuild.Tasks.Tests;

public class CommandLineTests
{
    [Fact]
    public void Split_OnAnyWhitespaceRuns()
    {
        Assert.Equal(new[] { "avr-gcc", "-c", "-Os", "x.c" }, CommandLine.Split("  avr-gcc \t-c   -Os\nx.c  "));
    }

    [Fact]
    public void Split_EmptyAndBlank()
    {
        Assert.Empty(CommandLine.Split(""));
        Assert.Empty(CommandLine.Split("   \t "));
    }

    [Fact]
    public void Split_DoubleQuotesGroupAndAreRemoved()
    {
        Assert.Equal(new[] { "/usr/bin/avr-g++", "-c", "/a b/x.cpp", "-o", "/a b/x.o" },
            CommandLine.Split("\"/usr/bin/avr-g++\" -c \"/a b/x.cpp\" -o \"/a b/x.o\""));
    }

    [Fact]
    public void Split_SingleQuotesKeepDoubleQuotesInside()
    {
        // The leonardo's build.usb_flags after expansion.
        var args = CommandLine.Split("-DUSB_VID=0x2341 -DUSB_PID=0x8036 '-DUSB_MANUFACTURER=\"Unknown\"' '-DUSB_PRODUCT=\"Arduino Leonardo\"'");
        Assert.Equal(new[] { "-DUSB_VID=0x2341", "-DUSB_PID=0x8036", "-DUSB_MANUFACTURER=\"Unknown\"", "-DUSB_PRODUCT=\"Arduino Leonardo\"" }, args);
    }

    [Fact]
    public void Split_DoubleQuotesKeepSingleQuotesInside()
    {
        Assert.Equal(new[] { "it's here", "x" }, CommandLine.Split("\"it's here\" x"));
    }

    [Fact]
    public void Split_QuotesInTheMiddleOfAnArgumentJoinIt()
    {
        Assert.Equal(new[] { "-L/a b/lib", "-x" }, CommandLine.Split("-L\"/a b\"/lib -x"));
        Assert.Equal(new[] { "-I/p q" }, CommandLine.Split("-I'/p q'"));
    }

    [Fact]
    public void Split_EmptyQuotesAreAnEmptyArgument()
    {
        Assert.Equal(new[] { "a", "", "b", "" }, CommandLine.Split("a \"\" b ''"));
    }

    [Fact]
    public void Split_NoBackslashEscapes()
    {
        Assert.Equal(new[] { "a\\", "b\\\"c d" }, CommandLine.Split("a\\ 'b\\\"c d'"));
    }

    [Fact]
    public void Split_UnterminatedQuoteRunsToTheEnd()
    {
        Assert.Equal(new[] { "a", "b c " }, CommandLine.Split("a \"b c "));
    }

    public static TheoryData<string[]> TrickyArgs() => new()
    {
        new[] { "plain", "-DX=1" },
        new[] { "/path with spaces/avr-g++", "-o", "/out dir/x.o" },
        new[] { "-DUSB_PRODUCT=\"Arduino Leonardo\"" },
        new[] { "-DNAME='single'" },
        new[] { "it's" },
        new[] { "say \"hi\"" },
        new[] { "" },
        new[] { "a", "", "b" },
        new[] { "tab\there", "trailing " },
        new[] { "back\\slash", "end\\" },
    };

    [Theory]
    [MemberData(nameof(TrickyArgs))]
    public void Join_RoundTripsThroughSplit(string[] args)
    {
        var joined = CommandLine.Join(args);
        Assert.Equal(args, CommandLine.Split(joined));
    }

    [Theory]
    [InlineData("a\nb")]
    [InlineData("a\rb")]
    [InlineData("/home/u/My\u00a0Sketches/x.cpp")]
    public void Join_RoundTripsArgumentsWithOtherWhitespace(string arg)
    {
        Assert.Equal(new[] { arg }, CommandLine.Split(CommandLine.Join(new[] { arg })));
    }

    [Fact]
    public void Join_LeavesPlainArgumentsUnquoted()
    {
        Assert.Equal("avr-gcc -c -Os x.c", CommandLine.Join(new[] { "avr-gcc", "-c", "-Os", "x.c" }));
    }

    [Fact]
    public void Join_RecipeRoundTrip()
    {
        var recipe = "\"/usr/bin/avr-g++\" -c -g -Os -w -mmcu=atmega32u4 -DUSB_VID=0x2341 '-DUSB_PRODUCT=\"Arduino Leonardo\"' \"{source_file}\" -o \"{object_file}\"";
        var once = CommandLine.Split(recipe);
        Assert.Equal(once, CommandLine.Split(CommandLine.Join(once)));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("", "''")]
    [InlineData("a b", "'a b'")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("$HOME", "'$HOME'")]
    public void ShellQuote(string arg, string expected)
    {
        Assert.Equal(expected, CommandLine.ShellQuote(arg));
    }

    [Fact]
    public void ShellQuote_ResultIsOneWordForARealShell()
    {
        if (!File.Exists("/bin/sh")) return;
        var args = new[] { "it's \"quoted\"", "$HOME `x` \\ *", "" };
        var script = "for a in " + string.Join(" ", args.Select(CommandLine.ShellQuote)) + "; do printf '[%s]\\n' \"$a\"; done";
        var psi = new System.Diagnostics.ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        using var p = System.Diagnostics.Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(string.Concat(args.Select(a => "[" + a + "]\n")), output);
    }
}
