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

    /// <summary>A record saved an hour after its output was written, so the output's stamps are conclusive.</summary>
    private (BuildRecord Record, string Output, string Hex) Built(string name)
    {
        var input = Path.Combine(_dir, name + ".c");
        var output = Path.Combine(_dir, name + ".elf");
        var hex = Path.Combine(_dir, name + ".hex");
        File.WriteAllText(input, "int x;\n");
        File.WriteAllText(output, "an elf image, some bytes long");
        File.WriteAllText(hex, ":00000001FF\n");
        var old = DateTime.UtcNow.AddMinutes(-5);
        foreach (var f in new[] { input, output, hex }) File.SetLastWriteTimeUtc(f, old);
        var record = new BuildRecord(output, "h", new[] { hex });
        record.Begin(new[] { input });
        record.Save(new[] { input });
        return (record, output, hex);
    }

    [Fact]
    public void Outputs_AreRecordedWithTheirStamps()
    {
        var (record, output, hex) = Built("rec");
        var state = InputState.Load(record.StateFile)!;
        Assert.Equal(new[] { output, hex }, state.Outputs.Select(o => o.Path));
        Assert.All(state.Outputs, o => Assert.Equal(64, o.Digest.Length));
        Assert.Null(record.WhyStale(refresh: false));
    }

    [Fact]
    public void AnOutputTruncatedWithItsOldMtime_IsStale()
    {
        var (record, output, _) = Built("trunc");
        var mtime = File.GetLastWriteTimeUtc(output);
        using (var f = new FileStream(output, FileMode.Open)) f.SetLength(10);
        File.SetLastWriteTimeUtc(output, mtime);
        Assert.Equal($"output '{output}' changed (size)", record.WhyStale(refresh: false));
    }

    [Fact]
    public void AnOutputEditedInPlaceWithItsOldSizeAndMtime_IsStaleByContent()
    {
        var (record, output, _) = Built("edit");
        var mtime = File.GetLastWriteTimeUtc(output);
        File.WriteAllText(output, "an ELF image, some bytes long");
        File.SetLastWriteTimeUtc(output, mtime);
        Assert.Equal($"output '{output}' changed (content)", record.WhyStale(refresh: false));
    }

    [Fact]
    public void AnOutputReplacedOrDeleted_IsStale()
    {
        var (record, output, hex) = Built("repl");
        File.Delete(hex);
        Assert.Equal($"output '{hex}' missing", record.WhyStale(refresh: false));
        File.WriteAllText(hex, ":00000001EE\n");
        Assert.Equal($"output '{hex}' changed (content)", record.WhyStale(refresh: false));
        File.Delete(output);
        Assert.Equal($"output '{output}' missing", record.WhyStale(refresh: false));
    }

    [Fact]
    public void AnOutputRewrittenWithTheSameBytes_IsCurrent_AndTheRecordIsRefreshed()
    {
        var (record, output, _) = Built("same");
        var bytes = File.ReadAllBytes(output);
        File.WriteAllBytes(output, bytes);
        File.SetLastWriteTimeUtc(output, DateTime.UtcNow.AddMinutes(-3));
        var before = InputState.Load(record.StateFile)!.Outputs[0].Stamp;
        Assert.Null(record.WhyStale(refresh: false));
        Assert.Null(InputState.WhyStale(record.Outputs, true, record.StateFile, record.CommandHash, DateTime.UtcNow.AddHours(1).Ticks));
        var after = InputState.Load(record.StateFile)!.Outputs[0].Stamp;
        Assert.NotEqual(before, after);
        Assert.Equal(FBuild.Tasks.FileSystem.FileStamp.Of(output), after);
    }

    [Fact]
    public void ARecordWithoutTheOutput_IsStale()
    {
        var (record, output, hex) = Built("norec");
        var other = new BuildRecord(output, "h", new[] { hex, Path.Combine(_dir, "norec.bin") });
        File.WriteAllText(Path.Combine(_dir, "norec.bin"), "bin");
        Assert.StartsWith("no record of output", other.WhyStale(refresh: false));
    }
}
