using System.Collections.Generic;

namespace FBuild.Tasks.Boards
{
    /// <summary>Fills the late-bound placeholders a recipe keeps after evaluation ({source_file}, {object_files}, …). Pure.</summary>
    public static class RecipeCommand
    {
        /// <summary>Substitutes late-bound placeholders in each argument; an argument that is exactly a list placeholder expands to the list.</summary>
        public static List<string> Substitute(IEnumerable<string> recipe, IDictionary<string, string> values, IDictionary<string, IReadOnlyList<string>>? lists = null)
        {
            var result = new List<string>();
            foreach (var arg in recipe)
            {
                if (lists != null && lists.TryGetValue(arg, out var list)) { result.AddRange(list); continue; }
                var a = arg;
                foreach (var kv in values) a = a.Replace(kv.Key, kv.Value);
                result.Add(a);
            }
            return result;
        }
    }
}
