using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FBuild.Tasks.Boards;
using FBuild.Tasks.Cache;
using FBuild.Tasks.FileSystem;
using FBuild.Tasks.Toolchain;
using Microsoft.Build.Framework;


namespace FBuild.Tasks.Build
{
    /// <summary>
    /// Compiles C, C++ and assembler sources with the board's recipes, in parallel, skipping every object whose
    /// build record (command hash + the depfile's inputs) still matches the file system, and taking objects from
    /// the compile cache (direct mode) when it holds them. The recipe's <c>-MMD</c> becomes <c>-MD</c>, so the
    /// toolchain's own headers (avr-libc) are tracked too.
    /// </summary>
    public sealed class FBuildCompile : FBuildTaskBase
    {
        /// <summary>Sources to compile. Metadata: BaseDir (objects mirror the path below it), ObjectFile (explicit object path).</summary>
        [Required] public ITaskItem[] Sources { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>Folder for objects, depfiles and build records.</summary>
        [Required] public string ObjectDirectory { get; set; } = "";

        /// <summary>The expanded recipe.c.o.pattern, recipe.cpp.o.pattern and recipe.S.o.pattern (placeholders {includes}, {source_file}, {object_file} left).</summary>
        [Required] public string RecipeC { get; set; } = "";
        [Required] public string RecipeCpp { get; set; } = "";
        [Required] public string RecipeS { get; set; } = "";

        /// <summary>Include folders, in order, for {includes}.</summary>
        public ITaskItem[] IncludeDirectories { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>Folders searched for "..." includes only (-iquote), before the include folders.</summary>
        public ITaskItem[] QuoteIncludeDirectories { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>How many compiles run at once inside this task.</summary>
        public int Parallelism { get; set; } = 1;

        /// <summary>The compile cache folder; empty turns the cache off.</summary>
        public string? CacheDirectory { get; set; }

        /// <summary>The project root: paths below it are keyed relative to it, so other checkouts share cache hits.</summary>
        public string? ProjectRoot { get; set; }

        /// <summary>The cache's size limit (bytes, or with K, M, G); least recently used results are evicted beyond it.</summary>
        public string CacheMaxSize { get; set; } = "4G";

        /// <summary>Seconds between two trims of the cache (by any build).</summary>
        public int CacheTrimIntervalSeconds { get; set; } = 60;

        [Output] public ITaskItem[] ObjectFiles { get; set; } = Array.Empty<ITaskItem>();
        [Output] public int CompiledCount { get; set; }
        [Output] public int CacheHits => _hits;
        [Output] public int CacheMisses => _misses;
        [Output] public int CacheStores => _stores;
        [Output] public int CacheUncacheable => _uncacheable;
        [Output] public int CacheEvictions { get; set; }

        private int _hits, _misses, _stores, _uncacheable;
        private CompileCache? _cache;
        private string _root = "";

        public override bool Execute()
        {
            if (Sources.Length == 0) return true;
            var quoteIncludes = QuoteIncludeDirectories.SelectMany(i => new[] { "-iquote", i.ItemSpec.TrimEnd('/') }).ToList();
            var includes = quoteIncludes.Concat(IncludeDirectories.Select(i => "-I" + i.ItemSpec.TrimEnd('/'))).ToList();
            var recipes = new Dictionary<string, List<string>>
            {
                ["c"] = WithFullDependencies(CommandLine.Split(RecipeC)),
                ["cpp"] = WithFullDependencies(CommandLine.Split(RecipeCpp)),
                ["S"] = WithFullDependencies(CommandLine.Split(RecipeS)),
            };
            if (!string.IsNullOrEmpty(CacheDirectory)) _cache = new CompileCache(CacheDirectory!);
            _root = string.IsNullOrEmpty(ProjectRoot) ? "" : Path.GetFullPath(ProjectRoot).TrimEnd('/');

            var jobs = new List<Job>();
            var outputs = new List<ITaskItem>();
            foreach (var src in Sources)
            {
                var path = Path.GetFullPath(src.ItemSpec);
                var lang = LanguageOf(path);
                if (lang is null) continue;
                var obj = src.GetMetadata("ObjectFile");
                if (string.IsNullOrEmpty(obj)) obj = ObjectPathFor(path, src.GetMetadata("BaseDir"));
                var ownIncludes = src.GetMetadata("IncludeDirectories");
                var inc = string.IsNullOrEmpty(ownIncludes) ? includes
                    : ownIncludes.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries).Select(i => "-I" + i.Trim().TrimEnd('/')).Concat(Enumerable.Empty<string>()).ToList();
                var cmd = Substitute(recipes[lang],
                    new Dictionary<string, string> { ["{source_file}"] = path, ["{object_file}"] = obj },
                    new Dictionary<string, IReadOnlyList<string>> { ["{includes}"] = inc });
                var tool = InputState.ToolIdentity(cmd[0]);
                var hash = InputState.Hash(cmd.Concat(new[] { tool }));
                var reason = InputState.WhyStale(obj, obj + ".fbstate", hash, refresh: !FailIfNotIncremental);
                var item = new Microsoft.Build.Utilities.TaskItem(obj);
                src.CopyMetadataTo(item);
                item.SetMetadata("ObjectFile", obj);
                item.SetMetadata("Source", path);
                item.SetMetadata("Language", lang);
                outputs.Add(item);
                if (reason != null)
                {
                    jobs.Add(new Job(path, obj, cmd, hash, reason, lang, tool));
                    item.SetMetadata("Compiled", "true");
                }
            }
            ObjectFiles = outputs.ToArray();
            CompiledCount = jobs.Count;
            if (jobs.Count == 0)
            {
                Log.LogMessage(MessageImportance.Low, $"All {outputs.Count} objects in '{ObjectDirectory}' are up to date.");
                return true;
            }
            if (FailIfNotIncremental)
            {
                foreach (var job in jobs) ReportNotUpToDate(job.Object, job.Reason);
                return false;
            }

            bool ok = Yielded(() => RunAll(jobs));
            if (_cache != null && _stores > 0)
            {
                var max = CompileCache.ParseSize(CacheMaxSize);
                if (max is null) Log.LogWarning(null, FBuildErrors.BadCacheSetting, null, null, 0, 0, 0, 0, $"FBuildCacheMaxSize '{CacheMaxSize}' is not a size (bytes, or a number with K, M or G); the cache is not trimmed.");
                else CacheEvictions = _cache.TrimIfDue(max.Value, TimeSpan.FromSeconds(Math.Max(0, CacheTrimIntervalSeconds)));
            }
            return ok && !Log.HasLoggedErrors;
        }

        private async Task<bool> RunAll(List<Job> jobs)
        {
            using var throttle = new SemaphoreSlim(Math.Max(1, Parallelism));
            var tasks = jobs.Select(async job =>
            {
                await throttle.WaitAsync(CancellationToken).ConfigureAwait(false);
                try { return await CompileOne(job).ConfigureAwait(false); }
                finally { throttle.Release(); }
            }).ToList();
            var results = await Task.WhenAll(tasks).ConfigureAwait(false);
            return results.All(r => r);
        }

        private async Task<bool> CompileOne(Job job)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(job.Object)!);
            var stateFile = job.Object + ".fbstate";
            if (File.Exists(stateFile)) File.Delete(stateFile);
            var searched = SearchedFolders(job.Command).Select(d => d.TrimEnd('/') + "/").ToList();
            var before = InputState.Snapshot(new[] { job.Source }.Concat(searched));
            var started = DateTime.UtcNow;

            string? manifestKey = null;
            DigestResult? source = null;
            if (_cache != null)
            {
                source = ContentDigest.OfRelocatable(job.Source, _root);
                if (source is null) { }
                else if ((source.Flags & ContentFlags.UsesTime) != 0)
                {
                    Interlocked.Increment(ref _uncacheable);
                    Log.LogMessage(MessageImportance.Low, $"Not cached: {job.Source} uses __DATE__, __TIME__ or __TIMESTAMP__.");
                }
                else
                {
                    manifestKey = CacheKey.Manifest(job.Tool, job.Language, job.Command, source.Digest, _root);
                    if (TryCacheHit(job, manifestKey, started))
                    {
                        Interlocked.Increment(ref _hits);
                        RecordState(job, ReadDeps(job), searched, started, before, stateFile);
                        return true;
                    }
                    Interlocked.Increment(ref _misses);
                    Log.LogMessage(MessageImportance.Low, $"Compile cache miss for {job.Source} (manifest {manifestKey}).");
                }
            }

            Log.LogMessage(MessageImportance.Normal, $"Compiling {job.Source} ({job.Reason})");
            var result = await RunToolAsync("compile", job.Source, job.Command).ConfigureAwait(false);
            if (result.ExitCode != 0)
            {
                if (File.Exists(job.Object)) File.Delete(job.Object);
                return false;
            }
            var deps = ReadDeps(job);
            var state = RecordState(job, deps, searched, started, before, stateFile);
            if (manifestKey != null) StoreInCache(job, manifestKey, (source!.Flags & ContentFlags.UsesFile) != 0, deps, state, result);
            return true;
        }

        private IReadOnlyList<string> ReadDeps(Job job)
        {
            var depFile = Path.ChangeExtension(job.Object, ".d");
            var deps = File.Exists(depFile) ? DepFile.Parse(File.ReadAllText(depFile)) : new[] { job.Source };
            return deps.Select(d => Path.GetFullPath(d)).ToList();
        }

        private InputState RecordState(Job job, IReadOnlyList<string> depPaths, List<string> searched, DateTime started,
            Dictionary<string, RecordedInput> before, string stateFile)
        {
            var inputs = new List<string> { job.Source };
            inputs.AddRange(depPaths);
            // The folders searched for headers and those holding the inputs: a header added there later may shadow one used now.
            inputs.AddRange(searched.Concat(depPaths.Select(Path.GetDirectoryName))
                .Where(d => !string.IsNullOrEmpty(d)).Select(d => d!.TrimEnd('/') + "/")
                .Where(d => d != Path.GetDirectoryName(job.Object)!.TrimEnd('/') + "/")); // (the object's own folder changes as it is written)
            var state = InputState.Capture(job.Hash, inputs, started, before);
            state.Save(stateFile);
            return state;
        }

        /// <summary>Materializes a cached object, its depfile and its compiler output; false on a miss.</summary>
        private bool TryCacheHit(Job job, string manifestKey, DateTime started)
        {
            var entry = _cache!.Lookup(manifestKey, _root, out _);
            if (entry is null
                || !entry.Sections.TryGetValue("object", out var obj)
                || !entry.Sections.TryGetValue("deps", out var depBytes)
                || !entry.Sections.TryGetValue("output", out var outBytes)) return false;
            var deps = Encoding.UTF8.GetString(depBytes).Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries)
                .Select(t => CacheKey.Unrelocate(t, _root)).ToList();
            CompileCache.WriteAtomically(job.Object, obj);
            CompileCache.WriteAtomically(Path.ChangeExtension(job.Object, ".d"), Encoding.UTF8.GetBytes(DepFile.Write(job.Object, deps)));
            var result = new ToolResult { ExitCode = 0, StartUtc = started, EndUtc = DateTime.UtcNow };
            result.Output.AddRange(CacheKey.Unrelocate(Encoding.UTF8.GetString(outBytes), _root)
                .Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries));
            Log.LogMessage(MessageImportance.Normal, $"Compiling {job.Source} ({job.Reason}): from the compile cache");
            ReportReplayed("cache", job.Source, job.Command, result);
            return true;
        }

        private void StoreInCache(Job job, string manifestKey, bool sourceUsesFile, IReadOnlyList<string> deps, InputState state, ToolResult result)
        {
            if (state.Inputs.Any(i => i.ChangedDuringBuild))
            {
                Interlocked.Increment(ref _uncacheable);
                Log.LogMessage(MessageImportance.Low, $"Not cached: an input of {job.Source} changed while it compiled.");
                return;
            }
            var files = new List<(string Token, string Digest)>();
            bool pathDependent = sourceUsesFile;
            foreach (var dep in deps)
            {
                if (dep == job.Source) continue;
                var d = ContentDigest.Of(dep);
                var recorded = state.Inputs.FirstOrDefault(i => i.Path == dep);
                if (d is null || recorded is null || recorded.Digest != d.Digest || (d.Flags & ContentFlags.UsesTime) != 0)
                {
                    Interlocked.Increment(ref _uncacheable);
                    Log.LogMessage(MessageImportance.Low, $"Not cached: {job.Source} reads '{dep}', which {(d != null && (d.Flags & ContentFlags.UsesTime) != 0 ? "uses __DATE__ or __TIME__" : "changed")}.");
                    return;
                }
                pathDependent |= (d.Flags & ContentFlags.UsesFile) != 0;
                files.Add((CacheKey.Relocate(dep, _root), d.Digest));
            }
            var entry = new CacheEntry();
            try { entry.Sections["object"] = File.ReadAllBytes(job.Object); }
            catch (IOException) { return; }
            entry.Sections["deps"] = Encoding.UTF8.GetBytes(string.Join("\n", deps.Select(d => CacheKey.Relocate(d, _root))));
            entry.Sections["output"] = Encoding.UTF8.GetBytes(CacheKey.Relocate(string.Join("\n", result.Output), _root));
            try
            {
                _cache!.Store(manifestKey, files, pathDependent, _root, entry);
                Interlocked.Increment(ref _stores);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                Log.LogMessage(MessageImportance.Normal, $"Could not store {job.Source} in the compile cache: {ex.Message}");
            }
        }

        /// <summary>The recipe with gcc's -MMD turned into -MD (system headers listed too), or -MD added when it has neither.</summary>
        internal static List<string> WithFullDependencies(List<string> recipe)
        {
            var result = recipe.Select(a => a == "-MMD" ? "-MD" : a).ToList();
            if (!result.Contains("-MD") && result.Count > 0) result.Insert(1, "-MD");
            return result;
        }

        /// <summary>The -I, -iquote and -isystem folders of a command line, in order.</summary>
        internal static IEnumerable<string> SearchedFolders(IReadOnlyList<string> command)
        {
            for (int i = 0; i < command.Count; i++)
            {
                var a = command[i];
                if ((a == "-iquote" || a == "-isystem" || a == "-I") && i + 1 < command.Count) { yield return Path.GetFullPath(command[++i]); continue; }
                if (a.StartsWith("-I", StringComparison.Ordinal) && a.Length > 2) yield return Path.GetFullPath(a.Substring(2));
            }
        }

        private string ObjectPathFor(string source, string baseDir)
        {
            string rel;
            if (!string.IsNullOrEmpty(baseDir))
            {
                var b = Path.GetFullPath(baseDir).TrimEnd('/') + "/";
                rel = source.StartsWith(b, StringComparison.Ordinal) ? source.Substring(b.Length) : Path.GetFileName(source);
            }
            else rel = Path.GetFileName(source);
            return Path.Combine(Path.GetFullPath(ObjectDirectory), rel + ".o");
        }

        internal static string? LanguageOf(string path)
        {
            var ext = Path.GetExtension(path);
            switch (ext)
            {
                case ".c": return "c";
                case ".cpp": case ".cc": case ".cxx": return "cpp";
                case ".S": return "S";
                default: return null;
            }
        }

        private sealed class Job
        {
            public Job(string source, string obj, List<string> command, string hash, string reason, string language, string tool)
            { Source = source; Object = obj; Command = command; Hash = hash; Reason = reason; Language = language; Tool = tool; }
            public string Language { get; }
            public string Tool { get; }
            public string Source { get; }
            public string Object { get; }
            public List<string> Command { get; }
            public string Hash { get; }
            public string Reason { get; }
        }
    }
}
