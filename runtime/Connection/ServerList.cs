using System;
using System.Collections.Generic;

namespace Icws.Runtime
{
    /// <summary>
    /// The servers a session may log in to: the one configured, the one it is on, and the alternate hosts servers
    /// named at login or in a 503 (switchover, off-server Session Managers). Thread-safe.
    /// </summary>
    internal sealed class ServerList
    {
        private readonly List<Uri> _known = new();

        /// <summary>The servers to try, <paramref name="preferred"/> first, then every one known, each once.</summary>
        public List<Uri> Candidates(Uri preferred)
        {
            var candidates = new List<Uri> { preferred };
            lock (_known)
            {
                foreach (var known in _known)
                {
                    Add(candidates, known);
                }
            }

            return candidates;
        }

        /// <summary>Remembers the server a login succeeded on and the alternates it named.</summary>
        public void Remember(Uri current, IReadOnlyList<string> alternates)
        {
            lock (_known)
            {
                Add(_known, current);
                AddHosts(_known, alternates, current);
            }
        }

        /// <summary>Adds the hosts a server named (in a 503 or at login), read relative to that server.</summary>
        public static void AddHosts(List<Uri> list, IReadOnlyList<string> hosts, Uri namedBy)
        {
            foreach (var host in hosts)
            {
                if (TryParseHost(host, namedBy, out var uri))
                {
                    Add(list, uri);
                }
            }
        }

        private static void Add(List<Uri> list, Uri uri)
        {
            if (!list.Exists(u => string.Equals(u.Authority, uri.Authority, StringComparison.OrdinalIgnoreCase)))
            {
                list.Add(uri);
            }
        }

        /// <summary>
        /// An alternate host as ICWS lists it: "host", "host:port" or a full URL. Scheme, port (when not
        /// given) and base path are those of the server that named it.
        /// </summary>
        internal static bool TryParseHost(string host, Uri current, out Uri uri)
        {
            uri = null!;
            host = host.Trim();
            if (host.Length == 0)
            {
                return false;
            }

            if (host.Contains("://", StringComparison.Ordinal))
            {
                if (Uri.TryCreate(host, UriKind.Absolute, out var absolute) && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps))
                {
                    uri = absolute;
                    return true;
                }

                return false;
            }

            if (!Uri.TryCreate(current.Scheme + "://" + host, UriKind.Absolute, out var parsed) || parsed.PathAndQuery != "/" || parsed.UserInfo.Length > 0)
            {
                return false;
            }

            var builder = new UriBuilder(current) { Host = parsed.Host };
            if (!parsed.IsDefaultPort || host.EndsWith(":" + parsed.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
            {
                builder.Port = parsed.Port;
            }

            uri = builder.Uri;
            return true;
        }
    }
}
