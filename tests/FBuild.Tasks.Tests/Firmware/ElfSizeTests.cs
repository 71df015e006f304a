using System.Diagnostics;
using System.Text.RegularExpressions;
using FBuild.Tasks.Firmware;

namespace FBuild.Tasks.Tests.Firmware;

/// <summary>Skips a test when the AVR toolchain (avr-gcc and avr-size) is not installed.</summary>
public sealed class AvrToolchainFactAttribute : FactAttribute
{
    public AvrToolchainFactAttribute()
    {
        if (!File.Exists("/usr/bin/avr-gcc") || !File.Exists("/usr/bin/avr-size")) Skip = "the AVR toolchain is not installed in /usr/bin";
    }
}

public sealed class ElfSizeTests : IDisposable
{
    private const string FlashRegex = @"^(?:\.text|\.data|\.bootloader)\s+([0-9]+).*";
    private const string RamRegex = @"^(?:\.data|\.bss|\.noinit)\s+([0-9]+).*";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fbuild-elfsize-" + Guid.NewGuid().ToString("N"));

    public ElfSizeTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private static string Run(string exe, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var errTask = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{exe} {string.Join(" ", args)} failed ({p.ExitCode}): {errTask.Result}");
        return output;
    }

    /// <summary>Sums the regex's first group over the lines of a real avr-size -A listing, independently of ElfSize.Sum.</summary>
    private static long SumOf(string listing, string regex) =>
        listing.Split('\n').Select(l => Regex.Match(l.TrimEnd('\r'), regex)).Where(m => m.Success).Sum(m => long.Parse(m.Groups[1].Value));

    /// <summary>The (name, size, addr) rows of a size -A listing.</summary>
    private static List<(string, long, long)> Rows(string listing) =>
        listing.Split('\n')
            .Select(l => Regex.Match(l.TrimEnd('\r'), @"^(\.\S+)\s+([0-9]+)\s+([0-9]+)\s*$"))
            .Where(m => m.Success)
            .Select(m => (m.Groups[1].Value, long.Parse(m.Groups[2].Value), long.Parse(m.Groups[3].Value)))
            .ToList();

    private string BuildAvrElf()
    {
        var c = Path.Combine(_dir, "t.c");
        File.WriteAllText(c,
            "volatile unsigned char data_arr[37] = {1,2,3,4,5,6,7,8,9,10};\n" +
            "volatile unsigned char bss_arr[123];\n" +
            "__attribute__((section(\".noinit\"))) volatile unsigned char noinit_arr[11];\n" +
            "int main(void) { bss_arr[5] = data_arr[3]; noinit_arr[1] = bss_arr[2]; return 0; }\n");
        var elf = Path.Combine(_dir, "t.elf");
        Run("/usr/bin/avr-gcc", "-mmcu=atmega328p", "-Os", "-g", "-o", elf, c);
        return elf;
    }

    [AvrToolchainFact]
    public void SumsMatchAvrSize()
    {
        var elf = BuildAvrElf();
        var avrSize = Run("/usr/bin/avr-size", "-A", elf);

        var listing = ElfSize.Listing(ElfSize.ReadSections(elf));

        long flash = ElfSize.Sum(listing, FlashRegex);
        long ram = ElfSize.Sum(listing, RamRegex);
        Assert.Equal(SumOf(avrSize, FlashRegex), flash);
        Assert.Equal(SumOf(avrSize, RamRegex), ram);
        // The known globals are really in there: 37 bytes of .data, 123 of .bss, 11 of .noinit.
        Assert.True(ram >= 37 + 123 + 11, $"ram {ram}");
        Assert.True(flash > 37, $"flash {flash}");
    }

    [AvrToolchainFact]
    public void SectionsMatchAvrSizeRowForRow()
    {
        var elf = BuildAvrElf();
        var expected = Rows(Run("/usr/bin/avr-size", "-A", elf));

        var sections = ElfSize.ReadSections(elf);
        var actual = Rows(ElfSize.Listing(sections));

        Assert.Equal(expected, actual);
        Assert.Contains(sections, s => s.Name == ".symtab");
        var data = sections.Single(s => s.Name == ".data");
        Assert.Equal(0x800100, data.Address);
        Assert.InRange(data.Size, 37, 38);
        Assert.Equal(123, sections.Single(s => s.Name == ".bss").Size);
        Assert.Equal(11, sections.Single(s => s.Name == ".noinit").Size);
    }

    [AvrToolchainFact]
    public void SectionLargerThan64KiBMatchesAvrSize()
    {
        // Three 30000-byte PROGMEM tables for the Mega: .text is larger than 16 bits can hold.
        var c = Path.Combine(_dir, "big.c");
        File.WriteAllText(c,
            "#include <avr/pgmspace.h>\n" +
            "const char a[30000] PROGMEM = {1};\nconst char b[30000] PROGMEM = {2};\nconst char c[30000] PROGMEM = {3};\n" +
            "volatile char sink;\n" +
            "int main(void) { sink = pgm_read_byte(&a[sink]) + pgm_read_byte(&b[sink]) + pgm_read_byte(&c[sink]); return 0; }\n");
        var elf = Path.Combine(_dir, "big.elf");
        Run("/usr/bin/avr-gcc", "-mmcu=atmega2560", "-Os", "-o", elf, c);
        var avrSize = Run("/usr/bin/avr-size", "-A", elf);

        var listing = ElfSize.Listing(ElfSize.ReadSections(elf));

        Assert.Equal(Rows(avrSize), Rows(listing));
        long flash = ElfSize.Sum(listing, FlashRegex);
        Assert.Equal(SumOf(avrSize, FlashRegex), flash);
        Assert.True(flash > 90000, $"flash {flash}");
    }

    [Fact]
    public void Elf64HostBinaryMatchesSize()
    {
        const string bin = "/bin/true";
        if (!File.Exists(bin) || !File.Exists("/usr/bin/size")) return;
        var expected = Rows(Run("/usr/bin/size", "-A", bin));
        Assert.Equal(expected, Rows(ElfSize.Listing(ElfSize.ReadSections(bin))));
    }

    [Fact]
    public void Sum_AppliesRegexPerLine()
    {
        var listing = ".data   38   8388864\n.text   192   0\n.bss   123   8388902\n.noinit   11   8389025\n.textual   5   0\n.comment   17   0\n";
        Assert.Equal(38 + 192, ElfSize.Sum(listing, FlashRegex));
        Assert.Equal(38 + 123 + 11, ElfSize.Sum(listing, RamRegex));
        Assert.Equal(0, ElfSize.Sum(listing, ""));
        Assert.Equal(0, ElfSize.Sum(listing, @"^\.eeprom\s+([0-9]+)"));
    }

    [Fact]
    public void Pattern_IsParsedOncePerPatternText()
    {
        // The same text gives the same compiled instance; another text its own (the cache is keyed by the text).
        Assert.Same(ElfSize.Pattern(FlashRegex), ElfSize.Pattern(FlashRegex));
        Assert.NotSame(ElfSize.Pattern(FlashRegex), ElfSize.Pattern(RamRegex));
        Assert.Equal(RegexOptions.Multiline, ElfSize.Pattern(RamRegex).Options);
        Assert.Equal(FlashRegex, ElfSize.Pattern(FlashRegex).ToString());
    }

    [Fact]
    public void Listing_OmitsSymbolAndStringTables()
    {
        var listing = ElfSize.Listing(new List<(string, long, long)>
        {
            (".text", 10, 0), (".shstrtab", 1, 0), (".symtab", 2, 0), (".strtab", 3, 0), (".data", 4, 8388864),
        });
        Assert.Equal(new[] { (".text", 10L, 0L), (".data", 4L, 8388864L) }, Rows(listing));
    }

    [Fact]
    public void NotAnElfFileThrowsInvalidData()
    {
        var path = Path.Combine(_dir, "not.elf");
        File.WriteAllText(path, new string('x', 200));
        Assert.Throws<InvalidDataException>(() => ElfSize.ReadSections(path));

        var tiny = Path.Combine(_dir, "tiny.elf");
        File.WriteAllBytes(tiny, new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F', 1, 1 });
        Assert.Throws<InvalidDataException>(() => ElfSize.ReadSections(tiny));
    }

    [Fact]
    public void TruncatedElfThrowsInvalidData()
    {
        var truncated = Path.Combine(_dir, "truncated.elf");
        File.WriteAllBytes(truncated, File.ReadAllBytes("/bin/true").Take(200).ToArray());
        Assert.Throws<InvalidDataException>(() => ElfSize.ReadSections(truncated));
    }
}
