using System.Reflection;
using Microsoft.Build.Locator;

namespace FBuild.Cli;

public static class Program
{
    /// <summary>The FBuild version (the assembly's informational version: FBuildVersion).</summary>
    public static string Version =>
        typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(Program).Assembly.GetName().Version?.ToString() ?? "?";

    public static int Main(string[] args)
    {
        object options;
        try { options = Arguments.Parse(args); }
        catch (UsageException ex)
        {
            Console.Error.WriteLine($"error {ex.Code}: {ex.Message}");
            Console.Error.WriteLine(Arguments.Usage);
            return 2;
        }
        if (Answer(options, Console.Out) is int exit) return exit;
        try
        {
            // The plan needs no MSBuild.
            if (options is ShardsOptions s) return Shards.ShardsCommand.Run(s, Directory.GetCurrentDirectory(), Console.Out);
            RegisterMSBuild();
            // MSBuild's types are only touched from here on (in other methods), after the Locator has registered them.
            return options is CompileManyOptions c ? RunCompileMany(c) : RunReport((ReportOptions)options);
        }
        catch (CliException ex)
        {
            Console.Error.WriteLine($"error {ex.Code}: {ex.Message}");
            return 1;
        }
    }

    /// <summary>Prints the help or the version when they were asked for (exit code 0); null for a command to run.</summary>
    public static int? Answer(object options, TextWriter stdout)
    {
        switch (options)
        {
            case HelpRequest h: stdout.Write(h.Text); return 0;
            case VersionRequest: stdout.WriteLine(Version); return 0;
            default: return null;
        }
    }

    private static void RegisterMSBuild()
    {
        if (MSBuildLocator.IsRegistered) return;
        var instances = MSBuildLocator.QueryVisualStudioInstances().ToList();
        if (instances.Count == 0)
            throw new CliException(FBuildCodes.MSBuildNotFound, "no .NET SDK found to build with (install the .NET SDK, or set DOTNET_ROOT)");
        // The newest SDK's MSBuild (the one `dotnet build` would use, unless a global.json pins another).
        MSBuildLocator.RegisterInstance(instances.OrderByDescending(i => i.Version).First());
    }

    private static int RunCompileMany(CompileManyOptions o) => CompileMany.CompileManyCommand.Run(o, Console.Out, Console.Error);

    private static int RunReport(ReportOptions o) => Report.ReportCommand.Run(o, Console.Out, Console.Error);
}
