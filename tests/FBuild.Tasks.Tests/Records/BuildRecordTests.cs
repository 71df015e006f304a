using FBuild.Tasks.Records;

namespace FBuild.Tasks.Tests.Records;

public sealed class BuildRecordTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fbuild-record " + Guid.NewGuid().ToString("N"));

    public BuildRecordTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    [Fact]
    public void CheckBeginSave_RecordsTheInputsBesideTheOutput()
    {
        var input = Path.Combine(_dir, "a.c");
        var output = Path.Combine(_dir, "a.c.o");
        File.WriteAllText(input, "int a;\n");
        File.SetLastWriteTimeUtc(input, DateTime.UtcNow.AddMinutes(-5));
        var record = new BuildRecord(output, InputState.Hash(new[] { "gcc", "a.c" }));
        Assert.Equal(output + ".fbstate", record.StateFile);
        Assert.Equal("output missing", record.WhyStale(refresh: false));

        File.WriteAllText(output, "object");
        Assert.Equal("no build record", record.WhyStale(refresh: false));
        record.Begin(new[] { input });
        var state = record.Save(new[] { input });
        Assert.False(state.Inputs.Single().ChangedDuringBuild);
        Assert.Null(record.WhyStale(refresh: false));
        Assert.Equal("command line changed", new BuildRecord(output, InputState.Hash(new[] { "gcc", "-O2", "a.c" })).WhyStale(refresh: false));

        // Begin drops the old record (a failed run leaves none); Observe keeps it until Save.
        record.Observe(new[] { input });
        Assert.True(File.Exists(record.StateFile));
        record.Begin(new[] { input });
        Assert.False(File.Exists(record.StateFile));
    }

    [Fact]
    public void AnInputChangedWhileTheToolRan_IsRecordedAsSuch()
    {
        var input = Path.Combine(_dir, "b.c");
        var output = Path.Combine(_dir, "b.c.o");
        File.WriteAllText(input, "int b;\n");
        File.SetLastWriteTimeUtc(input, DateTime.UtcNow.AddMinutes(-5));
        File.WriteAllText(output, "object");
        var record = new BuildRecord(output, "h");
        record.Begin(new[] { input });
        File.WriteAllText(input, "int b = 2;\n");
        Assert.True(record.Save(new[] { input }).Inputs.Single().ChangedDuringBuild);
        Assert.NotNull(record.WhyStale(refresh: false));
    }
}
