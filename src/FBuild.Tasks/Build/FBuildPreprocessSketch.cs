using System;
using System.IO;
using System.Linq;
using System.Text;
using FBuild.Tasks.Records;
using FBuild.Tasks.Sketch;
using Microsoft.Build.Framework;
using MSTask = Microsoft.Build.Utilities.Task;
using TaskItem = Microsoft.Build.Utilities.TaskItem;

namespace FBuild.Tasks.Build
{
    /// <summary>
    /// Finds a sketch's tabs and sources (<see cref="SketchLayout"/>) and joins the tabs into one C++ file as the
    /// Arduino IDE does (primary tab first, then the others alphabetically; #include &lt;Arduino.h&gt;; generated
    /// prototypes; #line directives pointing at the tabs). The file is written only when its text changes, so an
    /// unchanged sketch is not recompiled.
    /// </summary>
    public sealed class FBuildPreprocessSketch : MSTask, IIncrementalTask
    {
        /// <summary>The sketch's name: its primary tab is NAME.ino (or the legacy NAME.pde).</summary>
        [Required] public string SketchName { get; set; } = "";

        /// <summary>The sketch folder, whose files are sorted into tabs and sources by <see cref="SketchLayout"/>.</summary>
        [Required] public string SketchDirectory { get; set; } = "";

        /// <summary>The generated C++ file (made full on output).</summary>
        [Required, Output] public string OutputFile { get; set; } = "";

        /// <summary>The sketch's tabs, primary first, in the order they are joined.</summary>
        [Output] public ITaskItem[] Tabs { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>The sketch's own sources to compile (beside the tabs, then under src/), with metadata BaseDir (the sketch folder).</summary>
        [Output] public ITaskItem[] Sources { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>Set by MSBuild's -question mode: a file that would be rewritten is an error instead.</summary>
        public bool FailIfNotIncremental { get; set; }

        /// <summary>This generator's code: a new FBuild that generates differently regenerates every sketch.</summary>
        private static readonly string GeneratorIdentity = typeof(InoPreprocessor).Assembly.ManifestModule.ModuleVersionId.ToString("N");

        public override bool Execute()
        {
            var nameProblem = FBuild.Tasks.Sketch.SketchName.Problem(SketchName);
            if (nameProblem != null)
                Log.LogWarning(null, FBuildErrors.InvalidSketchName, null, Path.GetFullPath(SketchDirectory), 0, 0, 0, 0,
                    $"The sketch name '{SketchName}' is not valid for the Arduino IDE: {nameProblem}. FBuild builds it, but the IDE will not open it; rename the folder and its primary tab.");
            try
            {
                return Run();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                Log.LogError(null, FBuildErrors.UnreadableSketchFile, null, Path.GetFullPath(SketchDirectory), 0, 0, 0, 0,
                    $"A file of sketch '{SketchName}' cannot be read: {ex.Message}");
                return false;
            }
        }

        private bool Run()
        {
            var directory = Path.GetFullPath(SketchDirectory).TrimEnd('/');
            var exists = Directory.Exists(directory);
            var ordered = exists ? SketchLayout.FindTabs(directory, SketchName) : Array.Empty<string>();
            Tabs = ordered.Select(p => (ITaskItem)new TaskItem(p)).ToArray();
            Sources = (exists ? SketchLayout.FindSources(directory) : Array.Empty<string>()).Select(p =>
            {
                var item = new TaskItem(p);
                item.SetMetadata("BaseDir", directory);
                return (ITaskItem)item;
            }).ToArray();
            if (!ordered.Any(p => Path.GetFileNameWithoutExtension(p) == SketchName))
            {
                Log.LogError(null, FBuildErrors.NoSketch, null, null, 0, 0, 0, 0,
                    $"The sketch folder has no '{SketchName}.ino' (the primary tab must be named after the folder, as in the Arduino IDE)." +
                    (ordered.Count > 0 ? " Found: " + string.Join(", ", ordered.Select(Path.GetFileName)) + ". Rename the folder or the tab, or set FBuildSketchName." : ""));
                return false;
            }
            OutputFile = Path.GetFullPath(OutputFile);
            // A build record of the tabs (and of this generator's code) spares reading and parsing them when nothing changed.
            var record = new BuildRecord(OutputFile, InputState.Hash(new[] { "ino-preprocessor", GeneratorIdentity, SketchName }.Concat(ordered)));
            var why = record.WhyStale(refresh: !FailIfNotIncremental);
            if (why is null)
            {
                Log.LogMessage(MessageImportance.Low, $"'{OutputFile}' is up to date.");
                return true;
            }
            record.Observe(ordered);
            var text = InoPreprocessor.Generate(ordered.Select(p => (p, File.ReadAllText(p))).ToList());
            bool same = File.Exists(OutputFile) && File.ReadAllText(OutputFile) == text;
            if (FailIfNotIncremental)
                return same || QuestionMode.ReportNotUpToDate(Log, OutputFile, File.Exists(OutputFile) ? why : "not generated yet");
            if (same) Log.LogMessage(MessageImportance.Low, $"'{OutputFile}' is unchanged ({why}).");
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(OutputFile)!);
                AtomicFile.WriteAllText(OutputFile, text);
            }
            record.Save(ordered);
            return true;
        }
    }
}
