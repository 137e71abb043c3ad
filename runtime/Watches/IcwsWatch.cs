using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Icws.Metadata;
using Icws.Runtime;

namespace Icws
{
    /// <summary>
    /// A live watch: a view of interactions that follows the server's messages. A message with
    /// <c>isDelta: false</c> replaces the view (the differences come out as changes), one with
    /// <c>isDelta: true</c> is merged into it. Dispose the watch to unsubscribe.
    /// </summary>
    /// <typeparam name="TView">The typed attribute view (the generated <c>InteractionAttributes</c>).</typeparam>
    public abstract class IcwsWatch<TView> : IAsyncDisposable, IInteractionFeedSink
        where TView : IAttributeView<TView>
    {
        private readonly object _gate = new();
        private readonly List<Channel<WatchChange<TView>>> _readers = new();
        private readonly TaskCompletionSource _firstSnapshot = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly int _readerCapacity;
        private Dictionary<string, AttributeMap> _interactions = new(StringComparer.Ordinal);
        private Dictionary<string, AttributeMap>? _staging;
        private List<WatchChange<TView>>? _pending;
        private IcwsWatchRegistry? _registry;
        private long _messagesApplied;

        private protected IcwsWatch(IcwsWatchKind kind, string key, IcwsWatchRegistry registry, int readerCapacity)
        {
            Kind = kind;
            Key = key;
            _registry = registry;
            _readerCapacity = readerCapacity;
        }

        /// <summary>Queue or interaction watch.</summary>
        public IcwsWatchKind Kind { get; }

        /// <summary>The subscription id (queue watch) or interaction id (interaction watch).</summary>
        public string Key { get; }

        /// <summary>Where the watch is in its life cycle.</summary>
        public WatchState State { get; private set; } = WatchState.Starting;

        /// <summary>Why the watch stopped, when <see cref="State"/> is <see cref="WatchState.Faulted"/>.</summary>
        public Exception? Fault { get; private set; }

        /// <summary>Number of messages applied so far.</summary>
        public long MessagesApplied => Interlocked.Read(ref _messagesApplied);

        /// <summary>Number of interactions in the view.</summary>
        public int Count
        {
            get
            {
                lock (_gate)
                {
                    return _interactions.Count;
                }
            }
        }

        /// <summary>Completes when the first snapshot (the <c>isDelta: false</c> message after subscribing) has been applied.</summary>
        public Task WaitForSnapshotAsync(CancellationToken cancellationToken = default) => _firstSnapshot.Task.WaitAsync(cancellationToken);

        /// <summary>A copy of the view: interaction id to its watched attributes.</summary>
        public IReadOnlyDictionary<string, TView> GetSnapshot()
        {
            lock (_gate)
            {
                var copy = new Dictionary<string, TView>(_interactions.Count, StringComparer.Ordinal);
                foreach (var pair in _interactions)
                {
                    copy[pair.Key] = TView.Wrap(pair.Value);
                }

                return copy;
            }
        }

        /// <summary>The watched attributes of one interaction, if it is in the view.</summary>
        public bool TryGet(string interactionId, out TView attributes)
        {
            lock (_gate)
            {
                if (_interactions.TryGetValue(interactionId, out var map))
                {
                    attributes = TView.Wrap(map);
                    return true;
                }
            }

            attributes = default!;
            return false;
        }

        /// <summary>The changes from now on; each enumeration gets every change. Ends when the watch is disposed, and throws if it faults.</summary>
        public IAsyncEnumerable<WatchChange<TView>> Changes => ReadChangesAsync(includeCurrent: false);

        /// <summary>Reads changes; with <paramref name="includeCurrent"/> it first lists what the view holds now as additions.</summary>
        public async IAsyncEnumerable<WatchChange<TView>> ReadChangesAsync(bool includeCurrent, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var channel = Channel.CreateBounded<WatchChange<TView>>(new BoundedChannelOptions(_readerCapacity + 1)
            {
                SingleReader = true,
                SingleWriter = false,
                FullMode = BoundedChannelFullMode.Wait,
            });
            lock (_gate)
            {
                if (State is WatchState.Disposed)
                {
                    yield break;
                }

                if (State is WatchState.Faulted)
                {
                    throw new IcwsException($"The watch '{Key}' has stopped.", Fault);
                }

                if (includeCurrent)
                {
                    foreach (var pair in _interactions)
                    {
                        channel.Writer.TryWrite(new WatchChange<TView>(WatchChangeKind.Added, pair.Key, TView.Wrap(pair.Value), NamesOf(pair.Value)));
                    }
                }

                _readers.Add(channel);
            }

            try
            {
                await foreach (var change in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield return change;
                }
            }
            finally
            {
                lock (_gate)
                {
                    _readers.Remove(channel);
                }
            }
        }

        /// <summary>Unsubscribes (best effort: a session that is already gone has no watch left to delete) and ends every change stream.</summary>
        public async ValueTask DisposeAsync()
        {
            var registry = Interlocked.Exchange(ref _registry, null);
            if (registry is null)
            {
                return;
            }

            Complete(WatchState.Disposed, null);
            await registry.RemoveAsync(this).ConfigureAwait(false);
            GC.SuppressFinalize(this);
        }

        internal abstract WatchRegistration Registration { get; }

        /// <summary>Applies one feed message under the watch's lock and hands the resulting changes to the readers.</summary>
        internal void Apply(IInteractionFeedMessage message)
        {
            lock (_gate)
            {
                if (State is WatchState.Disposed or WatchState.Faulted)
                {
                    return;
                }

                // Changes are worked out only when someone reads them; otherwise applying is just updating the view.
                _pending = _readers.Count > 0 ? new List<WatchChange<TView>>() : null;
                if (!message.IsDelta)
                {
                    _staging = new Dictionary<string, AttributeMap>(StringComparer.Ordinal);
                }

                try
                {
                    message.ApplyTo(this);
                    if (_staging is not null)
                    {
                        ReplaceWithStaging();
                    }
                }
                finally
                {
                    _staging = null;
                }

                Interlocked.Increment(ref _messagesApplied);
                foreach (var change in _pending ?? (IEnumerable<WatchChange<TView>>)Array.Empty<WatchChange<TView>>())
                {
                    Publish(change);
                }

                _pending = null;
                if (!message.IsDelta)
                {
                    State = WatchState.Active;
                    _firstSnapshot.TrySetResult();
                }
            }
        }

        internal void MarkResubscribing()
        {
            lock (_gate)
            {
                if (State is WatchState.Active or WatchState.Starting)
                {
                    State = WatchState.Resubscribing;
                }
            }
        }

        internal void Complete(WatchState state, Exception? fault)
        {
            lock (_gate)
            {
                if (State is WatchState.Disposed or WatchState.Faulted)
                {
                    return;
                }

                State = state;
                Fault = fault;
                foreach (var reader in _readers)
                {
                    reader.Writer.TryComplete(fault is null ? null : new IcwsException($"The watch '{Key}' has stopped: {fault.Message}", fault));
                }

                _readers.Clear();
                if (fault is not null)
                {
                    // Observed here: nobody may ever wait for the snapshot (a watch whose start failed is never handed
                    // out), and an unobserved fault would surface as TaskScheduler.UnobservedTaskException. Waiters still get it.
                    _firstSnapshot.TrySetException(fault);
                    _ = _firstSnapshot.Task.Exception;
                }
                else
                {
                    _firstSnapshot.TrySetCanceled();
                }
            }
        }

        void IInteractionFeedSink.Upsert(string interactionId, AttributeMap attributes)
        {
            if (_staging is not null)
            {
                _staging[interactionId] = attributes;
                return;
            }

            if (_interactions.TryGetValue(interactionId, out var old))
            {
                // An "added" for an interaction we hold: treat as a full replacement.
                _interactions[interactionId] = attributes;
                if (_pending is not null && old.DifferentNames(attributes) is { Count: > 0 } changed)
                {
                    _pending.Add(new WatchChange<TView>(WatchChangeKind.Changed, interactionId, TView.Wrap(attributes), changed));
                }

                return;
            }

            _interactions[interactionId] = attributes;
            _pending?.Add(new WatchChange<TView>(WatchChangeKind.Added, interactionId, TView.Wrap(attributes), NamesOf(attributes)));
        }

        void IInteractionFeedSink.Merge(string interactionId, AttributeMap changedAttributes)
        {
            var target = _staging ?? _interactions;
            if (!target.TryGetValue(interactionId, out var old))
            {
                // A change for an interaction we never saw added: keep what we learn rather than drop it.
                ((IInteractionFeedSink)this).Upsert(interactionId, changedAttributes);
                return;
            }

            var merged = old.Merge(changedAttributes);
            target[interactionId] = merged;
            if (_staging is null && _pending is not null && old.DifferentNames(merged) is { Count: > 0 } changed)
            {
                _pending.Add(new WatchChange<TView>(WatchChangeKind.Changed, interactionId, TView.Wrap(merged), changed));
            }
        }

        void IInteractionFeedSink.Remove(string interactionId)
        {
            if (_staging is not null)
            {
                _staging.Remove(interactionId);
                return;
            }

            if (_interactions.Remove(interactionId, out var old))
            {
                _pending?.Add(new WatchChange<TView>(WatchChangeKind.Removed, interactionId, TView.Wrap(old), Array.Empty<string>()));
            }
        }

        private void ReplaceWithStaging()
        {
            var next = _staging!;
            if (_pending is null)
            {
                _interactions = next;
                return;
            }

            foreach (var pair in _interactions)
            {
                if (!next.ContainsKey(pair.Key))
                {
                    _pending.Add(new WatchChange<TView>(WatchChangeKind.Removed, pair.Key, TView.Wrap(pair.Value), Array.Empty<string>()));
                }
            }

            foreach (var pair in next)
            {
                if (_interactions.TryGetValue(pair.Key, out var old))
                {
                    var changed = old.DifferentNames(pair.Value);
                    if (changed.Count > 0)
                    {
                        _pending.Add(new WatchChange<TView>(WatchChangeKind.Changed, pair.Key, TView.Wrap(pair.Value), changed));
                    }
                }
                else
                {
                    _pending.Add(new WatchChange<TView>(WatchChangeKind.Added, pair.Key, TView.Wrap(pair.Value), NamesOf(pair.Value)));
                }
            }

            _interactions = next;
        }

        private void Publish(WatchChange<TView> change)
        {
            foreach (var reader in _readers)
            {
                if (reader.Reader.Count < _readerCapacity)
                {
                    reader.Writer.TryWrite(change);
                    continue;
                }

                // This reader is too slow: drop what it has not read and tell it to re-read the view,
                // instead of letting the queue grow without bound.
                while (reader.Reader.TryRead(out _))
                {
                }

                reader.Writer.TryWrite(new WatchChange<TView>(WatchChangeKind.Resynchronized, string.Empty, TView.Wrap(AttributeMap.Empty), Array.Empty<string>()));
            }
        }

        private static IReadOnlyList<string> NamesOf(AttributeMap map)
        {
            var names = new string[map.Count];
            var i = 0;
            foreach (var name in map.Keys)
            {
                names[i++] = name;
            }

            return names;
        }
    }

    /// <summary>A live watch of one or more queues (<c>messaging/subscriptions/queues/{subscriptionId}</c>).</summary>
    /// <typeparam name="TView">The typed attribute view.</typeparam>
    public sealed class QueueWatch<TView> : IcwsWatch<TView>
        where TView : IAttributeView<TView>
    {
        internal QueueWatch(string subscriptionId, IcwsWatchRegistry registry, Func<CancellationToken, Task> subscribe, Func<CancellationToken, Task>? unsubscribe, int readerCapacity)
            : base(IcwsWatchKind.Queue, subscriptionId, registry, readerCapacity)
            => Registration = new WatchRegistration(IcwsWatchKind.Queue, subscriptionId, subscribe, unsubscribe, Apply, MarkResubscribing, Complete);

        /// <summary>The subscription id chosen when the watch was started.</summary>
        public string SubscriptionId => Key;

        internal override WatchRegistration Registration { get; }
    }

    /// <summary>A live watch of one interaction (<c>messaging/subscriptions/interactions/{interactionId}</c>).</summary>
    /// <typeparam name="TView">The typed attribute view.</typeparam>
    public sealed class InteractionWatch<TView> : IcwsWatch<TView>
        where TView : IAttributeView<TView>
    {
        internal InteractionWatch(string interactionId, IcwsWatchRegistry registry, Func<CancellationToken, Task> subscribe, Func<CancellationToken, Task>? unsubscribe, int readerCapacity)
            : base(IcwsWatchKind.Interaction, interactionId, registry, readerCapacity)
            => Registration = new WatchRegistration(IcwsWatchKind.Interaction, interactionId, subscribe, unsubscribe, Apply, MarkResubscribing, Complete);

        /// <summary>The watched interaction.</summary>
        public string InteractionId => Key;

        /// <summary>Its attributes now; false once it has gone (deallocated).</summary>
        public bool TryGetCurrent(out TView attributes) => TryGet(Key, out attributes);

        internal override WatchRegistration Registration { get; }
    }
}
