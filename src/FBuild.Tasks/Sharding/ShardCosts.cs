using System;
using System.Collections.Generic;
using System.Linq;
using FBuild.Tasks.Reporting;

namespace FBuild.Tasks.Sharding
{
    /// <summary>
    /// The measured cost of each sketch (seconds) from earlier results.json texts (pure). A result names its sketch
    /// by its project file, whose folder is checkout-specific, so a result belongs to the sketch whose identity its
    /// project's folder ends with (the longest such identity). Several reports (boards) add up per sketch.
    /// </summary>
    public static class ShardCosts
    {
        /// <summary>Seconds per identity, for the given identities; throws FormatException when a text is not a report.</summary>
        public static Dictionary<string, double> FromReports(IEnumerable<string> reportTexts, IEnumerable<string> identities)
        {
            var ids = identities.Select(ShardPlanner.Normalize).Distinct(StringComparer.Ordinal)
                .OrderByDescending(i => i.Length).ToList();
            var costs = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var text in reportTexts)
            {
                foreach (var sketch in BoardReport.Parse(text).Sketches)
                {
                    if (sketch.Seconds is not double seconds || seconds <= 0) continue;
                    var folder = Folder(sketch.Project) ?? sketch.Name;
                    if (folder == null) continue;
                    var id = ids.FirstOrDefault(i => Matches(folder, i));
                    if (id == null) continue;
                    costs[id] = (costs.TryGetValue(id, out var c) ? c : 0) + seconds;
                }
            }
            return costs;
        }

        /// <summary>True when the folder is the identity's, or ends with it after a '/'.</summary>
        public static bool Matches(string folder, string identity) =>
            folder == identity || folder.EndsWith("/" + identity, StringComparison.Ordinal);

        private static string? Folder(string? project)
        {
            if (string.IsNullOrEmpty(project)) return null;
            var p = project!.Replace('\\', '/');
            int slash = p.LastIndexOf('/');
            return slash <= 0 ? null : ShardPlanner.Normalize(p.Substring(0, slash));
        }
    }
}
