using System;
using System.Collections.Generic;
using System.IO;

namespace FBuild.Tasks.Sketch
{
    /// <summary>
    /// The Arduino sketch layout, as arduino-cli 1.x defines it (<c>internal/arduino/globals</c>): the one place
    /// that says which files of a sketch folder are tabs, sources and headers, and which recipe a source compiles
    /// with. Every step (source discovery, library resolution, preprocessing, compiling) asks here.
    /// </summary>
    public static class SketchLayout
    {
        /// <summary>Extensions of sketch tabs (arduino-cli's MainFileValidExtensions; .pde is the legacy one).</summary>
        public static IReadOnlyList<string> TabExtensions { get; } = new[] { ".ino", ".pde" };

        /// <summary>
        /// Extensions of the sketch's own compiled sources, beside the tabs and under <c>src/</c>. arduino-cli copies
        /// only its AdditionalFileValidExtensions into the build folder, so a sketch's <c>.cc</c> or <c>.cxx</c> is
        /// neither compiled nor scanned for includes (a library's is: see <see cref="LanguageOf"/>).
        /// </summary>
        public static IReadOnlyList<string> SourceExtensions { get; } = new[] { ".c", ".cpp", ".S" };

        /// <summary>Extensions of headers (arduino-cli's HeaderFilesValidExtensions, plus .tpp/.ipp it copies with the sketch).</summary>
        public static IReadOnlyList<string> HeaderExtensions { get; } = new[] { ".h", ".hpp", ".hh", ".tpp", ".ipp" };

        /// <summary>
        /// The recipe a source file compiles with: "c", "cpp" or "S"; null for a file that is not compiled. Library and
        /// core sources may also be <c>.cc</c> and <c>.cxx</c> (C++ recipe), as arduino-cli's SourceFilesValidExtensions
        /// says. Case-sensitive, as arduino-cli is (<c>.s</c> is not built).
        /// </summary>
        public static string? LanguageOf(string path)
        {
            switch (Path.GetExtension(path))
            {
                case ".c": return "c";
                case ".cpp": case ".cc": case ".cxx": return "cpp";
                case ".S": return "S";
                default: return null;
            }
        }

        /// <summary>True for an extension (with its dot) that <see cref="TabExtensions"/> lists.</summary>
        public static bool IsTab(string path) => Contains(TabExtensions, Path.GetExtension(path));

        /// <summary>True for a file of the sketch that is compiled as its own source.</summary>
        public static bool IsSketchSource(string path) => Contains(SourceExtensions, Path.GetExtension(path));

        /// <summary>True for a header of the sketch.</summary>
        public static bool IsHeader(string path) => Contains(HeaderExtensions, Path.GetExtension(path));

        private static bool Contains(IReadOnlyList<string> list, string ext)
        {
            foreach (var e in list) if (string.Equals(e, ext, StringComparison.Ordinal)) return true;
            return false;
        }
    }
}
