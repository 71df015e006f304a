using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using FBuild.Tasks.FileSystem;

namespace FBuild.Tasks.Libraries
{
    /// <summary>
    /// The libraries available to a build, indexed by the headers they offer, plus the caches the
    /// <see cref="LibraryResolver"/> uses so that resolving many sketches against one catalog reads each file once.
    /// </summary>
    /// <remarks>
    /// A catalog assumes the files it has seen do not change during its lifetime: make one per task run. Loading
    /// reuses the libraries found by an earlier load in this process when every folder it listed and every
    /// <c>library.properties</c> it read still has the same stamp (see <see cref="FileSystemView"/>). It is safe
    /// to use from several threads.
    /// </remarks>
    public sealed class LibraryCatalog
    {
        private readonly Dictionary<string, List<ArduinoLibrary>> _byHeader = new Dictionary<string, List<ArduinoLibrary>>(StringComparer.Ordinal);
        private readonly Dictionary<string, List<ArduinoLibrary>> _byName = new Dictionary<string, List<ArduinoLibrary>>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<ArduinoLibrary, int> _order = new Dictionary<ArduinoLibrary, int>();
        private static readonly ConcurrentDictionary<string, LoadedRoots> Loaded = new ConcurrentDictionary<string, LoadedRoots>(StringComparer.Ordinal);
        internal static readonly StringComparer DefaultPathComparer =
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || RuntimeInformation.IsOSPlatform(OSPlatform.OSX)
                ? StringComparer.OrdinalIgnoreCase
                : StringComparer.Ordinal;

        private LibraryCatalog(IReadOnlyList<ArduinoLibrary> libraries, FileSystemView? view = null)
        {
            Libraries = libraries;
            PathComparer = DefaultPathComparer;
            View = view ?? new FileSystemView(PathComparer);

            for (int i = 0; i < libraries.Count; i++)
            {
                ArduinoLibrary library = libraries[i];
                _order[library] = i;
                Add(_byName, library.Name, library);
                foreach (string header in library.HeaderFiles) Add(_byHeader, header, library);
            }
        }

        /// <summary>All libraries, in load order (roots in the given order, folders of a root in ordinal order).</summary>
        public IReadOnlyList<ArduinoLibrary> Libraries { get; }

        /// <summary>How this catalog compares paths: ignoring case on Windows and macOS.</summary>
        public StringComparer PathComparer { get; }

        /// <summary>How this catalog's run sees files: existence and include scans, remembered while their stamps hold.</summary>
        public FileSystemView View { get; }

        /// <summary>
        /// Library folders skipped because their <c>library.properties</c> is not valid (arduino-cli skips them with a
        /// warning too): the file, the first bad line's number and its text.
        /// </summary>
        public IReadOnlyList<(string PropertiesFile, int Line, string Text)> Invalid { get; private set; } = Array.Empty<(string, int, string)>();

        /// <summary>Every folder listed and file read to load the libraries, with its stamp before it was read (empty for <see cref="FromLibraries"/>).</summary>
        public IReadOnlyList<(string Path, FileStamp Stamp)> Watched { get; private set; } = Array.Empty<(string, FileStamp)>();

        /// <summary>True when <see cref="Load(IEnumerable{ValueTuple{string, LibraryLocation}}, FileSystemView)"/> reused the libraries of an earlier load.</summary>
        public bool Reused { get; private set; }

        /// <summary>
        /// Loads every library found in the given roots. Each immediate subfolder of a root is a library, except
        /// hidden (dot) folders and folders with neither a header nor a source file. Missing roots are skipped.
        /// </summary>
        public static LibraryCatalog Load(IEnumerable<(string Dir, LibraryLocation Location)> roots) => Load(roots, null);

        /// <summary>
        /// <see cref="Load(IEnumerable{ValueTuple{string, LibraryLocation}})"/> through <paramref name="view"/> (null: a new one):
        /// the libraries of an earlier load of the same roots are reused while every folder listed and every file
        /// read for them still has its stamp.
        /// </summary>
        public static LibraryCatalog Load(IEnumerable<(string Dir, LibraryLocation Location)> roots, FileSystemView? view)
        {
            if (roots is null) throw new ArgumentNullException(nameof(roots));
            var list = roots.ToList();
            view ??= new FileSystemView(DefaultPathComparer);
            var key = string.Join("\n", list.Select(r => r.Location + " " + r.Dir));
            if (Loaded.TryGetValue(key, out var known) && known.Watched.All(w => view.IsUnchanged(w.Path, w.Stamp)))
                return new LibraryCatalog(known.Libraries, view) { Reused = true, Invalid = known.Invalid, Watched = known.Watched };

            var watched = new List<(string Path, FileStamp Stamp)>();
            var invalid = new List<(string, int, string)>();
            var libraries = LoadLibraries(list, watched, invalid);
            if (watched.All(w => view.Conclusive(w.Stamp))) Loaded[key] = new LoadedRoots(libraries, watched, invalid);
            else Loaded.TryRemove(key, out _);
            return new LibraryCatalog(libraries, view) { Invalid = invalid, Watched = watched };
        }

        /// <summary>Every library in the roots; <paramref name="watched"/> gets each folder listed and file read, stamped before it was read.</summary>
        private static List<ArduinoLibrary> LoadLibraries(List<(string Dir, LibraryLocation Location)> roots, List<(string Path, FileStamp Stamp)> watched,
            List<(string, int, string)> invalid)
        {
            var libraries = new List<ArduinoLibrary>();
            foreach ((string dir, LibraryLocation location) in roots)
            {
                if (string.IsNullOrEmpty(dir)) continue;
                watched.Add(ArduinoLibrary.Watch(dir.TrimEnd('/') + "/"));
                if (!Directory.Exists(dir)) continue;
                string[] folders;
                try { folders = Directory.GetDirectories(dir); }
                catch (IOException) { continue; }
                catch (UnauthorizedAccessException) { continue; }
                Array.Sort(folders, StringComparer.Ordinal);
                foreach (string folder in folders)
                {
                    string name = Path.GetFileName(folder);
                    if (name.Length == 0 || name[0] == '.') continue;
                    var problem = InvalidProperties(folder, watched);
                    if (problem.HasValue) { invalid.Add(problem.Value); continue; }
                    ArduinoLibrary library = ArduinoLibrary.Load(folder, location, watched);
                    if (library.HasSourcesOrHeaders) libraries.Add(library);
                }
            }
            return libraries;
        }

        /// <summary>The first line of the folder's library.properties that is not blank, a comment or key=value; null when it is valid or absent.</summary>
        private static (string, int, string)? InvalidProperties(string folder, List<(string Path, FileStamp Stamp)> watched)
        {
            string path = Path.Combine(folder, "library.properties");
            if (!File.Exists(path)) return null;
            var stamp = ArduinoLibrary.Watch(path);
            string text;
            try { text = File.ReadAllText(path); }
            catch (IOException ex) { watched.Add(stamp); return (path, 0, ex.Message); }
            catch (UnauthorizedAccessException ex) { watched.Add(stamp); return (path, 0, ex.Message); }
            var bad = ArduinoLibrary.FirstInvalidPropertiesLine(text);
            if (bad is null) return null;
            watched.Add(ArduinoLibrary.Watch(folder.TrimEnd('/') + "/"));
            watched.Add(stamp);
            return (path, bad.Value.Line, bad.Value.Text);
        }

        private sealed class LoadedRoots
        {
            public LoadedRoots(List<ArduinoLibrary> libraries, List<(string Path, FileStamp Stamp)> watched, List<(string, int, string)> invalid)
            {
                Libraries = libraries; Watched = watched; Invalid = invalid;
            }
            public List<ArduinoLibrary> Libraries { get; }
            public List<(string Path, FileStamp Stamp)> Watched { get; }
            public List<(string, int, string)> Invalid { get; }
        }

        /// <summary>A catalog of already loaded libraries (for example single library folders named by the build).</summary>
        public static LibraryCatalog FromLibraries(IEnumerable<ArduinoLibrary> libraries)
        {
            if (libraries is null) throw new ArgumentNullException(nameof(libraries));
            return new LibraryCatalog(libraries.ToList());
        }

        /// <summary>The libraries whose folder is named <paramref name="name"/> (case-insensitive), in load order.</summary>
        public IReadOnlyList<ArduinoLibrary> FindByName(string name)
        {
            if (name is null) throw new ArgumentNullException(nameof(name));
            return _byName.TryGetValue(name, out List<ArduinoLibrary>? list) ? list : (IReadOnlyList<ArduinoLibrary>)Array.Empty<ArduinoLibrary>();
        }

        /// <summary>
        /// The libraries that offer <paramref name="header"/> (see <see cref="ArduinoLibrary.HeaderFiles"/>), in load
        /// order. The name is matched exactly (case-sensitively), after turning backslashes into slashes and dropping
        /// a leading <c>./</c>.
        /// </summary>
        public IReadOnlyList<ArduinoLibrary> FindProviders(string header)
        {
            if (header is null) throw new ArgumentNullException(nameof(header));
            return _byHeader.TryGetValue(NormalizeHeader(header), out List<ArduinoLibrary>? list)
                ? list
                : (IReadOnlyList<ArduinoLibrary>)Array.Empty<ArduinoLibrary>();
        }

        /// <summary>
        /// The library to use for <c>#include &lt;<paramref name="header"/>&gt;</c> on <paramref name="architecture"/>,
        /// or null when no library offers it. An incompatible library is returned only when no compatible one offers
        /// the header (like arduino-cli, which then warns); check <see cref="ArduinoLibrary.IsCompatibleWith"/>.
        /// </summary>
        /// <remarks>
        /// Port of arduino-cli's <c>librariesresolver.Cpp.ResolveFor</c> / <c>ComputePriority</c>
        /// (arduino-builder's <c>resolve_library.go</c> before it). Each candidate gets a score; the highest wins.
        /// <list type="number">
        /// <item>Architecture: +1010 when <c>architectures=</c> names the architecture itself, +1000 when it is
        /// <c>*</c> (or missing), 0 when the library is incompatible. So any compatible library beats any
        /// incompatible one, and an architecture-specific one beats a generic one with the same name match and
        /// location.</item>
        /// <item>Name match, comparing the header without its extension to the folder name and to the
        /// <c>name=</c> of <c>library.properties</c>, both simplified (characters other than letters, digits and
        /// non-leading <c>-</c>/<c>.</c> become <c>_</c>, lower case): +700 both equal, +600 one equal,
        /// +500 one is <c>header-main</c>, +400 one is <c>header-master</c>, +300 one starts with the header,
        /// +200 one ends with it, +100 one contains it.</item>
        /// <item>Location: IDE built-in +0, referenced platform +1, platform +2, user +3, unmanaged +10000.</item>
        /// </list>
        /// Ties: arduino-cli picks the candidate whose name is closest to the header (the <c>closestmatch</c>
        /// package, bags of 2-grams); this port counts the character pairs shared by the simplified header and the
        /// simplified folder name and takes the highest. Remaining ties go to the folder name in ordinal order,
        /// then to load order, so the result is always deterministic.
        /// </remarks>
        public ArduinoLibrary? ResolveHeader(string header, string architecture)
        {
            if (header is null) throw new ArgumentNullException(nameof(header));
            if (architecture is null) throw new ArgumentNullException(nameof(architecture));
            IReadOnlyList<ArduinoLibrary> candidates = FindProviders(header);
            if (candidates.Count == 0) return null;
            if (candidates.Count == 1) return candidates[0];

            var best = new List<ArduinoLibrary>();
            int bestPriority = int.MinValue;
            foreach (ArduinoLibrary library in candidates)
            {
                int priority = ComputePriority(library, header, architecture);
                if (priority > bestPriority)
                {
                    best.Clear();
                    best.Add(library);
                    bestPriority = priority;
                }
                else if (priority == bestPriority)
                {
                    best.Add(library);
                }
            }
            if (best.Count == 1) return best[0];

            string target = Simplify(StripExtension(LastSegment(NormalizeHeader(header))));
            return best
                .OrderByDescending(l => SharedBigrams(target, Simplify(l.Name)))
                .ThenBy(l => l.Name, StringComparer.Ordinal)
                .ThenBy(l => _order[l])
                .First();
        }

        /// <summary>The score of <paramref name="library"/> for <paramref name="header"/>; see <see cref="ResolveHeader"/>.</summary>
        public static int ComputePriority(ArduinoLibrary library, string header, string architecture)
        {
            if (library is null) throw new ArgumentNullException(nameof(library));
            if (header is null) throw new ArgumentNullException(nameof(header));
            if (architecture is null) throw new ArgumentNullException(nameof(architecture));

            string h = Simplify(StripExtension(LastSegment(NormalizeHeader(header))));
            string dirName = Simplify(library.Name);
            string name = library.DisplayName is null ? dirName : Simplify(library.DisplayName);

            int priority = 0;
            if (library.IsOptimizedFor(architecture)) priority += 1010;
            else if (library.IsArchitectureIndependent) priority += 1000;

            if (name == h && dirName == h) priority += 700;
            else if (name == h || dirName == h) priority += 600;
            else if (name == h + "-main" || dirName == h + "-main") priority += 500;
            else if (name == h + "-master" || dirName == h + "-master") priority += 400;
            else if (name.StartsWith(h, StringComparison.Ordinal) || dirName.StartsWith(h, StringComparison.Ordinal)) priority += 300;
            else if (name.EndsWith(h, StringComparison.Ordinal) || dirName.EndsWith(h, StringComparison.Ordinal)) priority += 200;
            else if (name.Contains(h) || dirName.Contains(h)) priority += 100;

            switch (library.Location)
            {
                case LibraryLocation.IdeBuiltIn: break;
                case LibraryLocation.ReferencedPlatform: priority += 1; break;
                case LibraryLocation.Platform: priority += 2; break;
                case LibraryLocation.User: priority += 3; break;
                case LibraryLocation.Unmanaged: priority += 10000; break;
            }
            return priority;
        }

        /// <summary>
        /// arduino-cli's <c>utils.SanitizeName</c> then lower case: letters and digits are kept, so are <c>-</c> and
        /// <c>.</c> except as the first character; anything else becomes <c>_</c>; at most 64 characters.
        /// </summary>
        internal static string Simplify(string name)
        {
            var sb = new StringBuilder(name.Length);
            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                bool keep = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && (c == '-' || c == '.'));
                sb.Append(keep ? char.ToLowerInvariant(c) : '_');
            }
            return sb.Length > 64 ? sb.ToString(0, 64) : sb.ToString();
        }

        internal static string NormalizeHeader(string header)
        {
            string h = header.Replace('\\', '/');
            while (h.StartsWith("./", StringComparison.Ordinal)) h = h.Substring(2);
            return h;
        }

        private static string LastSegment(string header)
        {
            int slash = header.LastIndexOf('/');
            return slash < 0 ? header : header.Substring(slash + 1);
        }

        private static string StripExtension(string fileName)
        {
            int dot = fileName.LastIndexOf('.');
            return dot <= 0 ? fileName : fileName.Substring(0, dot);
        }

        private static int SharedBigrams(string a, string b)
        {
            if (a.Length < 2 || b.Length < 2) return 0;
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i + 1 < b.Length; i++)
            {
                string pair = b.Substring(i, 2);
                counts[pair] = counts.TryGetValue(pair, out int c) ? c + 1 : 1;
            }
            int shared = 0;
            for (int i = 0; i + 1 < a.Length; i++)
            {
                string pair = a.Substring(i, 2);
                if (counts.TryGetValue(pair, out int c) && c > 0)
                {
                    counts[pair] = c - 1;
                    shared++;
                }
            }
            return shared;
        }

        private static void Add(Dictionary<string, List<ArduinoLibrary>> map, string key, ArduinoLibrary library)
        {
            if (!map.TryGetValue(key, out List<ArduinoLibrary>? list))
            {
                list = new List<ArduinoLibrary>();
                map[key] = list;
            }
            list.Add(library);
        }

        /// <summary>Whether a file exists at <paramref name="fullPath"/> (see <see cref="FileSystemView"/>).</summary>
        internal bool FileExists(string fullPath) => View.FileExists(fullPath);
    }
}
