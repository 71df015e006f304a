using System.Text.RegularExpressions;
using FBuild.Tasks.Sketch;

namespace FBuild.Tasks.Tests;

/// <summary>
/// FBuild's own preprocessor cases (tests/testdata/ino-cases, see its README), one per arduino-cli 1.x preprocessor
/// test: the prototypes FBuild generates are compared with the ones arduino-cli would generate for the same case
/// (NAME/expected-prototypes.txt, derived by hand from arduino-cli's documented behaviour); every difference is listed
/// here and in docs/ino-preprocessing.md. The cases arduino-cli would compile for uno must compile.
/// </summary>
public class ArduinoCliSketchTests
{
    /// <summary>Where FBuild's prototypes differ from arduino-cli's, and why (the same table is in docs/ino-preprocessing.md).</summary>
    private static readonly Dictionary<string, (string[] OnlyFBuild, string[] OnlyArduinoCli)> Differences = new()
    {
        // arduino-cli runs the preprocessor first and prototypes the active branch only; FBuild prototypes every
        // branch, each inside the same #if/#elif/#else as its definition, so the compiler keeps the active ones.
        ["IfdefMixed"] = (new[] { "void ghost();", "void silenced();" }, Array.Empty<string>()),
        ["IfElseFirstInElse"] = (new[] { "void onSamd();" }, Array.Empty<string>()),
        ["IfElseFirstInIf"] = (new[] { "void elsewhere();" }, Array.Empty<string>()),
        ["SplitSignatureIfdef"] = (new[] { "int16_t measure();" }, Array.Empty<string>()),

        // arduino-cli skips functions with default arguments; FBuild declares them without the defaults.
        ["DefaultArgument"] = (new[] { "void blink(int times);" }, Array.Empty<string>()),

        // arduino-cli drops inline and attributes (ctags' signature); FBuild keeps the declaration's own words.
        ["InlineAndAttribute"] = (
            new[] { "__attribute__((noinline))uint8_t slow();", "static inline int8_t half();" },
            new[] { "static int8_t half();", "uint8_t slow();" }),

        // ctags drops "typename"; FBuild keeps it (valid outside templates since C++11).
        ["TypenameReturn"] = (new[] { "typename Box<int>::Item take();" }, new[] { "Box<int>::Item take();" }),

        // No return type (implicit int, not C++): arduino-cli copies it, FBuild makes no prototype. Neither compiles.
        ["TemplateShiftNoReturnType"] = (Array.Empty<string>(), new[] { "template<int S> width(Mask< 1<<S>&m);" }),
    };

    public static string DataRoot { get; } = FindDataRoot();

    /// <summary>uno-excluded.tsv: the sketches not built for uno, by kind ("not-for-uno", "incomplete", "preprocess-only").</summary>
    private static readonly Dictionary<string, string> Excluded = File.ReadAllLines(Path.Combine(DataRoot, "uno-excluded.tsv"))
        .Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t')).ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);

    /// <summary>The cases' own libraries (tests/testdata/ino-cases/libraries), given to the compiler; not a case.</summary>
    public static string LibrariesRoot => Path.Combine(DataRoot, "libraries");

    public static IEnumerable<object[]> Sketches() =>
        Directory.GetDirectories(DataRoot).Select(Path.GetFileName).Where(n => n != "libraries").Order(StringComparer.Ordinal).Select(n => new object[] { n! });

    public static IEnumerable<object[]> CompilableSketches() => Sketches().Where(s => !(Excluded.TryGetValue((string)s[0], out string? kind) && kind == "incomplete"));

    private static string FindDataRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "FBuild.sln"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("FBuild.sln not found"), "tests", "testdata", "ino-cases");
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
        var original = new HashSet<string>(sketchText.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n'), StringComparer.Ordinal);
        return Normalize(output.Split('\n').Where(l => !original.Contains(l) && !l.TrimStart().StartsWith('#')));
    }

    /// <summary>Prototypes with whitespace collapsed (none around punctuation), empty ones dropped, sorted.</summary>
    private static List<string> Normalize(IEnumerable<string> prototypes) =>
        prototypes
            .Select(l => Regex.Replace(Regex.Replace(l.Trim(), @"\s+", " "), @" ?([(),;&\[\]]) ?", "$1"))
            .Where(l => l.Length > 0)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// NAME/expected-prototypes.txt: "insert N" (arduino-cli writes its prototypes before the sketch's line N; "none":
    /// it writes none), then one "LINE&lt;TAB&gt;PROTOTYPE" per prototype, LINE being its #line (0 where arduino-cli writes
    /// #line 0, as for a template whose declaration spans two lines). Null when the case has no such file.
    /// </summary>
    internal static (int Insert, List<(int Line, string Prototype)> Prototypes)? Expected(string sketch)
    {
        string file = Path.Combine(DataRoot, sketch, "expected-prototypes.txt");
        if (!File.Exists(file)) return null;
        string[] lines = File.ReadAllLines(file).Where(l => l.Length > 0).ToArray();
        string insert = lines[0].Split(' ')[1];
        var prototypes = lines.Skip(1).Select(l => l.Split('\t', 2)).Select(f => (int.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture), f[1])).ToList();
        return (insert == "none" ? -1 : int.Parse(insert, System.Globalization.CultureInfo.InvariantCulture), prototypes);
    }

    /// <summary>The .ino.cpp arduino-cli would write for a one-tab case, rebuilt from its expected prototypes.</summary>
    internal static string ArduinoCliOutput(string sketch, string mainPath)
    {
        (int insert, List<(int Line, string Prototype)> prototypes) = Expected(sketch) ?? throw new InvalidOperationException(sketch + ": no expected prototypes");
        string quoted = "\"" + mainPath + "\"";
        string[] lines = File.ReadAllText(mainPath).Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        var output = new System.Text.StringBuilder("#include <Arduino.h>\n#line 1 " + quoted + "\n");
        for (int i = 1; i <= lines.Length; i++)
        {
            if (i == Math.Max(insert, 1))
            {
                foreach ((int line, string prototype) in prototypes) output.Append("#line ").Append(line).Append(' ').Append(quoted).Append('\n').Append(prototype).Append('\n');
                output.Append("#line ").Append(insert).Append(' ').Append(quoted).Append('\n');
            }
            output.Append(lines[i - 1]).Append('\n');
        }
        return output.ToString();
    }

    /// <summary>Each expected prototype's #line is where its function is defined: the name is on that line or one of the next six.</summary>
    [Theory]
    [MemberData(nameof(Sketches))]
    public void ExpectedPrototypes_PointAtTheirDefinitions(string sketch)
    {
        if (Expected(sketch) is not { } expected) return;
        string[] lines = File.ReadAllText(Path.Combine(DataRoot, sketch, sketch + ".ino")).Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        foreach ((int line, string prototype) in expected.Prototypes)
        {
            string name = Regex.Match(prototype, @"(\w+)\s*\(").Groups[1].Value;
            string near = string.Join("\n", lines.Skip(Math.Max(line - 1, 0)).Take(7));
            Assert.True(Regex.IsMatch(near, @"\b" + name + @"\s*\("), sketch + ": " + prototype + " is not defined at line " + line);
        }
        Assert.True(expected.Insert <= 1 || expected.Prototypes.Count == 0 || lines[expected.Insert - 1].Trim().Length > 0, sketch + ": the insertion line is empty");
    }

    [Theory]
    [MemberData(nameof(Sketches))]
    public void Prototypes_MatchArduinoCli_ExceptTheDocumentedDifferences(string sketch)
    {
        string dir = Path.Combine(DataRoot, sketch);
        if (Expected(sketch) is not { } expected) return;

        string text = string.Concat(Directory.GetFiles(dir, "*.ino").Select(File.ReadAllText).Select(t => t + "\n"));
        List<string> ours = Inserted(Generate(dir), text);
        List<string> theirs = Normalize(expected.Prototypes.Select(p => p.Prototype));
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

                // arduino-cli's output (rebuilt from the expected prototypes) fails too.
                string theirs = Path.Combine(tmp, "arduino-cli.ino.cpp");
                File.WriteAllText(theirs, ArduinoCliOutput(sketch, Path.Combine(dir, sketch + ".ino")));
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
