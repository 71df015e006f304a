using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace FBuild.Tasks.Cache
{
    /// <summary>The kind of server a remote cache URL names.</summary>
    public enum RemoteCacheKind
    {
        /// <summary>Plain HTTP GET/PUT (nginx with WebDAV, any ccache-compatible HTTP store, bazel-remote).</summary>
        Http,
        /// <summary>A redis-server (redis://host:port).</summary>
        Redis,
    }

    /// <summary>How records are named on an HTTP server (ccache's names for the same layouts).</summary>
    public enum RemoteCacheLayout
    {
        /// <summary><c>PATH/ab/cdef…M</c>: the key's first two hex digits as a folder (ccache's default), M or R for the kind.</summary>
        Subdirs,
        /// <summary><c>PATH/abcdef…M</c>: every record in one folder.</summary>
        Flat,
        /// <summary><c>PATH/ac/KEY</c>: bazel-remote's action cache (started with <c>--disable_http_ac_validation</c>); manifests keyed apart.</summary>
        Bazel,
    }

    /// <summary>
    /// The remote cache tier's settings, parsed from <c>FBuildRemoteCache</c> (or <c>FBUILD_REMOTE_CACHE</c>), the mode
    /// and the credential variables. Pure: the URL is parsed and record locations computed here, nothing is sent.
    /// The URL takes ccache's attribute syntax after a <c>|</c>: <c>http://host:8080/cache/|layout=bazel</c>.
    /// Credentials never come from the URL (it is logged); <see cref="ToString"/> shows no secret.
    /// </summary>
    public sealed class RemoteCacheSettings
    {
        /// <summary>The environment variable that holds a bearer token.</summary>
        public const string TokenVariable = "FBUILD_REMOTE_CACHE_TOKEN";
        /// <summary>The environment variables that hold a basic-auth user and password.</summary>
        public const string UserVariable = "FBUILD_REMOTE_CACHE_USER", PasswordVariable = "FBUILD_REMOTE_CACHE_PASSWORD";

        private RemoteCacheSettings(RemoteCacheKind kind, Uri uri, RemoteCacheLayout layout, bool readOnly, TimeSpan timeout)
        { Kind = kind; Uri = uri; Layout = layout; ReadOnly = readOnly; Timeout = timeout; }

        /// <summary>HTTP or redis.</summary>
        public RemoteCacheKind Kind { get; }
        /// <summary>The server (for HTTP, the folder under which records go, ending in a slash).</summary>
        public Uri Uri { get; }
        /// <summary>How records are named on an HTTP server.</summary>
        public RemoteCacheLayout Layout { get; }
        /// <summary>Mode read: results are fetched, never uploaded (pull requests from forks).</summary>
        public bool ReadOnly { get; }
        /// <summary>The longest one request may take, connecting included.</summary>
        public TimeSpan Timeout { get; }
        /// <summary>The Authorization header's value (Bearer or Basic), or null. Never logged.</summary>
        internal string? Authorization { get; private set; }
        /// <summary>The redis password (AUTH), or null. Never logged.</summary>
        internal string? RedisPassword { get; private set; }
        /// <summary>The redis user (AUTH user password), or null.</summary>
        internal string? RedisUser { get; private set; }

        /// <summary>The server as the log may show it: the URL without user info.</summary>
        public override string ToString() => Uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

        /// <summary>
        /// Parses the settings; null with <paramref name="error"/> set when they are not valid, null with no error when
        /// <paramref name="url"/> is empty (no remote tier). <paramref name="environment"/> looks a variable up.
        /// </summary>
        public static RemoteCacheSettings? Parse(string? url, string? mode, string? timeoutSeconds, Func<string, string?> environment, out string? error)
        {
            error = null;
            var text = (url ?? "").Trim();
            if (text.Length == 0) return null;
            var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var bar = text.IndexOf('|');
            if (bar >= 0)
            {
                foreach (var part in text.Substring(bar + 1).Split(new[] { '|' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    var eq = part.IndexOf('=');
                    if (eq <= 0) { error = $"the attribute '{part}' is not NAME=VALUE"; return null; }
                    attributes[part.Substring(0, eq).Trim()] = part.Substring(eq + 1).Trim();
                }
                text = text.Substring(0, bar).Trim();
            }
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https" && uri.Scheme != "redis"))
            {
                error = "it is not an http://, https:// or redis:// URL";
                return null;
            }
            if (uri.UserInfo.Length > 0)
            {
                error = $"credentials do not go in the URL (it is logged): set {TokenVariable}, or {UserVariable} and {PasswordVariable}";
                return null;
            }
            bool readOnly;
            switch ((mode ?? "").Trim().ToLowerInvariant())
            {
                case "": case "readwrite": readOnly = false; break;
                case "read": readOnly = true; break;
                default: error = $"FBuildRemoteCacheMode '{mode}' is not read or readwrite"; return null;
            }
            var timeout = TimeSpan.FromSeconds(5);
            if (!string.IsNullOrWhiteSpace(timeoutSeconds))
            {
                if (!double.TryParse(timeoutSeconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) || s <= 0 || s > 600)
                { error = $"FBuildRemoteCacheTimeout '{timeoutSeconds}' is not a number of seconds (0 to 600)"; return null; }
                timeout = TimeSpan.FromSeconds(s);
            }
            var layout = RemoteCacheLayout.Subdirs;
            if (attributes.TryGetValue("layout", out var l))
            {
                switch (l.ToLowerInvariant())
                {
                    case "subdirs": layout = RemoteCacheLayout.Subdirs; break;
                    case "flat": layout = RemoteCacheLayout.Flat; break;
                    case "bazel": layout = RemoteCacheLayout.Bazel; break;
                    default: error = $"layout '{l}' is not subdirs, flat or bazel"; return null;
                }
            }
            var kind = uri.Scheme == "redis" ? RemoteCacheKind.Redis : RemoteCacheKind.Http;
            if (kind == RemoteCacheKind.Http && !uri.AbsolutePath.EndsWith("/", StringComparison.Ordinal))
                uri = new Uri(uri.GetLeftPart(UriPartial.Path) + "/");
            if (kind == RemoteCacheKind.Redis && uri.Port <= 0) uri = new UriBuilder(uri) { Port = 6379 }.Uri;
            var settings = new RemoteCacheSettings(kind, uri, layout, readOnly, timeout);
            var token = environment(TokenVariable);
            var user = environment(UserVariable);
            var password = environment(PasswordVariable);
            if (!string.IsNullOrEmpty(token))
            {
                settings.Authorization = "Bearer " + token;
                settings.RedisPassword = token;
            }
            else if (!string.IsNullOrEmpty(password))
            {
                settings.Authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes((user ?? "") + ":" + password));
                settings.RedisUser = string.IsNullOrEmpty(user) ? null : user;
                settings.RedisPassword = password;
            }
            return settings;
        }

        /// <summary>Where a record goes on an HTTP server, relative to <see cref="Uri"/>.</summary>
        public string HttpPath(CacheRecordKind kind, string key)
        {
            var suffix = kind == CacheRecordKind.Manifest ? "M" : "R";
            switch (Layout)
            {
                case RemoteCacheLayout.Flat: return key + suffix;
                case RemoteCacheLayout.Bazel:
                    // bazel-remote wants 64 hex digits: a manifest is keyed by the hash of its key, apart from results.
                    return "ac/" + (kind == CacheRecordKind.Manifest ? Records.InputState.Hash(new[] { "fbuild manifest", key }) : key);
                default: return key.Substring(0, 2) + "/" + key.Substring(2) + suffix;
            }
        }

        /// <summary>A record's redis key.</summary>
        public static string RedisKey(CacheRecordKind kind, string key) => (kind == CacheRecordKind.Manifest ? "fbuild:m:" : "fbuild:r:") + key;
    }
}
