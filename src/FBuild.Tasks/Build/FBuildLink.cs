using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FBuild.Tasks.Boards;
using FBuild.Tasks.Cache;
using FBuild.Tasks.Firmware;
using FBuild.Tasks.Records;
using Microsoft.Build.Framework;

namespace FBuild.Tasks.Build
{
    /// <summary>
    /// Links a sketch (recipe.c.combine.pattern) and writes each firmware format the platform defines
    /// (recipe.objcopy.NAME.pattern: .hex and .eep on AVR, .bin and .hex on ARM), unless the .elf's build record
    /// shows nothing changed and every format's file is there.
    /// </summary>
    public sealed class FBuildLink : FBuildTaskBase
    {
        /// <summary>The sketch's own objects, in order.</summary>
        [Required] public ITaskItem[] Objects { get; set; } = Array.Empty<ITaskItem>();
        /// <summary>Library archives, linked after the sketch objects where the IDE puts library objects.</summary>
        public ITaskItem[] LibraryArchives { get; set; } = Array.Empty<ITaskItem>();
        /// <summary>Extra objects linked directly (the variant's compiled sources).</summary>
        public ITaskItem[] ExtraObjects { get; set; } = Array.Empty<ITaskItem>();
        [Required] public string CoreArchive { get; set; } = "";
        [Required] public string OutputDirectory { get; set; } = "";
        /// <summary>The IDE's build.project_name: the primary tab's file name, e.g. Blink.ino.</summary>
        [Required] public string ProjectName { get; set; } = "";
        [Required] public string RecipeLink { get; set; } = "";
        /// <summary>
        /// The firmware formats to write from the .elf: Identity NAME (also the file's extension: NAME.ino.NAME), metadata
        /// Recipe (recipe.objcopy.NAME.pattern, {build.path} and {build.project_name} left). A new format needs no change here.
        /// </summary>
        public ITaskItem[] ObjcopyRecipes { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>Write .hex/.eep in-process when the recipes are the standard avr-objcopy ones (byte-identical output).</summary>
        public bool InProcessObjcopy { get; set; } = true;

        [Output] public string ElfFile { get; set; } = "";
        /// <summary>The .hex, when the platform writes one (recipe.objcopy.hex.pattern).</summary>
        [Output] public string HexFile { get; set; } = "";

        /// <summary>The compile cache folder (links are cached too); empty turns it off.</summary>
        public string? CacheDirectory { get; set; }

        /// <summary>The project root: paths below it are keyed relative to it.</summary>
        public string? ProjectRoot { get; set; }

        /// <summary>One item (the .elf) with metadata CacheHits, CacheMisses and CacheStores (and the other counters, 0).</summary>
        [Output] public ITaskItem Counters => (_cache?.Counters ?? new CacheCounters()).ToItem(ElfFile.Length > 0 ? ElfFile : nameof(FBuildLink), 0);

        private CachedToolRun? _cache;

        public override bool Execute()
        {
            var outDir = Path.GetFullPath(OutputDirectory).TrimEnd('/');
            ElfFile = Path.Combine(outDir, ProjectName + ".elf");
            var objects = Objects.Select(o => Path.GetFullPath(o.ItemSpec))
                .Concat(ExtraObjects.Select(o => Path.GetFullPath(o.ItemSpec)))
                .Concat(LibraryArchives.Select(a => Path.GetFullPath(a.ItemSpec))).ToList();
            var core = Path.GetFullPath(CoreArchive);
            var values = new Dictionary<string, string> { ["{build.path}"] = outDir, ["{build.project_name}"] = ProjectName };
            var lists = new Dictionary<string, IReadOnlyList<string>>
            {
                ["{object_files}"] = objects,
                ["{build.path}/{archive_file}"] = new[] { core },
            };
            var link = RecipeCommand.Substitute(CommandLine.Split(RecipeLink), values, lists);
            var formats = ObjcopyRecipes
                .Select(r => new FirmwareFormat(r.ItemSpec, Path.Combine(outDir, ProjectName + "." + r.ItemSpec),
                    RecipeCommand.Substitute(CommandLine.Split(r.GetMetadata("Recipe")), values)))
                .OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
            HexFile = formats.FirstOrDefault(f => f.Name == "hex")?.File ?? "";
            var hashed = new List<string>(link) { "\u0001", InputState.ToolIdentity(link[0]) };
            foreach (var f in formats) hashed.AddRange(new[] { "\u0001", f.Name, InputState.ToolIdentity(f.Command[0]) }.Concat(f.Command));
            // The formats' files are the link's outputs too: one changed or deleted redoes the link and the formats.
            var record = new BuildRecord(ElfFile, InputState.Hash(hashed), formats.Select(f => f.File));
            var reason = record.WhyStale(refresh: !FailIfNotIncremental);
            if (reason is null)
            {
                Log.LogMessage(MessageImportance.Low, $"'{ElfFile}' is up to date.");
                return !Log.HasLoggedErrors;
            }
            if (FailIfNotIncremental) return ReportNotUpToDate(ElfFile, reason);

            Log.LogMessage(MessageImportance.Normal, $"Linking {ElfFile} ({reason})");
            Directory.CreateDirectory(outDir);
            var inputs = objects.Concat(new[] { core }).ToList();
            record.Begin(inputs);
            _cache = OpenCache(CacheDirectory, ProjectRoot);
            CacheTicket? ticket = null;
            Toolchain.ToolResult? linkResult = null;
            bool ok = Yielded(async () =>
            {
                ticket = _cache is null ? null : await _cache.KeyLinkAsync(link, inputs, CancellationToken).ConfigureAwait(false);
                var replayed = ticket is null ? null : _cache!.ReplayLink(ticket, ElfFile, record.StartedUtc);
                if (replayed != null) ReportReplayed("cache", ElfFile, link, replayed);
                else
                {
                    linkResult = await RunToolAsync("link", ElfFile, link).ConfigureAwait(false);
                    if (linkResult.ExitCode != 0) return false;
                }
                return await WriteFormatsAsync(formats).ConfigureAwait(false);
            });
            if (!ok)
            {
                _cache?.Finish();
                foreach (var f in new[] { ElfFile }.Concat(formats.Select(x => x.File)))
                    if (File.Exists(f)) File.Delete(f);
                return false;
            }
            var recorded = record.Save(inputs);
            if (ticket != null && linkResult != null) _cache!.StoreLink(ticket, ElfFile, recorded, linkResult);
            _cache?.Finish();
            return !Log.HasLoggedErrors;
        }

        /// <summary>
        /// Writes every format from the .elf: in-process when the formats are the standard avr-objcopy .hex and .eep
        /// (the same bytes, without the process starts), else by running each recipe.
        /// </summary>
        private async Task<bool> WriteFormatsAsync(IReadOnlyList<FirmwareFormat> formats)
        {
            if (InProcessObjcopy && formats.Count > 0 && formats.All(IsStandardAvr))
            {
                var elf = File.ReadAllBytes(ElfFile);
                foreach (var f in formats)
                    AtomicFile.WriteAllText(f.File, f.Name == "hex" ? IntelHex.FlashHex(elf) : IntelHex.EepromHex(elf));
                return true;
            }
            var results = await Task.WhenAll(formats.Select(f => RunToolAsync("objcopy", f.File, f.Command))).ConfigureAwait(false);
            return results.All(x => x.ExitCode == 0);
        }

        private bool IsStandardAvr(FirmwareFormat f) =>
            (f.Name == "hex" && IsStandardHex(f.Command, ElfFile, f.File)) || (f.Name == "eep" && IsStandardEep(f.Command, ElfFile, f.File));

        /// <summary>One firmware format: its name (the extension), its file and the command that writes it.</summary>
        private sealed class FirmwareFormat
        {
            public FirmwareFormat(string name, string file, List<string> command) { Name = name; File = file; Command = command; }
            public string Name { get; }
            public string File { get; }
            public List<string> Command { get; }
        }

        /// <summary>recipe.objcopy.hex.pattern as the Arduino AVR platform has it: objcopy -O ihex -R .eeprom ELF HEX.</summary>
        internal static bool IsStandardHex(IReadOnlyList<string> cmd, string elf, string hex) =>
            cmd.Count == 7 && Path.GetFileName(cmd[0]).EndsWith("objcopy", StringComparison.Ordinal)
            && cmd[1] == "-O" && cmd[2] == "ihex" && cmd[3] == "-R" && cmd[4] == ".eeprom" && cmd[5] == elf && cmd[6] == hex;

        /// <summary>recipe.objcopy.eep.pattern as the Arduino AVR platform has it.</summary>
        internal static bool IsStandardEep(IReadOnlyList<string> cmd, string elf, string eep) =>
            cmd.Count == 11 && Path.GetFileName(cmd[0]).EndsWith("objcopy", StringComparison.Ordinal)
            && cmd[1] == "-O" && cmd[2] == "ihex" && cmd[3] == "-j" && cmd[4] == ".eeprom"
            && cmd[5] == "--set-section-flags=.eeprom=alloc,load" && cmd[6] == "--no-change-warnings"
            && cmd[7] == "--change-section-lma" && cmd[8] == ".eeprom=0" && cmd[9] == elf && cmd[10] == eep;
    }
}
