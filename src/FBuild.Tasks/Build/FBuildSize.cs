using System;
using System.Globalization;
using System.IO;
using FBuild.Tasks.Firmware;
using Microsoft.Build.Framework;
using MSTask = Microsoft.Build.Utilities.Task;

namespace FBuild.Tasks.Build
{
    /// <summary>
    /// Measures flash and RAM use of a linked sketch with the platform's recipe.size.regex patterns (reading the
    /// ELF sections directly instead of starting avr-size) and fails when the program does not fit the board,
    /// as the Arduino IDE does.
    /// </summary>
    public sealed class FBuildSize : MSTask
    {
        [Required] public string ElfFile { get; set; } = "";
        public string SizeRegex { get; set; } = "";
        public string SizeRegexData { get; set; } = "";
        public long MaxFlash { get; set; }
        public long MaxRam { get; set; }

        [Output] public long FlashBytes { get; set; }
        [Output] public long RamBytes { get; set; }

        public override bool Execute()
        {
            var listing = ElfSize.Listing(ElfSize.ReadSections(ElfFile));
            FlashBytes = ElfSize.Sum(listing, SizeRegex);
            RamBytes = ElfSize.Sum(listing, SizeRegexData);
            Log.LogMessage(MessageImportance.Normal, SizeMessage(FlashBytes, MaxFlash, "Sketch uses {0} bytes ({1}%) of program storage space. Maximum is {2} bytes."));
            if (MaxRam > 0)
                Log.LogMessage(MessageImportance.Normal, SizeMessage(RamBytes, MaxRam, "Global variables use {0} bytes ({1}%) of dynamic memory, leaving {3} bytes for local variables. Maximum is {2} bytes."));
            if (MaxFlash > 0 && FlashBytes > MaxFlash)
                Log.LogError(null, FBuildErrors.FlashTooLarge, null, ElfFile, 0, 0, 0, 0,
                    $"Sketch too big: it uses {FlashBytes} bytes of program storage, the board has {MaxFlash}. See https://support.arduino.cc/hc/en-us/articles/360013825179 for tips on reducing it.");
            if (MaxRam > 0 && RamBytes > MaxRam)
                Log.LogError(null, FBuildErrors.RamTooLarge, null, ElfFile, 0, 0, 0, 0,
                    $"Not enough memory: global variables use {RamBytes} bytes of dynamic memory, the board has {MaxRam}.");
            return !Log.HasLoggedErrors;
        }

        private static string SizeMessage(long used, long max, string format)
        {
            var pct = max > 0 ? (used * 100 / max).ToString(CultureInfo.InvariantCulture) : "?";
            return string.Format(CultureInfo.InvariantCulture, format, used, pct, max, max - used);
        }
    }
}
