using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FBuild.Tasks.FileSystem;
using FBuild.Tasks.Sketch;

namespace FBuild.Tasks.Libraries
{
    /// <summary>How a library lays out its sources (arduino-cli's <c>libraries.LibraryLayout</c>).</summary>
    public enum LibraryLayout
    {
        /// <summary>
        /// 1.0 format (no <c>library.properties</c>, or no <c>src/</c> folder): the sources are the files in the
        /// library's root folder plus those in <c>utility/</c>, neither searched recursively; the include dir
        /// is the root folder and <c>utility/</c> is an extra include dir when compiling the library itself.
        /// </summary>
        Flat,

        /// <summary>
        /// 1.5 format (<c>library.properties</c> and a <c>src/</c> folder): the sources are everything under
        /// <c>src/</c>, recursively; the include dir is <c>src/</c>.
        /// </summary>
        Recursive,
    }

    /// <summary>
    /// Where a library was found. Libraries closer to the user win when several provide the same header
    /// (see <see cref="LibraryCatalog.ResolveHeader"/>); the order mirrors arduino-cli's <c>LibraryLocation</c>.
    /// </summary>
    public enum LibraryLocation
    {
        /// <summary>Bundled with the IDE (lowest priority).</summary>
        IdeBuiltIn,

        /// <summary>Bundled with a platform that the board's platform refers to (e.g. a third-party board on <c>arduino:avr</c>).</summary>
        ReferencedPlatform,

        /// <summary>Bundled with the board's platform, e.g. <c>hardware/arduino/avr/libraries</c>.</summary>
        Platform,

        /// <summary>Installed by the user (sketchbook <c>libraries</c> folder).</summary>
        User,

        /// <summary>Named explicitly by the build (arduino-cli's <c>--library</c>): beats everything else.</summary>
        Unmanaged,
    }

    /// <summary>
    /// An Arduino library folder: its metadata, layout and files. Immutable; the files are listed once when
    /// the library is loaded.
    /// </summary>
    public sealed class ArduinoLibrary
    {
        /// <summary>
        /// Extensions of the files compiled as library sources: the same rule as a sketch's
        /// (<see cref="SketchLayout.SourceExtensions"/>; arduino-builder compiled only <c>.S</c>, <c>.c</c> and <c>.cpp</c>).
        /// </summary>
        public static IReadOnlyList<string> SourceExtensions => SketchLayout.SourceExtensions;

        /// <summary>Extensions of header files (<see cref="SketchLayout.HeaderExtensions"/>).</summary>
        public static IReadOnlyList<string> HeaderExtensions => SketchLayout.HeaderExtensions;

        private const int MaxDepth = 32; // guards against symbolic link loops

        private ArduinoLibrary(
            string name,
            string rootDir,
            LibraryLocation location,
            IReadOnlyDictionary<string, string> properties,
            bool hasPropertiesFile,
            LibraryLayout layout,
            string includeDir,
            string? utilityDir,
            IReadOnlyList<string> architectures,
            IReadOnlyList<string> sourceFiles,
            IReadOnlyList<string> headerFiles)
        {
            Name = name;
            RootDir = rootDir;
            Location = location;
            Properties = properties;
            HasPropertiesFile = hasPropertiesFile;
            Layout = layout;
            IncludeDir = includeDir;
            UtilityDir = utilityDir;
            Architectures = architectures;
            SourceFiles = sourceFiles;
            HeaderFiles = headerFiles;
        }

        /// <summary>The folder name, which identifies the library (arduino-cli's <c>DirName</c>).</summary>
        public string Name { get; }

        /// <summary>The <c>name=</c> of <c>library.properties</c>, or null when it has none.</summary>
        public string? DisplayName => Properties.TryGetValue("name", out string? value) && value.Length > 0 ? value : null;

        /// <summary>The <c>version=</c> of <c>library.properties</c>, or null.</summary>
        public string? Version => Properties.TryGetValue("version", out string? value) && value.Length > 0 ? value : null;

        /// <summary>Full path of the library folder.</summary>
        public string RootDir { get; }

        /// <summary>Where the library was found (given by whoever loaded it).</summary>
        public LibraryLocation Location { get; }

        /// <summary>The key=value pairs of <c>library.properties</c>; empty when the file is missing.</summary>
        public IReadOnlyDictionary<string, string> Properties { get; }

        /// <summary>Whether the folder has a <c>library.properties</c> file.</summary>
        public bool HasPropertiesFile { get; }

        /// <summary>See <see cref="LibraryLayout"/>.</summary>
        public LibraryLayout Layout { get; }

        /// <summary>The folder users include from: <c>src/</c> (Recursive) or the root folder (Flat). Full path.</summary>
        public string IncludeDir { get; }

        /// <summary>The <c>utility/</c> folder of a Flat library when it exists, else null. Full path.</summary>
        public string? UtilityDir { get; }

        /// <summary>
        /// Extra include dirs for compiling the library's own sources (the <c>utility/</c> folder of a Flat
        /// library); empty for Recursive libraries.
        /// </summary>
        public IReadOnlyList<string> PrivateIncludeDirs => UtilityDir is null ? Array.Empty<string>() : new[] { UtilityDir };

        /// <summary>
        /// The <c>architectures=</c> list, trimmed; <c>["*"]</c> when the property or the file is missing.
        /// </summary>
        public IReadOnlyList<string> Architectures { get; }

        /// <summary>Full paths of the files to compile (see <see cref="SourceExtensions"/>), in ordinal order.</summary>
        public IReadOnlyList<string> SourceFiles { get; }

        /// <summary>
        /// The headers the library offers to its users, relative to <see cref="IncludeDir"/> with <c>/</c>
        /// separators: the headers directly in the include dir and, for Recursive libraries, also the nested ones
        /// (e.g. <c>sub/Extra.h</c>). Headers in <c>utility/</c> of a Flat library are private. Ordinal order.
        /// </summary>
        public IReadOnlyList<string> HeaderFiles { get; }

        /// <summary>True when <see cref="Architectures"/> contains <c>*</c>.</summary>
        public bool IsArchitectureIndependent => Architectures.Contains("*");

        /// <summary>True when <see cref="Architectures"/> names <paramref name="architecture"/> itself (not just <c>*</c>).</summary>
        public bool IsOptimizedFor(string architecture)
        {
            if (architecture is null) throw new ArgumentNullException(nameof(architecture));
            foreach (string a in Architectures)
            {
                if (string.Equals(a, architecture, StringComparison.OrdinalIgnoreCase)) return true;
            }
            return false;
        }

        /// <summary>True when the library declares <c>*</c> or <paramref name="architecture"/>.</summary>
        public bool IsCompatibleWith(string architecture) => IsArchitectureIndependent || IsOptimizedFor(architecture);

        /// <summary>Whether the library has anything to include or compile.</summary>
        public bool HasSourcesOrHeaders => SourceFiles.Count > 0 || HeaderFiles.Count > 0;

        /// <inheritdoc/>
        public override string ToString() => Name + " (" + RootDir + ")";

        /// <summary>
        /// Loads the library in <paramref name="directory"/> (the folder itself, not a libraries root).
        /// </summary>
        /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
        public static ArduinoLibrary Load(string directory, LibraryLocation location) => Load(directory, location, null);

        /// <summary>A path and its stamp now (a folder when the path ends with '/').</summary>
        internal static (string Path, FileStamp Stamp) Watch(string path) => (path, FileStamp.Of(path));

        /// <summary>
        /// <see cref="Load(string, LibraryLocation)"/>, adding to <paramref name="watched"/> every folder it lists and
        /// every file it reads, each stamped before it is read: the library is the same while they all are.
        /// </summary>
        internal static ArduinoLibrary Load(string directory, LibraryLocation location, List<(string Path, FileStamp Stamp)>? watched)
        {
            if (directory is null) throw new ArgumentNullException(nameof(directory));
            string root = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            watched?.Add(Watch(root + "/"));
            if (root.Length == 0 || !Directory.Exists(root)) throw new DirectoryNotFoundException("Library folder not found: " + directory);

            string propertiesPath = Path.Combine(root, "library.properties");
            watched?.Add(Watch(propertiesPath));
            bool hasProperties = File.Exists(propertiesPath);
            IReadOnlyDictionary<string, string> properties = hasProperties
                ? ParseProperties(File.ReadAllText(propertiesPath))
                : new Dictionary<string, string>(StringComparer.Ordinal);

            string srcDir = Path.Combine(root, "src");
            LibraryLayout layout = hasProperties && Directory.Exists(srcDir) ? LibraryLayout.Recursive : LibraryLayout.Flat;

            var sources = new List<string>();
            var headers = new List<string>();
            string includeDir;
            string? utilityDir = null;
            if (layout == LibraryLayout.Recursive)
            {
                includeDir = srcDir;
                CollectRecursive(srcDir, "", sources, headers, 0, watched);
            }
            else
            {
                includeDir = root;
                CollectFlat(root, sources, headers, watched);
                string utility = Path.Combine(root, "utility");
                if (Directory.Exists(utility))
                {
                    utilityDir = utility;
                    CollectFlat(utility, sources, headers: null, watched);
                }
            }

            sources.Sort(StringComparer.Ordinal);
            headers.Sort(StringComparer.Ordinal);

            string name = Path.GetFileName(root);
            return new ArduinoLibrary(
                name, root, location, properties, hasProperties, layout, includeDir, utilityDir,
                ParseArchitectures(properties), sources, headers);
        }

        /// <summary>
        /// Parses <c>library.properties</c>: <c>key=value</c> lines, split at the first <c>=</c>, key and value
        /// trimmed; blank lines, lines starting with <c>#</c> and lines without <c>=</c> are skipped; a later key
        /// wins.
        /// </summary>
        public static IReadOnlyDictionary<string, string> ParseProperties(string text)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            using var reader = new StringReader(text.Length > 0 && text[0] == '\uFEFF' ? text.Substring(1) : text);
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                string trimmed = line.Trim();
                if (trimmed.Length == 0 || trimmed[0] == '#') continue;
                int eq = trimmed.IndexOf('=');
                if (eq <= 0) continue;
                string key = trimmed.Substring(0, eq).Trim();
                if (key.Length == 0) continue;
                result[key] = trimmed.Substring(eq + 1).Trim();
            }
            return result;
        }

        /// <summary>
        /// The first line of a <c>library.properties</c> text that is neither blank, a comment nor <c>key=value</c>
        /// (1-based number and text), or a line with a control character (a binary file, which no text has; bytes
        /// that are not UTF-8 are allowed: some files are in Latin-1); null when every line is fine. arduino-cli refuses
        /// such a file ("invalid line format, should be 'key=value'") and skips the library.
        /// </summary>
        public static (int Line, string Text)? FirstInvalidPropertiesLine(string text)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            using var reader = new StringReader(text.Length > 0 && text[0] == '\uFEFF' ? text.Substring(1) : text);
            string? line;
            int number = 0;
            while ((line = reader.ReadLine()) != null)
            {
                number++;
                string trimmed = line.Trim();
                if (trimmed.Length == 0 || trimmed[0] == '#') continue;
                if (trimmed.IndexOf('=') <= 0 || trimmed.Any(c => char.IsControl(c) && c != '\t'))
                    return (number, trimmed.Length > 60 ? trimmed.Substring(0, 60) + "..." : trimmed);
            }
            return null;
        }

        private static IReadOnlyList<string> ParseArchitectures(IReadOnlyDictionary<string, string> properties)
        {
            if (properties.TryGetValue("architectures", out string? value))
            {
                string[] archs = value.Split(',').Select(a => a.Trim()).Where(a => a.Length > 0).ToArray();
                if (archs.Length > 0) return archs;
            }
            return new[] { "*" };
        }

        private static bool HasExtension(string fileName, IReadOnlyList<string> extensions)
        {
            string ext = Path.GetExtension(fileName);
            foreach (string e in extensions)
            {
                if (string.Equals(ext, e, StringComparison.Ordinal)) return true;
            }
            return false;
        }

        private static IEnumerable<string> SafeFiles(string dir)
        {
            try { return Directory.GetFiles(dir); }
            catch (IOException) { return Array.Empty<string>(); }
            catch (UnauthorizedAccessException) { return Array.Empty<string>(); }
        }

        private static IEnumerable<string> SafeDirectories(string dir)
        {
            try { return Directory.GetDirectories(dir); }
            catch (IOException) { return Array.Empty<string>(); }
            catch (UnauthorizedAccessException) { return Array.Empty<string>(); }
        }

        private static void CollectFlat(string dir, List<string> sources, List<string>? headers, List<(string Path, FileStamp Stamp)>? watched)
        {
            watched?.Add(Watch(dir.TrimEnd('/') + "/"));
            foreach (string file in SafeFiles(dir))
            {
                string fileName = Path.GetFileName(file);
                if (fileName.StartsWith(".", StringComparison.Ordinal)) continue;
                if (HasExtension(fileName, SourceExtensions)) sources.Add(file);
                else if (headers != null && HasExtension(fileName, HeaderExtensions)) headers.Add(fileName);
            }
        }

        private static void CollectRecursive(string dir, string relative, List<string> sources, List<string> headers, int depth, List<(string Path, FileStamp Stamp)>? watched)
        {
            watched?.Add(Watch(dir.TrimEnd('/') + "/"));
            foreach (string file in SafeFiles(dir))
            {
                string fileName = Path.GetFileName(file);
                if (fileName.StartsWith(".", StringComparison.Ordinal)) continue;
                if (HasExtension(fileName, SourceExtensions)) sources.Add(file);
                else if (HasExtension(fileName, HeaderExtensions)) headers.Add(relative + fileName);
            }
            if (depth >= MaxDepth) return;
            foreach (string sub in SafeDirectories(dir))
            {
                string subName = Path.GetFileName(sub);
                if (SketchLayout.IsSkippedName(subName)) continue;
                CollectRecursive(sub, relative + subName + "/", sources, headers, depth + 1, watched);
            }
        }
    }
}
