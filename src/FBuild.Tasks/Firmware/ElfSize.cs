using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace FBuild.Tasks.Firmware
{
    /// <summary>
    /// Reads section sizes from an ELF file and applies the platform's recipe.size.regex patterns to an
    /// <c>avr-size -A</c>-style listing, as the Arduino IDE does, without starting avr-size.
    /// </summary>
    public static class ElfSize
    {
        public static List<(string Name, long Size, long Address)> ReadSections(string elfPath)
        {
            ElfImage image;
            try { image = ElfImage.Parse(File.ReadAllBytes(elfPath)); }
            catch (InvalidDataException ex) { throw new InvalidDataException($"'{elfPath}': {ex.Message}", ex); }
            if (image.Sections.Count == 0)
                throw new InvalidDataException($"'{elfPath}' is truncated or has no section headers.");
            return image.Sections.Select(s => (s.Name, (long)s.Size, (long)s.Addr)).ToList();
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
