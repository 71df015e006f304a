namespace FBuild.IntegrationTests;

/// <summary>Small sketch sets for the editor, simulator and upload tests.</summary>
public static class IdeSketchSets
{
    /// <summary>A new folder with Sketches.proj and copies of samples/HelloSerial named <paramref name="names"/>, using the local SDK.</summary>
    public static string HelloSerials(SdkFixture sdk, string folder, params string[] names)
    {
        var dir = sdk.NewDir(folder);
        foreach (var name in names.Length == 0 ? new[] { "HelloSerial" } : names)
        {
            Directory.CreateDirectory(Path.Combine(dir, name));
            SdkFixture.CopyDirectory(Path.Combine(Repo.Samples, "HelloSerial"), Path.Combine(dir, name));
            if (name == "HelloSerial") continue;
            File.Move(Path.Combine(dir, name, "HelloSerial.ino"), Path.Combine(dir, name, name + ".ino"));
            File.Move(Path.Combine(dir, name, "HelloSerial.fbproj"), Path.Combine(dir, name, name + ".fbproj"));
        }
        File.WriteAllText(Path.Combine(dir, "Sketches.proj"), "<Project Sdk=\"FBuild.Sdk\" />\n");
        sdk.UseLocalSdk(dir);
        return dir;
    }
}
