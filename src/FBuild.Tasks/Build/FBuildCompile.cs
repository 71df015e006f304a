using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FBuild.Tasks.Cache;
using FBuild.Tasks.FileSystem;
using FBuild.Tasks.Records;
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

        /// <summary>
        /// A program put in front of each compile that runs (FBuildCompilerLauncher: distcc, ccache), a <c>;</c>-list:
        /// the program, then its arguments. Not in build records or cache keys: a cache hit starts no launcher, and a
        /// build with it and one without share hits. A program that cannot be found is FB0163, before anything is touched.
        /// </summary>
        public string? CompilerLauncher { get; set; }

        /// <summary>
        /// Sources with this metadata set (e.g. Library) fail apart: a failed compile of one fails its group (the
        /// metadata's value), not the task; <see cref="FailedGroups"/> lists them. Empty: any failed compile fails the task.
        /// </summary>
        public string IsolateBy { get; set; } = "";

        /// <summary>
        /// Precompiled headers stage 1 built (<c>prefix.h</c>, the <c>.gch</c> beside it), with the metadata this task's
        /// ObjectFiles gave them (PchSignature, PchIncludeFolders). A C++ source uses one when
        /// <see cref="PrecompiledHeader.Decide"/> allows it; empty: none.
        /// </summary>
        public ITaskItem[] PrecompiledHeaders { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>A command that runs the compiler for PCH builds and the compiles that use one (e.g. <c>setarch -R</c>); empty: none.</summary>
        public string PrecompiledHeaderLauncher { get; set; } = "";

        /// <summary>The debug flag that replaces <c>-g</c> in PCH builds and the compiles that use one (e.g. <c>-gdwarf-2</c>); empty: <c>-g</c> stays.</summary>
        public string PrecompiledHeaderDebugFlag { get; set; } = "";

        /// <summary>
        /// Objects (and precompiled headers) with their sources' metadata. A precompiled header (source metadata
        /// PrecompiledHeader=true) also gets PchSignature and PchIncludeFolders: what <see cref="PrecompiledHeaders"/> needs.
        /// </summary>
        [Output] public ITaskItem[] ObjectFiles { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>
        /// The groups (values of <see cref="IsolateBy"/>) with a source that failed to compile. Metadata LogFile: the
        /// group's own log (the source's LogFile metadata), where the failed commands and their output are written.
        /// </summary>
        [Output] public ITaskItem[] FailedGroups { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>
        /// true when a source outside the <see cref="IsolateBy"/> groups failed last time and nothing it reads has
        /// changed: its errors are replayed, it is not run. In -question mode that is up to date: the task succeeds,
        /// the errors come as warnings, and the steps after it (which would need its object) are skipped.
        /// </summary>
        [Output] public bool FailedAsRecorded { get; set; }

        /// <summary>One item (the object folder) with metadata Compiled, CacheHits, CacheMisses, CacheStores, CacheUncacheable and CacheEvictions.</summary>
        [Output] public ITaskItem Counters => (_cache?.Counters ?? new CacheCounters()).ToItem(string.IsNullOrEmpty(ObjectDirectory) ? nameof(FBuildCompile) : ObjectDirectory, _compiled);

        private int _compiled;
        private CachedToolRun? _cache;
        private CompilerLauncher _launcher = Toolchain.CompilerLauncher.None;

        public override bool Execute()
        {
            if (Sources.Length == 0) return true;
            _launcher = Toolchain.CompilerLauncher.Parse(CompilerLauncher);
            if (_launcher.IsSet && ToolRunner.Which(_launcher.Program) is null)
            {
                Log.LogError(null, FBuildErrors.CompilerLauncherNotFound, null, null, 0, 0, 0, 0,
                    $"The compiler launcher '{_launcher.Program}' (FBuildCompilerLauncher) was not found" +
                    (_launcher.Program.IndexOf('/') >= 0 ? "" : " on PATH") +
                    ": nothing was compiled, and no object, record or cache entry was changed. Install it, give its full path, or clear FBuildCompilerLauncher (and FBUILD_COMPILER_LAUNCHER).");
                return false;
            }
            var recipes = new CompileRecipes(RecipeC, RecipeCpp, RecipeS);
            var quote = QuoteIncludeDirectories.Select(i => i.ItemSpec).ToList();
            var include = IncludeDirectories.Select(i => i.ItemSpec).ToList();
            _cache = OpenCache(CacheDirectory, ProjectRoot);

            var jobs = new List<Job>();
            var replays = new List<(Job Job, RecordedFailure Failure)>();
            var outputs = new List<ITaskItem>();
            var pchs = LoadPrecompiledHeaders();
            var launcher = Boards.CommandLine.Split(PrecompiledHeaderLauncher);
            foreach (var src in Sources)
            {
                var plan = src.GetMetadata("PrecompiledHeader") == "true"
                    ? CompilePlan.ForHeader(Path.GetFullPath(src.ItemSpec), src.GetMetadata("ObjectFile"), recipes, CompilePlan.Includes(src.GetMetadata("IncludeDirectories"), quote, include))
                    : CompilePlan.For(src.ItemSpec, recipes, src.GetMetadata("ObjectFile"), src.GetMetadata("BaseDir"), ObjectDirectory,
                        src.GetMetadata("IncludeDirectories"), quote, include);
                if (plan is null) continue;
                if (plan.IsHeader) plan = plan.ForPrecompiledHeaders(launcher, PrecompiledHeaderDebugFlag);
                var pch = pchs.Count > 0 ? ChoosePrecompiledHeader(plan.ForPrecompiledHeaders(launcher, PrecompiledHeaderDebugFlag), pchs, quote) : null;
                if (pch != null) plan = plan.ForPrecompiledHeaders(launcher, PrecompiledHeaderDebugFlag).WithPrecompiledHeader(pch.Header);
                var tool = InputState.ToolIdentity(plan.Tool);
                var record = new BuildRecord(plan.ObjectFile, InputState.Hash(plan.Arguments.Concat(new[] { tool })));
                var reason = record.WhyStale(!FailIfNotIncremental, out var failure, Stamps.Of);
                var item = new Microsoft.Build.Utilities.TaskItem(plan.ObjectFile);
                src.CopyMetadataTo(item);
                item.SetMetadata("ObjectFile", plan.ObjectFile);
                item.SetMetadata("Source", plan.Source);
                item.SetMetadata("Language", plan.Language);
                if (plan.IsHeader)
                {
                    item.SetMetadata("PchSignature", PrecompiledHeader.Signature(plan.Arguments, plan.Source, plan.ObjectFile));
                    item.SetMetadata("PchIncludeFolders", string.Join(";", PrecompiledHeader.IncludeFolders(plan.Arguments)));
                }
                if (pch != null) item.SetMetadata("PrecompiledHeader", pch.Header);
                outputs.Add(item);
                if (reason is null && failure != null)
                    replays.Add((new Job(plan, record, "", tool, string.IsNullOrEmpty(IsolateBy) ? "" : src.GetMetadata(IsolateBy), src.GetMetadata("LogFile")), failure));
                else if (reason != null)
                {
                    // (No per-run metadata on the object item, such as whether it was compiled now: the items reach the
                    // sketches' fast-path keys through the framework's outputs, which must be the same from one build to the next.)
                    jobs.Add(new Job(plan, record, reason, tool, string.IsNullOrEmpty(IsolateBy) ? "" : src.GetMetadata(IsolateBy), src.GetMetadata("LogFile")) { Pch = pch });
                }
            }
            ObjectFiles = outputs.ToArray();
            _compiled = jobs.Count;
            if (jobs.Count == 0 && replays.Count == 0)
            {
                Log.LogMessage(MessageImportance.Low, $"All {outputs.Count} objects in '{ObjectDirectory}' are up to date.");
                return true;
            }
            if (FailIfNotIncremental && jobs.Count > 0)
            {
                foreach (var job in jobs) ReportNotUpToDate(job.Plan.ObjectFile, job.Reason);
                return false;
            }

            // A group's log tells of this build's failures only (-question writes nothing).
            if (!FailIfNotIncremental)
                foreach (var log in jobs.Concat(replays.Select(r => r.Job)).Where(j => j.Group.Length > 0 && j.GroupLog.Length > 0).Select(j => j.GroupLog).Distinct())
                    if (File.Exists(log)) File.Delete(log);
            // A recorded failure whose inputs are unchanged is up to date (also for -question): replayed, not run.
            FailedAsRecorded = replays.Any(r => r.Job.Group.Length == 0);
            foreach (var (job, failure) in replays) ReplayFailure(job, failure);
            jobs = LongestFirst(jobs);
            bool ok = jobs.Count == 0 || Yielded(() => RunAll(jobs));
            if (!FailIfNotIncremental)
            {
                _cache?.Finish();
                _cache?.TrimIfDue(CacheMaxSize, CacheTrimIntervalSeconds);
            }
            var failed = jobs.Concat(replays.Select(r => r.Job)).Where(j => j.Failed).ToList();
            FailedGroups = failed.Where(j => j.Group.Length > 0).GroupBy(j => j.Group, StringComparer.Ordinal).Select(g =>
            {
                var item = new Microsoft.Build.Utilities.TaskItem(g.Key);
                item.SetMetadata("LogFile", g.First().GroupLog);
                return (ITaskItem)item;
            }).ToArray();
            // Failures of isolated groups are logged as errors, but only the others fail the task.
            // (In -question mode only recorded failures get here: up to date.)
            if (failed.Any(j => j.Group.Length == 0)) return FailIfNotIncremental;
            return failed.Count > 0 || (ok && !Log.HasLoggedErrors);
        }

        /// <summary>
        /// The jobs with the longest compiles first (<see cref="CompileOrder"/>): from the last build's times in the
        /// trace file, else from the sources' sizes (a unity source with its parts).
        /// </summary>
        private List<Job> LongestFirst(List<Job> jobs)
        {
            if (jobs.Count < 2 || Parallelism < 2) return jobs;
            var last = new Dictionary<string, double>(StringComparer.Ordinal);
            try { if (!string.IsNullOrEmpty(TraceFile) && File.Exists(TraceFile)) last = CompileOrder.LastTimes(File.ReadLines(TraceFile!)); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            var sources = jobs.Select(j => j.Plan.Source).ToList();
            var sizes = sources.Select(s => CompileOrder.EffectiveSize(s, SizeOf, IncludesOf)).ToList();
            var order = CompileOrder.LongestFirst(sources, sizes, last);
            return order.Select(i => jobs[i]).ToList();
        }

        private static long SizeOf(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? info.Length : -1;
        }

        private static IReadOnlyList<Libraries.IncludeDirective> IncludesOf(string path)
        {
            try { return Libraries.IncludeScanner.Scan(File.ReadAllText(path)); }
            catch (IOException) { return Array.Empty<Libraries.IncludeDirective>(); }
            catch (UnauthorizedAccessException) { return Array.Empty<Libraries.IncludeDirective>(); }
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
            var plan = job.Plan;
            Directory.CreateDirectory(Path.GetDirectoryName(plan.ObjectFile)!);
            var searched = plan.SearchedFolders.Select(d => d.TrimEnd('/') + "/").ToList();
            job.Record.Begin(new[] { plan.Source }.Concat(searched));

            // A PCH is not cached (it holds absolute paths); a compile that uses one is keyed on its content too.
            var ticket = plan.IsHeader ? null
                : job.Pch is null ? _cache?.KeyCompile(plan, job.Tool)
                : ContentDigest.Of(job.Pch.Gch) is { } gch ? _cache?.KeyCompile(plan, job.Tool, gch.Digest) : null;
            if (ticket != null)
            {
                var replayed = _cache!.ReplayCompile(ticket, plan, job.Record.StartedUtc);
                if (replayed != null)
                {
                    Log.LogMessage(MessageImportance.Normal, $"Compiling {plan.Source} ({job.Reason}): from the compile cache");
                    ReportReplayed("cache", plan.Source, plan.Arguments, replayed);
                    Record(job, ReadDeps(plan), searched);
                    return true;
                }
            }

            Log.LogMessage(MessageImportance.Normal, $"Compiling {plan.Source} ({job.Reason})");
            // The launcher (distcc, ccache) only runs what the cache did not have; the plan's command is what is recorded and keyed.
            // Precompiling a header and compiles using a PCH run without it (ChoosePrecompiledHeader gives none when a launcher is set).
            var command = plan.IsHeader || job.Pch != null ? plan.Arguments : _launcher.Prepend(plan.Arguments);
            var result = await RunToolAsync(plan.IsHeader ? "pch" : "compile", plan.Source, command, reportDiagnostics: job.Pch is null).ConfigureAwait(false);
            if (job.Pch != null && result.ExitCode != 0)
            {
                // A header the prefix includes twice may not bear it (no include guard): compile as if there were no PCH.
                var plain = plan.Arguments.ToList();
                int at = plain.IndexOf("-include");
                if (at >= 0) plain.RemoveRange(at, 3);
                result = await RunToolAsync("compile", plan.Source, plain).ConfigureAwait(false);
                if (result.ExitCode == 0)
                    Log.LogWarning(null, FBuildErrors.PrecompiledHeaderBroke, null, plan.Source, 0, 0, 0, 0,
                        $"{plan.Source} failed to compile with the precompiled header {job.Pch.Gch} and compiled without it (a header its leading #includes name has no include guard?). Set FBuildPrecompiledHeaders=false to build without them.");
                ticket = null;
            }
            else if (job.Pch != null)
            {
                DiagnosticsReporter.Report(Log, plan.Source, result);
            }
            if (result.ExitCode != 0)
            {
                if (File.Exists(plan.ObjectFile)) File.Delete(plan.ObjectFile);
                job.Failed = true;
                AppendGroupLog(job, result, "");
                if (!CancellationToken.IsCancellationRequested && RecordedFailure.IsRecordable(result.ExitCode, result.Output))
                    await RecordFailure(job, searched, result).ConfigureAwait(false);
                return false;
            }
            var deps = ReadDeps(plan);
            if (job.Pch != null)
            {
                // gcc lists the prefix header only when it read it as text, not when it used its PCH.
                if (deps.Contains(job.Pch.Header))
                {
                    Log.LogWarning(null, FBuildErrors.PrecompiledHeaderNotUsed, null, plan.Source, 0, 0, 0, 0,
                        $"gcc did not use the precompiled header {job.Pch.Gch} for {plan.Source} (it read {job.Pch.Header} as text): the object is right but the compile gained nothing. " +
                        "Build with FBuildWarningLevel=all to see gcc's reason (-Winvalid-pch), or set FBuildPrecompiledHeaders=false.");
                }
                deps = deps.Concat(new[] { job.Pch.Header, job.Pch.Gch }).Distinct(StringComparer.Ordinal).ToList();
            }
            var state = Record(job, deps, searched);
            if (ticket != null) _cache!.StoreCompile(ticket, plan, deps, state, result);
            return true;
        }

        /// <summary>Appends a failed compile's command and output to its group's log (a library's own log), if it has one.</summary>
        private void AppendGroupLog(Job job, ToolResult result, string note)
        {
            if (job.GroupLog.Length == 0) return;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(job.GroupLog))!);
            new ToolRunLog(Log, job.GroupLog, null).AppendLog(job.Plan.Arguments, result, note);
        }

        /// <summary>
        /// Records a failed compile with what it read (<see cref="FailedCompileInputs"/>: the preprocessor run again with
        /// -M -MG -v). When that listing fails too (an #error, a broken directive), no record is left and the compile runs again.
        /// </summary>
        private async Task RecordFailure(Job job, List<string> searched, ToolResult result)
        {
            var plan = job.Plan;
            var listing = plan.DepFile + ".failed";
            try
            {
                var deps = await RunQuietAsync(FailedCompileInputs.DependencyCommand(plan.Arguments, listing)).ConfigureAwait(false);
                var searchList = FailedCompileInputs.SearchList(deps.Output);
                if (deps.ExitCode != 0 || searchList is null || !File.Exists(listing)) return;
                var entries = DepFile.Parse(File.ReadAllText(listing));
                var read = FailedCompileInputs.Inputs(plan.Source, entries, searchList, Directory.GetCurrentDirectory());
                job.Record.SaveFailure(WithFolders(job, read, searched), result.ExitCode, result.Output);
                Log.LogMessage(MessageImportance.Low, $"Recorded the failed compile of {plan.Source}: {read.Count} inputs and folders.");
            }
            // The listing could not be run or read: no record, so the compile runs again next time.
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            catch (System.ComponentModel.Win32Exception) { }
            finally
            {
                if (File.Exists(listing)) File.Delete(listing);
            }
        }

        /// <summary>Logs a recorded failure as the compile logged it (errors with file and line), without running it.</summary>
        private void ReplayFailure(Job job, RecordedFailure failure)
        {
            job.Failed = true;
            Log.LogMessage(MessageImportance.Normal, $"Compiling {job.Plan.Source}: {FailureReplayNote}");
            var result = ReportRecordedFailure(job.Plan.Source, job.Plan.Arguments, failure);
            if (!FailIfNotIncremental) AppendGroupLog(job, result, "  # " + FailureReplayNote);
        }

        /// <summary>The precompiled headers of <see cref="PrecompiledHeaders"/> whose PCH exists.</summary>
        private List<PchCandidate> LoadPrecompiledHeaders()
        {
            var result = new List<PchCandidate>();
            foreach (var item in PrecompiledHeaders)
            {
                var header = Path.GetFullPath(item.ItemSpec);
                var gch = header + ".gch";
                var depFile = Path.ChangeExtension(gch, ".d");
                if (!File.Exists(header) || !File.Exists(gch) || !File.Exists(depFile)) continue;
                var inputs = DepFile.Parse(File.ReadAllText(depFile)).Select(d => Path.GetFullPath(d)).ToList();
                result.Add(new PchCandidate(header, PrecompiledHeader.Prefix(File.ReadAllText(header)), item.GetMetadata("PchSignature"),
                    item.GetMetadata("PchIncludeFolders").Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries), inputs));
            }
            return result;
        }

        /// <summary>The precompiled header a plan may use (<see cref="PrecompiledHeader.Decide"/>), or null (the reasons logged).</summary>
        private PchCandidate? ChoosePrecompiledHeader(CompilePlan plan, List<PchCandidate> pchs, List<string> quote)
        {
            if (plan.IsHeader || plan.Language != "cpp") return null;
            if (_launcher.IsSet)
            {
                Log.LogMessage(MessageImportance.Low, $"{plan.Source} uses no precompiled header (a compiler launcher is set: it would compile the header's text).");
                return null;
            }
            string prefix;
            try { prefix = PrecompiledHeader.Prefix(File.ReadAllText(plan.Source)); }
            catch (IOException) { return null; }
            if (prefix.Length == 0) return null;
            var signature = PrecompiledHeader.Signature(plan.Arguments, plan.Source, plan.ObjectFile);
            var folders = PrecompiledHeader.IncludeFolders(plan.Arguments);
            var local = new[] { Path.GetDirectoryName(plan.Source)! }.Concat(quote).SelectMany(LocalFiles).ToList();
            var reasons = new List<string>();
            foreach (var pch in pchs)
            {
                var why = PrecompiledHeader.Decide(pch, plan.Language, prefix, signature, folders, local);
                if (why is null)
                {
                    Log.LogMessage(MessageImportance.Low, $"{plan.Source} uses the precompiled header {pch.Gch}.");
                    return pch;
                }
                reasons.Add($"{pch.Header}: {why}");
            }
            Log.LogMessage(MessageImportance.Low, $"{plan.Source} uses no precompiled header ({string.Join("; ", reasons)}).");
            return null;
        }

        /// <summary>The files below a folder, as paths relative to it (what a quoted #include could name).</summary>
        private static IEnumerable<string> LocalFiles(string folder)
        {
            var root = Path.GetFullPath(folder).TrimEnd('/') + "/";
            try
            {
                return Directory.Exists(root)
                    ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(f => f.Substring(root.Length)).ToList()
                    : new List<string>();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException) { return new List<string>(); }
        }

        private static IReadOnlyList<string> ReadDeps(CompilePlan plan)
        {
            var deps = File.Exists(plan.DepFile) ? DepFile.Parse(File.ReadAllText(plan.DepFile)) : new[] { plan.Source };
            return deps.Select(d => Path.GetFullPath(d)).ToList();
        }

        private static InputState Record(Job job, IReadOnlyList<string> depPaths, List<string> searched)
        {
            var inputs = new List<string> { job.Plan.Source };
            inputs.AddRange(depPaths);
            return job.Record.Save(WithFolders(job, inputs.Concat(depPaths.Select(Path.GetDirectoryName)
                .Where(d => !string.IsNullOrEmpty(d)).Select(d => d!.TrimEnd('/') + "/")), searched));
        }

        /// <summary>
        /// The inputs with the folders searched for headers (a header added there later may shadow one used now), less
        /// the object's own folder (it changes as the object is written).
        /// </summary>
        private static List<string> WithFolders(Job job, IEnumerable<string> inputs, List<string> searched)
        {
            var own = Path.GetDirectoryName(job.Plan.ObjectFile)!.TrimEnd('/') + "/";
            // (and the PCH's folder, whose record is rewritten; the PCH itself is an input)
            var pch = job.Pch is null ? null : Path.GetDirectoryName(job.Pch.Header)!.TrimEnd('/') + "/";
            return inputs.Concat(searched).Where(i => i != own && i != pch).Distinct(StringComparer.Ordinal).ToList();
        }

        private sealed class Job
        {
            public Job(CompilePlan plan, BuildRecord record, string reason, string tool, string group, string groupLog)
            {
                Plan = plan; Record = record; Reason = reason; Tool = tool; Group = group; GroupLog = groupLog;
            }
            public CompilePlan Plan { get; }
            public BuildRecord Record { get; }
            public string Reason { get; }
            public string Tool { get; }
            /// <summary>The isolation group (<see cref="IsolateBy"/>'s value), or empty.</summary>
            public string Group { get; }
            /// <summary>The group's log, or empty.</summary>
            public string GroupLog { get; }
            /// <summary>The precompiled header the compile uses, or null.</summary>
            public PchCandidate? Pch { get; set; }
            /// <summary>Set when the compile failed.</summary>
            public bool Failed { get; set; }
        }
    }
}
