using System;
using System.IO;
using System.Runtime.InteropServices;
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
        /// <summary>Waits for a free slot (blocking the calling thread); dispose the result to free it.</summary>
        public static IDisposable Acquire(string directory, int slots, CancellationToken cancel) =>
            AcquireAsync(directory, slots, cancel).GetAwaiter().GetResult();

        /// <summary>
        /// Like <see cref="Acquire"/> but waits without blocking a thread: many sketches wait at once in stage 2,
        /// and blocked pool threads would starve the continuations that release slots.
        /// </summary>
        public static async Task<IDisposable> AcquireAsync(string directory, int slots, CancellationToken cancel)
        {
            if (slots <= 0) return new Nothing();
            Directory.CreateDirectory(directory);
            // Waiters of this process queue on a local semaphore first, so at most `slots` of them poll the lock files:
            // a yielded node takes on more sketches, and dozens of pollers would burn the CPU the tools need.
            var local = LocalGates.GetOrAdd(Path.GetFullPath(directory) + "|" + slots, _ => new SemaphoreSlim(slots, slots));
            await local.WaitAsync(cancel).ConfigureAwait(false);
            try
            {
                int start = Environment.CurrentManagedThreadId % slots;
                int spins = 0;
                while (true)
                {
                    for (int k = 0; k < slots; k++)
                    {
                        var slot = TryLock(Path.Combine(directory, "slot" + ((start + k) % slots) + ".lock"));
                        if (slot != null) return new Held(slot, local);
                    }
                    await Task.Delay(spins++ < 50 ? 1 : 5, cancel).ConfigureAwait(false);
                }
            }
            catch
            {
                local.Release();
                throw;
            }
        }

        /// <summary>Per process and slot folder: coordination only (no state about files), so node reuse cannot make it stale.</summary>
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> LocalGates =
            new System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim>(StringComparer.Ordinal);

        /// <summary>A held slot: the locked file and this process's local place.</summary>
        private sealed class Held : IDisposable
        {
            private IDisposable? _lock;
            private SemaphoreSlim? _local;
            public Held(IDisposable fileLock, SemaphoreSlim local) { _lock = fileLock; _local = local; }
            public void Dispose()
            {
                Interlocked.Exchange(ref _lock, null)?.Dispose();
                Interlocked.Exchange(ref _local, null)?.Release();
            }
        }

        internal static IDisposable? TryLock(string path)
        {
            bool unix = !RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
            FileStream stream;
            try
            {
                stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, unix ? FileShare.ReadWrite : FileShare.None, 1, FileOptions.None);
            }
            catch (IOException) { return null; }
            catch (UnauthorizedAccessException) { return null; }
            if (!unix) return stream;
            int fd = (int)stream.SafeFileHandle.DangerousGetHandle();
            if (flock(fd, LockExclusive | LockNonBlocking) == 0) return stream;
            stream.Dispose();
            return null;
        }

        private const int LockExclusive = 2;
        private const int LockNonBlocking = 4;

        [DllImport("libc", SetLastError = true)]
        private static extern int flock(int fd, int operation);

        private sealed class Nothing : IDisposable { public void Dispose() { } }
    }
}
