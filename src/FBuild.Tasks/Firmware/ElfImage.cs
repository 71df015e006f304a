using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace FBuild.Tasks.Firmware
{
    /// <summary>A section header of an ELF file, with its load address (LMA) as BFD computes it.</summary>
    internal sealed class ElfSection
    {
        public string Name = "";
        public ulong NameOffset;
        public uint Type;
        public ulong Flags;
        public ulong Addr;
        public ulong Offset;
        public ulong Size;
        public ulong Lma;
        public bool Alloc => (Flags & ElfImage.ShfAlloc) != 0;
        public bool HasContents => Type != ElfImage.ShtNobits;
    }

    /// <summary>
    /// The parts of an ELF file (32 or 64 bit, either byte order) that objcopy's ihex output and the size
    /// measurement depend on: the entry point and the section headers with their load addresses.
    /// </summary>
    internal sealed class ElfImage
    {
        private readonly byte[] _data;

        internal const uint ShtNobits = 8;
        internal const ulong ShfAlloc = 0x2;
        internal const ulong ShfTls = 0x400;
        internal const uint PtLoad = 1;
        internal const uint PtDynamic = 2;
        internal const uint PtNote = 4;
        internal const uint PtPhdr = 6;
        internal const uint PtTls = 7;
        internal const uint PtGnuEhFrame = 0x6474e550;
        internal const uint PtGnuStack = 0x6474e551;
        internal const uint PtGnuRelro = 0x6474e552;

        private struct Segment
        {
            public uint Type;
            public ulong Offset, VAddr, PAddr, FileSz, MemSz;
        }

        private ElfImage(byte[] data) => _data = data;

        public ulong Entry;
        public readonly List<ElfSection> Sections = new List<ElfSection>();

        public byte[] Contents(ElfSection s)
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
            var headers = new List<ElfSection>();
            for (ulong i = 0; i < shnum; i++)
            {
                ulong b = shoff + i * shentsize;
                var s = new ElfSection
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

        private static ulong SectionSize(ElfSection s, Segment ph) =>
            (s.Flags & ShfTls) != 0 && s.Type == ShtNobits && ph.Type != PtTls ? 0 : s.Size;

        /// <summary>ELF_SECTION_IN_SEGMENT (check_vma, not strict).</summary>
        private static bool InSegment(ElfSection s, Segment ph)
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
