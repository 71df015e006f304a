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
    /// Links a sketch (recipe.c.combine.pattern) and writes .hex and .eep (recipe.objcopy.*), unless the .elf's
    /// build record shows nothing changed.
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
        [Required] public string RecipeHex { get; set; } = "";
        public string RecipeEep { get; set; } = "";

        /// <summary>Write .hex/.eep in-process when the recipes are the standard avr-objcopy ones (byte-identical output).</summary>
        public bool InProcessObjcopy { get; set; } = true;

        [Output] public string ElfFile { get; set; } = "";
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
            HexFile = Path.Combine(outDir, ProjectName + ".hex");
            var eepFile = string.IsNullOrEmpty(RecipeEep) ? "" : Path.Combine(outDir, ProjectName + ".eep");
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
            var hex = RecipeCommand.Substitute(CommandLine.Split(RecipeHex), values);
            var eep = string.IsNullOrEmpty(RecipeEep) ? null : RecipeCommand.Substitute(CommandLine.Split(RecipeEep), values);
            var hash = InputState.Hash(link.Concat(new[] { "\u0001", InputState.ToolIdentity(link[0]), InputState.ToolIdentity(hex[0]) }).Concat(hex).Concat(new[] { "\u0001" }).Concat(eep ?? new List<string>()));
            var record = new BuildRecord(ElfFile, hash);
            var reason = record.WhyStale(refresh: !FailIfNotIncremental)
                ?? (File.Exists(HexFile) ? null : "hex file missing")
                ?? (eepFile.Length == 0 || File.Exists(eepFile) ? null : "eep file missing");
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
            _cache = CachedToolRun.Open(CacheDirectory, ProjectRoot, Log);
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
                return await WriteHexAndEepAsync(hex, eep, eepFile).ConfigureAwait(false);
            });
            if (!ok)
            {
                foreach (var f in new[] { ElfFile, HexFile, eepFile })
                    if (f.Length > 0 && File.Exists(f)) File.Delete(f);
                return false;
            }
            var recorded = record.Save(inputs);
            if (ticket != null && linkResult != null) _cache!.StoreLink(ticket, ElfFile, recorded, linkResult);
            return !Log.HasLoggedErrors;
        }

        /// <summary>Writes the .hex (and .eep) from the .elf: in-process when the recipes are the standard avr-objcopy ones, else with them.</summary>
        private async Task<bool> WriteHexAndEepAsync(List<string> hex, List<string>? eep, string eepFile)
        {
            if (InProcessObjcopy && IsStandardHex(hex, ElfFile, HexFile) && (eep is null || IsStandardEep(eep, ElfFile, eepFile)))
            {
                // The platform's objcopy recipes are the standard ones: write the same bytes without two process starts.
                var elf = File.ReadAllBytes(ElfFile);
                AtomicFile.WriteAllText(HexFile, IntelHex.FlashHex(elf));
                if (eep != null) AtomicFile.WriteAllText(eepFile, IntelHex.EepromHex(elf));
                return true;
            }
            var hexTask = RunToolAsync("objcopy", HexFile, hex);
            var eepTask = eep is null ? Task.FromResult(new Toolchain.ToolResult()) : RunToolAsync("objcopy", eepFile, eep);
            var results = await Task.WhenAll(hexTask, eepTask).ConfigureAwait(false);
            return results.All(x => x.ExitCode == 0);
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
