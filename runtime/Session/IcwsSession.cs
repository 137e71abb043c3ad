using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Icws.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Icws
{
    /// <summary>
    /// A logged-in ICWS session: session id, CSRF token and cookie on every call; a single shared
    /// re-login when the session expires (walking the alternate hosts after a switchover); live watches
    /// that survive re-logins; the message pump; logout on dispose. Thread-safe.
    /// </summary>
    /// <example>
    /// <code>
    /// await using var session = await IcwsSession.ConnectAsync(new Uri("https://cic:8019"), IcwsCredentials.Password("agent", password));
    /// var icws = new IcwsClient(session);
    /// </code>
    /// </example>
    public sealed partial class IcwsSession : IIcwsTransport, IAsyncDisposable
    {
        private readonly IcwsSessionOptions _options;
        private readonly HttpClient _http;
        private readonly bool _ownsHttp;
        private readonly CookieContainer _cookies = new();
        private readonly ILogger _logger;
        private readonly object _renewGate = new();
        private readonly CancellationTokenSource _lifetime = new();
        private readonly List<Uri> _knownServers = new();
        private readonly MessagePump _pump;
        private SessionState _state = null!;
        private Task? _renewal;
        private Task? _connecting;
        private Task _resubscription = Task.CompletedTask;
        private int _disposed;
        private int _failedRenewals;
        private Exception? _fault;

        private IcwsSession(IcwsSessionOptions options)
        {
            _options = options;
            _logger = options.LoggerFactory?.CreateLogger<IcwsSession>() ?? (ILogger)NullLogger<IcwsSession>.Instance;
            if (options.HttpClient is { } http)
            {
                _http = http;
            }
            else
            {
                // Own client: cookies are kept per session by this class, never in a handler that could share them.
                var handler = new SocketsHttpHandler
                {
                    UseCookies = false,
                    AutomaticDecompression = DecompressionMethods.All,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                };
                _http = new HttpClient(handler) { Timeout = options.RequestTimeout };
                _ownsHttp = true;
            }

            Watches = new IcwsWatchRegistry(EnsurePumpAsync, options.LoggerFactory?.CreateLogger<IcwsWatchRegistry>(), options.ChangeStreamCapacity);
            _pump = new MessagePump(this, options, options.LoggerFactory?.CreateLogger<MessagePump>() ?? (ILogger)NullLogger<MessagePump>.Instance);
        }

        /// <summary>Logs in and returns the session.</summary>
        /// <exception cref="IcwsApiException">The server refused the login (e.g. 400 error.request.connection.authenticationFailure).</exception>
        /// <exception cref="IcwsException">No server could be reached within <see cref="IcwsSessionOptions.MaxLoginAttempts"/>.</exception>
        public static async Task<IcwsSession> ConnectAsync(IcwsSessionOptions options, CancellationToken cancellationToken = default)
        {
            var session = Create(options);
            try
            {
                await session.ConnectAsync(cancellationToken).ConfigureAwait(false);
                return session;
            }
            catch
            {
                await session.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        /// <summary>
        /// Creates a session that logs in on first use (or when <see cref="ConnectAsync(CancellationToken)"/> is
        /// called). This is what dependency injection registers, since a service factory cannot wait for a login.
        /// </summary>
        public static IcwsSession Create(IcwsSessionOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            options.Validate();
            return new IcwsSession(options);
        }

        /// <summary>Logs in if the session has not yet. Concurrent callers share one login; after a failed login the next call tries again.</summary>
        public async Task ConnectAsync(CancellationToken cancellationToken = default)
        {
            ThrowIfUnusable();
            if (Volatile.Read(ref _state) is not null)
            {
                return;
            }

            Task connecting;
            lock (_renewGate)
            {
                if (Volatile.Read(ref _state) is not null)
                {
                    // Logged in while this caller waited for the lock.
                    return;
                }

                // Not ??=: a login that completed synchronously would stay here and be "awaited" by every later call (see RenewAsync).
                if (_connecting is null || _connecting.IsCompleted)
                {
                    _connecting = ConnectCoreAsync();
                }

                connecting = _connecting;
            }

            await connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        private async Task ConnectCoreAsync()
        {
            try
            {
                var state = await LoginAsync(_options.Server!, 1, _lifetime.Token).ConfigureAwait(false);
                Volatile.Write(ref _state, state);
            }
            finally
            {
                lock (_renewGate)
                {
                    _connecting = null;
                }
            }
        }

        /// <summary>Whether the session has logged in.</summary>
        public bool IsConnected => Volatile.Read(ref _state) is not null;

        /// <summary>Logs in with default options.</summary>
        public static Task<IcwsSession> ConnectAsync(Uri server, IcwsCredentials credentials, CancellationToken cancellationToken = default)
            => ConnectAsync(new IcwsSessionOptions { Server = server, Credentials = credentials }, cancellationToken);

        /// <summary>The current session id (it changes when the session is renewed).</summary>
        public string SessionId => State.SessionId;

        /// <summary>The server the session is on now (it changes after a switchover).</summary>
        public Uri Server => State.Server;

        /// <summary>The logged-in user's id.</summary>
        public string? UserId => State.Login.UserId;

        /// <summary>The logged-in user's display name.</summary>
        public string? UserDisplayName => State.Login.UserDisplayName;

        /// <summary>The CIC server name reported at login.</summary>
        public string? IcServer => State.Login.IcServer;

        /// <summary>The server's product version, when it said.</summary>
        public string? ServerVersion => State.Login.ServerVersion;

        /// <summary>Feature ids and versions of the server (GET /icws/connection/features).</summary>
        public IReadOnlyDictionary<string, int> Features => State.Login.Features;

        /// <summary>How many times the session was renewed (re-login after expiry or switchover).</summary>
        public long Renewals => State.Generation - 1;

        /// <summary>The live watches of this session.</summary>
        public IcwsWatchRegistry Watches { get; }

        /// <summary>Counters of the message pump (messages, unknown and malformed ones, reconnects, errors).</summary>
        public MessagePumpStatistics MessageStatistics => _pump.Statistics;

        /// <summary>How the pump fetches messages now (decided from the server's messaging feature version).</summary>
        public MessageRetrieval ActiveMessageRetrieval => _pump.ActiveMode;

        /// <summary>Raised after the session was renewed; live watches are being re-subscribed.</summary>
        public event EventHandler<IcwsSessionRenewedEventArgs>? Renewed;

        /// <summary>Raised for every error the message pump or a renewal meets. <see cref="IcwsErrorEventArgs.IsFatal"/> means the session stopped.</summary>
        public event EventHandler<IcwsErrorEventArgs>? Error;

        internal SessionState State => Volatile.Read(ref _state) ?? throw new InvalidOperationException("The ICWS session has not logged in yet; call ConnectAsync first (calls through the client do it for you).");

        internal CancellationToken Lifetime => _lifetime.Token;

        internal HttpClient Http => _http;

        internal IIcwsMessageDecoder? Decoder { get; private set; }

        /// <summary>Whether the server has a feature at a version.</summary>
        public bool SupportsFeature(string featureId, int version) => Features.TryGetValue(featureId, out var v) && v >= version;

        /// <summary>
        /// Every message the session receives, from now on, in order (the pump starts if it is not running).
        /// Undecodable messages arrive as <see cref="UnknownIcwsMessage"/> with <c>Error</c> set; a reader more
        /// than <see cref="IcwsSessionOptions.ChangeStreamCapacity"/> behind loses the oldest ones (counted in <see cref="MessageStatistics"/>).
        /// </summary>
        public IAsyncEnumerable<IcwsMessage> ReadMessagesAsync(CancellationToken cancellationToken = default) => _pump.ReadAsync(cancellationToken);

        void IIcwsTransport.UseMessageDecoder(IIcwsMessageDecoder decoder)
        {
            ArgumentNullException.ThrowIfNull(decoder);
            Decoder = decoder;
        }

        Task<TResult> IIcwsTransport.SendAsync<TBody, TResult>(IcwsRequest request, TBody body, Action<Utf8JsonWriter, TBody>? writeBody, IcwsJsonReader<TResult>? readResponse, CancellationToken cancellationToken)
            => SendAsync(request, body, writeBody, readResponse, cancellationToken);

        /// <summary>Logs out (DELETE connection), stops the message pump and ends every watch.</summary>
        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            _lifetime.Cancel();
            await _pump.StopAsync().ConfigureAwait(false);
            Watches.CompleteAll(null);
            await IgnoreErrors(_resubscription).ConfigureAwait(false);
            await LogoutAsync().ConfigureAwait(false);
            DisposeHttp();
            _lifetime.Dispose();
        }

        /// <inheritdoc />
        public override string ToString() => Volatile.Read(ref _state) is { } state ? state.ToString() : "ICWS session (not connected)";

        internal async Task<TResult> SendAsync<TBody, TResult>(IcwsRequest request, TBody body, Action<Utf8JsonWriter, TBody>? writeBody, IcwsJsonReader<TResult>? readResponse, CancellationToken cancellationToken)
        {
            ThrowIfUnusable();
            if (Volatile.Read(ref _state) is null)
            {
                await ConnectAsync(cancellationToken).ConfigureAwait(false);
            }

            if (request.FeatureId is { } featureId && _options.CheckFeatureVersions)
            {
                // Endpoints that need more than version 1 of their feature carry this check. An empty feature
                // list means the server did not say, and then the server itself is the judge.
                var features = State.Login.Features;
                if (features.Count > 0 && !(features.TryGetValue(featureId, out var version) && version >= request.FeatureVersion))
                {
                    throw new IcwsFeatureNotSupportedException(request.Name, featureId, request.FeatureVersion, features.TryGetValue(featureId, out var v) ? v : null);
                }
            }

            // The name is built only when someone listens: most calls are not traced.
            using var activity = IcwsTelemetry.Source.HasListeners() ? IcwsTelemetry.Source.StartActivity("ICWS " + request.Name, ActivityKind.Client) : null;
            // Written once, sent again as-is if the call is retried on a renewed session.
            var content = writeBody is null ? null : RequestBody.Serialize(body, writeBody);
            {
                for (var attempt = 0; ; attempt++)
                {
                    var state = State;
                    using var message = CreateRequest(request, state, content);
                    HttpResponseMessage response;
                    try
                    {
                        response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                    }
                    catch (HttpRequestException ex) when (attempt == 0 && request.IsSessionCall && IsUnreachable(ex))
                    {
                        // The request never reached a server (refused connection): likely a switchover. Safe to retry anywhere.
                        Log.ServerUnreachable(_logger, request.Name, state.Server.Authority);
                        await RenewAsync(state, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    using (response)
                    {
                        var status = (int)response.StatusCode;
                        activity?.SetTag("http.response.status_code", status);
                        if (status is >= 200 and < 300)
                        {
                            // A plain read first: a locked write on every successful call costs more than the check.
                            if (Volatile.Read(ref _failedRenewals) != 0)
                            {
                                Interlocked.Exchange(ref _failedRenewals, 0);
                            }

                            Log.RequestSucceeded(_logger, request.Name, status);
                            if (readResponse is null)
                            {
                                return default!;
                            }

                            using var buffer = await PooledBuffer.ReadAsync(response.Content, _options.MaxResponseBytes, cancellationToken).ConfigureAwait(false);
                            return IcwsJson.Deserialize(buffer.Span, readResponse);
                        }

                        // 401/410: session expired or gone; 503: this server handed over (switchover). A rejected
                        // request was not executed, so retrying it once on a renewed session is safe.
                        if (attempt == 0 && request.IsSessionCall && response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Gone or HttpStatusCode.ServiceUnavailable)
                        {
                            Log.SessionRejected(_logger, request.Name, status);
                            await RenewAsync(state, cancellationToken).ConfigureAwait(false);
                            continue;
                        }

                        using var errorBody = await ReadErrorBodyAsync(response, cancellationToken).ConfigureAwait(false);
                        var error = WireFormat.ReadError(response.StatusCode, errorBody is null ? default : errorBody.Span, request.Name);
                        Log.RequestFailed(_logger, request.Name, status, error.ErrorId);
                        activity?.SetStatus(ActivityStatusCode.Error, error.ErrorId);
                        throw error;
                    }
                }
            }
        }

        /// <summary>Builds a request for the current session; secrets go into headers only.</summary>
        internal HttpRequestMessage CreateRequest(IcwsRequest request, SessionState state, byte[]? content, bool eventStream = false)
        {
            var uri = new Uri((request.IsSessionCall ? state.SessionPrefix : state.RootPrefix) + request.Path, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
            var message = new HttpRequestMessage(request.Method, uri);
            var headers = message.Headers;
            headers.TryAddWithoutValidation("Accept", eventStream ? "text/event-stream" : WireFormat.MediaType);
            headers.TryAddWithoutValidation("Accept-Language", _options.AcceptLanguage);
            if (request.IsSessionCall)
            {
                if (request.RequiresCsrf)
                {
                    headers.TryAddWithoutValidation(WireFormat.CsrfHeader, state.CsrfToken);
                }

                if (state.CookieHeader is { } cookie)
                {
                    headers.TryAddWithoutValidation("Cookie", cookie);
                }
            }

            if (request.Headers is { } extra)
            {
                foreach (var pair in extra)
                {
                    headers.Remove(pair.Key);
                    headers.TryAddWithoutValidation(pair.Key, pair.Value);
                }
            }

            if (content is not null)
            {
                message.Content = new ByteArrayContent(content);
                message.Content.Headers.TryAddWithoutValidation("Content-Type", WireFormat.ContentTypeHeader);
            }

            return message;
        }

        /// <summary>
        /// Renews the session after <paramref name="failed"/> was rejected. One renewal at a time: every caller
        /// that fails with the same state waits for the same login; a caller whose state was already
        /// replaced returns at once and simply retries.
        /// </summary>
        internal async Task RenewAsync(SessionState failed, CancellationToken cancellationToken)
        {
            Task renewal;
            lock (_renewGate)
            {
                if (!ReferenceEquals(State, failed))
                {
                    return;
                }

                // A completed task here is a renewal that finished synchronously (its login response was already in the
                // socket buffer): its finally cleared the field before ??= stored the task. It must not be awaited
                // again, or the session never renews any more (and the pump retries 401/503 in a loop without delay).
                if (_renewal is null || _renewal.IsCompleted)
                {
                    _renewal = RenewCoreAsync(failed);
                }

                renewal = _renewal;
            }

            await renewal.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        private async Task RenewCoreAsync(SessionState failed)
        {
            try
            {
                ThrowIfUnusable();
                var failures = Interlocked.Increment(ref _failedRenewals);
                if (failures > 1)
                {
                    // Repeated renewals with no successful call in between: back off instead of hammering the server.
                    await Task.Delay(Backoff(failures - 1), _lifetime.Token).ConfigureAwait(false);
                }

                Log.Renewing(_logger, failed.SessionId, failed.Server.Authority);
                var state = await LoginAsync(failed.Server, failed.Generation + 1, _lifetime.Token).ConfigureAwait(false);
                Volatile.Write(ref _state, state);
                Log.Renewed(_logger, state.SessionId, state.Server.Authority, state.Generation - 1);
                // Live watches went with the old session: subscribe them again (in the background, so the
                // callers waiting for this renewal can retry their own requests meanwhile).
                _resubscription = Task.Run(() => Watches.ResubscribeAllAsync(_lifetime.Token));
                RaiseRenewed(new IcwsSessionRenewedEventArgs(failed.SessionId, state.SessionId, state.Server));
            }
            catch (IcwsApiException ex) when (ex.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden)
            {
                // The credentials were refused: nothing will get better by retrying.
                Fail(ex);
                throw;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                RaiseError(ex, isFatal: false, "renewing the session");
                throw;
            }
            finally
            {
                lock (_renewGate)
                {
                    _renewal = null;
                }
            }
        }

        /// <summary>
        /// Logs in, starting with <paramref name="preferred"/>, then the alternate hosts the server named.
        /// Bounded: each host is tried at most once per round, with growing delays, and at most
        /// <see cref="IcwsSessionOptions.MaxLoginAttempts"/> times in all.
        /// </summary>
        private async Task<SessionState> LoginAsync(Uri preferred, long generation, CancellationToken cancellationToken)
        {
            var credentials = await GetCredentialsAsync(generation, cancellationToken).ConfigureAwait(false);
            var candidates = new List<Uri> { preferred };
            lock (_knownServers)
            {
                foreach (var known in _knownServers)
                {
                    AddCandidate(candidates, known);
                }
            }

            var tried = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            Exception? last = null;
            for (var attempt = 1; attempt <= _options.MaxLoginAttempts; attempt++)
            {
                var next = candidates.Find(c => !tried.Contains(c.Authority));
                if (next is null)
                {
                    // Every host has had its turn this round: start another round.
                    tried.Clear();
                    next = candidates[0];
                }

                tried.Add(next.Authority);
                if (attempt > 1)
                {
                    await Task.Delay(Backoff(attempt - 1), cancellationToken).ConfigureAwait(false);
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
                        RememberServers(state.Server, state.Login.AlternateHosts);
                        return state;
                    }

                    Log.LoginRedirected(_logger, next.Authority, alternates.Count);
                    foreach (var host in alternates)
                    {
                        if (TryParseHost(host, next, out var uri))
                        {
                            AddCandidate(candidates, uri);
                        }
                    }

                    last = new IcwsApiException(HttpStatusCode.ServiceUnavailable, null, "The server is not accepting sessions (switchover).", requestDescription: "login");
                }
                catch (IcwsApiException ex) when (ex.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    Log.LoginRefused(_logger, next.Authority, (int)ex.StatusCode, ex.ErrorId);
                    throw;
                }
                catch (Exception ex) when (ex is HttpRequestException or IcwsException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    Log.LoginFailed(_logger, next.Authority, ex.GetType().Name);
                    last = ex;
                }
            }

            throw new IcwsException($"Could not log in to ICWS after {_options.MaxLoginAttempts} attempts on {candidates.Count} server(s).", last);
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
            using var activity = IcwsTelemetry.Source.StartActivity("ICWS Connection.Login", ActivityKind.Client);
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            using var responseBody = await PooledBuffer.ReadAsync(response.Content, _options.MaxResponseBytes, cancellationToken).ConfigureAwait(false);
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
                        Log.BadCookie(_logger);
                    }
                }
            }

            var cookieHeader = _cookies.GetCookieHeader(sessionUri);
            if (info.Features.Count == 0)
            {
                info = info with { Features = await GetFeaturesAsync(root, cancellationToken).ConfigureAwait(false) };
            }

            Log.LoggedIn(_logger, sessionId, server.Authority, info.UserId);
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

            var credentials = _options.Credentials!;
            if (generation > 1 && !credentials.IsReusable)
            {
                var error = new IcwsException("The session expired and its credentials are single use; set IcwsSessionOptions.CredentialsProvider to renew sessions.");
                Fail(error);
                throw error;
            }

            return credentials;
        }

        private async Task LogoutAsync()
        {
            var state = _state;
            if (state is null)
            {
                return;
            }

            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                using var message = CreateRequest(new IcwsRequest(HttpMethod.Delete, "connection", true, true, "Connection.Logout"), state, null);
                using var response = await _http.SendAsync(message, timeout.Token).ConfigureAwait(false);
                Log.LoggedOut(_logger, state.SessionId, (int)response.StatusCode);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                Log.LogoutFailed(_logger, state.SessionId, ex.GetType().Name);
            }
        }

        private async Task EnsurePumpAsync(CancellationToken cancellationToken)
        {
            await ConnectAsync(cancellationToken).ConfigureAwait(false);
            _pump.EnsureStarted();
        }

        /// <summary>
        /// Messages may have been lost (an event stream broke off mid-read, a polled batch could not be read whole):
        /// subscribes every live watch again, in the background, so that each gets a fresh snapshot.
        /// </summary>
        internal void ResynchronizeWatches()
        {
            if (Watches.Count == 0 || Volatile.Read(ref _disposed) != 0)
            {
                return;
            }

            Log.Resynchronizing(_logger, Watches.Count);
            _resubscription = Task.Run(() => Watches.ResubscribeAllAsync(_lifetime.Token));
        }

        internal void RaiseError(Exception exception, bool isFatal, string context)
        {
            Log.PumpOrRenewalError(_logger, context, isFatal, exception);
            foreach (var handler in Error?.GetInvocationList() ?? Array.Empty<Delegate>())
            {
                try
                {
                    ((EventHandler<IcwsErrorEventArgs>)handler)(this, new IcwsErrorEventArgs(exception, isFatal, context));
                }
                catch (Exception ex)
                {
                    Log.HandlerFailed(_logger, nameof(Error), ex);
                }
            }
        }

        /// <summary>Raises <see cref="Renewed"/>; a failing subscriber is logged and never breaks the renewal.</summary>
        private void RaiseRenewed(IcwsSessionRenewedEventArgs args)
        {
            foreach (var handler in Renewed?.GetInvocationList() ?? Array.Empty<Delegate>())
            {
                try
                {
                    ((EventHandler<IcwsSessionRenewedEventArgs>)handler)(this, args);
                }
                catch (Exception ex)
                {
                    Log.HandlerFailed(_logger, nameof(Renewed), ex);
                }
            }
        }

        /// <summary>The session cannot go on (credentials refused): end the watches and the pump with the reason.</summary>
        private void Fail(Exception reason)
        {
            if (Interlocked.CompareExchange(ref _fault, reason, null) is not null)
            {
                return;
            }

            RaiseError(reason, isFatal: true, "renewing the session");
            Watches.CompleteAll(reason);
            _pump.Fail(reason);
        }

        private void ThrowIfUnusable()
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            if (Volatile.Read(ref _fault) is { } fault)
            {
                throw new IcwsException("The ICWS session has stopped: " + fault.Message, fault);
            }
        }

        private async Task<PooledBuffer?> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            try
            {
                return await PooledBuffer.ReadAsync(response.Content, Math.Min(_options.MaxResponseBytes, 64 * 1024), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IcwsProtocolException or HttpRequestException or System.IO.IOException)
            {
                return null;
            }
        }

        internal TimeSpan Backoff(int failures)
        {
            // Exponential with full jitter in the upper half: spreads many clients after a switchover.
            var baseDelay = _options.RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 16));
            var capped = Math.Min(baseDelay, _options.MaxRetryDelay.TotalMilliseconds);
            return TimeSpan.FromMilliseconds((capped / 2) + (Random.Shared.NextDouble() * capped / 2));
        }

        private void RememberServers(Uri current, IReadOnlyList<string> alternates)
        {
            lock (_knownServers)
            {
                AddCandidate(_knownServers, current);
                foreach (var host in alternates)
                {
                    if (TryParseHost(host, current, out var uri))
                    {
                        AddCandidate(_knownServers, uri);
                    }
                }
            }
        }

        private static void AddCandidate(List<Uri> list, Uri uri)
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

        private static bool IsUnreachable(HttpRequestException exception)
            => exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError;

        private static string? Header(HttpResponseMessage response, string name)
            => response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

        private static async Task IgnoreErrors(Task task)
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IcwsException or HttpRequestException)
            {
            }
        }

        private void DisposeHttp()
        {
            if (_ownsHttp)
            {
                _http.Dispose();
            }
        }
    }

    /// <summary>Arguments of <see cref="IcwsSession.Renewed"/>.</summary>
    public sealed class IcwsSessionRenewedEventArgs : EventArgs
    {
        internal IcwsSessionRenewedEventArgs(string previousSessionId, string sessionId, Uri server)
        {
            PreviousSessionId = previousSessionId;
            SessionId = sessionId;
            Server = server;
        }

        /// <summary>The expired session.</summary>
        public string PreviousSessionId { get; }

        /// <summary>The new session.</summary>
        public string SessionId { get; }

        /// <summary>The server of the new session (another one after a switchover).</summary>
        public Uri Server { get; }
    }

    /// <summary>Arguments of <see cref="IcwsSession.Error"/>.</summary>
    public sealed class IcwsErrorEventArgs : EventArgs
    {
        internal IcwsErrorEventArgs(Exception exception, bool isFatal, string context)
        {
            Exception = exception;
            IsFatal = isFatal;
            Context = context;
        }

        /// <summary>What went wrong.</summary>
        public Exception Exception { get; }

        /// <summary>True when the session stopped because of it.</summary>
        public bool IsFatal { get; }

        /// <summary>What the session was doing.</summary>
        public string Context { get; }
    }
}
