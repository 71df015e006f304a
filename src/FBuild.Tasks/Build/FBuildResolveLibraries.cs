using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using FBuild.Tasks.FileSystem;
using FBuild.Tasks.Libraries;
using FBuild.Tasks.Records;
using FBuild.Tasks.Sketch;
using Microsoft.Build.Framework;
using MSTask = Microsoft.Build.Utilities.Task;
using TaskItem = Microsoft.Build.Utilities.TaskItem;

namespace FBuild.Tasks.Build
{
    /// <summary>
    /// The library dependency finder. For the framework project: the union of the libraries that a set of
    /// sketches include (transitively), with each library's sources to compile. For a sketch: its own libraries,
    /// their include folders and the framework archives to link, in order of first need.
    /// </summary>
    public sealed class FBuildResolveLibraries : MSTask, IIncrementalTask
    {
        [Required] public ITaskItem[] SketchDirectories { get; set; } = Array.Empty<ITaskItem>();
        /// <summary>Library folders; metadata Location = User, Platform or ReferencedPlatform (a referenced core's platform). User ones win ties.</summary>
        public ITaskItem[] LibraryRoots { get; set; } = Array.Empty<ITaskItem>();
        [Required] public string CoreDirectory { get; set; } = "";
        public string VariantDirectory { get; set; } = "";
        [Required] public string Architecture { get; set; } = "";
        public string ToolchainIncludeDirectories { get; set; } = "";
        /// <summary>Library names to use instead of scanning the sketches (their own dependencies are still found).</summary>
        public string ExplicitLibraries { get; set; } = "";
        /// <summary>Framework only: where library objects go (ObjectDirectory/LIB/relative path.o).</summary>
        public string ObjectDirectory { get; set; } = "";
        /// <summary>Sketch only: the framework's library archives (metadata Library).</summary>
        public ITaskItem[] AvailableArchives { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>
        /// The resolution record (<see cref="ResolutionRecord"/>): when set, a result whose inputs and every file and
        /// folder it read are unchanged is reused from it without scanning; a fresh result is recorded there.
        /// </summary>
        public string RecordFile { get; set; } = "";

        /// <summary>Folders the build only reads, ';'-separated: the record check shares their stamps with the build's other checks on this node (<see cref="BuildStamps"/>).</summary>
        public string SourceRoots { get; set; } = "";

        /// <summary>Folders the build writes, ';'-separated: statted afresh.</summary>
        public string OutputRoots { get; set; } = "";

        /// <summary>Set by MSBuild's -question: the record is read but never written or removed (question mode writes nothing).</summary>
        public bool FailIfNotIncremental { get; set; }

        [Output] public ITaskItem[] Libraries { get; set; } = Array.Empty<ITaskItem>();
        [Output] public ITaskItem[] LibrarySources { get; set; } = Array.Empty<ITaskItem>();
        [Output] public ITaskItem[] IncludeDirectories { get; set; } = Array.Empty<ITaskItem>();
        [Output] public ITaskItem[] Archives { get; set; } = Array.Empty<ITaskItem>();

        private readonly List<RecordedMessage> _messages = new List<RecordedMessage>();

        public override bool Execute()
        {
            var clock = Stopwatch.StartNew();
            if (string.IsNullOrEmpty(RecordFile)) return Resolve(out _, clock);
            var key = InputKey();
            if (TryReplay(key)) return true;
            bool ok = Resolve(out var catalog, clock);
            long resolved = clock.ElapsedMilliseconds;
            if (!FailIfNotIncremental) SaveRecord(key, catalog, ok);
            Log.LogMessage(MessageImportance.Low, $"Resolution record: {clock.ElapsedMilliseconds - resolved} ms.");
            return ok;
        }

        /// <summary>Reuses the recorded result when it is current; logs why it is not otherwise.</summary>
        private bool TryReplay(string key)
        {
            ResolutionRecord? record = null;
            try { if (File.Exists(RecordFile)) record = ResolutionRecord.Parse(File.ReadAllText(RecordFile)); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            var view = new FileSystemView(LibraryCatalog.DefaultPathComparer);
            var reason = record is null ? "no resolution record" : record.WhyStale(key, TaskStamps.For(BuildEngine, SourceRoots, OutputRoots).Of, view.Conclusive);
            if (reason != null)
            {
                Log.LogMessage(MessageImportance.Normal, $"Resolving libraries ({reason}).");
                return false;
            }
            foreach (var m in record!.Messages)
            {
                if (m.Kind == "warning") Log.LogWarning(null, m.Code, null, m.File, m.Line, 0, 0, 0, m.Text);
                else Log.LogMessage(MessageImportance.Normal, m.Text);
            }
            ITaskItem[] Of(string output) => record.Items.Where(i => i.Output == output).Select(i =>
            {
                var item = new TaskItem(i.Spec);
                foreach (var kv in i.Metadata) item.SetMetadata(kv.Key, kv.Value);
                return (ITaskItem)item;
            }).ToArray();
            Libraries = Of(nameof(Libraries));
            LibrarySources = Of(nameof(LibrarySources));
            IncludeDirectories = Of(nameof(IncludeDirectories));
            Archives = Of(nameof(Archives));
            Log.LogMessage(MessageImportance.Normal, $"Libraries resolved as recorded: {record.Observations.Count} files and folders unchanged ({RecordFile}).");
            return true;
        }

        /// <summary>Records a result without errors when everything it read had a conclusive stamp; removes the old record otherwise.</summary>
        private void SaveRecord(string key, LibraryCatalog? catalog, bool ok)
        {
            try
            {
                if (File.Exists(RecordFile)) File.Delete(RecordFile);
                if (!ok || catalog is null || Log.HasLoggedErrors) return;
                var observed = new Dictionary<string, FileStamp>(StringComparer.Ordinal);
                foreach (var (path, stamp) in catalog.Watched.Concat(catalog.View.Observations).Concat(SketchFolders())) observed[path] = stamp;
                if (!observed.Values.All(catalog.View.Conclusive)) return;
                var items = new List<RecordedItem>();
                void Add(string output, ITaskItem[] list)
                {
                    foreach (var i in list)
                    {
                        var custom = i.CloneCustomMetadata();
                        items.Add(new RecordedItem(output, i.ItemSpec, custom.Keys.Cast<object>().Select(k => k.ToString() ?? "")
                            .Select(k => new KeyValuePair<string, string>(k, i.GetMetadata(k))).ToList()));
                    }
                }
                Add(nameof(Libraries), Libraries);
                Add(nameof(LibrarySources), LibrarySources);
                Add(nameof(IncludeDirectories), IncludeDirectories);
                Add(nameof(Archives), Archives);
                var record = new ResolutionRecord(key, observed.Select(o => (o.Key, o.Value)).ToList(), items, _messages);
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(RecordFile))!);
                var temp = RecordFile + ".tmp";
                File.WriteAllText(temp, record.Serialize());
                File.Copy(temp, RecordFile, overwrite: true);
                File.Delete(temp);
            }
            catch (IOException ex) { Log.LogMessage(MessageImportance.Low, $"Resolution record not written: {ex.Message}"); }
            catch (UnauthorizedAccessException ex) { Log.LogMessage(MessageImportance.Low, $"Resolution record not written: {ex.Message}"); }
        }

        /// <summary>The sketch folders and every folder below their src/ (<see cref="SketchFiles"/> lists them), with their stamps.</summary>
        private IEnumerable<(string, FileStamp)> SketchFolders()
        {
            foreach (var dirItem in SketchDirectories)
            {
                var dir = Path.GetFullPath(dirItem.ItemSpec).TrimEnd('/') + "/";
                yield return (dir, FileStamp.Of(dir));
                var src = dir + SketchLayout.SourceFolder + "/";
                yield return (src, FileStamp.Of(src));
                if (!Directory.Exists(src)) continue;
                foreach (var sub in Directory.EnumerateDirectories(src, "*", SearchOption.AllDirectories))
                    yield return (sub.TrimEnd('/') + "/", FileStamp.Of(sub.TrimEnd('/') + "/"));
            }
        }

        /// <summary>The hash of every input of the task and of the task assembly itself.</summary>
        private string InputKey()
        {
            var parts = new List<string> { "resolve", typeof(FBuildResolveLibraries).Assembly.ManifestModule.ModuleVersionId.ToString() };
            parts.AddRange(SketchDirectories.Select(d => "S" + Path.GetFullPath(d.ItemSpec)).OrderBy(p => p, StringComparer.Ordinal));
            parts.AddRange(LibraryRoots.Select(r => "R" + r.ItemSpec + "|" + r.GetMetadata("Location")));
            parts.AddRange(new[] { CoreDirectory, VariantDirectory, Architecture, ToolchainIncludeDirectories, ExplicitLibraries, ObjectDirectory });
            parts.AddRange(AvailableArchives.Select(a => "A" + a.ItemSpec + "|" + a.GetMetadata("Library")));
            return InputState.Hash(parts);
        }

        private void Note(string text)
        {
            Log.LogMessage(MessageImportance.Normal, text);
            _messages.Add(new RecordedMessage("message", "", "", 0, text));
        }

        private bool Resolve(out LibraryCatalog? loaded, Stopwatch clock)
        {
            loaded = null;
            long start = clock.ElapsedMilliseconds;
            var roots = LibraryRoots
                .Where(r => Directory.Exists(r.ItemSpec))
                .Select(r => (r.ItemSpec, LocationOf(r.GetMetadata("Location"))));
            var catalog = LibraryCatalog.Load(roots);
            loaded = catalog;
            long catalogMs = clock.ElapsedMilliseconds - start;
            // Once per build (the framework resolves for the whole set): libraries skipped for a bad library.properties.
            if (!string.IsNullOrEmpty(ObjectDirectory))
                foreach (var (file, line, text) in catalog.Invalid)
                {
                    var message = $"Library '{Path.GetFileName(Path.GetDirectoryName(file))}' is skipped: its library.properties is not valid " +
                        (line > 0 ? $"(line {line} is not 'key=value': '{Printable(text)}')" : $"({text})") + ", as arduino-cli skips it. Fix or delete the file.";
                    Log.LogWarning(null, FBuildErrors.InvalidLibrary, null, file, line, 0, 0, 0, message);
                    _messages.Add(new RecordedMessage("warning", FBuildErrors.InvalidLibrary, file, line, message));
                }
            var toolchain = ToolchainIncludeDirectories.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries);
            var coreDirs = new List<string> { CoreDirectory };
            if (!string.IsNullOrEmpty(VariantDirectory)) coreDirs.Add(VariantDirectory);

            var ordered = new List<ArduinoLibrary>();
            var requirements = new List<LibraryRequirement>();
            void Add(IEnumerable<ArduinoLibrary> libs) { foreach (var l in libs) if (!ordered.Contains(l)) ordered.Add(l); }

            long firstSketchMs = -1;
            var explicitNames = ExplicitLibraries.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries).Select(n => n.Trim()).Where(n => n.Length > 0).ToList();
            if (explicitNames.Count > 0)
            {
                var chosen = new List<ArduinoLibrary>();
                foreach (var name in explicitNames)
                {
                    var lib = catalog.FindByName(name).OrderBy(l => l.IsCompatibleWith(Architecture) ? 0 : 1).ThenBy(l => l.Location == LibraryLocation.User ? 0 : 1).FirstOrDefault();
                    if (lib is null)
                    {
                        Log.LogError(null, FBuildErrors.ExplicitLibraryNotFound, null, null, 0, 0, 0, 0,
                            $"Library '{name}' (from FBuildLibraries) is not in any library folder: {string.Join(", ", LibraryRoots.Select(r => r.ItemSpec))}. " +
                            "Install it into one of them, or add its parent folder to FBuildLibraryPaths.");
                        continue;
                    }
                    chosen.Add(lib);
                }
                Add(chosen);
                var files = chosen.SelectMany(l => l.SourceFiles.Concat(l.HeaderFiles)).ToList();
                if (files.Count > 0)
                {
                    var res = LibraryResolver.Resolve(files, coreDirs, catalog, Architecture, toolchain);
                    Add(res.Libraries);
                    requirements.AddRange(res.Uses);
                }
            }
            else
            {
                foreach (var dirItem in SketchDirectories.OrderBy(d => d.ItemSpec, StringComparer.Ordinal))
                {
                    var dir = Path.GetFullPath(dirItem.ItemSpec);
                    var files = SketchFiles(dir);
                    if (files.Count == 0) continue;
                    var local = new List<string> { dir };
                    local.AddRange(coreDirs);
                    var res = LibraryResolver.Resolve(files, local, catalog, Architecture, toolchain);
                    if (firstSketchMs < 0) firstSketchMs = clock.ElapsedMilliseconds - start - catalogMs;
                    Add(res.Libraries);
                    requirements.AddRange(res.Uses);
                    ReportIncompatible(res.Incompatible);
                    foreach (var u in res.Unresolved)
                        Note(
                            $"{FBuildErrors.LibraryNotFound}: '{u.Header}' (included from {u.IncludedFrom}:{u.Line}) is in no library folder; if the compile fails on it, install the library into {string.Join(" or ", LibraryRoots.Select(r => r.ItemSpec))}.");
                }
            }

            // Where the time went (low importance: for a profile, e.g. -v:d).
            long totalMs = clock.ElapsedMilliseconds - start;
            Log.LogMessage(MessageImportance.Low, $"Libraries resolved in {totalMs} ms: catalog {catalogMs} ms ({catalog.Libraries.Count} libraries" +
                $"{(catalog.Reused ? ", reused" : "")}), include scan of {SketchDirectories.Length} sketch folder(s) {totalMs - catalogMs} ms" +
                (firstSketchMs >= 0 ? $" (the first, which reads the files, {firstSketchMs} ms)" : "") +
                $"; {catalog.View.Observations.Count} files and folders read.");

            Libraries = ordered.Select(l =>
            {
                var item = new TaskItem(l.Name);
                item.SetMetadata("LibraryDir", l.RootDir);
                item.SetMetadata("IncludeDir", l.IncludeDir);
                item.SetMetadata("Location", l.Location.ToString());
                item.SetMetadata("Version", l.Version ?? "");
                return (ITaskItem)item;
            }).ToArray();
            IncludeDirectories = ordered.Select(l => (ITaskItem)new TaskItem(l.IncludeDir)).ToArray();

            if (!string.IsNullOrEmpty(ObjectDirectory)) LibrarySources = PlanLibrarySources(ordered, requirements, coreDirs).ToArray();

            if (AvailableArchives.Length > 0 || SketchDirectories.Length == 1 && string.IsNullOrEmpty(ObjectDirectory))
            {
                var archives = new List<ITaskItem>();
                foreach (var lib in ordered)
                {
                    var archive = AvailableArchives.FirstOrDefault(a => a.GetMetadata("Library") == lib.Name);
                    if (archive is null)
                    {
                        Log.LogError(null, FBuildErrors.LibraryNotInFramework, null, null, 0, 0, 0, 0,
                            $"The sketch needs library '{lib.Name}' but the framework project did not build it. " +
                            "The framework builds the libraries included by the sketches below FBuildSketchesRoot (or those in FBuildLibraries); " +
                            "set FBuildLibraries for the whole sketch set (command line or the root's Directory.Build.props), not in one sketch.");
                        continue;
                    }
                    archives.Add(archive);
                }
                Archives = archives.ToArray();
            }
            return !Log.HasLoggedErrors;
        }

        /// <summary><paramref name="text"/> with characters other than printable ASCII shown as '?', for a message.</summary>
        private static string Printable(string text) => new string(text.Select(c => c < ' ' || c > '~' ? '?' : c).ToArray());
        internal static LibraryLocation LocationOf(string location) =>
            string.Equals(location, "Platform", StringComparison.OrdinalIgnoreCase) ? LibraryLocation.Platform
            : string.Equals(location, "ReferencedPlatform", StringComparison.OrdinalIgnoreCase) ? LibraryLocation.ReferencedPlatform
            : LibraryLocation.User;

        /// <summary>
        /// Includes only a library for other architectures offers: for a sketch, FB0151 at the include; for the
        /// framework (a sketch set), a message (the framework does not build the library; the sketch then fails).
        /// </summary>
        private void ReportIncompatible(IEnumerable<IncompatibleInclude> incompatible)
        {
            bool forSketch = string.IsNullOrEmpty(ObjectDirectory);
            foreach (var i in incompatible)
            {
                var text = $"'{i.Header}' is in library '{i.Library.Name}' ({i.Library.RootDir}), which is for architectures {string.Join(", ", i.Library.Architectures)} " +
                           $"(library.properties architectures=), not {Architecture}. Use a library for {Architecture}, or mark the sketch as not meant for this board (FBuildSupportedArchitectures, FBuildExcludedBoards or sketch.yaml).";
                if (forSketch) Log.LogError(null, FBuildErrors.LibraryForOtherArchitecture, null, i.IncludedFrom, i.Line, 0, 0, 0, text);
                else Note($"{FBuildErrors.LibraryForOtherArchitecture}: {i.IncludedFrom}({i.Line}): {text}");
            }
        }

        /// <summary>Each library's sources, with the include folders to compile them: core, variant, the library, its dependencies.</summary>
        private IEnumerable<ITaskItem> PlanLibrarySources(List<ArduinoLibrary> libs, List<LibraryRequirement> requirements, List<string> coreDirs)
        {
            foreach (var lib in libs)
            {
                var deps = DependenciesOf(lib, libs, requirements);
                var includes = new List<string>(coreDirs) { lib.IncludeDir };
                includes.AddRange(lib.PrivateIncludeDirs);
                includes.AddRange(deps.Select(d => d.IncludeDir));
                var incText = string.Join(";", includes.Distinct());
                foreach (var src in lib.SourceFiles)
                {
                    var full = Path.GetFullPath(src);
                    var rel = full.StartsWith(lib.RootDir.TrimEnd('/') + "/", StringComparison.Ordinal) ? full.Substring(lib.RootDir.TrimEnd('/').Length + 1) : Path.GetFileName(full);
                    var item = new TaskItem(full);
                    item.SetMetadata("Library", lib.Name);
                    item.SetMetadata("IncludeDirectories", incText);
                    item.SetMetadata("ObjectFile", Path.Combine(Path.GetFullPath(ObjectDirectory), lib.Name, rel + ".o"));
                    yield return item;
                }
            }
        }

        /// <summary>The libraries that files of <paramref name="lib"/> need, transitively, in the given order.</summary>
        private static List<ArduinoLibrary> DependenciesOf(ArduinoLibrary lib, List<ArduinoLibrary> order, List<LibraryRequirement> requirements)
        {
            var result = new HashSet<ArduinoLibrary>();
            var queue = new Queue<ArduinoLibrary>();
            queue.Enqueue(lib);
            while (queue.Count > 0)
            {
                var current = queue.Dequeue();
                var root = current.RootDir.TrimEnd('/') + "/";
                foreach (var r in requirements)
                {
                    if (r.Library == current || !r.IncludedFrom.StartsWith(root, StringComparison.Ordinal)) continue;
                    if (result.Add(r.Library)) queue.Enqueue(r.Library);
                }
            }
            result.Remove(lib);
            return order.Where(result.Contains).ToList();
        }

        /// <summary>
        /// The sketch's files to scan for includes (<see cref="SketchLayout"/>): its tabs (primary first), then its
        /// sources and headers beside them and under src/. Unlike arduino-cli, which scans only the sources, headers
        /// are scanned too, so a header that no source includes still brings its libraries.
        /// </summary>
        internal static List<string> SketchFiles(string dir)
        {
            var name = Path.GetFileName(dir.TrimEnd('/'));
            var files = SketchLayout.FindFiles(dir, f => SketchLayout.IsSketchSource(f) || SketchLayout.IsHeader(f));
            return SketchLayout.FindTabs(dir, name).Concat(files).ToList();
        }
    }
}
