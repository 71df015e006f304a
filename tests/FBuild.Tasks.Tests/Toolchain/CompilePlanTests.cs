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
        Assert.Equal(new[] { "avr-g++", "-c", "-Os", "-MD", "-MF", "/o/sketch/src/x.cpp.d", "-MQ", "/o/sketch/src/x.cpp.o", "-iquote", "/s/A", "-I/core", "/s/A/src/x.cpp", "-o", "/o/sketch/src/x.cpp.o" }, plan.Arguments);
        Assert.Equal(new[] { "/s/A", "/core" }, plan.SearchedFolders);
    }

    [Fact]
    public void TheDatabaseShowsThePlanWithoutDependencyFlags()
    {
        foreach (var source in new[] { "/s/a.c", "/s/b.cpp", "/s/c.S" })
        {
            var plan = CompilePlan.For(source, Recipes, "", "", "/o", "/inc", Array.Empty<string>(), Array.Empty<string>())!;
            var entry = CompileDatabase.For(plan, "/s");
            var expected = plan.Arguments.ToList();
            expected.RemoveRange(expected.IndexOf("-MD"), 5); // -MD -MF x.d -MQ x.o
            Assert.Equal(expected, entry.Arguments);
            Assert.DoesNotContain(entry.Arguments, a => a.StartsWith("-M", StringComparison.Ordinal));
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
        Assert.Equal(new[] { "avr-gcc", "-c", "-MD", "-MF", "/lib/X/x.c.d", "-MQ", "/lib/X/x.c.o", "-I/core", "-I/l/X/src", "/l/X/x.c", "-o", "/lib/X/x.c.o" }, plan.Arguments);
    }

    [Fact]
    public void TheDepfileAndItsTargetAreNamed_ARecipesOwnAreKept()
    {
        // gcc's defaults, named: a launcher such as distcc preprocesses without -o and would name the depfile after the source.
        var plan = CompilePlan.Create("/s/a b.cpp", "/o/a b.cpp.o", Recipes, Array.Empty<string>())!;
        Assert.Equal("/o/a b.cpp.d", plan.DepFile);
        Assert.Equal(new[] { "-MD", "-MF", "/o/a b.cpp.d", "-MQ", "/o/a b.cpp.o" }, plan.Arguments.Skip(3).Take(5));
        // A recipe that names its depfile keeps it (and the plan reads it from there); one with a target keeps that.
        var own = new CompileRecipes("gcc -c -MMD -MF{object_file}.dep {source_file} -o {object_file}", "g++ -c -MD -MT x {source_file} -o {object_file}", "gcc -c {source_file} -o {object_file}");
        var c = CompilePlan.Create("/s/a.c", "/o/a.c.o", own, Array.Empty<string>())!;
        Assert.Equal("/o/a.c.o.dep", c.DepFile);
        Assert.Equal(new[] { "gcc", "-c", "-MD", "-MQ", "/o/a.c.o", "-MF/o/a.c.o.dep", "/s/a.c", "-o", "/o/a.c.o" }, c.Arguments);
        Assert.Equal(new[] { "gcc", "-c", "/s/a.c", "-o", "/o/a.c.o" }, c.DatabaseArguments);
        var cpp = CompilePlan.Create("/s/b.cpp", "/o/b.cpp.o", own, Array.Empty<string>())!;
        Assert.Equal(new[] { "g++", "-c", "-MD", "-MF", "/o/b.cpp.d", "-MT", "x", "/s/b.cpp", "-o", "/o/b.cpp.o" }, cpp.Arguments);
        // A recipe without -MD gets it (second), with the names after it.
        Assert.Equal(new[] { "gcc", "-MD", "-MF", "/o/c.S.d", "-MQ", "/o/c.S.o", "-c" }, CompilePlan.Create("/s/c.S", "/o/c.S.o", own, Array.Empty<string>())!.Arguments.Take(7));
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
