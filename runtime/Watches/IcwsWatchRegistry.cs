using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Icws.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Icws.Runtime
{
    /// <summary>What the registry keeps of a watch: how to (re)subscribe, unsubscribe and feed it.</summary>
    internal sealed record WatchRegistration(
        IcwsWatchKind Kind,
        string Key,
        Func<CancellationToken, Task> Subscribe,
        Func<CancellationToken, Task>? Unsubscribe,
        Action<IInteractionFeedMessage> Apply,
        Action MarkResubscribing,
        Action<WatchState, Exception?> Complete);

    /// <summary>
    /// The live watches of one session. The message pump routes feed messages here by (kind, key); after
    /// a re-login the session asks it to subscribe every live watch again. Used by the generated client.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed partial class IcwsWatchRegistry
    {
        private readonly object _gate = new();
        private readonly Dictionary<(IcwsWatchKind, string), WatchRegistration> _watches = new();
        private readonly Func<CancellationToken, Task> _ensurePump;
        private readonly ILogger _logger;
        private readonly IcwsMetrics _metrics;

        internal IcwsWatchRegistry(Func<CancellationToken, Task> ensurePump, ILogger? logger = null, int readerCapacity = 10_000, IcwsMetrics? metrics = null)
        {
            _ensurePump = ensurePump;
            _logger = logger ?? NullLogger.Instance;
            ReaderCapacity = readerCapacity;
            _metrics = metrics ?? IcwsMetrics.Shared;
        }

        /// <summary>How many changes a change-stream reader may fall behind before it is resynchronized.</summary>
        internal int ReaderCapacity { get; }

        /// <summary>Number of live watches.</summary>
        public int Count
        {
            get
            {
                lock (_gate)
                {
                    return _watches.Count;
                }
            }
        }

        /// <summary>Starts a queue watch: registers it, makes sure messages flow, then subscribes.</summary>
        public async Task<QueueWatch<TView>> StartQueueWatchAsync<TView>(string subscriptionId, Func<CancellationToken, Task> subscribe, Func<CancellationToken, Task>? unsubscribe, CancellationToken cancellationToken)
            where TView : IAttributeView<TView>
        {
            ArgumentException.ThrowIfNullOrEmpty(subscriptionId);
            var watch = new QueueWatch<TView>(subscriptionId, this, subscribe, unsubscribe, ReaderCapacity);
            await StartAsync(watch.Registration, cancellationToken).ConfigureAwait(false);
            return watch;
        }

        /// <summary>Starts an interaction watch.</summary>
        public async Task<InteractionWatch<TView>> StartInteractionWatchAsync<TView>(string interactionId, Func<CancellationToken, Task> subscribe, Func<CancellationToken, Task>? unsubscribe, CancellationToken cancellationToken)
            where TView : IAttributeView<TView>
        {
            ArgumentException.ThrowIfNullOrEmpty(interactionId);
            var watch = new InteractionWatch<TView>(interactionId, this, subscribe, unsubscribe, ReaderCapacity);
            await StartAsync(watch.Registration, cancellationToken).ConfigureAwait(false);
            return watch;
        }

        private async Task StartAsync(WatchRegistration registration, CancellationToken cancellationToken)
        {
            var key = (registration.Kind, registration.Key);
            lock (_gate)
            {
                // ICWS keeps one subscription per id (a second PUT replaces the first); two live views of
                // one subscription would silently steal each other's messages, so refuse it.
                if (_watches.ContainsKey(key))
                {
                    throw new InvalidOperationException($"A {registration.Kind} watch '{registration.Key}' is already running on this session; dispose it first or use another id.");
                }

                // Registered before the PUT: the snapshot may arrive before the PUT's response does.
                _watches[key] = registration;
                _metrics.WatchChanged(registration.Kind, +1);
            }

            try
            {
                await _ensurePump(cancellationToken).ConfigureAwait(false);
                await registration.Subscribe(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Unregister(registration);
                registration.Complete(WatchState.Faulted, ex);
                throw;
            }
        }

        /// <summary>Routes a feed message to its watch; false when no watch has its key (e.g. one just disposed).</summary>
        internal bool Dispatch(IInteractionFeedMessage message)
        {
            WatchRegistration? registration;
            lock (_gate)
            {
                _watches.TryGetValue((message.FeedKind, message.FeedKey), out registration);
            }

            if (registration is null)
            {
                return false;
            }

            registration.Apply(message);
            return true;
        }

        /// <summary>How many times a re-subscription that meets a transient error (5xx, no connection, timeout) is tried before its watch is faulted.</summary>
        internal const int ResubscribeAttempts = 6;

        /// <summary>
        /// Subscribes every live watch again (the server forgot them with the old session). A transient error (a 5xx,
        /// no connection, a timeout) is retried with growing delays; a 401/410/503 means the new session went too, and the
        /// renewal that follows subscribes every watch again. A watch that still fails after retries, or that the server
        /// refuses (another 4xx), is faulted, not dropped silently.
        /// </summary>
        internal async Task ResubscribeAllAsync(CancellationToken cancellationToken)
        {
            WatchRegistration[] all;
            lock (_gate)
            {
                all = _watches.Values.ToArray();
            }

            foreach (var registration in all)
            {
                registration.MarkResubscribing();
            }

            foreach (var registration in all)
            {
                for (var attempt = 1; IsRegistered(registration); attempt++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    try
                    {
                        await registration.Subscribe(cancellationToken).ConfigureAwait(false);
                        Log.Resubscribed(_logger, registration.Kind, registration.Key);
                        break;
                    }
                    catch (Exception) when (cancellationToken.IsCancellationRequested)
                    {
                        // The session is being disposed (it ends every watch itself): whatever this attempt met, ObjectDisposedException
                        // included, is the disposal's doing, not the watch's fault.
                        return;
                    }
                    catch (IcwsApiException ex) when (ex.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Gone or HttpStatusCode.ServiceUnavailable)
                    {
                        // The request was already retried once on a renewed session, which is gone as well: the next
                        // renewal (the message pump meets the same status) subscribes this watch again.
                        Log.ResubscribeDeferred(_logger, registration.Kind, registration.Key, (int)ex.StatusCode);
                        break;
                    }
                    catch (IcwsConnectionException ex) when (ex.IsTransient)
                    {
                        // The renewal this request needed ran out of attempts on servers that may yet answer (503s, timeouts):
                        // the session is still lost, so the next renewal (the message pump keeps trying) subscribes this watch
                        // again. Faulting it here would end a watch over a switchover that only took longer than one renewal.
                        Log.ResubscribeAwaitsRenewal(_logger, registration.Kind, registration.Key, ex.Message);
                        break;
                    }
                    catch (Exception ex) when (attempt < ResubscribeAttempts && IsTransient(ex, cancellationToken))
                    {
                        var delay = TimeSpan.FromMilliseconds(Math.Min(100 * Math.Pow(2, attempt - 1), 5_000));
                        Log.ResubscribeRetrying(_logger, registration.Kind, registration.Key, delay.TotalMilliseconds, ex.GetType().Name);
                        await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        Log.ResubscribeFailed(_logger, registration.Kind, registration.Key, ex);
                        Unregister(registration);
                        registration.Complete(WatchState.Faulted, ex);
                        break;
                    }
                }
            }
        }

        private static bool IsTransient(Exception exception, CancellationToken cancellationToken) => exception switch
        {
            IcwsApiException api => (int)api.StatusCode >= 500 || api.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests,
            HttpRequestException or TimeoutException => true,
            OperationCanceledException => !cancellationToken.IsCancellationRequested, // an HttpClient timeout
            _ => false,
        };

        private bool IsRegistered(WatchRegistration registration)
        {
            lock (_gate)
            {
                return _watches.TryGetValue((registration.Kind, registration.Key), out var current) && ReferenceEquals(current, registration);
            }
        }

        /// <summary>Ends every watch (the session is closed or cannot be renewed).</summary>
        internal void CompleteAll(Exception? fault)
        {
            WatchRegistration[] all;
            lock (_gate)
            {
                all = _watches.Values.ToArray();
                _watches.Clear();
                foreach (var registration in all)
                {
                    _metrics.WatchChanged(registration.Kind, -1);
                }
            }

            foreach (var registration in all)
            {
                registration.Complete(fault is null ? WatchState.Disposed : WatchState.Faulted, fault);
            }
        }

        internal async Task RemoveAsync<TView>(IcwsWatch<TView> watch)
            where TView : IAttributeView<TView>
        {
            var registration = watch.Registration;
            if (!Unregister(registration) || registration.Unsubscribe is null)
            {
                return;
            }

            try
            {
                await registration.Unsubscribe(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IcwsException or System.Net.Http.HttpRequestException or OperationCanceledException or ObjectDisposedException)
            {
                // The session may already be gone (and the subscription with it); the view is closed either way.
                Log.UnsubscribeFailed(_logger, registration.Kind, registration.Key, ex);
            }
        }

        private bool Unregister(WatchRegistration registration)
        {
            lock (_gate)
            {
                var key = (registration.Kind, registration.Key);
                if (_watches.TryGetValue(key, out var current) && ReferenceEquals(current, registration))
                {
                    _watches.Remove(key);
                    _metrics.WatchChanged(registration.Kind, -1);
                    return true;
                }

                return false;
            }
        }

        private static partial class Log
        {
            [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Re-subscribed the {Kind} watch {Key} on the new session")]
            public static partial void Resubscribed(ILogger logger, IcwsWatchKind kind, string key);

            [LoggerMessage(EventId = 302, Level = LogLevel.Error, Message = "Could not re-subscribe the {Kind} watch {Key}; it is faulted")]
            public static partial void ResubscribeFailed(ILogger logger, IcwsWatchKind kind, string key, Exception exception);

            [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "Could not unsubscribe the {Kind} watch {Key}")]
            public static partial void UnsubscribeFailed(ILogger logger, IcwsWatchKind kind, string key, Exception exception);

            [LoggerMessage(EventId = 304, Level = LogLevel.Warning, Message = "Re-subscribing the {Kind} watch {Key} met {Status}: the new session is gone too; the next renewal subscribes it")]
            public static partial void ResubscribeDeferred(ILogger logger, IcwsWatchKind kind, string key, int status);

            [LoggerMessage(EventId = 306, Level = LogLevel.Warning, Message = "Re-subscribing the {Kind} watch {Key} waits for the next renewal: logging in again failed for now ({Reason})")]
            public static partial void ResubscribeAwaitsRenewal(ILogger logger, IcwsWatchKind kind, string key, string reason);

            [LoggerMessage(EventId = 305, Level = LogLevel.Warning, Message = "Re-subscribing the {Kind} watch {Key} failed ({Reason}); trying again in {DelayMs} ms")]
            public static partial void ResubscribeRetrying(ILogger logger, IcwsWatchKind kind, string key, double delayMs, string reason);
        }
    }
}
