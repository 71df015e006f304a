using System.Diagnostics;
using System.Text;

namespace FBuild.IntegrationTests;

/// <summary>Where the repository and the real tools are.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "FBuild.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("FBuild.sln not found above " + AppContext.BaseDirectory);
    }

    public static string Samples => Path.Combine(Root, "samples");
    public static string Eng => Path.Combine(Root, "eng");
    public const string CorePath = "/usr/share/arduino/hardware/arduino/avr";
    public const string ExamplesPath = "/usr/share/doc/arduino/examples";
}

/// <summary>The result of a process run: exit code and the merged output.</summary>
public sealed record RunResult(int ExitCode, string Output, string StdOut = "")
{
    public override string ToString() => $"exit {ExitCode}\n{Output}";
}

public static class Proc
{
    public static RunResult Run(string exe, IEnumerable<string> args, string workingDirectory, IDictionary<string, string?>? env = null, int timeoutSeconds = 600)
    {
        var psi = new ProcessStartInfo(exe)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env != null)
            foreach (var kv in env)
                if (kv.Value is null) psi.Environment.Remove(kv.Key); else psi.Environment[kv.Key] = kv.Value;
        var output = new StringBuilder();
        var stdout = new StringBuilder();
        using var p = new Process { StartInfo = psi };
        p.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) { output.AppendLine(e.Data); stdout.Append(e.Data).Append('\n'); } };
        p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (!p.WaitForExit(timeoutSeconds * 1000))
        {
            try { p.Kill(true); } catch { }
            throw new TimeoutException($"{exe} {string.Join(' ', args)} did not finish in {timeoutSeconds} s:\n{output}");
        }
        p.WaitForExit();
        return new RunResult(p.ExitCode, output.ToString(), stdout.ToString());
    }
}

/// <summary>
/// Packs the SDK once per test run (eng/pack.sh, a no-op when src/ is unchanged) and gives every build a
/// private NuGet cache, so the SDK under test is exactly the one in src/.
/// </summary>
public sealed class SdkFixture : IDisposable
{
    public SdkFixture()
    {
        WorkRoot = Path.Combine(Path.GetTempPath(), "fbuild-it-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(WorkRoot);
        NuGetPackages = Path.Combine(WorkRoot, ".nuget-packages");
        var pack = Proc.Run("bash", new[] { Path.Combine(Repo.Eng, "pack.sh") }, Repo.Root);
        if (pack.ExitCode != 0) throw new InvalidOperationException("eng/pack.sh failed:\n" + pack.Output);
    }

    public string WorkRoot { get; }
    public string NuGetPackages { get; }
    public string CacheDir => Path.Combine(WorkRoot, ".fbuild-cache");

    /// <summary>A new empty folder for one test.</summary>
    public string NewDir(string name)
    {
        var dir = Path.Combine(WorkRoot, name + "-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Makes DIR use the SDK packed from this repository (NuGet.config + global.json), as the README tells users.</summary>
    public void UseLocalSdk(string dir)
    {
        var r = Proc.Run("bash", new[] { Path.Combine(Repo.Eng, "use-local-sdk.sh"), dir, "--force" }, Repo.Root);
        Assert.True(r.ExitCode == 0, r.ToString());
    }

    /// <summary>A copy of samples/ set up to use the local SDK.</summary>
    public string CopySamples(string name = "samples")
    {
        var dir = NewDir(name);
        CopyDirectory(Repo.Samples, dir);
        UseLocalSdk(dir);
        return dir;
    }

    /// <summary>
    /// A sketch set in a new folder using the local SDK: Sketches.proj, the files given, and a NAME.fbproj beside
    /// each primary tab (NAME/NAME.ino; not in libraries/).
    /// </summary>
    public string SketchSet(string name, params (string Path, string Text)[] files)
    {
        var dir = NewDir(name);
        UseLocalSdk(dir);
        File.WriteAllText(Path.Combine(dir, "Sketches.proj"), "<Project Sdk=\"FBuild.Sdk\" />\n");
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(dir, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }
        foreach (var sketchDir in files.Where(f => f.Path.EndsWith(".ino")).Select(f => Path.GetDirectoryName(Path.Combine(dir, f.Path))!).Distinct())
            if (Path.GetFileName(Path.GetDirectoryName(sketchDir)) != "libraries")
                File.WriteAllText(Path.Combine(sketchDir, Path.GetFileName(sketchDir) + ".fbproj"), "<Project Sdk=\"FBuild.Sdk\" />\n");
        return dir;
    }

    public RunResult Dotnet(string workingDirectory, params string[] args) => Dotnet(workingDirectory, null, args);

    public RunResult Dotnet(string workingDirectory, IDictionary<string, string?>? extraEnv, params string[] args)
    {
        var env = new Dictionary<string, string?>
        {
            ["NUGET_PACKAGES"] = NuGetPackages,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
            ["TERM"] = "dumb",
            // A compile cache private to this test run (tests that need another pass their own).
            ["FBUILD_CACHE_DIR"] = CacheDir,
        };
        if (extraEnv != null) foreach (var kv in extraEnv) env[kv.Key] = kv.Value;
        if (args.Length > 1 && args[0] == "__bash__")
            return Proc.Run("bash", new[] { "-c", args[1], "bash" }.Concat(args.Skip(2)), workingDirectory, env);
        return Proc.Run("dotnet", args, workingDirectory, env);
    }

    /// <summary>
    /// dotnet with its output sent to a file rather than a pipe: MSBuild nodes kept alive by node reuse inherit
    /// the output handles, so a pipe would never reach its end.
    /// </summary>
    public RunResult DotnetToFile(string workingDirectory, IDictionary<string, string?>? extraEnv, params string[] args)
    {
        var log = Path.Combine(WorkRoot, "dotnet-" + Guid.NewGuid().ToString("N")[..8] + ".log");
        var script = "exec dotnet \"$@\" > '" + log + "' 2>&1 < /dev/null";
        var r = Dotnet(workingDirectory, extraEnv, new[] { "__bash__", script }.Concat(args).ToArray());
        var output = File.Exists(log) ? File.ReadAllText(log) : "";
        return new RunResult(r.ExitCode, output, output);
    }

    public static void CopyDirectory(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(from, dir);
            if (rel.Split('/')[0] is "artifacts" or "bin" or "obj") continue;
            Directory.CreateDirectory(Path.Combine(to, rel));
        }
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(from, file);
            if (rel.Split('/')[0] is "artifacts" or "bin" or "obj") continue;
            File.Copy(file, Path.Combine(to, rel), true);
        }
    }

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("FBUILD_KEEP_TEST_DIRS") == "1") return;
        try { Directory.Delete(WorkRoot, true); } catch { }
    }
}

[CollectionDefinition("sdk")]
public sealed class SdkCollection : ICollectionFixture<SdkFixture> { }

/// <summary>Skips a test when a required tool or file is not installed.</summary>
public sealed class RequiresFactAttribute : FactAttribute
{
    public RequiresFactAttribute(params string[] paths)
    {
        var missing = paths.Where(p => !File.Exists(p) && !Directory.Exists(p)).ToList();
        if (missing.Count > 0) Skip = "not installed: " + string.Join(", ", missing);
    }
}
