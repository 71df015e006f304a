using System.Text.Json;
using FBuild.Cli;
using FBuild.Cli.CompileMany;

namespace FBuild.Cli.Tests;

public class NodeRuntimeSettingsTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] vars) =>
        name => vars.Where(v => v.Name == name).Select(v => v.Value).FirstOrDefault();

    [Fact]
    public void UnsetVariablesGetTheDefaults()
    {
        Assert.Equal(new[] { ("DOTNET_TieredPGO", "0") }, NodeRuntimeSettings.ToSet(Env()));
        // An empty value counts as unset (the runtime ignores it too).
        Assert.Equal(new[] { ("DOTNET_TieredPGO", "0") }, NodeRuntimeSettings.ToSet(Env(("DOTNET_TieredPGO", ""))));
    }

    [Fact]
    public void AValueTheUserSetIsKeptUnderEitherPrefix()
    {
        Assert.Empty(NodeRuntimeSettings.ToSet(Env(("DOTNET_TieredPGO", "1"))));
        Assert.Empty(NodeRuntimeSettings.ToSet(Env(("COMPlus_TieredPGO", "1"))));
        // Another setting does not count as this one.
        Assert.Equal(new[] { ("DOTNET_TieredPGO", "0") }, NodeRuntimeSettings.ToSet(Env(("DOTNET_TieredCompilation", "0"))));
    }

    [Fact]
    public void FbuildsOwnProcessRunsWithoutTieredPgo()
    {
        // The runtimeconfig.json the build writes beside fbuild.dll (the in-process node runs in this process).
        var config = Path.Combine(Path.GetDirectoryName(typeof(Program).Assembly.Location)!, "fbuild.runtimeconfig.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(config));
        var props = doc.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.False(props.GetProperty("System.Runtime.TieredPGO").GetBoolean());
    }
}
