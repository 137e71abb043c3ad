using System;
using System.Collections.Generic;

namespace Icws.Runtime
{
    /// <summary>
    /// One logged-in session, immutable: a renewal swaps in a new state, so a request always uses a
    /// consistent triple of session id, CSRF token and cookie. <see cref="Generation"/> tells callers
    /// whether the state they failed with is still current (then they renew) or already replaced.
    /// </summary>
    internal sealed class SessionState
    {
        public SessionState(Uri server, string sessionId, string csrfToken, string? cookieHeader, long generation, LoginInfo login)
        {
            Server = server;
            SessionId = sessionId;
            CsrfToken = csrfToken;
            CookieHeader = cookieHeader;
            Generation = generation;
            Login = login;
            SessionPrefix = server.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/icws/" + Uri.EscapeDataString(sessionId) + "/";
            RootPrefix = server.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/icws/";
        }

        /// <summary>The server (scheme, host, port, base path) this session lives on.</summary>
        public Uri Server { get; }

        public string SessionId { get; }

        /// <summary>Secret: sent as ININ-ICWS-CSRF-Token, never logged.</summary>
        public string CsrfToken { get; }

        /// <summary>Secret: the Cookie header for session paths, never logged.</summary>
        public string? CookieHeader { get; }

        public long Generation { get; }

        public LoginInfo Login { get; }

        /// <summary>"https://host:8019/icws/{sessionId}/".</summary>
        public string SessionPrefix { get; }

        /// <summary>"https://host:8019/icws/".</summary>
        public string RootPrefix { get; }

        public override string ToString() => $"ICWS session {SessionId} on {Server.Authority} (#{Generation})";
    }

    /// <summary>What the login response told us (no secrets).</summary>
    internal sealed record LoginInfo(
        string? UserId,
        string? UserDisplayName,
        string? IcServer,
        string? ServerVersion,
        IReadOnlyList<string> AlternateHosts,
        IReadOnlyDictionary<string, int> Features);
}
