using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using FBuild.Cli;

namespace FBuild.Cli.Tests;

public class SdkLayoutTests
{
    /// <summary>The assemblies an assembly file references, by name.</summary>
    private static List<string> References(string file)
    {
        using var pe = new PEReader(File.OpenRead(file));
        var md = pe.GetMetadataReader();
        return md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToList();
    }

    [Fact]
    public void TheCarriedTasksFolderHasEveryAssemblyTheTasksNeed()
    {
        // fbuild's sdk/tasks (as compile-many imports it): FBuild.Tasks.dll and, transitively, every assembly it
        // references that neither .NET Standard/.NET nor MSBuild provides (the remote cache's StackExchange.Redis).
        var tasks = Path.Combine(Path.GetDirectoryName(typeof(Program).Assembly.Location)!, "sdk", "tasks");
        Assert.True(File.Exists(Path.Combine(tasks, "FBuild.Tasks.dll")), tasks);
        static bool Provided(string name) => name is "netstandard" or "mscorlib" || name.StartsWith("Microsoft.Build", StringComparison.Ordinal)
            || File.Exists(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, name + ".dll"));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var missing = new List<string>();
        var queue = new Queue<string>(new[] { "FBuild.Tasks" });
        while (queue.Count > 0)
        {
            var name = queue.Dequeue();
            if (!seen.Add(name)) continue;
            var file = Path.Combine(tasks, name + ".dll");
            if (!File.Exists(file))
            {
                if (!Provided(name)) missing.Add(name);
                continue;
            }
            foreach (var r in References(file)) queue.Enqueue(r);
        }
        Assert.Contains("StackExchange.Redis", seen);
        Assert.True(File.Exists(Path.Combine(tasks, "StackExchange.Redis.dll")));
        Assert.True(missing.Count == 0, "sdk/tasks lacks: " + string.Join(", ", missing));
    }
}
