namespace FBuild.IntegrationTests;

/// <summary>
/// FBuild's preprocessor cases (tests/testdata/ino-cases, one per arduino-cli 1.x preprocessor test) in one `dotnet
/// build` for uno: every one that arduino-cli would compile for uno builds, and the issue-17 case (a signature split by
/// #ifdef/#else) builds both without its define and with it set in the sketch's project (FBuildPlatformProperty
/// build.extra_flags).
/// </summary>
[Collection("sdk")]
public sealed class ArduinoCliSketchBuildTests
{
    private const string Split = "SplitSignatureIfdef";
    private readonly SdkFixture _sdk;
    public ArduinoCliSketchBuildTests(SdkFixture sdk) => _sdk = sdk;

    private static string DataRoot => Path.Combine(Repo.Root, "tests", "testdata", "ino-cases");

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void SketchesArduinoCliCompilesForUno_BuildInOneBuild()
    {
        var excluded = File.ReadAllLines(Path.Combine(DataRoot, "uno-excluded.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t')[0]).ToHashSet(StringComparer.Ordinal);
        var names = Directory.GetDirectories(DataRoot).Select(Path.GetFileName).Where(n => n != "libraries" && !excluded.Contains(n!)).Order(StringComparer.Ordinal).ToList();
        Assert.True(names.Count >= 20, string.Join(", ", names));

        var dir = _sdk.NewDir("ino-cases");

        // The cases' libraries: FBuild's default user library folder, <root>/libraries.
        SdkFixture.CopyDirectory(Path.Combine(DataRoot, "libraries"), Path.Combine(dir, "libraries"));
        foreach (var name in names)
        {
            Directory.CreateDirectory(Path.Combine(dir, name!));
            SdkFixture.CopyDirectory(Path.Combine(DataRoot, name!), Path.Combine(dir, name!));
            File.Delete(Path.Combine(dir, name!, "expected-prototypes.txt"));
            File.WriteAllText(Path.Combine(dir, name!, name + ".fbproj"), "<Project Sdk=\"FBuild.Sdk\" />\n");
        }

        // The case again, with WIDE_SAMPLES set by its project; its last line checks that it is.
        const string wide = "SplitSignatureWide";
        Directory.CreateDirectory(Path.Combine(dir, wide));
        File.WriteAllText(Path.Combine(dir, wide, wide + ".ino"),
            File.ReadAllText(Path.Combine(DataRoot, Split, Split + ".ino")) + "#ifndef WIDE_SAMPLES\n#error the define is not set\n#endif\n");
        File.WriteAllText(Path.Combine(dir, wide, wide + ".fbproj"),
            "<Project Sdk=\"FBuild.Sdk\">\n  <ItemGroup>\n    <FBuildPlatformProperty Include=\"build.extra_flags\" Value=\"-DWIDE_SAMPLES\" />\n  </ItemGroup>\n</Project>\n");
        File.WriteAllText(Path.Combine(dir, "Sketches.proj"), "<Project Sdk=\"FBuild.Sdk\" />\n");
        _sdk.UseLocalSdk(dir);

        var result = _sdk.Dotnet(dir, "build", "Sketches.proj", "-p:Board=uno", "-m:2");
        Assert.True(result.ExitCode == 0, result.ToString());
        var report = new BuildReport(dir, "uno");
        foreach (var name in names.Append(wide))
        {
            Assert.Equal("ok", report.Sketch(name!).GetProperty("status").GetString());
        }
        Assert.Equal(names.Count + 1, report.Sketches.Count());
    }
}
