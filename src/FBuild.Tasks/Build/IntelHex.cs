using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace FBuild.Tasks.Build
{
    /// <summary>
    /// Writes Intel HEX text from an ELF image exactly as GNU objcopy (binutils 2.26, <c>bfd/ihex.c</c>) does for the
    /// Arduino AVR platform's recipes, so the .hex and .eep files can be made without starting avr-objcopy:
    /// <list type="bullet">
    /// <item><c>avr-objcopy -O ihex -R .eeprom X.elf X.hex</c> (<see cref="FlashHex"/>)</item>
    /// <item><c>avr-objcopy -O ihex -j .eeprom --set-section-flags=.eeprom=alloc,load --no-change-warnings
    /// --change-section-lma .eeprom=0 X.elf X.eep</c> (<see cref="EepromHex"/>)</item>
    /// </list>
    /// </summary>
    /// <remarks>
    /// Reproduced behaviour:
    /// <list type="bullet">
    /// <item>Only SHF_ALLOC sections that have contents (not SHT_NOBITS) and a non-zero size are written, each at its
    /// LMA. As in BFD's <c>_bfd_elf_make_section_from_shdr</c>, the LMA is <c>p_paddr + sh_offset - p_offset</c> of the
    /// first PT_LOAD segment containing the section (so .data lands after .text in flash, not at 0x800100), or the VMA
    /// when no segment contains it or when every p_paddr is zero and there is more than one non-empty PT_LOAD.</item>
    /// <item>Each section is one block of data; the blocks are sorted by address the way <c>ihex_set_section_contents</c>
    /// inserts them (stable for appends, before equal addresses otherwise), and written one after another: records of
    /// up to 16 bytes counted from the section's start, never spanning two sections nor a 64 KiB boundary.</item>
    /// <item>Addresses above 0xFFFF get an extended segment address record (type 02) while they are at most 0xFFFFF,
    /// and an extended linear address record (type 04) above that (first zeroing the segment base with a 02 record if
    /// one was set); addresses above 4 GiB are an error.</item>
    /// <item>A start address record (type 03, or 05 above 0xFFFFF) only when the ELF entry point is non-zero (it is 0
    /// for ordinary AVR programs), then the end-of-file record <c>:00000001FF</c>.</item>
    /// <item>Uppercase hex digits and CRLF after every record.</item>
    /// </list>
    /// </remarks>
    public static class IntelHex
    {
        private const int Chunk = 16;

        /// <summary>The text <c>avr-objcopy -O ihex -R .eeprom</c> writes for this ELF.</summary>
        public static string FlashHex(byte[] elf)
        {
            var image = ElfImage.Parse(elf);
            var blocks = new List<Block>();
            foreach (var s in image.Sections)
            {
                if (s.Name == ".eeprom") continue;
                if (!s.Alloc || !s.HasContents || s.Size == 0) continue;
                AddSorted(blocks, new Block(s.Lma, image.Contents(s)));
            }
            return Write(blocks, image.Entry);
        }

        /// <summary>
        /// The text of <c>avr-objcopy -O ihex -j .eeprom --set-section-flags=.eeprom=alloc,load --no-change-warnings
        /// --change-section-lma .eeprom=0</c>: the .eeprom contents at address 0, or only the end-of-file record when
        /// the ELF has no .eeprom contents.
        /// </summary>
        public static string EepromHex(byte[] elf)
        {
            var image = ElfImage.Parse(elf);
            var blocks = new List<Block>();
            foreach (var s in image.Sections)
            {
                if (s.Name != ".eeprom") continue;
                // --set-section-flags=alloc,load keeps only the input's SEC_HAS_CONTENTS, so a NOBITS .eeprom writes nothing.
                if (!s.HasContents || s.Size == 0) continue;
                AddSorted(blocks, new Block(0, image.Contents(s)));
            }
            return Write(blocks, image.Entry);
        }

        private sealed class Block
        {
            public Block(ulong where, byte[] data)
            {
                Where = where;
                Data = data;
            }

            public ulong Where { get; }
            public byte[] Data { get; }
        }

        /// <summary>The insertion order of ihex_set_section_contents.</summary>
        private static void AddSorted(List<Block> blocks, Block n)
        {
            if (blocks.Count > 0 && n.Where >= blocks[blocks.Count - 1].Where)
            {
                blocks.Add(n);
                return;
            }
            int i = 0;
            while (i < blocks.Count && blocks[i].Where < n.Where) i++;
            blocks.Insert(i, n);
        }

        /// <summary>ihex_write_object_contents.</summary>
        private static string Write(List<Block> blocks, ulong start)
        {
            var sb = new StringBuilder();
            ulong segbase = 0, extbase = 0;
            var addr = new byte[2];
            foreach (var b in blocks)
            {
                ulong where = b.Where;
                int p = 0;
                int count = b.Data.Length;
                while (count > 0)
                {
                    int now = count > Chunk ? Chunk : count;
                    if (where > segbase + extbase + 0xffff)
                    {
                        if (where <= 0xfffff)
                        {
                            segbase = where & 0xf0000;
                            addr[0] = (byte)(segbase >> 12);
                            addr[1] = (byte)(segbase >> 4);
                            AppendRecord(sb, 2, 0, 2, addr, 0);
                        }
                        else
                        {
                            if (segbase != 0)
                            {
                                addr[0] = 0;
                                addr[1] = 0;
                                AppendRecord(sb, 2, 0, 2, addr, 0);
                                segbase = 0;
                            }
                            extbase = where & 0xffff0000;
                            if (where > extbase + 0xffff)
                                throw new InvalidDataException($"address 0x{where:x} out of range for Intel Hex file");
                            addr[0] = (byte)(extbase >> 24);
                            addr[1] = (byte)(extbase >> 16);
                            AppendRecord(sb, 2, 0, 4, addr, 0);
                        }
                    }
                    uint recAddr = unchecked((uint)(where - (extbase + segbase)));
                    // Records never cross a 64 KiB boundary.
                    if (recAddr + (uint)now > 0xffff) now = (int)(0x10000 - recAddr);
                    AppendRecord(sb, now, recAddr, 0, b.Data, p);
                    where += (ulong)now;
                    p += now;
                    count -= now;
                }
            }
            if (start != 0)
            {
                var startbuf = new byte[4];
                if (start <= 0xfffff)
                {
                    startbuf[0] = (byte)((start & 0xf0000) >> 12);
                    startbuf[1] = 0;
                    startbuf[2] = (byte)(start >> 8);
                    startbuf[3] = (byte)start;
                    AppendRecord(sb, 4, 0, 3, startbuf, 0);
                }
                else
                {
                    startbuf[0] = (byte)(start >> 24);
                    startbuf[1] = (byte)(start >> 16);
                    startbuf[2] = (byte)(start >> 8);
                    startbuf[3] = (byte)start;
                    AppendRecord(sb, 4, 0, 5, startbuf, 0);
                }
            }
            AppendRecord(sb, 0, 0, 1, Array.Empty<byte>(), 0);
            return sb.ToString();
        }

        private const string Digits = "0123456789ABCDEF";

        private static void Hex2(StringBuilder sb, uint v)
        {
            sb.Append(Digits[(int)((v >> 4) & 0xf)]).Append(Digits[(int)(v & 0xf)]);
        }

        /// <summary>One record (ihex_write_record): ':' count address type data checksum, then CRLF.</summary>
        internal static void AppendRecord(StringBuilder sb, int count, uint address, int type, byte[] data, int offset)
        {
            sb.Append(':');
            Hex2(sb, (uint)count);
            Hex2(sb, (address >> 8) & 0xff);
            Hex2(sb, address & 0xff);
            Hex2(sb, (uint)type);
            uint sum = (uint)count + address + (address >> 8) + (uint)type;
            for (int i = 0; i < count; i++)
            {
                byte d = data[offset + i];
                Hex2(sb, d);
                sum += d;
            }
            Hex2(sb, (0u - sum) & 0xff);
            sb.Append("\r\n");
        }

        /// <summary>One record as a string, for tests and callers that format their own records.</summary>
        internal static string Record(int count, uint address, int type, byte[] data)
        {
            var sb = new StringBuilder();
            AppendRecord(sb, count, address, type, data, 0);
            return sb.ToString();
        }

        private sealed class Section
        {
            public string Name = "";
            public ulong NameOffset;
            public uint Type;
            public ulong Flags;
            public ulong Addr;
            public ulong Offset;
            public ulong Size;
            public ulong Lma;
            public bool Alloc => (Flags & ShfAlloc) != 0;
            public bool HasContents => Type != ShtNobits;
        }

        private const uint ShtNobits = 8;
        private const ulong ShfAlloc = 0x2;
        private const ulong ShfTls = 0x400;
        private const uint PtLoad = 1;
        private const uint PtDynamic = 2;
        private const uint PtNote = 4;
        private const uint PtPhdr = 6;
        private const uint PtTls = 7;
        private const uint PtGnuEhFrame = 0x6474e550;
        private const uint PtGnuStack = 0x6474e551;
        private const uint PtGnuRelro = 0x6474e552;

        private struct Segment
        {
            public uint Type;
            public ulong Offset, VAddr, PAddr, FileSz, MemSz;
        }

        /// <summary>The parts of an ELF file (32 or 64 bit, either byte order) that objcopy's ihex output depends on.</summary>
        private sealed class ElfImage
        {
            private readonly byte[] _data;

            private ElfImage(byte[] data) => _data = data;

            public ulong Entry;
            public readonly List<Section> Sections = new List<Section>();

            public byte[] Contents(Section s)
            {
                if (s.Offset > (ulong)_data.Length || s.Size > (ulong)_data.Length - s.Offset)
                    throw new InvalidDataException($"section '{s.Name}' lies outside the ELF file.");
                var buf = new byte[s.Size];
                Buffer.BlockCopy(_data, (int)s.Offset, buf, 0, buf.Length);
                return buf;
            }

            public static ElfImage Parse(byte[] data)
            {
                if (data == null) throw new ArgumentNullException(nameof(data));
                if (data.Length < 52 || data[0] != 0x7f || data[1] != (byte)'E' || data[2] != (byte)'L' || data[3] != (byte)'F')
                    throw new InvalidDataException("not an ELF file.");
                bool is64 = data[4] == 2;
                bool little = data[5] != 2;
                if (is64 && data.Length < 64) throw new InvalidDataException("truncated ELF header.");
                ulong U(ulong off, int size)
                {
                    if (off > (ulong)data.Length || (ulong)size > (ulong)data.Length - off)
                        throw new InvalidDataException("ELF file is truncated.");
                    int o = (int)off;
                    ulong v = 0;
                    for (int i = 0; i < size; i++)
                    {
                        int idx = little ? o + size - 1 - i : o + i;
                        v = (v << 8) | data[idx];
                    }
                    return v;
                }
                int w = is64 ? 8 : 4;
                var img = new ElfImage(data);
                img.Entry = U(0x18, w);
                ulong phoff = U(is64 ? 0x20UL : 0x1CUL, w);
                ulong shoff = U(is64 ? 0x28UL : 0x20UL, w);
                ulong phentsize = U(is64 ? 0x36UL : 0x2AUL, 2);
                ulong phnum = U(is64 ? 0x38UL : 0x2CUL, 2);
                ulong shentsize = U(is64 ? 0x3AUL : 0x2EUL, 2);
                ulong shnum = U(is64 ? 0x3CUL : 0x30UL, 2);
                ulong shstrndx = U(is64 ? 0x3EUL : 0x32UL, 2);

                var segs = new List<Segment>();
                if (phoff != 0)
                {
                    for (ulong i = 0; i < phnum; i++)
                    {
                        ulong b = phoff + i * phentsize;
                        var s = new Segment { Type = (uint)U(b, 4) };
                        if (is64)
                        {
                            s.Offset = U(b + 8, 8);
                            s.VAddr = U(b + 0x10, 8);
                            s.PAddr = U(b + 0x18, 8);
                            s.FileSz = U(b + 0x20, 8);
                            s.MemSz = U(b + 0x28, 8);
                        }
                        else
                        {
                            s.Offset = U(b + 4, 4);
                            s.VAddr = U(b + 8, 4);
                            s.PAddr = U(b + 0x0C, 4);
                            s.FileSz = U(b + 0x10, 4);
                            s.MemSz = U(b + 0x14, 4);
                        }
                        segs.Add(s);
                    }
                }

                if (shoff == 0 || shnum == 0) return img;
                var headers = new List<Section>();
                for (ulong i = 0; i < shnum; i++)
                {
                    ulong b = shoff + i * shentsize;
                    var s = new Section
                    {
                        NameOffset = U(b, 4),
                        Type = (uint)U(b + 4, 4),
                        Flags = U(b + 8, w),
                    };
                    if (is64)
                    {
                        s.Addr = U(b + 0x10, 8);
                        s.Offset = U(b + 0x18, 8);
                        s.Size = U(b + 0x20, 8);
                    }
                    else
                    {
                        s.Addr = U(b + 0x0C, 4);
                        s.Offset = U(b + 0x10, 4);
                        s.Size = U(b + 0x14, 4);
                    }
                    headers.Add(s);
                }
                if (shstrndx >= shnum) throw new InvalidDataException("bad section name table index.");
                var strtab = headers[(int)shstrndx];
                foreach (var s in headers)
                {
                    ulong start = strtab.Offset + s.NameOffset;
                    if (start >= (ulong)data.Length) throw new InvalidDataException("bad section name.");
                    int end = (int)start;
                    while (end < data.Length && data[end] != 0) end++;
                    s.Name = Encoding.ASCII.GetString(data, (int)start, end - (int)start);
                }

                // All p_paddr zero with more than one non-empty PT_LOAD: BFD leaves LMA = VMA.
                bool keepVma = false;
                {
                    int nload = 0;
                    bool allZero = true;
                    foreach (var ph in segs)
                    {
                        if (ph.PAddr != 0) { allZero = false; break; }
                        if (ph.Type == PtLoad && ph.MemSz != 0) nload++;
                    }
                    keepVma = allZero && nload > 1;
                }

                for (int i = 1; i < headers.Count; i++)
                {
                    var s = headers[i];
                    s.Lma = s.Addr;
                    if (s.Alloc && !keepVma)
                    {
                        foreach (var ph in segs)
                        {
                            if (!(((ph.Type == PtLoad && (s.Flags & ShfTls) == 0) || ph.Type == PtTls) && InSegment(s, ph)))
                                continue;
                            if (!s.HasContents) s.Lma = ph.PAddr + s.Addr - ph.VAddr;
                            else s.Lma = ph.PAddr + s.Offset - ph.Offset;
                            if (s.Addr >= ph.VAddr && s.Addr + s.Size <= ph.VAddr + ph.MemSz) break;
                        }
                    }
                    img.Sections.Add(s);
                }
                return img;
            }

            private static ulong SectionSize(Section s, Segment ph) =>
                (s.Flags & ShfTls) != 0 && s.Type == ShtNobits && ph.Type != PtTls ? 0 : s.Size;

            /// <summary>ELF_SECTION_IN_SEGMENT (check_vma, not strict).</summary>
            private static bool InSegment(Section s, Segment ph)
            {
                bool tls = (s.Flags & ShfTls) != 0;
                if (!((tls && (ph.Type == PtTls || ph.Type == PtGnuRelro || ph.Type == PtLoad))
                      || (!tls && ph.Type != PtTls && ph.Type != PtPhdr)))
                    return false;
                if ((s.Flags & ShfAlloc) == 0
                    && (ph.Type == PtLoad || ph.Type == PtDynamic || ph.Type == PtGnuEhFrame || ph.Type == PtGnuStack || ph.Type == PtGnuRelro))
                    return false;
                ulong size = SectionSize(s, ph);
                if (s.Type != ShtNobits
                    && !(s.Offset >= ph.Offset && s.Offset - ph.Offset + size <= ph.FileSz))
                    return false;
                if ((s.Flags & ShfAlloc) != 0
                    && !(s.Addr >= ph.VAddr && s.Addr - ph.VAddr + size <= ph.MemSz))
                    return false;
                if ((ph.Type == PtDynamic || ph.Type == PtNote) && s.Size == 0 && ph.MemSz != 0)
                {
                    bool offOk = s.Type == ShtNobits || (s.Offset > ph.Offset && s.Offset - ph.Offset < ph.FileSz);
                    bool vmaOk = (s.Flags & ShfAlloc) == 0 || (s.Addr > ph.VAddr && s.Addr - ph.VAddr < ph.MemSz);
                    if (!(offOk && vmaOk)) return false;
                }
                return true;
            }
        }
    }
}
