using System;
using System.Collections.Generic;
using System.Linq;

namespace FBuild.Tasks.Toolchain
{
    /// <summary>
    /// A program put in front of each compile's command (<c>FBuildCompilerLauncher</c>: distcc, ccache, icecc), as
    /// CMake's <c>&lt;LANG&gt;_COMPILER_LAUNCHER</c> does: a <c>;</c>-list, the program first, then its own arguments.
    /// Only what runs changes: build records, cache keys and compile_commands.json use the compile's own command, so
    /// a build with a launcher and one without share cache hits and up-to-date objects. Pure.
    /// </summary>
    public sealed class CompilerLauncher
    {
        private CompilerLauncher(IReadOnlyList<string> command) { Command = command; }

        /// <summary>No launcher: compiles run as the recipe says.</summary>
        public static CompilerLauncher None { get; } = new CompilerLauncher(Array.Empty<string>());

        /// <summary>The launcher's program and its arguments; empty when there is none.</summary>
        public IReadOnlyList<string> Command { get; }

        /// <summary>True when a launcher is set.</summary>
        public bool IsSet => Command.Count > 0;

        /// <summary>The launcher's program (as given: a name looked up on PATH, or a path); empty when there is none.</summary>
        public string Program => IsSet ? Command[0] : "";

        /// <summary>The launcher of a setting: a <c>;</c>-list, each entry trimmed, empty entries dropped.</summary>
        public static CompilerLauncher Parse(string? setting)
        {
            var parts = (setting ?? "").Split(';').Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
            return parts.Count == 0 ? None : new CompilerLauncher(parts);
        }

        /// <summary>The command that runs: the launcher's, then the compile's (compiler first).</summary>
        public IReadOnlyList<string> Prepend(IReadOnlyList<string> compile) => IsSet ? Command.Concat(compile).ToList() : compile;
    }
}
