using FBuild.Tasks.Ide;

namespace FBuild.Tasks.Tests.Ide;

public class SimavrOutputTests
{
    private const string Green = "\u001b[32m", Reset = "\u001b[0m";

    [Fact]
    public void Decode_TakesTheGreenUartLinesAndKeepsSimavrsMessagesApart()
    {
        var lines = new[]
        {
            "Loaded 1234 .text at address 0x0",
            Green + "Hello..",
            Reset + Green + "no CR.",
            Reset + Green + "..",
            Reset,
            "avr_sadly_crashed",
        };
        var (serial, messages) = SimavrOutput.Decode(lines);
        Assert.Equal("Hello\nno CR\n\n", serial);
        Assert.Equal(new[] { "Loaded 1234 .text at address 0x0", "avr_sadly_crashed" }, messages);
    }

    [Fact]
    public void Decode_JoinsA256ByteChunkWithTheRestOfItsLine()
    {
        var chunk = new string('x', 256);
        var (serial, _) = SimavrOutput.Decode(new[] { Green + chunk, Reset + Green + "yz..", Reset + Green + new string('a', 10) });
        Assert.Equal(chunk + "yz\n" + "aaaaaaaaaa\n", serial);
    }

    [Fact]
    public void Diff_IsNullForTheSameLinesAndShowsMissingAndExtraLines()
    {
        Assert.Null(SimavrOutput.Diff("a\r\nb  \n\n", "a\nb\n"));
        var diff = SimavrOutput.Diff("one\ntwo\nthree\n", "one\n2\nthree\nfour\n");
        Assert.Equal("  one\n- two\n+ 2\n  three\n+ four", diff);
    }

    [Theory]
    [InlineData("16000000L", 16000000L)]
    [InlineData("8000000UL", 8000000L)]
    [InlineData(" 1000000 ", 1000000L)]
    [InlineData("{x}", null)]
    public void Frequency_ReadsBuildFCpu(string text, long? expected) => Assert.Equal(expected, SimavrOutput.Frequency(text));
}
