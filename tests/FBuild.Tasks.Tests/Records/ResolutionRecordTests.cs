using FBuild.Tasks.FileSystem;
using FBuild.Tasks.Records;

namespace FBuild.Tasks.Tests.Records;

public sealed class ResolutionRecordTests
{
    private static ResolutionRecord Sample() => new(
        "key1",
        new List<(string, FileStamp)> { ("/s/Blink.ino", new FileStamp(10, 100, 200)), ("/lib/src/", new FileStamp(0, 300, 400)), ("/core/heavy/", FileStamp.Missing) },
        new List<RecordedItem>
        {
            new("Libraries", "Heavy\tLib", new List<KeyValuePair<string, string>> { new("LibraryDir", "/lib"), new("Version", "") }),
            new("LibrarySources", "/lib/src/a.cpp", new List<KeyValuePair<string, string>>()),
        },
        new List<RecordedMessage> { new("warning", "FB0155", "/x/library.properties", 3, "line\nwith \\ and\ttab") });

    [Fact]
    public void SerializeParse_RoundTrips()
    {
        var back = ResolutionRecord.Parse(Sample().Serialize())!;
        Assert.Equal("key1", back.Key);
        Assert.Equal(Sample().Observations, back.Observations);
        Assert.Equal("Heavy\tLib", back.Items[0].Spec);
        Assert.Equal(new[] { "LibraryDir", "Version" }, back.Items[0].Metadata.Select(m => m.Key));
        Assert.Empty(back.Items[1].Metadata);
        Assert.Equal(Sample().Messages[0], back.Messages[0]);
    }

    [Fact]
    public void Parse_RejectsATruncatedOrForeignText()
    {
        var text = Sample().Serialize();
        Assert.Null(ResolutionRecord.Parse(text.Substring(0, text.Length - 5)));
        Assert.Null(ResolutionRecord.Parse("fbresolve 9\nK\tx\n"));
        Assert.Null(ResolutionRecord.Parse("fbresolve 1\nS\t/a\tnot-a-number\t1\t2\n"));
    }

    [Fact]
    public void WhyStale_NullOnlyWhenTheKeyAndEveryStampHold()
    {
        var record = Sample();
        var now = record.Observations.ToDictionary(o => o.Path, o => o.Stamp);
        FileStamp StampOf(string p) => now[p];
        Assert.Null(record.WhyStale("key1", StampOf, _ => true));
        Assert.Equal("the inputs changed", record.WhyStale("key2", StampOf, _ => true));
        Assert.Contains("too soon", record.WhyStale("key1", StampOf, s => s.Size != 10));

        now["/lib/src/"] = new FileStamp(0, 301, 401);      // an entry added to a folder the search listed
        Assert.Equal("'/lib/src/' changed", record.WhyStale("key1", StampOf, _ => true));
        now["/lib/src/"] = new FileStamp(0, 300, 400);
        now["/core/heavy/"] = new FileStamp(0, 500, 500);   // a folder that did not exist now does
        Assert.Equal("'/core/heavy/' changed", record.WhyStale("key1", StampOf, _ => true));
    }
}
