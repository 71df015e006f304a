using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace FBuild.Tasks.Boards
{
    /// <summary>
    /// Finds an installed Arduino platform (core) and its toolchain where users have them: an explicit path,
    /// Debian's packages, an Arduino IDE install under ~/.arduino15, or PlatformIO's ~/.platformio/packages.
    /// </summary>
    public static class PlatformLocator
    {
        public const string DebianHardware = "/usr/share/arduino/hardware";

        /// <summary>
        /// The Arduino data folder (arduino-cli's <c>directories.data</c>): the one given, else <c>~/.arduino15</c>.
        /// </summary>
        public static string DataDirectory(string home, string? dataDirectory) =>
            string.IsNullOrWhiteSpace(dataDirectory) ? Path.Combine(home, ".arduino15") : dataDirectory!.TrimEnd('/');

        /// <summary>The candidate platform folders for vendor/arch, best first, with where each came from.</summary>
        public static IEnumerable<(string Dir, string Source)> PlatformCandidates(string vendor, string arch, string? explicitPlatform, string? hardwarePath, string home, string? dataDirectory = null)
        {
            if (!string.IsNullOrEmpty(explicitPlatform)) { yield return (explicitPlatform!, "FBuildPlatformPath"); yield break; }
            if (!string.IsNullOrEmpty(hardwarePath))
                foreach (var h in hardwarePath!.Split(new[] { ';', Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries))
                    yield return (Path.Combine(h, vendor, arch), "FBuildHardwarePath");
            yield return (Path.Combine(DebianHardware, vendor, arch), "Debian arduino-core-avr");
            var ide = Path.Combine(DataDirectory(home, dataDirectory), "packages", vendor, "hardware", arch);
            foreach (var d in VersionDirsNewestFirst(ide)) yield return (d, string.IsNullOrWhiteSpace(dataDirectory) ? "~/.arduino15" : "FBuildArduinoDataDirectory");
            var pio = Path.Combine(home, ".platformio", "packages", "framework-arduino-" + arch);
            yield return (pio, "PlatformIO");
        }

        public static string? FindPlatform(string vendor, string arch, string? explicitPlatform, string? hardwarePath, string home, out List<string> searched, string? dataDirectory = null)
        {
            searched = new List<string>();
            foreach (var (dir, _) in PlatformCandidates(vendor, arch, explicitPlatform, hardwarePath, home, dataDirectory))
            {
                searched.Add(dir);
                // A platform of boards that use another vendor's core may have no platform.txt (BoardResolver takes the other's).
                if (File.Exists(Path.Combine(dir, "boards.txt")) && (File.Exists(Path.Combine(dir, "platform.txt")) || ReferencesACore(dir))) return dir;
            }
            return null;
        }

        /// <summary>True when a boards.txt without platform.txt beside it has boards with build.core=VENDOR:CORE.</summary>
        private static bool ReferencesACore(string dir)
        {
            try
            {
                var boards = PropertyMap.Load(Path.Combine(dir, "boards.txt"));
                return boards.Keys.Any(k => k.EndsWith(".build.core", StringComparison.Ordinal) && (boards[k] ?? "").IndexOf(':') > 0);
            }
            catch (IOException) { return false; }
        }

        /// <summary>runtime.tools.* entries for tools installed the Arduino IDE way (packages/*/tools/NAME/VERSION) and PlatformIO's.</summary>
        public static Dictionary<string, string> ToolProperties(string home, string? dataDirectory = null)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            var packages = Path.Combine(DataDirectory(home, dataDirectory), "packages");
            if (Directory.Exists(packages))
            {
                foreach (var vendorDir in SafeDirs(packages))
                {
                    var tools = Path.Combine(vendorDir, "tools");
                    foreach (var toolDir in SafeDirs(tools))
                    {
                        var name = Path.GetFileName(toolDir);
                        var versions = VersionDirsNewestFirst(toolDir).ToList();
                        foreach (var v in versions) map["runtime.tools." + name + "-" + Path.GetFileName(v) + ".path"] = v;
                        if (versions.Count > 0 && !map.ContainsKey("runtime.tools." + name + ".path"))
                            map["runtime.tools." + name + ".path"] = versions[0];
                    }
                }
            }
            var pio = Path.Combine(home, ".platformio", "packages", "toolchain-atmelavr");
            if (Directory.Exists(pio) && !map.ContainsKey("runtime.tools.avr-gcc.path")) map["runtime.tools.avr-gcc.path"] = pio;
            return map;
        }

        /// <summary>Looks a program up on PATH.</summary>
        public static string? FindOnPath(string program)
        {
            var path = Environment.GetEnvironmentVariable("PATH") ?? "";
            foreach (var dir in path.Split(Path.PathSeparator))
            {
                if (dir.Length == 0) continue;
                var candidate = Path.Combine(dir, program);
                if (File.Exists(candidate)) return candidate;
            }
            return null;
        }

        private static IEnumerable<string> SafeDirs(string dir)
        {
            try { return Directory.Exists(dir) ? Directory.GetDirectories(dir) : Array.Empty<string>(); }
            catch (IOException) { return Array.Empty<string>(); }
            catch (UnauthorizedAccessException) { return Array.Empty<string>(); }
        }

        private static IEnumerable<string> VersionDirsNewestFirst(string dir) =>
            SafeDirs(dir).OrderByDescending(d => VersionKey(Path.GetFileName(d)), StringComparer.Ordinal);

        private static string VersionKey(string v) =>
            string.Join(".", v.Split('.', '-').Select(p => int.TryParse(p, out var n) ? n.ToString("D8") : p));
    }
}
