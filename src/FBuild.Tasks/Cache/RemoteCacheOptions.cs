using System;

namespace FBuild.Tasks.Cache
{
    /// <summary>The remote tier's settings as a task receives them (FBuildRemoteCache, FBuildRemoteCacheMode, FBuildRemoteCacheTimeout).</summary>
    public sealed class RemoteCacheOptions
    {
        public RemoteCacheOptions(string? url, string? mode, string? timeoutSeconds) { Url = url; Mode = mode; TimeoutSeconds = timeoutSeconds; }

        /// <summary>The server's URL (http://host:port/path/ or redis://host:port); empty: no remote tier.</summary>
        public string? Url { get; }
        /// <summary>read or readwrite (empty: readwrite).</summary>
        public string? Mode { get; }
        /// <summary>Seconds one request may take (empty: 5).</summary>
        public string? TimeoutSeconds { get; }

        /// <summary>The options when a URL is set, else null.</summary>
        public static RemoteCacheOptions? From(string? url, string? mode, string? timeoutSeconds) =>
            string.IsNullOrWhiteSpace(url) ? null : new RemoteCacheOptions(url, mode, timeoutSeconds);

        /// <summary><paramref name="url"/> with any user info (user:password@) replaced by ***, to be shown in a message.</summary>
        public static string Redact(string? url)
        {
            var text = url ?? "";
            var scheme = text.IndexOf("://", StringComparison.Ordinal);
            var at = text.IndexOf('@');
            if (scheme < 0 || at < scheme) return text;
            var slash = text.IndexOf('/', scheme + 3);
            return slash >= 0 && slash < at ? text : text.Substring(0, scheme + 3) + "***" + text.Substring(at);
        }
    }
}
