using System.Globalization;
using Microsoft.Build.Framework;
using MSTask = Microsoft.Build.Utilities.Task;

namespace FBuild.Tasks.Cache
{
    /// <summary>Shows (<c>-t:FBuildCacheShow</c>) or clears (<c>-t:FBuildCacheClear</c>) the compile cache.</summary>
    public sealed class FBuildCacheCommand : MSTask
    {
        /// <summary>show or clear.</summary>
        [Required] public string Action { get; set; } = "";
        [Required] public string CacheDirectory { get; set; } = "";
        public string MaxSize { get; set; } = "";

        public override bool Execute()
        {
            var cache = new LocalCacheStorage(CacheDirectory);
            if (Action == "clear")
            {
                var (bytes, entries, _) = cache.Measure();
                cache.Clear();
                Log.LogMessage(MessageImportance.High, $"FBuild compile cache {cache.Directory}: cleared {entries} results ({Mb(bytes)}).");
                return true;
            }
            var (size, results, manifests) = cache.Measure();
            var max = LocalCacheStorage.ParseSize(MaxSize);
            Log.LogMessage(MessageImportance.High,
                $"FBuild compile cache {cache.Directory}: {results} results, {manifests} manifests, {Mb(size)}" +
                (max is null ? "" : $" of {Mb(max.Value)} ({(max.Value == 0 ? 0 : 100.0 * size / max.Value).ToString("0.0", CultureInfo.InvariantCulture)}%)"));
            return true;
        }

        private static string Mb(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";
    }
}
