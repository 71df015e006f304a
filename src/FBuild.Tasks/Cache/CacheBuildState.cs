using System;
using System.IO;
using System.Linq;

namespace FBuild.Tasks.Cache
{
    /// <summary>
    /// What one build has learnt about its cache tiers, shared by every task in every node through small files in a
    /// folder under the build's artifacts (the traversal empties it when a build starts): the failures of the remote
    /// so far, and which tier is off for the rest of the build and why. Read again on every question, so nothing
    /// held in memory goes stale; a file older than <see cref="Lifetime"/> is ignored (a sketch built on its own,
    /// with no traversal to empty the folder, tries again later).
    /// </summary>
    public sealed class CacheBuildState
    {
        /// <summary>How long a failure or a switched-off tier counts when no build start clears it.</summary>
        public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

        public CacheBuildState(string directory) { Directory = directory; }

        /// <summary>The state folder.</summary>
        public string Directory { get; }

        private string OffFile(string tier) => Path.Combine(Directory, tier + ".off");
        private string FailureFile(string tier) => Path.Combine(Directory, tier + ".failures");

        private static bool Fresh(string path)
        {
            try { return File.Exists(path) && File.GetLastWriteTimeUtc(path) > DateTime.UtcNow - Lifetime; }
            catch (IOException) { return false; }
            catch (UnauthorizedAccessException) { return false; }
        }

        /// <summary>Whether <paramref name="tier"/> (local or remote) was switched off in this build.</summary>
        public bool IsOff(string tier) => Fresh(OffFile(tier));

        /// <summary>Records one failure of <paramref name="tier"/>; returns how many this build has seen (at least 1).</summary>
        public int AddFailure(string tier)
        {
            var path = FailureFile(tier);
            try
            {
                System.IO.Directory.CreateDirectory(Directory);
                if (!Fresh(path)) File.WriteAllText(path, "");
                File.AppendAllText(path, DateTime.UtcNow.Ticks + "\n");
                return Math.Max(1, File.ReadAllLines(path).Count(l => l.Length > 0));
            }
            catch (IOException) { return 1; }
            catch (UnauthorizedAccessException) { return 1; }
        }

        /// <summary>
        /// Switches <paramref name="tier"/> off for this build. True for the one caller that did it (that caller warns),
        /// also when the state folder cannot be written (then every task warns for itself).
        /// </summary>
        public bool TurnOff(string tier, string reason)
        {
            var path = OffFile(tier);
            try
            {
                System.IO.Directory.CreateDirectory(Directory);
                if (File.Exists(path) && !Fresh(path)) File.Delete(path);
                using var f = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                using var w = new StreamWriter(f);
                w.Write(reason);
                return true;
            }
            catch (IOException) { return !IsOff(tier); }
            catch (UnauthorizedAccessException) { return true; }
        }
    }
}
