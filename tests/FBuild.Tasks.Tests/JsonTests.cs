using System.Globalization;
using FBuild.Tasks.Reporting;

namespace FBuild.Tasks.Tests;

public class JsonTests
{
    private static Dictionary<string, object?> Sample() => new()
    {
        ["name"] = "Blink",
        ["escapes"] = "quote \" backslash \\ slash / newline \n cr \r tab \t bell \u0007 nul \0 end",
        ["unicode"] = "héllo — 日本語 😀",
        ["long"] = 1234567890123L,
        ["negative"] = -42L,
        ["zero"] = 0L,
        ["double"] = 12.5,
        ["smallDouble"] = -0.125,
        ["true"] = true,
        ["false"] = false,
        ["null"] = null,
        ["emptyList"] = new List<object?>(),
        ["emptyMap"] = new Dictionary<string, object?>(),
        ["list"] = new List<object?> { 1L, "two", null, true, new List<object?> { 3L, new List<object?>() } },
        ["nested"] = new Dictionary<string, object?>
        {
            ["key with \"quotes\" and \\"] = new Dictionary<string, object?> { ["deep"] = new List<object?> { new Dictionary<string, object?> { ["x"] = 1L } } },
            [""] = "",
        },
    };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RoundTrip(bool indented)
    {
        var value = Sample();
        var text = Json.Serialize(value, indented);
        var parsed = Json.Parse(text);
        Assert.Equal(value, parsed);
        // Serializing the parsed value gives the same text.
        Assert.Equal(text, Json.Serialize(parsed, indented));
    }

    [Fact]
    public void ParsedTypes()
    {
        var map = Assert.IsType<Dictionary<string, object?>>(Json.Parse("{\"a\": 1, \"b\": 1.5, \"c\": -2e3, \"d\": [], \"e\": \"s\", \"f\": false, \"g\": null}"));
        Assert.IsType<long>(map["a"]);
        Assert.Equal(1.5, Assert.IsType<double>(map["b"]));
        Assert.Equal(-2000.0, Assert.IsType<double>(map["c"]));
        Assert.IsType<List<object?>>(map["d"]);
        Assert.Equal("s", map["e"]);
        Assert.Equal(false, map["f"]);
        Assert.True(map.ContainsKey("g"));
        Assert.Null(map["g"]);
    }

    [Fact]
    public void CompactSerialization()
    {
        var text = Json.Serialize(new Dictionary<string, object?> { ["a"] = new List<object?> { 1, 2L, "x" }, ["b"] = null, ["c"] = 0.5 }, indented: false);
        Assert.Equal("{\"a\":[1,2,\"x\"],\"b\":null,\"c\":0.5}", text);
    }

    [Fact]
    public void IndentedSerialization()
    {
        var text = Json.Serialize(new Dictionary<string, object?> { ["a"] = new List<object?> { 1L }, ["e"] = new List<object?>() });
        Assert.Equal("{\n  \"a\": [\n    1\n  ],\n  \"e\": []\n}", text);
    }

    [Fact]
    public void StringEscapes()
    {
        Assert.Equal("\"a\\\"b\\\\c\\nd\\re\\tf\\u0001\"", Json.Serialize("a\"b\\c\nd\re\tf\u0001"));
        Assert.Equal("\"é😀\"", Json.Serialize("é😀"));
    }

    [Fact]
    public void ParsesStandardEscapesIncludingUnicodeAndSurrogatePairs()
    {
        Assert.Equal("a/b\b\f\n\r\t\"\\é😀", Json.Parse("\"a\\/b\\b\\f\\n\\r\\t\\\"\\\\\\u00e9\\ud83d\\ude00\""));
        Assert.Equal("é", Json.Parse("\"\\u00E9\""));
    }

    [Fact]
    public void NumbersAreInvariantEvenUnderACommaCulture()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Assert.Equal("[1.25,-3,1234.5]", Json.Serialize(new List<object?> { 1.25, -3L, 1234.5 }, indented: false));
            Assert.Equal(1.25, Json.Parse("1.25"));
            // Other values (e.g. decimals) go out as invariant strings.
            Assert.Equal("\"2.5\"", Json.Serialize(2.5m));
        }
        finally { CultureInfo.CurrentCulture = saved; }
    }

    [Fact]
    public void DoublesKeepThreeDecimalsAndNonFiniteIsNull()
    {
        Assert.Equal("3.142", Json.Serialize(3.14159));
        Assert.Equal("2", Json.Serialize(2.0));
        Assert.Equal("null", Json.Serialize(double.NaN));
        Assert.Equal("null", Json.Serialize(double.PositiveInfinity));
    }

    [Fact]
    public void WhitespaceAroundValues()
    {
        Assert.Equal(new List<object?> { 1L, 2L }, Json.Parse(" \n\t[ 1 ,\r\n 2 ] \n"));
        Assert.Equal(new Dictionary<string, object?>(), Json.Parse(" { } "));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{")]
    [InlineData("{\"a\"}")]
    [InlineData("{\"a\" 1}")]
    [InlineData("{\"a\": 1,}")]
    [InlineData("{a: 1}")]
    [InlineData("[1, 2")]
    [InlineData("[1 2]")]
    [InlineData("\"unterminated")]
    [InlineData("\"escape at end\\")]
    [InlineData("tru")]
    [InlineData("nul")]
    [InlineData("@")]
    [InlineData("1 2")]
    [InlineData("{} extra")]
    [InlineData("[]]")]
    [InlineData("--1")]
    [InlineData("1.2.3")]
    public void MalformedThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => Json.Parse(text));
    }

    [Fact]
    public void TruncatedUnicodeEscapeThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => Json.Parse("\"\\u12"));
    }

    [Fact]
    public void BadHexInUnicodeEscapeThrowsFormatException()
    {
        // int.Parse's FormatException is a FormatException too.
        Assert.Throws<FormatException>(() => Json.Parse("\"\\uzzzz\""));
    }
}
