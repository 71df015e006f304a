using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FBuild.Tasks.FileSystem;

namespace FBuild.Tasks.Libraries
{
    /// <summary>
    /// The file-system questions the library resolver asks again and again (does this header exist, what does
    /// this file include), answered from a per-process memo (MSBuild nodes live on, and one node resolves many
    /// sketches) but only while the file system still says the same.
    /// </summary>
    /// <remarks>
    /// A view is one task run's look at the file system: the first time it asks about a folder or a file it
    /// checks that thing's stamp (size, mtime, ctime) against the memo, and from then on assumes it does not
    /// change until the run ends, as one resolution always has. Whether a file exists is remembered per folder
    /// and kept while the folder's stamp is unchanged (adding, removing or renaming an entry changes it). A file's
    /// includes are kept while its stamp is unchanged. Nothing is remembered from a stamp that cannot tell later
    /// versions apart: no ctime (not Linux), or times within the racy margin of the moment it was read.
    /// </remarks>
    public sealed class FileSystemView
    {
        private static readonly ConcurrentDictionary<string, FolderEntry> Folders = new ConcurrentDictionary<string, FolderEntry>(StringComparer.Ordinal);
        private static readonly ConcurrentDictionary<string, (FileStamp Stamp, IReadOnlyList<IncludeDirective> Includes)> Scans =
            new ConcurrentDictionary<string, (FileStamp, IReadOnlyList<IncludeDirective>)>(StringComparer.Ordinal);

        private readonly Func<long> _utcNow;
        private readonly Dictionary<string, FolderEntry?> _folders;
        private readonly Dictionary<string, IReadOnlyList<IncludeDirective>> _includes;
        private readonly Dictionary<(string Dir, string Name), string?> _probes = new Dictionary<(string, string), string?>();
        private readonly Dictionary<string, FileStamp> _observed;
        private readonly Dictionary<string, ScannedFile> _files;
        private readonly HashSet<string> _prefetched = new HashSet<string>(StringComparer.Ordinal);
        private readonly object _lock = new object();

        /// <summary>A view for one run; <paramref name="utcNow"/> (tests) replaces the clock the racy check uses.</summary>
        public FileSystemView(StringComparer pathComparer, Func<long>? utcNow = null)
        {
            _utcNow = utcNow ?? (() => DateTime.UtcNow.Ticks);
            _folders = new Dictionary<string, FolderEntry?>(pathComparer);
            _includes = new Dictionary<string, IReadOnlyList<IncludeDirective>>(pathComparer);
            _observed = new Dictionary<string, FileStamp>(pathComparer);
            _files = new Dictionary<string, ScannedFile>(pathComparer);
        }

        /// <summary>
        /// The one <see cref="ScannedFile"/> of this view for <paramref name="fullPath"/> (nothing is read until its
        /// includes are asked for): what the resolver walks, so that every sketch resolved through the view reuses
        /// the lookups made for the sketches before it.
        /// </summary>
        public ScannedFile FileAt(string fullPath)
        {
            lock (_lock)
            {
                if (!_files.TryGetValue(fullPath, out var file)) _files[fullPath] = file = new ScannedFile(this, fullPath);
                return file;
            }
        }

        /// <summary>
        /// Every folder (path ending with '/') whose entries this view consulted (for a missing folder, the nearest one
        /// that exists, whose stamp changes when it is created) and every file it scanned, with the stamp it saw: what a result computed through this view depends on (<see cref="Records.ResolutionRecord"/>).
        /// </summary>
        public IReadOnlyList<(string Path, FileStamp Stamp)> Observations
        {
            get { lock (_lock) return _observed.Select(o => (o.Key, o.Value)).ToList(); }
        }

        /// <summary>
        /// The full path of <paramref name="name"/> (a relative path) below <paramref name="dir"/> when that file
        /// exists, else null; remembered for the view's run.
        /// </summary>
        public string? FindFile(string dir, string name)
        {
            lock (_lock)
                if (_probes.TryGetValue((dir, name), out var known)) return known;
            string? result;
            try
            {
                var candidate = Path.GetFullPath(Path.Combine(dir, name));
                result = FileExists(candidate) ? candidate : null;
            }
            catch (ArgumentException) { result = null; }
            catch (NotSupportedException) { result = null; }
            catch (PathTooLongException) { result = null; }
            lock (_lock) _probes[(dir, name)] = result;
            return result;
        }

        /// <summary>Scans <paramref name="files"/> on every core at once, so that later <see cref="GetIncludes"/> calls find them scanned.</summary>
        public void Prefetch(IReadOnlyCollection<string> files)
        {
            if (files.Count == 0) return;
            Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, f => GetIncludes(f));
        }

        /// <summary>True the first time this view is asked about <paramref name="key"/> (a library's folder): whether to <see cref="Prefetch"/> it.</summary>
        public bool FirstPrefetch(string key)
        {
            lock (_lock) return _prefetched.Add(key);
        }

        /// <summary>Answers that came from the memo rather than the file system (for tests and diagnostics).</summary>
        public int MemoHits { get; private set; }

        /// <summary>Whether a file (not a folder) exists at <paramref name="fullPath"/>.</summary>
        public bool FileExists(string fullPath)
        {
            var dir = Path.GetDirectoryName(fullPath);
            var folder = dir is null ? null : Folder(dir);
            if (folder is null) return File.Exists(fullPath);
            if (!folder.Stamp.Exists) { Count(); return false; }
            var name = Path.GetFileName(fullPath);
            if (folder.Exists.TryGetValue(name, out var known)) { Count(); return known; }
            return folder.Exists[name] = File.Exists(fullPath);
        }

        /// <summary>The include directives of the file at <paramref name="fullPath"/>; an unreadable file has none.</summary>
        public IReadOnlyList<IncludeDirective> GetIncludes(string fullPath)
        {
            lock (_lock)
                if (_includes.TryGetValue(fullPath, out var seen)) return seen;
            var result = Scan(fullPath);
            lock (_lock) _includes[fullPath] = result;
            return result;
        }

        /// <summary>Whether <paramref name="path"/> (a folder when it ends with '/') still has <paramref name="stamp"/>, and that stamp can be trusted.</summary>
        public bool IsUnchanged(string path, FileStamp stamp) => Conclusive(stamp) && FileStamp.Of(path) == stamp;

        /// <summary>A stamp that tells this version of a file from every later one.</summary>
        public bool Conclusive(FileStamp stamp) => !stamp.Exists || stamp.CtimeTicks != 0 && !stamp.IsRacyAt(_utcNow());

        private IReadOnlyList<IncludeDirective> Scan(string path)
        {
            var stamp = FileStamp.Of(path);
            lock (_lock) _observed[path] = stamp;
            if (Scans.TryGetValue(path, out var known) && known.Stamp == stamp && stamp.Exists) { Count(); return known.Includes; }
            string text;
            try { text = File.ReadAllText(path); }
            catch (IOException) { return Array.Empty<IncludeDirective>(); }
            catch (UnauthorizedAccessException) { return Array.Empty<IncludeDirective>(); }
            var includes = IncludeScanner.Scan(text);
            if (stamp.Exists && Conclusive(stamp) && FileStamp.Of(path) == stamp) Scans[path] = (stamp, includes);
            else Scans.TryRemove(path, out _);
            return includes;
        }

        /// <summary>The memo of a folder's entries, checked against its stamp once per view; null when it cannot be trusted.</summary>
        private FolderEntry? Folder(string dir)
        {
            lock (_lock)
            {
                if (_folders.TryGetValue(dir, out var seen)) return seen;
                var stamp = FileStamp.Of(dir.TrimEnd('/') + "/");
                // A missing folder is watched through the nearest one that exists: creating it changes that one's
                // stamp. (A sketch's include path is probed for every header of a big library: thousands of missing
                // folders like SKETCH/heavy/m00/, all watched through SKETCH/.)
                string? parent = stamp.Exists ? null : Path.GetDirectoryName(dir.TrimEnd('/'));
                if (parent is null || parent.Length == 0) _observed[dir.TrimEnd('/') + "/"] = stamp;
                else Folder(parent);
                FolderEntry? entry = null;
                if (Conclusive(stamp))
                {
                    entry = Folders.TryGetValue(dir, out var known) && known.Stamp == stamp ? known : null;
                    if (entry is null) Folders[dir] = entry = new FolderEntry(stamp);
                }
                else Folders.TryRemove(dir, out _);
                _folders[dir] = entry;
                return entry;
            }
        }

        private void Count() { lock (_lock) MemoHits++; }

        private sealed class FolderEntry
        {
            public FolderEntry(FileStamp stamp) { Stamp = stamp; }
            public FileStamp Stamp { get; }
            public ConcurrentDictionary<string, bool> Exists { get; } = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// A file as one <see cref="FileSystemView"/> sees it: its includes (scanned on first use) and, per quoted
    /// include, the file of that name beside it (looked up on first use). Both hold for the view's run, like every
    /// other answer of the view, and are observed by it (<see cref="FileSystemView.Observations"/>) when first made.
    /// Identity stands for the path: a view has one instance per path.
    /// </summary>
    public sealed class ScannedFile
    {
        private static readonly ScannedFile NotBeside = new ScannedFile(null!, "");
        private readonly FileSystemView _view;
        private IReadOnlyList<IncludeDirective>? _includes;
        private ScannedFile?[]? _beside; // null: not looked up yet

        internal ScannedFile(FileSystemView view, string path)
        {
            _view = view;
            Path = path;
        }

        /// <summary>The full path.</summary>
        public string Path { get; }

        /// <summary>The include directives (<see cref="FileSystemView.GetIncludes"/>).</summary>
        public IReadOnlyList<IncludeDirective> Includes => _includes ??= _view.GetIncludes(Path);

        /// <summary>
        /// For a quoted include (<c>"x"</c>) of <see cref="Includes"/>: the file it names in this file's folder, the
        /// preprocessor's first place to look, or null when there is none (and for an angled include).
        /// </summary>
        public ScannedFile? Beside(int index)
        {
            var beside = _beside ??= new ScannedFile?[Includes.Count];
            ScannedFile? known = Volatile.Read(ref beside[index]);
            if (known is null)
            {
                IncludeDirective include = Includes[index];
                string? dir = include.IsAngled ? null : System.IO.Path.GetDirectoryName(Path);
                string? hit = dir is null ? null : _view.FindFile(dir, include.Name);
                known = hit is null ? NotBeside : _view.FileAt(hit);
                Volatile.Write(ref beside[index], known);
            }
            return ReferenceEquals(known, NotBeside) ? null : known;
        }

        /// <inheritdoc/>
        public override string ToString() => Path;
    }
}
