namespace FBuild.Tasks
{
    /// <summary>
    /// Every FBuild error and warning code in one place. docs/errors.md documents each one.
    /// </summary>
    public static class FBuildErrors
    {
        /// <summary>The Arduino core (hardware folder with boards.txt/platform.txt) was not found.</summary>
        public const string CoreNotFound = "FB0001";
        /// <summary>The compiler toolchain (avr-gcc and friends) was not found.</summary>
        public const string ToolchainNotFound = "FB0002";
        /// <summary>The board is not in boards.txt.</summary>
        public const string UnknownBoard = "FB0003";
        /// <summary>A board menu option (FBuildBoardOptions) is not valid for the board.</summary>
        public const string BadBoardOption = "FB0004";
        /// <summary>A recipe in platform.txt is missing or refers to an unknown property.</summary>
        public const string BadRecipe = "FB0005";
        /// <summary>A sketch folder has no .ino file named after the folder.</summary>
        public const string NoSketch = "FB0010";
        /// <summary>A header included by a sketch or library is not found in any library.</summary>
        public const string LibraryNotFound = "FB0020";
        /// <summary>A library named in FBuildLibraries does not exist.</summary>
        public const string ExplicitLibraryNotFound = "FB0021";
        /// <summary>A library needed by a sketch was not built by the framework project.</summary>
        public const string LibraryNotInFramework = "FB0022";
        /// <summary>A compiler, archiver or linker process failed (its diagnostics are logged separately).</summary>
        public const string ToolFailed = "FB0030";
        /// <summary>A tool process could not be started.</summary>
        public const string ToolNotStarted = "FB0031";
        /// <summary>The program is larger than the board's flash.</summary>
        public const string FlashTooLarge = "FB0040";
        /// <summary>Global variables use more than the board's RAM.</summary>
        public const string RamTooLarge = "FB0041";
        /// <summary>One or more sketches failed in a traversal build.</summary>
        public const string SketchesFailed = "FB0050";
        /// <summary>A compile cache setting is not valid (a warning: the build goes on).</summary>
        public const string BadCacheSetting = "FB0060";
        /// <summary>In MSBuild's -question mode: an output is not up to date (the build would do work).</summary>
        public const string NotUpToDate = "FB0061";

        // FB0100-FB0119: the fbuild command (src/FBuild.Cli).
        /// <summary>The fbuild command line is not valid.</summary>
        public const string CliUsage = "FB0100";
        /// <summary>A folder given to fbuild compile-many is not a sketch folder (NAME/NAME.ino).</summary>
        public const string CliNotASketchFolder = "FB0101";
        /// <summary>fbuild found no MSBuild (.NET SDK) to build with.</summary>
        public const string CliMSBuildNotFound = "FB0102";
        /// <summary>fbuild did not find the FBuild SDK files it builds with.</summary>
        public const string CliSdkNotFound = "FB0103";
        /// <summary>fbuild report cannot read the binlog, or it holds no FBuild build.</summary>
        public const string CliBadBinlog = "FB0104";
        /// <summary>fbuild compile-many stopped early: --max-failures sketches had failed.</summary>
        public const string CliStoppedEarly = "FB0105";
        /// <summary>A sketch's serial output under simavr differs from the output it declares (expected-serial.txt).</summary>
        public const string SerialMismatch = "FB0120";
        /// <summary>The simulator (simavr) could not be run, or failed.</summary>
        public const string SimulatorFailed = "FB0121";
        /// <summary>Upload without a port (Port), or the port does not exist.</summary>
        public const string NoUploadPort = "FB0123";
        /// <summary>The board or platform has no upload recipe.</summary>
        public const string NoUploadRecipe = "FB0124";
        /// <summary>The upload tool (avrdude) could not be run, or failed.</summary>
        public const string UploadFailed = "FB0125";

        // FB0140-FB0149: other architectures (SAMD): tools, boards without a simulator, bootloader ports.
        /// <summary>A tool the core asks for ({runtime.tools.NAME.path}) is not installed and no FBuildToolPath names it.</summary>
        public const string ToolNotInstalled = "FB0140";
        /// <summary>Run or Test on a board the simulator does not run (simavr: AVR only).</summary>
        public const string NoSimulator = "FB0141";
        /// <summary>The 1200-bps touch could not reset the board into its bootloader (the port cannot be opened).</summary>
        public const string BootloaderTouchFailed = "FB0142";
        // FB0150-FB0159: many boards, sketch support, library architectures, core references.
        /// <summary>A sketch includes a header that only a library for other architectures offers.</summary>
        public const string LibraryForOtherArchitecture = "FB0151";
        /// <summary>A board references a core, variant or tool of another platform (VENDOR:NAME) that is not installed.</summary>
        public const string ReferencedPlatformNotFound = "FB0152";
        // FB0180-FB0199: failures kept where they happen, and loud degradation.
        /// <summary>A sketch uses a library that failed to compile or archive (the other sketches build).</summary>
        public const string LibraryFailed = "FB0180";
        /// <summary>The framework (the board's core or variant) failed to build: every sketch of the board fails (one message).</summary>
        public const string FrameworkFailed = "FB0181";
        /// <summary>Warning: a library.properties that is not a text of name=value lines; the library is skipped.</summary>
        public const string InvalidLibrary = "FB0182";
        /// <summary>Warning: a line of boards.txt or platform.txt that is not a comment and has no '='; it is ignored.</summary>
        public const string MalformedPropertyLine = "FB0183";
        /// <summary>A sketch file that cannot be read.</summary>
        public const string UnreadableSketchFile = "FB0184";
        /// <summary>Warning: a sketch folder name the Arduino IDE and arduino-cli reject.</summary>
        public const string InvalidSketchName = "FB0185";
        // FB0160-FB0169: the compile cache's tiers (remote, and a local folder that cannot be used).
        /// <summary>The remote cache setting (FBuildRemoteCache, its mode or timeout) is not valid: the remote tier is off (a warning).</summary>
        public const string BadRemoteCacheSetting = "FB0160";
        /// <summary>The remote cache failed repeatedly: it is off for the rest of the build (a warning, once per build).</summary>
        public const string RemoteCacheOff = "FB0161";
        /// <summary>The local compile cache folder cannot be used: the cache is off for this build (a warning, once per build).</summary>
        public const string LocalCacheUnusable = "FB0162";
        /// <summary>The compiler launcher (FBuildCompilerLauncher: distcc, ccache) cannot be found: nothing is compiled.</summary>
        public const string CompilerLauncherNotFound = "FB0163";
        // FB0170-FB0179: CI shards.
        /// <summary>FBuildShard (or --shard) is not K/N with 1 &lt;= K &lt;= N.</summary>
        public const string BadShard = "FB0170";
        /// <summary>FBuildShardCosts (or --costs) names a file that cannot be read or is not a results.json.</summary>
        public const string BadShardCosts = "FB0171";
        // FB0200-FB0204: precompiled headers.
        /// <summary>gcc did not use a precompiled header FBuild chose for a compile (the object is right, built without it): a warning.</summary>
        public const string PrecompiledHeaderNotUsed = "FB0200";
        /// <summary>A compile failed with a precompiled header and succeeded without it (it is built without): a warning.</summary>
        public const string PrecompiledHeaderBroke = "FB0201";
        // FB0215-FB0219: -question mode.
        /// <summary>In -question mode: a step failed last time and nothing it reads has changed, so it is up to date; its errors are replayed as warnings.</summary>
        public const string FailedAsRecorded = "FB0215";
    }
}
