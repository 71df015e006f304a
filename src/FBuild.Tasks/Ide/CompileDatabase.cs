using System;
using System.Collections.Generic;
using System.Linq;
using FBuild.Tasks.Reporting;
using FBuild.Tasks.Toolchain;

namespace FBuild.Tasks.Ide
{
    /// <summary>One entry of a JSON compilation database (clangd, VS Code's C/C++ extension, CLion).</summary>
    public sealed class CompileDatabaseEntry
    {
        public CompileDatabaseEntry(string directory, string file, IReadOnlyList<string> arguments, string output)
        { Directory = directory; File = file; Arguments = arguments; Output = output; }

        public string Directory { get; }
        public string File { get; }
        public IReadOnlyList<string> Arguments { get; }
        public string Output { get; }
    }

    /// <summary>
    /// Builds compile_commands.json entries from the compile plans FBuildCompile runs, and merges
    /// the per-project fragments into one database per board. Pure: no processes, only text.
    /// </summary>
    public static class CompileDatabase
    {
        /// <summary>The entry of a compile: the plan's exact command without the dependency flags (<see cref="CompilePlan.DatabaseArguments"/>), run in <paramref name="directory"/>.</summary>
        public static CompileDatabaseEntry For(CompilePlan plan, string directory) =>
            new CompileDatabaseEntry(directory, plan.Source, plan.DatabaseArguments, plan.ObjectFile);

        /// <summary>
        /// The entry for an .ino tab, from the entry of the .ino.cpp generated from the tabs: the same command compiling
        /// the tab as C++ with Arduino.h included first (what the generated file adds), so an editor opening the .ino
        /// resolves the core and library headers.
        /// </summary>
        public static CompileDatabaseEntry ForIno(CompileDatabaseEntry generated, string inoFile)
        {
            var args = new List<string>();
            foreach (var a in generated.Arguments)
            {
                if (a == generated.File) args.AddRange(new[] { "-x", "c++", "-include", "Arduino.h", inoFile });
                else args.Add(a);
            }
            return new CompileDatabaseEntry(generated.Directory, inoFile, args, generated.Output);
        }

        public static string Serialize(IEnumerable<CompileDatabaseEntry> entries) =>
            Json.Serialize(entries.Select(e => new Dictionary<string, object?>
            {
                ["directory"] = e.Directory,
                ["file"] = e.File,
                ["arguments"] = e.Arguments.ToList(),
                ["output"] = e.Output,
            }).ToList()) + "\n";

        /// <summary>Reads a database written by <see cref="Serialize"/> (or any with "arguments" lists); malformed text gives no entries.</summary>
        public static List<CompileDatabaseEntry> Parse(string text)
        {
            var result = new List<CompileDatabaseEntry>();
            object? root;
            try { root = Json.Parse(text); }
            catch (FormatException) { return result; }
            if (!(root is List<object?> list)) return result;
            foreach (var item in list.OfType<Dictionary<string, object?>>())
            {
                if (!(item.TryGetValue("file", out var f) && f is string file)) continue;
                var dir = item.TryGetValue("directory", out var d) && d is string ds ? ds : "";
                var output = item.TryGetValue("output", out var o) && o is string os ? os : "";
                var args = item.TryGetValue("arguments", out var a) && a is List<object?> al ? al.OfType<string>().ToList() : new List<string>();
                result.Add(new CompileDatabaseEntry(dir, file, args, output));
            }
            return result;
        }

        /// <summary>
        /// Joins fragments into one database: a fragment naming a file that no longer exists is stale (a sketch moved
        /// or deleted) and is left out; for a file in several fragments the last one wins; entries are sorted by file.
        /// </summary>
        public static List<CompileDatabaseEntry> Merge(IEnumerable<IReadOnlyList<CompileDatabaseEntry>> fragments, Func<string, bool> fileExists)
        {
            var byFile = new Dictionary<string, CompileDatabaseEntry>(StringComparer.Ordinal);
            foreach (var fragment in fragments)
            {
                if (fragment.Count == 0 || fragment.Any(e => !fileExists(e.File))) continue;
                foreach (var e in fragment) byFile[e.File] = e;
            }
            return byFile.Values.OrderBy(e => e.File, StringComparer.Ordinal).ToList();
        }
    }
}
