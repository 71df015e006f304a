namespace FBuild.IntegrationTests;

/// <summary>
/// A core installed the Arduino IDE way (~/.arduino15/packages/VENDOR/hardware/ARCH/VERSION, its compiler under
/// packages/VENDOR/tools/avr-gcc/VERSION), selected by FQBN: built for real, and a clear error while its toolchain
/// is not installed. The core is a copy of Debian's, under a vendor name Debian does not have, in a private home.
/// </summary>
[Collection("sdk")]
public sealed class IdeCoreTests(SdkFixture sdk)
{
    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void AnIdeInstalledCoreIsFoundByFqbnAndAMissingToolchainIsNamed()
    {
        var dir = sdk.NewDir("idecore");
        sdk.UseLocalSdk(dir);
        var home = Path.Combine(dir, "home");
        var core = Path.Combine(home, ".arduino15", "packages", "fbide", "hardware", "avr", "1.8.7");
        SdkFixture.CopyDirectory(Repo.CorePath, core);
        // As the IDE's own core has it: the compiler comes from the tools folder, not from /usr/bin.
        var platform = Path.Combine(core, "platform.txt");
        File.WriteAllText(platform, File.ReadAllText(platform).Replace("compiler.path=/usr/bin/", "compiler.path={runtime.tools.avr-gcc.path}/bin/"));
        File.WriteAllText(Path.Combine(dir, "Sketches.proj"), "<Project Sdk=\"FBuild.Sdk\" />\n");
        Directory.CreateDirectory(Path.Combine(dir, "Blink"));
        File.WriteAllText(Path.Combine(dir, "Blink", "Blink.ino"), "void setup() { pinMode(13, OUTPUT); }\nvoid loop() { digitalWrite(13, !digitalRead(13)); delay(500); }\n");
        File.WriteAllText(Path.Combine(dir, "Blink", "Blink.fbproj"), "<Project Sdk=\"FBuild.Sdk\" />\n");
        string[] args = { "build", "Sketches.proj", "-p:Board=fbide:avr:uno", "-p:FBuildHomeDirectory=" + home };

        // No toolchain installed for this core yet: FB0140 names the tool the core asks for ({runtime.tools.avr-gcc.path})
        // and the ways to provide it.
        var missing = sdk.Dotnet(dir, args);
        Assert.True(missing.ExitCode != 0, missing.ToString());
        Assert.Contains("error FB0140", missing.Output);
        Assert.Contains("'avr-gcc'", missing.Output);
        Assert.Contains("<FBuildToolPath Include=\"avr-gcc\"", missing.Output);

        // The toolchain installed the IDE way (here: links to Debian's binaries): the sketch builds with that core.
        var bin = Path.Combine(home, ".arduino15", "packages", "fbide", "tools", "avr-gcc", "7.3.0-atmel3.6.1-arduino7", "bin");
        Directory.CreateDirectory(bin);
        foreach (var tool in new[] { "avr-gcc", "avr-g++", "avr-gcc-ar", "avr-objcopy", "avr-size" })
            File.CreateSymbolicLink(Path.Combine(bin, tool), "/usr/bin/" + tool);
        var built = sdk.Dotnet(dir, args);
        Assert.True(built.ExitCode == 0, built.ToString());
        var log = File.ReadAllText(Path.Combine(dir, "artifacts", "uno", "sketches", "Blink", "build.log"));
        Assert.Contains(bin + "/avr-g++", log);
        Assert.Contains("-I" + Path.Combine(core, "cores", "arduino"), log);
        Assert.True(new FileInfo(Path.Combine(dir, "artifacts", "uno", "sketches", "Blink", "Blink.ino.hex")).Length > 0);
    }
}
