using System;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Icws.Runtime
{
    /// <summary>
    /// The connection under an <see cref="IcwsSession"/>: the current state (session id, CSRF token, cookie), the
    /// requests built for it and sent, one shared login and one shared renewal at a time, the back-off, logout, and
    /// the session's fault once it cannot go on. The pump and the watches use it through <see cref="ISessionConnection"/>.
    /// </summary>
    /// <remarks>
    /// A call is one async method (<see cref="FirstAttemptAsync{TResult}"/>) whose frame holds only the first attempt:
    /// checks and body written synchronously before it, one send, the body read and deserialized. A rejected first
    /// attempt (401/410/503, or an unreachable server) leaves it for <see cref="RetryAsync{TResult}"/>, and an error
    /// status for <see cref="FailAsync"/>: renewal, the one retry it allows and error reading are kept off the common
    /// path. (A split into a non-generic exchange and a generic read of its buffer was measured: it saved no time and
    /// cost a second task per call, 144 B.)
    /// </remarks>
    internal sealed class IcwsConnection : ISessionConnection
    {
        private static readonly IcwsRequest Logout = new(HttpMethod.Delete, "connection", true, true, "Connection.Logout");

        private readonly IcwsSessionOptions _options;
        private readonly HttpClient _http;
        private readonly bool _ownsHttp;
        private readonly ILogger _logger;
        private readonly IcwsMetrics _metrics;
        private readonly LoginFlow _login;
        private readonly object _gate = new();
        private readonly CancellationTokenSource _lifetime = new();
        private readonly CancellationToken _lifetimeToken;
        private SessionState? _state;
        private Task<SessionState>? _connecting;
        private Task? _renewal;
        private Task? _lastLogin;
        private Task? _lastRenewal;
        private int _failedRenewals;
        private int _disposing;
        private int _disposed;
        private int _handingOver;
        private Exception? _fault;
        private Exception? _loginError;
        private volatile bool _renewalFailing;

        public IcwsConnection(IcwsSessionOptions options, ILogger logger, Action<Exception, bool, string> reportError, IcwsMetrics metrics)
        {
            _options = options;
            _logger = logger;
            _metrics = metrics;
            ReportErrorCallback = reportError;

            // Kept: the source's Token property throws once the source is disposed, and late callers may still ask.
            _lifetimeToken = _lifetime.Token;
            if (options.HttpClient is { } http)
            {
                _http = http;
            }
            else
            {
                // Own client: cookies are kept per session by the connection, never in a handler that could share them.
                var handler = new SocketsHttpHandler
                {
                    UseCookies = false,
                    AutomaticDecompression = DecompressionMethods.All,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                };
                _http = new HttpClient(handler) { Timeout = options.RequestTimeout };
                _ownsHttp = true;
            }

            _login = new LoginFlow(options, _http, new CookieContainer(), new ServerList(), logger, metrics);
        }

        /// <inheritdoc />
        public event Action<SessionState, SessionState>? Renewed;

        /// <summary>Called when the session cannot go on (credentials refused or spent).</summary>
        public event Action<Exception>? Faulted;

        public CancellationToken Lifetime => _lifetimeToken;

        public SessionState? Current => Volatile.Read(ref _state);

        public SessionState State => Current ?? throw new InvalidOperationException("The ICWS session has not logged in yet; call ConnectAsync first (calls through the client do it for you).");

        public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

        /// <summary>Why the session stopped (credentials refused or spent), or null.</summary>
        public Exception? Fault => Volatile.Read(ref _fault);

        /// <summary>Why the latest first login failed, while the session has not logged in (the next call tries again).</summary>
        public Exception? LoginError => Volatile.Read(ref _loginError);

        /// <summary>Whether the first login is in flight.</summary>
        public bool IsConnecting
        {
            get
            {
                lock (_gate)
                {
                    return _connecting is { IsCompleted: false };
                }
            }
        }

        /// <summary>Whether a renewal is in flight, or the latest one failed (and the next is yet to come).</summary>
        public bool IsRenewing
        {
            get
            {
                if (_renewalFailing)
                {
                    return true;
                }

                lock (_gate)
                {
                    return _renewal is { IsCompleted: false };
                }
            }
        }

        private Action<Exception, bool, string> ReportErrorCallback { get; }

        /// <inheritdoc />
        public Task<SessionState> ConnectAsync(CancellationToken cancellationToken)
        {
            ThrowIfUnusable();
            if (Current is { } state)
            {
                return Task.FromResult(state);
            }

            Task<SessionState> connecting;
            lock (_gate)
            {
                if (Current is { } loggedIn)
                {
                    return Task.FromResult(loggedIn);
                }

                // Again under the lock: once disposing has begun (and taken the login to wait for), no login may start.
                ThrowIfUnusable();

                // Not ??=: a login that completed synchronously would stay here and be "awaited" by every later call.
                if (_connecting is null || _connecting.IsCompleted)
                {
                    _connecting = ConnectCoreAsync();
                    _lastLogin = _connecting;
                }

                connecting = _connecting;
            }

            return connecting.WaitAsync(cancellationToken);
        }

        private async Task<SessionState> ConnectCoreAsync()
        {
            try
            {
                var state = await _login.LoginAsync(_options.Server!, 1, Backoff, _lifetimeToken).ConfigureAwait(false);
                Volatile.Write(ref _state, state);
                Volatile.Write(ref _loginError, null);
                return state;
            }
            catch (Exception ex) when (!_lifetimeToken.IsCancellationRequested)
            {
                Volatile.Write(ref _loginError, ex);
                throw;
            }
            finally
            {
                lock (_gate)
                {
                    _connecting = null;
                }
            }
        }

        /// <summary>One ICWS call: the first attempt on the fast path, the retry after a renewal on the cold one.</summary>
        public Task<TResult> SendAsync<TBody, TResult>(IcwsRequest request, TBody body, Action<Utf8JsonWriter, TBody>? writeBody, IcwsJsonReader<TResult>? readResponse, CancellationToken cancellationToken)
        {
            ThrowIfUnusable();
            if (Current is not { } state)
            {
                return SendAfterLoginAsync(request, body, writeBody, readResponse, cancellationToken);
            }

            CheckFeature(request, state);

            // Written once, sent again as-is if the call is retried on a renewed session.
            var content = writeBody is null ? null : RequestBody.Serialize(body, writeBody);
            return FirstAttemptAsync(request, state, content, readResponse, cancellationToken);
        }

        private async Task<TResult> SendAfterLoginAsync<TBody, TResult>(IcwsRequest request, TBody body, Action<Utf8JsonWriter, TBody>? writeBody, IcwsJsonReader<TResult>? readResponse, CancellationToken cancellationToken)
        {
            await ConnectAsync(cancellationToken).ConfigureAwait(false);
            return await SendAsync(request, body, writeBody, readResponse, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// The first attempt: send, and on success read the body (when there is a reader) into the result. A rejected
        /// session or an unreachable server goes to <see cref="RetryAsync{TResult}"/>, any other error status to
        /// <see cref="FailAsync"/>, which throws it typed. One duration is recorded per call, whichever way it ends.
        /// </summary>
        private async Task<TResult> FirstAttemptAsync<TResult>(IcwsRequest request, SessionState state, byte[]? content, IcwsJsonReader<TResult>? readResponse, CancellationToken cancellationToken)
        {
            // The name is built only when someone listens: most calls are not traced.
            using var activity = IcwsTelemetry.Source.HasListeners() ? IcwsTelemetry.Source.StartActivity("ICWS " + request.Name, ActivityKind.Client) : null;
            var started = _metrics.StartRequest();
            using var message = CreateRequest(request, state, content);
            HttpResponseMessage response;
            try
            {
                response = await SendUnlessDisposedAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex) when (request.IsSessionCall && IsUnreachable(ex))
            {
                // The request never reached a server (refused connection): likely a switchover. Safe to retry anywhere.
                ConnectionLog.ServerUnreachable(_logger, request.Name, state.Server.Authority);
                return await RetryAsync(request, state, content, readResponse, activity, started, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _metrics.RecordRequest(started, request.Name, request.Method.Method, state.Server, 0, ex);
                throw;
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                if (status is >= 200 and < 300)
                {
                    Succeeded(request, status, activity);
                    if (readResponse is null)
                    {
                        _metrics.RecordRequest(started, request.Name, request.Method.Method, state.Server, status, null);
                        return default!;
                    }

                    // Read here, not through ReadBodyAsync: one more async method on the common path is one more box when it awaits.
                    PooledBuffer buffer;
                    try
                    {
                        buffer = await PooledBuffer.ReadAsync(response.Content, _options.MaxResponseBytes, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex)
                    {
                        _metrics.RecordRequest(started, request.Name, request.Method.Method, state.Server, status, ex);
                        throw;
                    }

                    _metrics.RecordRequest(started, request.Name, request.Method.Method, state.Server, status, null);
                    using (buffer)
                    {
                        return IcwsJson.Deserialize(buffer.Span, readResponse);
                    }
                }

                if (IsRejectedSession(request, response.StatusCode))
                {
                    ConnectionLog.SessionRejected(_logger, request.Name, status);
                    return await RetryAsync(request, state, content, readResponse, activity, started, cancellationToken).ConfigureAwait(false);
                }

                await FailAsync(request, response, activity, started, state.Server, cancellationToken).ConfigureAwait(false);
                return default!; // not reached: FailAsync always throws
            }
        }

        /// <summary>The retry on a renewed session (cold), then the result read from its buffer.</summary>
        private async Task<TResult> RetryAsync<TResult>(IcwsRequest request, SessionState failed, byte[]? content, IcwsJsonReader<TResult>? readResponse, Activity? activity, long started, CancellationToken cancellationToken)
        {
            using var buffer = await RetryCoreAsync(request, failed, content, readResponse is not null, activity, started, cancellationToken).ConfigureAwait(false);
            return readResponse is null ? default! : IcwsJson.Deserialize(buffer!.Span, readResponse);
        }

        /// <summary>
        /// The cold path: renew the session <paramref name="failed"/> belonged to (one renewal for every caller), then
        /// try once more. A rejected request was not executed, so retrying it once on a renewed session is safe.
        /// </summary>
        private async Task<PooledBuffer?> RetryCoreAsync(IcwsRequest request, SessionState failed, byte[]? content, bool readBody, Activity? activity, long started, CancellationToken cancellationToken)
        {
            HttpRequestMessage? message = null;
            HttpResponseMessage response;
            SessionState state;
            try
            {
                await RenewAsync(failed, cancellationToken).ConfigureAwait(false);

                // Disposed meanwhile: the retry would go to a session that is being logged out.
                ThrowIfUnusable();
                state = State;
                message = CreateRequest(request, state, content);
                response = await SendUnlessDisposedAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _metrics.RecordRequest(started, request.Name, request.Method.Method, failed.Server, 0, ex);
                message?.Dispose();
                throw;
            }

            using (message)
            using (response)
            {
                var status = (int)response.StatusCode;
                if (status is >= 200 and < 300)
                {
                    Succeeded(request, status, activity);
                    if (!readBody)
                    {
                        _metrics.RecordRequest(started, request.Name, request.Method.Method, state.Server, status, null);
                        return null;
                    }

                    return await ReadBodyAsync(request, response, started, state.Server, cancellationToken).ConfigureAwait(false);
                }

                await FailAsync(request, response, activity, started, state.Server, cancellationToken).ConfigureAwait(false);
                return null; // not reached: FailAsync always throws
            }
        }

        /// <summary>
        /// Hands a call's request to HttpClient unless disposing has begun. The check and the hand-over are one step for
        /// <see cref="BeginDispose"/>, which waits for hand-overs under way once it has marked the connection disposed: a
        /// call that passed its first check just before the disposal cannot send its request after DisposeAsync returned.
        /// </summary>
        private Task<HttpResponseMessage> SendUnlessDisposedAsync(HttpRequestMessage message, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _handingOver);
            try
            {
                ThrowIfUnusable();
                return _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _handingOver);
            }
        }

        private void Succeeded(IcwsRequest request, int status, Activity? activity)
        {
            activity?.SetTag("http.response.status_code", status);

            // A plain read first: a locked write on every successful call costs more than the check.
            if (Volatile.Read(ref _failedRenewals) != 0)
            {
                Interlocked.Exchange(ref _failedRenewals, 0);
            }

            if (_renewalFailing)
            {
                // A call went through after a failed renewal: the session works again.
                _renewalFailing = false;
            }

            ConnectionLog.RequestSucceeded(_logger, request.Name, status);
        }

        /// <summary>A retried call's body, read into a pooled buffer; the call's duration recorded either way.</summary>
        private async ValueTask<PooledBuffer> ReadBodyAsync(IcwsRequest request, HttpResponseMessage response, long started, Uri server, CancellationToken cancellationToken)
        {
            var status = (int)response.StatusCode;
            PooledBuffer body;
            try
            {
                body = await PooledBuffer.ReadAsync(response.Content, _options.MaxResponseBytes, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _metrics.RecordRequest(started, request.Name, request.Method.Method, server, status, ex);
                throw;
            }

            _metrics.RecordRequest(started, request.Name, request.Method.Method, server, status, null);
            return body;
        }

        /// <summary>Records a failed call, reads its error body and throws it as an <see cref="IcwsApiException"/>.</summary>
        private async Task FailAsync(IcwsRequest request, HttpResponseMessage response, Activity? activity, long started, Uri server, CancellationToken cancellationToken)
        {
            var status = (int)response.StatusCode;
            activity?.SetTag("http.response.status_code", status);
            _metrics.RecordRequest(started, request.Name, request.Method.Method, server, status, null);
            using var errorBody = await ReadErrorBodyAsync(response, cancellationToken).ConfigureAwait(false);
            var error = WireFormat.ReadError(response.StatusCode, errorBody is null ? default : errorBody.Span, request.Name);
            ConnectionLog.RequestFailed(_logger, request.Name, status, error.ErrorId);
            activity?.SetStatus(ActivityStatusCode.Error, error.ErrorId);
            throw error;
        }

        private static bool IsRejectedSession(IcwsRequest request, HttpStatusCode status)
            => request.IsSessionCall && status is HttpStatusCode.Unauthorized or HttpStatusCode.Gone or HttpStatusCode.ServiceUnavailable;

        private void CheckFeature(IcwsRequest request, SessionState state)
        {
            if (request.FeatureId is { } featureId && _options.CheckFeatureVersions)
            {
                // Endpoints that need more than version 1 of their feature carry this check. An empty feature
                // list means the server did not say, and then the server itself is the judge.
                var features = state.Login.Features;
                if (features.Count > 0 && !(features.TryGetValue(featureId, out var version) && version >= request.FeatureVersion))
                {
                    throw new IcwsFeatureNotSupportedException(request.Name, featureId, request.FeatureVersion, features.TryGetValue(featureId, out var v) ? v : null);
                }
            }
        }

        /// <inheritdoc />
        public HttpRequestMessage CreateRequest(IcwsRequest request, SessionState state, byte[]? content, bool eventStream = false)
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

        /// <inheritdoc />
        public Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage message, HttpCompletionOption completion, CancellationToken cancellationToken)
            => _http.SendAsync(message, completion, cancellationToken);

        /// <inheritdoc />
        public Task RenewAsync(SessionState failed, CancellationToken cancellationToken)
        {
            Task renewal;
            lock (_gate)
            {
                if (!ReferenceEquals(Current, failed))
                {
                    // Already replaced: the caller simply retries on the new state.
                    return Task.CompletedTask;
                }

                if (IsDisposed)
                {
                    // Disposing has begun (and taken the renewal to wait for): no renewal may start, nor be reported as an error.
                    return Task.FromException(new ObjectDisposedException(typeof(IcwsSession).FullName));
                }

                // A completed task here is a renewal that finished synchronously (its login response was already in the
                // socket buffer): its finally cleared the field before the task was stored. It must not be awaited
                // again, or the session never renews any more (and the pump retries 401/503 in a loop without delay).
                if (_renewal is null || _renewal.IsCompleted)
                {
                    _renewal = RenewCoreAsync(failed);
                    _lastRenewal = _renewal;
                }

                renewal = _renewal;
            }

            return renewal.WaitAsync(cancellationToken);
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
                    await Task.Delay(Backoff(failures - 1), _lifetimeToken).ConfigureAwait(false);
                }

                if (!_login.CanLogInAgain)
                {
                    throw new IcwsException("The session expired and its credentials are single use; set IcwsSessionOptions.CredentialsProvider to renew sessions.");
                }

                ConnectionLog.Renewing(_logger, failed.SessionId, failed.Server.Authority);
                var state = await _login.LoginAsync(failed.Server, failed.Generation + 1, Backoff, _lifetimeToken).ConfigureAwait(false);
                Volatile.Write(ref _state, state);
                _renewalFailing = false;
                ConnectionLog.Renewed(_logger, state.SessionId, state.Server.Authority, state.Generation - 1);
                _metrics.RecordRenewal(failed.Server, state.Server, null);
                Renewed?.Invoke(failed, state);
            }
            catch (Exception) when (_lifetimeToken.IsCancellationRequested)
            {
                // Disposing cancelled it (or closed the client under it): a consequence of the disposal, not an error to raise.
                throw;
            }
            catch (Exception ex) when (!_login.CanLogInAgain || ex is IcwsApiException { StatusCode: HttpStatusCode.BadRequest or HttpStatusCode.Forbidden })
            {
                // The credentials were refused or cannot be given again: nothing will get better by retrying.
                _metrics.RecordRenewal(failed.Server, null, ex);
                Fail(ex);
                throw;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _renewalFailing = true;
                _metrics.RecordRenewal(failed.Server, null, ex);
                ReportError(ex, isFatal: false, "renewing the session");
                throw;
            }
            finally
            {
                lock (_gate)
                {
                    _renewal = null;
                }
            }
        }

        /// <inheritdoc />
        public TimeSpan Backoff(int failures)
        {
            // Exponential with full jitter in the upper half: spreads many clients after a switchover.
            var baseDelay = _options.RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 16));
            var capped = Math.Min(baseDelay, _options.MaxRetryDelay.TotalMilliseconds);
            return TimeSpan.FromMilliseconds((capped / 2) + (Random.Shared.NextDouble() * capped / 2));
        }

        /// <inheritdoc />
        public void ReportError(Exception exception, bool isFatal, string context) => ReportErrorCallback(exception, isFatal, context);

        /// <summary>The session cannot go on (credentials refused): raise it once, and let the pump and the watches end with the reason.</summary>
        public void Fail(Exception reason)
        {
            if (Interlocked.CompareExchange(ref _fault, reason, null) is not null)
            {
                return;
            }

            ReportError(reason, isFatal: true, "renewing the session");
            Faulted?.Invoke(reason);
        }

        public void ThrowIfUnusable()
        {
            ObjectDisposedException.ThrowIf(IsDisposed, typeof(IcwsSession));
            if (Volatile.Read(ref _fault) is { } fault)
            {
                throw new IcwsException("The ICWS session has stopped: " + fault.Message, fault);
            }
        }

        /// <summary>Cancels the connection's lifetime, then marks it disposed; false when disposing had already begun.</summary>
        public bool BeginDispose()
        {
            if (Interlocked.Exchange(ref _disposing, 1) != 0)
            {
                return false;
            }

            // Cancelled first, marked disposed after: whoever then meets ObjectDisposedException (ThrowIfUnusable) finds the
            // lifetime already cancelled and takes it for the disposal it is (the pump's loop, the re-subscriptions). The other
            // way round, the pump's loop could meet it with its token not yet cancelled, and die of it.
            _lifetime.Cancel();

            // A full fence: a call entering SendUnlessDisposedAsync after this sees the mark; one already in it is handing
            // its request over (its check passed before the mark) and is waited for, briefly (a handler that disposed the
            // session from inside its own SendAsync would otherwise wait for itself).
            Interlocked.Exchange(ref _disposed, 1);
            SpinWait.SpinUntil(() => Volatile.Read(ref _handingOver) == 0, millisecondsTimeout: 1_000);
            return true;
        }

        /// <summary>
        /// Diagnostics: the latest login and renewal (kept after they end, unlike the fields the next caller looks at; a new
        /// one starts only once the one before has completed, so these are the only ones that can still run).
        /// </summary>
        internal (Task? Login, Task? Renewal) LatestLogins
        {
            get
            {
                lock (_gate)
                {
                    return (_lastLogin, _lastRenewal);
                }
            }
        }

        /// <summary>Waits for a login or renewal in flight to end (they stop at once: the lifetime is cancelled).</summary>
        public async Task WaitForLoginsAsync()
        {
            // The latest login and renewal, not the ones in flight: those fields are cleared in the tasks' own finally
            // blocks, a moment before the tasks complete, and a disposal reading them then would not wait for the rest.
            Task? connecting, renewal;
            lock (_gate)
            {
                connecting = _lastLogin;
                renewal = _lastRenewal;
            }

            foreach (var task in new[] { connecting, renewal })
            {
                if (task is not null)
                {
                    try
                    {
                        await task.ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException)
                    {
                        // It failed or was cancelled by the disposal: either way it is over, which is all that is asked.
                    }
                }
            }
        }

        /// <summary>Logs out (DELETE connection), best effort, at most 5 s.</summary>
        public async Task LogoutAsync()
        {
            if (Current is not { } state)
            {
                return;
            }

            var started = _metrics.StartRequest();
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                using var message = CreateRequest(Logout, state, null);
                using var response = await _http.SendAsync(message, timeout.Token).ConfigureAwait(false);
                _metrics.RecordRequest(started, Logout.Name, Logout.Method.Method, state.Server, (int)response.StatusCode, null);
                ConnectionLog.LoggedOut(_logger, state.SessionId, (int)response.StatusCode);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or ObjectDisposedException)
            {
                _metrics.RecordRequest(started, Logout.Name, Logout.Method.Method, state.Server, 0, ex);
                ConnectionLog.LogoutFailed(_logger, state.SessionId, ex.GetType().Name);
            }
        }

        public void DisposeHttp()
        {
            if (_ownsHttp)
            {
                _http.Dispose();
            }

            _lifetime.Dispose();
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

        private static bool IsUnreachable(HttpRequestException exception)
            => exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError;
    }
}
