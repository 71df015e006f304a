using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FBuild.Tasks.FileSystem;
using FBuild.Tasks.Records;
using FBuild.Tasks.Toolchain;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace FBuild.Tasks.Cache
{
    /// <summary>The cache key of one compile or link, taken before the tool runs.</summary>
    public sealed class CacheTicket
    {
        internal CacheTicket(string key, bool sourceUsesFile) { Key = key; SourceUsesFile = sourceUsesFile; }

        /// <summary>A compile's manifest key, or a link's result key.</summary>
        public string Key { get; }

        /// <summary>The source uses __FILE__: its result names the folder it was built in.</summary>
        internal bool SourceUsesFile { get; }
    }

    /// <summary>
    /// A tool run through the compile cache, for compiles (direct mode: keyed on the command and the source, the
    /// headers read learnt from the depfile) and links (keyed on the command, every input and the toolchain files
    /// the link reads): computes the key, looks the result up, replays it (writes the outputs, hands back the
    /// tool's output), stores a new result and counts all of it. The task keeps only the flow: key, replay or run, store.
    /// </summary>
    public sealed class CachedToolRun
    {
        private readonly CompileCache _cache;
        private readonly string _root;
        private readonly TaskLoggingHelper _log;

        private readonly CacheBuildState? _state;
        private volatile bool _localOff;

        public CachedToolRun(CompileCache cache, string root, TaskLoggingHelper log, CacheCounters? counters = null, CacheBuildState? state = null)
        { _cache = cache; _root = root; _log = log; Counters = counters ?? new CacheCounters(); _state = state; }

        /// <summary>The tier name of the local folder in <see cref="CacheBuildState"/>.</summary>
        public const string LocalTier = "local";

        /// <summary>
        /// The cache in <paramref name="cacheDirectory"/> (null when it is empty: caching is off, or when an earlier task
        /// of this build found the folder unusable), keyed relative to <paramref name="projectRoot"/> so that other
        /// checkouts share its results, with the remote tier <paramref name="remote"/> names behind it (if any).
        /// <paramref name="stateDirectory"/> holds what the build's tasks learn about the tiers (<see cref="CacheBuildState"/>).
        /// </summary>
        public static CachedToolRun? Open(string? cacheDirectory, string? projectRoot, TaskLoggingHelper log, RemoteCacheOptions? remote = null, string? stateDirectory = null)
        {
            if (string.IsNullOrEmpty(cacheDirectory)) return null;
            var state = string.IsNullOrEmpty(stateDirectory) ? null : new CacheBuildState(stateDirectory!);
            if (state != null && state.IsOff(LocalTier))
            {
                log.LogMessage(MessageImportance.Low, $"The compile cache {cacheDirectory} is off for this build (it could not be used).");
                return null;
            }
            var root = string.IsNullOrEmpty(projectRoot) ? "" : Path.GetFullPath(projectRoot).TrimEnd('/');
            var counters = new CacheCounters();
            var tier = remote is null ? null : OpenRemote(remote, counters, state, log);
            return new CachedToolRun(new CompileCache(new LocalCacheStorage(cacheDirectory!), tier), root, log, counters, state);
        }

        private static RemoteCache? OpenRemote(RemoteCacheOptions options, CacheCounters counters, CacheBuildState? state, TaskLoggingHelper log)
        {
            var settings = RemoteCacheSettings.Parse(options.Url, options.Mode, options.TimeoutSeconds, Environment.GetEnvironmentVariable, out var error);
            ICacheStorage? server = null;
            if (error is null && settings != null)
            {
                try { server = settings.Kind == RemoteCacheKind.Redis ? OpenRedis(settings) : new HttpCacheStorage(settings); }
                catch (Exception ex) when (ex is FileNotFoundException || ex is FileLoadException || ex is TypeLoadException)
                {
                    error = $"its client could not be loaded ({ex.Message})";
                }
            }
            if (error != null)
            {
                var message = $"FBuildRemoteCache '{RemoteCacheOptions.Redact(options.Url)}' is not used: {error}.";
                if (state is null || state.TurnOff("remote-setting", message))
                    log.LogWarning(null, FBuildErrors.BadRemoteCacheSetting, null, null, 0, 0, 0, 0, message);
                return null;
            }
            if (settings is null || server is null) return null;
            return new RemoteCache(server, settings, counters, state,
                message => log.LogWarning(null, FBuildErrors.RemoteCacheOff, null, null, 0, 0, 0, 0, message));
        }

        /// <summary>The redis client, in a method of its own: its assemblies are loaded only when a redis remote is set.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static ICacheStorage OpenRedis(RemoteCacheSettings settings) => new RedisCacheStorage(settings);

        /// <summary>What this task's cached runs did.</summary>
        public CacheCounters Counters { get; }

        /// <summary>At the end of the task: waits (bounded) for the uploads still running and releases the connections.</summary>
        public void Finish()
        {
            var remote = _cache.Remote;
            if (remote is null) return;
            remote.Flush();
            (remote.Server as IDisposable)?.Dispose();
        }

        /// <summary>
        /// The manifest key of a compile; null when the source is missing or cannot be cached (uses the time: counted).
        /// A compile that uses a precompiled header passes its content digest (<paramref name="precompiledHeaderDigest"/>), which the key includes.
        /// </summary>
        public CacheTicket? KeyCompile(CompilePlan plan, string toolIdentity, string? precompiledHeaderDigest = null)
        {
            var source = ContentDigest.OfRelocatable(plan.Source, _root);
            if (source is null) return null;
            if ((source.Flags & ContentFlags.UsesTime) != 0)
            {
                Counters.AddUncacheable();
                _log.LogMessage(MessageImportance.Low, $"Not cached: {plan.Source} uses __DATE__, __TIME__ or __TIMESTAMP__.");
                return null;
            }
            var arguments = precompiledHeaderDigest is null ? plan.Arguments : plan.Arguments.Concat(new[] { "--fbuild-pch=" + precompiledHeaderDigest }).ToList();
            var key = CacheKey.Manifest(toolIdentity, plan.Language, arguments, source.Digest, _root);
            return new CacheTicket(key, (source.Flags & ContentFlags.UsesFile) != 0);
        }

        /// <summary>On a hit, writes the cached object and depfile and returns the compiler's output as a result (counted); null on a miss.</summary>
        public ToolResult? ReplayCompile(CacheTicket ticket, CompilePlan plan, DateTime startedUtc)
        {
            var entry = _cache.Lookup(ticket.Key, _root, out _);
            if (entry is null
                || !entry.Sections.TryGetValue("object", out var obj)
                || !entry.Sections.TryGetValue("deps", out var depBytes)
                || !entry.Sections.TryGetValue("output", out var outBytes))
            {
                Counters.AddMiss();
                _log.LogMessage(MessageImportance.Low, $"Compile cache miss for {plan.Source} (manifest {ticket.Key}).");
                return null;
            }
            var deps = Encoding.UTF8.GetString(depBytes).Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries)
                .Select(t => CacheKey.Unrelocate(t, _root)).ToList();
            LocalCacheStorage.WriteAtomically(plan.ObjectFile, obj);
            LocalCacheStorage.WriteAtomically(plan.DepFile, Encoding.UTF8.GetBytes(DepFile.Write(plan.ObjectFile, deps)));
            Counters.AddHit();
            return Replayed(outBytes, startedUtc);
        }

        /// <summary>
        /// Stores a compile's object, dependency list and output, unless an input changed while it ran or a header it
        /// read cannot be cached (changed since, or uses the time): those are counted as uncacheable.
        /// </summary>
        public void StoreCompile(CacheTicket ticket, CompilePlan plan, IReadOnlyList<string> deps, InputState state, ToolResult result)
        {
            if (state.Inputs.Any(i => i.ChangedDuringBuild))
            {
                Counters.AddUncacheable();
                _log.LogMessage(MessageImportance.Low, $"Not cached: an input of {plan.Source} changed while it compiled.");
                return;
            }
            var files = new List<(string Token, string Digest)>();
            bool pathDependent = ticket.SourceUsesFile;
            foreach (var dep in deps)
            {
                if (dep == plan.Source) continue;
                var d = ContentDigest.Of(dep);
                var recorded = state.Inputs.FirstOrDefault(i => i.Path == dep);
                if (d is null || recorded is null || recorded.Digest != d.Digest || (d.Flags & ContentFlags.UsesTime) != 0)
                {
                    Counters.AddUncacheable();
                    _log.LogMessage(MessageImportance.Low, $"Not cached: {plan.Source} reads '{dep}', which {(d != null && (d.Flags & ContentFlags.UsesTime) != 0 ? "uses __DATE__ or __TIME__" : "changed")}.");
                    return;
                }
                pathDependent |= (d.Flags & ContentFlags.UsesFile) != 0;
                files.Add((CacheKey.Relocate(dep, _root), d.Digest));
            }
            var entry = new CacheEntry();
            try { entry.Sections["object"] = File.ReadAllBytes(plan.ObjectFile); }
            catch (IOException) { return; }
            entry.Sections["deps"] = Encoding.UTF8.GetBytes(string.Join("\n", deps.Select(d => CacheKey.Relocate(d, _root))));
            entry.Sections["output"] = OutputBytes(result);
            Store(plan.Source, () => _cache.Store(ticket.Key, files, pathDependent, _root, entry));
        }

        /// <summary>
        /// A link's key: the linker's identity, its arguments (output left out, root made relative), the digest of
        /// every object and archive, and of the toolchain files the link reads (libc, libm, libgcc, start-up code,
        /// ld). Null when an input is missing.
        /// </summary>
        public async Task<CacheTicket?> KeyLinkAsync(IReadOnlyList<string> command, IReadOnlyList<string> inputs, CancellationToken cancel)
        {
            var tool = InputState.ToolIdentity(command[0]);
            var driver = ToolRunner.Which(command[0]) ?? command[0];
            var env = await LinkEnvironment.FilesAsync(driver, tool, command, cancel).ConfigureAwait(false);
            var parts = new List<string> { "fbuild-link 1", tool };
            parts.AddRange(CacheKey.NormalizeArguments(command, _root));
            foreach (var i in inputs)
            {
                var d = ContentDigest.Of(i);
                if (d is null) return null;
                parts.Add(d.Digest);
            }
            parts.AddRange(LinkEnvironment.Digests(env));
            return new CacheTicket(InputState.Hash(parts), false);
        }

        /// <summary>On a hit, writes the cached .elf and returns the linker's output as a result (counted); null on a miss.</summary>
        public ToolResult? ReplayLink(CacheTicket ticket, string elfFile, DateTime startedUtc)
        {
            var entry = _cache.LookupResult(ticket.Key);
            if (entry is null || !entry.Sections.TryGetValue("elf", out var elf) || !entry.Sections.TryGetValue("output", out var outBytes))
            {
                Counters.AddMiss();
                return null;
            }
            LocalCacheStorage.WriteAtomically(elfFile, elf);
            Counters.AddHit();
            return Replayed(outBytes, startedUtc);
        }

        /// <summary>Stores a link's .elf and output, unless an input changed while it ran (then nothing is stored).</summary>
        public void StoreLink(CacheTicket ticket, string elfFile, InputState state, ToolResult result)
        {
            if (state.Inputs.Any(i => i.ChangedDuringBuild)) return;
            Store(elfFile, () =>
            {
                var entry = new CacheEntry();
                entry.Sections["elf"] = File.ReadAllBytes(elfFile);
                entry.Sections["output"] = OutputBytes(result);
                _cache.StoreResult(ticket.Key, entry);
            });
        }

        /// <summary>
        /// After stores, trims a local cache to <paramref name="maxSize"/> (bytes, or with K, M, G) unless another build
        /// did within <paramref name="intervalSeconds"/>; counts the evictions. A bad size is warned about (FB0060).
        /// </summary>
        public void TrimIfDue(string maxSize, int intervalSeconds)
        {
            if (Counters.StoreCount == 0 || !(_cache.Storage is LocalCacheStorage local)) return;
            var max = LocalCacheStorage.ParseSize(maxSize);
            if (max is null) _log.LogWarning(null, FBuildErrors.BadCacheSetting, null, null, 0, 0, 0, 0, $"FBuildCacheMaxSize '{maxSize}' is not a size (bytes, or a number with K, M or G); the cache is not trimmed.");
            else Counters.AddEvictions(local.TrimIfDue(max.Value, TimeSpan.FromSeconds(Math.Max(0, intervalSeconds))));
        }

        private void Store(string display, Action store)
        {
            if (_localOff) return;
            try
            {
                store();
                Counters.AddStore();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                var local = _cache.Storage as LocalCacheStorage;
                var unusable = local?.WhyUnusable();
                if (local is null || unusable is null)
                {
                    _log.LogMessage(MessageImportance.Low, $"Could not store {display} in the compile cache: {ex.Message}");
                    return;
                }
                _localOff = true;
                var message = $"The compile cache folder {local.Directory} cannot be used ({unusable}): the cache is off for this build.";
                if (_state is null || _state.TurnOff(LocalTier, message))
                    _log.LogWarning(null, FBuildErrors.LocalCacheUnusable, null, null, 0, 0, 0, 0, message);
            }
        }

        private byte[] OutputBytes(ToolResult result) => Encoding.UTF8.GetBytes(CacheKey.Relocate(string.Join("\n", result.Output), _root));

        private ToolResult Replayed(byte[] output, DateTime startedUtc)
        {
            var result = new ToolResult { ExitCode = 0, StartUtc = startedUtc, EndUtc = DateTime.UtcNow };
            result.Output.AddRange(CacheKey.Unrelocate(Encoding.UTF8.GetString(output), _root).Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries));
            return result;
        }
    }
}
