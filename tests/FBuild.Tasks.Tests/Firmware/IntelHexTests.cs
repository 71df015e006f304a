using System.Diagnostics;
using System.Text;
using FBuild.Tasks.Firmware;
using Xunit.Abstractions;

namespace FBuild.Tasks.Tests.Firmware;

/// <summary>Skips a test when avr-gcc or avr-objcopy is not installed in /usr/bin.</summary>
public sealed class AvrObjcopyFactAttribute : FactAttribute
{
    public AvrObjcopyFactAttribute()
    {
        if (!File.Exists("/usr/bin/avr-gcc") || !File.Exists("/usr/bin/avr-objcopy")) Skip = "avr-gcc/avr-objcopy are not installed in /usr/bin";
    }
}

public sealed class IntelHexTests : IDisposable
{
    private const string Eof = ":00000001FF\r\n";
    private const string UnoSketches = "/tmp/ex1/artifacts/uno/sketches";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fbuild-intelhex-" + Guid.NewGuid().ToString("N"));
    private readonly ITestOutputHelper _output;

    public IntelHexTests(ITestOutputHelper output)
    {
        _output = output;
        Directory.CreateDirectory(_dir);
    }

    private static bool HaveObjcopy => File.Exists("/usr/bin/avr-objcopy");

    /// <summary>When avr-objcopy is installed, the hand-made ELF must also give objcopy's output (checks the expectations themselves).</summary>
    private void AlsoCheckWithObjcopy(byte[] elf, string name)
    {
        if (!HaveObjcopy) return;
        var path = Path.Combine(_dir, name + ".elf");
        File.WriteAllBytes(path, elf);
        AssertSameAsObjcopy(path);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    // ---------------------------------------------------------------- differential tests against avr-objcopy

    private static void Run(string exe, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var errTask = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{exe} {string.Join(" ", args)} failed ({p.ExitCode}): {errTask.Result}");
    }

    private string Compile(string name, string mcu, string source, params string[] extra)
    {
        var c = Path.Combine(_dir, name + ".c");
        File.WriteAllText(c, source);
        var elf = Path.Combine(_dir, name + ".elf");
        var args = new List<string> { "-mmcu=" + mcu, "-Os", "-g", "-o", elf, c };
        args.AddRange(extra);
        Run("/usr/bin/avr-gcc", args.ToArray());
        return elf;
    }

    /// <summary>Runs the platform's two objcopy recipes on the ELF and checks FlashHex/EepromHex byte for byte.</summary>
    private (string Hex, string Eep) AssertSameAsObjcopy(string elf)
    {
        var hex = elf + ".hex";
        var eep = elf + ".eep";
        Run("/usr/bin/avr-objcopy", "-O", "ihex", "-R", ".eeprom", elf, hex);
        Run("/usr/bin/avr-objcopy", "-O", "ihex", "-j", ".eeprom", "--set-section-flags=.eeprom=alloc,load", "--no-change-warnings",
            "--change-section-lma", ".eeprom=0", elf, eep);
        var bytes = File.ReadAllBytes(elf);
        var flash = IntelHex.FlashHex(bytes);
        var eeprom = IntelHex.EepromHex(bytes);
        AssertSameText(File.ReadAllBytes(hex), flash, elf + " (hex)");
        AssertSameText(File.ReadAllBytes(eep), eeprom, elf + " (eep)");
        return (flash, eeprom);
    }

    private static void AssertSameText(byte[] expected, string actual, string what)
    {
        var expectedText = Encoding.ASCII.GetString(expected);
        Assert.True(expectedText == actual, $"{what} differs:\n{FirstDifference(expectedText, actual)}");
        Assert.Equal(expected, Encoding.ASCII.GetBytes(actual));
    }

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (int i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var el = i < e.Length ? e[i] : "<none>";
            var al = i < a.Length ? a[i] : "<none>";
            if (el != al) return $"line {i + 1}: expected {el.TrimEnd('\r')} got {al.TrimEnd('\r')} (lines {e.Length} vs {a.Length})";
        }
        return "(same lines)";
    }

    private static string Bytes(int count, int seed) =>
        string.Join(",", Enumerable.Range(0, count).Select(i => ((i * 31 + seed * 17 + (i >> 8)) & 0xff).ToString()));

    [AvrObjcopyFact]
    public void InitialisedDataIsPlacedAfterTextAtItsLoadAddress()
    {
        var elf = Compile("data", "atmega328p",
            "volatile unsigned char data_arr[37] = {" + Bytes(37, 1) + "};\n" +
            "volatile unsigned long word = 0x12345678;\n" +
            "volatile unsigned char bss_arr[123];\n" +
            "__attribute__((section(\".noinit\"))) volatile unsigned char noinit_arr[11];\n" +
            "int main(void) { bss_arr[5] = data_arr[3]; noinit_arr[1] = bss_arr[2] + word; return 0; }\n");
        var (hex, eep) = AssertSameAsObjcopy(elf);
        Assert.Equal(Eof, eep);
        Assert.EndsWith(Eof, hex);
        // No start-address record for an ordinary AVR program (entry point 0).
        Assert.DoesNotContain(hex.Split("\r\n"), l => l.Length > 8 && (l.Substring(7, 2) == "03" || l.Substring(7, 2) == "05"));
        // The .data bytes are in the flash image (after .text), not at 0x800100.
        Assert.DoesNotContain(hex.Split("\r\n"), l => l.Length > 8 && l.Substring(7, 2) == "04");
    }

    [AvrObjcopyFact]
    public void EememWithInitialiserGoesToTheEep()
    {
        var elf = Compile("eemem", "atmega328p",
            "#include <avr/eeprom.h>\n" +
            "uint8_t ee_bytes[41] EEMEM = {" + Bytes(41, 2) + "};\n" +
            "uint16_t ee_word EEMEM = 0xBEEF;\n" +
            "volatile uint8_t sink;\n" +
            "int main(void) { sink = eeprom_read_byte(&ee_bytes[sink]) + eeprom_read_word(&ee_word); return 0; }\n");
        var (_, eep) = AssertSameAsObjcopy(elf);
        Assert.StartsWith(":10000000", eep);
        Assert.EndsWith(Eof, eep);
        Assert.True(eep.Split("\r\n").Length > 4);
    }

    [AvrObjcopyFact]
    public void EememWithoutInitialiserIsWrittenAsZeros()
    {
        var elf = Compile("eezero", "atmega328p",
            "#include <avr/eeprom.h>\n" +
            "uint8_t ee_zero[19] EEMEM;\n" +
            "volatile uint8_t sink;\n" +
            "int main(void) { sink = eeprom_read_byte(&ee_zero[sink]); return 0; }\n");
        AssertSameAsObjcopy(elf);
    }

    [AvrObjcopyFact]
    public void LargeProgmemTable()
    {
        var elf = Compile("progmem", "atmega328p",
            "#include <avr/pgmspace.h>\n" +
            "const unsigned char table[6001] PROGMEM = {" + Bytes(6001, 3) + "};\n" +
            "const char text[] PROGMEM = \"hello, world\";\n" +
            "volatile unsigned char data_arr[5] = {9,8,7,6,5};\n" +
            "volatile unsigned int sink;\n" +
            "int main(void) { sink = pgm_read_byte(&table[sink]) + pgm_read_byte(&text[sink]) + data_arr[sink]; return 0; }\n");
        var (hex, _) = AssertSameAsObjcopy(elf);
        Assert.True(hex.Length > 6001 * 2);
    }

    private static string MegaFarSource(int arrays, int size) =>
        "#include <avr/pgmspace.h>\n" +
        string.Concat(Enumerable.Range(0, arrays).Select(k => $"const unsigned char big{k}[{size}] PROGMEM = {{{Bytes(size, k + 4)}}};\n")) +
        "volatile unsigned char data_arr[7] = {1,2,3,4,5,6,7};\n" +
        "volatile unsigned long idx;\nvolatile unsigned char sink;\n" +
        "int main(void) { unsigned char s = data_arr[idx & 7];\n" +
        string.Concat(Enumerable.Range(0, arrays).Select(k => $"  s += pgm_read_byte_far(pgm_get_far_address(big{k}) + idx);\n")) +
        "  sink = s; return 0; }\n";

    [AvrObjcopyFact]
    public void MegaProgmemCrossing64KiBUsesSegmentRecords()
    {
        // 70000 bytes of PROGMEM (avr-gcc objects are limited to 32 KiB each), read with pgm_read_byte_far.
        var elf = Compile("mega70k", "atmega2560", MegaFarSource(3, 23334));
        var (hex, _) = AssertSameAsObjcopy(elf);
        Assert.Contains(":020000021000EC\r\n", hex);
    }

    [AvrObjcopyFact]
    public void MegaImageCrossing128KiB()
    {
        var elf = Compile("mega150k", "atmega2560", MegaFarSource(5, 30000));
        var (hex, _) = AssertSameAsObjcopy(elf);
        Assert.Contains(":020000021000EC\r\n", hex);
        Assert.Contains(":020000022000DC\r\n", hex);
    }

    private const string FuseSource =
        "#include <avr/io.h>\n#include <avr/eeprom.h>\n#include <avr/signature.h>\n" +
        "FUSES = { .low = 0xFF, .high = 0xDE, .extended = 0xFD };\n" +
        "LOCKBITS = 0xCF;\n" +
        "uint8_t ee[3] EEMEM = {1,2,3};\n" +
        "volatile uint8_t sink;\n" +
        "int main(void) { sink = eeprom_read_byte(&ee[sink]); return 0; }\n";

    [AvrObjcopyFact]
    public void FuseLockAndSignatureSectionsUseLinearAddressRecords()
    {
        // .fuse/.lock/.signature live at 0x820000/0x830000/0x840000 and are not removed by -R .eeprom.
        var elf = Compile("fuses", "atmega328p", FuseSource);
        var (hex, eep) = AssertSameAsObjcopy(elf);
        Assert.Contains(":02000004008278\r\n", hex);
        Assert.Contains(":020000040083", hex);
        Assert.Contains(":020000040084", hex);
        Assert.StartsWith(":03000000010203F7\r\n", eep);
    }

    [AvrObjcopyFact]
    public void FusesAfterMegaSegmentRecordsResetTheSegmentBase()
    {
        var elf = Compile("megafuses", "atmega2560", MegaFarSource(3, 25000).Replace("int main", "FUSES = { 0xFF, 0xD8, 0xFD };\nint main")
            .Replace("#include <avr/pgmspace.h>\n", "#include <avr/pgmspace.h>\n#include <avr/io.h>\n"));
        var (hex, _) = AssertSameAsObjcopy(elf);
        Assert.Contains(":020000020000FC\r\n:020000040082", hex);
    }

    [AvrObjcopyFact]
    public void NonZeroEntryPointWritesAStartAddressRecord()
    {
        var elf = Compile("entry", "atmega328p", FuseSource, "-Wl,-e,main");
        var (hex, eep) = AssertSameAsObjcopy(elf);
        Assert.Contains("03", hex.Split("\r\n")[^3].Substring(7, 2));
        Assert.Contains(":04000003", eep);
    }

    [AvrObjcopyFact]
    public void BootloaderStyleTextAddress()
    {
        var elf = Compile("boot", "atmega2560",
            "volatile unsigned char d[3] = {4,5,6};\nint main(void) { d[1] = d[2]; return 0; }\n",
            "-Wl,--section-start=.text=0x3E000", "-nostartfiles");
        AssertSameAsObjcopy(elf);
    }

    [AvrObjcopyFact]
    public void SmallerDevicesAndOddSizes()
    {
        foreach (var mcu in new[] { "attiny85", "atmega32u4", "atmega1284p" })
        {
            var elf = Compile("odd-" + mcu, mcu,
                "#include <avr/eeprom.h>\n" +
                "volatile unsigned char d[3] = {4,5,6};\nuint8_t e[17] EEMEM = {" + Bytes(17, 9) + "};\n" +
                "int main(void) { d[1] = d[2] + eeprom_read_byte(&e[d[0]]); return 0; }\n");
            AssertSameAsObjcopy(elf);
        }
    }

    /// <summary>Bonus check over the example build's firmware: every .ino.elf against the .hex/.eep objcopy made beside it.</summary>
    [Fact]
    public void ExampleSketchesMatchTheirObjcopyOutput()
    {
        if (!Directory.Exists(UnoSketches)) return;
        var elfs = Directory.GetFiles(UnoSketches, "*.ino.elf", SearchOption.AllDirectories);
        int compared = 0;
        foreach (var elf in elfs)
        {
            var hex = Path.ChangeExtension(elf, ".hex");
            var eep = Path.ChangeExtension(elf, ".eep");
            if (!File.Exists(hex) || !File.Exists(eep)) continue;
            var bytes = File.ReadAllBytes(elf);
            AssertSameText(File.ReadAllBytes(hex), IntelHex.FlashHex(bytes), hex);
            AssertSameText(File.ReadAllBytes(eep), IntelHex.EepromHex(bytes), eep);
            compared++;
        }
        _output.WriteLine($"{compared} of {elfs.Length} example ELF files give byte-identical .hex and .eep");
        Assert.True(elfs.Length == 0 || compared > 0, "no .hex/.eep next to the example ELF files");
    }

    // ---------------------------------------------------------------- record formatting

    [Fact]
    public void DataRecordChecksum()
    {
        var data = new byte[] { 0x21, 0x46, 0x01, 0x36, 0x01, 0x21, 0x47, 0x01, 0x36, 0x00, 0x7E, 0xFE, 0x09, 0xD2, 0x19, 0x01 };
        Assert.Equal(":10010000214601360121470136007EFE09D2190140\r\n", IntelHex.Record(16, 0x0100, 0, data));
    }

    [Fact]
    public void SpecialRecords()
    {
        Assert.Equal(Eof, IntelHex.Record(0, 0, 1, Array.Empty<byte>()));
        Assert.Equal(":020000040001F9\r\n", IntelHex.Record(2, 0, 4, new byte[] { 0x00, 0x01 }));
        Assert.Equal(":020000021000EC\r\n", IntelHex.Record(2, 0, 2, new byte[] { 0x10, 0x00 }));
        Assert.Equal(":0400000300003800C1\r\n", IntelHex.Record(4, 0, 3, new byte[] { 0x00, 0x00, 0x38, 0x00 }));
        Assert.Equal(":02FFFE00ABCD89\r\n", IntelHex.Record(2, 0xFFFE, 0, new byte[] { 0xAB, 0xCD }));
    }

    // ---------------------------------------------------------------- hand-made ELF files

    private sealed record Sec(string Name, uint Type, uint Flags, uint Addr, byte[] Data, uint? SegmentPaddr = null, uint NobitsSize = 0);

    private const uint Progbits = 1, Nobits = 8, Alloc = 2, Write = 1, Exec = 4;

    /// <summary>A little-endian ELF32 EM_AVR executable; each section with SegmentPaddr gets its own PT_LOAD.</summary>
    private static byte[] MakeElf(uint entry, params Sec[] secs)
    {
        var shstr = new MemoryStream();
        shstr.WriteByte(0);
        var nameOffsets = new List<uint>();
        foreach (var s in secs.Select(s => s.Name).Append(".shstrtab"))
        {
            nameOffsets.Add((uint)shstr.Length);
            var n = Encoding.ASCII.GetBytes(s);
            shstr.Write(n, 0, n.Length);
            shstr.WriteByte(0);
        }
        int phnum = secs.Count(s => s.SegmentPaddr != null);
        var body = new MemoryStream();
        uint dataStart = 52u + 32u * (uint)phnum;
        var offsets = new List<uint>();
        foreach (var s in secs)
        {
            offsets.Add(dataStart + (uint)body.Length);
            if (s.Type != Nobits) body.Write(s.Data, 0, s.Data.Length);
        }
        uint shstrOff = dataStart + (uint)body.Length;
        body.Write(shstr.ToArray(), 0, (int)shstr.Length);
        while (body.Length % 4 != 0) body.WriteByte(0);
        uint shoff = dataStart + (uint)body.Length;

        var o = new BinaryWriter(new MemoryStream());
        o.Write(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F', 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 });
        o.Write((ushort)2); o.Write((ushort)83); o.Write(1u); o.Write(entry);
        o.Write(phnum == 0 ? 0u : 52u); o.Write(shoff); o.Write(0u);
        o.Write((ushort)52); o.Write((ushort)32); o.Write((ushort)phnum); o.Write((ushort)40);
        o.Write((ushort)(secs.Length + 2)); o.Write((ushort)(secs.Length + 1));
        for (int i = 0; i < secs.Length; i++)
        {
            var s = secs[i];
            if (s.SegmentPaddr == null) continue;
            uint size = s.Type == Nobits ? s.NobitsSize : (uint)s.Data.Length;
            o.Write(1u); o.Write(offsets[i]); o.Write(s.Addr); o.Write(s.SegmentPaddr.Value);
            o.Write(s.Type == Nobits ? 0u : size); o.Write(size); o.Write(s.Flags); o.Write(1u);
        }
        o.Write(body.ToArray());
        o.Write(new byte[40]);
        for (int i = 0; i < secs.Length; i++)
        {
            var s = secs[i];
            o.Write(nameOffsets[i]); o.Write(s.Type); o.Write(s.Flags); o.Write(s.Addr); o.Write(offsets[i]);
            o.Write(s.Type == Nobits ? s.NobitsSize : (uint)s.Data.Length); o.Write(0u); o.Write(0u); o.Write(1u); o.Write(0u);
        }
        o.Write(nameOffsets[secs.Length]); o.Write(3u); o.Write(0u); o.Write(0u); o.Write(shstrOff);
        o.Write((uint)shstr.Length); o.Write(0u); o.Write(0u); o.Write(1u); o.Write(0u);
        return ((MemoryStream)o.BaseStream).ToArray();
    }

    private static byte[] Seq(int n, int start = 0) => Enumerable.Range(start, n).Select(i => (byte)i).ToArray();

    [Fact]
    public void HandMadeElf_SectionsAtLoadAddressesSplitPerSection()
    {
        var elf = MakeElf(0,
            new Sec(".data", Progbits, Alloc | Write, 0x800100, Seq(3, 0xA0), SegmentPaddr: 0x14),
            new Sec(".text", Progbits, Alloc | Exec, 0, Seq(20), SegmentPaddr: 0),
            new Sec(".bss", Nobits, Alloc | Write, 0x800103, Array.Empty<byte>(), SegmentPaddr: 0x800103, NobitsSize: 9),
            new Sec(".empty", Progbits, Alloc, 0x40, Array.Empty<byte>()),
            new Sec(".comment", Progbits, 0, 0, Encoding.ASCII.GetBytes("GCC")),
            new Sec(".eeprom", Progbits, Alloc | Write, 0x810000, new byte[] { 0x11, 0x22 }, SegmentPaddr: 0x810000));
        Assert.Equal(
            ":10000000000102030405060708090A0B0C0D0E0F78\r\n" +
            ":0400100010111213A6\r\n" +
            ":03001400A0A1A206\r\n" +
            Eof,
            IntelHex.FlashHex(elf));
        Assert.Equal(":020000001122CB\r\n" + Eof, IntelHex.EepromHex(elf));
        AlsoCheckWithObjcopy(elf, "hand1");
    }

    [Fact]
    public void HandMadeElf_NoEepromSectionGivesOnlyTheEndRecord()
    {
        var elf = MakeElf(0, new Sec(".text", Progbits, Alloc | Exec, 0, Seq(2), SegmentPaddr: 0));
        Assert.Equal(Eof, IntelHex.EepromHex(elf));
        Assert.Equal(":020000000001FD\r\n" + Eof, IntelHex.FlashHex(elf));
        AlsoCheckWithObjcopy(elf, "hand2");
    }

    [Fact]
    public void HandMadeElf_RecordsNeverCross64KiBAndHighAddressesUseExtendedRecords()
    {
        var elf = MakeElf(0x1234,
            new Sec(".text", Progbits, Alloc | Exec, 0xFFF8, Seq(20), SegmentPaddr: 0xFFF8),
            new Sec(".fuse", Progbits, Alloc | Write, 0x820000, new byte[] { 0xFF, 0xDE, 0xFD }, SegmentPaddr: 0x820000));
        Assert.Equal(
            ":08FFF8000001020304050607E5\r\n" +
            ":020000021000EC\r\n" +
            ":0C00000008090A0B0C0D0E0F1011121352\r\n" +
            ":020000020000FC\r\n" +
            ":02000004008278\r\n" +
            ":03000000FFDEFD23\r\n" +
            ":0400000300001234B3\r\n" +
            Eof,
            IntelHex.FlashHex(elf));
        // The start address record is written for the .eep too (objcopy copies the entry point).
        Assert.Equal(":0400000300001234B3\r\n" + Eof, IntelHex.EepromHex(elf));
        AlsoCheckWithObjcopy(elf, "hand3");
    }

    [Fact]
    public void HandMadeElf_SectionOutsideAnySegmentIsWrittenAtItsVma()
    {
        var elf = MakeElf(0x123456,
            new Sec(".text", Progbits, Alloc | Exec, 0x100, Seq(1), SegmentPaddr: 0x100),
            new Sec(".extra", Progbits, Alloc, 0x200, Seq(1, 7)));
        Assert.Equal(":0101000000FE\r\n:0102000007F6\r\n:04000005001234565B\r\n" + Eof, IntelHex.FlashHex(elf));
        AlsoCheckWithObjcopy(elf, "hand4");
    }

    [Fact]
    public void NotAnElfThrowsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => IntelHex.FlashHex(new byte[100]));
        Assert.Throws<InvalidDataException>(() => IntelHex.EepromHex(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F' }));
    }
}
