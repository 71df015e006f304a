// Runs FBuildResolveLibraries once, as the framework project does for a sketch set (uno: Debian's core, the set's
// libraries/ as User and the core's as Platform), and prints its wall time and the process's CPU time around it.
// Usage: ResolveHarness SET_DIR RECORD_FILE   (the record is used when present and written otherwise)
using System.Collections;
using System.Diagnostics;
using FBuild.Tasks.Build;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

var set = Path.GetFullPath(args[0]);
var avr = "/usr/share/arduino/hardware/arduino/avr";
var sketches = Directory.GetDirectories(set).Where(d => Directory.GetFiles(d, "*.ino").Length > 0).OrderBy(d => d, StringComparer.Ordinal)
    .Select(d => (ITaskItem)new TaskItem(d + "/")).ToArray();
var engine = new Engine();
var task = new FBuildResolveLibraries
{
    BuildEngine = engine,
    SketchDirectories = sketches,
    LibraryRoots = new ITaskItem[] { Root(set + "/libraries", "User"), Root(avr + "/libraries", "Platform") },
    CoreDirectory = avr + "/cores/arduino",
    VariantDirectory = avr + "/variants/standard",
    Architecture = "avr",
    ToolchainIncludeDirectories = string.Join(";", new[] { "/usr/lib/avr/include" }.Concat(Directory.Exists("/usr/lib/gcc/avr") ? Directory.GetDirectories("/usr/lib/gcc/avr").Select(d => d + "/include") : Array.Empty<string>())),
    ObjectDirectory = Path.Combine(Path.GetTempPath(), "fbuild-resolve-harness/obj/lib/"),
    RecordFile = args[1],
};
var process = Process.GetCurrentProcess();
var cpu = process.TotalProcessorTime;
var clock = Stopwatch.StartNew();
bool ok = task.Execute();
clock.Stop();
process.Refresh();
Console.WriteLine(string.Join("\t", ok ? "ok" : "failed", engine.Recorded ? "recorded" : "scanned",
    clock.Elapsed.TotalMilliseconds.ToString("F0"), (process.TotalProcessorTime - cpu).TotalMilliseconds.ToString("F0"),
    string.Join(",", task.Libraries.Select(l => l.ItemSpec)), task.LibrarySources.Length.ToString()));
return ok ? 0 : 1;

static ITaskItem Root(string path, string location)
{
    var item = new TaskItem(path);
    item.SetMetadata("Location", location);
    return item;
}

sealed class Engine : IBuildEngine
{
    public bool Recorded { get; private set; }
    public bool ContinueOnError => false;
    public int LineNumberOfTaskNode => 0;
    public int ColumnNumberOfTaskNode => 0;
    public string ProjectFileOfTaskNode => "harness.proj";
    public void LogErrorEvent(BuildErrorEventArgs e) => Console.Error.WriteLine("error: " + e.Message);
    public void LogWarningEvent(BuildWarningEventArgs e) => Console.Error.WriteLine("warning: " + e.Message);
    public void LogMessageEvent(BuildMessageEventArgs e)
    {
        if (e.Message?.StartsWith("Libraries resolved as recorded", StringComparison.Ordinal) == true) Recorded = true;
        if (Environment.GetEnvironmentVariable("RESOLVE_HARNESS_VERBOSE") == "1") Console.Error.WriteLine(e.Message);
    }
    public void LogCustomEvent(CustomBuildEventArgs e) { }
    public bool BuildProjectFile(string p, string[] t, IDictionary g, IDictionary o) => throw new NotSupportedException();
}
