using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FBuild.Tasks.Boards;
using FBuild.Tasks.Records;
using Microsoft.Build.Framework;
using MSTask = Microsoft.Build.Utilities.Task;
using TaskItem = Microsoft.Build.Utilities.TaskItem;

namespace FBuild.Tasks.Build
{
    /// <summary>
    /// The sketch's up-to-date fast path: one check of every build record the sketch's chain (compile, link, size)
    /// left, against a key of everything the chain's commands are made from (<see cref="SketchRecord"/>). When all are
    /// current the chain is skipped and this task returns what it would have (objects, .elf, .hex, flash and RAM);
    /// otherwise it drops the sketch record (the chain writes a new one when it succeeds, <see cref="FBuildSaveSketchRecord"/>).
    /// </summary>
    public sealed class FBuildCheckSketchUpToDate : MSTask, IIncrementalTask
    {
        /// <summary>The sketch record (obj/sketch.fbuptodate).</summary>
        [Required] public string RecordFile { get; set; } = "";

        /// <summary>The sketch's build.log: a taken fast path says so there.</summary>
        public string LogFile { get; set; } = "";

        /// <summary>The sources the compile step gets (every metadata counts).</summary>
        public ITaskItem[] Sources { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>
        /// Every other item list the chain reads (include folders, the framework's archives and objects, objcopy
        /// recipes...): every item's identity and metadata is part of the key. Metadata Recipe is a command whose tool counts too.
        /// </summary>
        public ITaskItem[] KeyItems { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>Every other property the chain reads (output folder, limits, switches), joined in a fixed order.</summary>
        public string KeyProperties { get; set; } = "";

        /// <summary>The compile recipes and the link recipe: their text and their tool binary's identity (as in the build records) are part of the key.</summary>
        public string RecipeC { get; set; } = "";
        public string RecipeCpp { get; set; } = "";
        public string RecipeS { get; set; } = "";
        public string RecipeLink { get; set; } = "";

        /// <summary>Folders the build only reads, ';'-separated: stamps shared with the build's other checks on this node (<see cref="FileSystem.BuildStamps"/>).</summary>
        public string SourceRoots { get; set; } = "";

        /// <summary>Folders the build writes, ';'-separated: statted afresh at every check.</summary>
        public string OutputRoots { get; set; } = "";

        /// <summary>Set by MSBuild's -question mode: nothing is written or deleted.</summary>
        public bool FailIfNotIncremental { get; set; }

        /// <summary>true when everything is up to date (the chain is skipped).</summary>
        [Output] public bool UpToDate { get; set; }

        /// <summary>The key, for <see cref="FBuildSaveSketchRecord"/>.</summary>
        [Output] public string Key { get; set; } = "";

        /// <summary>Why the chain runs (empty when up to date).</summary>
        [Output] public string Reason { get; set; } = "";

        /// <summary>The sketch's objects (when up to date).</summary>
        [Output] public ITaskItem[] Objects { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>The .elf (when up to date).</summary>
        [Output] public string ElfFile { get; set; } = "";

        /// <summary>The .hex (when up to date).</summary>
        [Output] public string HexFile { get; set; } = "";

        /// <summary>Flash bytes (when up to date).</summary>
        [Output] public long FlashBytes { get; set; }

        /// <summary>RAM bytes (when up to date).</summary>
        [Output] public long RamBytes { get; set; }

        public override bool Execute()
        {
            Key = SketchRecord.KeyOf(KeyParts());
            var record = SketchRecord.Load(RecordFile);
            var stamps = TaskStamps.For(BuildEngine, SourceRoots, OutputRoots);
            var why = SketchRecord.WhyStale(record, Key,
                step => new BuildRecord(step.Outputs[0], step.CommandHash, step.Outputs.Skip(1)).WhyStale(refresh: !FailIfNotIncremental, stamps.Of));
            if (why != null)
            {
                Reason = why;
                Log.LogMessage(MessageImportance.Low, $"The sketch's chain runs: {why}.");
                if (!FailIfNotIncremental && File.Exists(RecordFile)) File.Delete(RecordFile);
                return true;
            }
            UpToDate = true;
            Objects = record!.Objects.Select(o => (ITaskItem)new TaskItem(o)).ToArray();
            ElfFile = record.ElfFile;
            HexFile = record.HexFile;
            FlashBytes = record.FlashBytes;
            RamBytes = record.RamBytes;
            Log.LogMessage(MessageImportance.Low, $"The sketch is up to date ({record.Steps.Count} build records checked): compile, link and size skipped.");
            if (!FailIfNotIncremental && LogFile.Length > 0 && File.Exists(LogFile))
                File.AppendAllText(LogFile, FastPathLogLine + "\n");
            return true;
        }

        /// <summary>The line a taken fast path appends to the sketch's build.log.</summary>
        public const string FastPathLogLine = "# up to date: every build record of the sketch checked at once (compile, link and size skipped)";

        private IEnumerable<string> KeyParts()
        {
            // The task assembly itself: another FBuild may build differently from the same inputs.
            yield return typeof(FBuildCheckSketchUpToDate).Assembly.ManifestModule.ModuleVersionId.ToString();
            yield return "p\u0001" + KeyProperties;
            foreach (var r in new[] { RecipeC, RecipeCpp, RecipeS, RecipeLink }) { yield return "r\u0001" + r; yield return ToolOf(r); }
            foreach (var list in new[] { Sources, KeyItems })
            {
                yield return "\u0002";
                foreach (var item in list)
                {
                    yield return "i\u0001" + item.ItemSpec;
                    // Custom metadata only (the well-known ones include the file's times, which the records judge).
                    var names = item.CloneCustomMetadata().Keys.Cast<string>().OrderBy(n => n, StringComparer.Ordinal);
                    foreach (var n in names) yield return "m\u0001" + n + "\u0001" + item.GetMetadata(n);
                    var recipe = item.GetMetadata("Recipe");
                    if (recipe.Length > 0) yield return ToolOf(recipe);
                }
            }
        }

        private static string ToolOf(string recipe)
        {
            var words = CommandLine.Split(recipe);
            return words.Count == 0 ? "no tool" : InputState.ToolIdentity(words[0]);
        }
    }
}
