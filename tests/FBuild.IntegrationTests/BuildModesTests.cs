using System.Globalization;

namespace FBuild.IntegrationTests;

[Collection("sdk")]
public sealed class BuildModesTests
{
    private readonly SdkFixture _sdk;
    public BuildModesTests(SdkFixture sdk) => _sdk = sdk;

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void StaticGraphIsolatedBuildWorks()
    {
        var dir = _sdk.CopySamples("graph");
        var r = _sdk.Dotnet(dir, "build", "-graph", "-isolate", "Sketches.proj", "-p:Board=uno");
        Assert.True(r.ExitCode == 0, r.ToString());
        var report = new BuildReport(dir, "uno");
        Assert.All(report.Sketches, s => Assert.Equal("ok", s.GetProperty("status").GetString()));
        Assert.True(report.Phases["stage1_archives"] > 0);
    }

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void SketchJobsBoundsConcurrentSketchToolRuns()
    {
        foreach (var jobs in new[] { 1, 2 })
        {
            var dir = _sdk.CopySamples("jobs" + jobs);
            var r = _sdk.Dotnet(dir, "build", "Sketches.proj", "-p:Board=uno", "-m:3", "-p:SketchJobs=" + jobs, "-p:FBuildCache=false");
            Assert.True(r.ExitCode == 0, r.ToString());
            var spans = Directory.GetFiles(Path.Combine(dir, "artifacts", "uno", "sketches"), "trace.tsv", SearchOption.AllDirectories)
                .SelectMany(File.ReadAllLines)
                .Select(l => l.Split('\t'))
                .Where(p => p[2] != "cache") // (results from the compile cache run no tool)
                .Select(p => (Start: long.Parse(p[0], CultureInfo.InvariantCulture), End: long.Parse(p[1], CultureInfo.InvariantCulture)))
                .ToList();
            Assert.True(spans.Count >= 20, "expected compile and link runs for every sketch, got " + spans.Count);
            // Sweep: +1 at a start, -1 at an end; at equal times ends come first (a slot is freed before it is taken).
            var events = spans.SelectMany(s => new[] { (T: s.Start, D: 1), (T: s.End, D: -1) })
                .OrderBy(e => e.T).ThenBy(e => e.D);
            int current = 0, max = 0;
            foreach (var e in events) { current += e.D; max = Math.Max(max, current); }
            Assert.True(max <= jobs, $"SketchJobs={jobs} but {max} sketch tool runs overlapped");
        }
    }

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void SketchProjectIsLean()
    {
        var dir = _sdk.CopySamples("lean");
        var pp = Path.Combine(dir, "pp.xml");
        var r = _sdk.Dotnet(Path.Combine(dir, "HelloSerial"), "msbuild", "HelloSerial.fbproj", "-pp:" + pp, "-p:Board=uno");
        Assert.True(r.ExitCode == 0, r.ToString());
        var text = File.ReadAllText(pp);
        Assert.Contains("UsingFBuildSdk", text);
        Assert.DoesNotContain("Microsoft.Common.CurrentVersion.targets", text);
        Assert.DoesNotContain("Microsoft.Common.props", text.Replace("(as Microsoft.Common.props does)", ""));
        Assert.DoesNotContain("Microsoft.NET.Sdk", text);
        Assert.DoesNotContain("Microsoft.CSharp", text);
        // dotnet build's implicit restore has nothing to restore: no NuGet assets anywhere in the sketch tree.
        var b = _sdk.Dotnet(dir, "build", "Sketches.proj", "-p:Board=uno");
        Assert.True(b.ExitCode == 0, b.ToString());
        Assert.Empty(Directory.GetFiles(dir, "project.assets.json", SearchOption.AllDirectories));
        Assert.False(Directory.Exists(Path.Combine(dir, "HelloSerial", "obj")));
    }

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void SingleSketchBuildsOnItsOwnWithBoardInProject()
    {
        var dir = _sdk.NewDir("single");
        _sdk.UseLocalSdk(dir);
        var sketch = Path.Combine(dir, "Solo");
        Directory.CreateDirectory(sketch);
        File.WriteAllText(Path.Combine(sketch, "Solo.ino"), "#include <Wire.h>\nvoid setup() { Wire.begin(); }\nvoid loop() {}\n");
        File.WriteAllText(Path.Combine(sketch, "Solo.fbproj"), "<Project Sdk=\"FBuild.Sdk\">\n  <PropertyGroup>\n    <Board>nano</Board>\n    <FBuildBoardOptions>cpu=atmega328old</FBuildBoardOptions>\n  </PropertyGroup>\n</Project>\n");
        var r = _sdk.Dotnet(sketch, "build", "Solo.fbproj");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.True(File.Exists(Path.Combine(sketch, "artifacts", "nano-cpu_atmega328old", "sketches", "Solo", "Solo.ino.hex")));
        Assert.True(File.Exists(Path.Combine(sketch, "artifacts", "nano-cpu_atmega328old", "framework", "lib", "Wire.a")));
    }

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void CleanRemovesWhatTheBuildWroteAndRebuildRestoresIt()
    {
        var dir = _sdk.CopySamples("clean");
        var before = Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/artifacts/")).OrderBy(f => f).ToList();
        Assert.True(_sdk.Dotnet(dir, "build", "Sketches.proj", "-p:Board=uno") is { ExitCode: 0 });
        var hex = Path.Combine(dir, "artifacts", "uno", "sketches", "HelloSerial", "HelloSerial.ino.hex");
        Assert.True(File.Exists(hex));
        var clean = _sdk.Dotnet(dir, "build", "Sketches.proj", "-p:Board=uno", "-t:Clean");
        Assert.True(clean.ExitCode == 0, clean.ToString());
        var left = Directory.GetFiles(Path.Combine(dir, "artifacts"), "*", SearchOption.AllDirectories).Where(f => !f.Contains("/.slots/")).ToList();
        Assert.Empty(left);
        // The user's files are untouched.
        Assert.Equal(before, Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/artifacts/")).OrderBy(f => f).ToList());
        var rebuild = _sdk.Dotnet(dir, "build", "Sketches.proj", "-p:Board=uno", "-t:Rebuild");
        Assert.True(rebuild.ExitCode == 0, rebuild.ToString());
        Assert.True(File.Exists(hex));
    }

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void BoardSetInTheTraversalReachesTheSketches()
    {
        var dir = _sdk.NewDir("traversalboard");
        _sdk.UseLocalSdk(dir);
        File.WriteAllText(Path.Combine(dir, "Sketches.proj"), "<Project Sdk=\"FBuild.Sdk\">\n  <PropertyGroup>\n    <Board>leonardo</Board>\n  </PropertyGroup>\n</Project>\n");
        foreach (var name in new[] { "One", "Two" })
        {
            Directory.CreateDirectory(Path.Combine(dir, name));
            File.WriteAllText(Path.Combine(dir, name, name + ".ino"), "void setup() { Serial.begin(9600); Serial.println(\"" + name + "\"); }\nvoid loop() {}\n");
            File.WriteAllText(Path.Combine(dir, name, name + ".fbproj"), "<Project Sdk=\"FBuild.Sdk\" />\n");
        }
        var r = _sdk.Dotnet(dir, "build", "Sketches.proj", "-bl:" + Path.Combine(dir, "b.binlog"));
        Assert.True(r.ExitCode == 0, r.ToString());
        var report = new BuildReport(dir, "leonardo");
        Assert.All(report.Sketches, s => Assert.Equal(28672, s.GetProperty("flashMax").GetInt64()));
        var build = Microsoft.Build.Logging.StructuredLogger.BinaryLog.ReadBuild(Path.Combine(dir, "b.binlog"));
        var ran = build.FindChildrenRecursive<Microsoft.Build.Logging.StructuredLogger.Target>(t => t.Name == "FBuildCompileFramework")
            .Where(t => t.Children.OfType<Microsoft.Build.Logging.StructuredLogger.Task>().Any()).ToList();
        Assert.Single(ran);
    }
}
