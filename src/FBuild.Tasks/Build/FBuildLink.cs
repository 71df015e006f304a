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
        /// <summary>The sketch's libraries' archives (metadata Library), in the order the IDE links their objects.</summary>
        public ITaskItem[] LibraryArchives { get; set; } = Array.Empty<ITaskItem>();
        /// <summary>
        /// The framework's library objects (metadata Library, Language). The objects of the sketch's libraries are linked
        /// as objects, as arduino-builder links them (an archive would drop members nothing references, such as a
        /// library's boot section or constructors); an archive is linked only for a library with no objects given here.
        /// </summary>
        public ITaskItem[] LibraryObjects { get; set; } = Array.Empty<ITaskItem>();
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

        /// <summary>
        /// true when the link failed last time and nothing it reads has changed: its errors are replayed, it is not run.
        /// In -question mode that is up to date: the task succeeds, the errors come as warnings, and the size step is skipped.
        /// </summary>
        [Output] public bool FailedAsRecorded { get; set; }

        /// <summary>The compile cache folder (links are cached too); empty turns it off.</summary>
        public string? CacheDirectory { get; set; }

        /// <summary>The project root: paths below it are keyed relative to it.</summary>
        public string? ProjectRoot { get; set; }

        /// <summary>One item (the .elf) with metadata CacheHits, CacheMisses and CacheStores (and the other counters, 0).</summary>
        [Output] public ITaskItem Counters => (_cache?.Counters ?? new CacheCounters()).ToItem(ElfFile.Length > 0 ? ElfFile : nameof(FBuildLink), 0);

        private CachedToolRun? _cache;

        /// <summary>
        /// Each library's objects in arduino-builder's order, library by library: folder by folder (a folder before its
        /// subfolders, siblings by ordinal name), and in each folder .S, then .c, then .cpp, each by ordinal name
        /// (src/Wire.cpp before src/utility/twi.c).
        /// </summary>
        /// <summary>One library's objects, folder by folder (preorder, ordinal), each folder's .S, .c, .cpp.</summary>
        public static IEnumerable<string> OrderLibraryObjects(IEnumerable<(string Path, string Language)> objects) =>
            objects.GroupBy(o => Path.GetDirectoryName(o.Path) ?? "", StringComparer.Ordinal)
                .OrderBy(g => g.Key.Split('/'), SegmentsPreorder.Instance)
                .SelectMany(g => FBuildArchive.OrderMembers(g));

        private sealed class SegmentsPreorder : IComparer<string[]>
        {
            public static readonly SegmentsPreorder Instance = new SegmentsPreorder();

            public int Compare(string[]? x, string[]? y)
            {
                x ??= Array.Empty<string>();
                y ??= Array.Empty<string>();
                for (int i = 0; i < Math.Min(x.Length, y.Length); i++)
                {
                    var c = string.CompareOrdinal(x[i], y[i]);
                    if (c != 0) return c;
                }
                return x.Length.CompareTo(y.Length);
            }
        }

        internal static IEnumerable<string> LinkedLibraryInputs(IEnumerable<ITaskItem> archives, IEnumerable<ITaskItem> libraryObjects)
        {
            var byLibrary = libraryObjects.GroupBy(o => o.GetMetadata("Library"), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            foreach (var archive in archives)
            {
                if (byLibrary.TryGetValue(archive.GetMetadata("Library"), out var objs))
                    foreach (var o in OrderLibraryObjects(objs.Select(x => (Path.GetFullPath(x.ItemSpec), x.GetMetadata("Language"))))) yield return o;
                else if (File.Exists(archive.ItemSpec) && new FileInfo(archive.ItemSpec).Length > 8) yield return Path.GetFullPath(archive.ItemSpec);
            }
        }

        public override bool Execute()
        {
            var outDir = Path.GetFullPath(OutputDirectory).TrimEnd('/');
            ElfFile = Path.Combine(outDir, ProjectName + ".elf");
            // arduino-builder's {object_files}: the sketch's, its libraries', then the core's own objects (the variant's).
            var objects = Objects.Select(o => Path.GetFullPath(o.ItemSpec))
                .Concat(LinkedLibraryInputs(LibraryArchives, LibraryObjects))
                .Concat(ExtraObjects.Select(o => Path.GetFullPath(o.ItemSpec))).ToList();
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
            var reason = record.WhyStale(!FailIfNotIncremental, out var failure, Stamps.Of);
            if (reason is null && failure != null)
            {
                // Failed last time with the same objects, archives, command and tools: up to date (also for -question), replayed.
                Log.LogMessage(MessageImportance.Normal, $"Linking {ElfFile}: {FailureReplayNote}");
                ReportRecordedFailure(ElfFile, link, failure);
                FailedAsRecorded = true;
                return FailIfNotIncremental;
            }
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
                // A failed link (not a failed format) is recorded with its inputs, to be replayed while they stay the same.
                if (linkResult != null && linkResult.ExitCode != 0 && !CancellationToken.IsCancellationRequested)
                    record.SaveFailure(inputs, linkResult.ExitCode, linkResult.Output);
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
