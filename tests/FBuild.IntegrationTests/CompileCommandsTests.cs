using System.Text.Json;

namespace FBuild.IntegrationTests;

/// <summary>compile_commands.json: the real compile commands, checked against the build logs and with Debian's clangd.</summary>
[Collection("sdk")]
public sealed class CompileCommandsTests
{
    private readonly SdkFixture _sdk;
    public CompileCommandsTests(SdkFixture sdk) => _sdk = sdk;

    // A samples build of its own: the shared one is rebuilt by other tests, and each build's logs hold only what it ran.
    private static Lazy<(string Dir, RunResult Result)>? _build;
    private (string Dir, RunResult Result) Build()
    {
        Interlocked.CompareExchange(ref _build, new Lazy<(string, RunResult)>(() =>
        {
            var dir = _sdk.CopySamples("ccdb-samples");
            return (dir, _sdk.Dotnet(dir, "build", "Sketches.proj", "-p:Board=uno"));
        }), null);
        return _build.Value;
    }

    private static List<(string File, string[] Args)> Entries(string db) =>
        JsonDocument.Parse(File.ReadAllText(db)).RootElement.EnumerateArray()
            .Select(e => (e.GetProperty("file").GetString()!, e.GetProperty("arguments").EnumerateArray().Select(a => a.GetString()!).ToArray())).ToList();

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void TheBoardDatabaseHoldsTheCommandsTheBuildRan()
    {
        var (dir, result) = Build();
        Assert.True(result.ExitCode == 0, result.ToString());
        var db = Path.Combine(dir, "artifacts", "uno", "compile_commands.json");
        var entries = Entries(db);
        var files = entries.Select(e => e.File).ToHashSet();
        // Every compile of the build log is in the database with the same arguments (-MD, -MF and -MQ left out).
        var logs = Directory.GetFiles(Path.Combine(dir, "artifacts", "uno"), "build.log", SearchOption.AllDirectories);
        int compared = 0;
        foreach (var line in logs.SelectMany(File.ReadLines).Where(l => l.StartsWith("$ ") && l.Contains(" -c ")))
        {
            var args = ShellWords(line[2..].Split("  # from the compile cache")[0]);
            var source = args[args.IndexOf("-o") - 1];
            var entry = entries.Single(e => e.File == source);
            Assert.Equal(args.Where((a, i) => a != "-MD" && a != "-MF" && a != "-MQ" && (i == 0 || (args[i - 1] != "-MF" && args[i - 1] != "-MQ"))).ToArray(), entry.Args);
            compared++;
        }
        Assert.True(compared >= 40, $"only {compared} compiles in the logs");
        // The framework's core, the generated .ino.cpp and every .ino tab.
        Assert.Contains(Path.Combine(Repo.CorePath, "cores/arduino/HardwareSerial.cpp"), files);
        Assert.Contains(Path.Combine(dir, "artifacts/uno/sketches/HelloSerial/obj/sketch/HelloSerial.ino.cpp"), files);
        foreach (var tab in new[] { "HelloSerial/HelloSerial.ino", "BlinkMulti/BlinkMulti.ino", "BlinkMulti/Led.ino", "BlinkMulti/Report.ino" })
            Assert.Contains(Path.Combine(dir, tab), files);
        // Each sketch's own fragment is a database too.
        Assert.Contains(Entries(Path.Combine(dir, "artifacts/uno/sketches/SpiLoopback/compile_commands.json")), e => e.File.EndsWith("SpiLoopback.ino"));
    }

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath, "/usr/bin/clangd")]
    public void ClangdResolvesArduinoAndLibraryHeaders()
    {
        var (dir, result) = Build();
        Assert.True(result.ExitCode == 0, result.ToString());
        var dbDir = Path.Combine(dir, "artifacts", "uno");
        foreach (var file in new[]
        {
            "HelloSerial/HelloSerial.ino",                                       // Arduino.h, avr-libc (through the driver)
            "SpiLoopback/SpiLoopback.ino",                                       // a bundled library (SPI.h)
            "UserLibDemo/UserLibDemo.ino",                                       // a user library
            "artifacts/uno/sketches/BlinkMulti/obj/sketch/BlinkMulti.ino.cpp",  // the generated file of a multi-tab sketch
        })
        {
            var path = Path.Combine(dir, file);
            var r = Proc.Run("clangd", new[] { "--check=" + path, "--compile-commands-dir=" + dbDir, "--query-driver=/usr/bin/avr-*" }, dir, timeoutSeconds: 120);
            Assert.True(r.ExitCode == 0, file + ":\n" + r);
            Assert.Contains("Compile command from CDB is: /usr/bin/avr-g", r.Output);
            Assert.Contains("All checks completed, 0 errors", r.Output);
        }
    }

    /// <summary>
    /// clangd on a SAMD build's database (the samples for the Zero): clean with the clangd configuration the README
    /// gives. Without it, Debian's clangd 14 stops at Atmel's CMSIS headers: their reserved fields are unnamed
    /// bit-fields with CMSIS's __I (volatile in C++), which clang rejects as C++ says (CWG 2229, "anonymous
    /// bit-field cannot have qualifiers", a hard error) and gcc accepts; the 20-error limit then hides Arduino.h.
    /// </summary>
    [RequiresSamdFact("/usr/bin/avr-gcc", Repo.CorePath, "/usr/bin/clangd")]
    public void ClangdChecksASamdBuildCleanWithTheDocumentedConfig()
    {
        var (dir, result) = SampleBuilds.GetThreeBoards(_sdk);
        Assert.True(result.ExitCode == 0, result.ToString());
        var dbDir = Path.Combine(dir, "artifacts", "arduino_zero_native");
        var config = _sdk.NewDir("clangd-config");
        Directory.CreateDirectory(Path.Combine(config, "clangd"));
        RunResult Check(string file, bool withConfig)
        {
            if (withConfig)
                File.WriteAllText(Path.Combine(config, "clangd", "config.yaml"),
                    "CompileFlags:\n  Add: [-ferror-limit=0]\nDiagnostics:\n  Suppress: [anon_bitfield_qualifiers]\n");
            else File.Delete(Path.Combine(config, "clangd", "config.yaml"));
            return Proc.Run("clangd", new[] { "--check=" + file, "--compile-commands-dir=" + dbDir, "--query-driver=/usr/bin/arm-none-eabi-*" },
                dir, new Dictionary<string, string?> { ["XDG_CONFIG_HOME"] = config }, timeoutSeconds: 300);
        }
        var hello = Path.Combine(dir, "HelloSerial", "HelloSerial.ino");
        var bare = Check(hello, withConfig: false);
        Assert.True(bare.ExitCode != 0, bare.ToString());
        Assert.Contains("[fatal_too_many_errors] Line 1: too many errors emitted", bare.Output);
        foreach (var file in new[]
        {
            hello,                                                             // Arduino.h, CMSIS, newlib (through the driver)
            Path.Combine(dir, "SpiLoopback", "SpiLoopback.ino"),               // the SAMD core's SPI library
            Path.Combine(dir, "artifacts/arduino_zero_native/sketches/BlinkMulti/obj/sketch/BlinkMulti.ino.cpp"),
            Path.Combine(Samd.Platform, "cores", "arduino", "wiring.c"),      // a core source, in C
        })
        {
            var r = Check(file, withConfig: true);
            Assert.True(r.ExitCode == 0, file + ":\n" + r);
            Assert.Contains("Compile command from CDB is: /usr/bin/arm-none-eabi-g", r.Output);
            Assert.Contains("All checks completed, 0 errors", r.Output);
        }
    }

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void CleanRemovesTheDatabases()
    {
        var dir = IdeSketchSets.HelloSerials(_sdk, "ccdb-clean");
        var build = _sdk.Dotnet(dir, "build", "Sketches.proj", "-p:Board=uno");
        Assert.True(build.ExitCode == 0, build.ToString());
        var db = Path.Combine(dir, "artifacts", "uno", "compile_commands.json");
        Assert.Contains(Entries(db), e => e.File == Path.Combine(dir, "HelloSerial", "HelloSerial.ino"));
        var clean = _sdk.Dotnet(dir, "build", "Sketches.proj", "-t:Clean", "-p:Board=uno");
        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.False(File.Exists(db));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(dir, "artifacts", "uno")).Where(p => !p.EndsWith("/sketches")));
    }

    /// <summary>Splits a logged command line (CommandLine.ShellQuote's single quotes).</summary>
    private static List<string> ShellWords(string line)
    {
        var r = Proc.Run("python3", new[] { "-c", "import shlex,sys,json; print(json.dumps(shlex.split(sys.argv[1])))", line }, "/");
        return JsonSerializer.Deserialize<List<string>>(r.StdOut)!;
    }
}
