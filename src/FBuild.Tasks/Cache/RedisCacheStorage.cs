using System;
using StackExchange.Redis;

namespace FBuild.Tasks.Cache
{
    /// <summary>
    /// A remote tier on a redis-server (<c>redis://host:port</c>), through StackExchange.Redis: a record is a string
    /// value under <see cref="RemoteCacheSettings.RedisKey"/> (GET, SET). Connects on first use, bounded by the
    /// settings' timeout, as is every command. A failure throws <see cref="RemoteCacheException"/>, whose message never
    /// holds the password. Trusted for nothing: <see cref="CompileCache"/> verifies what it returns.
    /// </summary>
    public sealed class RedisCacheStorage : ICacheStorage, IDisposable
    {
        private readonly RemoteCacheSettings _settings;
        private readonly object _gate = new object();
        private ConnectionMultiplexer? _connection;

        public RedisCacheStorage(RemoteCacheSettings settings) { _settings = settings; }

        private IDatabase Database()
        {
            lock (_gate)
            {
                if (_connection is null)
                {
                    int ms = (int)Math.Max(100, _settings.Timeout.TotalMilliseconds);
                    var options = new ConfigurationOptions
                    {
                        ConnectTimeout = ms,
                        SyncTimeout = ms,
                        AsyncTimeout = ms,
                        ConnectRetry = 0,
                        AbortOnConnectFail = true,
                        ClientName = "fbuild",
                        Password = _settings.RedisPassword,
                        User = _settings.RedisUser,
                    };
                    options.EndPoints.Add(_settings.Uri.Host, _settings.Uri.Port);
                    _connection = ConnectionMultiplexer.Connect(options);
                }
                return _connection.GetDatabase();
            }
        }

        /// <inheritdoc/>
        public byte[]? Get(CacheRecordKind kind, string key) => Run("GET", kind, key, db =>
        {
            var value = db.StringGet(RemoteCacheSettings.RedisKey(kind, key));
            return value.IsNull ? null : (byte[]?)value;
        });

        /// <inheritdoc/>
        public void Put(CacheRecordKind kind, string key, byte[] bytes) =>
            Run<byte[]?>("SET", kind, key, db => { db.StringSet(RemoteCacheSettings.RedisKey(kind, key), bytes); return null; });

        /// <summary>Nothing: a record that failed verification is replaced by the next upload of its key.</summary>
        public void Remove(CacheRecordKind kind, string key) { }

        /// <summary>Nothing: redis evicts by its own policy (maxmemory-policy allkeys-lru).</summary>
        public void MarkUsed(CacheRecordKind kind, string key) { }

        private T Run<T>(string command, CacheRecordKind kind, string key, Func<IDatabase, T> action)
        {
            try { return action(Database()); }
            catch (Exception ex) when (ex is RedisException || ex is TimeoutException || ex is ObjectDisposedException)
            {
                var why = ex.Message;
                if (!string.IsNullOrEmpty(_settings.RedisPassword)) why = why.Replace(_settings.RedisPassword, "***");
                throw new RemoteCacheException($"{command} {RemoteCacheSettings.RedisKey(kind, key)} on {_settings}: {why}", ex);
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _connection?.Dispose();
                _connection = null;
            }
        }
    }
}
