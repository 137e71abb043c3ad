using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Icws.Runtime
{
    /// <summary>
    /// What the message pump needs from a session's connection, and no more: the current state, requests built and
    /// sent for it, one shared renewal when the server rejects it, the back-off, and where to report errors.
    /// </summary>
    internal interface ISessionConnection
    {
        /// <summary>Cancelled when the session is disposed.</summary>
        CancellationToken Lifetime { get; }

        /// <summary>The current state, or null before the first login.</summary>
        SessionState? Current { get; }

        /// <summary>The session was renewed: the state that was replaced, and the new one (an event stream belongs to the old one).</summary>
        event Action<SessionState, SessionState>? Renewed;

        /// <summary>Logs in if needed (concurrent callers share one login) and returns the current state.</summary>
        Task<SessionState> ConnectAsync(CancellationToken cancellationToken);

        /// <summary>A request for <paramref name="state"/>: its session prefix, CSRF header and cookie.</summary>
        HttpRequestMessage CreateRequest(IcwsRequest request, SessionState state, byte[]? content, bool eventStream = false);

        /// <summary>Sends a request built by <see cref="CreateRequest"/> over the session's HttpClient, as is.</summary>
        Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage message, HttpCompletionOption completion, CancellationToken cancellationToken);

        /// <summary>Renews the session after <paramref name="failed"/> was rejected (one renewal for every caller).</summary>
        Task RenewAsync(SessionState failed, CancellationToken cancellationToken);

        /// <summary>The delay before retry number <paramref name="failures"/> (exponential, jittered, capped).</summary>
        TimeSpan Backoff(int failures);

        /// <summary>Logs an error and raises it on the session's Error event.</summary>
        void ReportError(Exception exception, bool isFatal, string context);
    }
}
