using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FBuild.Tasks.Boards;
using FBuild.Tasks.FileSystem;
using FBuild.Tasks.Records;
using Microsoft.Build.Framework;
using MSTask = Microsoft.Build.Utilities.Task;

namespace FBuild.Tasks.Build
{
    /// <summary>
    /// Writes the traversal record after a whole traversal build whose frameworks succeeded (<see cref="TraversalRecord"/>): the key
    /// <see cref="FBuildCheckTraversalUpToDate"/> computed, the sketches' info, and the stamp of everything the build read
    /// or wrote, gathered from what each sketch and framework project returns from GetFBuildTraversalInputs
    /// (FBuild.Traversal.Sketch.targets). A failed compile or link is recorded too (its build record, which
    /// holds every file it read and its output, for the replay) with what it read. Anything unsure (a project's imports
    /// unknown, a build record or library resolution record missing outside a failed sketch, a source changed during the
    /// build) leaves no record: the next build is a whole one.
    /// </summary>
    public sealed class FBuildSaveTraversalRecord : MSTask, IIncrementalTask
    {
        /// <summary>A file or folder changed at or after this long before the build started may have changed during it.</summary>
        private static readonly long DuringBuildMargin = TimeSpan.FromMilliseconds(50).Ticks;

        /// <summary>The traversal record to write.</summary>
        [Required] public string RecordFile { get; set; } = "";

        /// <summary>The key of this build.</summary>
        [Required] public string Key { get; set; } = "";

        /// <summary>When the build started (DateTime.UtcNow.Ticks): a source changed since then changed during the build.</summary>
        [Required] public string StartTicks { get; set; } = "";

        /// <summary>The sketches' info (_FBuildSketchInfo), kept for the report of a build that takes the fast path.</summary>
        public ITaskItem[] Sketches { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>
        /// What the build read or wrote, metadata Kind: Import (a project file), Tree (a folder and everything below it),
        /// Above (a folder from which Directory.Build.props/.targets are looked for upwards: recorded present or absent),
        /// Recipe (metadata Recipe, a command: its tool), Output (a file with a build record, followed through the inputs that have one),
        /// Resolution (a library resolution record: every file and folder it observed), Product (a file the build wrote),
        /// ImportsUnknown (a project whose imports MSBuild did not tell: no record is written).
        /// </summary>
        public ITaskItem[] Inputs { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>Folders never walked (the artifacts folder).</summary>
        public ITaskItem[] ExcludedFolders { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>Set by MSBuild's -question mode: nothing is written.</summary>
        public bool FailIfNotIncremental { get; set; }

        private readonly Dictionary<string, RecordedInput> _inputs = new Dictionary<string, RecordedInput>(StringComparer.Ordinal);
        private readonly List<TraversalFailure> _failures = new List<TraversalFailure>();
        /// <summary>The projects (MSBuildSourceProjectFile) with a failed step.</summary>
        private readonly HashSet<string> _failedProjects = new HashSet<string>(StringComparer.Ordinal);
        private long _start;
        private string[] _excluded = Array.Empty<string>();

        public override bool Execute()
        {
            if (FailIfNotIncremental) return true;
            if (File.Exists(RecordFile)) File.Delete(RecordFile);
            _start = long.TryParse(StartTicks, out var s) ? s : 0;
            _excluded = ExcludedFolders.Select(f => Slash(Path.GetFullPath(f.ItemSpec))).ToArray();
            var why = Gather();
            if (why != null)
            {
                Log.LogMessage(MessageImportance.Low, $"FBuild: no traversal record: {why}.");
                return true;
            }
            var record = new TraversalRecord { Key = Key, CapturedTicks = DateTime.UtcNow.Ticks };
            foreach (var sketch in Sketches)
                record.Sketches.Add(new TraversalSketch(sketch.ItemSpec, sketch.CloneCustomMetadata().Keys.Cast<string>().OrderBy(n => n, StringComparer.Ordinal)
                    .Select(n => new KeyValuePair<string, string>(n, sketch.GetMetadata(n))).ToList()));
            record.Failures.AddRange(_failures);
            record.Inputs.AddRange(_inputs.Values.OrderBy(i => i.Path, StringComparer.Ordinal));
            record.Save(RecordFile);
            Log.LogMessage(MessageImportance.Low, $"FBuild: traversal record written ({record.Inputs.Count} files): {RecordFile}.");
            return true;
        }

        private string? Gather()
        {
            if (_start == 0) return "the build's start is unknown";
            var own = ProjectImports.Of(BuildEngine, out var unknown);
            if (own is null) return "the traversal's imports are unknown (" + unknown + ")";
            foreach (var i in own) { var why = Source(i); if (why != null) return why; }
            foreach (var i in own) AddAbove(Path.GetDirectoryName(i) ?? "/");
            var followed = new HashSet<string>(StringComparer.Ordinal);
            // Outputs with neither a file nor a build record, and missing resolution records: only a failed project may have them (a step after the failure never ran).
            var unbuilt = new List<(string Project, string Path)>();
            foreach (var item in Inputs)
            {
                var path = item.ItemSpec;
                var kind = item.GetMetadata("Kind");
                var project = item.GetMetadata("MSBuildSourceProjectFile");
                if ((kind == "Output" && !File.Exists(path) && !File.Exists(path + ".fbstate")) || (kind == "Resolution" && !File.Exists(path)))
                {
                    unbuilt.Add((project, path));
                    continue;
                }
                string? why = kind switch
                {
                    "ImportsUnknown" => $"the imports of '{path}' are unknown",
                    "Import" => Source(path),
                    "Tree" => Tree(path),
                    "Above" => AddAbove(path),
                    "Recipe" => Tool(item.GetMetadata("Recipe")),
                    "Output" => Follow(path, followed, project),
                    "Resolution" => Resolution(path),
                    "Product" => Product(path),
                    var other => $"unknown input kind '{other}' of '{path}'",
                };
                if (why != null) return why;
            }
            // Every failed sketch must have a failed step to replay (not a failed library resolution, say: not recorded).
            var failedSketches = new HashSet<string>(Sketches.Where(IsFailed).Select(s => Path.GetFullPath(s.ItemSpec)), StringComparer.Ordinal);
            var unreplayable = failedSketches.FirstOrDefault(p => !_failedProjects.Contains(p));
            if (unreplayable != null) return $"'{unreplayable}' failed with no failed compile or link recorded";
            foreach (var (project, path) in unbuilt)
            {
                bool output = !path.EndsWith(".fbresolve", StringComparison.Ordinal);
                // A missing resolution record is taken as it was before failures were recorded (the folders of the
                // sketch, core and variant are recorded whole) only for a sketch that succeeded.
                if (!output && !failedSketches.Contains(project)) continue;
                if (!output || !_failedProjects.Contains(project)) return $"'{path}' has no build record";
                // Recorded missing: a full build would not make it either while the failure stands.
                var why = Source(path);
                if (why != null) return why;
            }
            return null;
        }

        private static string Slash(string folder) => folder.EndsWith("/", StringComparison.Ordinal) ? folder : folder + "/";

        /// <summary>A file or folder that only the user changes: recorded as it is now, if it did not change during the build.</summary>
        private string? Source(string path)
        {
            if (!InputState.IsDirectory(path) && Directory.Exists(path)) path = Slash(path);
            var stamp = FileStamp.Of(path);
            if (stamp.Exists && (stamp.MtimeTicks >= _start - DuringBuildMargin || stamp.CtimeTicks >= _start - DuringBuildMargin))
                return $"'{path}' changed during the build";
            var digest = stamp.Exists && !InputState.IsDirectory(path) ? ContentDigest.Of(path)?.Digest : null;
            _inputs[path] = new RecordedInput(path, stamp, digest ?? "-");
            return null;
        }

        private string? Tree(string folder)
        {
            var root = Slash(Path.GetFullPath(folder));
            if (!Directory.Exists(root)) return Source(root);
            var pending = new Stack<string>();
            pending.Push(root);
            while (pending.Count > 0)
            {
                var dir = pending.Pop();
                if (_excluded.Any(e => dir.StartsWith(e, StringComparison.Ordinal)) || _inputs.ContainsKey(dir)) continue;
                var why = Source(dir);
                if (why != null) return why;
                foreach (var sub in Directory.EnumerateDirectories(dir)) pending.Push(Slash(sub));
                foreach (var file in Directory.EnumerateFiles(dir)) { why = Source(file); if (why != null) return why; }
            }
            return null;
        }

        /// <summary>Directory.Build.props and .targets in <paramref name="folder"/> and every folder above it: as they are (absent ones must stay absent).</summary>
        private string? AddAbove(string folder)
        {
            for (var dir = Path.GetFullPath(folder); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
                foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets" })
                {
                    var path = Path.Combine(dir, name);
                    if (_inputs.ContainsKey(path)) continue;
                    var why = Source(path);
                    if (why != null) return why;
                }
            return null;
        }

        private string? Tool(string recipe)
        {
            var words = CommandLine.Split(recipe);
            if (words.Count == 0) return null;
            var exe = Toolchain.ToolRunner.Which(words[0]) ?? words[0];
            return Source(exe);
        }

        /// <summary>An output and, through its build record, every input and output the record holds; inputs with a build record of their own are followed too.</summary>
        private string? Follow(string output, HashSet<string> followed, string project)
        {
            var pending = new Stack<string>();
            pending.Push(output);
            while (pending.Count > 0)
            {
                var o = pending.Pop();
                if (!followed.Add(o)) continue;
                var state = InputState.Load(o + ".fbstate");
                if (state is null) return $"'{o}' has no build record";
                if (state.Failure != null)
                {
                    _failures.Add(new TraversalFailure(FailureDisplay(o, state), o + ".fbstate"));
                    _failedProjects.Add(project);
                    var why = Product(o + ".fbstate");
                    if (why != null) return why;
                }
                foreach (var rec in state.Outputs.Concat(state.Inputs))
                {
                    var why = rec.Stamp.Exists ? InputState.Check(rec, state.CapturedTicks, out _, FileStamp.Of) : (File.Exists(rec.Path) ? $"'{rec.Path}' appeared" : null);
                    if (why != null) return $"{why} (build record of '{o}')";
                    var now = FileStamp.Of(rec.Path);
                    _inputs[rec.Path] = new RecordedInput(rec.Path, now, rec.Digest);
                    if (!InputState.IsDirectory(rec.Path) && rec.Path != o && File.Exists(rec.Path + ".fbstate")) pending.Push(rec.Path);
                }
            }
            return null;
        }

        private static bool IsFailed(ITaskItem sketch)
        {
            var file = sketch.GetMetadata("ResultFile");
            // No result: the sketch failed before it wrote one.
            try { return string.IsNullOrEmpty(file) || !File.Exists(file) || Reporting.ProjectResult.Parse(File.ReadAllText(file)).IsFailed; }
            catch (FormatException) { return true; }
            catch (IOException) { return true; }
        }

        /// <summary>What the failed step's task names it (FBuildCompile: the source; FBuildLink: the .elf).</summary>
        private static string FailureDisplay(string output, InputState state) =>
            output.EndsWith(".elf", StringComparison.OrdinalIgnoreCase) ? output
            : state.Inputs.Select(i => i.Path).FirstOrDefault(p => !InputState.IsDirectory(p) && SourceExtensions.Contains(Path.GetExtension(p).ToLowerInvariant())) ?? output;

        private static readonly string[] SourceExtensions = { ".c", ".cpp", ".cc", ".cxx", ".s", ".ino" };

        private string? Resolution(string path)
        {
            var record = ResolutionRecord.Parse(File.ReadAllText(path));
            if (record is null) return $"'{path}' cannot be read";
            foreach (var (p, stamp) in record.Observations)
            {
                if (FileStamp.Of(p) != stamp) return $"'{p}' changed during the build (library resolution)";
                if (!_inputs.ContainsKey(p)) { var why = Source(p); if (why != null) return why; }
            }
            return Product(path);
        }

        /// <summary>A file the build wrote (a result, compile_commands.json): as it is now.</summary>
        private string? Product(string path)
        {
            var stamp = FileStamp.Of(path);
            var digest = stamp.Exists ? ContentDigest.Of(path)?.Digest : null;
            _inputs[path] = new RecordedInput(path, stamp, digest ?? "-");
            return null;
        }
    }
}
