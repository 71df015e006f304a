using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace FBuild.IntegrationTests;

/// <summary>
/// Every board in the installed core's boards.txt, and each option of each of its menus (one menu varied at a
/// time, the others at their defaults), built for real in one MSBuild run; each configuration's compile commands
/// must carry the MCU, clock, variant and board define boards.txt gives for it, and its sizes the limits.
/// boards.txt is read here with a minimal parser of its own, not FBuild's, so the resolver is checked against
/// the file rather than against itself.
/// </summary>
[Collection("sdk")]
public sealed class BoardMatrixTests(SdkFixture sdk)
{
    private const string Blink =
        "void setup() { pinMode(LED_BUILTIN, OUTPUT); }\n" +
        "void loop() { digitalWrite(LED_BUILTIN, HIGH); delay(500); digitalWrite(LED_BUILTIN, LOW); delay(500); }\n";

    private const string SerialEeprom =
        "#include <EEPROM.h>\n" +
        "void setup() { Serial.begin(9600); Serial.print(F(\"boots \")); Serial.println(EEPROM.read(0)); }\n" +
        "void loop() { EEPROM.update(0, EEPROM.read(0) + 1); delay(1000); }\n";

    private static readonly string[] Sketches = { "Blink", "SerialEeprom" };

    /// <summary>
    /// The sketches that do not build for a board with Debian's core, and the compiler error that says why; these
    /// fail the same way in the Arduino IDE. Each of these boards still builds the other sketch.
    /// The Gemma is an ATtiny85: it has no UART, and the core declares <c>Serial</c> only for chips with one
    /// (HAVE_HWSERIAL0) or with USB. The Robot Control and Robot Motor variants (robot_control, robot_motor)
    /// define no <c>LED_BUILTIN</c>, so the IDE's own Blink example, which this Blink follows, does not compile.
    /// </summary>
    private static readonly Dictionary<(string Key, string Sketch), string> ExpectedFailures = new()
    {
        [("gemma", "SerialEeprom")] = "'Serial' was not declared in this scope",
        [("robotControl", "Blink")] = "'LED_BUILTIN' was not declared in this scope",
        [("robotMotor", "Blink")] = "'LED_BUILTIN' was not declared in this scope",
    };

    /// <summary>boards.txt as key=value pairs in file order (it has no OS-specific keys to fold).</summary>
    private static List<KeyValuePair<string, string>> ReadBoardsTxt() =>
        File.ReadAllLines(Path.Combine(Repo.CorePath, "boards.txt"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && l[0] != '#' && l.IndexOf('=') > 0)
            .Select(l => new KeyValuePair<string, string>(l[..l.IndexOf('=')].Trim(), l[(l.IndexOf('=') + 1)..].Trim()))
            .ToList();

    public sealed record Config(string Board, string Menu, string Option, string Key, Dictionary<string, string> Props)
    {
        public string Options => Menu.Length == 0 ? "" : Menu + "=" + Option;
        public string Get(string key) => Props.TryGetValue(key, out var v) ? v : "";
        public override string ToString() => Board + (Options.Length == 0 ? "" : ":" + Options);
    }

    /// <summary>Each board at its defaults, then each non-default option of each of its menus.</summary>
    public static List<Config> Configurations()
    {
        var lines = ReadBoardsTxt();
        var boards = lines.Where(kv => kv.Key.EndsWith(".name") && kv.Key.Count(c => c == '.') == 1 && !kv.Key.StartsWith("menu."))
            .Select(kv => kv.Key[..kv.Key.IndexOf('.')]).ToList();
        var configs = new List<Config>();
        foreach (var board in boards)
        {
            var own = lines.Where(kv => kv.Key.StartsWith(board + ".")).Select(kv => (Key: kv.Key[(board.Length + 1)..], kv.Value)).ToList();
            // Menus and their options in file order: BOARD.menu.MENU.OPTION=Display name.
            var menus = new List<(string Menu, List<string> Options)>();
            foreach (var (key, _) in own)
            {
                var parts = key.Split('.');
                if (parts.Length != 3 || parts[0] != "menu") continue;
                var menu = menus.FirstOrDefault(m => m.Menu == parts[1]);
                if (menu.Menu is null) menus.Add(menu = (parts[1], new List<string>()));
                if (!menu.Options.Contains(parts[2])) menu.Options.Add(parts[2]);
            }
            Dictionary<string, string> PropsWith(string? variedMenu, string? option)
            {
                var props = own.Where(p => !p.Key.StartsWith("menu.")).ToDictionary(p => p.Key, p => p.Value);
                foreach (var (menu, options) in menus)
                {
                    var chosen = menu == variedMenu ? option! : options[0];
                    var prefix = "menu." + menu + "." + chosen + ".";
                    foreach (var (key, value) in own.Where(p => p.Key.StartsWith(prefix))) props[key[prefix.Length..]] = value;
                }
                return props;
            }
            configs.Add(new Config(board, "", "", board, PropsWith(null, null)));
            foreach (var (menu, options) in menus)
                foreach (var option in options.Skip(1))
                    configs.Add(new Config(board, menu, option, board + "-" + menu + "_" + option, PropsWith(menu, option)));
        }
        return configs;
    }

    private string SketchSet(string name)
    {
        var dir = sdk.NewDir(name);
        sdk.UseLocalSdk(dir);
        File.WriteAllText(Path.Combine(dir, "Sketches.proj"), "<Project Sdk=\"FBuild.Sdk\" />\n");
        foreach (var (sketch, text) in new[] { ("Blink", Blink), ("SerialEeprom", SerialEeprom) })
        {
            Directory.CreateDirectory(Path.Combine(dir, sketch));
            File.WriteAllText(Path.Combine(dir, sketch, sketch + ".ino"), text);
            File.WriteAllText(Path.Combine(dir, sketch, sketch + ".fbproj"), "<Project Sdk=\"FBuild.Sdk\" />\n");
        }
        return dir;
    }

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void EveryBoardAndMenuOptionOfTheInstalledCoreBuilds()
    {
        var configs = Configurations();
        // The parser above finds what boards.txt is known to have (else the matrix would pass vacuously).
        Assert.Contains(configs, c => c.ToString() == "nano:cpu=atmega328old");
        Assert.Contains(configs, c => c.ToString() == "pro:cpu=8MHzatmega328" && c.Get("build.f_cpu") == "8000000L");
        Assert.Contains(configs, c => c.ToString() == "mega:cpu=atmega1280" && c.Get("build.mcu") == "atmega1280");
        Assert.Contains(configs, c => c.ToString() == "uno" && c.Get("build.mcu") == "atmega328p");
        Assert.Equal(configs.Count, configs.Select(c => c.Key).Distinct().Count());

        // The sketch set once per configuration, all in one build, as DifferentialTests builds its snapshots.
        var dir = SketchSet("matrix");
        var items = string.Concat(configs.Select(c =>
            $"    <Configuration Include=\"Sketches.proj\" AdditionalProperties=\"Board={c.Board};FBuildBoardOptions={c.Options}\" />\n"));
        File.WriteAllText(Path.Combine(dir, "matrix.proj"),
            "<Project>\n  <ItemGroup>\n" + items + "  </ItemGroup>\n  <Target Name=\"Build\">\n" +
            "    <MSBuild Projects=\"@(Configuration)\" BuildInParallel=\"true\" ContinueOnError=\"true\" />\n" +
            "  </Target>\n</Project>\n");
        var env = new Dictionary<string, string?> { ["FBUILD_CACHE_DIR"] = Path.Combine(dir, ".cache") };
        var clock = Stopwatch.StartNew();
        var r = sdk.Dotnet(dir, env, "build", "matrix.proj", "-m:2", "-nr:false", "--no-restore");
        clock.Stop();
        Console.WriteLine($"board matrix: {configs.Count} configurations x {Sketches.Length} sketches in {clock.Elapsed.TotalSeconds:0.0} s");

        // The only errors are the expected failures' (each: the compiler's error and FB0050 for its board).
        var errors = r.Output.Split('\n').Where(l => l.Contains(" error ") || l.Contains(": error")).Distinct().ToList();
        var unexpected = errors.Where(l => !ExpectedFailures.Any(f => l.Contains(f.Value) || l.Contains($"{f.Key.Sketch} [{f.Key.Key}]"))).ToList();
        Assert.True(unexpected.Count == 0, "unexpected errors:\n" + string.Join("\n", unexpected) + "\n\n" + r);

        var problems = new List<string>();
        foreach (var c in configs)
        {
            var boardDir = Path.Combine(dir, "artifacts", c.Key);
            var resultsPath = Path.Combine(boardDir, "results.json");
            if (!File.Exists(resultsPath)) { problems.Add($"{c}: no {resultsPath}"); continue; }
            var mcu = c.Get("build.mcu");
            var fcpu = c.Get("build.f_cpu");
            var variantInclude = "-I" + Path.Combine(Repo.CorePath, "variants", c.Get("build.variant"));
            var boardDefine = "-DARDUINO_" + c.Get("build.board");
            var wanted = new[] { "-mmcu=" + mcu, "-DF_CPU=" + fcpu, variantInclude, boardDefine };
            if (mcu.Length == 0 || fcpu.Length == 0 || c.Get("build.variant").Length == 0)
                problems.Add($"{c}: boards.txt gives no build.mcu, build.f_cpu or build.variant");

            void CheckCommands(string what, string compileCommands)
            {
                if (!File.Exists(compileCommands)) { problems.Add($"{c}: no {compileCommands}"); return; }
                var entries = JsonDocument.Parse(File.ReadAllText(compileCommands)).RootElement.EnumerateArray().ToList();
                if (entries.Count == 0) problems.Add($"{c}: {what} has no compile commands");
                // One problem per file and missing flag, with the first command that lacks it.
                var commands = entries.Select(e => e.GetProperty("arguments").EnumerateArray().Select(a => a.GetString()!).ToList()).ToList();
                foreach (var w in wanted)
                {
                    var without = commands.Where(args => !args.Contains(w)).ToList();
                    if (without.Count > 0)
                        problems.Add($"{c}: {without.Count} of {what}'s {commands.Count} compile commands lack {w}, as in: {string.Join(' ', without[0])}");
                }
                var twice = commands.FirstOrDefault(args => args.Count(a => a.StartsWith("-mmcu=")) != 1 || args.Count(a => a.StartsWith("-DF_CPU=")) != 1);
                if (twice != null) problems.Add($"{c}: {what} has a command with more than one -mmcu= or -DF_CPU=: {string.Join(' ', twice)}");
            }
            // The framework (core and EEPROM) is compiled for the configuration too, not only the sketches.
            CheckCommands("the framework", Path.Combine(boardDir, "framework", "compile_commands.json"));

            var results = JsonDocument.Parse(File.ReadAllText(resultsPath)).RootElement.GetProperty("sketches").EnumerateArray().ToList();
            foreach (var sketch in Sketches)
            {
                var outDir = Path.Combine(boardDir, "sketches", sketch);
                var result = results.FirstOrDefault(s => s.GetProperty("name").GetString() == sketch);
                if (result.ValueKind != JsonValueKind.Object) { problems.Add($"{c}: {sketch} missing from {resultsPath}"); continue; }
                var status = result.GetProperty("status").GetString();
                var log = Path.Combine(outDir, "build.log");
                var logText = File.Exists(log) ? File.ReadAllText(log) : "";
                CheckCommands(sketch, Path.Combine(outDir, "compile_commands.json"));
                if (ExpectedFailures.TryGetValue((c.Key, sketch), out var why))
                {
                    if (status != "failed") problems.Add($"{c}: {sketch} was expected to fail ({why}) but is {status}");
                    else if (!logText.Contains(why)) problems.Add($"{c}: {sketch} failed, but not with \"{why}\":\n{logText}");
                    continue;
                }
                if (status != "ok") { problems.Add($"{c}: {sketch} is {status}:\n{logText}"); continue; }
                var hex = Path.Combine(outDir, sketch + ".ino.hex");
                if (!File.Exists(hex) || new FileInfo(hex).Length == 0) problems.Add($"{c}: {sketch}: no {hex}");
                if (result.GetProperty("hex").GetString() != hex) problems.Add($"{c}: {sketch}: results.json names {result.GetProperty("hex")}, not {hex}");
                if (result.GetProperty("boardKey").GetString() != c.Key) problems.Add($"{c}: {sketch}: boardKey {result.GetProperty("boardKey")}");
                // The link runs for the same MCU.
                var link = logText.Split('\n').FirstOrDefault(l => l.StartsWith("$ ") && l.Contains(" -o " + Path.Combine(outDir, sketch + ".ino.elf")));
                if (link is null || !link.Contains(" -mmcu=" + mcu + " ")) problems.Add($"{c}: {sketch}: no link for -mmcu={mcu} in {log}");
                // Size limits: a key boards.txt does not give (the Gemma has no upload.maximum_data_size) is 0.
                foreach (var (json, key) in new[] { ("flashMax", "upload.maximum_size"), ("ramMax", "upload.maximum_data_size") })
                {
                    var expected = long.TryParse(c.Get(key), out var v) ? v : 0;
                    if (result.GetProperty(json).GetInt64() != expected)
                        problems.Add($"{c}: {sketch}: {json} {result.GetProperty(json)}, boards.txt {key}={c.Get(key)}");
                }
            }
        }
        Assert.True(problems.Count == 0, $"{problems.Count} problem(s) in {configs.Count} configurations:\n" + string.Join("\n", problems) + "\n\n" + r);
    }

    [RequiresFact(Repo.CorePath)]
    public void AnUnknownMenuOptionOrMenuNamesTheValidOnes()
    {
        var dir = SketchSet("badoption");
        var cases = new[]
        {
            ("-p:Board=nano -p:FBuildBoardOptions=cpu=nonsense",
                "error FB0004: Board 'nano' has no option 'nonsense' in menu 'cpu'. Options: atmega328, atmega328old, atmega168."),
            ("-p:Board=arduino:avr:pro:cpu=5V",
                "error FB0004: Board 'pro' has no option '5V' in menu 'cpu'. Options: 16MHzatmega328, 8MHzatmega328, 16MHzatmega168, 8MHzatmega168."),
            ("-p:Board=nano -p:FBuildBoardOptions=clock=8MHz", "error FB0004: Board 'nano' has no menu 'clock'. Menus: cpu."),
        };
        foreach (var (args, error) in cases)
        {
            var r = sdk.Dotnet(dir, new[] { "build", "Sketches.proj" }.Concat(args.Split(' ')).ToArray());
            Assert.True(r.ExitCode != 0, r.ToString());
            Assert.Contains(error, r.Output);
        }
        // Nothing was built with a board that does not exist.
        Assert.Empty(Directory.Exists(Path.Combine(dir, "artifacts")) ? Directory.GetFiles(Path.Combine(dir, "artifacts"), "*.hex", SearchOption.AllDirectories) : Array.Empty<string>());
    }
}
