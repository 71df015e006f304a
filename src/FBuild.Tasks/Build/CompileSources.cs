using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FBuild.Tasks.Boards;
using FBuild.Tasks.Toolchain;
using Microsoft.Build.Framework;


namespace FBuild.Tasks.Build
{
    /// <summary>
    /// Compiles C, C++ and assembler sources with the board's recipes, in parallel, skipping every object whose
    /// build record (command hash + the depfile's inputs) still matches the file system.
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

        [Output] public ITaskItem[] ObjectFiles { get; set; } = Array.Empty<ITaskItem>();
        [Output] public int CompiledCount { get; set; }

        public override bool Execute()
        {
            if (Sources.Length == 0) return true;
            var quoteIncludes = QuoteIncludeDirectories.SelectMany(i => new[] { "-iquote", i.ItemSpec.TrimEnd('/') }).ToList();
            var includes = quoteIncludes.Concat(IncludeDirectories.Select(i => "-I" + i.ItemSpec.TrimEnd('/'))).ToList();
            var recipes = new Dictionary<string, List<string>>
            {
                ["c"] = CommandLine.Split(RecipeC),
                ["cpp"] = CommandLine.Split(RecipeCpp),
                ["S"] = CommandLine.Split(RecipeS),
            };

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
                var hash = InputState.Hash(cmd.Concat(new[] { InputState.ToolIdentity(cmd[0]) }));
                var reason = InputState.WhyStale(obj, obj + ".fbstate", hash);
                var item = new Microsoft.Build.Utilities.TaskItem(obj);
                src.CopyMetadataTo(item);
                item.SetMetadata("ObjectFile", obj);
                item.SetMetadata("Source", path);
                item.SetMetadata("Language", lang);
                outputs.Add(item);
                if (reason != null)
                {
                    jobs.Add(new Job(path, obj, cmd, hash, reason));
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

            bool ok = Yielded(() => RunAll(jobs));
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
            Log.LogMessage(MessageImportance.Normal, $"Compiling {job.Source} ({job.Reason})");
            Directory.CreateDirectory(Path.GetDirectoryName(job.Object)!);
            var stateFile = job.Object + ".fbstate";
            if (File.Exists(stateFile)) File.Delete(stateFile);
            var searched = SearchedFolders(job.Command).Select(d => d.TrimEnd('/') + "/").ToList();
            var before = InputState.Snapshot(new[] { job.Source }.Concat(searched));
            var started = DateTime.UtcNow;
            var result = await RunToolAsync("compile", job.Source, job.Command).ConfigureAwait(false);
            if (result.ExitCode != 0)
            {
                if (File.Exists(job.Object)) File.Delete(job.Object);
                return false;
            }
            var depFile = Path.ChangeExtension(job.Object, ".d");
            IReadOnlyList<string> deps = File.Exists(depFile) ? DepFile.Parse(File.ReadAllText(depFile)) : new[] { job.Source };
            var inputs = new List<string> { job.Source };
            var depPaths = deps.Select(d => Path.GetFullPath(d)).ToList();
            inputs.AddRange(depPaths);
            // The folders searched for headers and those holding the inputs: a header added there later may shadow one used now.
            inputs.AddRange(searched.Concat(depPaths.Select(Path.GetDirectoryName))
                .Where(d => !string.IsNullOrEmpty(d)).Select(d => d!.TrimEnd('/') + "/")
                .Where(d => d != Path.GetDirectoryName(job.Object)!.TrimEnd('/') + "/")); // (the object's own folder changes as it is written)
            InputState.Capture(job.Hash, inputs, started, before).Save(stateFile);
            return true;
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
            public Job(string source, string obj, List<string> command, string hash, string reason)
            { Source = source; Object = obj; Command = command; Hash = hash; Reason = reason; }
            public string Source { get; }
            public string Object { get; }
            public List<string> Command { get; }
            public string Hash { get; }
            public string Reason { get; }
        }
    }
}
