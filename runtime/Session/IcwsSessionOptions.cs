using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Icws
{
    /// <summary>How messages are fetched.</summary>
    public enum MessageRetrieval
    {
        /// <summary>Server-sent events when the server's <c>messaging</c> feature is version 2 or later (CIC 2016 R3+), short polling otherwise.</summary>
        Automatic,

        /// <summary>Always server-sent events.</summary>
        ServerSentEvents,

        /// <summary>Always short polling of GET messaging/messages.</summary>
        Polling,
    }

    /// <summary>Settings of an <see cref="IcwsSession"/>.</summary>
    public sealed class IcwsSessionOptions
    {
        /// <summary>
        /// The server's base address, e.g. <c>https://cic.example.com:8019</c> (HTTPS port 8019 is the default for ICWS;
        /// 8018 is plain HTTP). The path, if any, is kept (for reverse proxies).
        /// </summary>
        public Uri? Server { get; set; }

        /// <summary>The credentials to log in with.</summary>
        public IcwsCredentials? Credentials { get; set; }

        /// <summary>
        /// Gives credentials for each login (first login and every re-login). Use it when credentials are
        /// single use (SSO and auth tokens) or rotate; it takes precedence over <see cref="Credentials"/>.
        /// </summary>
        public Func<CancellationToken, ValueTask<IcwsCredentials>>? CredentialsProvider { get; set; }

        /// <summary>Shown to supervisors as the application of the session. Required by ICWS.</summary>
        public string ApplicationName { get; set; } = "Icws.Generated";

        /// <summary>The <c>Accept-Language</c> of every request (server texts and errors are localized); required by ICWS at login.</summary>
        public string AcceptLanguage { get; set; } = "en-us";

        /// <summary>
        /// The HttpClient to use (e.g. from IHttpClientFactory). Its handler must not share cookies between
        /// sessions: set <c>UseCookies = false</c> on it (the session keeps its own cookie jar). When null the
        /// session creates and owns a client. TLS certificate validation is never turned off by this library.
        /// </summary>
        public HttpClient? HttpClient { get; set; }

        /// <summary>Logging. Passwords, CSRF tokens and cookie values are never logged.</summary>
        public ILoggerFactory? LoggerFactory { get; set; }

        /// <summary>
        /// Where the session's meter (<see cref="Runtime.IcwsTelemetry.MeterName"/>) comes from; dependency injection sets the
        /// container's. When null, the session records on one process-wide meter of that name. Tag values never hold ids,
        /// names or secrets.
        /// </summary>
        public IMeterFactory? MeterFactory { get; set; }

        /// <summary>How messages are fetched.</summary>
        public MessageRetrieval MessageRetrieval { get; set; } = MessageRetrieval.Automatic;

        /// <summary>Time between two polls in polling mode.</summary>
        public TimeSpan PollingInterval { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>Timeout of a request (not of the event stream) when the session owns its HttpClient.</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>How many logins (over all hosts) one session renewal may try before it gives up.</summary>
        public int MaxLoginAttempts { get; set; } = 8;

        /// <summary>First wait between two login attempts; it doubles up to <see cref="MaxRetryDelay"/>, with jitter.</summary>
        public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);

        /// <summary>Longest wait between two attempts (login or message stream).</summary>
        public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>Responses larger than this are rejected with an <see cref="IcwsProtocolException"/>.</summary>
        public int MaxResponseBytes { get; set; } = 16 * 1024 * 1024;

        /// <summary>
        /// How far a reader may fall behind. A reader of a watch's change stream: past this many changes, no more are
        /// queued for it, and once it has read what is queued it catches up with the view
        /// (<c>WatchChangeKind.Resynchronized</c>). A reader of <c>ReadMessagesAsync</c>: it loses the oldest messages.
        /// </summary>
        public int ChangeStreamCapacity { get; set; } = 10_000;

        /// <summary>
        /// Whether a call to an endpoint that needs a newer server feature than version 1 (e.g. <c>interactions</c>
        /// version 6 for alerting) is checked against the feature list the server gave at login, and refused with an
        /// <see cref="IcwsFeatureNotSupportedException"/> before it is sent. The check is a lookup in that list. Turn
        /// it off to let the server judge every call (it answers with an error status instead). Default: on.
        /// </summary>
        public bool CheckFeatureVersions { get; set; } = true;

        /// <summary>Extra <c>include</c> values for the login (features and version are always asked for).</summary>
        public IList<string> Include { get; private set; } = new List<string>();

        /// <summary>A copy (the session keeps its own, so later changes to these options do not reach it).</summary>
        internal IcwsSessionOptions Clone()
        {
            var copy = (IcwsSessionOptions)MemberwiseClone();
            var include = new List<string>(Include);
            copy.Include = include;
            return copy;
        }

        /// <summary>Throws when a required setting is missing.</summary>
        internal void Validate()
        {
            if (Server is null || !Server.IsAbsoluteUri || (Server.Scheme != Uri.UriSchemeHttp && Server.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException("Server must be an absolute http or https address, e.g. https://cic.example.com:8019.", nameof(Server));
            }

            if (Credentials is null && CredentialsProvider is null)
            {
                throw new ArgumentException("Set Credentials (or CredentialsProvider).", nameof(Credentials));
            }

            ArgumentException.ThrowIfNullOrEmpty(ApplicationName, nameof(ApplicationName));
            ArgumentException.ThrowIfNullOrEmpty(AcceptLanguage, nameof(AcceptLanguage));
            if (MaxLoginAttempts < 1 || MaxResponseBytes < 1024 || PollingInterval < TimeSpan.Zero || ChangeStreamCapacity < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxLoginAttempts), "MaxLoginAttempts, MaxResponseBytes, PollingInterval and ChangeStreamCapacity must be positive.");
            }
        }
    }
}
