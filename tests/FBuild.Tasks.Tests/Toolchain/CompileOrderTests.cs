using FBuild.Tasks.Libraries;
using FBuild.Tasks.Toolchain;

namespace FBuild.Tasks.Tests.Toolchain;

public sealed class CompileOrderTests
{
    private static readonly Dictionary<string, double> None = new();

    [Fact]
    public void WithoutTimes_TheLargestSourcesComeFirst_TiesKeepTheirOrder()
    {
        var sources = new[] { "/a.cpp", "/b.cpp", "/c.cpp", "/d.cpp" };
        var order = CompileOrder.LongestFirst(sources, new long[] { 100, 900, 100, 5000 }, None);
        Assert.Equal(new[] { 3, 1, 0, 2 }, order);
    }

    [Fact]
    public void MeasuredTimesWinOverSizes()
    {
        var sources = new[] { "/small-but-slow.cpp", "/big-but-fast.cpp" };
        var last = new Dictionary<string, double> { ["/small-but-slow.cpp"] = 9.0, ["/big-but-fast.cpp"] = 0.5 };
        Assert.Equal(new[] { 0, 1 }, CompileOrder.LongestFirst(sources, new long[] { 10, 10_000 }, last));
    }

    [Fact]
    public void AnUnmeasuredSource_IsEstimatedFromItsSize_AtTheMeasuredOnesRate()
    {
        // Two measured at 1 s per 1000 bytes; the new one has 5000 bytes: about 5 s, between the 8 s and the 1 s ones.
        var sources = new[] { "/one.cpp", "/new.cpp", "/eight.cpp" };
        var last = new Dictionary<string, double> { ["/one.cpp"] = 1.0, ["/eight.cpp"] = 8.0 };
        var sizes = new long[] { 1000, 5000, 8000 };
        Assert.Equal(5.0, CompileOrder.Estimates(sources, sizes, last)[1], 3);
        Assert.Equal(new[] { 2, 1, 0 }, CompileOrder.LongestFirst(sources, sizes, last));
    }

    [Fact]
    public void LastTimes_TakesTheLatestCompileOfEachSource_NotCacheReplays()
    {
        var lines = new[]
        {
            "1000\t3000\tcompile\t/u1.cpp",
            "1000\t1500\tcompile\t/u2.cpp",
            "5000\t5010\tcache\t/u1.cpp",
            "9000\t9400\tcompile\t/u2.cpp",
            "garbage",
        };
        var last = CompileOrder.LastTimes(lines);
        Assert.Equal(2.0, last["/u1.cpp"], 3);
        Assert.Equal(0.4, last["/u2.cpp"], 3);
        Assert.Equal(2, last.Count);
    }

    [Fact]
    public void EffectiveSize_AddsTheQuotedPartsBesideTheSource_NotSharedAngledHeaders()
    {
        var files = new Dictionary<string, (long Size, IncludeDirective[] Includes)>
        {
            ["/lib/src/unity/u.cpp"] = (100, new[] { new IncludeDirective("Lib.h", true, 1), new IncludeDirective("impl/a.cpp.hpp", false, 2), new IncludeDirective("impl/b.cpp.hpp", false, 3) }),
            ["/lib/src/unity/impl/a.cpp.hpp"] = (1000, new[] { new IncludeDirective("b.cpp.hpp", false, 1), new IncludeDirective("../../outside.h", false, 2) }),
            ["/lib/src/unity/impl/b.cpp.hpp"] = (2000, Array.Empty<IncludeDirective>()),
            ["/lib/src/outside.h"] = (50_000, Array.Empty<IncludeDirective>()),
        };
        long Size(string p) => files.TryGetValue(p, out var f) ? f.Size : -1;
        IReadOnlyList<IncludeDirective> Includes(string p) => files.TryGetValue(p, out var f) ? f.Includes : Array.Empty<IncludeDirective>();
        Assert.Equal(3100, CompileOrder.EffectiveSize("/lib/src/unity/u.cpp", Size, Includes));
    }
}
