using System.Globalization;
using FBuild.Tasks.Reporting;
using Microsoft.Build.Framework;
using TaskItem = Microsoft.Build.Utilities.TaskItem;

namespace FBuild.Tasks.Tests;

public sealed class ReportTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "fbuild-report-" + Guid.NewGuid().ToString("N"));
    private readonly string _artifacts;

    public ReportTests()
    {
        _artifacts = Path.Combine(_root, "artifacts");
        Directory.CreateDirectory(_artifacts);
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, true); } catch (IOException) { }
    }

    private static T InCulture<T>(string culture, Func<T> f)
    {
        var saved = CultureInfo.CurrentCulture;
        var savedUi = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
            return f();
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
            CultureInfo.CurrentUICulture = savedUi;
        }
    }

    [Fact]
    public void PhasesTsv_FormatIsInvariantUnderACommaCulture()
    {
        var tsv = InCulture("de-DE", () => ReportFormat.PhasesTsv(new BuildPhases(1.5, 2.25, 12.3456)));
        Assert.Equal("phase\tseconds\nstage1_archives\t1.500\nstage2_sketches\t2.250\ntotal\t12.346\n", tsv);
    }

    [Fact]
    public void PhasesTsv_Zero()
    {
        Assert.Equal("phase\tseconds\nstage1_archives\t0.000\nstage2_sketches\t0.000\ntotal\t0.000\n", ReportFormat.PhasesTsv(new BuildPhases(0, 0, 0)));
    }

    // ---- FBuildWriteResult + FBuildWriteReport run directly ----

    private string ResultPath(string boardKey, string sketch) => Path.Combine(_artifacts, boardKey, "sketches", sketch, "result.json");

    private bool WriteResult(FakeBuildEngine engine, string boardKey, string name, string status, long startTicks,
        string flash = "", string ram = "", string kind = "sketch", string? resultFile = null, string maxRam = "2048", params string[] libraries)
    {
        var task = new FBuildWriteResult
        {
            BuildEngine = engine,
            ResultFile = resultFile ?? ResultPath(boardKey, name),
            Kind = kind,
            Name = name,
            Project = Path.Combine(_root, "src", name, name + ".fbproj"),
            Board = boardKey.Split('-')[0],
            BoardKey = boardKey,
            Status = status,
            StartTicks = startTicks.ToString(CultureInfo.InvariantCulture),
            LogFile = Path.Combine(_artifacts, boardKey, "sketches", name, "build.log"),
            HexFile = Path.Combine(_artifacts, boardKey, "sketches", name, name + ".ino.hex"),
            FlashBytes = flash,
            MaxFlash = "32256",
            RamBytes = ram,
            MaxRam = maxRam,
            Libraries = libraries.Select(l => (ITaskItem)new TaskItem(l)).ToArray(),
        };
        return task.Execute();
    }

    private ITaskItem SketchItem(string boardKey, string name)
    {
        var item = new TaskItem(Path.Combine(_root, "src", name, name + ".fbproj"));
        item.SetMetadata("ResultFile", ResultPath(boardKey, name));
        item.SetMetadata("BoardKey", boardKey);
        item.SetMetadata("Name", name);
        item.SetMetadata("FrameworkResultFile", Path.Combine(_artifacts, boardKey, "framework", "result.json"));
        return item;
    }

    private (bool Ok, FBuildWriteReport Task) Report(FakeBuildEngine engine, long startTicks, params ITaskItem[] sketches)
    {
        var task = new FBuildWriteReport
        {
            BuildEngine = engine,
            ArtifactsPath = _artifacts,
            StartTicks = startTicks.ToString(CultureInfo.InvariantCulture),
            Sketches = sketches,
        };
        return (task.Execute(), task);
    }

    private Dictionary<string, object?> ReadResults(string boardKey) =>
        Assert.IsType<Dictionary<string, object?>>(Json.Parse(File.ReadAllText(Path.Combine(_artifacts, boardKey, "results.json"))));

    private static Dictionary<string, object?> SketchNamed(Dictionary<string, object?> results, string name) =>
        Assert.Single(Assert.IsType<List<object?>>(results["sketches"]).Cast<Dictionary<string, object?>>(), s => (string?)s["name"] == name);

    [Fact]
    public void WriteResult_OkSketch()
    {
        var engine = new FakeBuildEngine();
        long start = DateTime.UtcNow.Ticks - TimeSpan.FromSeconds(2).Ticks;

        Assert.True(WriteResult(engine, "uno", "Good", "ok", start, "924", "9", libraries: new[] { "Servo", "Wire" }));

        var r = Assert.IsType<Dictionary<string, object?>>(Json.Parse(File.ReadAllText(ResultPath("uno", "Good"))));
        Assert.Equal("sketch", r["kind"]);
        Assert.Equal("ok", r["status"]);
        Assert.Equal("uno", r["boardKey"]);
        Assert.Equal(924L, r["flashBytes"]);
        Assert.Equal(32256L, r["flashMax"]);
        Assert.Equal(2.9, r["flashPercent"]);   // 924 / 32256 = 2.86 %
        Assert.Equal(9L, r["ramBytes"]);
        Assert.Equal(0.4, r["ramPercent"]);     // 9 / 2048 = 0.44 %
        Assert.Equal(start, r["startTicks"]);
        Assert.True((long)r["endTicks"]! >= start + TimeSpan.FromSeconds(2).Ticks);
        Assert.InRange(Convert.ToDouble(r["seconds"], CultureInfo.InvariantCulture), 1.9, 60);
        Assert.EndsWith("Good.ino.hex", (string)r["hex"]!);
        Assert.Equal(new List<object?> { "Servo", "Wire" }, r["libraries"]);
        Assert.False(File.Exists(ResultPath("uno", "Good") + ".tmp"));
        Assert.Empty(engine.Errors);
    }

    [Fact]
    public void WriteResult_FailedSketchHasNoHexOrSizes()
    {
        var engine = new FakeBuildEngine();
        Assert.True(WriteResult(engine, "uno", "Bad", "failed", DateTime.UtcNow.Ticks));

        var r = Assert.IsType<Dictionary<string, object?>>(Json.Parse(File.ReadAllText(ResultPath("uno", "Bad"))));
        Assert.Equal("failed", r["status"]);
        Assert.Null(r["hex"]);
        Assert.Null(r["flashBytes"]);
        Assert.Null(r["flashPercent"]);
        Assert.Equal(32256L, r["flashMax"]);
        Assert.Empty(Assert.IsType<List<object?>>(r["libraries"]));
    }

    [Fact]
    public void WriteResult_FrameworkHasNoSketchFields()
    {
        var engine = new FakeBuildEngine();
        var file = Path.Combine(_artifacts, "uno", "framework", "result.json");
        Assert.True(WriteResult(engine, "uno", "framework", "ok", DateTime.UtcNow.Ticks, kind: "framework", resultFile: file));
        var r = Assert.IsType<Dictionary<string, object?>>(Json.Parse(File.ReadAllText(file)));
        Assert.Equal("framework", r["kind"]);
        Assert.False(r.ContainsKey("flashBytes"));
        Assert.False(r.ContainsKey("hex"));
    }

    [Fact]
    public void EndToEnd_OneOkOneFailed()
    {
        var engine = new FakeBuildEngine();
        long start = DateTime.UtcNow.Ticks - TimeSpan.FromSeconds(1).Ticks;

        var (ok, task) = InCulture("de-DE", () =>
        {
            Assert.True(WriteResult(engine, "uno", "framework", "ok", start, kind: "framework",
                resultFile: Path.Combine(_artifacts, "uno", "framework", "result.json")));
            Assert.True(WriteResult(engine, "uno", "Good", "ok", start, "924", "9", libraries: new[] { "Servo" }));
            Assert.True(WriteResult(engine, "uno", "Bad", "failed", start));
            return Report(engine, start, SketchItem("uno", "Good"), SketchItem("uno", "Bad"));
        });

        Assert.False(ok);

        var results = ReadResults("uno");
        Assert.Equal("uno", results["board"]);
        Assert.Equal("uno", results["boardKey"]);
        var summary = Assert.IsType<Dictionary<string, object?>>(results["summary"]);
        Assert.Equal(2L, summary["sketches"]);
        Assert.Equal(1L, summary["ok"]);
        Assert.Equal(1L, summary["failed"]);
        Assert.NotNull(results["framework"]);

        var good = SketchNamed(results, "Good");
        Assert.Equal("ok", good["status"]);
        Assert.Equal(2.9, good["flashPercent"]);
        Assert.Equal(0.4, good["ramPercent"]);
        Assert.Equal(924L, good["flashBytes"]);
        var bad = SketchNamed(results, "Bad");
        Assert.Equal("failed", bad["status"]);
        Assert.Null(bad["flashPercent"]);

        var phases = Assert.IsType<Dictionary<string, object?>>(results["phases"]);
        Assert.True(phases.ContainsKey("stage1_archives") && phases.ContainsKey("stage2_sketches") && phases.ContainsKey("total"));

        var tsvPath = Path.Combine(_artifacts, "uno", "phases.tsv");
        Assert.True(File.Exists(tsvPath));
        var tsv = File.ReadAllLines(tsvPath);
        Assert.Equal("phase\tseconds", tsv[0]);
        Assert.Matches(@"^stage1_archives\t[0-9]+\.[0-9]{3}$", tsv[1]);
        Assert.Matches(@"^stage2_sketches\t[0-9]+\.[0-9]{3}$", tsv[2]);
        Assert.Matches(@"^total\t[0-9]+\.[0-9]{3}$", tsv[3]);

        var error = Assert.Single(engine.Errors);
        Assert.Equal("FB0050", error.Code);
        Assert.Equal(FBuildErrors.SketchesFailed, error.Code);
        Assert.Contains("Bad [uno]", error.Message);
        Assert.Contains("1 sketch(es) failed", error.Message);
        Assert.DoesNotContain("Good", error.Message);

        Assert.Equal(new[] { Path.Combine(_artifacts, "uno", "results.json"), tsvPath }, task.ReportFiles.Select(f => f.ItemSpec));
        Assert.Contains("FBuild [uno]: 2 sketches, 1 ok, 1 failed", engine.MessageText);
    }

    [Fact]
    public void SummaryShowsNoPercentageWithoutAMaximum()
    {
        var engine = new FakeBuildEngine();
        long start = DateTime.UtcNow.Ticks - 1;
        Assert.True(WriteResult(engine, "gemma", "Blink", "ok", start, "684", "9", maxRam: ""));

        Assert.True(Report(engine, start, SketchItem("gemma", "Blink")).Ok);

        Assert.Null(SketchNamed(ReadResults("gemma"), "Blink")["ramPercent"]);
        var row = engine.MessageText.Split('\n').Single(l => l.TrimStart().StartsWith("Blink"));
        Assert.Matches(@"684 \(2\.1%\) +9$", row);
        Assert.DoesNotContain("(%)", engine.MessageText);
    }

    [Fact]
    public void EndToEnd_AllOkSucceeds()
    {
        var engine = new FakeBuildEngine();
        long start = DateTime.UtcNow.Ticks - 1;
        Assert.True(WriteResult(engine, "uno", "A", "ok", start, "100", "10"));
        Assert.True(WriteResult(engine, "uno", "B", "ok", start, "200", "20"));

        var (ok, _) = Report(engine, start, SketchItem("uno", "B"), SketchItem("uno", "A"));

        Assert.True(ok);
        Assert.Empty(engine.Errors);
        var summary = Assert.IsType<Dictionary<string, object?>>(ReadResults("uno")["summary"]);
        Assert.Equal(2L, summary["ok"]);
        Assert.Equal(0L, summary["failed"]);
    }

    [Fact]
    public void StaleResultFromAnEarlierBuildCountsAsFailed()
    {
        var engine = new FakeBuildEngine();
        Assert.True(WriteResult(engine, "uno", "Old", "ok", DateTime.UtcNow.Ticks - TimeSpan.FromMinutes(5).Ticks, "924", "9"));
        var endTicks = (long)Assert.IsType<Dictionary<string, object?>>(Json.Parse(File.ReadAllText(ResultPath("uno", "Old"))))["endTicks"]!;

        // This build started after that result was written, and the sketch wrote nothing new.
        var (ok, _) = Report(engine, endTicks + 1, SketchItem("uno", "Old"));

        Assert.False(ok);
        var old = SketchNamed(ReadResults("uno"), "Old");
        Assert.Equal("failed", old["status"]);
        Assert.NotNull(old["note"]);
        var summary = Assert.IsType<Dictionary<string, object?>>(ReadResults("uno")["summary"]);
        Assert.Equal(0L, summary["ok"]);
        Assert.Equal(1L, summary["failed"]);
        var error = Assert.Single(engine.Errors);
        Assert.Equal("FB0050", error.Code);
        Assert.Contains("Old [uno]", error.Message);
    }

    [Fact]
    public void ResultWrittenAtTheStartTickIsCurrent()
    {
        var engine = new FakeBuildEngine();
        Assert.True(WriteResult(engine, "uno", "Edge", "ok", DateTime.UtcNow.Ticks, "1", "1"));
        var endTicks = (long)Assert.IsType<Dictionary<string, object?>>(Json.Parse(File.ReadAllText(ResultPath("uno", "Edge"))))["endTicks"]!;

        var (ok, _) = Report(engine, endTicks, SketchItem("uno", "Edge"));

        Assert.True(ok);
    }

    [Fact]
    public void MissingOrCorruptResultCountsAsFailed()
    {
        var engine = new FakeBuildEngine();
        long start = DateTime.UtcNow.Ticks;
        var corrupt = ResultPath("uno", "Corrupt");
        Directory.CreateDirectory(Path.GetDirectoryName(corrupt)!);
        File.WriteAllText(corrupt, "{\"status\": \"ok\", \"endTicks\": ");

        var (ok, _) = Report(engine, start, SketchItem("uno", "Missing"), SketchItem("uno", "Corrupt"));

        Assert.False(ok);
        var results = ReadResults("uno");
        Assert.Equal("failed", SketchNamed(results, "Missing")["status"]);
        Assert.Equal("failed", SketchNamed(results, "Corrupt")["status"]);
        Assert.Contains("2 sketch(es) failed", Assert.Single(engine.Errors).Message);
    }

    [Fact]
    public void OneReportPerBoardKey()
    {
        var engine = new FakeBuildEngine();
        long start = DateTime.UtcNow.Ticks - 1;
        Assert.True(WriteResult(engine, "uno", "Blink", "ok", start, "924", "9"));
        Assert.True(WriteResult(engine, "nano-cpu_atmega328old", "Blink", "failed", start));

        var (ok, task) = Report(engine, start, SketchItem("uno", "Blink"), SketchItem("nano-cpu_atmega328old", "Blink"));

        Assert.False(ok);
        Assert.Equal(4, task.ReportFiles.Length);
        Assert.Equal("ok", SketchNamed(ReadResults("uno"), "Blink")["status"]);
        var nano = ReadResults("nano-cpu_atmega328old");
        Assert.Equal("nano", nano["board"]);
        Assert.Equal("failed", SketchNamed(nano, "Blink")["status"]);
        var error = Assert.Single(engine.Errors);
        Assert.Contains("Blink [nano-cpu_atmega328old]", error.Message);
        Assert.DoesNotContain("[uno]", error.Message);
    }

    [Fact]
    public void ResultWithoutStatusCountsAsFailed()
    {
        var engine = new FakeBuildEngine();
        long start = DateTime.UtcNow.Ticks;
        var file = ResultPath("uno", "Odd");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "{\"endTicks\": " + (start + 1).ToString(CultureInfo.InvariantCulture) + "}");

        var (ok, _) = Report(engine, start, SketchItem("uno", "Odd"));

        Assert.False(ok);
        Assert.Equal("FB0050", Assert.Single(engine.Errors).Code);
    }

    // ---- the result model and the report text ----

    [Fact]
    public void ProjectResult_ParseAndToJsonGiveTheWrittenTextBack()
    {
        var engine = new FakeBuildEngine();
        Assert.True(WriteResult(engine, "uno", "Good", "ok", DateTime.UtcNow.Ticks - 1, "924", "9", libraries: new[] { "Servo" }));
        Assert.True(WriteResult(engine, "uno", "Bad", "failed", DateTime.UtcNow.Ticks));
        var fw = Path.Combine(_artifacts, "uno", "framework", "result.json");
        Assert.True(WriteResult(engine, "uno", "framework", "ok", DateTime.UtcNow.Ticks, kind: "framework", resultFile: fw));

        foreach (var file in new[] { ResultPath("uno", "Good"), ResultPath("uno", "Bad"), fw })
        {
            var text = File.ReadAllText(file);
            Assert.Equal(text, ProjectResult.Parse(text).ToJson());
        }
        var good = ProjectResult.Parse(File.ReadAllText(ResultPath("uno", "Good")));
        Assert.Equal((924L, 2.9, 9L, 0.4), (good.Size!.FlashBytes, good.Size.FlashPercent, good.Size.RamBytes, good.Size.RamPercent));
        Assert.Equal(new[] { "Servo" }, good.Libraries);
        Assert.Equal(BuildCounters.Zero, good.Counters);
        Assert.Null(ProjectResult.Parse(File.ReadAllText(fw)).Size);
    }

    [Fact]
    public void ProjectResult_MissingHasANoteAndNoTimesSizesOrCounters()
    {
        var json = ProjectResult.Missing("X", "/p/X.fbproj", "uno").ToJsonValue();
        Assert.Equal(new[] { "kind", "name", "project", "board", "boardKey", "status", "seconds", "log", "note" }, json.Keys);
        Assert.Equal("failed", json["status"]);
        Assert.Null(json["seconds"]);
    }

    [Fact]
    public void ProjectResult_CountersAreWrittenAsObjectsRebuiltAndACacheObject()
    {
        var r = new ProjectResult { Kind = "framework", Status = "ok", Counters = new BuildCounters(5, 1, 2, 3, 4, 6) };
        var json = r.ToJsonValue();
        Assert.Equal(5L, json["objectsRebuilt"]);
        Assert.Equal("{\"hits\":1,\"misses\":2,\"stores\":3,\"uncacheable\":4,\"evictions\":6}", Json.Serialize(json["cache"], indented: false));
        Assert.Equal(r.Counters, ProjectResult.Parse(r.ToJson()).Counters);
        Assert.Equal(new BuildCounters(6, 2, 2, 3, 4, 6), BuildCounters.Sum(new[] { r.Counters, null, new BuildCounters(1, 1, 0, 0, 0, 0) }));
    }

    [Fact]
    public void BoardReport_ParseAndToJsonGiveTheWrittenTextBack()
    {
        var engine = new FakeBuildEngine();
        long start = DateTime.UtcNow.Ticks - 1;
        Assert.True(WriteResult(engine, "uno", "framework", "ok", start, kind: "framework", resultFile: Path.Combine(_artifacts, "uno", "framework", "result.json")));
        Assert.True(WriteResult(engine, "uno", "Good", "ok", start, "924", "9"));
        Report(engine, start, SketchItem("uno", "Good"), SketchItem("uno", "Missing"));

        var text = File.ReadAllText(Path.Combine(_artifacts, "uno", "results.json"));
        var report = BoardReport.Parse(text);
        Assert.Equal(text, report.ToJson());
        Assert.Equal((1, 1), (report.OkCount, report.FailedCount));
        Assert.NotNull(report.Framework);
        Assert.Equal(ReportFormat.PhasesTsv(report.Phases), File.ReadAllText(Path.Combine(_artifacts, "uno", "phases.tsv")));
    }

    [Fact]
    public void BuildPhases_MeasureFromTheInstants()
    {
        var p = BuildPhases.Measure(start: 0, frameworkStart: 5_000_000, frameworkEnd: 20_000_000, sketchesEnd: 35_000_000, end: 36_000_000);
        Assert.Equal(new BuildPhases(1.5, 1.5, 3.6), p);
        // No sketch ended after the framework: stage 2 is empty, never negative.
        Assert.Equal(0, BuildPhases.Measure(0, 0, 10, 5, 20).Stage2Sketches);
    }

    [Fact]
    public void PhasesLine_IsInvariant()
    {
        Assert.Equal("stage1_archives 1.500 s | stage2_sketches 0.000 s | total 12.346 s",
            InCulture("de-DE", () => ReportFormat.PhasesLine(new BuildPhases(1.5, 0, 12.3456))));
    }

    [Fact]
    public void SketchTable_AlignsItsColumnsWithOrWithoutTheLog()
    {
        var rows = new[]
        {
            new ProjectResult { Name = "BlinkMulti", Status = "ok", Seconds = 0.82, Log = "/a/build.log", Size = new SketchSize(null, 2580, 32256, 247, 2048) },
            new ProjectResult { Name = "Bad", Status = "failed", Note = "no result" },
            new ProjectResult { Name = "SamdOnly", Status = "skipped", Seconds = 0.01, Note = "the sketch is for samd, not arduino:avr:uno" },
        };
        Assert.Equal(
            "sketch      status   seconds         flash          ram  log\n" +
            "BlinkMulti  ok          0.82     2580 (8%)  247 (12.1%)  /a/build.log\n" +
            "Bad         failed         -             -            -  no result\n" +
            "SamdOnly    skipped     0.01             -            -  the sketch is for samd, not arduino:avr:uno\n",
            InCulture("de-DE", () => ReportFormat.SketchTable(rows, withLog: true)));
        Assert.Equal(
            "  sketch      status   seconds         flash          ram\n" +
            "  BlinkMulti  ok          0.82     2580 (8%)  247 (12.1%)\n" +
            "  Bad         failed         -             -            -\n" +
            "  SamdOnly    skipped     0.01             -            -\n",
            ReportFormat.SketchTable(rows, withLog: false, indent: "  "));
    }
}
