using FBuild.Tasks.Boards;
using FBuild.Tasks.Reporting;

namespace FBuild.Tasks.Tests;

public sealed class BoardMatrixTests
{
    private static ProjectResult Sketch(string name, string status, long? flash = null, string? note = null) => new ProjectResult
    {
        Kind = "sketch", Name = name, Project = "/s/" + name + "/" + name + ".fbproj", Status = status, Note = note,
        Size = new SketchSize(null, flash, 32256, flash == null ? null : 9, 2048),
    };

    private static BoardMatrix Matrix() => new BoardMatrix(new[]
    {
        new BoardReport { Board = "uno", BoardKey = "uno", Sketches = new[] { Sketch("Blink", "ok", 924), Sketch("SamdOnly", "skipped", note: "the sketch is for samd, not arduino:avr:uno") } },
        new BoardReport { Board = "arduino_zero_native", BoardKey = "arduino_zero_native", Sketches = new[] { Sketch("Blink", "failed"), Sketch("SamdOnly", "ok", 12088) } },
    });

    [Fact]
    public void MarkdownHasABoardColumnPerBoardAndARowPerSketch()
    {
        Assert.Equal(
            "| Sketch | uno | arduino_zero_native |\n" +
            "|---|---|---|\n" +
            "| Blink | ✅ 924 B | ❌ failed |\n" +
            "| SamdOnly | ⏭️ skipped | ✅ 12088 B |\n" +
            "| **total** | 1 ok, 0 failed, 1 skipped | 1 ok, 1 failed, 0 skipped |\n",
            Matrix().ToMarkdown());
    }

    [Fact]
    public void TextAlignsItsColumns()
    {
        Assert.Equal(
            "  sketch    uno                        arduino_zero_native\n" +
            "  Blink     ok 924                     FAILED\n" +
            "  SamdOnly  skipped                    ok 12088\n" +
            "  total     1 ok, 0 failed, 1 skipped  1 ok, 1 failed, 0 skipped\n",
            Matrix().ToText("  "));
    }

    [Fact]
    public void JsonHasEveryCellWithItsStatus()
    {
        var m = Assert.IsType<Dictionary<string, object?>>(Json.Parse(Matrix().ToJson()));
        var boards = Assert.IsType<List<object?>>(m["boards"]).Cast<Dictionary<string, object?>>().ToList();
        Assert.Equal(new object?[] { "uno", "arduino_zero_native" }, boards.Select(b => b["boardKey"]));
        Assert.Equal(1L, boards[0]["skipped"]);
        Assert.Equal(1L, boards[1]["failed"]);
        var sketches = Assert.IsType<List<object?>>(m["sketches"]).Cast<Dictionary<string, object?>>().ToList();
        var samd = Assert.IsType<Dictionary<string, object?>>(sketches[1]["boards"]);
        var onUno = Assert.IsType<Dictionary<string, object?>>(samd["uno"]);
        Assert.Equal("skipped", onUno["status"]);
        Assert.Equal("the sketch is for samd, not arduino:avr:uno", onUno["note"]);
        Assert.Equal(12088L, Assert.IsType<Dictionary<string, object?>>(samd["arduino_zero_native"])["flashBytes"]);
        Assert.True(Matrix().AnyFailed);
    }

    [Fact]
    public void ASketchMissingOnABoardIsADash()
    {
        var m = new BoardMatrix(new[]
        {
            new BoardReport { BoardKey = "uno", Sketches = new[] { Sketch("A|B", "ok", 1) } },
            new BoardReport { BoardKey = "mega", Sketches = Array.Empty<ProjectResult>() },
        });
        Assert.Contains("| A\\|B | ✅ 1 B | – |", m.ToMarkdown());
        Assert.Null(m.Cell("/s/A|B/A|B.fbproj", "mega"));
        Assert.False(m.AnyFailed);
    }

    [Fact]
    public void SkippedIsNeitherOkNorFailed()
    {
        var r = new BoardReport { Sketches = new[] { Sketch("A", "ok"), Sketch("B", "skipped"), Sketch("C", "failed") } };
        Assert.Equal((1, 1, 1), (r.OkCount, r.FailedCount, r.SkippedCount));
        var summary = Assert.IsType<Dictionary<string, object?>>(r.ToJsonValue()["summary"]);
        Assert.Equal(1, summary["skipped"]);
    }
}

public sealed class SketchSupportTests
{
    private const string Uno = "arduino:avr:uno";
    private const string Zero = "arduino:samd:arduino_zero_native";

    private static string? WhyNot(SketchSupport s, string fqbn) =>
        s.WhyNot(fqbn, fqbn.Split(':')[2], fqbn.Split(':')[2], fqbn.Split(':')[1]);

    [Fact]
    public void NoRulesMeanEveryBoard()
    {
        var s = new SketchSupport("", null, " ", "");
        Assert.True(s.IsUnrestricted);
        Assert.Null(WhyNot(s, Uno));
        Assert.Null(WhyNot(s, Zero));
    }

    [Fact]
    public void SupportedArchitecturesLimitTheBoards()
    {
        var s = new SketchSupport(null, null, "samd", null);
        Assert.Equal("the sketch is for samd, not arduino:avr:uno", WhyNot(s, Uno));
        Assert.Null(WhyNot(s, Zero));
        Assert.Null(WhyNot(new SketchSupport(null, null, "*", null), Uno));
        Assert.Null(WhyNot(new SketchSupport(null, null, "AVR", null), Uno));
    }

    [Fact]
    public void BoardsAreIdsOrFqbnsAndEitherListAdmits()
    {
        // Supported boards and architectures add up: all avr boards, and the Zero.
        var s = new SketchSupport("arduino_zero_native", null, "avr", null);
        Assert.Null(WhyNot(s, Uno));
        Assert.Null(WhyNot(s, Zero));
        Assert.NotNull(WhyNot(s, "arduino:samd:mkr1000"));
        // An FQBN names the vendor and architecture too; its options are ignored.
        var fqbn = new SketchSupport("arduino:avr:mega:cpu=atmega1280", null, null, null);
        Assert.Null(WhyNot(fqbn, "arduino:avr:mega:cpu=atmega2560"));
        Assert.NotNull(WhyNot(fqbn, "other:avr:mega"));
        Assert.True(SketchSupport.BoardMatches("uno", Uno, "uno", "uno"));
        Assert.True(SketchSupport.BoardMatches("nano-cpu=atmega328old", "arduino:avr:nano", "nano", "nano-cpu=atmega328old"));
    }

    [Fact]
    public void ExclusionsWin()
    {
        Assert.Equal("the sketch excludes board 'uno'", WhyNot(new SketchSupport(null, "uno;mega", "avr", null), Uno));
        Assert.Equal("the sketch excludes architecture 'samd'", WhyNot(new SketchSupport(Zero, null, null, "samd"), Zero));
        Assert.Null(WhyNot(new SketchSupport(null, "mega", null, null), Uno));
    }

    [Fact]
    public void SketchYamlGivesItsProfilesBoards()
    {
        const string yaml = """
            profiles:
              zero:
                notes: the Zero
                fqbn: arduino:samd:arduino_zero_native
                platforms:
                  - platform: arduino:samd (1.8.14)
              uno:
                fqbn: "arduino:avr:uno"
            default_fqbn: arduino:samd:arduino_zero_native
            # fqbn: arduino:avr:mega (a comment)
            """;
        Assert.Equal(new[] { Zero, Uno }, SketchSupport.SketchYamlBoards(yaml));
        var s = new SketchSupport("", "", "", "").WithSupportedBoards(SketchSupport.SketchYamlBoards(yaml));
        Assert.Null(WhyNot(s, Uno));
        Assert.NotNull(WhyNot(s, "arduino:avr:mega"));
        Assert.Empty(SketchSupport.SketchYamlBoards("profiles: {}\n"));
    }
}
