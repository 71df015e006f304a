using FBuild.Tasks.Build;
using FBuild.Tasks.Records;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace FBuild.Tasks.Tests.Records;

public sealed class SketchRecordTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fbuild-sketchrecord " + Guid.NewGuid().ToString("N"));

    public SketchRecordTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private static SketchRecord Sample()
    {
        var r = new SketchRecord { Key = "k1", FlashBytes = 930, RamBytes = 9, ElfFile = "/o/B.ino.elf", HexFile = "/o/B.ino.hex" };
        r.Objects.Add("/o/obj/B.ino.cpp.o");
        r.Steps.Add(new StepRecord("/o/obj/B.ino.cpp.o.fbstate", "h1", new[] { "/o/obj/B.ino.cpp.o" }));
        r.Steps.Add(new StepRecord("/o/B.ino.elf.fbstate", "h2", new[] { "/o/B.ino.elf", "/o/B.ino.eep", "/o/B.ino.hex" }));
        return r;
    }

    [Fact]
    public void FormatAndParse_RoundTrip()
    {
        var back = SketchRecord.Parse(Sample().Format())!;
        Assert.Equal(Sample().Format(), back.Format());
        Assert.Equal(new[] { "/o/B.ino.elf", "/o/B.ino.eep", "/o/B.ino.hex" }, back.Steps[1].Outputs);
        Assert.Equal(930, back.FlashBytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("fbsketch 0\n")]
    [InlineData("fbsketch 1\nkey k\nflash x\nram 1\nelf /e\nhex \n")]
    public void Parse_RejectsWhatIsNotAWholeRecord(string text) => Assert.Null(SketchRecord.Parse(text));

    [Fact]
    public void Parse_RejectsATruncatedRecord()
    {
        var text = Sample().Format();
        Assert.Null(SketchRecord.Parse(text.Substring(0, text.Length - 5)));
        Assert.Null(SketchRecord.Parse(text.Replace("step h2", "stop h2")));
    }

    [Fact]
    public void WhyStale_CurrentOnlyWhenKeyMatchesAndEveryStepIsCurrent()
    {
        var checkedSteps = new List<string>();
        Assert.Null(SketchRecord.WhyStale(Sample(), "k1", s => { checkedSteps.Add(s.StateFile); return null; }));
        Assert.Equal(2, checkedSteps.Count);
        Assert.Contains("no sketch record", SketchRecord.WhyStale(null, "k1", _ => null));
        Assert.Contains("changed", SketchRecord.WhyStale(Sample(), "k2", _ => null));
        Assert.Contains("B.ino.elf", SketchRecord.WhyStale(Sample(), "k1", s => s.CommandHash == "h2" ? "output missing" : null));
        Assert.Contains("B.ino.cpp.o", SketchRecord.WhyStale(Sample(), "k1", s => s.CommandHash == "h1" ? "'x.h' changed" : null));
    }

    [Fact]
    public void WhyStale_ARecordWithoutTheLinkOrAnObjectsRecordIsStale()
    {
        var noLink = Sample();
        noLink.Steps.RemoveAt(1);
        Assert.Contains("no link", SketchRecord.WhyStale(noLink, "k1", _ => null));
        var noObject = Sample();
        noObject.Objects.Add("/o/obj/extra.cpp.o");
        Assert.Contains("object", SketchRecord.WhyStale(noObject, "k1", _ => null));
        var noObjects = Sample();
        noObjects.Objects.Clear();
        Assert.NotNull(SketchRecord.WhyStale(noObjects, "k1", _ => null));
    }

    // The tasks over real build records: saved after a chain, checked at once, stale on any change.
    private (FBuildCheckSketchUpToDate Task, FakeBuildEngine Engine) Check(string step, string recipeC = "gcc -c")
    {
        var engine = new FakeBuildEngine();
        var task = new FBuildCheckSketchUpToDate
        {
            BuildEngine = engine, RecordFile = Path.Combine(_dir, "sketch.fbuptodate"), LogFile = Path.Combine(_dir, "build.log"),
            Sources = new ITaskItem[] { new TaskItem(Path.Combine(_dir, "a.cpp")) },
            KeyItems = new ITaskItem[] { new TaskItem(Path.Combine(_dir, "core.a"), new Dictionary<string, string> { ["Kind"] = "Core" }) },
            KeyProperties = _dir + "|32256", RecipeC = recipeC, RecipeCpp = "g++ -c", RecipeLink = "gcc -o",
        };
        Assert.True(task.Execute(), step);
        return (task, engine);
    }

    private void Chain(string key)
    {
        var src = Path.Combine(_dir, "a.cpp");
        var obj = Path.Combine(_dir, "a.cpp.o");
        var elf = Path.Combine(_dir, "a.elf");
        var hex = Path.Combine(_dir, "a.hex");
        var old = DateTime.UtcNow.AddMinutes(-5);
        var o = new BuildRecord(obj, "hc");
        o.Begin(new[] { src });
        File.WriteAllText(obj, "object");
        File.SetLastWriteTimeUtc(obj, old);
        o.Save(new[] { src });
        var l = new BuildRecord(elf, "hl", new[] { hex });
        l.Begin(new[] { obj });
        File.WriteAllText(elf, "elf");
        File.WriteAllText(hex, ":00000001FF\n");
        File.SetLastWriteTimeUtc(elf, old);
        File.SetLastWriteTimeUtc(hex, old);
        l.Save(new[] { obj });
        Assert.True(new FBuildSaveSketchRecord
        {
            BuildEngine = new FakeBuildEngine(), RecordFile = Path.Combine(_dir, "sketch.fbuptodate"), Key = key,
            Objects = new ITaskItem[] { new TaskItem(obj) }, ElfFile = elf, HexFile = hex, FlashBytes = 930, RamBytes = 9,
        }.Execute());
    }

    [Fact]
    public void Tasks_SaveThenCheck_SkipsOnlyWhileEverythingHolds()
    {
        var src = Path.Combine(_dir, "a.cpp");
        File.WriteAllText(src, "int a;\n");
        File.SetLastWriteTimeUtc(src, DateTime.UtcNow.AddMinutes(-10));
        File.WriteAllText(Path.Combine(_dir, "build.log"), "# started\n");

        var (first, _) = Check("first");
        Assert.False(first.UpToDate);
        Chain(first.Key);
        var (second, _) = Check("no-op");
        Assert.True(second.UpToDate, second.Reason);
        Assert.Equal(930, second.FlashBytes);
        Assert.Equal(Path.Combine(_dir, "a.elf"), second.ElfFile);
        Assert.Equal(new[] { Path.Combine(_dir, "a.cpp.o") }, second.Objects.Select(i => i.ItemSpec));
        Assert.Contains(FBuildCheckSketchUpToDate.FastPathLogLine, File.ReadAllText(Path.Combine(_dir, "build.log")));

        // Another recipe: another key, the chain runs (and the stale sketch record is gone until it succeeds).
        var (recipe, _) = Check("recipe", "gcc -c -O2");
        Assert.False(recipe.UpToDate);
        Assert.False(File.Exists(Path.Combine(_dir, "sketch.fbuptodate")));
        Chain(second.Key);
        Assert.True(Check("again").Task.UpToDate);

        // A source edited: its object's record is stale.
        File.WriteAllText(src, "int b;\n");
        var (edited, _) = Check("edited");
        Assert.False(edited.UpToDate);
        Assert.Contains("a.cpp", edited.Reason);
        Chain(second.Key);
        Assert.True(Check("again").Task.UpToDate);

        // An output damaged behind the build's back (the .hex the link record covers).
        File.WriteAllText(Path.Combine(_dir, "a.hex"), ":00000001FE\n");
        Assert.False(Check("hex").Task.UpToDate);
        Chain(second.Key);

        // A failed chain leaves no sketch record: the next check runs the chain again.
        File.Delete(Path.Combine(_dir, "a.cpp.o.fbstate"));
        Assert.False(Check("failed").Task.UpToDate);
        Assert.False(Check("still").Task.UpToDate);
    }

    [Fact]
    public void SaveSketchRecord_WritesNothingWhenAStepRecordIsMissing()
    {
        var obj = Path.Combine(_dir, "a.cpp.o");
        File.WriteAllText(obj, "object");
        Assert.True(new FBuildSaveSketchRecord
        {
            BuildEngine = new FakeBuildEngine(), RecordFile = Path.Combine(_dir, "sketch.fbuptodate"), Key = "k",
            Objects = new ITaskItem[] { new TaskItem(obj) }, ElfFile = Path.Combine(_dir, "a.elf"),
        }.Execute());
        Assert.False(File.Exists(Path.Combine(_dir, "sketch.fbuptodate")));
    }
}
