using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace FBuild.Tasks.Sketch
{
    /// <summary>
    /// The Arduino sketch layout, as arduino-cli 1.x defines it (<c>internal/arduino/globals</c>,
    /// <c>internal/arduino/sketch</c> and the builder's sketch compile): the one place that says which files of a
    /// sketch folder are tabs, sources and headers, and which recipe a source compiles with. Every step (source
    /// discovery, library resolution, preprocessing, compiling) asks here.
    /// </summary>
    /// <remarks>
    /// <para>Tabs are the <c>.ino</c>/<c>.pde</c> files of the sketch folder itself (not of its subfolders). Sources
    /// are the files with a <see cref="SourceExtensions">source extension</see> in the sketch folder and, recursively,
    /// in its <c>src/</c> folder; arduino-cli compiles nothing else of the sketch. Hidden files and folders (name
    /// starting with a dot) and version control folders (<c>CVS</c>, <c>RCS</c>, <c>SCCS</c>) are skipped, as
    /// arduino-cli's <c>FindFilesInFolder</c> does.</para>
    /// <para>arduino-builder 1.3 (the Arduino IDE 1.8 builder) knew only <c>.c</c>, <c>.cpp</c> and <c>.S</c> sketch
    /// sources: it neither compiled nor scanned a sketch's <c>.cc</c>/<c>.cxx</c>. arduino-cli copies, scans and
    /// compiles them, and so does FBuild.</para>
    /// </remarks>
    public static class SketchLayout
    {
        /// <summary>Extensions of sketch tabs (arduino-cli's <c>MainFileValidExtensions</c>; <c>.pde</c> is the legacy one).</summary>
        public static IReadOnlyList<string> TabExtensions { get; } = new[] { ".ino", ".pde" };

        /// <summary>
        /// Extensions of compiled sources (arduino-cli's <c>SourceFilesValidExtensions</c>): the sketch's own beside
        /// the tabs and under <c>src/</c>, and the libraries' and core's. <c>.cc</c> and <c>.cxx</c> compile with the
        /// C++ recipe (see <see cref="LanguageOf"/>).
        /// </summary>
        public static IReadOnlyList<string> SourceExtensions { get; } = new[] { ".c", ".cpp", ".cc", ".cxx", ".S" };

        /// <summary>Extensions of headers (arduino-cli's <c>HeaderFilesValidExtensions</c>).</summary>
        public static IReadOnlyList<string> HeaderExtensions { get; } = new[] { ".h", ".hpp", ".hh" };

        /// <summary>The folder of a sketch whose sources compile recursively.</summary>
        public const string SourceFolder = "src";

        /// <summary>Folders never searched: version control ones (hidden folders are skipped too).</summary>
        private static readonly string[] SourceControlFolders = { "CVS", "RCS", "SCCS" };

        private const int MaxDepth = 32; // guards against symbolic link loops

        /// <summary>
        /// The recipe a source file compiles with: "c", "cpp" or "S"; null for a file that is not compiled
        /// (<see cref="SourceExtensions"/>). Case-sensitive, as arduino-cli is (<c>.s</c> is not built).
        /// </summary>
        public static string? LanguageOf(string path)
        {
            switch (Path.GetExtension(path))
            {
                case ".c":
                    return "c";
                case ".cpp":
                case ".cc":
                case ".cxx":
                    return "cpp";
                case ".S":
                    return "S";
                default:
                    return null;
            }
        }

        /// <summary>True for a file whose extension <see cref="TabExtensions"/> lists.</summary>
        public static bool IsTab(string path) => HasExtension(path, TabExtensions);

        /// <summary>True for a file whose extension <see cref="SourceExtensions"/> lists.</summary>
        public static bool IsSketchSource(string path) => HasExtension(path, SourceExtensions);

        /// <summary>True for a file whose extension <see cref="HeaderExtensions"/> lists.</summary>
        public static bool IsHeader(string path) => HasExtension(path, HeaderExtensions);

        /// <summary>True for a file or folder name that arduino-cli skips: hidden (leading dot) or version control.</summary>
        public static bool IsSkippedName(string name) =>
            name.Length == 0 || name[0] == '.' || Array.IndexOf(SourceControlFolders, name) >= 0;

        /// <summary>
        /// Orders tabs as the Arduino IDE joins them: the tab named after the sketch (file name without extension
        /// equal to <paramref name="sketchName"/>, case-sensitive) first, then the others sorted by file name (ordinal).
        /// </summary>
        public static IReadOnlyList<string> OrderTabs(IEnumerable<string> tabPaths, string sketchName)
        {
            if (tabPaths is null) throw new ArgumentNullException(nameof(tabPaths));

            string? main = null;
            var others = new List<string>();
            foreach (var path in tabPaths)
            {
                if (main is null && string.Equals(Path.GetFileNameWithoutExtension(path), sketchName, StringComparison.Ordinal))
                {
                    main = path;
                }
                else
                {
                    others.Add(path);
                }
            }

            others.Sort((a, b) =>
            {
                var c = string.CompareOrdinal(Path.GetFileName(a), Path.GetFileName(b));
                return c != 0 ? c : string.CompareOrdinal(a, b);
            });

            var result = new List<string>(others.Count + 1);
            if (main != null) result.Add(main);

            result.AddRange(others);
            return result;
        }

        /// <summary>The sketch's tabs (full paths), ordered by <see cref="OrderTabs"/>.</summary>
        public static IReadOnlyList<string> FindTabs(string sketchDirectory, string sketchName) =>
            OrderTabs(FilesOf(sketchDirectory).Where(IsTab), sketchName);

        /// <summary>
        /// The sketch's own sources (full paths): those beside the tabs, then those under <c>src/</c> recursively,
        /// each group in ordinal order of the path.
        /// </summary>
        public static IReadOnlyList<string> FindSources(string sketchDirectory) => FindFiles(sketchDirectory, IsSketchSource);

        /// <summary>
        /// The files that <paramref name="kind"/> accepts among those beside the tabs, then among those under
        /// <c>src/</c> recursively (full paths, each group in ordinal order), skipping what <see cref="IsSkippedName"/> skips.
        /// </summary>
        public static IReadOnlyList<string> FindFiles(string sketchDirectory, Func<string, bool> kind)
        {
            var top = FilesOf(sketchDirectory).Where(kind).OrderBy(f => f, StringComparer.Ordinal);
            var nested = new List<string>();
            var src = Path.Combine(Path.GetFullPath(sketchDirectory), SourceFolder);
            if (Directory.Exists(src)) CollectRecursive(src, kind, nested, 0);

            nested.Sort(StringComparer.Ordinal);
            return top.Concat(nested).ToList();
        }

        private static IEnumerable<string> FilesOf(string directory) =>
            Directory.GetFiles(Path.GetFullPath(directory)).Where(f => !IsSkippedName(Path.GetFileName(f)));

        private static void CollectRecursive(string directory, Func<string, bool> kind, List<string> found, int depth)
        {
            found.AddRange(FilesOf(directory).Where(kind));
            if (depth >= MaxDepth) return;

            foreach (var sub in Directory.GetDirectories(directory))
            {
                if (!IsSkippedName(Path.GetFileName(sub))) CollectRecursive(sub, kind, found, depth + 1);
            }
        }

        private static bool HasExtension(string path, IReadOnlyList<string> extensions)
        {
            var ext = Path.GetExtension(path);
            foreach (var e in extensions)
            {
                if (string.Equals(e, ext, StringComparison.Ordinal)) return true;
            }

            return false;
        }
    }
}
