using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace FBuild.IntegrationTests;

/// <summary>
/// Failures are up to date too: a sketch broken three ways (a syntax error, a missing header, an error in a header),
/// built twice unchanged (the second build runs no compiler and replays the same errors; -question counts it as up to
/// date: it succeeds, shows the same errors as warnings and writes nothing), then fixed (-question says it is not up to
/// date; it builds, and its firmware equals a clean build's of the same program). A failed link the same way.
/// </summary>
[Collection("sdk")]
public sealed class BreakAndFixTests
{
    private readonly SdkFixture _sdk;
    public BreakAndFixTests(SdkFixture sdk) => _sdk = sdk;

    private const string Ino = "#include \"cfg.h\"\nvoid setup() { Serial.begin(9600); Serial.println(VAL); }\nvoid loop() {}\n";
    private const string Cfg = "#define VAL 7\n";

    private static readonly string[] Build = { "build", "Sketches.proj", "-p:Board=uno", "--no-restore" };

    /// <summary>The error lines about the sketch's files, without MSBuild's project suffix, each once, sorted.</summary>
    private static List<string> ErrorLines(string output, string dir, string severity = "error") =>
        output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith(Path.Combine(dir, "S") + "/", StringComparison.Ordinal) && l.Contains(" " + severity + " "))
            .Select(l => l.Contains(" [") ? l[..l.LastIndexOf(" [", StringComparison.Ordinal)] : l)
            .Distinct().OrderBy(l => l, StringComparer.Ordinal).ToList();

    /// <summary>
    /// The compiler's and linker's diagnostics of one severity (gcc's, and FB0030 for a failed tool without one),
    /// severity-neutral, without MSBuild's project suffix and, for a message with no file (ld's "ld returned 1 exit
    /// status"), without the SDK targets' location MSBuild gives it; each once, sorted.
    /// </summary>
    private static List<string> ToolDiagnostics(string output, string severity) =>
        output.Split('\n').Select(l => l.Trim()).Where(l => l.Contains($" gcc {severity} ") || l.Contains($" {severity} FB0030:"))
            .Select(l => l.Contains(" [") ? l[..l.LastIndexOf(" [", StringComparison.Ordinal)] : l)
            .Select(l => Regex.Replace(l, @"^\S*\.targets\(\d+,\d+\): ", ""))
            .Select(l => l.Replace($" {severity} ", " ~ "))
            .Distinct().OrderBy(l => l, StringComparer.Ordinal).ToList();

    /// <summary>Every file below artifacts/ with its size and modification time.</summary>
    private static Dictionary<string, (long, DateTime)> Artifacts(string dir) =>
        Directory.GetFiles(Path.Combine(dir, "artifacts"), "*", SearchOption.AllDirectories)
            .ToDictionary(f => f, f => (new FileInfo(f).Length, File.GetLastWriteTimeUtc(f)));

    /// <summary>
    /// -question after a failed build, nothing changed: up to date (exit 0), FB0215 naming the failed step, its errors
    /// as warnings (the failed build's, each the same), no error, nothing below artifacts/ written.
    /// </summary>
    private void QuestionSaysUpToDate(string dir, string failedOutput, string step)
    {
        var before = Artifacts(dir);
        var errors = ToolDiagnostics(failedOutput, "error");
        Assert.NotEmpty(errors);
        var q = _sdk.Dotnet(dir, Build.Append("-question").ToArray());
        Assert.True(q.ExitCode == 0, q.ToString());
        Assert.DoesNotContain("' is not up to date (", q.Output);
        Assert.DoesNotContain(": error ", q.Output);
        Assert.Contains($"warning FB0215: '{step}' failed last time and nothing it reads has changed", q.Output);
        Assert.Equal(errors, ToolDiagnostics(q.Output, "warning"));
        Assert.Equal(before, Artifacts(dir));
    }

    /// <summary>-question after a fix: not up to date (FB0061 naming <paramref name="stale"/>), nothing written.</summary>
    private void QuestionSaysStale(string dir, string stale)
    {
        var before = Artifacts(dir);
        var q = _sdk.Dotnet(dir, Build.Append("-question").ToArray());
        Assert.True(q.ExitCode != 0, q.ToString());
        Assert.True(q.Output.Contains($"error FB0061: '{stale}' is not up to date ("), q.Output);
        Assert.DoesNotContain("warning FB0215", q.Output);
        Assert.Equal(before, Artifacts(dir));
    }

    private static string Hex(string dir) =>
        Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, "artifacts", "uno", "sketches", "S", "S.ino.hex"))));

    /// <summary>Builds the broken tree twice and, with <paramref name="question"/>, asks -question; returns the errors (the same each time).</summary>
    private List<string> BrokenTwice(string dir, string expected, bool question)
    {
        var first = _sdk.Dotnet(dir, Build);
        Assert.True(first.ExitCode != 0, first.ToString());
        var errors = ErrorLines(first.Output, dir);
        Assert.True(errors.Any(e => e.Contains(expected)), string.Join("\n", errors) + "\n" + first.Output);
        var log = Path.Combine(dir, "artifacts", "uno", "sketches", "S", "build.log");
        Assert.Contains("$ ", File.ReadAllText(log)); // the compiler ran

        // Nothing changed: the compiler does not run (every command in the sketch's log is a replay), the errors are the same.
        var trace = Path.Combine(dir, "artifacts", "uno", "sketches", "S", "trace.tsv");
        var traced = File.ReadAllLines(trace).Length;
        var logBefore = File.ReadAllText(log);
        var second = _sdk.Dotnet(dir, Build);
        Assert.True(second.ExitCode != 0, second.ToString());
        Assert.Equal(errors, ErrorLines(second.Output, dir));
        // The sketch-set fast path (the traversal record holds the failure) builds no project: the log stays as it was.
        // Otherwise the sketch was built, and every command in its log is a replay.
        if (File.ReadAllText(log) != logBefore)
        {
            var commands = File.ReadAllLines(log).Where(l => l.StartsWith("$ ", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(commands);
            Assert.All(commands, c => Assert.EndsWith("# failed last time and nothing it reads has changed: not run again, its errors replayed", c));
        }
        Assert.All(File.ReadAllLines(trace).Skip(traced), l => Assert.Contains("\treplayed-failure\t", l));
        Assert.Contains("\"failed\"", File.ReadAllText(Path.Combine(dir, "artifacts", "uno", "results.json")));

        // -question: the recorded failure is up to date, its errors the same, as warnings.
        if (question) QuestionSaysUpToDate(dir, first.Output, SketchObjects(dir) + "S.ino.cpp");
        return errors;
    }

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void ASketchBrokenAndFixedReplaysItsErrorsUntilFixed()
    {
        var dir = _sdk.SketchSet("breakfix", ("S/S.ino", Ino), ("S/cfg.h", Cfg));
        var r = _sdk.Dotnet(dir, "build", "Sketches.proj", "-p:Board=uno");
        Assert.True(r.ExitCode == 0, r.ToString());
        var clean = Hex(dir);
        var ino = Path.Combine(dir, "S", "S.ino");
        var cfg = Path.Combine(dir, "S", "cfg.h");

        // 1. A syntax error in the sketch, then fixed.
        File.WriteAllText(ino, Ino.Replace("Serial.println(VAL);", "Serial.println(VAL)"));
        BrokenTwice(dir, "S.ino(2,", question: true);
        File.WriteAllText(ino, Ino);
        QuestionSaysStale(dir, SketchObjects(dir) + "S.ino.cpp");
        r = _sdk.Dotnet(dir, Build);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(clean, Hex(dir));

        // 2. A header that does not exist yet, then created (in the sketch folder, searched for "..." includes).
        File.WriteAllText(ino, "#include \"gen.h\"\n" + Ino);
        BrokenTwice(dir, "gen.h: No such file or directory", question: false);
        File.WriteAllText(Path.Combine(dir, "S", "gen.h"), "#define GEN 1\n");
        r = _sdk.Dotnet(dir, Build);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(clean, Hex(dir));

        // 3. An error in a header the sketch includes, then fixed. Each fix's firmware equals the clean build's (the
        // first build, of the same program).
        File.WriteAllText(cfg, "#define VAL 7\nint broken(;\n");
        BrokenTwice(dir, "cfg.h(2,", question: false);
        File.WriteAllText(cfg, Cfg);
        r = _sdk.Dotnet(dir, Build);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(clean, Hex(dir));
    }

    private static string SketchObjects(string dir) => Path.Combine(dir, "artifacts", "uno", "sketches", "S", "obj", "sketch") + "/";

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void AFailedLinkIsUpToDateForQuestionUntilFixed()
    {
        const string good = "void blink() { digitalWrite(13, HIGH); }\nvoid setup() { pinMode(13, OUTPUT); blink(); }\nvoid loop() {}\n";
        var dir = _sdk.SketchSet("breaklink", ("S/S.ino", good));
        var r = _sdk.Dotnet(dir, Build.Where(a => a != "--no-restore").ToArray());
        Assert.True(r.ExitCode == 0, r.ToString());
        var clean = Hex(dir);
        var ino = Path.Combine(dir, "S", "S.ino");
        var elf = Path.Combine(dir, "artifacts", "uno", "sketches", "S", "S.ino.elf");

        // A function declared and called but defined nowhere: the compile succeeds, the link fails.
        File.WriteAllText(ino, "void blink();\nvoid setup() { pinMode(13, OUTPUT); blink(); }\nvoid loop() {}\n");
        var first = _sdk.Dotnet(dir, Build);
        Assert.True(first.ExitCode != 0, first.ToString());
        Assert.Contains("undefined reference to", first.Output);
        Assert.False(File.Exists(elf));

        // Nothing changed: the build replays the link's errors (the linker does not run); -question says up to date.
        var second = _sdk.Dotnet(dir, Build);
        Assert.True(second.ExitCode != 0, second.ToString());
        Assert.Equal(ToolDiagnostics(first.Output, "error"), ToolDiagnostics(second.Output, "error"));
        Assert.Contains("\treplayed-failure\t", File.ReadLines(Path.Combine(dir, "artifacts", "uno", "sketches", "S", "trace.tsv")).Last());
        QuestionSaysUpToDate(dir, first.Output, elf);

        // Fixed: -question names the sketch's generated source (its tab changed); the build links the clean build's firmware.
        File.WriteAllText(ino, good);
        QuestionSaysStale(dir, SketchObjects(dir) + "S.ino.cpp");
        r = _sdk.Dotnet(dir, Build);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(clean, Hex(dir));
    }

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void ABrokenLibraryIsUpToDateForQuestionUntilFixed()
    {
        const string lib = "#include \"Lib.h\"\nint lib() { return 7; }\n";
        var dir = _sdk.SketchSet("breaklib",
            ("S/S.ino", "#include <Lib.h>\nvoid setup() { Serial.begin(9600); Serial.println(lib()); }\nvoid loop() {}\n"),
            ("G/G.ino", "void setup() {}\nvoid loop() {}\n"),
            ("libraries/Lib/Lib.h", "#pragma once\nint lib();\n"), ("libraries/Lib/Lib.cpp", lib));
        var r = _sdk.Dotnet(dir, Build.Where(a => a != "--no-restore").ToArray());
        Assert.True(r.ExitCode == 0, r.ToString());
        var source = Path.Combine(dir, "libraries", "Lib", "Lib.cpp");

        // The library broken: S fails (FB0180), G builds; again unchanged, the library's compile is replayed.
        File.WriteAllText(source, lib.Replace("return 7; }", "return 7 }"));
        var first = _sdk.Dotnet(dir, Build);
        Assert.True(first.ExitCode != 0, first.ToString());
        Assert.Contains("error FB0180: Sketch 'S' uses a library that failed to build", first.Output);
        var second = _sdk.Dotnet(dir, Build);
        Assert.True(second.ExitCode != 0, second.ToString());
        Assert.Contains("failed last time and nothing it reads has changed", File.ReadAllText(Path.Combine(dir, "artifacts", "uno", "framework", "build.log")));

        // -question: the library's failure is up to date, so is S (FB0180 as a warning); nothing written.
        var before = Artifacts(dir);
        var q = _sdk.Dotnet(dir, Build.Append("-question").ToArray());
        Assert.True(q.ExitCode == 0, q.ToString());
        Assert.DoesNotContain(": error ", q.Output);
        Assert.Contains($"warning FB0215: '{source}' failed last time", q.Output);
        Assert.Contains("warning FB0180: Sketch 'S' uses a library that failed to build", q.Output);
        Assert.Equal(ToolDiagnostics(first.Output, "error"), ToolDiagnostics(q.Output, "warning"));
        Assert.Equal(before, Artifacts(dir));

        // Fixed: -question names the library's object; the build builds every sketch.
        File.WriteAllText(source, lib);
        QuestionSaysStale(dir, Path.Combine(dir, "artifacts", "uno", "framework", "obj", "lib", "Lib", "Lib.cpp.o"));
        r = _sdk.Dotnet(dir, Build);
        Assert.True(r.ExitCode == 0, r.ToString());
    }
}
