using System.Diagnostics;
using FBuild.Tasks.Toolchain;

namespace FBuild.Tasks.Tests.Toolchain;

public class DepFileTests
{
    /// <summary>A [Fact] that is skipped when avr-gcc is not installed.</summary>
    public sealed class AvrGccFactAttribute : FactAttribute
    {
        public const string AvrGcc = "/usr/bin/avr-gcc";

        public AvrGccFactAttribute()
        {
            if (!File.Exists(AvrGcc)) Skip = "avr-gcc is not installed at " + AvrGcc;
        }
    }

    [Fact]
    public void ParsesSingleLineRuleAndIgnoresPhonyRules()
    {
        // avr-gcc -c -MMD -MP dep.cpp -o "o dir.o"
        const string text = "o\\ dir.o: dep.cpp a.h\n\na.h:\n";
        Assert.Equal(new[] { "dep.cpp", "a.h" }, DepFile.Parse(text));
    }

    [Fact]
    public void ParsesContinuationsAndEscapes()
    {
        // Real avr-gcc 5.4 output for a folder "in c$x#y" holding "h #1.h", all under "/tmp/hc dep".
        const string text =
            "/tmp/hc\\ dep/main.o: /tmp/hc\\ dep/main.c \\\n" +
            " /tmp/hc\\ dep/in\\ c$$x\\#y/h\\ \\#1.h\n" +
            "\n" +
            "/tmp/hc\\ dep/in\\ c$$x\\#y/h\\ \\#1.h:\n";
        Assert.Equal(new[] { "/tmp/hc dep/main.c", "/tmp/hc dep/in c$x#y/h #1.h" }, DepFile.Parse(text));
    }

    [Fact]
    public void ParsesArduinoStyleMultiLineRule()
    {
        const string text =
            "/tmp/build/sketch/Blink.ino.cpp.o: /tmp/build/sketch/Blink.ino.cpp \\\n" +
            " /usr/share/arduino/hardware/arduino/avr/cores/arduino/Arduino.h \\\n" +
            " /usr/share/arduino/hardware/arduino/avr/cores/arduino/binary.h \\\n" +
            " /usr/share/arduino/hardware/arduino/avr/cores/arduino/WCharacter.h \\\n" +
            " /usr/share/arduino/hardware/arduino/avr/variants/standard/pins_arduino.h\n" +
            "\n" +
            "/usr/share/arduino/hardware/arduino/avr/cores/arduino/Arduino.h:\n" +
            "\n" +
            "/usr/share/arduino/hardware/arduino/avr/cores/arduino/binary.h:\n";
        IReadOnlyList<string> deps = DepFile.Parse(text);
        Assert.Equal(5, deps.Count);
        Assert.Equal("/tmp/build/sketch/Blink.ino.cpp", deps[0]);
        Assert.Equal("/usr/share/arduino/hardware/arduino/avr/variants/standard/pins_arduino.h", deps[4]);
    }

    [Fact]
    public void HandlesCrLf()
    {
        const string text =
            "main.o: main.c \\\r\n" +
            " dir\\ with\\ space/a.h \\\r\n" +
            " b.h\r\n" +
            "\r\n" +
            "dir\\ with\\ space/a.h:\r\n" +
            "\r\n" +
            "b.h:\r\n";
        Assert.Equal(new[] { "main.c", "dir with space/a.h", "b.h" }, DepFile.Parse(text));
    }

    [Fact]
    public void HandlesWindowsPathsWithDriveLetters()
    {
        const string text =
            "C:\\Users\\me\\AppData\\Local\\Temp\\build\\sketch\\Blink.ino.cpp.o: \\\r\n" +
            " C:\\Users\\me\\AppData\\Local\\Temp\\build\\sketch\\Blink.ino.cpp \\\r\n" +
            " C:\\Program\\ Files\\ (x86)\\Arduino\\hardware\\arduino\\avr\\cores\\arduino/Arduino.h \\\r\n" +
            " C:/Users/me/Documents/Arduino/libraries/My\\ Lib/src/MyLib.h\r\n" +
            "\r\n" +
            "C:\\Program\\ Files\\ (x86)\\Arduino\\hardware\\arduino\\avr\\cores\\arduino/Arduino.h:\r\n";
        Assert.Equal(
            new[]
            {
                "C:\\Users\\me\\AppData\\Local\\Temp\\build\\sketch\\Blink.ino.cpp",
                "C:\\Program Files (x86)\\Arduino\\hardware\\arduino\\avr\\cores\\arduino/Arduino.h",
                "C:/Users/me/Documents/Arduino/libraries/My Lib/src/MyLib.h",
            },
            DepFile.Parse(text));
    }

    [Fact]
    public void ForwardSlashDriveTargetIsNotSplitAtTheDriveColon()
    {
        Assert.Equal(new[] { "C:/src/a.c", "C:/src/a.h" }, DepFile.Parse("C:/obj/a.o: C:/src/a.c C:/src/a.h\n"));
    }

    [Fact]
    public void RemovesDuplicatesKeepingFirstOccurrence()
    {
        const string text = "x.o: x.cpp a.h b.h \\\n a.h x.cpp c.h\n";
        Assert.Equal(new[] { "x.cpp", "a.h", "b.h", "c.h" }, DepFile.Parse(text));
    }

    [Fact]
    public void BackslashesBeforeASpaceFollowMakeQuoting()
    {
        // gcc doubles backslashes that precede a blank: "a\ b" (a backslash, then a space) is written "a\\\ b".
        Assert.Equal(new[] { "a\\ b", "c" }, DepFile.Parse("t.o: a\\\\\\ b c\n"));
        // An even run ends the word: "d\\ e" is "d\" and "e".
        Assert.Equal(new[] { "d\\", "e" }, DepFile.Parse("t.o: d\\\\ e\n"));
    }

    [Fact]
    public void SkipsLeadingBlankAndCommentLines()
    {
        const string text = "\n# generated\n\nfoo.o: foo.c foo.h # trailing comment\n";
        Assert.Equal(new[] { "foo.c", "foo.h" }, DepFile.Parse(text));
    }

    [Fact]
    public void MultipleTargetsAndOrderOnlySeparator()
    {
        Assert.Equal(new[] { "a.c", "a.h", "dir" }, DepFile.Parse("a.o a.d: a.c a.h | dir\n"));
    }

    [Fact]
    public void ColonWithoutSpaceStillSeparates()
    {
        Assert.Equal(new[] { "src/a.c", "a.h" }, DepFile.Parse("obj/a.o:src/a.c a.h\n"));
    }

    [Fact]
    public void EmptyInputsGiveNothing()
    {
        Assert.Empty(DepFile.Parse(""));
        Assert.Empty(DepFile.Parse("\n\n"));
        Assert.Empty(DepFile.Parse("foo.o:\n"));
        Assert.Empty(DepFile.Parse("foo.o: \\\n\n"));
    }

    [Fact]
    public void NullThrows()
    {
        Assert.Throws<ArgumentNullException>(() => DepFile.Parse(null!));
    }

    [AvrGccFact]
    public void ParsesTheDepFileAvrGccWritesInAFolderWithSpaces()
    {
        string root = Path.Combine(Path.GetTempPath(), "fbuild depfile " + Guid.NewGuid().ToString("N"));
        try
        {
            string include = Path.Combine(root, "my headers");
            Directory.CreateDirectory(include);
            string header = Path.Combine(include, "conf ig$1.h");
            File.WriteAllText(header, "#pragma once\n#define VALUE 3\n");
            string source = Path.Combine(root, "tiny sketch.c");
            File.WriteAllText(source, "#include <avr/io.h>\n#include \"my headers/conf ig$1.h\"\nint value = VALUE;\n");
            string obj = Path.Combine(root, "out dir", "tiny sketch.c.o");
            Directory.CreateDirectory(Path.GetDirectoryName(obj)!);

            var psi = new ProcessStartInfo(AvrGccFactAttribute.AvrGcc)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (string arg in new[] { "-c", "-mmcu=atmega328p", "-MMD", "-MP", source, "-o", obj }) psi.ArgumentList.Add(arg);
            using (Process process = Process.Start(psi)!)
            {
                string stderr = process.StandardError.ReadToEnd();
                process.WaitForExit();
                Assert.True(process.ExitCode == 0, stderr);
            }

            string depFile = Path.ChangeExtension(obj, ".d");
            Assert.True(File.Exists(depFile));
            string text = File.ReadAllText(depFile);
            Assert.Contains("\\ ", text); // the spaces really were escaped

            IReadOnlyList<string> deps = DepFile.Parse(text);
            // -MMD leaves out system headers such as avr/io.h.
            Assert.Equal(new[] { source, header }, deps);
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }
}
