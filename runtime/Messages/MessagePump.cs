using System;
using System.Collections.Generic;
using System.Net;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Icws.Runtime;
using Microsoft.Extensions.Logging;

namespace Icws
{
    /// <summary>
    /// Runs a session's message retrieval: picks the source (server-sent events where the server's messaging
    /// feature allows, short polling otherwise), renews the session when the server says it is gone, backs off after
    /// errors, and asks the watches for fresh snapshots when messages may have been lost. It never stops on an error:
    /// every error is counted, logged and raised on <see cref="IcwsSession.Error"/>. Only a fatal session failure or
    /// disposal ends it, and then its readers learn why.
    /// </summary>
    internal sealed class MessagePump
    {
        private readonly ISessionConnection _connection;
        private readonly MessageDispatcher _dispatcher;
        private readonly IcwsSessionOptions _options;
        private readonly ILogger _logger;
        private readonly Action _resynchronize;
        private readonly EventStreamSource _events;
        private readonly PollingSource _polling;
        private readonly object _gate = new();
        private Task? _loop;
        private CancellationTokenSource? _stop;
        private bool _stopped;
        private volatile bool _retrying;

        public MessagePump(ISessionConnection connection, MessageDispatcher dispatcher, IcwsSessionOptions options, ILogger logger, Action resynchronize)
        {
            _connection = connection;
            _dispatcher = dispatcher;
            _options = options;
            _logger = logger;
            _resynchronize = resynchronize;
            _events = new EventStreamSource(connection, dispatcher, options, logger, () => _retrying = false);
            _polling = new PollingSource(connection, dispatcher, options, dispatcher.Metrics);

            // A renewed session needs a new event stream: end the one bound to the old session.
            connection.Renewed += (_, _) => _events.CancelStream();
        }

        public MessagePumpStatistics Statistics => _dispatcher.Statistics;

        /// <summary>Diagnostics: the loop's task, once started.</summary>
        internal Task? Loop
        {
            get
            {
                lock (_gate)
                {
                    return _loop;
                }
            }
        }

        /// <summary>Whether the loop runs (started, and neither stopped nor failed).</summary>
        public bool IsRunning
        {
            get
            {
                lock (_gate)
                {
                    return _loop is not null && !_stopped;
                }
            }
        }

        /// <summary>Whether the latest fetch failed and the loop is waiting to try again (until a stream opens or a poll succeeds).</summary>
        public bool IsRetrying => _retrying;

        public MessageRetrieval ActiveMode => _connection.Current is { } state && UseEvents(state) ? MessageRetrieval.ServerSentEvents : MessageRetrieval.Polling;

        public void EnsureStarted()
        {
            lock (_gate)
            {
                if (_loop is not null || _stopped)
                {
                    return;
                }

                _stop = CancellationTokenSource.CreateLinkedTokenSource(_connection.Lifetime);
                var token = _stop.Token;
                _loop = Task.Run(() => RunAsync(token));
            }
        }

        /// <summary>Stops the loop and ends the readers. Never throws: a loop that failed has reported why already.</summary>
        public async Task StopAsync()
        {
            Task? loop;
            lock (_gate)
            {
                _stopped = true;
                loop = _loop;
                _stop?.Cancel();
            }

            if (loop is not null)
            {
                try
                {
                    await loop.ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    // The loop catches everything while it runs; this is a last guard, so that disposing never throws.
                    _connection.ReportError(ex, isFatal: false, "stopping the message pump");
                }
            }

            _dispatcher.CompleteReaders(null);
        }

        /// <summary>The session cannot go on: stop, and end the readers with the reason.</summary>
        public void Fail(Exception reason)
        {
            lock (_gate)
            {
                _stopped = true;
                _stop?.Cancel();
            }

            _dispatcher.CompleteReaders(reason);
        }

        public async IAsyncEnumerable<IcwsMessage> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var channel = _dispatcher.AddReader(out var fault);
            if (channel is null)
            {
                if (fault is not null)
                {
                    throw new IcwsException("The ICWS session has stopped: " + fault.Message, fault);
                }

                yield break;
            }

            EnsureStarted();
            try
            {
                await foreach (var message in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield return message;
                }
            }
            finally
            {
                _dispatcher.RemoveReader(channel);
            }
        }

        private async Task RunAsync(CancellationToken stop)
        {
            var failures = 0;
            while (!stop.IsCancellationRequested)
            {
                SessionState state;
                try
                {
                    // A reader may start before the session has logged in (dependency injection creates it unconnected).
                    state = await _connection.ConnectAsync(stop).ConfigureAwait(false);
                }
                catch (Exception) when (stop.IsCancellationRequested)
                {
                    // Disposing: the login was cancelled, or the connection is already disposed (ObjectDisposedException).
                    break;
                }
                catch (Exception ex) when (ex is IcwsException or System.Net.Http.HttpRequestException)
                {
                    _retrying = true;
                    Statistics.CountError();
                    _connection.ReportError(ex, isFatal: false, "logging in for messages");
                    await Delay(_connection.Backoff(3), stop).ConfigureAwait(false);
                    continue;
                }

                var delay = TimeSpan.Zero;
                try
                {
                    delay = await (UseEvents(state) ? _events : (IMessageSource)_polling).FetchAsync(state, stop).ConfigureAwait(false);
                    failures = 0;
                    _retrying = false;
                }
                catch (Exception) when (stop.IsCancellationRequested)
                {
                    break;
                }
                catch (OperationCanceledException)
                {
                    // The stream was cancelled because the session was renewed: reconnect on the new one at once.
                    continue;
                }
                catch (IcwsApiException ex) when (ex.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Gone or HttpStatusCode.ServiceUnavailable)
                {
                    _retrying = true;
                    Statistics.CountError();
                    MessagePumpLog.SessionLost(_logger, (int)ex.StatusCode);
                    try
                    {
                        await _connection.RenewAsync(state, stop).ConfigureAwait(false);
                        continue;
                    }
                    catch (Exception) when (stop.IsCancellationRequested)
                    {
                        break;
                    }
                    catch (Exception renewal)
                    {
                        // Already raised by the connection; keep trying with back-off (the connection decides when it is fatal).
                        delay = _connection.Backoff(++failures);
                        MessagePumpLog.WillRetry(_logger, delay.TotalMilliseconds, renewal.GetType().Name);
                    }
                }
                catch (Exception ex)
                {
                    _retrying = true;
                    Statistics.CountError();
                    delay = _connection.Backoff(++failures);
                    _connection.ReportError(ex, isFatal: false, "fetching messages");
                    MessagePumpLog.WillRetry(_logger, delay.TotalMilliseconds, ex.GetType().Name);
                }

                if (_dispatcher.TakeMessagesLost())
                {
                    // Fresh snapshots for every watch: a view must not go on without the changes that were lost.
                    _resynchronize();
                }

                await Delay(delay, stop).ConfigureAwait(false);
            }
        }

        private bool UseEvents(SessionState state) => _options.MessageRetrieval switch
        {
            MessageRetrieval.Polling => false,
            MessageRetrieval.ServerSentEvents => true,
            // go-icws and the 2016 R3 release notes: messaging version 2 brought server-sent events.
            _ => !_events.ServerLacksEvents && state.Login.Features.TryGetValue("messaging", out var version) && version >= 2,
        };

        /// <summary>Waits, ending early (without an exception) when the pump stops.</summary>
        private static Task Delay(TimeSpan delay, CancellationToken stop)
            => delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, stop).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
