using FBuild.Tasks.Boards;
using FBuild.Tasks.Ide;
using FBuild.Tasks.Toolchain;

namespace FBuild.Tasks.Tests.Toolchain;

public sealed class CompilePlanTests
{
    private static readonly CompileRecipes Recipes = new(
        "avr-gcc -c -MMD {includes} {source_file} -o {object_file}",
        "avr-g++ -c -Os -MMD {includes} \"{source_file}\" -o \"{object_file}\"",
        "avr-gcc -c -x assembler-with-cpp {includes} {source_file} -o {object_file}");

    [Fact]
    public void ThePlanIsTheCommandThatRuns_WithFullDependencies()
    {
        var plan = CompilePlan.For("/s/A/src/x.cpp", Recipes, "", "/s/A/", "/o/sketch", "", new[] { "/s/A/" }, new[] { "/core/" })!;
        Assert.Equal("/o/sketch/src/x.cpp.o", plan.ObjectFile);
        Assert.Equal("/o/sketch/src/x.cpp.d", plan.DepFile);
        Assert.Equal("cpp", plan.Language);
        Assert.Equal(new[] { "avr-g++", "-c", "-Os", "-MD", "-iquote", "/s/A", "-I/core", "/s/A/src/x.cpp", "-o", "/o/sketch/src/x.cpp.o" }, plan.Arguments);
        Assert.Equal(new[] { "/s/A", "/core" }, plan.SearchedFolders);
    }

    [Fact]
    public void TheDatabaseShowsThePlanWithoutDependencyFlags()
    {
        foreach (var source in new[] { "/s/a.c", "/s/b.cpp", "/s/c.S" })
        {
            var plan = CompilePlan.For(source, Recipes, "", "", "/o", "/inc", Array.Empty<string>(), Array.Empty<string>())!;
            var entry = CompileDatabase.For(plan, "/s");
            Assert.Equal(plan.Arguments.Where(a => a != "-MD"), entry.Arguments);
            Assert.Equal(plan.Source, entry.File);
            Assert.Equal(plan.ObjectFile, entry.Output);
            Assert.Equal("/s", entry.Directory);
        }
    }

    [Fact]
    public void LanguageFollowsTheSketchLayout()
    {
        Assert.Equal("cpp", CompilePlan.For("/l/x.cc", Recipes, "", "", "/o", "", Array.Empty<string>(), Array.Empty<string>())!.Language);
        Assert.Equal("S", CompilePlan.For("/l/x.S", Recipes, "", "", "/o", "", Array.Empty<string>(), Array.Empty<string>())!.Language);
        Assert.Null(CompilePlan.For("/l/x.s", Recipes, "", "", "/o", "", Array.Empty<string>(), Array.Empty<string>()));
        Assert.Null(CompilePlan.For("/l/x.ino", Recipes, "", "", "/o", "", Array.Empty<string>(), Array.Empty<string>()));
    }

    [Fact]
    public void ExplicitObjectFileAndOwnIncludesWin()
    {
        var plan = CompilePlan.For("/l/X/x.c", Recipes, "/lib/X/x.c.o", "/l", "/o", "/core; /l/X/src/", new[] { "/q" }, new[] { "/i" })!;
        Assert.Equal("/lib/X/x.c.o", plan.ObjectFile);
        Assert.Equal(new[] { "avr-gcc", "-c", "-MD", "-I/core", "-I/l/X/src", "/l/X/x.c", "-o", "/lib/X/x.c.o" }, plan.Arguments);
    }

    [Fact]
    public void RecipeCommandExpandsListPlaceholdersAndReplacesValues()
    {
        var cmd = RecipeCommand.Substitute(new[] { "ar", "rcs", "{archive_file_path}", "{object_file}", "-o{build.path}/x" },
            new Dictionary<string, string> { ["{build.path}"] = "/b" },
            new Dictionary<string, IReadOnlyList<string>> { ["{object_file}"] = new[] { "a.o", "b.o" }, ["{archive_file_path}"] = new[] { "/b/core.a" } });
        Assert.Equal(new[] { "ar", "rcs", "/b/core.a", "a.o", "b.o", "-o/b/x" }, cmd);
    }
}
