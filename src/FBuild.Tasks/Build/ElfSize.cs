using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;

namespace FBuild.Tasks.Build
{
    /// <summary>
    /// Reads section sizes from an ELF file and applies the platform's recipe.size.regex patterns to an
    /// <c>avr-size -A</c>-style listing, as the Arduino IDE does, without starting avr-size.
    /// </summary>
    public static class ElfSize
    {
        public static List<(string Name, long Size, long Address)> ReadSections(string elfPath)
        {
            var data = File.ReadAllBytes(elfPath);
            if (data.Length < 52 || data[0] != 0x7f || data[1] != (byte)'E' || data[2] != (byte)'L' || data[3] != (byte)'F')
                throw new InvalidDataException($"'{elfPath}' is not an ELF file.");
            bool is64 = data[4] == 2;
            bool little = data[5] == 1;
            ulong U(int off, int size)
            {
                ulong v = 0;
                for (int i = 0; i < size; i++)
                {
                    int idx = little ? off + size - 1 - i : off + i;
                    v = (v << 8) | data[idx];
                }
                return v;
            }
            long shoff = (long)(is64 ? U(0x28, 8) : U(0x20, 4));
            int shentsize = (int)U(is64 ? 0x3A : 0x2E, 2);
            int shnum = (int)U(is64 ? 0x3C : 0x30, 2);
            int shstrndx = (int)U(is64 ? 0x3E : 0x32, 2);
            (uint name, long addr, long offset, long size) Header(int i)
            {
                int b = (int)(shoff + (long)i * shentsize);
                if (is64) return ((uint)U(b, 4), (long)U(b + 0x10, 8), (long)U(b + 0x18, 8), (long)U(b + 0x20, 8));
                return ((uint)U(b, 4), (long)U(b + 0x0C, 4), (long)U(b + 0x10, 4), (long)U(b + 0x14, 4));
            }
            if (shoff <= 0 || shentsize < (is64 ? 0x40 : 0x28) || shnum <= 0 || shstrndx >= shnum || shoff + (long)shnum * shentsize > data.Length)
                throw new InvalidDataException($"'{elfPath}' is truncated or has no section headers.");
            var strtab = Header(shstrndx);
            if (strtab.offset < 0 || strtab.offset > data.Length)
                throw new InvalidDataException($"'{elfPath}' has a bad section name table.");
            var list = new List<(string, long, long)>();
            for (int i = 1; i < shnum; i++)
            {
                var h = Header(i);
                long startL = strtab.offset + h.name;
                if (startL >= data.Length) throw new InvalidDataException($"'{elfPath}' has a bad section name.");
                int start = (int)startL;
                int end = start;
                while (end < data.Length && data[end] != 0) end++;
                var name = Encoding.ASCII.GetString(data, start, end - start);
                list.Add((name, h.size, h.addr));
            }
            return list;
        }

        /// <summary>An avr-size -A style listing ("name size addr" lines) of the sections.</summary>
        public static string Listing(IEnumerable<(string Name, long Size, long Address)> sections)
        {
            var sb = new StringBuilder();
            foreach (var (name, size, addr) in sections)
            {
                if (name == ".shstrtab" || name == ".symtab" || name == ".strtab") continue;
                sb.Append(name).Append("   ").Append(size).Append("   ").Append(addr).Append('\n');
            }
            return sb.ToString();
        }

        /// <summary>Sums the first capture group of every line the regex matches.</summary>
        public static long Sum(string listing, string regex)
        {
            if (string.IsNullOrEmpty(regex)) return 0;
            long total = 0;
            var re = new Regex(regex, RegexOptions.Multiline);
            foreach (var line in listing.Split('\n'))
            {
                var m = re.Match(line);
                if (m.Success && m.Groups.Count > 1 && long.TryParse(m.Groups[1].Value, out var v)) total += v;
            }
            return total;
        }
    }
}
