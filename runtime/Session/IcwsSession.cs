using System;
using System.Collections.Generic;
using System.Linq;
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
    /// <remarks>
    /// A facade: the connection (state, requests, login and renewal) is an <c>IcwsConnection</c>, message retrieval a
    /// <c>MessagePump</c> over message sources, the watches an <see cref="IcwsWatchRegistry"/>; this class wires them
    /// and raises their events.
    /// </remarks>
    public sealed class IcwsSession : IIcwsTransport, IAsyncDisposable
    {
        private readonly IcwsConnection _connection;
        private readonly MessageDispatcher _dispatcher;
        private readonly MessagePump _pump;
        private readonly ILogger _logger;
        private readonly List<Task> _resubscriptions = new();

        private IcwsSession(IcwsSessionOptions options)
        {
            var loggers = options.LoggerFactory;
            _logger = loggers?.CreateLogger<IcwsSession>() ?? (ILogger)NullLogger<IcwsSession>.Instance;
            var metrics = IcwsMetrics.For(options.MeterFactory);
            _connection = new IcwsConnection(options, _logger, RaiseError, metrics);
            Watches = new IcwsWatchRegistry(EnsurePumpAsync, loggers?.CreateLogger<IcwsWatchRegistry>(), options.ChangeStreamCapacity, metrics);
            var pumpLogger = loggers?.CreateLogger<MessagePump>() ?? (ILogger)NullLogger<MessagePump>.Instance;
            _dispatcher = new MessageDispatcher(Watches, RaiseError, options.ChangeStreamCapacity, pumpLogger, metrics);
            _pump = new MessagePump(_connection, _dispatcher, options, pumpLogger, ResynchronizeWatches);
            _connection.Renewed += OnRenewed;
            _connection.Faulted += OnFaulted;
        }

        /// <summary>Logs in and returns the session.</summary>
        /// <exception cref="IcwsApiException">The server refused the login (e.g. 400 error.request.connection.authenticationFailure).</exception>
        /// <exception cref="IcwsConnectionException">No server took the login: the message says what failed on each.</exception>
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

        /// <summary>Logs in with default options.</summary>
        public static Task<IcwsSession> ConnectAsync(Uri server, IcwsCredentials credentials, CancellationToken cancellationToken = default)
            => ConnectAsync(new IcwsSessionOptions { Server = server, Credentials = credentials }, cancellationToken);

        /// <summary>
        /// Creates a session that logs in on first use (or when <see cref="ConnectAsync(CancellationToken)"/> is
        /// called). This is what dependency injection registers, since a service factory cannot wait for a login.
        /// </summary>
        public static IcwsSession Create(IcwsSessionOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            options.Validate();
            return new IcwsSession(options.Clone());
        }

        /// <summary>Logs in if the session has not yet. Concurrent callers share one login; after a failed login the next call tries again.</summary>
        public Task ConnectAsync(CancellationToken cancellationToken = default) => _connection.ConnectAsync(cancellationToken);

        /// <summary>Whether the session has logged in.</summary>
        public bool IsConnected => _connection.Current is not null;

        /// <summary>The current session id (it changes when the session is renewed).</summary>
        public string SessionId => _connection.State.SessionId;

        /// <summary>The server the session is on now (it changes after a switchover).</summary>
        public Uri Server => _connection.State.Server;

        /// <summary>The logged-in user's id.</summary>
        public string? UserId => _connection.State.Login.UserId;

        /// <summary>The logged-in user's display name.</summary>
        public string? UserDisplayName => _connection.State.Login.UserDisplayName;

        /// <summary>The CIC server name reported at login.</summary>
        public string? IcServer => _connection.State.Login.IcServer;

        /// <summary>The server's product version, when it said.</summary>
        public string? ServerVersion => _connection.State.Login.ServerVersion;

        /// <summary>Feature ids and versions of the server (GET /icws/connection/features).</summary>
        public IReadOnlyDictionary<string, int> Features => _connection.State.Login.Features;

        /// <summary>How many times the session was renewed (re-login after expiry or switchover).</summary>
        public long Renewals => _connection.State.Generation - 1;

        /// <summary>The live watches of this session.</summary>
        public IcwsWatchRegistry Watches { get; }

        /// <summary>Counters of the message pump (messages, unknown and malformed ones, reconnects, errors).</summary>
        public MessagePumpStatistics MessageStatistics => _pump.Statistics;

        /// <summary>How the pump fetches messages now (decided from the server's messaging feature version).</summary>
        public MessageRetrieval ActiveMessageRetrieval => _pump.ActiveMode;

        /// <summary>
        /// What the session is doing now: logging in, connected, renewing, reconnecting its messages, stopped. The
        /// session's health check (<c>AddHealthChecks().AddIcwsSession()</c>) reports it.
        /// </summary>
        public IcwsSessionStatus Status
        {
            get
            {
                if (_connection.IsDisposed)
                {
                    return IcwsSessionStatus.Disposed;
                }

                if (_connection.Fault is not null)
                {
                    return IcwsSessionStatus.Faulted;
                }

                if (_connection.Current is null)
                {
                    return _connection.IsConnecting ? IcwsSessionStatus.Connecting
                        : _connection.LoginError is not null ? IcwsSessionStatus.LoginFailed
                        : IcwsSessionStatus.NotConnected;
                }

                if (_connection.IsRenewing)
                {
                    return IcwsSessionStatus.Renewing;
                }

                return _pump.IsRetrying ? IcwsSessionStatus.Reconnecting : IcwsSessionStatus.Connected;
            }
        }

        /// <summary>Whether the message pump runs (a watch or a message reader started it, and the session has not stopped).</summary>
        public bool IsMessagePumpRunning => _pump.IsRunning;

        /// <summary>Why the session stopped (<see cref="IcwsSessionStatus.Faulted"/>) or why its latest login failed (<see cref="IcwsSessionStatus.LoginFailed"/>); null otherwise.</summary>
        public Exception? LastError => _connection.Fault ?? (_connection.Current is null ? _connection.LoginError : null);

        /// <summary>Raised after the session was renewed; live watches are being re-subscribed.</summary>
        public event EventHandler<IcwsSessionRenewedEventArgs>? Renewed;

        /// <summary>Raised for every error the message pump or a renewal meets. <see cref="IcwsErrorEventArgs.IsFatal"/> means the session stopped.</summary>
        public event EventHandler<IcwsErrorEventArgs>? Error;

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
            _dispatcher.Decoder = decoder;
        }

        Task<TResult> IIcwsTransport.SendAsync<TBody, TResult>(IcwsRequest request, TBody body, Action<Utf8JsonWriter, TBody>? writeBody, IcwsJsonReader<TResult>? readResponse, CancellationToken cancellationToken)
            => _connection.SendAsync(request, body, writeBody, readResponse, cancellationToken);

        /// <summary>
        /// Stops the message pump, ends every watch and logs out (DELETE connection). Never throws, whatever the
        /// session was doing (logging in, renewing, re-subscribing): each step that fails is logged and the next runs.
        /// </summary>
        public async ValueTask DisposeAsync()
        {
            if (!_connection.BeginDispose())
            {
                return;
            }

            // The lifetime is cancelled: a login or renewal in flight stops, the pump's loop ends.
            await Step("stopping the message pump", _pump.StopAsync).ConfigureAwait(false);
            await Step("waiting for a login", _connection.WaitForLoginsAsync).ConfigureAwait(false);
            await Step("ending the watches", () =>
            {
                Watches.CompleteAll(null);
                return Task.CompletedTask;
            }).ConfigureAwait(false);
            await Step("waiting for the re-subscriptions", ResubscriptionsAsync).ConfigureAwait(false);
            await Step("logging out", _connection.LogoutAsync).ConfigureAwait(false);
            await Step("closing the connection", () =>
            {
                _connection.DisposeHttp();
                return Task.CompletedTask;
            }).ConfigureAwait(false);
        }

        /// <summary>
        /// Diagnostics (tests): the work the session runs in the background, by name: its latest login and renewal, the
        /// message pump's loop, the re-subscriptions. Once <see cref="DisposeAsync"/> has returned, every one has completed.
        /// </summary>
        internal IReadOnlyList<KeyValuePair<string, Task>> BackgroundTasks
        {
            get
            {
                var (login, renewal) = _connection.LatestLogins;
                var tasks = new List<KeyValuePair<string, Task>>(4);
                foreach (var (name, task) in new[] { ("login", login), ("renewal", renewal), ("message pump", _pump.Loop) })
                {
                    if (task is not null)
                    {
                        tasks.Add(new KeyValuePair<string, Task>(name, task));
                    }
                }

                lock (_resubscriptions)
                {
                    tasks.AddRange(_resubscriptions.Select(t => new KeyValuePair<string, Task>("re-subscription", t)));
                }

                return tasks;
            }
        }

        /// <inheritdoc />
        public override string ToString() => _connection.Current is { } state ? state.ToString() : "ICWS session (not connected)";

        private async Task Step(string step, Func<Task> action)
        {
            try
            {
                await action().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A cancelled task is what disposal asked for; anything else is logged, and closing goes on.
                if (ex is not OperationCanceledException)
                {
                    ConnectionLog.DisposeStepFailed(_logger, step, ex.GetType().Name, ex);
                }
            }
        }

        private async Task EnsurePumpAsync(CancellationToken cancellationToken)
        {
            await _connection.ConnectAsync(cancellationToken).ConfigureAwait(false);
            _pump.EnsureStarted();
        }

        private void OnRenewed(SessionState failed, SessionState state)
        {
            // Live watches went with the old session: subscribe them again (in the background, so the
            // callers waiting for this renewal can retry their own requests meanwhile).
            StartResubscription();
            RaiseEvent(Renewed, new IcwsSessionRenewedEventArgs(failed.SessionId, state.SessionId, state.Server), nameof(Renewed));
        }

        private void OnFaulted(Exception reason)
        {
            Watches.CompleteAll(reason);
            _pump.Fail(reason);
        }

        /// <summary>
        /// Messages may have been lost (an event stream broke off mid-read, a polled batch could not be read whole):
        /// subscribes every live watch again, in the background, so that each gets a fresh snapshot.
        /// </summary>
        private void ResynchronizeWatches()
        {
            if (Watches.Count == 0 || _connection.IsDisposed)
            {
                return;
            }

            ConnectionLog.Resynchronizing(_logger, Watches.Count);
            StartResubscription();
        }

        /// <summary>
        /// Subscribes every live watch again, in the background. Every one still running is kept, not only the latest: a
        /// resynchronization and a renewal can each start one while the other runs, and disposing waits for all of them.
        /// </summary>
        private void StartResubscription()
        {
            var task = Task.Run(() => Watches.ResubscribeAllAsync(_connection.Lifetime));
            lock (_resubscriptions)
            {
                _resubscriptions.RemoveAll(t => t.IsCompleted);
                _resubscriptions.Add(task);
            }
        }

        private Task ResubscriptionsAsync()
        {
            lock (_resubscriptions)
            {
                return Task.WhenAll(_resubscriptions.ToArray());
            }
        }

        private void RaiseError(Exception exception, bool isFatal, string context)
        {
            ConnectionLog.PumpOrRenewalError(_logger, context, isFatal, exception);
            RaiseEvent(Error, new IcwsErrorEventArgs(exception, isFatal, context), nameof(Error));
        }

        /// <summary>Raises an event; a failing subscriber is logged and never breaks what raised it.</summary>
        private void RaiseEvent<TArgs>(EventHandler<TArgs>? handlers, TArgs args, string name)
        {
            foreach (var handler in handlers?.GetInvocationList() ?? Array.Empty<Delegate>())
            {
                try
                {
                    ((EventHandler<TArgs>)handler)(this, args);
                }
                catch (Exception ex)
                {
                    ConnectionLog.HandlerFailed(_logger, name, ex);
                }
            }
        }
    }
}
