namespace FBuild.Cli.CompileMany;

/// <summary>
/// The .NET runtime settings compile-many gives the MSBuild nodes it starts (they inherit its environment; its own
/// process has the same in fbuild.runtimeconfig.json). Measured: in a cold build most of the nodes' CPU is the
/// runtime re-compiling hot MSBuild code with profile instrumentation (tiered PGO), which nodes that live seconds
/// never repay (eng/bench/results/cold-runtime.txt). A variable the user has set, under either prefix, is kept.
/// </summary>
public static class NodeRuntimeSettings
{
    /// <summary>Setting name (without prefix) and the value the nodes get.</summary>
    public static readonly IReadOnlyList<(string Name, string Value)> Defaults = new[] { ("TieredPGO", "0") };

    /// <summary>The environment variables to set: each default the user set neither as DOTNET_X nor COMPlus_X (pure).</summary>
    public static IReadOnlyList<(string Variable, string Value)> ToSet(Func<string, string?> environment) =>
        Defaults.Where(d => string.IsNullOrEmpty(environment("DOTNET_" + d.Name)) && string.IsNullOrEmpty(environment("COMPlus_" + d.Name)))
            .Select(d => ("DOTNET_" + d.Name, d.Value)).ToList();

    /// <summary>Sets them in this process's environment, before the build starts its nodes.</summary>
    public static void Apply()
    {
        foreach (var (variable, value) in ToSet(Environment.GetEnvironmentVariable))
            Environment.SetEnvironmentVariable(variable, value);
    }
}
