using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FBuild.Tasks.Boards;
using Microsoft.Build.Framework;

namespace FBuild.Tasks.Build
{
    /// <summary>
    /// Links a sketch (recipe.c.combine.pattern), writes .hex and .eep (recipe.objcopy.*), and measures flash and
    /// RAM use with the platform's size regexes. Fails when the program does not fit the board, as the IDE does.
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
        public string SizeRegex { get; set; } = "";
        public string SizeRegexData { get; set; } = "";
        public long MaxFlash { get; set; }
        public long MaxRam { get; set; }

        [Output] public string ElfFile { get; set; } = "";
        [Output] public string HexFile { get; set; } = "";
        [Output] public string EepFile { get; set; } = "";
        [Output] public long FlashBytes { get; set; }
        [Output] public long RamBytes { get; set; }
        [Output] public bool Linked { get; set; }

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
            var hash = InputState.Hash(link.Concat(new[] { "\u0001" }).Concat(hex).Concat(new[] { "\u0001" }).Concat(eep ?? new List<string>()));
            var state = ElfFile + ".fbstate";
            var reason = InputState.WhyStale(ElfFile, state, hash)
                ?? (File.Exists(HexFile) ? null : "hex file missing")
                ?? (EepFile.Length == 0 || File.Exists(EepFile) ? null : "eep file missing");
            if (reason != null)
            {
                Log.LogMessage(MessageImportance.Normal, $"Linking {ElfFile} ({reason})");
                Directory.CreateDirectory(outDir);
                if (File.Exists(state)) File.Delete(state);
                var started = DateTime.UtcNow;
                bool ok = Yielded(async () =>
                {
                    var r = await RunToolAsync("link", ElfFile, link).ConfigureAwait(false);
                    if (r.ExitCode != 0) return false;
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
                InputState.Capture(hash, objects.Concat(new[] { core }), started).Save(state);
                Linked = true;
            }
            else
            {
                Log.LogMessage(MessageImportance.Low, $"'{ElfFile}' is up to date.");
            }

            var listing = ElfSize.Listing(ElfSize.ReadSections(ElfFile));
            FlashBytes = ElfSize.Sum(listing, SizeRegex);
            RamBytes = ElfSize.Sum(listing, SizeRegexData);
            Log.LogMessage(MessageImportance.Normal, SizeMessage(FlashBytes, MaxFlash, "Sketch uses {0} bytes ({1}%) of program storage space. Maximum is {2} bytes."));
            if (MaxRam > 0)
                Log.LogMessage(MessageImportance.Normal, SizeMessage(RamBytes, MaxRam, "Global variables use {0} bytes ({1}%) of dynamic memory, leaving {3} bytes for local variables. Maximum is {2} bytes."));
            if (MaxFlash > 0 && FlashBytes > MaxFlash)
                Log.LogError(null, FBuildErrors.FlashTooLarge, null, ElfFile, 0, 0, 0, 0,
                    $"{FBuildErrors.FlashTooLarge}: Sketch too big: it uses {FlashBytes} bytes of program storage, the board has {MaxFlash}.");
            if (MaxRam > 0 && RamBytes > MaxRam)
                Log.LogError(null, FBuildErrors.RamTooLarge, null, ElfFile, 0, 0, 0, 0,
                    $"{FBuildErrors.RamTooLarge}: Not enough memory: global variables use {RamBytes} bytes of dynamic memory, the board has {MaxRam}.");
            return !Log.HasLoggedErrors;
        }

        private static string SizeMessage(long used, long max, string format)
        {
            var pct = max > 0 ? (used * 100 / max).ToString(CultureInfo.InvariantCulture) : "?";
            return string.Format(CultureInfo.InvariantCulture, format, used, pct, max, max - used);
        }
    }
}
