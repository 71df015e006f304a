using System;
using System.IO;
using System.Linq;
using System.Text;
using FBuild.Tasks.Records;
using FBuild.Tasks.Sketch;
using Microsoft.Build.Framework;
using MSTask = Microsoft.Build.Utilities.Task;

namespace FBuild.Tasks.Build
{
    /// <summary>
    /// Joins a sketch's .ino tabs into one C++ file as the Arduino IDE does (primary tab first, then the others
    /// alphabetically; #include &lt;Arduino.h&gt;; generated prototypes; #line directives pointing at the tabs).
    /// The file is written only when its text changes, so an unchanged sketch is not recompiled.
    /// </summary>
    public sealed class FBuildPreprocessSketch : MSTask, IIncrementalTask
    {
        [Required] public string SketchName { get; set; } = "";
        public ITaskItem[] InoFiles { get; set; } = Array.Empty<ITaskItem>();
        [Required, Output] public string OutputFile { get; set; } = "";

        /// <summary>Set by MSBuild's -question mode: a file that would be rewritten is an error instead.</summary>
        public bool FailIfNotIncremental { get; set; }

        /// <summary>This generator's code: a new FBuild that generates differently regenerates every sketch.</summary>
        private static readonly string GeneratorIdentity = typeof(InoPreprocessor).Assembly.ManifestModule.ModuleVersionId.ToString("N");

        public override bool Execute()
        {
            var paths = InoFiles.Select(i => Path.GetFullPath(i.ItemSpec)).ToList();
            if (!paths.Any(p => Path.GetFileNameWithoutExtension(p) == SketchName))
            {
                Log.LogError(null, FBuildErrors.NoSketch, null, null, 0, 0, 0, 0,
                    $"The sketch folder has no '{SketchName}.ino' (the primary tab must be named after the folder, as in the Arduino IDE)." +
                    (paths.Count > 0 ? " Found: " + string.Join(", ", paths.Select(Path.GetFileName)) + ". Rename the folder or the tab, or set FBuildSketchName." : ""));
                return false;
            }
            var ordered = InoPreprocessor.OrderTabs(paths, SketchName);
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
                return same || QuestionMode.ReportNotUpToDate(Log, OutputFile, File.Exists(OutputFile) ? "the .ino tabs changed" : "not generated yet");
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
