using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace FBuild.Tasks.Toolchain
{
    /// <summary>
    /// What a failed compile read, for its failure record: a failed compile leaves no depfile, so the preprocessor runs
    /// again with <c>-M -MG -v</c> (<see cref="DependencyCommand"/>). <c>-M</c> lists every header found, <c>-MG</c> goes
    /// on past a missing one and lists it by the name it was included as, and <c>-v</c> prints the folders searched
    /// (<see cref="SearchList"/>). <see cref="Inputs"/> turns those into the record's inputs: each file read, the folder
    /// of each, and for each missing name the folder where creating it would satisfy the include, in every folder
    /// searched, so creating the missing header there (or a folder on its path) runs the compile again.
    /// </summary>
    public static class FailedCompileInputs
    {
        private static readonly HashSet<string> DroppedFlags = new HashSet<string>(StringComparer.Ordinal) { "-c", "-MD", "-MMD", "-MP", "-M", "-MM", "-MG" };
        private static readonly HashSet<string> DroppedWithValue = new HashSet<string>(StringComparer.Ordinal) { "-o", "-MF", "-MT", "-MQ" };

        /// <summary>
        /// The compile command <paramref name="arguments"/> turned into a dependency listing into <paramref name="depFile"/>:
        /// no object, no compile, <c>-M -MG -MF depFile -v</c> instead.
        /// </summary>
        public static List<string> DependencyCommand(IReadOnlyList<string> arguments, string depFile)
        {
            var result = new List<string>();
            for (int i = 0; i < arguments.Count; i++)
            {
                var a = arguments[i];
                if (i > 0 && DroppedFlags.Contains(a)) continue;
                if (i > 0 && DroppedWithValue.Contains(a)) { i++; continue; }
                result.Add(a);
            }
            if (result.Count == 0) return result;
            result.InsertRange(1, new[] { "-M", "-MG", "-MF", depFile, "-v" });
            return result;
        }

        /// <summary>
        /// The folders gcc's <c>-v</c> lists between <c>#include "..." search starts here:</c> and <c>End of search list.</c>
        /// (quote folders, then the others), as full paths; null when the list is not there (then nothing is recorded).
        /// </summary>
        public static IReadOnlyList<string>? SearchList(IEnumerable<string> output)
        {
            var folders = new List<string>();
            bool inList = false;
            foreach (var line in output)
            {
                if (line.StartsWith("#include \"...\" search starts here:", StringComparison.Ordinal)
                    || line.StartsWith("#include <...> search starts here:", StringComparison.Ordinal)) { inList = true; continue; }
                if (!inList) continue;
                if (line.StartsWith("End of search list.", StringComparison.Ordinal)) return folders;
                if (line.Length > 1 && line[0] == ' ')
                {
                    var folder = line.Trim();
                    const string framework = " (framework directory)";
                    if (folder.EndsWith(framework, StringComparison.Ordinal)) folder = folder.Substring(0, folder.Length - framework.Length);
                    folders.Add(Path.GetFullPath(folder));
                }
            }
            return null;
        }

        /// <summary>
        /// The record's inputs from the listing's <paramref name="entries"/> (the depfile's prerequisites: the source, the
        /// headers found as paths, and with <c>-MG</c> the missing ones as they were spelled) and the
        /// <paramref name="searchList"/>: every file read, and folders (ending in '/') whose entries decide the includes:
        /// those holding the files read, and for each missing name <c>N</c>, <c>F/dir(N)/</c> for every folder <c>F</c>
        /// searched or holding a file read (a <c>"..."</c> include is looked for beside the file that includes it).
        /// A folder that does not exist is recorded as missing: its appearing runs the compile again.
        /// </summary>
        public static List<string> Inputs(string source, IReadOnlyList<string> entries, IReadOnlyList<string> searchList, string workingDirectory)
        {
            var files = new List<string> { Path.GetFullPath(source) };
            var missing = new List<string>();
            foreach (var e in entries)
            {
                var full = Path.IsPathRooted(e) ? e : Path.Combine(workingDirectory, e);
                if (File.Exists(full)) files.Add(Path.GetFullPath(full));
                else missing.Add(e);
            }
            static string Folder(string path) => path.TrimEnd('/') + "/";
            var holding = files.Select(f => Path.GetDirectoryName(f)).Where(d => !string.IsNullOrEmpty(d)).Select(d => d!).ToList();
            var inputs = new List<string>(files);
            inputs.AddRange(holding.Select(Folder));
            var roots = searchList.Concat(holding).Distinct(StringComparer.Ordinal).ToList();
            foreach (var name in missing)
            {
                var sub = Path.GetDirectoryName(name) ?? "";
                if (Path.IsPathRooted(name)) { inputs.Add(Folder(Path.GetFullPath(sub.Length > 0 ? sub : name))); continue; }
                foreach (var root in roots)
                {
                    // Every folder on the way down: creating any of them is a change too (the deepest missing one appears).
                    var at = root;
                    inputs.Add(Folder(at));
                    foreach (var part in sub.Split(new[] { '/', '\\' }, StringSplitOptions.RemoveEmptyEntries))
                    {
                        at = Path.GetFullPath(Path.Combine(at, part));
                        inputs.Add(Folder(at));
                    }
                }
            }
            return inputs.Distinct(StringComparer.Ordinal).ToList();
        }
    }
}
