namespace FBuild.IntegrationTests;

/// <summary>Sketch projects in a .sln and a .slnx (made with dotnet new sln and dotnet sln add), GetTargetPath and Clean.</summary>
[Collection("sdk")]
public sealed class SolutionTests
{
    private readonly SdkFixture _sdk;
    public SolutionTests(SdkFixture sdk) => _sdk = sdk;

    private static readonly string[] Sketches = { "HelloSerial", "SpiLoopback", "UserLibDemo" };

    private static List<string> Files(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir, f)).OrderBy(f => f, StringComparer.Ordinal).ToList();

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void SolutionsBuildTheFrameworkOnceAndCleanRemovesWhatTheyWrote()
    {
        // A folder of sketches with no Sketches.proj: the solution's folder is the sketch set (its libraries/ too).
        var dir = _sdk.NewDir("solution");
        foreach (var name in Sketches.Append("libraries"))
        {
            Directory.CreateDirectory(Path.Combine(dir, name));
            SdkFixture.CopyDirectory(Path.Combine(Repo.Samples, name), Path.Combine(dir, name));
        }
        _sdk.UseLocalSdk(dir);
        var home = new Dictionary<string, string?> { ["DOTNET_CLI_HOME"] = Path.Combine(dir, "..", Path.GetFileName(dir) + "-home") };
        foreach (var (name, format) in new[] { ("All", "sln"), ("Slnx", "slnx") })
        {
            var created = _sdk.Dotnet(dir, home, "new", "sln", "-n", name, "--format", format);
            Assert.True(created.ExitCode == 0, created.ToString());
            var added = _sdk.Dotnet(dir, home, new[] { "sln", name + "." + format, "add", "--include-references", "false" }.Concat(Sketches.Select(s => $"{s}/{s}.fbproj")).ToArray());
            Assert.True(added.ExitCode == 0 && !added.Output.Contains("unknown project type"), added.ToString());
        }
        var source = Files(dir);

        foreach (var solution in new[] { "All.sln", "Slnx.slnx" })
        {
            var build = _sdk.Dotnet(dir, home, "build", solution, "-p:Board=uno");
            Assert.True(build.ExitCode == 0, solution + ": " + build);
            Assert.DoesNotContain("NU1503", build.Output);
            foreach (var s in Sketches)
                Assert.True(File.Exists(Path.Combine(dir, "artifacts/uno/sketches", s, s + ".ino.hex")), solution + ": " + s);
            Assert.Empty(Sketches.Where(s => Directory.Exists(Path.Combine(dir, s, "artifacts"))));
            // One framework for the whole solution: the core was compiled (or taken from the cache) once.
            var coreCompiles = File.ReadLines(Path.Combine(dir, "artifacts/uno/framework/build.log")).Count(l => l.StartsWith("$ ") && l.Contains("/HardwareSerial.cpp -o"));
            Assert.Equal(1, coreCompiles);

            // GetTargetPath: the primary output, without building anything.
            var written = Files(dir);
            var target = _sdk.Dotnet(dir, home, "msbuild", "HelloSerial/HelloSerial.fbproj", "-t:GetTargetPath", "-p:Board=uno", "-p:SolutionDir=" + dir + "/", "-getTargetResult:GetTargetPath");
            Assert.True(target.ExitCode == 0, target.ToString());
            Assert.Contains($"\"Identity\": \"{dir}/artifacts/uno/sketches/HelloSerial/HelloSerial.ino.hex\"", target.Output);
            Assert.Equal(written, Files(dir));

            // Clean: every file the build wrote is gone, every other file is still there.
            var clean = _sdk.Dotnet(dir, home, "build", solution, "-t:Clean", "-p:Board=uno");
            Assert.True(clean.ExitCode == 0, clean.ToString());
            Assert.Equal(source, Files(dir));

            // A static graph build in isolation: every sketch's framework reference is the graph's framework node
            // (nothing to restore: --no-restore, since NuGet's solution restore is not isolation-clean).
            var graph = _sdk.Dotnet(dir, home, "build", solution, "-graph", "-isolate", "--no-restore", "-p:Board=uno");
            Assert.True(graph.ExitCode == 0, solution + " -graph -isolate: " + graph);
            Assert.DoesNotContain("MSB4252", graph.Output);
            foreach (var s in Sketches)
                Assert.True(File.Exists(Path.Combine(dir, "artifacts/uno/sketches", s, s + ".ino.hex")), solution + " -graph: " + s);
            Assert.Equal(1, File.ReadLines(Path.Combine(dir, "artifacts/uno/framework/build.log")).Count(l => l.StartsWith("$ ") && l.Contains("/HardwareSerial.cpp -o")));
            Assert.True(_sdk.Dotnet(dir, home, "build", solution, "-t:Clean", "-p:Board=uno").ExitCode == 0);
            Assert.Equal(source, Files(dir));
        }
    }
}
