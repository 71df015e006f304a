using System.Reflection;
using System.Text.RegularExpressions;

namespace FBuild.Tasks.Tests;

public class ErrorDocsTests
{
    /// <summary>
    /// The folder holding FBuild.sln: above the test binaries (the usual layout), else, when the binaries are built
    /// elsewhere (--artifacts-path), above this source file as the compiler saw it.
    /// </summary>
    private static string RepoRoot([System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? "" })
            for (var dir = start.Length == 0 ? null : new DirectoryInfo(start); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "FBuild.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No folder containing FBuild.sln above {AppContext.BaseDirectory} or {sourceFile}");
    }

    private static IReadOnlyList<(string Name, string Code)> Codes() =>
        typeof(FBuildErrors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (f.Name, (string)f.GetRawConstantValue()!))
            .ToList();

    private static string Docs() => File.ReadAllText(Path.Combine(RepoRoot(), "docs", "errors.md"));

    private static HashSet<string> Headings(string docs) =>
        Regex.Matches(docs, @"^## (FB[0-9]{4}): \S", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet();

    [Fact]
    public void EveryErrorCodeHasAHeading()
    {
        var headings = Headings(Docs());
        var codes = Codes();
        Assert.NotEmpty(codes);
        var missing = codes.Where(c => !headings.Contains(c.Code)).Select(c => $"{c.Code} ({c.Name})").ToList();
        Assert.True(missing.Count == 0, "docs/errors.md has no '## FBxxxx: title' heading for: " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryHeadingIsAnErrorCode()
    {
        var codes = Codes().Select(c => c.Code).ToHashSet();
        var stale = Headings(Docs()).Where(h => !codes.Contains(h)).ToList();
        Assert.True(stale.Count == 0, "docs/errors.md documents codes FBuildErrors does not define: " + string.Join(", ", stale));
    }

    [Fact]
    public void CodesAreUniqueAndWellFormed()
    {
        var codes = Codes();
        Assert.All(codes, c => Assert.Matches("^FB[0-9]{4}$", c.Code));
        Assert.Equal(codes.Count, codes.Select(c => c.Code).Distinct().Count());
    }

    [Fact]
    public void CodesUsedInSdkTargetsAreDefinedAndDocumented()
    {
        var sdk = Path.Combine(RepoRoot(), "src", "FBuild.Sdk", "Sdk");
        var used = Directory.EnumerateFiles(sdk, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".targets", StringComparison.Ordinal) || f.EndsWith(".props", StringComparison.Ordinal) || f.EndsWith(".proj", StringComparison.Ordinal))
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), "Code=\"(FB[0-9]{4})\"").Select(m => m.Groups[1].Value))
            .ToHashSet();
        Assert.Contains("FB0003", used);
        var codes = Codes().Select(c => c.Code).ToHashSet();
        var headings = Headings(Docs());
        Assert.All(used, code =>
        {
            Assert.Contains(code, codes);
            Assert.Contains(code, headings);
        });
    }
}
