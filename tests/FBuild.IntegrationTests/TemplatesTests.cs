using System.Text.Json;
using System.Text.RegularExpressions;

namespace FBuild.IntegrationTests;

/// <summary>
/// The template package eng/pack.sh writes (FBuild.Templates), installed with the real dotnet new into a private
/// template-engine home; the trees dotnet new fbsketch and fbsketches create build as they are, with the SDK from
/// the local feed named by a NuGet.config above them (as a user's NuGet sources would).
/// </summary>
[Collection("sdk")]
public sealed class TemplatesTests(SdkFixture sdk)
{
    private static readonly string Version =
        Regex.Match(File.ReadAllText(Path.Combine(Repo.Root, "src", "Directory.Build.props")), "<FBuildVersion>(.*)</FBuildVersion>").Groups[1].Value;

    private static string Feed => Path.Combine(Repo.Root, "artifacts", "feed");

    /// <summary>A folder with the templates installed in a template-engine home of its own and a NuGet.config naming the local feed.</summary>
    private sealed record Workspace(string Dir, Dictionary<string, string?> Env);

    private Workspace Install(string name)
    {
        var dir = sdk.NewDir(name);
        File.WriteAllText(Path.Combine(dir, "NuGet.config"),
            $"<configuration><packageSources><clear /><add key=\"fbuild-local\" value=\"{Feed}\" /></packageSources></configuration>\n");
        var home = Path.Combine(dir, ".home");
        var env = new Dictionary<string, string?>
        {
            ["DOTNET_CLI_HOME"] = home,
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        };
        var nupkg = Path.Combine(Feed, $"FBuild.Templates.{Version}.nupkg");
        Assert.True(File.Exists(nupkg), nupkg + " not packed (eng/pack.sh)");

        var userEngine = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".templateengine");
        var userBefore = Snapshot(userEngine);
        var install = sdk.Dotnet(dir, env, "new", "install", nupkg);
        Assert.True(install.ExitCode == 0 && !install.Output.Contains("Error", StringComparison.Ordinal), install.ToString());
        Assert.Matches(@"\sfbsketch\s+C\+\+\s", install.Output);
        Assert.Matches(@"\sfbsketches\s+C\+\+\s", install.Output);
        // Installed into the private home only.
        Assert.True(File.Exists(Path.Combine(home, ".templateengine", "packages", Path.GetFileName(nupkg))), install.ToString());
        Assert.Equal(userBefore, Snapshot(userEngine));
        return new Workspace(dir, env);
    }

    /// <summary>Every file below DIR with its size and mtime (empty when there is no DIR).</summary>
    private static List<string> Snapshot(string dir) => !Directory.Exists(dir) ? new List<string>() :
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(p => $"{p} {new FileInfo(p).Length} {File.GetLastWriteTimeUtc(p).Ticks}").ToList();

    private RunResult New(Workspace ws, params string[] args)
    {
        var r = sdk.Dotnet(ws.Dir, ws.Env, new[] { "new" }.Concat(args).ToArray());
        Assert.True(r.ExitCode == 0, "dotnet new " + string.Join(' ', args) + ": " + r);
        return r;
    }

    private RunResult Build(Workspace ws, string projectDir)
    {
        var r = sdk.Dotnet(projectDir, ws.Env, "build");
        Assert.True(r.ExitCode == 0, "dotnet build in " + projectDir + ": " + r);
        return r;
    }

    private static JsonElement ReadJson(string path)
    {
        Assert.True(File.Exists(path), path + " missing");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    }

    private static List<string> Files(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir, f)).Order(StringComparer.Ordinal).ToList();

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void FbsketchCreatesASketchThatBuildsAloneForItsBoard()
    {
        var ws = Install("tpl-sketch");
        var foo = Path.Combine(ws.Dir, "Foo");
        New(ws, "fbsketch", "-n", "Foo", "-o", foo);
        Assert.Equal(new[] { ".gitignore", "Foo.fbproj", "Foo.ino" }, Files(foo));
        var project = File.ReadAllText(Path.Combine(foo, "Foo.fbproj"));
        Assert.Contains($"<Project Sdk=\"FBuild.Sdk/{Version}\">", project);
        Assert.Contains("<Board Condition=\"'$(Board)' == ''\">uno</Board>", project);
        Assert.DoesNotContain("Sketch1", File.ReadAllText(Path.Combine(foo, "Foo.ino")));

        Build(ws, foo);
        var hex = Path.Combine(foo, "artifacts", "uno", "sketches", "Foo", "Foo.ino.hex");
        Assert.True(File.Exists(hex) && new FileInfo(hex).Length > 0, hex);
        var result = ReadJson(Path.Combine(foo, "artifacts", "uno", "sketches", "Foo", "result.json"));
        Assert.Equal("ok", result.GetProperty("status").GetString());
        Assert.True(result.GetProperty("flashBytes").GetInt64() > 0);
        // The SDK came from the package at the version the templates stamped (not from this checkout's src/).
        var framework = ReadJson(Path.Combine(foo, "artifacts", "uno", "framework", "result.json"));
        Assert.StartsWith(Path.Combine(sdk.NuGetPackages, "fbuild.sdk", Version) + "/", framework.GetProperty("project").GetString());

        // A second build changes nothing.
        var stamp = File.GetLastWriteTimeUtc(hex);
        Build(ws, foo);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(hex));
        Assert.Equal(0, ReadJson(Path.Combine(foo, "artifacts", "uno", "sketches", "Foo", "result.json")).GetProperty("objectsRebuilt").GetInt32());
        Assert.Equal(0, ReadJson(Path.Combine(foo, "artifacts", "uno", "framework", "result.json")).GetProperty("objectsRebuilt").GetInt32());

        // --board writes another default board: the sketch builds for the nano, and only for it.
        var nano = Path.Combine(ws.Dir, "NanoBlink");
        New(ws, "fbsketch", "-n", "NanoBlink", "-o", nano, "--board", "nano");
        Build(ws, nano);
        Assert.Equal(new[] { "nano" }, Directory.GetDirectories(Path.Combine(nano, "artifacts")).Select(Path.GetFileName).Where(d => !d!.StartsWith('.')).ToArray());
        Assert.True(File.Exists(Path.Combine(nano, "artifacts", "nano", "sketches", "NanoBlink", "NanoBlink.ino.hex")));
        var nanoResult = ReadJson(Path.Combine(nano, "artifacts", "nano", "sketches", "NanoBlink", "result.json"));
        Assert.Equal("nano", nanoResult.GetProperty("board").GetString());
        Assert.Equal(30720, nanoResult.GetProperty("flashMax").GetInt64()); // the nano's flash (uno: 32256)
    }

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void FbsketchesCreatesASketchSetThatBuildsTheFrameworkOnce()
    {
        var ws = Install("tpl-sketches");
        var set = Path.Combine(ws.Dir, "Firmware");
        New(ws, "fbsketches", "-o", set);
        Assert.Equal(new[] { ".gitignore", "Blink/Blink.fbproj", "Blink/Blink.ino", "Directory.Build.props", "I2cScan/I2cScan.fbproj", "I2cScan/I2cScan.ino", "Sketches.proj", "global.json" }, Files(set));
        Assert.Equal(Version, ReadJson(Path.Combine(set, "global.json")).GetProperty("msbuild-sdks").GetProperty("FBuild.Sdk").GetString());
        // A third sketch added to the set leaves the SDK version to the set's global.json.
        New(ws, "fbsketch", "-n", "Extra", "-o", Path.Combine(set, "Extra"), "--pin-sdk", "false");
        Assert.Contains("<Project Sdk=\"FBuild.Sdk\">", File.ReadAllText(Path.Combine(set, "Extra", "Extra.fbproj")));
        Assert.False(File.Exists(Path.Combine(set, "Extra", ".gitignore")));

        var build = Build(ws, set);
        Assert.Contains("3 sketches, 3 ok, 0 failed", build.Output);
        var board = Path.Combine(set, "artifacts", "uno");
        var results = ReadJson(Path.Combine(board, "results.json"));
        var sketches = results.GetProperty("sketches").EnumerateArray().ToList();
        Assert.Equal(new[] { "Blink", "Extra", "I2cScan" }, sketches.Select(s => s.GetProperty("name").GetString()).Order(StringComparer.Ordinal).ToArray());
        foreach (var s in sketches)
        {
            Assert.Equal("ok", s.GetProperty("status").GetString());
            Assert.True(File.Exists(s.GetProperty("hex").GetString()), s.GetProperty("name").GetString());
        }
        // Stage 1 built the core once and the bundled Wire library as an archive of its own.
        var framework = results.GetProperty("framework");
        Assert.Equal(new[] { "Wire" }, framework.GetProperty("libraries").EnumerateArray().Select(l => l.GetString()).ToArray());
        Assert.True(File.Exists(Path.Combine(board, "framework", "lib", "Wire.a")));
        var coreCompiles = File.ReadLines(Path.Combine(board, "framework", "build.log")).Count(l => l.StartsWith("$ ", StringComparison.Ordinal) && l.Contains("/HardwareSerial.cpp -o", StringComparison.Ordinal));
        Assert.Equal(1, coreCompiles);
        Assert.StartsWith(Path.Combine(sdk.NuGetPackages, "fbuild.sdk", Version) + "/", framework.GetProperty("project").GetString());

        // A second build is a no-op.
        var hexes = sketches.Select(s => s.GetProperty("hex").GetString()!).ToDictionary(h => h, File.GetLastWriteTimeUtc);
        Build(ws, set);
        var again = ReadJson(Path.Combine(board, "results.json"));
        Assert.Equal(0, again.GetProperty("framework").GetProperty("objectsRebuilt").GetInt32());
        Assert.All(again.GetProperty("sketches").EnumerateArray(), s => Assert.Equal(0, s.GetProperty("objectsRebuilt").GetInt32()));
        Assert.All(hexes, h => Assert.Equal(h.Value, File.GetLastWriteTimeUtc(h.Key)));
    }
}
