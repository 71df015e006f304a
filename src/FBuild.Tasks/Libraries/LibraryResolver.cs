using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace FBuild.Tasks.Libraries
{
    /// <summary>An include that no include dir, toolchain dir or library provides (reported as FB0020).</summary>
    /// <param name="Header">The name as written, e.g. <c>Servo.h</c>.</param>
    /// <param name="IncludedFrom">Full path of the file with the <c>#include</c>.</param>
    /// <param name="Line">1-based line of the directive.</param>
    public sealed record UnresolvedInclude(string Header, string IncludedFrom, int Line);

    /// <summary>
    /// An include that only a library for other architectures offers (its <c>library.properties</c>
    /// <c>architectures=</c> leaves out the board's): the library is not used (reported as FB0151).
    /// </summary>
    /// <param name="Header">The name as written.</param>
    /// <param name="IncludedFrom">Full path of the file with the <c>#include</c>.</param>
    /// <param name="Line">1-based line of the directive.</param>
    /// <param name="Library">The library that offers the header.</param>
    public sealed record IncompatibleInclude(string Header, string IncludedFrom, int Line, ArduinoLibrary Library);

    /// <summary>Why a library was picked: the first include that needed it.</summary>
    /// <param name="Library">The library.</param>
    /// <param name="Header">The include that selected it.</param>
    /// <param name="IncludedFrom">Full path of the file with the <c>#include</c>.</param>
    /// <param name="Line">1-based line of the directive.</param>
    public sealed record LibraryRequirement(ArduinoLibrary Library, string Header, string IncludedFrom, int Line);

    /// <summary>The result of <see cref="LibraryResolver.Resolve"/>.</summary>
    public sealed class LibraryResolution
    {
        internal LibraryResolution(IReadOnlyList<LibraryRequirement> requirements, IReadOnlyList<UnresolvedInclude> unresolved, IReadOnlyList<IncompatibleInclude> incompatible, IReadOnlyList<LibraryRequirement> uses)
        {
            Requirements = requirements;
            Uses = uses;
            Unresolved = unresolved;
            Incompatible = incompatible;
            var libraries = new ArduinoLibrary[requirements.Count];
            for (int i = 0; i < libraries.Length; i++) libraries[i] = requirements[i].Library;
            Libraries = libraries;
        }

        /// <summary>The libraries the sketch needs, directly or through other libraries, in order of first need.</summary>
        public IReadOnlyList<ArduinoLibrary> Libraries { get; }

        /// <summary>The same libraries with the include that first needed each.</summary>
        public IReadOnlyList<LibraryRequirement> Requirements { get; }

        /// <summary>
        /// Every include found in a library (the first need of each and the later ones), e.g. a library that
        /// includes a header of a library the sketch selected before it: what each library needs to compile.
        /// </summary>
        public IReadOnlyList<LibraryRequirement> Uses { get; }

        /// <summary>Includes found nowhere, in order of discovery; one entry per header and including file.</summary>
        public IReadOnlyList<UnresolvedInclude> Unresolved { get; }

        /// <summary>
        /// Includes only libraries for other architectures offer, in order of discovery; one entry per header and
        /// including file. Those libraries are not used (arduino-cli would use one and warn).
        /// </summary>
        public IReadOnlyList<IncompatibleInclude> Incompatible { get; }
    }

    /// <summary>
    /// Finds the libraries a sketch needs the way arduino-builder's <c>ContainerFindIncludes</c> does, but by
    /// scanning <c>#include</c> lines (<see cref="IncludeScanner"/>) instead of running the preprocessor.
    /// </summary>
    /// <remarks>
    /// <para>Each include is looked up like gcc would with the include path arduino-builder builds, stopping at the
    /// first hit:</para>
    /// <list type="number">
    /// <item>for <c>"x"</c> only: the folder of the including file;</item>
    /// <item>the local include dirs (sketch, core, variant) in the given order;</item>
    /// <item>when the including file belongs to a Flat library: its <c>utility/</c> folder;</item>
    /// <item>the include dirs of the libraries selected so far, in selection order;</item>
    /// <item>the toolchain include dirs (their headers are not scanned further);</item>
    /// <item>the catalog: the best library offering the header (<see cref="LibraryCatalog.ResolveHeader"/>) is
    /// selected, its include dir joins the search path and all its sources are queued for scanning; a library whose
    /// <c>architectures=</c> leaves out the board's is not (the include is listed as incompatible);</item>
    /// <item>otherwise the include is unresolved.</item>
    /// </list>
    /// <para>A header found in steps 1-4 or 6 is scanned at once, depth first, as the preprocessor would enter it; the
    /// sources of a newly selected library are scanned after the files already queued. Sketch sources are scanned in
    /// the given order. A name with folders (<c>utility/twi.h</c>, <c>avr/pgmspace.h</c>) is looked up relative to
    /// every dir. Includes inside <c>#if 0</c> and comments are ignored, other conditions are not evaluated.</para>
    /// <para>File reads, existence checks and each quoted include's lookup beside its file are cached in the catalog's
    /// <see cref="FileSystemView"/> (<see cref="ScannedFile"/>), so resolving ~100 sketches against one catalog reads
    /// each library and core file once, and each sketch only walks the shared include graph (with its own search path
    /// for the other includes: the result is the same as resolving it alone).</para>
    /// </remarks>
    public static class LibraryResolver
    {
        /// <summary>
        /// Resolves the libraries needed by one sketch.
        /// </summary>
        /// <param name="sketchSourceFiles">The sketch's own files (.ino, .cpp, .c, .h, .S ...), in a stable order.</param>
        /// <param name="localIncludeDirs">Sketch dir, core dir, variant dir: headers there need no library.</param>
        /// <param name="catalog">The available libraries.</param>
        /// <param name="architecture">The platform architecture, e.g. <c>avr</c>.</param>
        /// <param name="toolchainIncludeDirs">The compiler's own include dirs (e.g. <c>/usr/lib/avr/include</c> and
        /// <c>lib/gcc/avr/5.4.0/include</c>). Headers found there are fine; without them <c>avr/io.h</c> and friends
        /// are reported as unresolved.</param>
        /// <exception cref="FileNotFoundException">A sketch source file does not exist.</exception>
        public static LibraryResolution Resolve(
            IEnumerable<string> sketchSourceFiles,
            IReadOnlyCollection<string> localIncludeDirs,
            LibraryCatalog catalog,
            string architecture,
            IReadOnlyCollection<string>? toolchainIncludeDirs = null)
        {
            if (sketchSourceFiles is null) throw new ArgumentNullException(nameof(sketchSourceFiles));
            if (localIncludeDirs is null) throw new ArgumentNullException(nameof(localIncludeDirs));
            if (catalog is null) throw new ArgumentNullException(nameof(catalog));
            if (architecture is null) throw new ArgumentNullException(nameof(architecture));

            var run = new Run(catalog, architecture, FullPaths(localIncludeDirs), FullPaths(toolchainIncludeDirs ?? Array.Empty<string>()));
            foreach (string source in sketchSourceFiles)
            {
                string full = Path.GetFullPath(source);
                if (!File.Exists(full)) throw new FileNotFoundException("Sketch source not found: " + source, full);
                run.Enqueue(full, owner: null);
            }
            run.Drain();
            return new LibraryResolution(run.Requirements, run.Unresolved, run.Incompatible, run.Uses);
        }

        /// <summary>Libraries with at least this many sources and headers are scanned in parallel when selected.</summary>
        private const int PrefetchThreshold = 64;

        private static List<string> FullPaths(IEnumerable<string> dirs)
        {
            var result = new List<string>();
            foreach (string dir in dirs)
            {
                if (!string.IsNullOrEmpty(dir)) result.Add(Path.GetFullPath(dir));
            }
            return result;
        }

        /// <summary>The state of one resolution.</summary>
        private sealed class Run
        {
            private readonly LibraryCatalog _catalog;
            private readonly string _architecture;
            private readonly List<string> _localDirs;
            private readonly List<string> _toolchainDirs;
            private readonly HashSet<ScannedFile> _visited = new HashSet<ScannedFile>();
            private readonly Queue<(ScannedFile File, ArduinoLibrary? Owner)> _queue = new Queue<(ScannedFile, ArduinoLibrary?)>();
            private readonly HashSet<ArduinoLibrary> _selected = new HashSet<ArduinoLibrary>();
            private readonly HashSet<(string Header, string From)> _unresolvedSeen = new HashSet<(string, string)>();

            public Run(LibraryCatalog catalog, string architecture, List<string> localDirs, List<string> toolchainDirs)
            {
                _catalog = catalog;
                _architecture = architecture;
                _localDirs = localDirs;
                _toolchainDirs = toolchainDirs;
            }

            public List<LibraryRequirement> Requirements { get; } = new List<LibraryRequirement>();

            public List<LibraryRequirement> Uses { get; } = new List<LibraryRequirement>();

            public List<UnresolvedInclude> Unresolved { get; } = new List<UnresolvedInclude>();

            public List<IncompatibleInclude> Incompatible { get; } = new List<IncompatibleInclude>();

            public void Enqueue(string fullPath, ArduinoLibrary? owner)
            {
                ScannedFile file = _catalog.View.FileAt(fullPath);
                if (_visited.Add(file)) _queue.Enqueue((file, owner));
            }

            public void Drain()
            {
                while (_queue.Count > 0)
                {
                    (ScannedFile file, ArduinoLibrary? owner) = _queue.Dequeue();
                    ScanFile(file, owner);
                }
            }

            /// <summary>Scans a file and, depth first, the headers it includes (explicit stack, no recursion limit).</summary>
            private void ScanFile(ScannedFile file, ArduinoLibrary? owner)
            {
                var stack = new Stack<(ScannedFile File, ArduinoLibrary? Owner, int Next)>();
                stack.Push((file, owner, 0));
                while (stack.Count > 0)
                {
                    var frame = stack.Pop();
                    if (frame.Next >= frame.File.Includes.Count) continue;
                    stack.Push((frame.File, frame.Owner, frame.Next + 1));

                    (ScannedFile? found, ArduinoLibrary? foundOwner) = Lookup(frame.File, frame.Next, frame.Owner);
                    if (found != null && _visited.Add(found))
                    {
                        stack.Push((found, foundOwner, 0));
                    }
                }
            }

            /// <summary>
            /// Finds the file an include refers to. Returns the file to scan (null when there is none to scan, e.g. a
            /// toolchain header or an unresolved include) and the library it belongs to.
            /// </summary>
            private (ScannedFile? File, ArduinoLibrary? Owner) Lookup(ScannedFile including, int index, ArduinoLibrary? owner)
            {
                IncludeDirective include = including.Includes[index];
                string name = include.Name;
                string includingFile = including.Path;

                // 1. The folder of the including file, for "x" includes (looked up once per view: the same for every sketch).
                ScannedFile? beside = including.Beside(index);
                if (beside != null) return (beside, owner);

                // 2. Sketch, core and variant.
                foreach (string dir in _localDirs)
                {
                    string? hit = Probe(dir, name);
                    if (hit != null) return (FileAt(hit), null);
                }

                // 3. The utility folder of the Flat library being scanned.
                if (owner?.UtilityDir != null)
                {
                    string? hit = Probe(owner.UtilityDir, name);
                    if (hit != null) return (FileAt(hit), owner);
                }

                // 4. Libraries already on the include path, in the order they were added.
                foreach (LibraryRequirement requirement in Requirements)
                {
                    string? hit = Probe(requirement.Library.IncludeDir, name);
                    if (hit != null)
                    {
                        Uses.Add(new LibraryRequirement(requirement.Library, name, includingFile, include.Line));
                        return (FileAt(hit), requirement.Library);
                    }
                }

                // 5. The toolchain's headers: fine, and never a reason to pull in a library.
                foreach (string dir in _toolchainDirs)
                {
                    if (Probe(dir, name) != null) return (null, null);
                }

                // 6. A new library.
                ArduinoLibrary? library = _catalog.ResolveHeader(name, _architecture);
                if (library != null && !library.IsCompatibleWith(_architecture))
                {
                    // Only a library for other architectures offers it: not offered to this board.
                    if (_unresolvedSeen.Add((name, includingFile)))
                        Incompatible.Add(new IncompatibleInclude(name, includingFile, include.Line, library));
                    return (null, null);
                }
                if (library != null && _selected.Add(library))
                {
                    Requirements.Add(new LibraryRequirement(library, name, includingFile, include.Line));
                    Uses.Add(Requirements[Requirements.Count - 1]);
                    // A big library's files are read and scanned on every core at once (most of them will be needed).
                    // Once per view: the next sketches find them scanned.
                    if (library.SourceFiles.Count + library.HeaderFiles.Count >= PrefetchThreshold && _catalog.View.FirstPrefetch(library.RootDir))
                        _catalog.View.Prefetch(library.SourceFiles.Concat(library.HeaderFiles.Select(h => Path.Combine(library.IncludeDir, h))).ToList());
                    foreach (string source in library.SourceFiles) Enqueue(source, library);
                    string? header = Probe(library.IncludeDir, name);
                    return (header is null ? null : FileAt(header), library);
                }
                if (library != null)
                {
                    // Selected already but not found under its include dir (cannot happen with a consistent catalog).
                    return (null, null);
                }

                // 7. Nowhere.
                if (_unresolvedSeen.Add((name, includingFile)))
                {
                    Unresolved.Add(new UnresolvedInclude(name, includingFile, include.Line));
                }
                return (null, null);
            }

            private string? Probe(string dir, string name) => _catalog.View.FindFile(dir, name);

            private ScannedFile FileAt(string fullPath) => _catalog.View.FileAt(fullPath);
        }
    }
}
