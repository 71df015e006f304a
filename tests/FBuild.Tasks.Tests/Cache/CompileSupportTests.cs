using FBuild.Tasks.Build;
using FBuild.Tasks.Reporting;
using FBuild.Tasks.Toolchain;

namespace FBuild.Tasks.Tests.Cache;

public sealed class CompileSupportTests
{
    [Fact]
    public void DepFileWriteRoundTripsAwkwardPaths()
    {
        var deps = new[] { "/a b/x.cpp", "/c/d#e.h", "/f/$g.h", "/h\\ i/j.h", "C:\\win\\k.h" };
        var text = DepFile.Write("/o/x.o", deps);
        Assert.Equal(deps, DepFile.Parse(text));
    }

    [Fact]
    public void RecipesUseFullDependencyFiles()
    {
        Assert.Equal(new[] { "avr-g++", "-c", "-MD", "x.cpp" }, CompilePlan.WithFullDependencies(new List<string> { "avr-g++", "-c", "-MMD", "x.cpp" }));
        Assert.Equal(new[] { "avr-gcc", "-MD", "-c", "x.c" }, CompilePlan.WithFullDependencies(new List<string> { "avr-gcc", "-c", "x.c" }));
        Assert.Equal(new[] { "avr-gcc", "-MD", "-c" }, CompilePlan.WithFullDependencies(new List<string> { "avr-gcc", "-MD", "-c" }));
    }

    [Fact]
    public void ArchivesAreDeterministic()
    {
        Assert.Equal(new[] { "/usr/bin/avr-gcc-ar", "rcsD", "x.a" }, FBuildArchive.Deterministic(new List<string> { "/usr/bin/avr-gcc-ar", "rcs", "x.a" }));
        Assert.Equal(new[] { "avr-ar", "rcsD", "x.a" }, FBuildArchive.Deterministic(new List<string> { "avr-ar", "rcsD", "x.a" }));
        Assert.Equal(new[] { "avr-ar", "rcsU", "x.a" }, FBuildArchive.Deterministic(new List<string> { "avr-ar", "rcsU", "x.a" }));
        Assert.Equal(new[] { "llvm-lib", "/out:x" }, FBuildArchive.Deterministic(new List<string> { "llvm-lib", "/out:x" }));
    }

    [Fact]
    public void ReportSumsCacheCountersOfAllProjects()
    {
        Dictionary<string, object?> R(long hits, long misses, long rebuilt) => new()
        {
            ["objectsRebuilt"] = rebuilt,
            ["cache"] = new Dictionary<string, object?> { ["hits"] = hits, ["misses"] = misses, ["stores"] = misses, ["uncacheable"] = 0L, ["evictions"] = 0L },
        };
        var results = new[] { R(20, 1, 21), null, R(2, 0, 2), new Dictionary<string, object?> { ["status"] = "failed" } };
        var sum = BuildCounters.Sum(results.Select(r => r is null ? null : ProjectResult.FromJsonValue(r).Counters)).SummaryJson();
        Assert.Equal(22L, sum["hits"]);
        Assert.Equal(1L, sum["misses"]);
        Assert.Equal(1L, sum["stores"]);
        Assert.Equal(23L, sum["objectsRebuilt"]);
    }
}
