using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace FBuild.Tasks.Boards
{
    /// <summary>
    /// Which boards a sketch is meant for (pure): the sketch project's FBuildSupportedBoards, FBuildExcludedBoards,
    /// FBuildSupportedArchitectures and FBuildExcludedArchitectures, and the boards of arduino-cli's sketch.yaml
    /// (its profiles' <c>fqbn</c> and its <c>default_fqbn</c>, taken as supported boards).
    /// </summary>
    /// <remarks>
    /// An exclusion always wins. Otherwise a sketch with no supported boards or architectures is meant for every
    /// board; one with some is meant for a board that any of them names. A board entry with colons is an FQBN
    /// (vendor:arch:board, options ignored), compared with the board's FQBN; one without is a board id (uno), compared
    /// with the board's id and key. Architectures are compared with the platform's folder name (avr, samd); <c>*</c>
    /// matches every one. All comparisons ignore case.
    /// </remarks>
    public sealed class SketchSupport
    {
        /// <summary>Boards the sketch is meant for (ids or FQBNs); empty: no board list.</summary>
        public IReadOnlyList<string> SupportedBoards { get; }
        /// <summary>Boards the sketch is not meant for.</summary>
        public IReadOnlyList<string> ExcludedBoards { get; }
        /// <summary>Architectures the sketch is meant for; empty: no architecture list.</summary>
        public IReadOnlyList<string> SupportedArchitectures { get; }
        /// <summary>Architectures the sketch is not meant for.</summary>
        public IReadOnlyList<string> ExcludedArchitectures { get; }

        /// <summary>The rules from the four lists (each separated by ';' or ',', blanks ignored).</summary>
        public SketchSupport(string? supportedBoards, string? excludedBoards, string? supportedArchitectures, string? excludedArchitectures)
            : this(Split(supportedBoards), Split(excludedBoards), Split(supportedArchitectures), Split(excludedArchitectures))
        {
        }

        /// <summary>The rules from the four lists.</summary>
        public SketchSupport(IEnumerable<string> supportedBoards, IEnumerable<string> excludedBoards, IEnumerable<string> supportedArchitectures, IEnumerable<string> excludedArchitectures)
        {
            SupportedBoards = supportedBoards.ToList();
            ExcludedBoards = excludedBoards.ToList();
            SupportedArchitectures = supportedArchitectures.ToList();
            ExcludedArchitectures = excludedArchitectures.ToList();
        }

        /// <summary>True when no rule limits the sketch.</summary>
        public bool IsUnrestricted => SupportedBoards.Count == 0 && ExcludedBoards.Count == 0 && SupportedArchitectures.Count == 0 && ExcludedArchitectures.Count == 0;

        /// <summary>These rules with <paramref name="boards"/> added to the supported boards (a sketch.yaml's FQBNs).</summary>
        public SketchSupport WithSupportedBoards(IEnumerable<string> boards) =>
            new SketchSupport(SupportedBoards.Concat(boards), ExcludedBoards, SupportedArchitectures, ExcludedArchitectures);

        /// <summary>
        /// Null when the sketch is meant for the board, else why not (for the result's note). <paramref name="fqbn"/>
        /// is the board's vendor:arch:board (options are ignored), <paramref name="boardId"/> its boards.txt id,
        /// <paramref name="boardKey"/> its artifacts folder name.
        /// </summary>
        public string? WhyNot(string fqbn, string boardId, string boardKey, string architecture)
        {
            if (fqbn is null) throw new ArgumentNullException(nameof(fqbn));
            string excludedBoard = ExcludedBoards.FirstOrDefault(b => BoardMatches(b, fqbn, boardId, boardKey));
            if (excludedBoard != null) return $"the sketch excludes board '{excludedBoard}'";
            if (ExcludedArchitectures.Any(a => ArchitectureMatches(a, architecture)))
                return $"the sketch excludes architecture '{architecture}'";
            if (SupportedBoards.Count == 0 && SupportedArchitectures.Count == 0) return null;
            if (SupportedBoards.Any(b => BoardMatches(b, fqbn, boardId, boardKey))) return null;
            if (SupportedArchitectures.Any(a => ArchitectureMatches(a, architecture))) return null;
            var listed = SupportedBoards.Concat(SupportedArchitectures);
            return $"the sketch is for {string.Join(", ", listed)}, not {BaseFqbn(fqbn)}";
        }

        /// <summary>True when the entry (a board id, or an FQBN whose options are ignored) names this board.</summary>
        public static bool BoardMatches(string entry, string fqbn, string boardId, string boardKey)
        {
            if (entry is null) throw new ArgumentNullException(nameof(entry));
            if (entry.IndexOf(':') >= 0) return string.Equals(BaseFqbn(entry), BaseFqbn(fqbn), StringComparison.OrdinalIgnoreCase);
            return string.Equals(entry, boardId, StringComparison.OrdinalIgnoreCase) || string.Equals(entry, boardKey, StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>True when the entry is <c>*</c> or names the architecture.</summary>
        public static bool ArchitectureMatches(string entry, string architecture) =>
            entry == "*" || string.Equals(entry, architecture, StringComparison.OrdinalIgnoreCase);

        /// <summary>vendor:arch:board of an FQBN (its options dropped).</summary>
        public static string BaseFqbn(string fqbn)
        {
            if (fqbn is null) throw new ArgumentNullException(nameof(fqbn));
            var parts = fqbn.Split(':');
            return parts.Length > 3 ? string.Join(":", parts.Take(3)) : fqbn;
        }

        private static readonly Regex FqbnLine = new Regex(@"^\s*(?:-\s*)?(?:default_)?fqbn\s*:\s*[""']?([^\s""'#]+)", RegexOptions.Multiline | RegexOptions.CultureInvariant);

        /// <summary>
        /// The boards an arduino-cli sketch.yaml names: each profile's <c>fqbn</c> and the <c>default_fqbn</c>
        /// (only these keys are read; everything else in the file is ignored).
        /// </summary>
        public static IReadOnlyList<string> SketchYamlBoards(string text)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            return FqbnLine.Matches(text).Cast<Match>().Select(m => m.Groups[1].Value)
                .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        }

        private static IEnumerable<string> Split(string? list) =>
            (list ?? "").Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()).Where(s => s.Length > 0);
    }
}
