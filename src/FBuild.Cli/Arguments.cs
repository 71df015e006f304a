using System.Globalization;

namespace FBuild.Cli;

/// <summary>A command line that cannot be run: the message says why (FB0100).</summary>
public sealed class UsageException(string message) : Exception(message);

public sealed record CompileManyOptions
{
    public string Board { get; init; } = "";
    public int? FrameworkJobs { get; init; }
    public int? SketchJobs { get; init; }
    public List<string> Libraries { get; init; } = new();
    public string? JsonFile { get; init; }
    public int? MaxFailures { get; init; }
    public string? ArtifactsDir { get; init; }
    public string? BinlogFile { get; init; }
    public List<string> SketchDirs { get; init; } = new();
}

public sealed record ReportOptions
{
    public string Binlog { get; init; } = "";
    public string? TsvFile { get; init; }
    public string? HtmlFile { get; init; }
}

/// <summary>Parses the fbuild command line (pure: no file system access).</summary>
public static class Arguments
{
    public const string Usage = """
        usage:
          fbuild compile-many --board BOARD [--framework-jobs N] [--sketch-jobs N] [--lib DIR]... [--json FILE]
                              [--max-failures N] [--artifacts DIR] [--binlog FILE] DIR...
          fbuild report BUILD.binlog [--tsv FILE] [--html FILE]
        """;

    /// <summary>Returns a CompileManyOptions or a ReportOptions; throws UsageException.</summary>
    public static object Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0) throw new UsageException("no command given");
        var rest = args.Skip(1).ToList();
        return args[0] switch
        {
            "compile-many" => ParseCompileMany(rest),
            "report" => ParseReport(rest),
            _ => throw new UsageException($"unknown command '{args[0]}'"),
        };
    }

    public static CompileManyOptions ParseCompileMany(IReadOnlyList<string> args)
    {
        var o = new CompileManyOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new UsageException($"{a} needs a value");
            switch (a)
            {
                case "--board": o = o with { Board = Value() }; break;
                case "--framework-jobs": o = o with { FrameworkJobs = Positive(a, Value()) }; break;
                case "--sketch-jobs": o = o with { SketchJobs = Positive(a, Value()) }; break;
                case "--lib": o.Libraries.Add(Value()); break;
                case "--json": o = o with { JsonFile = Value() }; break;
                case "--max-failures": o = o with { MaxFailures = Positive(a, Value()) }; break;
                case "--artifacts": o = o with { ArtifactsDir = Value() }; break;
                case "--binlog": o = o with { BinlogFile = Value() }; break;
                case "--keep-going": break; // the default
                default:
                    if (a.StartsWith("--", StringComparison.Ordinal)) throw new UsageException($"unknown option '{a}'");
                    o.SketchDirs.Add(a);
                    break;
            }
        }
        if (o.Board.Length == 0) throw new UsageException("--board is required (e.g. --board uno)");
        if (o.SketchDirs.Count == 0) throw new UsageException("no sketch folder given");
        return o;
    }

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
