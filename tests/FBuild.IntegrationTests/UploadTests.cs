using System.Diagnostics;
using System.Globalization;

namespace FBuild.IntegrationTests;

/// <summary>-t:Upload with Debian's avrdude, into a fake Arduino bootloader on a pty (eng/fake-stk500.py).</summary>
[Collection("sdk")]
public sealed class UploadTests
{
    private readonly SdkFixture _sdk;
    public UploadTests(SdkFixture sdk) => _sdk = sdk;

    private string MakeSketch() => Path.Combine(IdeSketchSets.HelloSerials(_sdk, "upload"), "HelloSerial");

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath)]
    public void NoPortOrAMissingPortFailsWithFB0123BeforeBuilding()
    {
        var sketch = MakeSketch();
        var none = _sdk.Dotnet(sketch, "build", "-t:Upload", "-p:Board=uno");
        Assert.True(none.ExitCode != 0, none.ToString());
        Assert.Contains("error FB0123: No upload port given.", none.Output);
        var missing = _sdk.Dotnet(sketch, "build", "-t:Upload", "-p:Board=uno", "-p:Port=/dev/ttyFBuildNoSuchPort");
        Assert.True(missing.ExitCode != 0, missing.ToString());
        Assert.Contains("error FB0123: The upload port '/dev/ttyFBuildNoSuchPort' does not exist.", missing.Output);
        Assert.False(Directory.Exists(Path.Combine(sketch, "..", "artifacts")), "built before checking the port");
    }

    [RequiresFact("/usr/bin/avr-gcc", Repo.CorePath, "/usr/bin/avrdude", "/usr/bin/python3")]
    public void UploadRunsAvrdudeWithTheBoardsRecipeAndWritesTheHex()
    {
        var sketch = MakeSketch();
        var port = Path.GetFullPath(Path.Combine(sketch, "..", "ttyFAKE"));
        var flashOut = Path.Combine(sketch, "..", "flash.txt");
        using var fake = Process.Start(new ProcessStartInfo("python3") { ArgumentList = { Path.Combine(Repo.Eng, "fake-stk500.py"), port, flashOut }, RedirectStandardOutput = true })!;
        try
        {
            fake.StandardOutput.ReadLine(); // the pty's name: it is ready
            var up = _sdk.Dotnet(sketch, "build", "-t:Upload", "-p:Board=uno", "-p:Port=" + port);
            Assert.True(up.ExitCode == 0, up.ToString());
            var hex = Path.GetFullPath(Path.Combine(sketch, "..", "artifacts/uno/sketches/HelloSerial/HelloSerial.ino.hex"));
            Assert.Contains($"Uploading: /usr/bin/avrdude -C/etc/avrdude.conf -q -q -patmega328p -carduino -P{port} -b115200 -D -Uflash:w:{hex}:i", up.Output);
            Assert.True(fake.WaitForExit(30_000));
            Assert.Equal(0, fake.ExitCode);
            // What the fake bootloader received (and avrdude verified by reading back) is the .hex's content.
            Assert.Equal(HexBytes(hex), Flash(flashOut));
        }
        finally { if (!fake.HasExited) fake.Kill(); }

        var failed = _sdk.Dotnet(sketch, "build", "-t:Upload", "-p:Board=uno", "-p:Port=/dev/null");
        Assert.True(failed.ExitCode != 0, failed.ToString());
        Assert.Contains("error FB0125: The upload failed ('/usr/bin/avrdude' exit code 1)", failed.Output);
    }

    private static byte[] HexBytes(string hex)
    {
        var mem = new SortedDictionary<int, byte>();
        foreach (var line in File.ReadLines(hex).Where(l => l.StartsWith(':')))
        {
            var b = Convert.FromHexString(line[1..]);
            if (b[3] != 0) continue;
            int addr = (b[1] << 8) | b[2];
            for (int i = 0; i < b[0]; i++) mem[addr + i] = b[4 + i];
        }
        return mem.Values.ToArray();
    }

    private static byte[] Flash(string file)
    {
        var mem = new SortedDictionary<int, byte>();
        foreach (var parts in File.ReadLines(file).Select(l => l.Split(' ')))
        {
            var data = Convert.FromHexString(parts[1]);
            int addr = int.Parse(parts[0], CultureInfo.InvariantCulture);
            for (int i = 0; i < data.Length; i++) mem[addr + i] = data[i];
        }
        // Pages are padded with 0xff past the program's end.
        var bytes = mem.Values.ToList();
        while (bytes.Count > 0 && bytes[^1] == 0xff) bytes.RemoveAt(bytes.Count - 1);
        return bytes.ToArray();
    }
}
