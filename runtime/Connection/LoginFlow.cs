using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Icws.Runtime
{
    /// <summary>
    /// Logs in: the configured server first, then the alternate hosts servers named, with the credentials of the
    /// moment. A failure that waiting may cure (503 with alternates, a timeout, a reset, a 5xx) is retried with
    /// growing jittered delays, each host at most once per round, <see cref="IcwsSessionOptions.MaxLoginAttempts"/>
    /// times in all. One that it will not cure (refused connection or unknown host, a TLS failure, a 4xx) rules that
    /// host out: once every host is ruled out, the login fails at once, naming each host and its cause. A host that
    /// answered 503 naming alternates counts as out once every host it named is: it would only send the login there again.
    /// </summary>
    internal sealed class LoginFlow
    {
        /// <summary>The login's endpoint name in logs, traces and metrics.</summary>
        private const string LoginEndpoint = "Connection.Login";

        private readonly IcwsSessionOptions _options;
        private readonly HttpClient _http;
        private readonly CookieContainer _cookies;
        private readonly ServerList _servers;
        private readonly ILogger _logger;
        private readonly IcwsMetrics _metrics;

        public LoginFlow(IcwsSessionOptions options, HttpClient http, CookieContainer cookies, ServerList servers, ILogger logger, IcwsMetrics metrics)
        {
            _options = options;
            _http = http;
            _cookies = cookies;
            _servers = servers;
            _logger = logger;
            _metrics = metrics;
        }

        /// <summary>Logs in, starting with <paramref name="preferred"/>; <paramref name="backoff"/> gives the delay before a retry.</summary>
        /// <exception cref="IcwsApiException">The credentials were refused (400, 401, 403).</exception>
        /// <exception cref="IcwsConnectionException">No server took the login.</exception>
        public async Task<SessionState> LoginAsync(Uri preferred, long generation, Func<int, TimeSpan> backoff, CancellationToken cancellationToken)
        {
            var credentials = await GetCredentialsAsync(generation, cancellationToken).ConfigureAwait(false);
            var candidates = _servers.Candidates(preferred);
            var triedThisRound = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var ruledOut = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

            // Hosts that answered 503 naming others (authority to the authorities named): such a host will not take the
            // login itself, so once every host it named is ruled out, it is a dead end too.
            var redirects = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
            bool DeadEnd(Uri c) => ruledOut.ContainsKey(c.Authority) || (redirects.TryGetValue(c.Authority, out var named) && named.TrueForAll(ruledOut.ContainsKey));
            var causes = new List<(Uri Server, string Cause)>();
            Exception? last = null;
            var lastWasTransient = false;
            for (var attempt = 1; attempt <= _options.MaxLoginAttempts; attempt++)
            {
                var next = candidates.Find(c => !triedThisRound.Contains(c.Authority) && !DeadEnd(c));
                if (next is null)
                {
                    if (candidates.TrueForAll(DeadEnd))
                    {
                        break;
                    }

                    // Every host still in play has had its turn this round: start another round.
                    triedThisRound.Clear();
                    next = candidates.Find(c => !DeadEnd(c))!;
                }

                triedThisRound.Add(next.Authority);
                if (lastWasTransient)
                {
                    await Task.Delay(backoff(attempt - 1), cancellationToken).ConfigureAwait(false);
                    if (!credentials.IsReusable && _options.CredentialsProvider is not null)
                    {
                        // A single-use token may have been spent by the failed attempt: ask for a fresh one when we can.
                        // (Without a provider the same token is tried again: a 503 or an unreachable host did not spend it.)
                        credentials = await GetCredentialsAsync(generation, cancellationToken).ConfigureAwait(false);
                    }
                }

                try
                {
                    var (state, alternates) = await TryLoginAsync(next, credentials, generation, cancellationToken).ConfigureAwait(false);
                    if (state is not null)
                    {
                        _servers.Remember(state.Server, state.Login.AlternateHosts);
                        return state;
                    }

                    ConnectionLog.LoginRedirected(_logger, next.Authority, alternates.Count);
                    var named = new List<Uri>();
                    ServerList.AddHosts(named, alternates, next);
                    named.RemoveAll(u => string.Equals(u.Authority, next.Authority, StringComparison.OrdinalIgnoreCase));
                    if (named.Count > 0)
                    {
                        redirects[next.Authority] = named.ConvertAll(u => u.Authority);
                    }

                    ServerList.AddHosts(candidates, alternates, next);
                    last = new IcwsApiException(HttpStatusCode.ServiceUnavailable, null, "The server is not accepting sessions (switchover).", requestDescription: "login");
                    causes.Add((next, "answered 503: not accepting sessions (switchover), " + (alternates.Count == 0 ? "no alternate host named" : alternates.Count + " alternate host(s) named")));
                    lastWasTransient = true;
                }
                catch (IcwsApiException ex) when (ex.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    ConnectionLog.LoginRefused(_logger, next.Authority, (int)ex.StatusCode, ex.ErrorId);
                    throw;
                }
                catch (Exception ex) when (Classify(ex, cancellationToken) is { } failure)
                {
                    ConnectionLog.LoginFailed(_logger, next.Authority, failure.Cause);
                    last = ex;
                    causes.Add((next, failure.Cause));
                    lastWasTransient = failure.Transient;
                    if (!failure.Transient)
                    {
                        ruledOut[next.Authority] = failure.Cause;
                    }
                }
            }

            throw Failed(candidates, causes, ruledOut, DeadEnd, last);
        }

        /// <summary>What a failed login attempt means: whether waiting may cure it, and the cause in words (no secrets).</summary>
        internal static (bool Transient, string Cause)? Classify(Exception exception, CancellationToken cancellationToken)
        {
            switch (exception)
            {
                case HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } tls:
                    return (false, "the TLS handshake failed (" + Innermost(tls) + "): is it plain HTTP (ICWS listens with https on 8019 and http on 8018), or is its certificate not trusted?");
                case HttpRequestException http when http.InnerException is AuthenticationException:
                    return (false, "the TLS handshake failed (" + Innermost(http) + "): is it plain HTTP, or is its certificate not trusted?");
                case HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } refused:
                    return (false, "refused the connection (" + Innermost(refused) + "): is the address and port right, and is ICWS running there?");
                case HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError }:
                    return (false, "its name could not be resolved");
                case HttpRequestException other:
                    return (true, "the request failed (" + Innermost(other) + ")");
                case IcwsApiException { StatusCode: >= HttpStatusCode.InternalServerError or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests } busy:
                    return (true, $"answered {(int)busy.StatusCode} {busy.StatusCode}");
                case IcwsApiException clientError:
                    // 404, 405, 415...: whatever answers there is not an ICWS login (a wrong base path, another service).
                    return (false, $"answered {(int)clientError.StatusCode} {clientError.StatusCode} to the login: is this the ICWS address (its base path included)?");
                case IcwsException protocol:
                    return (true, protocol.Message);
                case OperationCanceledException when !cancellationToken.IsCancellationRequested:
                    return (true, "did not answer in time");
                default:
                    return null;
            }
        }

        private IcwsConnectionException Failed(List<Uri> candidates, List<(Uri Server, string Cause)> causes, Dictionary<string, string> ruledOut, Func<Uri, bool> deadEnd, Exception? last)
        {
            var servers = candidates.ConvertAll(c => c);

            // Every host ruled out, or answering 503 with only ruled-out hosts to go to: nothing is left that could take the login.
            var allRuledOut = candidates.TrueForAll(c => deadEnd(c));
            string message;
            if (allRuledOut)
            {
                var reasons = string.Join("; ", candidates.ConvertAll(c => Describe(c) + " " + (ruledOut.TryGetValue(c.Authority, out var cause)
                    ? cause
                    : "answered 503: not accepting sessions (switchover), and named only hosts that failed")));
                message = candidates.Count == 1
                    ? "Could not log in to ICWS: " + reasons
                    : $"Could not log in to ICWS on any of {candidates.Count} servers: " + reasons;
            }
            else
            {
                var lastCause = causes.Count == 0 ? string.Empty : $"; the last, {Describe(causes[^1].Server)}, {causes[^1].Cause}";
                message = $"Could not log in to ICWS after {_options.MaxLoginAttempts} attempts on {candidates.Count} server(s){lastCause}.";
            }

            return new IcwsConnectionException(message, servers, isTransient: !allRuledOut, last);
        }

        /// <summary>The server as configured or named, base path included (a wrong one is a cause of its own).</summary>
        private static string Describe(Uri server) => server.GetLeftPart(UriPartial.Path).TrimEnd('/');

        /// <summary>The innermost message: what the socket or TLS layer said, which the outer wrappers only repeat in general words.</summary>
        private static string Innermost(Exception exception)
        {
            var inner = exception;
            while (inner.InnerException is { } next)
            {
                inner = next;
            }

            return inner.Message.TrimEnd('.');
        }

        private async Task<(SessionState? State, IReadOnlyList<string> Alternates)> TryLoginAsync(Uri server, IcwsCredentials credentials, long generation, CancellationToken cancellationToken)
        {
            var include = new List<string> { "features", "version" };
            foreach (var extra in _options.Include)
            {
                if (!include.Contains(extra))
                {
                    include.Add(extra);
                }
            }

            var root = server.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/icws/";
            var body = RequestBody.Serialize(credentials, (writer, c) => c.WriteTo(writer, _options.ApplicationName));

            using var message = new HttpRequestMessage(HttpMethod.Post, root + "connection?include=" + IcwsPath.QueryList(include, "include"));
            message.Headers.TryAddWithoutValidation("Accept", WireFormat.MediaType);
            message.Headers.TryAddWithoutValidation("Accept-Language", _options.AcceptLanguage);
            message.Content = new ByteArrayContent(body);
            message.Content.Headers.TryAddWithoutValidation("Content-Type", WireFormat.ContentTypeHeader);
            using var activity = IcwsTelemetry.Source.StartActivity("ICWS " + LoginEndpoint, ActivityKind.Client);
            var started = _metrics.StartRequest();
            HttpResponseMessage? received = null;
            PooledBuffer receivedBody;
            try
            {
                received = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                receivedBody = await PooledBuffer.ReadAsync(received.Content, _options.MaxResponseBytes, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _metrics.RecordRequest(started, LoginEndpoint, "POST", server, received is null ? 0 : (int)received.StatusCode, ex);
                received?.Dispose();
                throw;
            }

            using var response = received;
            using var responseBody = receivedBody;
            _metrics.RecordRequest(started, LoginEndpoint, "POST", server, (int)response.StatusCode, null);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                return (null, WireFormat.ReadAlternateHosts(responseBody.Span));
            }

            if (!response.IsSuccessStatusCode)
            {
                throw WireFormat.ReadError(response.StatusCode, responseBody.Span, "login");
            }

            var (bodySessionId, bodyCsrf, info) = WireFormat.ReadLoginResponse(responseBody.Span);
            var sessionId = Header(response, WireFormat.SessionIdHeader) ?? bodySessionId;
            var csrf = Header(response, WireFormat.CsrfHeader) ?? bodyCsrf;
            if (string.IsNullOrEmpty(sessionId) || string.IsNullOrEmpty(csrf))
            {
                throw new IcwsProtocolException("The login response has no session id or no CSRF token.");
            }

            var sessionUri = new Uri(root + Uri.EscapeDataString(sessionId) + "/");
            if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
            {
                foreach (var cookie in cookies)
                {
                    try
                    {
                        _cookies.SetCookies(sessionUri, cookie);
                    }
                    catch (CookieException)
                    {
                        ConnectionLog.BadCookie(_logger);
                    }
                }
            }

            var cookieHeader = _cookies.GetCookieHeader(sessionUri);
            if (info.Features.Count == 0)
            {
                info = info with { Features = await GetFeaturesAsync(root, cancellationToken).ConfigureAwait(false) };
            }

            ConnectionLog.LoggedIn(_logger, sessionId, server.Authority, info.UserId);
            return (new SessionState(server, sessionId, csrf, string.IsNullOrEmpty(cookieHeader) ? null : cookieHeader, generation, info), Array.Empty<string>());
        }

        private async Task<IReadOnlyDictionary<string, int>> GetFeaturesAsync(string root, CancellationToken cancellationToken)
        {
            try
            {
                using var message = new HttpRequestMessage(HttpMethod.Get, root + "connection/features");
                message.Headers.TryAddWithoutValidation("Accept", WireFormat.MediaType);
                using var response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    return new Dictionary<string, int>();
                }

                using var body = await PooledBuffer.ReadAsync(response.Content, _options.MaxResponseBytes, cancellationToken).ConfigureAwait(false);
                return WireFormat.ReadFeatureList(body.Span);
            }
            catch (Exception ex) when (ex is HttpRequestException or IcwsException)
            {
                // Without feature versions the pump falls back to polling, which every server supports.
                return new Dictionary<string, int>();
            }
        }

        private async ValueTask<IcwsCredentials> GetCredentialsAsync(long generation, CancellationToken cancellationToken)
        {
            if (_options.CredentialsProvider is { } provider)
            {
                return await provider(cancellationToken).ConfigureAwait(false) ?? throw new IcwsException("The credentials provider returned null.");
            }

            return _options.Credentials!;
        }

        /// <summary>Whether the credentials can log in again (a renewal): not single-use ones without a provider to give new ones.</summary>
        public bool CanLogInAgain => _options.CredentialsProvider is not null || _options.Credentials!.IsReusable;

        private static string? Header(HttpResponseMessage response, string name)
            => response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
    }
}
