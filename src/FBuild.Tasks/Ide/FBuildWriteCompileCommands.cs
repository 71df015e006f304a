using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using FBuild.Tasks.Toolchain;
using Microsoft.Build.Framework;
using MSTask = Microsoft.Build.Utilities.Task;

namespace FBuild.Tasks.Ide
{
    /// <summary>
    /// Writes one project's compile_commands.json fragment: the compile command of each source, as FBuildCompile runs
    /// it, plus an entry for every .ino tab mapped from the generated .ino.cpp. Written only when its text changes.
    /// </summary>
    public sealed class FBuildWriteCompileCommands : MSTask
    {
        /// <summary>Sources, with FBuildCompile's metadata (BaseDir, ObjectFile, IncludeDirectories) and optionally ObjectDirectory.</summary>
        [Required] public ITaskItem[] Sources { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>The object folder of sources without ObjectDirectory metadata.</summary>
        public string ObjectDirectory { get; set; } = "";

        [Required] public string RecipeC { get; set; } = "";
        [Required] public string RecipeCpp { get; set; } = "";
        [Required] public string RecipeS { get; set; } = "";

        public ITaskItem[] IncludeDirectories { get; set; } = Array.Empty<ITaskItem>();
        public ITaskItem[] QuoteIncludeDirectories { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>The .ino.cpp generated from the tabs (one of the Sources), and the tabs it was made from.</summary>
        public string? GeneratedSketchSource { get; set; }
        public ITaskItem[] InoFiles { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>The "directory" of every entry (the project folder).</summary>
        [Required] public string WorkingDirectory { get; set; } = "";

        [Required] public string OutputFile { get; set; } = "";

        public override bool Execute()
        {
            var recipes = new CompileRecipes(RecipeC, RecipeCpp, RecipeS);
            var quote = QuoteIncludeDirectories.Select(i => i.ItemSpec).ToList();
            var include = IncludeDirectories.Select(i => i.ItemSpec).ToList();
            var generated = string.IsNullOrEmpty(GeneratedSketchSource) ? null : Path.GetFullPath(GeneratedSketchSource);
            var directory = Path.GetFullPath(WorkingDirectory).TrimEnd('/');
            var entries = new List<CompileDatabaseEntry>();
            foreach (var src in Sources)
            {
                var objDir = src.GetMetadata("ObjectDirectory");
                var plan = CompilePlan.For(src.ItemSpec, recipes, src.GetMetadata("ObjectFile"), src.GetMetadata("BaseDir"),
                    string.IsNullOrEmpty(objDir) ? ObjectDirectory : objDir, src.GetMetadata("IncludeDirectories"), quote, include);
                if (plan is null) continue;
                var entry = CompileDatabase.For(plan, directory);
                entries.Add(entry);
                if (plan.Source == generated)
                    entries.AddRange(InoFiles.Select(ino => CompileDatabase.ForIno(entry, Path.GetFullPath(ino.ItemSpec))));
            }
            var text = CompileDatabase.Serialize(entries);
            CompileCommandsFile.WriteIfChanged(OutputFile, text);
            return true;
        }
    }

    /// <summary>
    /// Merges the fragments of a board's framework and sketches into BOARD/compile_commands.json, under a lock shared
    /// by every node, so the database is complete whichever project finishes last.
    /// </summary>
    public sealed class FBuildMergeCompileCommands : MSTask
    {
        /// <summary>The board's artifacts folder (holds framework/ and sketches/).</summary>
        [Required] public string BoardArtifactsPath { get; set; } = "";

        [Output] public string OutputFile { get; set; } = "";

        public override bool Execute()
        {
            var board = Path.GetFullPath(BoardArtifactsPath).TrimEnd('/');
            OutputFile = Path.Combine(board, "compile_commands.json");
            using (SlotGate.Acquire(Path.Combine(board, ".compile_commands.lock"), 1, CancellationToken.None))
            {
                var fragments = new List<string>();
                var framework = Path.Combine(board, "framework", "compile_commands.json");
                if (File.Exists(framework)) fragments.Add(framework);
                var sketches = Path.Combine(board, "sketches");
                if (Directory.Exists(sketches))
                    fragments.AddRange(Directory.EnumerateFiles(sketches, "compile_commands.json", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal));
                // Nothing to do when the merged file was written after every fragment, from the same fragments.
                var list = OutputFile + ".fragments";
                var listText = string.Join("\n", fragments) + "\n";
                if (File.Exists(OutputFile) && CompileCommandsFile.ReadOrEmpty(list) == listText)
                {
                    var merged0 = File.GetLastWriteTimeUtc(OutputFile);
                    if (fragments.All(f => File.GetLastWriteTimeUtc(f) < merged0))
                    {
                        Log.LogMessage(MessageImportance.Low, $"{OutputFile} is up to date ({fragments.Count} projects).");
                        return true;
                    }
                }
                var parsed = fragments.Select(f => (IReadOnlyList<CompileDatabaseEntry>)CompileDatabase.Parse(CompileCommandsFile.ReadOrEmpty(f)));
                var merged = CompileDatabase.Merge(parsed, File.Exists);
                CompileCommandsFile.WriteIfChanged(OutputFile, CompileDatabase.Serialize(merged), touch: true);
                CompileCommandsFile.WriteIfChanged(list, listText);
                Log.LogMessage(MessageImportance.Low, $"{OutputFile}: {merged.Count} entries from {fragments.Count} projects.");
            }
            return true;
        }
    }

    internal static class CompileCommandsFile
    {
        public static string ReadOrEmpty(string path)
        {
            try { return File.ReadAllText(path); }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException) { return ""; }
        }

        /// <summary>Writes <paramref name="text"/> unless the file holds it already (then, with <paramref name="touch"/>, only its time moves).</summary>
        public static void WriteIfChanged(string path, string text, bool touch = false)
        {
            if (File.Exists(path) && ReadOrEmpty(path) == text)
            {
                if (touch) File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
                return;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            AtomicFile.WriteAllText(path, text);
        }
    }
}
