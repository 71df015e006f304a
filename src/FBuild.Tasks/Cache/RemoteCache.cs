using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;

namespace FBuild.Tasks.Cache
{
    /// <summary>
    /// The remote tier behind the local cache, for one task: asks a server (any <see cref="ICacheStorage"/> whose
    /// failures throw <see cref="RemoteCacheException"/>), counts what it does, and switches itself off for the rest
    /// of the build after <see cref="FailureLimit"/> failures (counted build-wide in <see cref="CacheBuildState"/>), with
    /// one warning for the whole build. Uploads run in the background while the task goes on; <see cref="Flush"/>
    /// waits for them, bounded. It never throws: a slow or dead server costs a miss, never the build.
    /// </summary>
    public sealed class RemoteCache
    {
        /// <summary>Failures (refused, timed out, an HTTP error) after which the remote is off for the build.</summary>
        public const int FailureLimit = 3;
        /// <summary>The tier's name in <see cref="CacheBuildState"/>.</summary>
        public const string Tier = "remote";

        private readonly ICacheStorage _server;
        private readonly CacheBuildState? _state;
        private readonly Action<string> _warn;
        private readonly List<Task> _uploads = new List<Task>();
        private readonly object _gate = new object();
        private int _localFailures;
        private volatile bool _off;

        /// <param name="warn">Called once per build when the remote is switched off, with the reason.</param>
        public RemoteCache(ICacheStorage server, RemoteCacheSettings settings, CacheCounters counters, CacheBuildState? state, Action<string> warn)
        {
            _server = server; Settings = settings; Counters = counters; _state = state; _warn = warn;
        }

        /// <summary>The server's storage.</summary>
        public ICacheStorage Server => _server;

        /// <summary>Where the tier points and how.</summary>
        public RemoteCacheSettings Settings { get; }

        /// <summary>Where its counts go (the task's counters).</summary>
        public CacheCounters Counters { get; }

        /// <summary>Whether the tier is still asked (not switched off in this task or, by any task, in this build).</summary>
        public bool Enabled => !_off && !(_state?.IsOff(Tier) ?? false);

        /// <summary>A record's bytes from the server, null on a miss, a failure or when the tier is off. Counted (bytes, time, failures).</summary>
        public byte[]? Get(CacheRecordKind kind, string key)
        {
            if (!Enabled) return null;
            var watch = Stopwatch.StartNew();
            try
            {
                var bytes = _server.Get(kind, key);
                if (bytes != null) Counters.AddRemoteBytesDown(bytes.Length);
                return bytes;
            }
            catch (Exception ex) when (ex is RemoteCacheException || IsLoadFailure(ex))
            {
                Fail(ex.Message);
                return null;
            }
            finally { Counters.AddRemoteTime(watch.Elapsed); }
        }

        /// <summary>Uploads a record in the background unless the mode is read or the tier is off.</summary>
        public void Upload(CacheRecordKind kind, string key, byte[] bytes)
        {
            if (Settings.ReadOnly || !Enabled) return;
            var task = Task.Run(() =>
            {
                if (!Enabled) return;
                var watch = Stopwatch.StartNew();
                try
                {
                    _server.Put(kind, key, bytes);
                    Counters.AddRemoteUpload(bytes.Length);
                }
                catch (Exception ex) when (ex is RemoteCacheException || IsLoadFailure(ex)) { Fail(ex.Message); }
                finally { Counters.AddRemoteTime(watch.Elapsed); }
            });
            lock (_gate) _uploads.Add(task);
        }

        /// <summary>Waits for the uploads still running, at most twice the request timeout; those still running then are given up on.</summary>
        public void Flush()
        {
            Task[] pending;
            lock (_gate) { pending = _uploads.ToArray(); _uploads.Clear(); }
            if (pending.Length == 0) return;
            var watch = Stopwatch.StartNew();
            if (!Task.WaitAll(pending, Settings.Timeout + Settings.Timeout)) Fail($"uploads to {Settings} did not finish within {(Settings.Timeout + Settings.Timeout).TotalSeconds:0.#} s");
            Counters.AddRemoteTime(watch.Elapsed);
        }

        /// <summary>A record fetched that failed verification (damaged, cut short, foreign): counted as an error, not a server failure.</summary>
        public void Rejected() => Counters.AddRemoteError();

        /// <summary>The client's assemblies could not be loaded (a host that does not load them from the task's folder).</summary>
        private static bool IsLoadFailure(Exception ex) => ex is System.IO.FileNotFoundException || ex is System.IO.FileLoadException || ex is TypeLoadException;

        private void Fail(string reason)
        {
            Counters.AddRemoteError();
            int count = _state?.AddFailure(Tier) ?? System.Threading.Interlocked.Increment(ref _localFailures);
            if (count < FailureLimit || _off) return;
            _off = true;
            var message = $"The remote compile cache {Settings} is off for the rest of this build after {count} failures; the last: {reason}";
            if (_state is null || _state.TurnOff(Tier, message)) _warn(message);
        }
    }
}
