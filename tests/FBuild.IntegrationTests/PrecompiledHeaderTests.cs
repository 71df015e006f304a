using System.Security.Cryptography;
using System.Text;

namespace FBuild.IntegrationTests;

/// <summary>
/// Precompiled headers on SAMD (on by default there): stage 1 precompiles the leading #includes two sketches share,
/// both use it (gcc really does: no FB0200), a third with another define before the include does not, the firmware
/// is byte-identical to a build without them, and editing the library's header rebuilds the PCH and the sketches.
/// </summary>
[Collection("sdk")]
public sealed class PrecompiledHeaderTests(SdkFixture sdk)
{
    private const string Board = "arduino_zero_native";

    /// <summary>A library with a header of many inline functions (what makes a sketch compile slow), and its VALUE.</summary>
    private static (string Path, string Text)[] Library(int value)
    {
        var big = new StringBuilder("#pragma once\n#include <Arduino.h>\nnamespace big {\n");
        for (int i = 0; i < 400; i++)
            big.Append($"inline uint32_t f{i}(uint32_t x) {{ return x * {2 * i + 1}u + (x >> {i % 7 + 1}); }}\n");
        big.Append($"constexpr uint32_t value = {value};\n}}\n");
        return new[]
        {
            ("libraries/BigLib/library.properties", "name=BigLib\nversion=1.0.0\nauthor=t\nsentence=s\nparagraph=\ncategory=Other\nurl=http://example.invalid\narchitectures=*\n"),
            ("libraries/BigLib/src/BigLib.h", "#pragma once\n#ifdef BIGLIB_SLOW\n#define BIGLIB_STEP 3\n#else\n#define BIGLIB_STEP 1\n#endif\n#include \"big/parts.h\"\n"),
            ("libraries/BigLib/src/big/parts.h", big.ToString()),
        };
    }

    private static string Sketch(string defines, int n) =>
        $"// sketch {n}\n{defines}#include <BigLib.h>\n\nvoid setup() {{\n  Serial.begin(9600);\n  Serial.println(big::f{n}(big::value) + BIGLIB_STEP);\n}}\n\nvoid loop() {{}}\n";

    [RequiresSamdFact]
    public void SketchesSharingTheirIncludesUseThePch_FirmwareIsIdentical_AndAHeaderEditRebuildsIt()
    {
        var dir = sdk.SketchSet("pch", Library(7).Concat(new[]
        {
            ("A/A.ino", Sketch("#define BIGLIB_FAST\n", 1)),
            ("B/B.ino", Sketch("#define BIGLIB_FAST\n", 2)),
            ("C/C.ino", Sketch("#define BIGLIB_SLOW\n", 3)),
        }).ToArray());
        string Artifacts(string kind) => Path.Combine(dir, "artifacts-" + kind) + "/";
        RunResult Build(bool pch)
        {
            var args = new[] { "build", "Sketches.proj", "-p:Board=" + Samd.Fqbn, "-p:FBuildArtifactsPath=" + Artifacts(pch ? "pch" : "plain") }
                .Concat(Samd.BuildProperties).Concat(pch ? Array.Empty<string>() : new[] { "-p:FBuildPrecompiledHeaders=false" }).ToArray();
            var r = sdk.Dotnet(dir, args);
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.DoesNotContain("FB0200", r.Output);
            Assert.DoesNotContain("FB0201", r.Output);
            return r;
        }
        string SketchLog(string kind, string name) => File.ReadAllText(Path.Combine(Artifacts(kind), Board, "sketches", name, "build.log"));
        byte[] Firmware(string kind, string name, string ext) => File.ReadAllBytes(Path.Combine(Artifacts(kind), Board, "sketches", name, name + ".ino." + ext));
        void AssertIdentical()
        {
            foreach (var name in new[] { "A", "B", "C" })
                foreach (var ext in new[] { "bin", "hex" })
                    Assert.True(Firmware("pch", name, ext).SequenceEqual(Firmware("plain", name, ext)), $"{name}.ino.{ext} differs with precompiled headers");
        }

        Build(pch: true);
        var pchDir = Path.Combine(Artifacts("pch"), Board, "framework", "pch");
        var gch = Directory.GetFiles(pchDir, "prefix.h.gch", SearchOption.AllDirectories);
        // A and B share "#include <Arduino.h> #define BIGLIB_FAST #include <BigLib.h>"; C is alone with BIGLIB_SLOW.
        Assert.Single(gch);
        Assert.Contains("#define BIGLIB_FAST\n#include <BigLib.h>\n", File.ReadAllText(Path.ChangeExtension(gch[0], null)));
        Assert.Contains("-include " + Path.ChangeExtension(gch[0], null), SketchLog("pch", "A"));
        Assert.Contains("-include " + Path.ChangeExtension(gch[0], null), SketchLog("pch", "B"));
        Assert.DoesNotContain("-include", SketchLog("pch", "C"));
        Build(pch: false);
        Assert.False(Directory.Exists(Path.Combine(Artifacts("plain"), Board, "framework", "pch")));
        Assert.DoesNotContain("-include", SketchLog("plain", "A"));
        AssertIdentical();
        var before = Firmware("pch", "A", "bin");

        // Never stale: the library's header changes, so the PCH is rebuilt and the sketches using it compile again.
        File.WriteAllText(Path.Combine(dir, "libraries/BigLib/src/big/parts.h"), Library(12345)[2].Text);
        var stamp = File.GetLastWriteTimeUtc(gch[0]);
        Build(pch: true);
        Assert.True(File.GetLastWriteTimeUtc(gch[0]) > stamp, "the PCH was not rebuilt after its header changed");
        Assert.False(before.SequenceEqual(Firmware("pch", "A", "bin")), "A's firmware did not change with the header");
        Build(pch: false);
        AssertIdentical();
    }
}
