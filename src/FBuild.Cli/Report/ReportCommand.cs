namespace FBuild.Cli.Report;

public static class ReportCommand
{
    public static int Run(ReportOptions o, TextWriter stdout, TextWriter stderr) => throw new CliException(FBuildCodes.BadBinlog, "not yet");
}
