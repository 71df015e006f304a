using FBuild.Tasks.Toolchain;

namespace FBuild.Tasks.Tests.Toolchain;

public class GccDiagnosticsTests
{
    private static IReadOnlyList<GccDiagnostic> Parse(string output) =>
        GccDiagnostics.Parse(output.Replace("\r\n", "\n").Split('\n'));

    [Fact]
    public void CompilerErrorsWarningsAndContextLines()
    {
        // avr-g++ -c -Wall -Wextra b.cpp (avr-gcc 5.4, UTF-8 locale)
        const string output = """
            b.cpp: In function ‘void g()’:
            b.cpp:3:16: warning: unused variable ‘unused’ [-Wunused-variable]
             void g() { int unused = 3; f(1); }
                            ^
            b.cpp: In function ‘int main()’:
            b.cpp:4:46: error: ‘undefined_fn’ was not declared in this scope
             int main() { return helper(1) + undefined_fn(); }
                                                          ^
            b.cpp: In instantiation of ‘void f(T) [with T = int]’:
            b.cpp:3:31:   required from here
            b.cpp:2:33: error: request for member ‘bar’ in ‘t’, which is of non-class type ‘int’
             template<class T> void f(T t) { t.bar(); }
                                             ^
            """;
        IReadOnlyList<GccDiagnostic> d = Parse(output);
        Assert.Equal(
            new[]
            {
                new GccDiagnostic("warning", "b.cpp", 3, 16, "unused variable ‘unused’", "-Wunused-variable"),
                new GccDiagnostic("error", "b.cpp", 4, 46, "‘undefined_fn’ was not declared in this scope", null),
                new GccDiagnostic("error", "b.cpp", 2, 33, "request for member ‘bar’ in ‘t’, which is of non-class type ‘int’", null),
            },
            d);
    }

    [Fact]
    public void IncludeChainsFatalErrorsAndPathsWithSpaces()
    {
        // avr-g++ -c -Wall "my file.cpp" with Arduino's core on the include path.
        const string output = """
            In file included from /usr/share/arduino/hardware/arduino/avr/cores/arduino/USBAPI.h:27:0,
                             from /usr/share/arduino/hardware/arduino/avr/cores/arduino/Arduino.h:234,
                             from my file.cpp:1:
            /usr/lib/avr/include/util/delay.h:92:3: warning: #warning "F_CPU not defined for <util/delay.h>" [-Wcpp]
             # warning "F_CPU not defined for <util/delay.h>"
               ^
            my file.cpp:3:21: fatal error: missing.h: No such file or directory
            compilation terminated.
            """;
        IReadOnlyList<GccDiagnostic> d = Parse(output);
        Assert.Equal(2, d.Count);
        Assert.Equal(new GccDiagnostic("warning", "/usr/lib/avr/include/util/delay.h", 92, 3, "#warning \"F_CPU not defined for <util/delay.h>\"", "-Wcpp"), d[0]);
        Assert.Equal(new GccDiagnostic("error", "my file.cpp", 3, 21, "missing.h: No such file or directory", null), d[1]);
    }

    [Fact]
    public void WarningsAsErrorsKeepTheFlagAndTheTrailerIsANote()
    {
        const string output = """
            b.cpp: In function ‘void g()’:
            b.cpp:3:16: error: unused variable ‘unused’ [-Werror=unused-variable]
             void g() { int unused = 3; f(1); }
                            ^
            cc1plus: some warnings being treated as errors
            """;
        IReadOnlyList<GccDiagnostic> d = Parse(output);
        Assert.Equal(2, d.Count);
        Assert.Equal(new GccDiagnostic("error", "b.cpp", 3, 16, "unused variable ‘unused’", "-Werror=unused-variable"), d[0]);
        Assert.Equal(new GccDiagnostic("note", null, 0, 0, "some warnings being treated as errors", null), d[1]);
    }

    [Fact]
    public void NotesAreDiagnostics()
    {
        const string output = """
            n.cpp: In function ‘void h()’:
            n.cpp:2:13: error: no matching function for call to ‘A::A()’
             void h(){ A a; }
                         ^
            n.cpp:1:11: note: candidate: A::A(int)
             struct A{ A(int); };
                       ^
            n.cpp:1:11: note:   candidate expects 1 argument, 0 provided
            """;
        IReadOnlyList<GccDiagnostic> d = Parse(output);
        Assert.Equal(new[] { "error", "note", "note" }, d.Select(x => x.Severity));
        Assert.Equal("candidate expects 1 argument, 0 provided", d[2].Message);
        Assert.Equal(11, d[2].Column);
    }

    [Fact]
    public void LinkerErrorsWithDebugInfo()
    {
        // avr-g++ -mmcu=atmega328p -Os -g c.cpp -o c.elf, in "/tmp/hc sample"
        const string output = """
            /tmp/cckVn0h6.o: In function `main':
            /tmp/hc sample/c.cpp:3: undefined reference to `alsonot()'
            /tmp/hc sample/c.cpp:3: undefined reference to `nothere(int)'
            collect2: error: ld returned 1 exit status
            """;
        IReadOnlyList<GccDiagnostic> d = Parse(output);
        Assert.Equal(
            new[]
            {
                new GccDiagnostic("error", "/tmp/hc sample/c.cpp", 3, 0, "undefined reference to `alsonot()'", null),
                new GccDiagnostic("error", "/tmp/hc sample/c.cpp", 3, 0, "undefined reference to `nothere(int)'", null),
                new GccDiagnostic("error", null, 0, 0, "ld returned 1 exit status", null),
            },
            d);
    }

    [Fact]
    public void LinkerErrorsWithLto()
    {
        // avr-g++ -mmcu=atmega328p -Os -flto c.cpp -o c.elf
        const string output = """
            /tmp/ccQSw1fH.ltrans0.ltrans.o: In function `main':
            <artificial>:(.text.startup+0x0): undefined reference to `alsonot()'
            <artificial>:(.text.startup+0x8): undefined reference to `nothere(int)'
            collect2: error: ld returned 1 exit status
            """;
        IReadOnlyList<GccDiagnostic> d = Parse(output);
        Assert.Equal(3, d.Count);
        Assert.Equal(new GccDiagnostic("error", null, 0, 0, "undefined reference to `alsonot()'", null), d[0]);
        Assert.Equal(new GccDiagnostic("error", null, 0, 0, "ld returned 1 exit status", null), d[2]);
    }

    [Fact]
    public void MultipleDefinitions()
    {
        // avr-g++ -mmcu=atmega328p -Os -g m1.cpp m2.cpp -o m.elf, in "/tmp/hc sample"
        const string output = """
            /tmp/ccEHV8Zb.o: In function `foo()':
            /tmp/hc sample/m2.cpp:1: multiple definition of `foo()'
            /tmp/ccQZ5Drv.o:/tmp/hc sample/m1.cpp:2: first defined here
            collect2: error: ld returned 1 exit status
            """;
        IReadOnlyList<GccDiagnostic> d = Parse(output);
        Assert.Equal(
            new[]
            {
                new GccDiagnostic("error", "/tmp/hc sample/m2.cpp", 1, 0, "multiple definition of `foo()'", null),
                new GccDiagnostic("note", "/tmp/hc sample/m1.cpp", 2, 0, "first defined here", null),
                new GccDiagnostic("error", null, 0, 0, "ld returned 1 exit status", null),
            },
            d);

        // Without -g the location is a section offset.
        IReadOnlyList<GccDiagnostic> noDebug = Parse("""
            /tmp/ccZcf3MQ.o: In function `foo()':
            m2.cpp:(.text+0x0): multiple definition of `foo()'
            /tmp/ccUoRIgu.o:m1.cpp:(.text+0x0): first defined here
            """);
        Assert.Equal(
            new[]
            {
                new GccDiagnostic("error", "m2.cpp", 0, 0, "multiple definition of `foo()'", null),
                new GccDiagnostic("note", "m1.cpp", 0, 0, "first defined here", null),
            },
            noDebug);
    }

    [Fact]
    public void LinkerToolMessages()
    {
        const string output = """
            /usr/lib/gcc/avr/5.4.0/../../../avr/bin/ld: cannot find -lnosuchlib
            /usr/lib/gcc/avr/5.4.0/../../../avr/bin/ld: address 0x8010a0 of big.elf section `.bss' is not within region `data'
            c:/program files (x86)/arduino/hardware/tools/avr/bin/../lib/gcc/avr/7.3.0/../../../../avr/bin/ld.exe: warning: something odd
            collect2.exe: error: ld returned 1 exit status
            """;
        IReadOnlyList<GccDiagnostic> d = Parse(output);
        Assert.Equal(
            new[]
            {
                new GccDiagnostic("error", null, 0, 0, "cannot find -lnosuchlib", null),
                new GccDiagnostic("error", null, 0, 0, "address 0x8010a0 of big.elf section `.bss' is not within region `data'", null),
                new GccDiagnostic("warning", null, 0, 0, "something odd", null),
                new GccDiagnostic("error", null, 0, 0, "ld returned 1 exit status", null),
            },
            d);
    }

    [Fact]
    public void NewerLinkerPrefixesItsName()
    {
        const string output = """
            /usr/bin/ld: /tmp/ccX.o: in function `main':
            /usr/bin/ld: main.c:(.text+0x5): undefined reference to `foo'
            collect2: error: ld returned 1 exit status
            """;
        IReadOnlyList<GccDiagnostic> d = Parse(output);
        Assert.Equal(2, d.Count);
        Assert.Equal(new GccDiagnostic("error", "main.c", 0, 0, "undefined reference to `foo'", null), d[0]);
    }

    [Fact]
    public void DriverErrorsHaveNoFile()
    {
        const string output = """
            avr-gcc: error: nothere.c: No such file or directory
            avr-gcc: fatal error: no input files
            compilation terminated.
            avr-gcc: error: unrecognized command line option ‘-fpoo’
            avr-g++.exe: warning: x.o: linker input file unused because linking not done
            """;
        IReadOnlyList<GccDiagnostic> d = Parse(output);
        Assert.Equal(
            new[]
            {
                new GccDiagnostic("error", null, 0, 0, "nothere.c: No such file or directory", null),
                new GccDiagnostic("error", null, 0, 0, "no input files", null),
                new GccDiagnostic("error", null, 0, 0, "unrecognized command line option ‘-fpoo’", null),
                new GccDiagnostic("warning", null, 0, 0, "x.o: linker input file unused because linking not done", null),
            },
            d);
    }

    [Fact]
    public void CommandLinePseudoFileHasNoFile()
    {
        const string output = """
            <command-line>:0:0: warning: "FOO" redefined
            <command-line>:0:0: note: this is the location of the previous definition
            """;
        IReadOnlyList<GccDiagnostic> d = Parse(output);
        Assert.Equal(new GccDiagnostic("warning", null, 0, 0, "\"FOO\" redefined", null), d[0]);
        Assert.Equal("note", d[1].Severity);
    }

    [Fact]
    public void AssemblerMessages()
    {
        const string output = """
            s.S: Assembler messages:
            s.S:3: Error: register number above 15 required
            s.S:4: Error: unknown opcode `bogus'
            s.S:5: Warning: odd thing
            """;
        IReadOnlyList<GccDiagnostic> d = Parse(output);
        Assert.Equal(
            new[]
            {
                new GccDiagnostic("error", "s.S", 3, 0, "register number above 15 required", null),
                new GccDiagnostic("error", "s.S", 4, 0, "unknown opcode `bogus'", null),
                new GccDiagnostic("warning", "s.S", 5, 0, "odd thing", null),
            },
            d);
    }

    [Fact]
    public void WindowsPathsWithDriveLettersAndSpaces()
    {
        const string output = """
            C:\Users\Jane Doe\Documents\Arduino\Blink\Blink.ino: In function 'void loop()':
            C:\Users\Jane Doe\Documents\Arduino\Blink\Blink.ino:3:4: error: 'foo' was not declared in this scope
               foo();
                ^
            C:\x\y.cpp:7: warning: no column here [-Wfoo]
            C:/Users/Jane Doe/AppData/Local/Temp/cc.o: In function `main':
            C:\Users\Jane Doe\Documents\Arduino\Blink\Blink.ino:9: undefined reference to `bar()'
            C:\Temp\a.o:C:\src\m1.cpp:2: first defined here
            """;
        IReadOnlyList<GccDiagnostic> d = Parse(output);
        Assert.Equal(
            new[]
            {
                new GccDiagnostic("error", @"C:\Users\Jane Doe\Documents\Arduino\Blink\Blink.ino", 3, 4, "'foo' was not declared in this scope", null),
                new GccDiagnostic("warning", @"C:\x\y.cpp", 7, 0, "no column here", "-Wfoo"),
                new GccDiagnostic("error", @"C:\Users\Jane Doe\Documents\Arduino\Blink\Blink.ino", 9, 0, "undefined reference to `bar()'", null),
                new GccDiagnostic("note", @"C:\src\m1.cpp", 2, 0, "first defined here", null),
            },
            d);
    }

    [Fact]
    public void CppWarningFromPreprocessorDirective()
    {
        const string output = """
            e.c:1:9: error: expected expression before ‘;’ token
             int x = ;
                     ^
            e.c:2:2: warning: #warning hi [-Wcpp]
             #warning hi
              ^
            """;
        IReadOnlyList<GccDiagnostic> d = Parse(output);
        Assert.Equal(new GccDiagnostic("error", "e.c", 1, 9, "expected expression before ‘;’ token", null), d[0]);
        Assert.Equal(new GccDiagnostic("warning", "e.c", 2, 2, "#warning hi", "-Wcpp"), d[1]);
    }

    [Fact]
    public void FpermissiveSuffixAndOtherWarnings()
    {
        IReadOnlyList<GccDiagnostic> d = Parse("x.cpp:5:10: error: invalid conversion from 'int' to 'char*' [-fpermissive]\ncc1plus: warning: command line option '-Wstrict-prototypes' is valid for C/ObjC but not for C++");
        Assert.Equal(new GccDiagnostic("error", "x.cpp", 5, 10, "invalid conversion from 'int' to 'char*'", "-fpermissive"), d[0]);
        Assert.Equal(new GccDiagnostic("warning", null, 0, 0, "command line option '-Wstrict-prototypes' is valid for C/ObjC but not for C++", null), d[1]);
    }

    [Fact]
    public void ElementsWithEmbeddedLineBreaksAreSplit()
    {
        IReadOnlyList<GccDiagnostic> d = GccDiagnostics.Parse(new[] { "a.c:1:2: error: one\r\na.c:3:4: warning: two\r\n", "" });
        Assert.Equal(2, d.Count);
        Assert.Equal(3, d[1].Line);
    }

    [Fact]
    public void SourceExcerptsAndUnrelatedOutputProduceNothing()
    {
        const string output = """
             printf("a.c:3:4: error: inside a string");
                    ^
            Sketch uses 924 bytes (2%) of program storage space.
            make: *** [all] Error 1

            """;
        Assert.Empty(Parse(output));
    }
}
