using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace FBuild.Tasks.Ide
{
    /// <summary>
    /// The serial port a board's bootloader appears on after a 1200-bps touch (upload.wait_for_upload_port), as
    /// arduino-cli picks it: a port that was not there before the touch, else the port given.
    /// </summary>
    public static class BootloaderPort
    {
        /// <summary>The serial ports now (/dev/ttyACM*, /dev/ttyUSB*), sorted.</summary>
        public static IReadOnlyList<string> List(string devDirectory = "/dev")
        {
            try
            {
                return Directory.GetFiles(devDirectory, "tty*")
                    .Where(p => Path.GetFileName(p).StartsWith("ttyACM", StringComparison.Ordinal) || Path.GetFileName(p).StartsWith("ttyUSB", StringComparison.Ordinal))
                    .OrderBy(p => p, StringComparer.Ordinal).ToList();
            }
            catch (IOException) { return Array.Empty<string>(); }
            catch (UnauthorizedAccessException) { return Array.Empty<string>(); }
        }

        /// <summary>A port in <paramref name="after"/> that is not in <paramref name="before"/>, or null while there is none.</summary>
        public static string? NewPort(IReadOnlyCollection<string> before, IEnumerable<string> after) =>
            after.FirstOrDefault(p => !before.Contains(p));

        /// <summary>The upload command with the port replaced: as a whole argument, after '=', and as the port's file name (serial.port.file).</summary>
        public static IReadOnlyList<string> WithPort(IReadOnlyList<string> args, string oldPort, string newPort)
        {
            if (oldPort == newPort) return args;
            string oldFile = Path.GetFileName(oldPort), newFile = Path.GetFileName(newPort);
            return args.Select((a, i) =>
            {
                if (i == 0) return a;
                if (a == oldPort) return newPort;
                if (a.EndsWith("=" + oldPort, StringComparison.Ordinal)) return a.Substring(0, a.Length - oldPort.Length) + newPort;
                if (a.EndsWith("=" + oldFile, StringComparison.Ordinal)) return a.Substring(0, a.Length - oldFile.Length) + newFile;
                if (a.StartsWith("-P", StringComparison.Ordinal) && a.Substring(2) == oldPort) return "-P" + newPort;
                return a;
            }).ToList();
        }
    }
}
