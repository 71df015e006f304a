namespace FBuild.Cli;

/// <summary>An error the fbuild command reports with its FB code (docs/errors.md) and exits non-zero for.</summary>
public sealed class CliException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>The CLI's codes, defined with the others in FBuildErrors.</summary>
public static class FBuildCodes
{
    public const string Usage = FBuild.Tasks.FBuildErrors.CliUsage;
    public const string NotASketchFolder = FBuild.Tasks.FBuildErrors.CliNotASketchFolder;
    public const string MSBuildNotFound = FBuild.Tasks.FBuildErrors.CliMSBuildNotFound;
    public const string SdkNotFound = FBuild.Tasks.FBuildErrors.CliSdkNotFound;
    public const string BadBinlog = FBuild.Tasks.FBuildErrors.CliBadBinlog;
    public const string StoppedEarly = FBuild.Tasks.FBuildErrors.CliStoppedEarly;
    public const string BadShard = FBuild.Tasks.FBuildErrors.BadShard;
    public const string BadShardCosts = FBuild.Tasks.FBuildErrors.BadShardCosts;
}
