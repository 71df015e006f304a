using FBuild.Tasks.Ide;
using FBuild.Tasks.Toolchain;

namespace FBuild.Tasks.Tests.Ide;

public class CompileDatabaseTests
{
    private const string Recipe = "\"/usr/bin/avr-g++\" -c -g -Os -MMD -flto -mmcu=atmega328p {includes} \"{source_file}\" -o \"{object_file}\"";

    [Fact]
    public void Command_FillsThePlaceholdersAndDropsDependencyFlags()
    {
        var plan = CompilePlan.Create("/s/A/x.cpp", "/o/x.cpp.o", new CompileRecipes(Recipe, Recipe, Recipe), new[] { "-iquote", "/s/A", "-I/core" })!;
        var cmd = CompileDatabase.For(plan, "/s/A").Arguments;
        Assert.Equal(new[] { "/usr/bin/avr-g++", "-c", "-g", "-Os", "-flto", "-mmcu=atmega328p", "-iquote", "/s/A", "-I/core", "/s/A/x.cpp", "-o", "/o/x.cpp.o" }, cmd);
    }

    [Fact]
    public void Includes_OwnMetadataReplacesTheQuoteAndIncludeFolders()
    {
        Assert.Equal(new[] { "-iquote", "/s/A", "-I/core", "-I/variant" }, CompilePlan.Includes("", new[] { "/s/A/" }, new[] { "/core/", "/variant" }));
        Assert.Equal(new[] { "-I/core", "-I/lib/src" }, CompilePlan.Includes("/core/; /lib/src", new[] { "/s/A" }, new[] { "/other" }));
    }

    [Fact]
    public void ForIno_CompilesTheTabAsCppWithArduinoHIncluded()
    {
        var gen = new CompileDatabaseEntry("/s/A", "/a/A.ino.cpp", new[] { "avr-g++", "-c", "/a/A.ino.cpp", "-o", "/a/A.ino.cpp.o" }, "/a/A.ino.cpp.o");
        var ino = CompileDatabase.ForIno(gen, "/s/A/Tab.ino");
        Assert.Equal("/s/A/Tab.ino", ino.File);
        Assert.Equal("/s/A", ino.Directory);
        Assert.Equal(new[] { "avr-g++", "-c", "-x", "c++", "-include", "Arduino.h", "/s/A/Tab.ino", "-o", "/a/A.ino.cpp.o" }, ino.Arguments);
    }

    [Fact]
    public void SerializeAndParse_RoundTrip()
    {
        var e = new CompileDatabaseEntry("/d", "/d/x \"q\".c", new[] { "gcc", "-DX=\"a b\"", "/d/x \"q\".c" }, "/o/x.o");
        var back = Assert.Single(CompileDatabase.Parse(CompileDatabase.Serialize(new[] { e })));
        Assert.Equal(e.Directory, back.Directory);
        Assert.Equal(e.File, back.File);
        Assert.Equal(e.Arguments, back.Arguments);
        Assert.Equal(e.Output, back.Output);
        Assert.Empty(CompileDatabase.Parse("not json"));
        Assert.Empty(CompileDatabase.Parse("{}"));
    }

    [Fact]
    public void Merge_DropsStaleFragmentsLetsTheLastWinAndSortsByFile()
    {
        CompileDatabaseEntry E(string file, string flag) => new("/d", file, new[] { "gcc", flag, file }, file + ".o");
        var framework = new List<CompileDatabaseEntry> { E("/core/b.c", "-O1") };
        var sketch = new List<CompileDatabaseEntry> { E("/s/z.cpp", "-O1"), E("/core/b.c", "-O2") };
        var deleted = new List<CompileDatabaseEntry> { E("/gone/A.ino.cpp", "-O1"), E("/gone/A.ino", "-O1") };
        var exists = new HashSet<string> { "/core/b.c", "/s/z.cpp", "/gone/A.ino.cpp" };
        var merged = CompileDatabase.Merge(new[] { framework, sketch, deleted, new List<CompileDatabaseEntry>() }, exists.Contains);
        Assert.Equal(new[] { "/core/b.c", "/s/z.cpp" }, merged.Select(m => m.File));
        Assert.Equal("-O2", merged[0].Arguments[1]);
    }

    [Fact]
    public void ObjectPath_MirrorsThePathBelowBaseDirLikeFBuildCompile()
    {
        Assert.Equal("/o/src/a/b.cpp.o", CompilePlan.ObjectPath("/s/src/a/b.cpp", "", "/s/", "/o"));
        Assert.Equal("/o/b.cpp.o", CompilePlan.ObjectPath("/x/b.cpp", null, "/s", "/o/"));
        Assert.Equal("/lib/X/b.cpp.o", CompilePlan.ObjectPath("/x/b.cpp", "/lib/X/b.cpp.o", "/s", "/o"));
    }
}
