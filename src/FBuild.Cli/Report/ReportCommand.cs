using FBuild.Tasks.Reporting;

namespace FBuild.Cli.Report;

/// <summary>fbuild report BUILD.binlog [--tsv FILE] [--html FILE].</summary>
public static class ReportCommand
{
    public static int Run(ReportOptions o, TextWriter stdout, TextWriter stderr)
    {
        var path = Path.GetFullPath(o.Binlog);
        if (!File.Exists(path)) throw new CliException(FBuildCodes.BadBinlog, $"'{path}' does not exist");
        var model = BinlogReader.Read(path);
        stdout.Write(ReportText.Format(model, path));
        if (o.TsvFile != null)
        {
            File.WriteAllText(o.TsvFile, ReportFormat.PhasesTsv(BuildAnalysis.ComputePhases(model)));
            stdout.WriteLine($"phases: {Path.GetFullPath(o.TsvFile)}");
        }
        if (o.HtmlFile != null)
        {
            File.WriteAllText(o.HtmlFile, HtmlTimeline.Render(model, Path.GetFileName(path)));
            stdout.WriteLine($"timeline: {Path.GetFullPath(o.HtmlFile)}");
        }
        return 0;
    }
}
