using System.Globalization;
using System.Text.Json;

namespace FBuild.IntegrationTests;

/// <summary>
/// The fbuild command, run as users run it (dotnet fbuild.dll) on plain sketch folders with the real compiler:
/// compile-many, report on its binlog (--tsv against phases.tsv, --html rendered in headless Chromium).
/// </summary>
[Collection("sdk")]
public class CliTests(SdkFixture sdk)
{
    /// <summary>report --tsv and phases.tsv measure the same instants from two clocks (event stamps, task code).</summary>
    private const double PhaseToleranceSeconds = 0.05;

    internal static string FbuildDll()
    {
        var config = AppContext.BaseDirectory.Contains("/bin/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
        var dll = Path.Combine(Repo.Root, "src", "FBuild.Cli", "bin", config, "net10.0", "fbuild.dll");
        Assert.True(File.Exists(dll), $"{dll} not built");
        return dll;
    }

    private RunResult Fbuild(string cwd, params string[] args) => Fbuild(cwd, null, args);

    private RunResult Fbuild(string cwd, IDictionary<string, string?>? env, params string[] args) =>
        sdk.Dotnet(cwd, env, new[] { FbuildDll() }.Concat(args).ToArray());

    /// <summary>Every file below DIR with its size and mtime: what "nothing written" is checked against.</summary>
    private static List<string> Snapshot(string dir) =>
        Directory.GetFileSystemEntries(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(p => File.Exists(p) ? $"{p} {new FileInfo(p).Length} {File.GetLastWriteTimeUtc(p).Ticks}" : p).ToList();

    private static Dictionary<string, double> ReadPhases(string tsv) =>
        File.ReadAllLines(tsv).Skip(1).Select(l => l.Split('\t')).ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));

    private void AssertReportAgrees(string binlog, string phasesTsv, string workDir)
    {
        var tsv = Path.Combine(workDir, "report-phases.tsv");
        var r = Fbuild(workDir, "report", binlog, "--tsv", tsv);
        Assert.True(r.ExitCode == 0, r.ToString());
        var fromBinlog = ReadPhases(tsv);
        var fromSdk = ReadPhases(phasesTsv);
        Assert.Equal(new[] { "stage1_archives", "stage2_sketches", "total" }, fromBinlog.Keys);
        foreach (var (phase, seconds) in fromSdk)
            Assert.True(Math.Abs(fromBinlog[phase] - seconds) <= PhaseToleranceSeconds,
                $"{phase}: report --tsv {fromBinlog[phase]} s, phases.tsv {seconds} s\n{File.ReadAllText(tsv)}\n{File.ReadAllText(phasesTsv)}");
    }

    [Fact]
    public void SamplesAsPlainFoldersBuildWithNothingWrittenIntoThem()
    {
        var dir = sdk.NewDir("cli-samples");
        SdkFixture.CopyDirectory(Repo.Samples, dir);
        foreach (var f in Directory.GetFiles(dir, "*.fbproj", SearchOption.AllDirectories).Append(Path.Combine(dir, "Sketches.proj"))) File.Delete(f);
        var before = Snapshot(dir);
        var sketches = Directory.GetDirectories(dir).Where(d => Path.GetFileName(d) != "libraries").Order(StringComparer.Ordinal).ToArray();
        var work = sdk.NewDir("cli-samples-out");
        var artifacts = Path.Combine(work, "artifacts");
        var binlog = Path.Combine(work, "build.binlog");
        var json = Path.Combine(work, "copy.json");

        // A compile cache of its own, so the core is compiled here and its compiles show in the report.
        var cold = new Dictionary<string, string?> { ["FBUILD_CACHE_DIR"] = Path.Combine(work, "cache") };
        var r = Fbuild(dir, cold, new[] { "compile-many", "--board", "uno", "--framework-jobs", "1", "--sketch-jobs", "2",
            "--artifacts", artifacts, "--binlog", binlog, "--json", json }.Concat(sketches).ToArray());

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(before, Snapshot(dir));
        Assert.DoesNotContain("[fbuild]", r.Output); // no progress line when the output is not a terminal
        var results = Path.Combine(artifacts, "uno", "results.json");
        Assert.Equal(File.ReadAllText(results), File.ReadAllText(json));
        using var doc = JsonDocument.Parse(File.ReadAllText(results));
        var rows = doc.RootElement.GetProperty("sketches").EnumerateArray().ToList();
        Assert.Equal(sketches.Length, rows.Count);
        foreach (var s in rows)
        {
            var name = s.GetProperty("name").GetString()!;
            Assert.Equal("ok", s.GetProperty("status").GetString());
            Assert.Matches($@"\n{name}\s+ok\s+\d+\.\d\d\s+{s.GetProperty("flashBytes").GetInt64()} \(", r.StdOut);
            Assert.True(File.Exists(s.GetProperty("hex").GetString()), name);
        }
        // The framework found the user libraries of samples/libraries from the plain folders' #includes.
        var libs = doc.RootElement.GetProperty("framework").GetProperty("libraries").EnumerateArray().Select(l => l.GetString()).ToList();
        Assert.Contains("TinyFormat", libs);
        Assert.Contains("MovingAverage", libs);

        AssertReportAgrees(binlog, Path.Combine(artifacts, "uno", "phases.tsv"), work);
        var report = Fbuild(work, "report", binlog, "--html", Path.Combine(work, "timeline.html"));
        Assert.True(report.ExitCode == 0, report.ToString());
        foreach (var part in new[] { "stage1_archives", "slowest compile units", "WString.cpp", "nodes: 2 used", "SketchJobs 2, FrameworkJobs 1", "critical path", "FBuildCompileFramework" })
            Assert.Contains(part, report.StdOut);
        AssertTimelineRenders(Path.Combine(work, "timeline.html"), work, sketches.Length);
    }

    /// <summary>Renders the page in headless Chromium and checks the DOM it laid out: lanes, bars of both stages, the summary.</summary>
    private void AssertTimelineRenders(string html, string work, int sketchCount)
    {
        var chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
        Assert.True(chromium != null, "chromium is not installed (eng/install-deps.sh test installs it)");
        var profile = sdk.NewDir("chromium-profile");
        var r = Proc.Run(chromium!, new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
            "--window-size=1400,900", "--dump-dom", "file://" + html }, work, timeoutSeconds: 120);
        Assert.True(r.ExitCode == 0, r.ToString());
        var dom = r.StdOut;
        Assert.Contains("data-node=\"1\"", dom);
        Assert.Contains("data-node=\"2\"", dom);
        Assert.Contains("class=\"bar stage1 tool\"", dom);
        Assert.Contains("class=\"bar stage2 target\"", dom);
        Assert.Contains("class=\"bar stage2 tool\"", dom);
        Assert.Contains($"{sketchCount} ({sketchCount} ok, 0 failed)", dom);
        // The script ran after layout and counted the bars the browser drew with a width.
        var visible = System.Text.RegularExpressions.Regex.Match(dom, "data-visible-bars=\"(\\d+)\"");
        Assert.True(visible.Success, dom[..Math.Min(dom.Length, 400)]);
        int bars = System.Text.RegularExpressions.Regex.Matches(dom, "class=\"bar ").Count;
        Assert.True(int.Parse(visible.Groups[1].Value, CultureInfo.InvariantCulture) == bars && bars > 2 * sketchCount, $"{visible.Value} of {bars} bars");
    }

    [Fact]
    public void AFailingSketchFailsTheRunAndTheOthersStillBuild()
    {
        var dir = sdk.NewDir("cli-generated");
        var lib = Path.Combine(dir, "MyLib");
        Directory.CreateDirectory(Path.Combine(lib, "src"));
        File.WriteAllText(Path.Combine(lib, "library.properties"), "name=MyLib\nversion=1.0.0\narchitectures=*\n");
        File.WriteAllText(Path.Combine(lib, "src", "MyLib.h"), "#pragma once\nint myLibTwice(int x);\n");
        File.WriteAllText(Path.Combine(lib, "src", "MyLib.cpp"), "#include \"MyLib.h\"\nint myLibTwice(int x) { return 2 * x; }\n");
        var examples = Path.Combine(lib, "examples");
        var names = new List<string>();
        for (int i = 0; i < 5; i++)
        {
            var name = $"Gen{i}";
            names.Add(name);
            Directory.CreateDirectory(Path.Combine(examples, name));
            File.WriteAllText(Path.Combine(examples, name, name + ".ino"), i % 2 == 0
                ? $"#include <MyLib.h>\nvoid setup() {{ Serial.begin(9600); Serial.println(myLibTwice({i})); }}\nvoid loop() {{}}\n"
                : $"void setup() {{ pinMode({i + 2}, OUTPUT); }}\nvoid loop() {{ digitalWrite({i + 2}, millis() % {100 * i} > 50); }}\n");
        }
        Directory.CreateDirectory(Path.Combine(examples, "Broken"));
        File.WriteAllText(Path.Combine(examples, "Broken", "Broken.ino"), "void setup() { undefined_thing(); }\nvoid loop() {}\n");
        var before = Snapshot(dir);
        var work = sdk.NewDir("cli-generated-out");
        var artifacts = Path.Combine(work, "artifacts");
        var binlog = Path.Combine(work, "failed.binlog");

        var r = Fbuild(dir, new[] { "compile-many", "--board", "uno", "--sketch-jobs", "2", "--lib", lib, "--artifacts", artifacts, "--binlog", binlog }
            .Concat(Directory.GetDirectories(examples)).ToArray());

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Equal(before, Snapshot(dir));
        Assert.Contains("'undefined_thing' was not declared", r.Output);
        Assert.Matches(@"\nBroken\s+failed\s", r.StdOut);
        foreach (var name in names)
        {
            Assert.Matches($@"\n{name}\s+ok\s", r.StdOut);
            Assert.True(File.Exists(Path.Combine(artifacts, "uno", "sketches", name, name + ".ino.hex")), name);
        }
        Assert.Contains("5 ok, 1 failed", r.StdOut);

        // The binlog of the failed build reads too, and agrees with its phases.tsv.
        AssertReportAgrees(binlog, Path.Combine(artifacts, "uno", "phases.tsv"), work);
        var report = Fbuild(work, "report", binlog);
        Assert.True(report.ExitCode == 0, report.ToString());
        Assert.Contains("FBuild build FAILED", report.StdOut);
        Assert.Matches(@"\n  Broken\s+failed\s", report.StdOut);
        Assert.Matches(@"\n  Gen0\s+ok\s+\d+\.\d\d\s+\d+ \(", report.StdOut);
    }

    [Fact]
    public void MaxFailuresStopsEarlyAndStillReports()
    {
        var dir = sdk.NewDir("cli-maxfail");
        var folders = new List<string>();
        foreach (var name in new[] { "BadA", "BadB", "GoodA", "GoodB" })
        {
            var d = Path.Combine(dir, name);
            Directory.CreateDirectory(d);
            File.WriteAllText(Path.Combine(d, name + ".ino"), name.StartsWith("Bad", StringComparison.Ordinal)
                ? "void setup() { nope(); }\nvoid loop() {}\n" : "void setup() {}\nvoid loop() {}\n");
            folders.Add(d);
        }
        var artifacts = Path.Combine(sdk.NewDir("cli-maxfail-out"), "artifacts");
        var r = Fbuild(dir, new[] { "compile-many", "--board", "uno", "--sketch-jobs", "1", "--max-failures", "1", "--artifacts", artifacts }.Concat(folders).ToArray());
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("error FB0105", r.Output);
        Assert.Matches(@"\nBadA\s+failed\s", r.StdOut);
        Assert.True(File.Exists(Path.Combine(artifacts, "uno", "phases.tsv")));
    }

    [Fact]
    public void AFolderThatIsNoSketchIsRefused()
    {
        var dir = sdk.NewDir("cli-nosketch");
        var r = Fbuild(dir, "compile-many", "--board", "uno", dir);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("error FB0101", r.Output);
        var usage = Fbuild(dir, "compile-many", dir);
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("error FB0100", usage.Output);
    }

    [Fact]
    public void TheToolPacksAndInstallsWithDotnetTool()
    {
        // As the README says: dotnet pack, then dotnet tool install from the local feed (here into a tool path, from a private feed folder).
        var work = sdk.NewDir("cli-tool");
        var feed = Path.Combine(work, "feed");
        var pack = sdk.Dotnet(Repo.Root, "pack", Path.Combine(Repo.Root, "src", "FBuild.Cli", "FBuild.Cli.csproj"), "-c", "Release", "-o", feed, "-nologo", "-v", "q");
        Assert.True(pack.ExitCode == 0, pack.ToString());
        File.WriteAllText(Path.Combine(work, "nuget.config"),
            $"<configuration><packageSources><clear /><add key=\"local\" value=\"{feed}\" /></packageSources></configuration>\n");
        var tools = Path.Combine(work, "tools");
        var install = sdk.Dotnet(work, "tool", "install", "FBuild.Cli", "--version", "0.1.0-dev", "--tool-path", tools, "--configfile", Path.Combine(work, "nuget.config"));
        Assert.True(install.ExitCode == 0, install.ToString());
        Assert.True(File.Exists(Path.Combine(tools, ".store", "fbuild.cli", "0.1.0-dev", "fbuild.cli", "0.1.0-dev", "tools", "net10.0", "any", "sdk", "tasks", "FBuild.Tasks.dll")),
            "the installed tool does not carry the SDK's task assembly");
        var usage = Proc.Run(Path.Combine(tools, "fbuild"), Array.Empty<string>(), work);
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("fbuild compile-many --board BOARD", usage.Output);
    }
}
