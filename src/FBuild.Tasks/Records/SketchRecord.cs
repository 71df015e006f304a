using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using FBuild.Tasks.FileSystem;

namespace FBuild.Tasks.Records
{
    /// <summary>
    /// One build record a sketch's chain left (an object's or the link's <c>OUTPUT.fbstate</c>): the record file, the
    /// command hash it was saved with and the outputs it covers.
    /// </summary>
    public sealed class StepRecord
    {
        /// <summary>A step's record: <paramref name="stateFile"/> saved with <paramref name="commandHash"/> for <paramref name="outputs"/>.</summary>
        public StepRecord(string stateFile, string commandHash, IReadOnlyList<string> outputs)
        {
            StateFile = stateFile; CommandHash = commandHash; Outputs = outputs;
        }

        /// <summary>The <c>OUTPUT.fbstate</c> file.</summary>
        public string StateFile { get; }

        /// <summary>The command hash the record holds (the sketch record's key vouches that the command is the same now).</summary>
        public string CommandHash { get; }

        /// <summary>Every output the step wrote (the first is the one the record is kept beside).</summary>
        public IReadOnlyList<string> Outputs { get; }
    }

    /// <summary>
    /// The sketch record (<c>obj/sketch.fbuptodate</c>): written only after a sketch's whole chain (compile, link,
    /// size) succeeded, it holds a key (a hash of everything the chain's commands are made from: recipes, include
    /// folders, sources, the framework's outputs, tool identities, limits), the chain's results (flash, RAM, .elf,
    /// .hex) and the list of the chain's build records. The up-to-date fast path (<see cref="WhyStale"/>) checks them
    /// all at once; any doubt (no record, another key, one step record stale, a record missing) runs the chain.
    /// </summary>
    public sealed class SketchRecord
    {
        private const string Header = "fbsketch 1";

        /// <summary>The hash of the chain's inputs other than files (see the class summary).</summary>
        public string Key { get; set; } = "";

        /// <summary>Flash bytes FBuildSize measured.</summary>
        public long FlashBytes { get; set; }

        /// <summary>RAM bytes FBuildSize measured.</summary>
        public long RamBytes { get; set; }

        /// <summary>The linked .elf.</summary>
        public string ElfFile { get; set; } = "";

        /// <summary>The .hex (empty when the platform writes none).</summary>
        public string HexFile { get; set; } = "";

        /// <summary>The sketch's objects, in the order the compile step returned them.</summary>
        public List<string> Objects { get; } = new List<string>();

        /// <summary>The build records of every object and of the link.</summary>
        public List<StepRecord> Steps { get; } = new List<StepRecord>();

        /// <summary>The key of a chain: a hash of <paramref name="parts"/> in order.</summary>
        public static string KeyOf(IEnumerable<string> parts) => InputState.Hash(parts);

        /// <summary>
        /// Why the sketch's chain must run, or null when <paramref name="record"/> shows everything up to date:
        /// the record exists, has <paramref name="key"/>, lists at least the link's record, and
        /// <paramref name="whyStepStale"/> (a build record check) finds every step current.
        /// </summary>
        public static string? WhyStale(SketchRecord? record, string key, Func<StepRecord, string?> whyStepStale)
        {
            if (record is null) return "no sketch record (the last build of the chain did not finish, or failed)";
            if (record.Key != key) return "the sketch's commands, sources or framework changed";
            if (record.ElfFile.Length == 0 || !record.Steps.Any(s => s.Outputs.Count > 0 && s.Outputs[0] == record.ElfFile))
                return "the sketch record has no link";
            if (record.Objects.Count == 0 || record.Objects.Any(o => !record.Steps.Any(s => s.Outputs.Count > 0 && s.Outputs[0] == o)))
                return "the sketch record misses an object's record";
            foreach (var step in record.Steps)
            {
                var why = whyStepStale(step);
                if (why != null) return $"'{step.Outputs[0]}': {why}";
            }
            return null;
        }

        /// <summary>The record's text.</summary>
        public string Format()
        {
            var sb = new StringBuilder();
            sb.Append(Header).Append('\n');
            sb.Append("key ").Append(Key).Append('\n');
            sb.Append("flash ").Append(FlashBytes.ToString(CultureInfo.InvariantCulture)).Append('\n');
            sb.Append("ram ").Append(RamBytes.ToString(CultureInfo.InvariantCulture)).Append('\n');
            sb.Append("elf ").Append(ElfFile).Append('\n');
            sb.Append("hex ").Append(HexFile).Append('\n');
            foreach (var o in Objects) sb.Append("obj ").Append(o).Append('\n');
            foreach (var s in Steps)
                sb.Append("step ").Append(s.CommandHash).Append('\t').Append(s.StateFile).Append('\t').Append(string.Join("\t", s.Outputs)).Append('\n');
            return sb.ToString();
        }

        /// <summary>Parses <see cref="Format"/>'s text; null when it is not a whole, valid record.</summary>
        public static SketchRecord? Parse(string text)
        {
            var lines = text.Split('\n');
            if (lines.Length < 7 || lines[0] != Header || lines[lines.Length - 1].Length != 0) return null;
            string? Field(int i, string name) => lines[i].StartsWith(name + " ", StringComparison.Ordinal) ? lines[i].Substring(name.Length + 1) : null;
            var key = Field(1, "key");
            var flash = Field(2, "flash");
            var ram = Field(3, "ram");
            var elf = Field(4, "elf");
            var hex = Field(5, "hex");
            if (key is null || elf is null || hex is null
                || !long.TryParse(flash, NumberStyles.Integer, CultureInfo.InvariantCulture, out var f)
                || !long.TryParse(ram, NumberStyles.Integer, CultureInfo.InvariantCulture, out var r)) return null;
            var record = new SketchRecord { Key = key, FlashBytes = f, RamBytes = r, ElfFile = elf, HexFile = hex };
            for (int i = 6; i < lines.Length - 1; i++)
            {
                var obj = Field(i, "obj");
                if (obj != null) { record.Objects.Add(obj); continue; }
                var step = Field(i, "step");
                if (step is null) return null;
                var parts = step.Split('\t');
                if (parts.Length < 3 || parts.Any(p => p.Length == 0)) return null;
                record.Steps.Add(new StepRecord(parts[1], parts[0], parts.Skip(2).ToList()));
            }
            return record;
        }

        /// <summary>Reads a record file; null when it is missing or not valid.</summary>
        public static SketchRecord? Load(string path)
        {
            try { return File.Exists(path) ? Parse(File.ReadAllText(path)) : null; }
            catch (IOException) { return null; }
            catch (UnauthorizedAccessException) { return null; }
        }

        /// <summary>Writes the record (atomically).</summary>
        public void Save(string path) => AtomicFile.WriteAllText(path, Format());
    }
}
