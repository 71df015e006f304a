using System.IO;
using FBuild.Tasks.Boards;
using Microsoft.Build.Framework;
using MSTask = Microsoft.Build.Utilities.Task;

namespace FBuild.Tasks.Build
{
    /// <summary>
    /// Says whether a sketch is meant for the resolved board (<see cref="SketchSupport"/>): from the sketch project's
    /// support properties and the boards of a sketch.yaml in the sketch folder. A sketch not meant for the board is
    /// skipped: nothing is compiled and its result says <c>skipped</c>.
    /// </summary>
    public sealed class FBuildCheckSketchSupport : MSTask
    {
        /// <summary>The sketch folder, where sketch.yaml (or sketch.yml) is looked for.</summary>
        public string SketchDirectory { get; set; } = "";
        /// <summary>The board's FQBN (vendor:arch:board).</summary>
        [Required] public string Fqbn { get; set; } = "";
        /// <summary>The board's boards.txt id.</summary>
        public string BoardId { get; set; } = "";
        /// <summary>The board's key (its artifacts folder).</summary>
        public string BoardKey { get; set; } = "";
        /// <summary>The platform's architecture (avr, samd).</summary>
        public string Architecture { get; set; } = "";
        /// <summary>FBuildSupportedBoards: board ids or FQBNs, ';' or ',' separated.</summary>
        public string SupportedBoards { get; set; } = "";
        /// <summary>FBuildExcludedBoards.</summary>
        public string ExcludedBoards { get; set; } = "";
        /// <summary>FBuildSupportedArchitectures.</summary>
        public string SupportedArchitectures { get; set; } = "";
        /// <summary>FBuildExcludedArchitectures.</summary>
        public string ExcludedArchitectures { get; set; } = "";

        /// <summary>True when the sketch is meant for the board.</summary>
        [Output] public bool Supported { get; set; } = true;
        /// <summary>Why the sketch is skipped (empty when supported).</summary>
        [Output] public string Reason { get; set; } = "";

        public override bool Execute()
        {
            var rules = new SketchSupport(SupportedBoards, ExcludedBoards, SupportedArchitectures, ExcludedArchitectures);
            foreach (var name in new[] { "sketch.yaml", "sketch.yml" })
            {
                var path = string.IsNullOrEmpty(SketchDirectory) ? "" : Path.Combine(SketchDirectory, name);
                if (path.Length == 0 || !File.Exists(path)) continue;
                rules = rules.WithSupportedBoards(SketchSupport.SketchYamlBoards(File.ReadAllText(path)));
                break;
            }
            var why = rules.WhyNot(Fqbn, BoardId, BoardKey, Architecture);
            Supported = why == null;
            Reason = why ?? "";
            if (!Supported) Log.LogMessage(MessageImportance.High, "Skipped for {0}: {1}.", Fqbn, Reason);
            return true;
        }
    }
}
