using FBuild.Tasks.Libraries;

namespace FBuild.Tasks.Tests.Libraries;

public class IncludeScannerTests
{
    private static string[] Names(string text) => IncludeScanner.Scan(text).Select(i => i.Name).ToArray();

    [Fact]
    public void FindsAngledAndQuotedIncludesWithLinesAndSpacing()
    {
        const string text = "#include <Wire.h>\n" +
                            "  #  include \"config.h\"\n" +
                            "\n" +
                            "#include<SPI.h>\n" +
                            "\t# include <utility/twi.h> // why not\n" +
                            "void setup() {}\n";
        IReadOnlyList<IncludeDirective> includes = IncludeScanner.Scan(text);
        Assert.Equal(
            new[]
            {
                new IncludeDirective("Wire.h", true, 1),
                new IncludeDirective("config.h", false, 2),
                new IncludeDirective("SPI.h", true, 4),
                new IncludeDirective("utility/twi.h", true, 5),
            },
            includes);
    }

    [Fact]
    public void IgnoresIncludesInComments()
    {
        const string text = """
            // #include <LineComment.h>
            /* #include <BlockComment.h> */
            /*
            #include <MultiLineBlock.h>
            */
            #include <Real.h> /* trailing
               comment spanning lines
            #include <StillInComment.h> */
            // a continued line comment \
            #include <ContinuedComment.h>
            /* leading */ #include <AfterLeadingComment.h>
            #include <Last.h>
            """;
        Assert.Equal(new[] { "Real.h", "AfterLeadingComment.h", "Last.h" }, Names(text));
        Assert.Equal(12, IncludeScanner.Scan(text).Single(i => i.Name == "Last.h").Line);
        Assert.Equal(11, IncludeScanner.Scan(text).Single(i => i.Name == "AfterLeadingComment.h").Line);
    }

    [Fact]
    public void StringsDoNotStartComments()
    {
        const string text = """
            const char* a = "/* not a comment";
            #include <One.h>
            const char* b = "// neither";
            #include <Two.h>
            char c = '"';
            #include <Three.h>
            const char* d = "escaped \" quote /*";
            #include <Four.h>
            """;
        Assert.Equal(new[] { "One.h", "Two.h", "Three.h", "Four.h" }, Names(text));
    }

    [Fact]
    public void CommentsAndLiteralsThatBeginOnCodeLinesStillCount()
    {
        // Code lines are not kept, but a comment or string that starts on one is still followed to its end.
        const string text = "int x = 1; /* starts on a code line\n#include <InComment.h>\n*/\n#include <AfterComment.h>\n" +
                            "void f() { g(\"#include <InString.h>\"); } // \\\n#include <ContinuedComment.h>\n" +
                            "auto s = R\"(\n#include <InRaw.h>\n)\"; int y;\n  #include \"Last.h\"\n";
        Assert.Equal(new[] { new IncludeDirective("AfterComment.h", true, 4), new IncludeDirective("Last.h", false, 10) }, IncludeScanner.Scan(text));
    }

    [Fact]
    public void RawStringsAreSkipped()
    {
        const string text = "const char* html = R\"html(\n#include <InRaw.h>\n/* )\" still raw\n)html\";\n#include <After.h>\n";
        IReadOnlyList<IncludeDirective> includes = IncludeScanner.Scan(text);
        Assert.Equal(new[] { new IncludeDirective("After.h", true, 5) }, includes);
    }

    [Fact]
    public void SkipsIfZeroBlocksIncludingNestedConditionals()
    {
        const string text = """
            #if 0
            #include <Dead1.h>
            #ifdef FOO
            #include <Dead2.h>
            #else
            #include <Dead3.h>
            #endif
            This doesn't compile, it's just notes.
            #include <Dead4.h>
            #endif
            #include <Alive1.h>
            #if 0 // disabled
            #include <Dead5.h>
            #else
            #include <Alive2.h>
            #endif
            #if (0)
            #include <Dead6.h>
            #elif defined(BAR)
            #include <Alive3.h>
            #endif
            #ifdef BAZ
            #include <Alive4.h>
            #elif 0
            #include <Dead7.h>
            #else
            #include <Alive5.h>
            #endif
            #if 0
            #if 1
            #include <Dead8.h>
            #endif
            #elif 0
            #include <Dead9.h>
            #endif
            #include <Alive6.h>
            """;
        Assert.Equal(new[] { "Alive1.h", "Alive2.h", "Alive3.h", "Alive4.h", "Alive5.h", "Alive6.h" }, Names(text));
    }

    [Fact]
    public void OtherConditionsAreNotEvaluated()
    {
        const string text = """
            #if defined(ARDUINO_ARCH_AVR)
            #include <Avr.h>
            #elif defined(ARDUINO_ARCH_SAMD)
            #include <Samd.h>
            #endif
            #ifndef NO_WIRE
            #include <Wire.h>
            #endif
            #if 1
            #include <One.h>
            #else
            #include <ElseOfOne.h>
            #endif
            #if 00
            #include <NotLiteralZero.h>
            #endif
            """;
        Assert.Equal(new[] { "Avr.h", "Samd.h", "Wire.h", "One.h", "ElseOfOne.h", "NotLiteralZero.h" }, Names(text));
    }

    [Fact]
    public void LineSplicesJoinDirectives()
    {
        const string text = "#include \\\n  <Spliced.h>\n#inc\\\nlude <Split.h>\n#include <Next.h>\n";
        IReadOnlyList<IncludeDirective> includes = IncludeScanner.Scan(text);
        Assert.Equal(
            new[]
            {
                new IncludeDirective("Spliced.h", true, 1),
                new IncludeDirective("Split.h", true, 3),
                new IncludeDirective("Next.h", true, 5),
            },
            includes);
    }

    [Fact]
    public void HandlesCrLfBomAndComputedIncludes()
    {
        const string text = "\uFEFF#include <A.h>\r\n#define HDR \"b.h\"\r\n#include HDR\r\n#include_next <C.h>\r\n#include <>\r\n#include \"D.h\"\r\n";
        IReadOnlyList<IncludeDirective> includes = IncludeScanner.Scan(text);
        Assert.Equal(new[] { new IncludeDirective("A.h", true, 1), new IncludeDirective("D.h", false, 6) }, includes);
    }

    [Fact]
    public void DirectivesMustStartTheLine()
    {
        const string text = "int x; #include <NotADirective.h>\n#define S \"#include <InString.h>\"\n";
        Assert.Empty(IncludeScanner.Scan(text));
    }

    [Fact]
    public void AssemblerSources()
    {
        const string text = "#include <avr/io.h>\n  ldi r16, 1 ; #include <NotADirective.h>\n.global foo\n";
        Assert.Equal(new[] { "avr/io.h" }, Names(text));
    }

    [Fact]
    public void ScanNamesIsDistinctInOrder()
    {
        Assert.Equal(new[] { "b.h", "a.h" }, IncludeScanner.ScanNames("#include <b.h>\n#include \"a.h\"\n#include <b.h>\n"));
    }

    [Fact]
    public void RealSketchExample()
    {
        // From the Arduino examples (Wire/SFRRanger_reader), shortened.
        const string text = """
            // I2C SRF10 or SRF08 Devantech Ultrasonic Ranger Finder
            // by Nicholas Zambetti <http://www.zambetti.com>
            // and James Tichenor <http://www.jamestichenor.net>

            // Demonstrates use of the Wire library reading data from the
            // Devantech Utrasonic Rangers SFR08 and SFR10

            // Created 29 April 2006

            // This example code is in the public domain.


            #include <Wire.h>

            void setup() {
              Wire.begin();                // join i2c bus (address optional for master)
              Serial.begin(9600);          // start serial communication at 9600bps
            }
            """;
        Assert.Equal(new[] { new IncludeDirective("Wire.h", true, 13) }, IncludeScanner.Scan(text));
    }
}
