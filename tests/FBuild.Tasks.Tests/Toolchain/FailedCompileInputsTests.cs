using FBuild.Tasks.Toolchain;

namespace FBuild.Tasks.Tests.Toolchain;

public sealed class FailedCompileInputsTests
{
    [Fact]
    public void TheDependencyListingDropsTheObjectAndDepfile_AndAsksForMissingHeadersAndTheSearchList()
    {
        var cmd = new[] { "avr-g++", "-c", "-g", "-MD", "-MMD", "-MP", "-MF", "x.d", "-MT", "t", "-flto", "-Ia b", "/s/x.cpp", "-o", "/o/x.cpp.o" };
        Assert.Equal(new[] { "avr-g++", "-M", "-MG", "-MF", "/o/l", "-v", "-g", "-flto", "-Ia b", "/s/x.cpp" },
            FailedCompileInputs.DependencyCommand(cmd, "/o/l"));
    }

    [Fact]
    public void TheSearchListIsReadFromGccsVerboseOutput()
    {
        var output = new[]
        {
            "ignoring nonexistent directory \"/nope\"",
            "#include \"...\" search starts here:",
            " /q",
            "#include <...> search starts here:",
            " /usr/lib/gcc/avr/5.4.0/include",
            " /usr/lib/gcc/avr/5.4.0/../../../avr/include",
            "End of search list.",
            "COLLECT_GCC_OPTIONS='-v'",
        };
        Assert.Equal(new[] { "/q", "/usr/lib/gcc/avr/5.4.0/include", "/usr/lib/avr/include" }, FailedCompileInputs.SearchList(output));
        Assert.Null(FailedCompileInputs.SearchList(output.Take(4)));
        Assert.Null(FailedCompileInputs.SearchList(Array.Empty<string>()));
    }

    [Fact]
    public void InputsAreTheFilesRead_TheirFolders_AndWhereEachMissingNameCouldAppear()
    {
        var dir = Path.Combine(Path.GetTempPath(), "fbuild-fci-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dir, "inc"));
        try
        {
            var src = Path.Combine(dir, "x.cpp");
            var header = Path.Combine(dir, "inc", "found.h");
            File.WriteAllText(src, "");
            File.WriteAllText(header, "");
            var inputs = FailedCompileInputs.Inputs(src, new[] { src, header, "a/b/gone.h", "flat.h", "/abs/where/h.h" }, new[] { "/sys/include" }, dir);
            Assert.Equal(src, inputs[0]);
            Assert.Contains(header, inputs);
            foreach (var root in new[] { "/sys/include", dir, Path.Combine(dir, "inc") })
            {
                Assert.Contains(root + "/", inputs);
                Assert.Contains(root + "/a/", inputs);
                Assert.Contains(root + "/a/b/", inputs);
            }
            Assert.Contains("/abs/where/", inputs);
            Assert.DoesNotContain(inputs, i => i.EndsWith("gone.h", StringComparison.Ordinal) || i.EndsWith("flat.h", StringComparison.Ordinal));
            Assert.Equal(inputs.Count, inputs.Distinct().Count());
        }
        finally { Directory.Delete(dir, true); }
    }
}
