using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace FBuild.Tasks.Toolchain
{
    /// <summary>
    /// A machine-wide limit on concurrent tool runs shared by all MSBuild nodes of a build: N lock files in a
    /// folder, each held with an exclusive OS file lock (released by the OS if a node dies).
    /// </summary>
    public static class SlotGate
    {
        public static IDisposable Acquire(string directory, int slots, CancellationToken cancel)
        {
            if (slots <= 0) return new Nothing();
            Directory.CreateDirectory(directory);
            int start = Environment.CurrentManagedThreadId % slots;
            int spins = 0;
            while (true)
            {
                for (int k = 0; k < slots; k++)
                {
                    int i = (start + k) % slots;
                    var path = Path.Combine(directory, "slot" + i + ".lock");
                    try
                    {
                        return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                    }
                    catch (IOException) { }
                    catch (UnauthorizedAccessException) { }
                }
                cancel.ThrowIfCancellationRequested();
                Thread.Sleep(spins++ < 20 ? 2 : 10);
            }
        }

        /// <summary>
        /// Like <see cref="Acquire"/> but waits without blocking a thread: many sketches wait at once in stage 2,
        /// and blocked pool threads would starve the continuations that release slots.
        /// </summary>
        public static async Task<IDisposable> AcquireAsync(string directory, int slots, CancellationToken cancel)
        {
            if (slots <= 0) return new Nothing();
            Directory.CreateDirectory(directory);
            int start = Environment.CurrentManagedThreadId % slots;
            int spins = 0;
            while (true)
            {
                for (int k = 0; k < slots; k++)
                {
                    var path = Path.Combine(directory, "slot" + ((start + k) % slots) + ".lock");
                    try
                    {
                        return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                    }
                    catch (IOException) { }
                    catch (UnauthorizedAccessException) { }
                }
                await Task.Delay(spins++ < 50 ? 1 : 5, cancel).ConfigureAwait(false);
            }
        }

        private sealed class Nothing : IDisposable { public void Dispose() { } }
    }
}
