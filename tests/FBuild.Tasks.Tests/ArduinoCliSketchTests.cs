using System.Text.RegularExpressions;
using FBuild.Tasks.Sketch;

namespace FBuild.Tasks.Tests;

/// <summary>
/// arduino-cli 1.x's own preprocessor test sketches (tests/testdata/arduino-cli, see its README): the prototypes FBuild
/// generates are compared with the ones in arduino-cli's expected .ino.cpp (*.preprocessed.txt); every difference is
/// listed here and in docs/ino-preprocessing.md. The sketches arduino-cli compiles for uno must compile.
/// </summary>
public class ArduinoCliSketchTests
{
    /// <summary>Where FBuild's prototypes differ from arduino-cli's, and why (the same table is in docs/ino-preprocessing.md).</summary>
    private static readonly Dictionary<string, (string[] OnlyFBuild, string[] OnlyArduinoCli)> Differences = new()
    {
        // arduino-cli runs the preprocessor first and prototypes the active branch only; FBuild prototypes every
        // branch, each inside the same #if/#elif/#else as its definition, so the compiler keeps the active ones.
        ["SketchWithIfDef"] = (new[] { "void shouldNotBePrototyped();", "void undefinedFunction();" }, Array.Empty<string>()),
        ["SketchWithIfDef2"] = (new[] { "void ifBranch();" }, Array.Empty<string>()),
        ["SketchWithIfDef3"] = (new[] { "void elseBranch();" }, Array.Empty<string>()),
        ["SketchWithFunctionSignatureInsideIfdef"] = (new[] { "int16_t adalight();" }, Array.Empty<string>()),

        // arduino-cli skips functions with default arguments; FBuild declares them without the defaults.
        ["SketchWithDefaultArgs"] = (new[] { "void test(int x);" }, Array.Empty<string>()),

        // arduino-cli drops inline and attributes (ctags' signature); FBuild keeps the declaration's own words.
        ["SketchWithInlineFunction"] = (
            new[] { "__attribute__((always_inline))uint8_t testAttribute();", "static inline int8_t testInline();" },
            new[] { "static int8_t testInline();", "uint8_t testAttribute();" }),

        // ctags drops "typename"; FBuild keeps it (valid outside templates since C++11).
        ["SketchWithTypename"] = (new[] { "typename Foo<char>::Bar func();" }, new[] { "Foo<char>::Bar func();" }),

        // No return type (implicit int, not C++): arduino-cli copies it, FBuild makes no prototype. Neither compiles.
        ["SketchWithTemplatesAndShift"] = (Array.Empty<string>(), new[] { "template<int X> func(c< 1<<X>&aParam);" }),
    };

    public static string DataRoot { get; } = FindDataRoot();

    /// <summary>uno-excluded.tsv: the sketches not built for uno, by kind ("not-for-uno", "incomplete", "preprocess-only").</summary>
    private static readonly Dictionary<string, string> Excluded = File.ReadAllLines(Path.Combine(DataRoot, "uno-excluded.tsv"))
        .Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t')).ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);

    /// <summary>The libraries arduino-cli's tests pass with --libraries (tests/testdata/arduino-cli/libraries); not a sketch.</summary>
    public static string LibrariesRoot => Path.Combine(DataRoot, "libraries");

    public static IEnumerable<object[]> Sketches() =>
        Directory.GetDirectories(DataRoot).Select(Path.GetFileName).Where(n => n != "libraries").Order(StringComparer.Ordinal).Select(n => new object[] { n! });

    public static IEnumerable<object[]> CompilableSketches() => Sketches().Where(s => !(Excluded.TryGetValue((string)s[0], out string? kind) && kind == "incomplete"));

    private static string FindDataRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "FBuild.sln"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("FBuild.sln not found"), "tests", "testdata", "arduino-cli");
    }

    internal static string Generate(string sketchDir)
    {
        string name = Path.GetFileName(sketchDir);
        IReadOnlyList<string> tabs = InoPreprocessor.OrderTabs(Directory.GetFiles(sketchDir, "*.ino"), name);
        return InoPreprocessor.Generate(tabs.Select(p => (p, File.ReadAllText(p))).ToList());
    }

    /// <summary>The lines a preprocessor inserted that are not directives (the prototypes), whitespace collapsed, sorted.</summary>
    private static List<string> Inserted(string output, string sketchText)
    {
        var original = new HashSet<string>(sketchText.Replace("\r\n", "\n").Split('\n'), StringComparer.Ordinal);
        return output.Split('\n')
            .Where(l => !original.Contains(l) && !l.TrimStart().StartsWith('#'))
            .Select(l => Regex.Replace(Regex.Replace(l.Trim(), @"\s+", " "), @" ?([(),;&\[\]]) ?", "$1"))
            .Where(l => l.Length > 0)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    [Theory]
    [MemberData(nameof(Sketches))]
    public void Prototypes_MatchArduinoCli_ExceptTheDocumentedDifferences(string sketch)
    {
        string dir = Path.Combine(DataRoot, sketch);
        string expectedFile = Path.Combine(dir, sketch + ".preprocessed.txt");
        if (!File.Exists(expectedFile)) return;

        string text = string.Concat(Directory.GetFiles(dir, "*.ino").Select(File.ReadAllText).Select(t => t + "\n"));
        List<string> ours = Inserted(Generate(dir), text);
        List<string> theirs = Inserted(File.ReadAllText(expectedFile), text);
        Differences.TryGetValue(sketch, out (string[] OnlyFBuild, string[] OnlyArduinoCli) known);
        string[] onlyOurs = ours.Except(theirs).ToArray();
        string[] onlyTheirs = theirs.Except(ours).ToArray();
        Assert.True(
            (known.OnlyFBuild ?? Array.Empty<string>()).SequenceEqual(onlyOurs) && (known.OnlyArduinoCli ?? Array.Empty<string>()).SequenceEqual(onlyTheirs),
            "only FBuild: " + string.Join(" | ", onlyOurs) + "\nonly arduino-cli: " + string.Join(" | ", onlyTheirs));
    }

    [InoToolchainTheory]
    [Trait("Category", "Toolchain")]
    [MemberData(nameof(CompilableSketches))]
    public void SketchesArduinoCliCompilesForUno_Compile(string sketch)
    {
        string dir = Path.Combine(DataRoot, sketch);
        string tmp = Directory.CreateTempSubdirectory("ino-cli-").FullName;
        try
        {
            string cpp = Path.Combine(tmp, sketch + ".ino.cpp");
            File.WriteAllText(cpp, Generate(dir));
            string[] libraries = Directory.GetDirectories(LibrariesRoot).Order(StringComparer.Ordinal).Select(l => "-I" + l).ToArray();
            (int exit, string errors) = InoToolchain.SyntaxCheck(cpp, dir, libraries);
            if (Excluded.TryGetValue(sketch, out string? kind) && kind == "not-for-uno")
            {
                Assert.True(exit != 0, sketch + " is listed as not compiling for uno, but it compiles");

                // arduino-cli's own output fails too.
                string main = Path.Combine(dir, sketch + ".ino");
                string theirs = Path.Combine(tmp, "arduino-cli.ino.cpp");
                File.WriteAllText(theirs, File.ReadAllText(Path.Combine(dir, sketch + ".preprocessed.txt"))
                    .Replace("\"{{QuoteCppString .sketchMainFile}}\"", "\"" + main + "\"")
                    .Replace("{{QuoteCppString .sketchMainFile}}", "\"" + main + "\""));
                Assert.True(InoToolchain.SyntaxCheck(theirs, dir, libraries).ExitCode != 0, sketch + ": arduino-cli's output compiles for uno");
            }
            else
            {
                Assert.True(exit == 0, errors + "\n" + File.ReadAllText(cpp));
            }
        }
        finally
        {
            Directory.Delete(tmp, recursive: true);
        }
    }
}
