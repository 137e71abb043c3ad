using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Icws.Client;
using Icws.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Icws
{
    /// <summary>
    /// Queue watches shared by every consumer of one session: one subscription per queue set and attribute set,
    /// started on first use (concurrent first users share one start), followed through re-logins like every watch,
    /// and unsubscribed when this object is disposed (with the host, when it comes from dependency injection:
    /// <c>services.AddIcwsQueueWatch(...)</c>). Thread-safe.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Consumers get an <see cref="IWatchView{TView}"/>, which cannot be disposed: a request handler or a background
    /// service reads the view (<c>GetSnapshot</c>) or its own change stream (<c>Changes</c>, which lists the contents
    /// first), and the watch goes on for the others.
    /// </para>
    /// <para>
    /// Two queue sets or attribute sets are the same when they hold the same queues (type and name) and the same
    /// attribute names (the server ignores their case), in any order and with repetitions. The subscription id is
    /// derived from that set (<c>icws-shared-</c> and 16 hex digits), so it never clashes with ids an application
    /// chooses for its own watches.
    /// </para>
    /// <para>
    /// A watch that stopped for good (its re-subscription was refused) is started again by the next
    /// <c>GetQueueWatchAsync</c>; a start that failed (the server could not be reached) is tried again by the next one.
    /// </para>
    /// </remarks>
    public sealed partial class IcwsSharedWatches : IAsyncDisposable
    {
        private const string SubscriptionIdPrefix = "icws-shared-";

        private readonly IcwsClient _client;
        private readonly ILogger _logger;
        private readonly Dictionary<string, Definition> _named = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
        private readonly CancellationTokenSource _lifetime = new();
        private readonly object _gate = new();
        private bool _disposed;

        /// <summary>Shared watches over a client, with no named watches (only <see cref="GetQueueWatchAsync(IReadOnlyList{QueueId}, IReadOnlyList{string}, CancellationToken)"/>).</summary>
        /// <param name="client">The client whose session the watches run on.</param>
        /// <param name="logger">Where starts, restarts and failures are logged, or null.</param>
        public IcwsSharedWatches(IcwsClient client, ILogger<IcwsSharedWatches>? logger = null)
            : this(client, Array.Empty<Definition>(), logger)
        {
        }

        internal IcwsSharedWatches(IcwsClient client, IEnumerable<Definition> named, ILogger? logger)
        {
            ArgumentNullException.ThrowIfNull(client);
            _client = client;
            _logger = logger ?? NullLogger.Instance;
            foreach (var definition in named)
            {
                // AddIcwsQueueWatch refuses a name twice; this is the last line of defence for hand-made registrations.
                if (!_named.TryAdd(definition.Name, definition))
                {
                    throw new InvalidOperationException($"A shared queue watch named '{definition.Name}' is registered twice.");
                }
            }
        }

        /// <summary>The names registered with <c>services.AddIcwsQueueWatch(name, ...)</c>.</summary>
        public IReadOnlyCollection<string> Names => _named.Keys;

        /// <summary>
        /// The live watch registered under <paramref name="name"/>: the same one for every caller, started by the first
        /// (the call returns once its first snapshot is in, so <c>GetSnapshot()</c> shows the queue at once).
        /// </summary>
        /// <param name="name">A name given to <c>services.AddIcwsQueueWatch</c>.</param>
        /// <param name="cancellationToken">Stops this caller's wait; the start goes on for the others.</param>
        /// <exception cref="KeyNotFoundException">No watch is registered under that name.</exception>
        /// <exception cref="ObjectDisposedException">The shared watches (the host) are being disposed.</exception>
        public Task<IWatchView<InteractionAttributes>> GetQueueWatchAsync(string name, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(name);
            if (!_named.TryGetValue(name, out var definition))
            {
                var known = _named.Count == 0 ? "none is registered" : "registered: " + string.Join(", ", _named.Keys.Order(StringComparer.Ordinal));
                throw new KeyNotFoundException($"No shared queue watch is named '{name}' ({known}); register it with services.AddIcwsQueueWatch(\"{name}\", queues, attributes).");
            }

            return GetAsync(definition, cancellationToken);
        }

        /// <summary>
        /// The live watch of a queue set and attribute set: the same one for every caller that asks for the same sets
        /// (and for a name registered with them), started by the first. Each distinct set stays subscribed until this
        /// object is disposed, so use it for a fixed or small number of sets.
        /// </summary>
        /// <param name="queueIds">Queues to watch (one or more).</param>
        /// <param name="attributeNames">Attributes to receive for each interaction (one or more).</param>
        /// <param name="cancellationToken">Stops this caller's wait; the start goes on for the others.</param>
        /// <exception cref="ObjectDisposedException">The shared watches (the host) are being disposed.</exception>
        public Task<IWatchView<InteractionAttributes>> GetQueueWatchAsync(IReadOnlyList<QueueId> queueIds, [IcwsAttributeNames] IReadOnlyList<string> attributeNames, CancellationToken cancellationToken = default)
            => GetAsync(Definition.Create(null, queueIds, attributeNames), cancellationToken);

        /// <summary>Unsubscribes every shared watch (DELETE) and ends their change streams. Never throws.</summary>
        public async ValueTask DisposeAsync()
        {
            Task<QueueWatch<InteractionAttributes>>[] starts;
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
                starts = _entries.Values.Select(e => e.Start).OfType<Task<QueueWatch<InteractionAttributes>>>().ToArray();
            }

            // A start in flight stops; one that completed is unsubscribed.
            await _lifetime.CancelAsync().ConfigureAwait(false);
            foreach (var start in starts)
            {
                QueueWatch<InteractionAttributes> watch;
                try
                {
                    watch = await start.ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // The start failed or was cancelled: it left nothing subscribed.
                    continue;
                }

                await watch.DisposeAsync().ConfigureAwait(false);
            }

            _lifetime.Dispose();
        }

        private async Task<IWatchView<InteractionAttributes>> GetAsync(Definition definition, CancellationToken cancellationToken)
        {
            Task<QueueWatch<InteractionAttributes>> start;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (!_entries.TryGetValue(definition.Key, out var entry))
                {
                    entry = new Entry(definition);
                    _entries[definition.Key] = entry;
                }

                if (entry.Start is not { } current || IsSpent(current))
                {
                    // Started outside the lock (Task.Run), by whoever comes first; everyone else waits for the same task.
                    var previous = entry.Start;
                    var lifetime = _lifetime.Token;
                    entry.Start = Task.Run(() => StartAsync(entry.Definition, previous, lifetime), CancellationToken.None);
                }

                start = entry.Start;
            }

            return await start.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        /// <summary>A start that failed, or a watch that stopped for good: the next caller starts it again.</summary>
        private static bool IsSpent(Task<QueueWatch<InteractionAttributes>> start)
            => start.IsCompleted && (!start.IsCompletedSuccessfully || start.Result.State is WatchState.Faulted or WatchState.Disposed);

        private async Task<QueueWatch<InteractionAttributes>> StartAsync(Definition definition, Task<QueueWatch<InteractionAttributes>>? previous, CancellationToken lifetime)
        {
            if (previous is { IsCompletedSuccessfully: true })
            {
                Log.Restarting(_logger, definition.SubscriptionId, previous.Result.Fault?.Message ?? previous.Result.State.ToString());
                await previous.Result.DisposeAsync().ConfigureAwait(false);
            }

            try
            {
                var watch = await _client.Queues.WatchAsync(definition.SubscriptionId, definition.QueueIds, definition.AttributeNames, cancellationToken: lifetime).ConfigureAwait(false);
                try
                {
                    await watch.WaitForSnapshotAsync(lifetime).ConfigureAwait(false);
                }
                catch
                {
                    await watch.DisposeAsync().ConfigureAwait(false);
                    throw;
                }

                Log.Started(_logger, definition.SubscriptionId, definition.Describe(), watch.Count);
                return watch;
            }
            catch (Exception ex) when (!lifetime.IsCancellationRequested)
            {
                Log.StartFailed(_logger, definition.SubscriptionId, definition.Describe(), ex);
                throw;
            }
        }

        private sealed class Entry(Definition definition)
        {
            public Definition Definition { get; } = definition;

            /// <summary>The latest start (guarded by the owner's lock).</summary>
            public Task<QueueWatch<InteractionAttributes>>? Start { get; set; }
        }

        /// <summary>A queue set and attribute set, with the key and the subscription id they stand for.</summary>
        internal sealed class Definition
        {
            private Definition(string? name, QueueId[] queueIds, string[] attributeNames, string key)
            {
                Name = name ?? string.Empty;
                QueueIds = queueIds;
                AttributeNames = attributeNames;
                Key = key;
                SubscriptionId = SubscriptionIdPrefix + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)), 0, 8).ToLowerInvariant();
            }

            public string Name { get; }

            public QueueId[] QueueIds { get; }

            public string[] AttributeNames { get; }

            /// <summary>The sets in a canonical form: sorted, without repetitions, attribute names in upper case.</summary>
            public string Key { get; }

            public string SubscriptionId { get; }

            public static Definition Create(string? name, IReadOnlyList<QueueId> queueIds, IReadOnlyList<string> attributeNames)
            {
                ArgumentNullException.ThrowIfNull(queueIds);
                ArgumentNullException.ThrowIfNull(attributeNames);
                if (queueIds.Count == 0 || attributeNames.Count == 0)
                {
                    throw new ArgumentException("A shared queue watch needs at least one queue and one attribute name.", queueIds.Count == 0 ? nameof(queueIds) : nameof(attributeNames));
                }

                var queues = new SortedSet<string>(StringComparer.Ordinal);
                foreach (var queue in queueIds)
                {
                    if (queue is null || string.IsNullOrEmpty(queue.QueueName))
                    {
                        throw new ArgumentException("Every queue needs a name.", nameof(queueIds));
                    }

                    queues.Add(((int)queue.QueueType).ToString(CultureInfo.InvariantCulture) + ":" + queue.QueueName);
                }

                var attributes = new SortedSet<string>(StringComparer.Ordinal);
                foreach (var attribute in attributeNames)
                {
                    ArgumentException.ThrowIfNullOrEmpty(attribute, nameof(attributeNames));
                    attributes.Add(attribute.ToUpperInvariant());
                }

                // Newlines cannot occur in either part, so the key is unambiguous. The lists are copied: the
                // watch sends them again after every re-login.
                var key = string.Join("\n", queues) + "\n\n" + string.Join("\n", attributes);
                return new Definition(name, queueIds.ToArray(), attributeNames.ToArray(), key);
            }

            public string Describe() => string.Join(", ", QueueIds.Select(q => q.QueueType + ":" + q.QueueName));
        }

        private static partial class Log
        {
            [LoggerMessage(EventId = 311, Level = LogLevel.Information, Message = "Shared queue watch {SubscriptionId} on {Queues} started with {Count} interactions")]
            public static partial void Started(ILogger logger, string subscriptionId, string queues, int count);

            [LoggerMessage(EventId = 312, Level = LogLevel.Warning, Message = "Shared queue watch {SubscriptionId} on {Queues} could not start; the next caller tries again")]
            public static partial void StartFailed(ILogger logger, string subscriptionId, string queues, Exception exception);

            [LoggerMessage(EventId = 313, Level = LogLevel.Warning, Message = "Shared queue watch {SubscriptionId} had stopped ({Reason}); starting it again")]
            public static partial void Restarting(ILogger logger, string subscriptionId, string reason);
        }
    }
}
