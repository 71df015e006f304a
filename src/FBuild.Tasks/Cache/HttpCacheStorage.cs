using System;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;

namespace FBuild.Tasks.Cache
{
    /// <summary>A remote tier's server could not be asked (refused, timed out, an unexpected HTTP status).</summary>
    public sealed class RemoteCacheException : Exception
    {
        public RemoteCacheException(string message, Exception? inner = null) : base(message, inner) { }
    }

    /// <summary>
    /// A remote tier on a plain HTTP server: GET a record (404 is a miss), PUT it whole (nginx with WebDAV,
    /// <c>dav_methods PUT DELETE; create_full_put_path on;</c>, or any ccache-compatible HTTP store), named by
    /// <see cref="RemoteCacheSettings.HttpPath"/>. Every request is bounded by the settings' timeout, connecting
    /// included. A request that fails throws <see cref="RemoteCacheException"/>, whose message names the server and
    /// record but never the credentials. Trusted for nothing: <see cref="CompileCache"/> verifies what it returns.
    /// </summary>
    public sealed class HttpCacheStorage : ICacheStorage, IDisposable
    {
        /// <summary>The largest record fetched (a bigger answer is an error).</summary>
        public const int MaxRecordBytes = 64 << 20;

        private readonly RemoteCacheSettings _settings;
        private readonly HttpClient _client;

        public HttpCacheStorage(RemoteCacheSettings settings)
        {
            _settings = settings;
            _client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false, UseProxy = false })
            {
                Timeout = settings.Timeout,
                MaxResponseContentBufferSize = MaxRecordBytes,
            };
            if (settings.Authorization != null) _client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", settings.Authorization);
        }

        private Uri UriOf(CacheRecordKind kind, string key) => new Uri(_settings.Uri, _settings.HttpPath(kind, key));

        /// <inheritdoc/>
        public byte[]? Get(CacheRecordKind kind, string key) => Send(HttpMethod.Get, kind, key, null);

        /// <inheritdoc/>
        public void Put(CacheRecordKind kind, string key, byte[] bytes) => Send(HttpMethod.Put, kind, key, bytes);

        /// <summary>Nothing: a record that failed verification is replaced by the next upload of its key.</summary>
        public void Remove(CacheRecordKind kind, string key) { }

        /// <summary>Nothing: the server evicts by its own rules.</summary>
        public void MarkUsed(CacheRecordKind kind, string key) { }

        private byte[]? Send(HttpMethod method, CacheRecordKind kind, string key, byte[]? body)
        {
            var uri = UriOf(kind, key);
            try
            {
                return SendAsync(method, uri, body).GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is HttpRequestException || ex is TaskCanceledException || ex is OperationCanceledException || ex is System.IO.IOException)
            {
                var why = ex is OperationCanceledException ? $"no answer within {_settings.Timeout.TotalSeconds:0.#} s" : Innermost(ex).Message;
                throw new RemoteCacheException($"{method} {uri.AbsolutePath} on {_settings}: {why}", ex);
            }
        }

        private async Task<byte[]?> SendAsync(HttpMethod method, Uri uri, byte[]? body)
        {
            using var request = new HttpRequestMessage(method, uri);
            if (body != null) request.Content = new ByteArrayContent(body);
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
            if (method == HttpMethod.Get && response.StatusCode == HttpStatusCode.NotFound) return null;
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            return method == HttpMethod.Get ? await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false) : null;
        }

        private static Exception Innermost(Exception ex)
        {
            while (ex.InnerException != null) ex = ex.InnerException;
            return ex;
        }

        public void Dispose() => _client.Dispose();
    }
}
