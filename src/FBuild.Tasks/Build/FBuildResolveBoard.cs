using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FBuild.Tasks.Boards;
using FBuild.Tasks.Ide;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using MSTask = Microsoft.Build.Utilities.Task;

namespace FBuild.Tasks.Build
{
    /// <summary>
    /// Finds the platform and toolchain for a board, resolves the board with its menu options and expands the
    /// compile, archive, link, objcopy, size and upload recipes. Results are cached per process but the cache entry is
    /// only reused while boards.txt and platform.txt are unchanged on disk (checked on every call).
    /// </summary>
    public sealed class FBuildResolveBoard : MSTask
    {
        private static readonly ConcurrentDictionary<string, (string Stamp, ResolvedBoard Board)> Cache = new ConcurrentDictionary<string, (string, ResolvedBoard)>();

        /// <summary>A board id (uno) or an FQBN (arduino:avr:nano:cpu=atmega328old).</summary>
        [Required] public string Board { get; set; } = "";
        /// <summary>Menu options, menu=option pairs separated by commas.</summary>
        public string BoardOptions { get; set; } = "";
        /// <summary>An explicit platform folder (the one holding boards.txt and platform.txt).</summary>
        public string PlatformPath { get; set; } = "";
        /// <summary>Hardware folders to search (each holding VENDOR/ARCH platforms).</summary>
        public string HardwarePath { get; set; } = "";
        /// <summary>A folder holding avr-gcc and the other tools; overrides the platform's compiler.path.</summary>
        public string ToolchainPath { get; set; } = "";
        /// <summary>
        /// Platform property overrides (ItemSpec = key, metadata Value), like arduino-cli's --build-property; an item with
        /// Architecture metadata (avr, samd; several separated by semicolons) applies to boards of those architectures only.
        /// </summary>
        public ITaskItem[] PropertyOverrides { get; set; } = Array.Empty<ITaskItem>();
        /// <summary>The user's home folder, where ~/.arduino15 and ~/.platformio are looked for.</summary>
        public string HomeDirectory { get; set; } = "";
        /// <summary>Warn (FB0183) about lines of boards.txt and platform.txt that are not key=value (one project per build does: the framework).</summary>
        public bool ReportMalformedLines { get; set; }
        /// <summary>The Arduino data folder (arduino-cli's directories.data, ~/.arduino15 when empty): its packages/ hold cores and tools.</summary>
        public string DataDirectory { get; set; } = "";
        /// <summary>
        /// Tools that are installed elsewhere, like arduino-builder's <c>-prefs runtime.tools.NAME.path=DIR</c>: ItemSpec the
        /// tool's name as the core asks for it (arm-none-eabi-gcc-7-2017q4), metadata Path its folder (the one holding bin/).
        /// </summary>
        public ITaskItem[] ToolPaths { get; set; } = Array.Empty<ITaskItem>();
        /// <summary>The same as ToolPaths for the command line: NAME=DIR pairs separated by semicolons (FBuildToolPaths).</summary>
        public string ToolPathList { get; set; } = "";
        /// <summary>The upload port (Port); when given, RecipeUpload is resolved too.</summary>
        public string UploadPort { get; set; } = "";
        /// <summary>For RecipeUpload: the upload tool's verbose parameters instead of its quiet ones.</summary>
        public bool UploadVerbose { get; set; }
        /// <summary>For RecipeUpload: read the flash back after writing.</summary>
        public bool UploadVerify { get; set; } = true;

        [Output] public string BoardKey { get; set; } = "";
        [Output] public string BoardId { get; set; } = "";
        [Output] public string BoardName { get; set; } = "";
        [Output] public string Fqbn { get; set; } = "";
        [Output] public string Architecture { get; set; } = "";
        [Output] public string PlatformDirectory { get; set; } = "";
        /// <summary>The other vendor's platform the board's core comes from (build.core=VENDOR:CORE); empty when its own.</summary>
        [Output] public string CorePlatformDirectory { get; set; } = "";
        [Output] public string CoreDirectory { get; set; } = "";
        [Output] public string VariantDirectory { get; set; } = "";
        [Output] public string Mcu { get; set; } = "";
        [Output] public long MaxFlash { get; set; }
        [Output] public long MaxRam { get; set; }
        [Output] public string CompilerPath { get; set; } = "";
        [Output] public string RecipeC { get; set; } = "";
        [Output] public string RecipeCpp { get; set; } = "";
        [Output] public string RecipeS { get; set; } = "";
        [Output] public string RecipeAr { get; set; } = "";
        [Output] public string RecipeLink { get; set; } = "";
        /// <summary>
        /// The firmware formats written after the link: one item per recipe.objcopy.NAME.pattern (Identity NAME, e.g.
        /// hex, eep, bin; metadata Recipe, the expanded command with {build.path} and {build.project_name} left).
        /// </summary>
        [Output] public ITaskItem[] ObjcopyRecipes { get; set; } = Array.Empty<ITaskItem>();
        [Output] public string SizeRegex { get; set; } = "";
        [Output] public string SizeRegexData { get; set; } = "";
        [Output] public string ToolchainIncludeDirectories { get; set; } = "";
        /// <summary>The board's clock in Hz (build.f_cpu), for the simulator.</summary>
        [Output] public string CpuFrequency { get; set; } = "";
        /// <summary>The upload command (CommandLine.Join) with {build.path} and {build.project_name} left, when UploadPort is given.</summary>
        [Output] public string RecipeUpload { get; set; } = "";
        /// <summary>Why the board has no upload command (an FB0124 message), reported only when uploading.</summary>
        [Output] public string RecipeUploadError { get; set; } = "";
        /// <summary>RecipeUploadError's code: FB0124 (no recipe) or FB0140 (its tool is not installed).</summary>
        [Output] public string RecipeUploadErrorCode { get; set; } = "";
        /// <summary>upload.use_1200bps_touch: open the port at 1200 bps and close it to reset the board into its bootloader.</summary>
        [Output] public bool UploadTouch1200 { get; set; }
        /// <summary>upload.wait_for_upload_port: after the touch, wait for the bootloader's port (a new one, or the same).</summary>
        [Output] public bool UploadWaitForPort { get; set; }

        public override bool Execute()
        {
            try
            {
                Run();
                return !Log.HasLoggedErrors;
            }
            catch (BoardException ex)
            {
                Log.LogError(null, ex.Code, null, null, 0, 0, 0, 0, ex.Message);
                return false;
            }
        }

        private void Run()
        {
            var (vendor, arch, boardId, fqbnOptions) = BoardResolver.ParseFqbn(Board.Trim());
            vendor ??= "arduino";
            arch ??= "avr";
            var optionText = string.Join(",", new[] { fqbnOptions, BoardOptions }.Where(s => !string.IsNullOrWhiteSpace(s)));
            var options = BoardResolver.ParseOptions(optionText);
            var home = string.IsNullOrEmpty(HomeDirectory) ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : HomeDirectory;

            var dataDir = NullIfEmpty(DataDirectory);
            var platformDir = PlatformLocator.FindPlatform(vendor, arch, NullIfEmpty(PlatformPath), NullIfEmpty(HardwarePath), home, out var searched, dataDir);
            if (platformDir is null)
                throw new BoardException(FBuildErrors.CoreNotFound,
                    $"The Arduino core for '{vendor}:{arch}' was not found. Looked in: {string.Join(", ", searched)}. " +
                    "Install it (Debian/Ubuntu: sudo apt-get install arduino-core-avr; Arduino IDE: Boards Manager; arduino-cli core install arduino:avr) " +
                    "or set FBuildPlatformPath to the folder that holds boards.txt and platform.txt.");

            var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var kv in PlatformLocator.ToolProperties(home, dataDir)) overrides[kv.Key] = kv.Value;
            var toolItems = ToolPaths.Concat(ToolPathList.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries)
                .Where(p => p.Trim().Length > 0)
                .Select(p => p.Split(new[] { '=' }, 2))
                .Select(p => (ITaskItem)new TaskItem(p[0].Trim(), new Dictionary<string, string> { ["Path"] = p.Length > 1 ? p[1].Trim() : "" })));
            foreach (var tool in toolItems)
            {
                var path = tool.GetMetadata("Path");
                if (string.IsNullOrWhiteSpace(path))
                    throw new BoardException(FBuildErrors.ToolNotInstalled, $"FBuildToolPath '{tool.ItemSpec}' has no Path: write <FBuildToolPath Include=\"{tool.ItemSpec}\" Path=\"/usr\" /> (the folder that holds bin/).");
                overrides["runtime.tools." + tool.ItemSpec + ".path"] = path.Length > 1 ? path.TrimEnd('/') : path;
            }
            if (!string.IsNullOrEmpty(ToolchainPath)) overrides["compiler.path"] = ToolchainPath.TrimEnd('/') + "/";
            foreach (var item in PropertyOverrides)
                if (AppliesTo(item, arch)) overrides[item.ItemSpec] = item.GetMetadata("Value");

            var key = string.Join("\n", new[] { platformDir, boardId, vendor, optionText }.Concat(overrides.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => k.Key + "=" + k.Value)));
            var stamp = Stamp(Path.Combine(platformDir, "boards.txt")) + "|" + Stamp(Path.Combine(platformDir, "platform.txt"));
            // A core referenced from another vendor's platform (build.core=arduino:arduino): its platform.txt counts too.
            static string ReferencedStamp(ResolvedBoard b) => b.CorePlatformDir.Length == 0 ? "" : "|" + Stamp(Path.Combine(b.CorePlatformDir, "platform.txt"));
            ResolvedBoard board;
            if (Cache.TryGetValue(key, out var cached) && cached.Stamp == stamp + ReferencedStamp(cached.Board)) board = cached.Board;
            else
            {
                board = BoardResolver.Resolve(platformDir, boardId, options, vendor, BoardResolver.DefaultIdeVersion, overrides, arch,
                    refVendor => PlatformLocator.FindPlatform(refVendor, arch, null, NullIfEmpty(HardwarePath), home, out _, dataDir));
                Cache[key] = (stamp + ReferencedStamp(board), board);
            }

            if (ReportMalformedLines)
                foreach (var file in new[] { "boards.txt", "platform.txt" })
                {
                    var path = Path.Combine(platformDir, file);
                    // A platform of boards only (its core referenced from another vendor's) has no platform.txt.
                    if (!File.Exists(path)) continue;
                    foreach (var (line, text) in PropertyMap.Load(path).MalformedLines)
                        Log.LogWarning(null, FBuildErrors.MalformedPropertyLine, null, path, line, 0, 0, 0,
                            $"This line of {file} is not 'key=value' and is ignored: '{(text.Length > 80 ? text.Substring(0, 80) + "..." : text)}'. (arduino-cli refuses the whole file.)");
                }

            var props = board.Properties;
            var compiler = props.Expand("{compiler.path}{compiler.cpp.cmd}");
            var buildRecipes = new[] { "recipe.c.o.pattern", "recipe.cpp.o.pattern", "recipe.S.o.pattern", "recipe.ar.pattern", "recipe.c.combine.pattern" }
                .Select(k => props.Expand(props.Get(k)));
            var missing = BoardResolver.MissingTools(string.Join("\n", new[] { compiler }.Concat(buildRecipes))).ToList();
            if (missing.Count > 0) throw new BoardException(FBuildErrors.ToolNotInstalled, MissingToolsMessage(board, missing, PlatformLocator.DataDirectory(home, dataDir)));
            if (compiler.IndexOf('{') >= 0 || !File.Exists(compiler))
            {
                var onPath = PlatformLocator.FindOnPath(props.Get("compiler.cpp.cmd", "avr-g++"));
                throw new BoardException(FBuildErrors.ToolchainNotFound,
                    $"The compiler '{compiler}' for board '{boardId}' was not found" + (onPath != null ? $" (there is one at '{onPath}': set FBuildToolchainPath to its folder)" : "") + ". " +
                    "Install the AVR toolchain (Debian/Ubuntu: sudo apt-get install gcc-avr avr-libc binutils-avr) or set FBuildToolchainPath to the folder holding avr-gcc.");
            }

            BoardKey = board.Key;
            BoardId = board.Id;
            BoardName = board.Name;
            Fqbn = board.Fqbn;
            Architecture = board.Architecture;
            PlatformDirectory = board.PlatformDir;
            CorePlatformDirectory = board.CorePlatformDir;
            CoreDirectory = board.CoreDir;
            VariantDirectory = board.VariantDir;
            Mcu = board.Mcu;
            MaxFlash = board.MaxFlash;
            MaxRam = board.MaxRam;
            CompilerPath = compiler;
            RecipeC = CommandLine.Join(board.Recipe("recipe.c.o.pattern"));
            RecipeCpp = CommandLine.Join(board.Recipe("recipe.cpp.o.pattern"));
            RecipeS = CommandLine.Join(board.Recipe("recipe.S.o.pattern"));
            RecipeAr = CommandLine.Join(board.Recipe("recipe.ar.pattern"));
            RecipeLink = CommandLine.Join(board.Recipe("recipe.c.combine.pattern"));
            ObjcopyRecipes = board.ObjcopyRecipes()
                .Select(r => (ITaskItem)new TaskItem(r.Name, new Dictionary<string, string> { ["Recipe"] = CommandLine.Join(r.Recipe) }))
                .ToArray();
            SizeRegex = props.Get("recipe.size.regex");
            SizeRegexData = props.Get("recipe.size.regex.data");
            ToolchainIncludeDirectories = string.Join(";", ToolchainIncludes(Path.GetDirectoryName(compiler)!));
            CpuFrequency = SimavrOutput.Frequency(props.Get("build.f_cpu"))?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
            if (UploadPort.Length == 0) return;
            try
            {
                UploadTouch1200 = props.Get("upload.use_1200bps_touch") == "true";
                UploadWaitForPort = props.Get("upload.wait_for_upload_port") == "true";
                var upload = UploadRecipe.Command(props, UploadPort, "{build.path}", "{build.project_name}", UploadVerbose, UploadVerify);
                var missingTools = BoardResolver.MissingTools(string.Join(" ", upload));
                if (missingTools.Count > 0)
                    throw new BoardException(FBuildErrors.ToolNotInstalled, MissingToolsMessage(board, missingTools, PlatformLocator.DataDirectory(home, dataDir)) +
                        " For an upload tool, Path is the folder that holds the program the recipe runs ({path}/{cmd}; Debian's bossac: /usr/bin).");
                RecipeUpload = CommandLine.Join(upload);
            }
            catch (BoardException ex) when (ex.Code == FBuildErrors.NoUploadRecipe || ex.Code == FBuildErrors.ToolNotInstalled)
            {
                RecipeUploadError = ex.Message;
                RecipeUploadErrorCode = ex.Code;
            }
        }

        /// <summary>Where the toolchain keeps libc and compiler headers (Debian and Arduino IDE layouts).</summary>
        private static IEnumerable<string> ToolchainIncludes(string binDir)
        {
            var root = Path.GetDirectoryName(binDir) ?? binDir;
            var candidates = new List<string> { Path.Combine(root, "lib", "avr", "include"), Path.Combine(root, "avr", "include") };
            foreach (var gccLib in new[] { Path.Combine(root, "lib", "gcc", "avr") })
                if (Directory.Exists(gccLib))
                    foreach (var v in Directory.GetDirectories(gccLib)) { candidates.Add(Path.Combine(v, "include")); candidates.Add(Path.Combine(v, "include-fixed")); }
            return candidates.Where(Directory.Exists);
        }

        private static bool AppliesTo(ITaskItem item, string arch)
        {
            var only = item.GetMetadata("Architecture");
            return string.IsNullOrWhiteSpace(only) || only.Split(';').Any(a => string.Equals(a.Trim(), arch, StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>The FB0140 message: which tools the core asks for, and the ways to provide them.</summary>
        internal static string MissingToolsMessage(ResolvedBoard board, IReadOnlyList<string> tools, string dataDir)
        {
            var first = tools[0];
            return $"The core '{board.PlatformDir}' for board '{board.Id}' needs the tool{(tools.Count > 1 ? "s" : "")} " +
                string.Join(", ", tools.Select(t => "'" + t + "' ({runtime.tools." + t + ".path})")) + ", which is not installed. " +
                $"Install it into the Arduino data folder ('{Path.Combine(dataDir, "packages", "VENDOR", "tools", "NAME", "VERSION")}'; arduino-cli core install installs it), " +
                $"or say where it is: <FBuildToolPath Include=\"{first}\" Path=\"/usr\" /> (the folder holding bin/; for the ARM compiler, Debian's gcc-arm-none-eabi is in /usr), " +
                $"or -p:FBuildArduinoDataDirectory=DIR for another data folder.";
        }

        private static string Stamp(string path)
        {
            var fi = new FileInfo(path);
            return fi.Exists ? fi.Length + ":" + fi.LastWriteTimeUtc.Ticks : "missing";
        }

        private static string? NullIfEmpty(string s) => string.IsNullOrWhiteSpace(s) ? null : s;
    }
}
