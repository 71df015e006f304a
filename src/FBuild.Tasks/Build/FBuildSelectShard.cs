using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FBuild.Tasks.Sharding;
using Microsoft.Build.Framework;
using MSTask = Microsoft.Build.Utilities.Task;

namespace FBuild.Tasks.Build
{
    /// <summary>
    /// FBuildShard=K/N on a traversal: keeps the sketch projects of shard K (<see cref="ShardPlanner"/>), known by
    /// their folders relative to the sketch set's root; the others are not built at all.
    /// </summary>
    public sealed class FBuildSelectShard : MSTask
    {
        /// <summary>The sketch projects (the traversal's ProjectReference items).</summary>
        public ITaskItem[] Projects { get; set; } = Array.Empty<ITaskItem>();
        /// <summary>The sketch set's root (FBuildSketchesRoot): identities are the project folders relative to it.</summary>
        [Required] public string Root { get; set; } = "";
        /// <summary>FBuildShard: K/N.</summary>
        [Required] public string Shard { get; set; } = "";
        /// <summary>FBuildShardCosts: earlier results.json files (';' separated) to balance by measured seconds.</summary>
        public string CostFiles { get; set; } = "";

        /// <summary>The projects of shard K, in their given order.</summary>
        [Output] public ITaskItem[] Selected { get; set; } = Array.Empty<ITaskItem>();

        public override bool Execute()
        {
            if (!ShardSpec.TryParse(Shard, out var shard, out var why))
            {
                Log.LogError(null, FBuildErrors.BadShard, null, null, 0, 0, 0, 0, $"FBuildShard='{Shard}' is not valid: {why}.");
                return false;
            }
            var byId = new Dictionary<string, List<ITaskItem>>(StringComparer.Ordinal);
            foreach (var p in Projects)
            {
                var id = Identity(Root, p.GetMetadata("FullPath"));
                if (!byId.TryGetValue(id, out var list)) byId[id] = list = new List<ITaskItem>();
                list.Add(p);
            }
            var texts = new List<string>();
            foreach (var file in CostFiles.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries).Select(f => f.Trim()).Where(f => f.Length > 0))
            {
                try { texts.Add(File.ReadAllText(file)); }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    Log.LogError(null, FBuildErrors.BadShardCosts, null, file, 0, 0, 0, 0, $"FBuildShardCosts: '{file}' cannot be read: {ex.Message}");
                    return false;
                }
            }
            Dictionary<string, double> costs;
            try { costs = ShardCosts.FromReports(texts, byId.Keys); }
            catch (FormatException ex)
            {
                Log.LogError(null, FBuildErrors.BadShardCosts, null, CostFiles, 0, 0, 0, 0, $"FBuildShardCosts: not a results.json: {ex.Message}");
                return false;
            }
            var keep = new HashSet<string>(ShardPlanner.Select(byId.Keys, shard!, costs), StringComparer.Ordinal);
            Selected = Projects.Where(p => keep.Contains(Identity(Root, p.GetMetadata("FullPath")))).ToArray();
            Log.LogMessage(MessageImportance.High, $"shard {shard}: {keep.Count} of {byId.Count} sketches" + (costs.Count > 0 ? " (balanced by measured cost)" : ""));
            return true;
        }

        /// <summary>A sketch project's identity: its folder relative to the root, '/' separated.</summary>
        public static string Identity(string root, string projectPath)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(projectPath)) ?? projectPath;
            var rootFull = Path.GetFullPath(string.IsNullOrEmpty(root) ? "." : root).TrimEnd('/', '\\') + Path.DirectorySeparatorChar;
            var rel = folder.StartsWith(rootFull, StringComparison.Ordinal) ? folder.Substring(rootFull.Length) : folder;
            return ShardPlanner.Normalize(rel);
        }
    }
}
