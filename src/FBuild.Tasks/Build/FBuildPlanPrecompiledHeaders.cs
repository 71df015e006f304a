using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using FBuild.Tasks.Libraries;
using FBuild.Tasks.Sketch;
using FBuild.Tasks.Toolchain;
using Microsoft.Build.Framework;
using MSTask = Microsoft.Build.Utilities.Task;
using TaskItem = Microsoft.Build.Utilities.TaskItem;

namespace FBuild.Tasks.Build
{
    /// <summary>
    /// Stage 1's choice of precompiled headers: the leading directives (<see cref="PrecompiledHeader.Prefix"/>) of each
    /// sketch's generated <c>NAME.ino.cpp</c>, and for every prefix at least <see cref="MinSketches"/> sketches share, a
    /// header <c>pch/DIGEST/prefix.h</c> holding it (written only when its text changes) with the include folders a
    /// sketch that includes just that prefix gets. FBuildCompile precompiles the returned items into <c>prefix.h.gch</c>.
    /// </summary>
    public sealed class FBuildPlanPrecompiledHeaders : MSTask
    {
        /// <summary>The sketch folders of the set.</summary>
        [Required] public ITaskItem[] SketchDirectories { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>The library folders (metadata Location), as FBuildResolveLibraries takes them.</summary>
        public ITaskItem[] LibraryRoots { get; set; } = Array.Empty<ITaskItem>();

        [Required] public string CoreDirectory { get; set; } = "";
        public string VariantDirectory { get; set; } = "";
        [Required] public string Architecture { get; set; } = "";
        public string ToolchainIncludeDirectories { get; set; } = "";

        /// <summary>Where the prefix headers go (one folder per prefix).</summary>
        [Required] public string OutputDirectory { get; set; } = "";

        /// <summary>How many sketches must share a prefix for it to be precompiled.</summary>
        public int MinSketches { get; set; } = 2;

        /// <summary>The prefix headers to precompile. Metadata: ObjectFile (the .gch), IncludeDirectories, PrecompiledHeader=true, Sketches (how many share it).</summary>
        [Output] public ITaskItem[] Headers { get; set; } = Array.Empty<ITaskItem>();

        public override bool Execute()
        {
            var groups = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var dir in SketchDirectories.Select(d => Path.GetFullPath(d.ItemSpec).TrimEnd('/')).Distinct(StringComparer.Ordinal))
            {
                var prefix = SketchPrefix(dir);
                if (prefix.Length > 0) groups[prefix] = groups.TryGetValue(prefix, out var n) ? n + 1 : 1;
            }
            var shared = groups.Where(g => g.Value >= Math.Max(1, MinSketches)).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
            if (shared.Count == 0)
            {
                Log.LogMessage(MessageImportance.Low, "No leading #includes shared by enough sketches: no precompiled header.");
                return true;
            }

            var catalog = LibraryCatalog.Load(LibraryRoots.Where(r => Directory.Exists(r.ItemSpec))
                .Select(r => (r.ItemSpec, FBuildResolveLibraries.LocationOf(r.GetMetadata("Location")))));
            var toolchain = ToolchainIncludeDirectories.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries);
            var coreDirs = new List<string> { CoreDirectory };
            if (!string.IsNullOrEmpty(VariantDirectory)) coreDirs.Add(VariantDirectory);

            var headers = new List<ITaskItem>();
            foreach (var (prefix, count) in shared.Select(g => (g.Key, g.Value)))
            {
                var folder = Path.Combine(Path.GetFullPath(OutputDirectory), Digest(prefix));
                Directory.CreateDirectory(folder);
                var header = Path.Combine(folder, "prefix.h");
                var text = PrecompiledHeader.HeaderText(prefix);
                if (!File.Exists(header) || File.ReadAllText(header) != text) AtomicFile.WriteAllText(header, text);
                // The libraries as a sketch's resolution finds them: local folders first (the header's own, the core's), in order of first need.
                var local = new List<string> { folder };
                local.AddRange(coreDirs);
                var res = LibraryResolver.Resolve(new[] { header }, local, catalog, Architecture, toolchain);
                var includes = coreDirs.Concat(res.Libraries.Select(l => l.IncludeDir)).ToList();
                var item = new TaskItem(header);
                item.SetMetadata("ObjectFile", header + ".gch");
                item.SetMetadata("IncludeDirectories", string.Join(";", includes));
                item.SetMetadata("PrecompiledHeader", "true");
                item.SetMetadata("Sketches", count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                headers.Add(item);
                Log.LogMessage(MessageImportance.Normal, $"Precompiled header {header}: shared by {count} sketches ({prefix.Replace("\n", " ").Trim()}).");
            }
            Headers = headers.ToArray();
            return true;
        }

        /// <summary>The prefix of the sketch's generated source; empty when it has no tab or the tabs cannot be read.</summary>
        private string SketchPrefix(string dir)
        {
            try
            {
                var tabs = SketchLayout.FindTabs(dir, Path.GetFileName(dir));
                if (tabs.Count == 0) return "";
                return PrecompiledHeader.Prefix(InoPreprocessor.Generate(tabs.Select(p => (p, File.ReadAllText(p))).ToList()));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException)
            {
                Log.LogMessage(MessageImportance.Low, $"No precompiled header prefix for {dir}: {ex.Message}");
                return "";
            }
        }

        private static string Digest(string text)
        {
            using var sha = SHA256.Create();
            return string.Concat(sha.ComputeHash(Encoding.UTF8.GetBytes(text)).Take(8).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
        }
    }
}
