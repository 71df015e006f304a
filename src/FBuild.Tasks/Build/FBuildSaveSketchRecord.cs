using System;
using System.Linq;
using FBuild.Tasks.Records;
using Microsoft.Build.Framework;
using MSTask = Microsoft.Build.Utilities.Task;

namespace FBuild.Tasks.Build
{
    /// <summary>
    /// Writes the sketch record after the sketch's chain succeeded (<see cref="SketchRecord"/>): the key
    /// <see cref="FBuildCheckSketchUpToDate"/> computed, the results, and every object's and the link's build record as
    /// saved. A record that cannot be read leaves no sketch record (the next build runs the chain).
    /// </summary>
    public sealed class FBuildSaveSketchRecord : MSTask, IIncrementalTask
    {
        /// <summary>The sketch record to write.</summary>
        [Required] public string RecordFile { get; set; } = "";

        /// <summary>The key of this build's chain.</summary>
        [Required] public string Key { get; set; } = "";

        /// <summary>The objects the compile step returned.</summary>
        public ITaskItem[] Objects { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>The linked .elf.</summary>
        [Required] public string ElfFile { get; set; } = "";

        /// <summary>The .hex, if any.</summary>
        public string HexFile { get; set; } = "";

        /// <summary>Flash bytes measured.</summary>
        public long FlashBytes { get; set; }

        /// <summary>RAM bytes measured.</summary>
        public long RamBytes { get; set; }

        /// <summary>Set by MSBuild's -question mode: nothing is written.</summary>
        public bool FailIfNotIncremental { get; set; }

        public override bool Execute()
        {
            if (FailIfNotIncremental || Objects.Length == 0) return true;
            var record = new SketchRecord { Key = Key, ElfFile = ElfFile, HexFile = HexFile, FlashBytes = FlashBytes, RamBytes = RamBytes };
            foreach (var output in Objects.Select(o => o.ItemSpec).Concat(new[] { ElfFile }))
            {
                var state = InputState.Load(output + ".fbstate");
                if (state is null || state.Outputs.Count == 0 || state.Outputs[0].Path != output)
                {
                    Log.LogMessage(MessageImportance.Low, $"No sketch record: '{output}.fbstate' cannot be read.");
                    return true;
                }
                record.Steps.Add(new StepRecord(output + ".fbstate", state.CommandHash, state.Outputs.Select(o => o.Path).ToList()));
            }
            record.Objects.AddRange(Objects.Select(o => o.ItemSpec));
            record.Save(RecordFile);
            return true;
        }
    }
}
