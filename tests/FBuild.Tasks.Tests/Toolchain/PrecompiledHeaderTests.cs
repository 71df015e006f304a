using FBuild.Tasks.Cache;
using FBuild.Tasks.Toolchain;
using Microsoft.Build.Utilities;

namespace FBuild.Tasks.Tests.Toolchain;

public sealed class PrecompiledHeaderTests
{
    private static readonly CompileRecipes Recipes = new(
        "gcc -c -g -Os -MMD {includes} {source_file} -o {object_file}",
        "g++ -c -g -Os -MMD {includes} {source_file} -o {object_file}",
        "gcc -c -x assembler-with-cpp {includes} {source_file} -o {object_file}");

    private static readonly string[] Includes = { "/core", "/variant", "/lib/Heavy/src" };

    [Fact]
    public void ThePrefixIsTheLeadingDirectivesThroughTheLastInclude()
    {
        var source = "#include <Arduino.h>\n#line 1 \"/s/Blink/Blink.ino\"\n// Blink, with a big library\n/* a comment\n   on two lines */\n" +
                     "#define FASTLED_INTERNAL\n#include <FastLED.h>\n#define NUM_LEDS 60\n\nCRGB leds[NUM_LEDS];\n#include <Wire.h>\n";
        Assert.Equal("#include <Arduino.h>\n#define FASTLED_INTERNAL\n#include <FastLED.h>\n", PrecompiledHeader.Prefix(source));
    }

    [Fact]
    public void ThePrefixEndsAtAConditionalOrAPragma_AndIsEmptyWithoutAnInclude()
    {
        Assert.Equal("#include <A.h>\n", PrecompiledHeader.Prefix("#include <A.h>\n#ifdef X\n#include <B.h>\n#endif\n"));
        Assert.Equal("#include <A.h>\n", PrecompiledHeader.Prefix("#include <A.h>\n#pragma once\n#include <B.h>\n"));
        Assert.Equal("", PrecompiledHeader.Prefix("#define X 1\nint x;\n#include <A.h>\n"));
        Assert.Equal("", PrecompiledHeader.Prefix(""));
    }

    [Fact]
    public void ThePrefixKeepsStringsAndJoinsContinuationLines()
    {
        var source = "#define URL \"http://x//y\" // the server\n#define TWO 1 + \\\n  1\n#include \"config.h\"\nvoid f();\n";
        Assert.Equal("#define URL \"http://x//y\"\n#define TWO 1 +   1\n#include \"config.h\"\n", PrecompiledHeader.Prefix(source));
        Assert.Equal(new[] { "config.h" }, PrecompiledHeader.QuotedIncludes(PrecompiledHeader.Prefix(source)));
    }

    [Fact]
    public void TheHeaderStageOneWritesHoldsThePrefix()
    {
        var prefix = "#include <Arduino.h>\n#include <FastLED.h>\n";
        Assert.Equal(prefix, PrecompiledHeader.Prefix(PrecompiledHeader.HeaderText(prefix)));
    }

    [Fact]
    public void AHeaderPlanPrecompilesWithTheCppRecipe_AndAUsingPlanIncludesItFirst()
    {
        var includes = CompilePlan.Includes(string.Join(";", Includes), Array.Empty<string>(), Array.Empty<string>());
        var header = CompilePlan.ForHeader("/f/pch/p/prefix.h", "/f/pch/p/prefix.h.gch", Recipes, includes);
        Assert.True(header.IsHeader);
        Assert.Equal(new[] { "g++", "-c", "-g", "-Os", "-MD", "-MF", "/f/pch/p/prefix.h.d", "-MQ", "/f/pch/p/prefix.h.gch", "-I/core", "-I/variant", "-I/lib/Heavy/src", "-x", "c++-header", "/f/pch/p/prefix.h", "-o", "/f/pch/p/prefix.h.gch" }, header.Arguments);
        var sketch = CompilePlan.Create("/o/B.ino.cpp", "/o/B.ino.cpp.o", Recipes, includes)!.WithPrecompiledHeader("/f/pch/p/prefix.h");
        Assert.Equal("/f/pch/p/prefix.h", sketch.PrecompiledHeader);
        Assert.Equal(new[] { "g++", "-c", "-g", "-Os", "-MD", "-MF", "/o/B.ino.cpp.d", "-MQ", "/o/B.ino.cpp.o", "-I/core", "-I/variant", "-I/lib/Heavy/src", "-include", "/f/pch/p/prefix.h", "-Winvalid-pch", "/o/B.ino.cpp", "-o", "/o/B.ino.cpp.o" }, sketch.Arguments);
        // The PCH's command and the sketch's have the same signature and include folders: they read the prefix alike.
        Assert.Equal(PrecompiledHeader.Signature(header.Arguments, header.Source, header.ObjectFile), PrecompiledHeader.Signature(sketch.Arguments, sketch.Source, sketch.ObjectFile));
        Assert.Equal(PrecompiledHeader.IncludeFolders(header.Arguments), PrecompiledHeader.IncludeFolders(sketch.Arguments));
    }

    [Fact]
    public void TheSignatureChangesWithAnyOtherOption()
    {
        var a = new[] { "g++", "-c", "-Os", "-DF_CPU=16000000L", "-I/core", "x.cpp", "-o", "x.o" };
        var b = new[] { "g++", "-c", "-Os", "-DF_CPU=8000000L", "-I/core", "y.cpp", "-o", "y.o" };
        var c = new[] { "g++", "-c", "-Os", "-DF_CPU=16000000L", "-I/other", "y.cpp", "-o", "y.o" };
        Assert.NotEqual(PrecompiledHeader.Signature(a, "x.cpp", "x.o"), PrecompiledHeader.Signature(b, "y.cpp", "y.o"));
        Assert.Equal(PrecompiledHeader.Signature(a, "x.cpp", "x.o"), PrecompiledHeader.Signature(c, "y.cpp", "y.o"));
    }

    private static PchCandidate Pch(string prefix = "#include <Arduino.h>\n#define FASTLED_INTERNAL\n#include <FastLED.h>\n") =>
        new("/f/pch/p/prefix.h", prefix, "SIG", Includes, new[] { "/f/pch/p/prefix.h", "/lib/FastLED/src/FastLED.h", "/lib/FastLED/src/led_sysdefs.h" });

    [Fact]
    public void ACompileMayUseThePchOnlyWhenPrefixCommandAndFoldersMatch()
    {
        var pch = Pch();
        var none = Array.Empty<string>();
        Assert.Null(PrecompiledHeader.Decide(pch, "cpp", pch.Prefix, "SIG", Includes, none));
        Assert.Equal("not a C++ source", PrecompiledHeader.Decide(pch, "c", pch.Prefix, "SIG", Includes, none));
        Assert.NotNull(PrecompiledHeader.Decide(pch, "cpp", "", "SIG", Includes, none));
        // A define before the include that differs (or is missing) changes what the header means.
        Assert.Contains("differ", PrecompiledHeader.Decide(pch, "cpp", "#include <Arduino.h>\n#define FASTLED_INTERNAL 1\n#include <FastLED.h>\n", "SIG", Includes, none));
        Assert.Contains("differ", PrecompiledHeader.Decide(pch, "cpp", "#include <Arduino.h>\n#include <FastLED.h>\n", "SIG", Includes, none));
        Assert.Contains("options", PrecompiledHeader.Decide(pch, "cpp", pch.Prefix, "OTHER", Includes, none));
        Assert.Contains("include folders", PrecompiledHeader.Decide(pch, "cpp", pch.Prefix, "SIG", Includes.Append("/lib/Wire/src").ToList(), none));
        Assert.Contains("include folders", PrecompiledHeader.Decide(pch, "cpp", pch.Prefix, "SIG", Includes.Reverse().ToList(), none));
    }

    [Fact]
    public void ASketchFileThatCouldShadowAHeaderThePchReadKeepsItOut()
    {
        var pch = Pch();
        Assert.Null(PrecompiledHeader.Decide(pch, "cpp", pch.Prefix, "SIG", Includes, new[] { "Blink.ino", "sysdefs.h" }));
        Assert.Contains("led_sysdefs.h", PrecompiledHeader.Decide(pch, "cpp", pch.Prefix, "SIG", Includes, new[] { "Blink.ino", "led_sysdefs.h" }));
    }

    [Fact]
    public void TheCacheKeyOfACompileUsingAPchIncludesItsDigest()
    {
        var dir = Path.Combine(Path.GetTempPath(), "fbuild-pch-key-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            var source = Path.Combine(dir, "B.ino.cpp");
            File.WriteAllText(source, "#include <Arduino.h>\nvoid setup() {}\nvoid loop() {}\n");
            var plan = CompilePlan.Create(source, source + ".o", Recipes, new[] { "-I/core" })!.WithPrecompiledHeader("/f/prefix.h");
            var log = new TaskLoggingHelper(new FakeBuildEngine(), "test");
            var cache = CachedToolRun.Open(Path.Combine(dir, "cache"), dir, log)!;
            var plain = cache.KeyCompile(plan, "g++ 12")!.Key;
            var one = cache.KeyCompile(plan, "g++ 12", "aaaa")!.Key;
            var two = cache.KeyCompile(plan, "g++ 12", "bbbb")!.Key;
            Assert.Equal(one, cache.KeyCompile(plan, "g++ 12", "aaaa")!.Key);
            Assert.NotEqual(plain, one);
            Assert.NotEqual(one, two);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void ForAvrThePchCompilesRunBehindTheLauncherWithDwarf_AndKeepTheCompilerAsTheirTool()
    {
        var plan = CompilePlan.Create("/o/B.ino.cpp", "/o/B.ino.cpp.o", Recipes, new[] { "-I/core" })!;
        Assert.Same(plan, plan.ForPrecompiledHeaders(Array.Empty<string>(), ""));
        var avr = plan.ForPrecompiledHeaders(new[] { "setarch", "-R" }, "-gdwarf-2").WithPrecompiledHeader("/f/prefix.h");
        Assert.Equal(new[] { "setarch", "-R", "g++", "-c", "-gdwarf-2", "-Os", "-MD", "-MF", "/o/B.ino.cpp.d", "-MQ", "/o/B.ino.cpp.o", "-I/core", "-include", "/f/prefix.h", "-Winvalid-pch", "/o/B.ino.cpp", "-o", "/o/B.ino.cpp.o" }, avr.Arguments);
        Assert.Equal("g++", avr.Tool);
        var header = CompilePlan.ForHeader("/f/prefix.h", "/f/prefix.h.gch", Recipes, new[] { "-I/core" }).ForPrecompiledHeaders(new[] { "setarch", "-R" }, "-gdwarf-2");
        Assert.Equal(PrecompiledHeader.Signature(header.Arguments, header.Source, header.ObjectFile), PrecompiledHeader.Signature(avr.Arguments, avr.Source, avr.ObjectFile));
        Assert.NotEqual(PrecompiledHeader.Signature(header.Arguments, header.Source, header.ObjectFile), PrecompiledHeader.Signature(plan.Arguments, plan.Source, plan.ObjectFile));
    }
}
