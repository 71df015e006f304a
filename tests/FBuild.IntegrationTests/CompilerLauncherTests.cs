using System.Diagnostics;
using System.Globalization;

namespace FBuild.IntegrationTests;

/// <summary>
/// A distccd on 127.0.0.1 and a free port, accepting 127.0.0.1 only, logging to a temp file; started for one test and
/// stopped by it (the whole process tree, also when the test fails). Its compilers must be listed in /usr/lib/distcc
/// (update-distcc-symlinks; eng/install-deps.sh does it).
/// </summary>
public sealed class DistccDaemon : IDisposable
{
    private readonly Process _process;

    public DistccDaemon(string dir)
    {
        Port = NginxServer.FreePort();
        LogFile = Path.Combine(dir, "distccd.log");
        StateDir = Path.Combine(dir, "client-state");
        Directory.CreateDirectory(StateDir);
        // Started as root, distccd switches to an unprivileged user (distcc or nobody), which must be able to write its log.
        File.WriteAllText(LogFile, "");
        File.SetUnixFileMode(LogFile, (UnixFileMode)0b110_110_110);
        var psi = new ProcessStartInfo("distccd") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
        foreach (var a in new[] { "--daemon", "--no-detach", "--listen", "127.0.0.1", "--port", Port.ToString(CultureInfo.InvariantCulture),
            "--allow", "127.0.0.1", "--jobs", "2", "--log-file", LogFile, "--log-level", "info" })
            psi.ArgumentList.Add(a);
        _process = NginxServer.StartListening(psi, Port, () => "distccd did not start: " + File.ReadAllText(LogFile));
    }

    public int Port { get; }
    public string LogFile { get; }
    private string StateDir { get; }

    /// <summary>What a distcc client needs to use only this daemon, with no local fallback (a compile it cannot send fails).</summary>
    public Dictionary<string, string?> ClientEnvironment() => new()
    {
        ["DISTCC_HOSTS"] = $"127.0.0.1:{Port}/2",
        ["DISTCC_DIR"] = StateDir,
        ["DISTCC_FALLBACK"] = "0",
    };

    /// <summary>The compiles the daemon ran and returned (its job summaries).</summary>
    public string[] CompletedJobs() => File.ReadAllLines(LogFile).Where(l => l.Contains(" COMPILE_OK ")).ToArray();

    public void Dispose()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(5000);
    }
}

/// <summary>
/// FBuildCompilerLauncher with a real distcc and distccd on loopback, on SAMD (distcc runs -flto compiles, every AVR
/// compile, locally): the compiles run on the daemon, the firmware equals a build without the launcher, and a clean
/// build with the compile cache warm starts no launcher. A missing launcher is FB0163 and loses nothing.
/// </summary>
[Collection("sdk")]
public sealed class CompilerLauncherTests(SdkFixture sdk)
{
    private static readonly string[] Firmware = { "Blink.ino.bin", "Blink.ino.hex" };

    [RequiresSamdFact("/usr/bin/distcc", "/usr/bin/distccd", "/usr/lib/distcc/arm-none-eabi-g++", "/usr/lib/distcc/arm-none-eabi-gcc")]
    public void DistccRunsTheCompilesOnTheDaemon_SameFirmware_AndACacheHitStartsNoLauncher()
    {
        var dir = sdk.SketchSet("launcher",
            ("Blink/Blink.ino", "#include \"blink.h\"\nvoid setup() { pinMode(LED_BUILTIN, OUTPUT); }\nvoid loop() { toggle(); delay(500); }\n"),
            ("Blink/blink.h", "void toggle();\n"),
            ("Blink/blink.cpp", "#include <Arduino.h>\n#include \"blink.h\"\nvoid toggle() { digitalWrite(LED_BUILTIN, !digitalRead(LED_BUILTIN)); }\n"));
        var outDir = Path.Combine(dir, "artifacts", "arduino_zero_native", "sketches", "Blink");
        string[] Build(Dictionary<string, string?> env, params string[] extra)
        {
            var clock = Stopwatch.StartNew();
            var r = sdk.Dotnet(dir, env, new[] { "build", "Sketches.proj", "-p:Board=" + Samd.Fqbn }.Concat(Samd.BuildProperties).Concat(extra).ToArray());
            Assert.True(r.ExitCode == 0, r.ToString());
            Console.WriteLine($"launcher {(env.ContainsKey("FBUILD_COMPILER_LAUNCHER") ? "on" : "off")}: {clock.Elapsed.TotalSeconds:0.0} s");
            return Firmware.Select(f => Convert.ToHexString(File.ReadAllBytes(Path.Combine(outDir, f)))).ToArray();
        }

        // Without a launcher, its own cache: the firmware to compare with.
        var local = Build(new() { ["FBUILD_CACHE_DIR"] = sdk.NewDir("launcher-cache-local") });
        Directory.Delete(Path.Combine(dir, "artifacts"), true);

        var serverDir = sdk.NewDir("distccd");
        using var daemon = new DistccDaemon(serverDir);
        // A launcher in front of distcc that notes each call: FBUILD_COMPILER_LAUNCHER="log-launcher;distcc".
        var calls = Path.Combine(serverDir, "launcher-calls.txt");
        var wrapper = Path.Combine(serverDir, "log-launcher");
        File.WriteAllText(wrapper, "#!/bin/sh\necho \"$*\" >> '" + calls + "'\nexec \"$@\"\n");
        File.SetUnixFileMode(wrapper, (UnixFileMode)0b111_101_101);
        var env = daemon.ClientEnvironment();
        env["FBUILD_CACHE_DIR"] = sdk.NewDir("launcher-cache");
        env["FBUILD_COMPILER_LAUNCHER"] = wrapper + ";distcc";

        var distributed = Build(env);
        var launched = File.ReadAllLines(calls);
        var jobs = daemon.CompletedJobs();
        // Every compile went through the launcher to distcc, and the daemon ran every one distcc sends (DISTCC_FALLBACK=0:
        // none falls back to a local compile); distcc itself keeps "-x assembler-with-cpp" (the core's .S) local.
        Assert.All(launched, l => Assert.StartsWith("distcc /usr/bin/arm-none-eabi-g", l));
        Assert.Contains(launched, l => l.Contains(Path.Combine(outDir, "obj", "sketch", "blink.cpp.o")));
        var sent = launched.Where(l => !l.Contains(" -x assembler-with-cpp ")).ToList();
        Assert.True(sent.Count >= 30 && launched.Length - sent.Count <= 2, $"{launched.Length} launcher calls, {sent.Count} sent"); // the core, the variant, the sketch
        Assert.Equal(sent.Count, jobs.Length);
        Assert.Contains(jobs, j => j.Contains("/usr/bin/arm-none-eabi-g++ ") && j.EndsWith("blink.cpp"));
        // The build log shows what ran; the depfiles are beside their objects (-MF/-MQ), none named after a source elsewhere.
        Assert.Contains("$ " + wrapper + " distcc /usr/bin/arm-none-eabi-g++ ", File.ReadAllText(Path.Combine(outDir, "build.log")));
        var depfiles = Directory.GetFiles(dir, "*.d", SearchOption.AllDirectories);
        Assert.All(depfiles, d => Assert.True(File.Exists(Path.ChangeExtension(d, ".o")), d + " is not beside an object"));
        Assert.Contains(Path.Combine(dir, "Blink", "blink.h"), File.ReadAllText(Path.Combine(outDir, "obj", "sketch", "blink.cpp.d")));
        Assert.Equal(local, distributed);

        // A clean build, the compile cache warm: all hits, and no launcher (nor the daemon) runs.
        Directory.Delete(Path.Combine(dir, "artifacts"), true);
        Assert.Equal(local, Build(env));
        Assert.Equal(launched.Length, File.ReadAllLines(calls).Length);
        Assert.Equal(jobs.Length, daemon.CompletedJobs().Length);
        Assert.True(new BuildReport(dir, "arduino_zero_native").Json.GetProperty("cache").GetProperty("hits").GetInt64() >= launched.Length);

        // A launcher that is not installed: FB0163 names it, and the outputs stay; without it the build is up to date.
        var before = Firmware.Select(f => File.GetLastWriteTimeUtc(Path.Combine(outDir, f))).ToArray();
        var missing = sdk.Dotnet(dir, env, new[] { "build", "Sketches.proj", "-p:Board=" + Samd.Fqbn, "-p:FBuildCompilerLauncher=fbuild-no-such-distcc" }.Concat(Samd.BuildProperties).ToArray());
        Assert.True(missing.ExitCode != 0, missing.ToString());
        Assert.Contains("error FB0163: The compiler launcher 'fbuild-no-such-distcc' (FBuildCompilerLauncher) was not found on PATH", missing.Output);
        env.Remove("FBUILD_COMPILER_LAUNCHER");
        Assert.Equal(local, Build(env));
        Assert.Equal(before, Firmware.Select(f => File.GetLastWriteTimeUtc(Path.Combine(outDir, f))));
        Assert.Equal(launched.Length, File.ReadAllLines(calls).Length);
    }
}
