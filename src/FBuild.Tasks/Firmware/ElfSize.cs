using System;
using System.Collections.Concurrent;
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
        // The compiled patterns, one per pattern text per process: a Regex is immutable, and a platform has a few
        // size patterns that every sketch's link applies (parsing one costs more than matching the listing).
        private static readonly ConcurrentDictionary<string, Regex> Patterns = new ConcurrentDictionary<string, Regex>(StringComparer.Ordinal);

        /// <summary>The compiled regex of a recipe.size.regex pattern (multiline), parsed once per process.</summary>
        public static Regex Pattern(string regex) => Patterns.GetOrAdd(regex, r => new Regex(r, RegexOptions.Multiline));

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
            var re = Pattern(regex);
            foreach (var line in listing.Split('\n'))
            {
                var m = re.Match(line);
                if (m.Success && m.Groups.Count > 1 && long.TryParse(m.Groups[1].Value, out var v)) total += v;
            }
            return total;
        }
    }
}
