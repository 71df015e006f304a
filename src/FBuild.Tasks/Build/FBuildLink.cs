using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FBuild.Tasks.Boards;
using FBuild.Tasks.Cache;
using FBuild.Tasks.FileSystem;
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
        [Output] public string EepFile { get; set; } = "";
        [Output] public bool Linked { get; set; }

        /// <summary>The compile cache folder (links are cached too); empty turns it off.</summary>
        public string? CacheDirectory { get; set; }

        /// <summary>The project root: paths below it are keyed relative to it.</summary>
        public string? ProjectRoot { get; set; }

        [Output] public int CacheHits { get; set; }
        [Output] public int CacheMisses { get; set; }
        [Output] public int CacheStores { get; set; }

        public override bool Execute()
        {
            var outDir = Path.GetFullPath(OutputDirectory).TrimEnd('/');
            ElfFile = Path.Combine(outDir, ProjectName + ".elf");
            HexFile = Path.Combine(outDir, ProjectName + ".hex");
            EepFile = string.IsNullOrEmpty(RecipeEep) ? "" : Path.Combine(outDir, ProjectName + ".eep");
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
            var link = Substitute(CommandLine.Split(RecipeLink), values, lists);
            var hex = Substitute(CommandLine.Split(RecipeHex), values);
            var eep = string.IsNullOrEmpty(RecipeEep) ? null : Substitute(CommandLine.Split(RecipeEep), values);
            var hash = InputState.Hash(link.Concat(new[] { "\u0001", InputState.ToolIdentity(link[0]), InputState.ToolIdentity(hex[0]) }).Concat(hex).Concat(new[] { "\u0001" }).Concat(eep ?? new List<string>()));
            var state = ElfFile + ".fbstate";
            var reason = InputState.WhyStale(ElfFile, state, hash, refresh: !FailIfNotIncremental)
                ?? (File.Exists(HexFile) ? null : "hex file missing")
                ?? (EepFile.Length == 0 || File.Exists(EepFile) ? null : "eep file missing");
            if (reason != null && FailIfNotIncremental) return ReportNotUpToDate(ElfFile, reason);
            if (reason != null)
            {
                Log.LogMessage(MessageImportance.Normal, $"Linking {ElfFile} ({reason})");
                Directory.CreateDirectory(outDir);
                if (File.Exists(state)) File.Delete(state);
                var before = InputState.Snapshot(objects.Concat(new[] { core }));
                var started = DateTime.UtcNow;
                var cache = string.IsNullOrEmpty(CacheDirectory) ? null : new CompileCache(CacheDirectory!);
                var root = string.IsNullOrEmpty(ProjectRoot) ? "" : Path.GetFullPath(ProjectRoot).TrimEnd('/');
                string? cacheKey = null;
                Toolchain.ToolResult? linkResult = null;
                bool ok = Yielded(async () =>
                {
                    if (cache != null)
                    {
                        cacheKey = await LinkKeyAsync(link, objects.Concat(new[] { core }).ToList(), root).ConfigureAwait(false);
                        var entry = cacheKey is null ? null : cache.LookupResult(cacheKey);
                        if (entry != null && entry.Sections.TryGetValue("elf", out var elfBytes) && entry.Sections.TryGetValue("output", out var outBytes))
                        {
                            CompileCache.WriteAtomically(ElfFile, elfBytes);
                            var replay = new Toolchain.ToolResult { ExitCode = 0, StartUtc = started, EndUtc = DateTime.UtcNow };
                            replay.Output.AddRange(CacheKey.Unrelocate(System.Text.Encoding.UTF8.GetString(outBytes), root)
                                .Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries));
                            ReportReplayed("cache", ElfFile, link, replay);
                            CacheHits++;
                            cacheKey = null; // nothing to store
                        }
                        else if (cacheKey != null) CacheMisses++;
                    }
                    if (CacheHits == 0)
                    {
                        linkResult = await RunToolAsync("link", ElfFile, link).ConfigureAwait(false);
                        if (linkResult.ExitCode != 0) return false;
                    }
                    if (InProcessObjcopy && IsStandardHex(hex, ElfFile, HexFile) && (eep is null || IsStandardEep(eep, ElfFile, EepFile)))
                    {
                        // The platform's objcopy recipes are the standard ones: write the same bytes without two process starts.
                        var elf = File.ReadAllBytes(ElfFile);
                        AtomicFile.WriteAllText(HexFile, IntelHex.FlashHex(elf));
                        if (eep != null) AtomicFile.WriteAllText(EepFile, IntelHex.EepromHex(elf));
                        return true;
                    }
                    var hexTask = RunToolAsync("objcopy", HexFile, hex);
                    var eepTask = eep is null ? Task.FromResult(new Toolchain.ToolResult()) : RunToolAsync("objcopy", EepFile, eep);
                    var results = await Task.WhenAll(hexTask, eepTask).ConfigureAwait(false);
                    return results.All(x => x.ExitCode == 0);
                });
                if (!ok)
                {
                    foreach (var f in new[] { ElfFile, HexFile, EepFile })
                        if (f.Length > 0 && File.Exists(f)) File.Delete(f);
                    return false;
                }
                var recorded = InputState.Capture(hash, objects.Concat(new[] { core }), started, before);
                recorded.Save(state);
                Linked = true;
                if (cache != null && cacheKey != null && linkResult != null && !recorded.Inputs.Any(i => i.ChangedDuringBuild))
                {
                    try
                    {
                        var entry = new CacheEntry();
                        entry.Sections["elf"] = File.ReadAllBytes(ElfFile);
                        entry.Sections["output"] = System.Text.Encoding.UTF8.GetBytes(CacheKey.Relocate(string.Join("\n", linkResult.Output), root));
                        cache.StoreResult(cacheKey, entry);
                        CacheStores++;
                    }
                    catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                    {
                        Log.LogMessage(MessageImportance.Normal, $"Could not store {ElfFile} in the compile cache: {ex.Message}");
                    }
                }
            }
            else
            {
                Log.LogMessage(MessageImportance.Low, $"'{ElfFile}' is up to date.");
            }

            return !Log.HasLoggedErrors;
        }

        /// <summary>
        /// A link's cache key: the linker's identity, its arguments (output left out, root made relative), the digest
        /// of every object and archive, and of the toolchain files the link reads (libc, libm, libgcc, start-up code,
        /// ld). Null when an input is missing.
        /// </summary>
        private async Task<string?> LinkKeyAsync(List<string> command, List<string> inputs, string root)
        {
            var tool = InputState.ToolIdentity(command[0]);
            var driver = Toolchain.ToolRunner.Which(command[0]) ?? command[0];
            var env = await LinkEnvironment.FilesAsync(driver, tool, command, CancellationToken).ConfigureAwait(false);
            var parts = new List<string> { "fbuild-link 1", tool };
            parts.AddRange(CacheKey.NormalizeArguments(command, root));
            foreach (var i in inputs)
            {
                var d = ContentDigest.Of(i);
                if (d is null) return null;
                parts.Add(d.Digest);
            }
            parts.AddRange(LinkEnvironment.Digests(env));
            return InputState.Hash(parts);
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
