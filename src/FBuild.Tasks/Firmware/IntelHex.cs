using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace FBuild.Tasks.Firmware
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

    }
}
