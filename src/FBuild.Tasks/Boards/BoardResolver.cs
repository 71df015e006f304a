using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace FBuild.Tasks.Boards
{
    /// <summary>A board resolution failure: an FBuild error code and a message that says what to do.</summary>
    public sealed class BoardException : Exception
    {
        public BoardException(string code, string message) : base(message) => Code = code;
        public string Code { get; }
    }

    /// <summary>A board with its menu options applied, merged over its platform, ready to expand recipes.</summary>
    public sealed class ResolvedBoard
    {
        internal ResolvedBoard(PropertyMap props) => Properties = props;

        public PropertyMap Properties { get; }
        public string Id { get; internal set; } = "";
        public string Name { get; internal set; } = "";
        public string Fqbn { get; internal set; } = "";
        /// <summary>A file-system-safe key for output folders: the board id plus any non-default menu options.</summary>
        public string Key { get; internal set; } = "";
        public string PlatformDir { get; internal set; } = "";
        public string Architecture { get; internal set; } = "";
        public string CoreDir { get; internal set; } = "";
        public string VariantDir { get; internal set; } = "";
        /// <summary>
        /// The platform the board's core comes from when it references another vendor's (<c>build.core=arduino:arduino</c>):
        /// its platform.txt lies under the board's own. Empty when the board uses its own platform's core.
        /// </summary>
        public string CorePlatformDir { get; internal set; } = "";
        public string Mcu => Properties.Get("build.mcu");
        public long MaxFlash => ParseLong(Properties.Get("upload.maximum_size"));
        public long MaxRam => ParseLong(Properties.Get("upload.maximum_data_size"));

        /// <summary>A recipe expanded with everything known now and split into arguments; late-bound placeholders stay.</summary>
        public List<string> Recipe(string key)
        {
            var pattern = Properties[key];
            if (string.IsNullOrEmpty(pattern))
                throw new BoardException(FBuildErrors.BadRecipe, $"platform.txt in '{PlatformDir}' has no '{key}' recipe.");
            return CommandLine.Split(Properties.Expand(pattern!));
        }

        /// <summary>
        /// The firmware formats written from the linked program: one per <c>recipe.objcopy.NAME.pattern</c> the platform
        /// defines (hex and eep on AVR, bin and hex on ARM, ...), by name, as arduino-cli runs every recipe of that
        /// prefix. NAME is also the output's extension: the recipes write <c>{build.path}/{build.project_name}.NAME</c>.
        /// </summary>
        public IReadOnlyList<(string Name, List<string> Recipe)> ObjcopyRecipes() =>
            Properties.Keys
                .Where(k => k.StartsWith(ObjcopyPrefix, StringComparison.Ordinal) && k.EndsWith(PatternSuffix, StringComparison.Ordinal)
                            && k.Length > ObjcopyPrefix.Length + PatternSuffix.Length && !string.IsNullOrEmpty(Properties[k]))
                .Select(k => k.Substring(ObjcopyPrefix.Length, k.Length - ObjcopyPrefix.Length - PatternSuffix.Length))
                .Where(name => name.IndexOf('.') < 0)
                .OrderBy(name => name, StringComparer.Ordinal)
                .Select(name => (name, Recipe(ObjcopyPrefix + name + PatternSuffix)))
                .ToList();

        private const string ObjcopyPrefix = "recipe.objcopy.", PatternSuffix = ".pattern";

        private static long ParseLong(string s) => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;
    }

    /// <summary>
    /// Resolves a board from an installed Arduino platform as the Arduino platform specification describes:
    /// platform.txt, then the board's boards.txt entries, then the selected menu options (the first option of
    /// each menu by default), then the runtime.* properties.
    /// </summary>
    public static class BoardResolver
    {
        /// <summary>The IDE version the Debian core declares (1.8.19); goes into -DARDUINO.</summary>
        public const string DefaultIdeVersion = "10819";

        /// <summary>
        /// Resolves a board of the platform in <paramref name="platformDir"/>. <paramref name="findPlatform"/> finds
        /// another vendor's platform of the same architecture (vendor → folder, or null) for a board that references
        /// its core or variant (<c>build.core=VENDOR:CORE</c>, <c>build.variant=VENDOR:VARIANT</c>); a platform with
        /// such boards may have no platform.txt of its own.
        /// </summary>
        public static ResolvedBoard Resolve(string platformDir, string boardId, IReadOnlyDictionary<string, string> options,
            string vendor = "arduino", string ideVersion = DefaultIdeVersion, IDictionary<string, string>? overrides = null,
            string? architecture = null, Func<string, string?>? findPlatform = null)
        {
            var boardsTxt = Path.Combine(platformDir, "boards.txt");
            var platformTxt = Path.Combine(platformDir, "platform.txt");
            if (!File.Exists(boardsTxt))
                throw new BoardException(FBuildErrors.CoreNotFound, $"'{platformDir}' is not an Arduino platform folder (boards.txt and platform.txt expected).");
            var boards = PropertyMap.Load(boardsTxt);
            var platform = File.Exists(platformTxt) ? PropertyMap.Load(platformTxt) : new PropertyMap();
            return Resolve(platformDir, platform, boards, boardId, options, vendor, ideVersion, overrides, architecture, findPlatform);
        }

        /// <summary>
        /// The platforms a board's core and variant come from (pure): a <c>VENDOR:NAME</c> value of
        /// <c>build.core</c> or <c>build.variant</c> names another vendor's platform of the same architecture;
        /// a plain name (or the board's own vendor, or any vendor when <paramref name="ownVendor"/> is null) names the
        /// board's own platform. Returns each referenced vendor, or null.
        /// </summary>
        public static (string? CoreVendor, string Core, string? VariantVendor, string Variant) CoreReferences(string core, string variant, string? ownVendor)
        {
            // ownVendor null: every VENDOR: prefix names the board's own platform.
            static (string?, string) Split(string value, string? own)
            {
                int colon = value.IndexOf(':');
                if (colon < 0) return (null, value);
                string vendor = value.Substring(0, colon);
                return (own is null || vendor == own ? null : vendor, value.Substring(colon + 1));
            }
            var (coreVendor, coreName) = Split(core, ownVendor);
            var (variantVendor, variantName) = Split(variant, ownVendor);
            return (coreVendor, coreName, variantVendor, variantName);
        }

        /// <summary>
        /// The architecture of a platform folder, as arduino-cli names it: ARCH in the IDE layout
        /// (<c>packages/VENDOR/hardware/ARCH/VERSION</c>), else the folder's own name (<c>hardware/VENDOR/ARCH</c>).
        /// </summary>
        public static string ArchitectureOf(string platformDir)
        {
            var dir = new DirectoryInfo(Path.GetFullPath(platformDir).TrimEnd('/'));
            var parent = dir.Parent;
            if (parent?.Parent?.Name == "hardware" && parent.Parent.Parent?.Parent?.Name == "packages" && dir.Name.Length > 0 && char.IsDigit(dir.Name[0]))
                return parent.Name;
            return dir.Name;
        }

        /// <summary>
        /// The tools (<c>runtime.tools.NAME.path</c>) a text still asks for after expansion: NAME of every
        /// <c>{runtime.tools.NAME.path}</c> left, which no data folder, FBuildToolPath item or platform property gave.
        /// </summary>
        public static IReadOnlyList<string> MissingTools(string expanded)
        {
            const string prefix = "{runtime.tools.", suffix = ".path}";
            var names = new List<string>();
            for (int at = expanded.IndexOf(prefix, StringComparison.Ordinal); at >= 0; at = expanded.IndexOf(prefix, at + 1, StringComparison.Ordinal))
            {
                var end = expanded.IndexOf('}', at);
                if (end < 0) break;
                var token = expanded.Substring(at, end - at + 1);
                if (!token.EndsWith(suffix, StringComparison.Ordinal)) continue;
                var name = token.Substring(prefix.Length, token.Length - prefix.Length - suffix.Length);
                if (name.Length > 0 && !names.Contains(name)) names.Add(name);
            }
            return names;
        }

        public static IReadOnlyList<(string Id, string Name)> ListBoards(PropertyMap boards)
        {
            var list = new List<(string, string)>();
            foreach (var id in boards.FirstSegments())
            {
                if (id == "menu") continue;
                var name = boards[id + ".name"];
                if (name is null) continue;
                list.Add((id, name));
            }
            return list;
        }

        public static ResolvedBoard Resolve(string platformDir, PropertyMap platform, PropertyMap boards, string boardId,
            IReadOnlyDictionary<string, string> options, string vendor, string ideVersion, IDictionary<string, string>? overrides,
            string? architecture = null, Func<string, string?>? findPlatform = null)
        {
            var known = ListBoards(boards);
            if (!known.Any(b => b.Id == boardId))
            {
                var names = string.Join(", ", known.Select(b => b.Id));
                throw new BoardException(FBuildErrors.UnknownBoard,
                    $"Unknown board '{boardId}'. Known boards in '{Path.Combine(platformDir, "boards.txt")}': {names}.");
            }

            var board = boards.SubTree(boardId);
            var menus = board.SubTree("menu");
            var boardOwn = new PropertyMap();
            foreach (var key in board.Keys)
                if (!key.StartsWith("menu.", StringComparison.Ordinal)) boardOwn[key] = board[key];
            var props = new PropertyMap();
            props.Merge(boardOwn);

            // Menu options: those given, else the first option of each menu (the IDE's default).
            var chosen = new List<string>();
            var given = new List<string>();
            var nonDefault = new List<string>();
            foreach (var menu in menus.FirstSegments())
            {
                var optionsOfMenu = menus.SubTree(menu).FirstSegments();
                if (optionsOfMenu.Count == 0) continue;
                string option = optionsOfMenu[0];
                if (options.TryGetValue(menu, out var wanted))
                {
                    if (!optionsOfMenu.Contains(wanted))
                        throw new BoardException(FBuildErrors.BadBoardOption,
                            $"Board '{boardId}' has no option '{wanted}' in menu '{menu}'. Options: {string.Join(", ", optionsOfMenu)}.");
                    option = wanted;
                    given.Add(menu + "=" + option);
                    if (option != optionsOfMenu[0]) nonDefault.Add(menu + "_" + option);
                }
                chosen.Add(menu + "=" + option);
                props.Merge(menus.SubTree(menu + "." + option));
            }
            foreach (var key in options.Keys)
                if (!menus.FirstSegments().Contains(key))
                    throw new BoardException(FBuildErrors.BadBoardOption,
                        $"Board '{boardId}' has no menu '{key}'. Menus: {(menus.Count == 0 ? "none" : string.Join(", ", menus.FirstSegments()))}.");

            // A core from another vendor's platform (the board's build.core, after its menus): that platform's
            // platform.txt first, the board's own platform.txt over it, as arduino-cli merges them; then the board.
            // The runtime.* and build.* values arduino-cli (and arduino-builder) compute: build.arch from the FQBN's
            // architecture (the ARCH folder, never a version folder), runtime.hardware.path the platform folder's parent,
            // build.fqbn the FQBN as given (menu options only when chosen).
            var arch = string.IsNullOrEmpty(architecture) ? ArchitectureOf(platformDir) : architecture!;
            var fullPlatformDir = Path.GetFullPath(platformDir).TrimEnd('/');
            // Without a way to find other platforms (findPlatform null), a reference names the board's own platform.
            var refs = CoreReferences(props.Get("build.core", "arduino"), props.Get("build.variant", ""), findPlatform is null ? null : vendor);
            string corePlatformDir = refs.CoreVendor is null ? "" : FindReferenced(refs.CoreVendor, "core", props.Get("build.core"));
            string variantPlatformDir = refs.VariantVendor is null ? "" : FindReferenced(refs.VariantVendor, "variant", props.Get("build.variant"));
            var boardProps = props;
            props = corePlatformDir.Length > 0 ? LoadPlatformTxt(corePlatformDir) : new PropertyMap();
            props.Merge(platform);
            props.Merge(boardProps);
            if (!props.ContainsKey("recipe.c.o.pattern") && !File.Exists(Path.Combine(platformDir, "platform.txt")))
                throw new BoardException(FBuildErrors.CoreNotFound,
                    $"'{platformDir}' has no platform.txt, and board '{boardId}' references no other vendor's core (build.core=VENDOR:CORE) to take it from.");

            string FindReferenced(string refVendor, string what, string value)
            {
                string? dir = findPlatform?.Invoke(refVendor);
                if (dir is null || !File.Exists(Path.Combine(dir, "platform.txt")))
                    throw new BoardException(FBuildErrors.ReferencedPlatformNotFound,
                        $"Board '{boardId}' uses the {what} '{value}' of platform '{refVendor}:{arch}', which is not installed. " +
                        $"Install it (Debian/Ubuntu: sudo apt-get install arduino-core-avr for arduino:avr; arduino-cli core install {refVendor}:{arch}), " +
                        "or add the hardware folder that holds it to FBuildHardwarePath.");
                return dir;
            }

            props["runtime.ide.version"] = ideVersion;
            props["ide_version"] = ideVersion;
            props["runtime.os"] = "linux";
            props["software"] = "ARDUINO";
            props["runtime.platform.path"] = fullPlatformDir;
            props["runtime.hardware.path"] = Path.GetDirectoryName(fullPlatformDir) ?? fullPlatformDir;
            props["build.arch"] = arch.ToUpperInvariant();
            props["build.fqbn"] = vendor + ":" + arch + ":" + boardId + (given.Count > 0 ? ":" + string.Join(",", given) : "");
            var fullFqbn = vendor + ":" + arch + ":" + boardId + (chosen.Count > 0 ? ":" + string.Join(",", chosen) : "");
            var warningLevel = overrides != null && overrides.TryGetValue("compiler.warning_level", out var wl) ? wl : "none";
            if (props.ContainsKey("compiler.warning_flags." + warningLevel))
                props["compiler.warning_flags"] = props["compiler.warning_flags." + warningLevel];

            var coreDir = Path.Combine(corePlatformDir.Length > 0 ? corePlatformDir : platformDir, "cores", refs.Core);
            var variantDir = refs.Variant.Length == 0 ? "" : Path.Combine(variantPlatformDir.Length > 0 ? variantPlatformDir : platformDir, "variants", refs.Variant);
            props["build.core.path"] = coreDir;
            props["build.variant.path"] = variantDir;
            props["build.system.path"] = Path.Combine(corePlatformDir.Length > 0 ? corePlatformDir : platformDir, "system");

            if (overrides != null)
                foreach (var kv in overrides)
                    if (kv.Key != "compiler.warning_level") props[kv.Key] = kv.Value;

            return new ResolvedBoard(props)
            {
                Id = boardId,
                Name = props.Get("name", boardId),
                Fqbn = fullFqbn,
                Key = boardId + (nonDefault.Count > 0 ? "-" + string.Join("-", nonDefault) : ""),
                PlatformDir = platformDir,
                Architecture = arch,
                CoreDir = coreDir,
                VariantDir = variantDir,
                CorePlatformDir = corePlatformDir,
            };
        }

        private static PropertyMap LoadPlatformTxt(string dir) => PropertyMap.Load(Path.Combine(dir, "platform.txt"));

        /// <summary>Parses <c>menu=option</c> pairs separated by commas or semicolons.</summary>
        public static Dictionary<string, string> ParseOptions(string? text)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            if (string.IsNullOrWhiteSpace(text)) return map;
            foreach (var part in text!.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = part.IndexOf('=');
                if (eq <= 0) throw new BoardException(FBuildErrors.BadBoardOption, $"Board option '{part.Trim()}' is not of the form menu=option.");
                map[part.Substring(0, eq).Trim()] = part.Substring(eq + 1).Trim();
            }
            return map;
        }

        /// <summary>Splits <c>vendor:arch:board[:menu=opt,...]</c>; a plain board id has no vendor or arch.</summary>
        public static (string? Vendor, string? Arch, string Board, string? Options) ParseFqbn(string board)
        {
            var parts = board.Split(new[] { ':' }, 4);
            if (parts.Length == 1) return (null, null, parts[0], null);
            if (parts.Length < 3) throw new BoardException(FBuildErrors.UnknownBoard, $"'{board}' is neither a board id nor an FQBN (vendor:arch:board[:options]).");
            return (parts[0], parts[1], parts[2], parts.Length == 4 ? parts[3] : null);
        }

    }
}
