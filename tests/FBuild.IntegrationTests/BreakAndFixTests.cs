using System.Security.Cryptography;

namespace FBuild.IntegrationTests;

/// <summary>
/// Failures are up to date too: a sketch broken three ways (a syntax error, a missing header, an error in a header),
/// built twice unchanged (the second build runs no compiler and replays the same errors; -question names nothing as
/// not up to date), then fixed (it builds, and its firmware equals a clean build's of the same program).
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

    private static string Hex(string dir) =>
        Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, "artifacts", "uno", "sketches", "S", "S.ino.hex"))));

    /// <summary>Builds the broken tree twice and asks -question; returns the errors (the same each time).</summary>
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

        if (question)
        {
            // -question: the recorded failure is up to date (no output named as not up to date), its errors the same.
            // On the sketch-set fast path it succeeds, the errors replayed as warnings.
            var q = _sdk.Dotnet(dir, Build.Append("-question").ToArray());
            Assert.DoesNotContain("' is not up to date (", q.Output);
            if (q.ExitCode == 0) Assert.Equal(errors.Select(e => e.Replace(" error ", " warning ")).ToList(), ErrorLines(q.Output, dir, "warning"));
            else Assert.Equal(errors, ErrorLines(q.Output, dir));
        }
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
}
