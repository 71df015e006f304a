using System.Globalization;
using FBuild.Tasks.Sharding;

namespace FBuild.Cli;

/// <summary>A command line that cannot be run: the message says why (FB0100, or the code given).</summary>
public sealed class UsageException(string message, string code = FBuildCodes.Usage) : Exception(message)
{
    /// <summary>The FB code to report (docs/errors.md).</summary>
    public string Code { get; } = code;
}

public sealed record CompileManyOptions
{
    /// <summary>The boards (--board, repeatable): one builds as Board, more as Boards (a board × sketch matrix).</summary>
    public List<string> Boards { get; init; } = new();
    public int? FrameworkJobs { get; init; }
    public int? SketchJobs { get; init; }
    public List<string> Libraries { get; init; } = new();
    public string? JsonFile { get; init; }
    public int? MaxFailures { get; init; }
    public string? ArtifactsDir { get; init; }
    public string? BinlogFile { get; init; }
    /// <summary>--shard K/N: build only shard K of N (FBuild.Tasks.Sharding.ShardPlanner).</summary>
    public ShardSpec? Shard { get; init; }
    /// <summary>--costs FILE (repeatable): earlier results.json files to balance the shards by measured seconds.</summary>
    public List<string> CostFiles { get; init; } = new();
    public List<string> SketchDirs { get; init; } = new();
}

/// <summary>fbuild shards: the shard plan of a sketch set.</summary>
public sealed record ShardsOptions
{
    /// <summary>--count N: how many shards.</summary>
    public int Count { get; init; }
    /// <summary>--costs FILE (repeatable): earlier results.json files to balance by measured seconds.</summary>
    public List<string> CostFiles { get; init; } = new();
    /// <summary>--json: print the plan as JSON (for a CI matrix).</summary>
    public bool Json { get; init; }
    /// <summary>--root DIR: the folder identities are relative to (default: the sketch folders' common parent, as compile-many).</summary>
    public string? Root { get; init; }
    public List<string> SketchDirs { get; init; } = new();
}

public sealed record ReportOptions
{
    public string Binlog { get; init; } = "";
    public string? TsvFile { get; init; }
    public string? HtmlFile { get; init; }
}

/// <summary>--help or -h: the help text to print (the tool's, or a command's).</summary>
public sealed record HelpRequest(string Text);

/// <summary>--version: print the FBuild version.</summary>
public sealed record VersionRequest;

/// <summary>Parses the fbuild command line (pure: no file system access).</summary>
public static class Arguments
{
    public const string Usage = """
        usage:
          fbuild compile-many --board BOARD [--board BOARD]... [--framework-jobs N] [--sketch-jobs N] [--lib DIR]... [--json FILE]
                              [--max-failures N] [--artifacts DIR] [--binlog FILE] [--shard K/N [--costs FILE]...] DIR...
          fbuild shards --count N [--costs FILE]... [--json] [--root DIR] DIR...
          fbuild report BUILD.binlog [--tsv FILE] [--html FILE]
        """;

    /// <summary>fbuild --help.</summary>
    public const string Help = """
        fbuild: builds folders of plain Arduino sketches with FBuild.Sdk, and reports on FBuild builds' binlogs.

        usage:
          fbuild compile-many --board BOARD [options] DIR...
          fbuild shards --count N [options] DIR...
          fbuild report BUILD.binlog [--tsv FILE] [--html FILE]
          fbuild COMMAND --help

        commands:
          compile-many   build sketch folders (DIR/NAME.ino) in one MSBuild build and print the sketch table
          shards         split sketch folders into N stable CI shards and print the plan (text or JSON)
          report         read a binlog of an FBuild build: phases, targets, sketches, compiles, nodes, critical path

        options:
          -h, --help     show this help
          --version      show the FBuild version

        """;

    /// <summary>fbuild compile-many --help.</summary>
    public const string CompileManyHelp = """
        usage: fbuild compile-many --board BOARD [--board BOARD]... [options] DIR...

        Builds the sketch folders DIR... (each DIR/NAME.ino; nothing is written into them) in one MSBuild build:
        the board's core and the libraries the sketches include once, then the sketches. Prints the sketch table from
        results.json; the exit code is 1 when a sketch failed. With several boards, every sketch is built for each
        board in the same build, and the board x sketch matrix is printed and written (ARTIFACTS/matrix.json, .md).
        A sketch folder's sketch.yaml (arduino-cli's) limits the boards it is built for: others show as skipped.

        options:
          --board BOARD        a board: a board id or FQBN (e.g. uno); required, repeatable (--board uno --board mega)
          --framework-jobs N   compiles at once in stage 1 (the core and the libraries)
          --sketch-jobs N      sketches at once in stage 2, on as many MSBuild nodes (default: the number of cores)
          --lib DIR            a folder of libraries, or a library (repeatable; before ROOT/libraries, ~/Arduino/libraries)
          --json FILE          copy results.json to FILE
          --max-failures N     stop once N sketches have failed (FB0105); the report is still written
          --artifacts DIR      where the outputs go (default: ./fbuild-artifacts)
          --binlog FILE        write an MSBuild binary log (fbuild report reads it)
          --keep-going         build the other sketches when one fails (the default)
          --shard K/N          build only shard K of N (the plan fbuild shards prints for the same folders)
          --costs FILE         an earlier results.json: balance the shards by measured seconds (repeatable)
          -h, --help           show this help

        """;

    /// <summary>fbuild shards --help.</summary>
    public const string ShardsHelp = """
        usage: fbuild shards --count N [--costs FILE]... [--json] [--root DIR] DIR...

        Splits the sketch folders DIR... (each DIR/NAME.ino) into N shards and prints the plan: which sketches each
        shard builds (fbuild compile-many --shard K/N, or -p:FBuildShard=K/N on a Sketches.proj). A sketch is known by
        its folder relative to the root, so it keeps its shard on every runner and run; adding or removing sketches
        moves them and few others. Shards hold equal counts (within one), or equal measured seconds with --costs.

        options:
          --count N     how many shards (required)
          --costs FILE  an earlier build's results.json (repeatable, one per board: the seconds add up)
          --json        print {"count":N,"shards":[{"index":K,"shard":"K/N","sketches":[...],"cost":S}]} on one line
          --root DIR    identities relative to DIR (default: the folders' common parent, as compile-many; give the
                        Sketches.proj folder to match a traversal's FBuildShard)
          -h, --help    show this help

        """;

    /// <summary>fbuild report --help.</summary>
    public const string ReportHelp = """
        usage: fbuild report BUILD.binlog [--tsv FILE] [--html FILE]

        Reads the binlog of an FBuild build (fbuild compile-many --binlog, dotnet build -bl) and prints its phases
        (as phases.tsv has them), the time per target, the sketches, the slowest compiles, node use and the critical path.

        options:
          --tsv FILE    write the phases in phases.tsv's format
          --html FILE   write a self-contained HTML timeline
          -h, --help    show this help

        """;

    /// <summary>Returns a CompileManyOptions, a ReportOptions, a HelpRequest or a VersionRequest; throws UsageException.</summary>
    public static object Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0) throw new UsageException("no command given");
        var rest = args.Skip(1).ToList();
        return args[0] switch
        {
            "--version" when rest.Count == 0 => new VersionRequest(),
            _ when IsHelp(args[0]) => new HelpRequest(Help),
            "compile-many" when rest.Any(IsHelp) => new HelpRequest(CompileManyHelp),
            "compile-many" => ParseCompileMany(rest),
            "shards" when rest.Any(IsHelp) => new HelpRequest(ShardsHelp),
            "shards" => ParseShards(rest),
            "report" when rest.Any(IsHelp) => new HelpRequest(ReportHelp),
            "report" => ParseReport(rest),
            _ => throw new UsageException($"unknown command '{args[0]}'"),
        };
    }

    /// <summary>The help options, as the dotnet command takes them.</summary>
    public static bool IsHelp(string arg) => arg is "--help" or "-h" or "-?";

    public static CompileManyOptions ParseCompileMany(IReadOnlyList<string> args)
    {
        var o = new CompileManyOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new UsageException($"{a} needs a value");
            switch (a)
            {
                case "--board": o.Boards.AddRange(Value().Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)); break;
                case "--framework-jobs": o = o with { FrameworkJobs = Positive(a, Value()) }; break;
                case "--sketch-jobs": o = o with { SketchJobs = Positive(a, Value()) }; break;
                case "--lib": o.Libraries.Add(Value()); break;
                case "--json": o = o with { JsonFile = Value() }; break;
                case "--max-failures": o = o with { MaxFailures = Positive(a, Value()) }; break;
                case "--artifacts": o = o with { ArtifactsDir = Value() }; break;
                case "--binlog": o = o with { BinlogFile = Value() }; break;
                case "--keep-going": break; // the default
                case "--shard": o = o with { Shard = Shard(Value()) }; break;
                case "--costs": o.CostFiles.Add(Value()); break;
                default:
                    if (a.StartsWith("--", StringComparison.Ordinal)) throw new UsageException($"unknown option '{a}'");
                    o.SketchDirs.Add(a);
                    break;
            }
        }
        if (o.Boards.Count == 0) throw new UsageException("--board is required (e.g. --board uno)");
        var repeated = o.Boards.GroupBy(b => b, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (repeated != null) throw new UsageException($"--board '{repeated.Key}' is given twice");
        if (o.SketchDirs.Count == 0) throw new UsageException("no sketch folder given");
        if (o.CostFiles.Count > 0 && o.Shard == null) throw new UsageException("--costs balances shards: give --shard K/N too");
        return o;
    }

    public static ShardsOptions ParseShards(IReadOnlyList<string> args)
    {
        var o = new ShardsOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new UsageException($"{a} needs a value");
            switch (a)
            {
                case "--count": o = o with { Count = Positive(a, Value()) }; break;
                case "--costs": o.CostFiles.Add(Value()); break;
                case "--json": o = o with { Json = true }; break;
                case "--root": o = o with { Root = Value() }; break;
                default:
                    if (a.StartsWith("--", StringComparison.Ordinal)) throw new UsageException($"unknown option '{a}'");
                    o.SketchDirs.Add(a);
                    break;
            }
        }
        if (o.Count == 0) throw new UsageException("--count is required (e.g. --count 4)");
        if (o.SketchDirs.Count == 0) throw new UsageException("no sketch folder given");
        return o;
    }

    /// <summary>--shard K/N; FB0170 when it is not.</summary>
    private static ShardSpec Shard(string value) =>
        ShardSpec.TryParse(value, out var shard, out var why) ? shard! : throw new UsageException($"--shard '{value}' is not valid: {why}", FBuildCodes.BadShard);

    public static ReportOptions ParseReport(IReadOnlyList<string> args)
    {
        var o = new ReportOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new UsageException($"{a} needs a value");
            switch (a)
            {
                case "--tsv": o = o with { TsvFile = Value() }; break;
                case "--html": o = o with { HtmlFile = Value() }; break;
                default:
                    if (a.StartsWith("--", StringComparison.Ordinal)) throw new UsageException($"unknown option '{a}'");
                    if (o.Binlog.Length > 0) throw new UsageException("give one binlog");
                    o = o with { Binlog = a };
                    break;
            }
        }
        if (o.Binlog.Length == 0) throw new UsageException("no binlog given");
        return o;
    }

    private static int Positive(string option, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n : throw new UsageException($"{option} needs a positive whole number, not '{value}'");
}
