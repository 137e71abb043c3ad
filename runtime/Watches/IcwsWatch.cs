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
    /// <c>isDelta: false</c> replaces the view, one with <c>isDelta: true</c> is merged into it. Dispose the watch
    /// to unsubscribe.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Every reader of <see cref="Changes"/> gets the list-then-watch contract: the contents of the view as
    /// <see cref="WatchChangeKind.Added"/> once the first snapshot is in, then every change after that, exactly once,
    /// whenever it starts reading. <see cref="ChangesOnly"/> skips the listing.
    /// </para>
    /// <para>
    /// Each reader's picture is kept apart: the watch knows what it has handed that reader (as interaction ids and
    /// attribute maps, which are immutable and shared with the view). When the view is rebuilt from a new snapshot
    /// (after a re-login, or when messages may have been lost) or the reader falls more than
    /// <see cref="IcwsSessionOptions.ChangeStreamCapacity"/> changes behind, it gets
    /// <see cref="WatchChangeKind.Resynchronized"/> followed by the difference between what it was handed and the view
    /// at that moment - never an <see cref="WatchChangeKind.Added"/> for a row it already has - and then the changes
    /// after that moment.
    /// </para>
    /// </remarks>
    /// <typeparam name="TView">The typed attribute view (the generated <c>InteractionAttributes</c>).</typeparam>
    public abstract class IcwsWatch<TView> : IWatchView<TView>, IAsyncDisposable, IInteractionFeedSink
        where TView : IAttributeView<TView>
    {
        private readonly object _gate = new();
        private readonly List<ChangeReader> _readers = new();
        private readonly TaskCompletionSource _firstSnapshot = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly int _readerCapacity;
        private Dictionary<string, AttributeMap> _interactions = new(StringComparer.Ordinal);
        private Dictionary<string, AttributeMap>? _staging;
        private List<WatchChange<TView>>? _pending;
        private IcwsWatchRegistry? _registry;
        private long _messagesApplied;
        private bool _hasSnapshot;

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

        /// <summary>A copy of the view: interaction id to its watched attributes (empty until the first snapshot is in).</summary>
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

        /// <summary>
        /// The contents of the view as <see cref="WatchChangeKind.Added"/> (once the first snapshot is in, if it is not
        /// yet), then every change from then on; each enumeration is a reader of its own, whenever it starts. Ends when
        /// the watch is disposed, and throws if it faults. See the remarks of <see cref="IcwsWatch{TView}"/> for
        /// <see cref="WatchChangeKind.Resynchronized"/>.
        /// </summary>
        public IAsyncEnumerable<WatchChange<TView>> Changes => ReadChangesAsync(includeCurrent: true);

        /// <summary>
        /// Only the changes after the enumeration starts: the interactions already in the view (or in the first
        /// snapshot, when it starts before that is in) are not listed. For a reader that holds the contents already,
        /// e.g. from <see cref="GetSnapshot"/>.
        /// </summary>
        public IAsyncEnumerable<WatchChange<TView>> ChangesOnly => ReadChangesAsync(includeCurrent: false);

        /// <summary>
        /// Reads changes: with <paramref name="includeCurrent"/> as <see cref="Changes"/> (the contents first), without
        /// it as <see cref="ChangesOnly"/>.
        /// </summary>
        public async IAsyncEnumerable<WatchChange<TView>> ReadChangesAsync(bool includeCurrent, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var reader = new ChangeReader(_readerCapacity);
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

                if (!_hasSnapshot)
                {
                    // Nothing to list yet. The first snapshot lists the contents to this reader, or, for changes
                    // only, becomes what it is taken to know.
                    reader.SkipFirstSnapshot = !includeCurrent;
                }
                else if (includeCurrent)
                {
                    // The listing is a catch-up from nothing, worked out when the reader reaches it (so that a view
                    // bigger than the reader's capacity is listed whole).
                    reader.StartCatchUp(announce: false);
                }
                else
                {
                    reader.Handed = new Dictionary<string, AttributeMap>(_interactions, StringComparer.Ordinal);
                }

                _readers.Add(reader);
            }

            try
            {
                await foreach (var change in reader.Channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (change.Kind != WatchChangeKind.Resynchronized)
                    {
                        yield return change;
                        continue;
                    }

                    // The catch-up marker: from what this reader was handed to the view as it is now, worked out
                    // under the lock, so that the changes the watch hands it after this are exactly the ones after it.
                    List<WatchChange<TView>> catchUp;
                    bool announce;
                    lock (_gate)
                    {
                        catchUp = CatchUp(reader, out announce);
                    }

                    if (announce)
                    {
                        yield return change;
                    }

                    foreach (var caughtUp in catchUp)
                    {
                        yield return caughtUp;
                    }
                }
            }
            finally
            {
                lock (_gate)
                {
                    _readers.Remove(reader);
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

                // Changes are worked out only when a reader takes them one by one; otherwise applying is just
                // updating the view (a snapshot never is: each reader catches up from it on its own).
                _pending = message.IsDelta && HasLiveReader() ? new List<WatchChange<TView>>() : null;
                if (!message.IsDelta)
                {
                    _staging = new Dictionary<string, AttributeMap>(StringComparer.Ordinal);
                }

                try
                {
                    message.ApplyTo(this);
                    if (_staging is not null)
                    {
                        _interactions = _staging;
                    }
                }
                finally
                {
                    _staging = null;
                }

                Interlocked.Increment(ref _messagesApplied);
                if (_pending is { Count: > 0 } pending)
                {
                    Publish(pending);
                }

                _pending = null;
                if (!message.IsDelta)
                {
                    OnSnapshot(first: !_hasSnapshot);
                    _hasSnapshot = true;
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
                    reader.Channel.Writer.TryComplete(fault is null ? null : new IcwsException($"The watch '{Key}' has stopped: {fault.Message}", fault));
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

        private bool HasLiveReader()
        {
            foreach (var reader in _readers)
            {
                if (!reader.CatchingUp)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A new snapshot replaced the view. Every reader catches up from what it was handed to the new view when it
        /// reaches the marker (after the first snapshot with no <see cref="WatchChangeKind.Resynchronized"/>: that is
        /// the listing); a changes-only reader that started before the first snapshot takes it as known.
        /// </summary>
        private void OnSnapshot(bool first)
        {
            foreach (var reader in _readers)
            {
                if (first && reader.SkipFirstSnapshot)
                {
                    reader.Handed = new Dictionary<string, AttributeMap>(_interactions, StringComparer.Ordinal);
                }
                else if (!reader.CatchingUp)
                {
                    reader.StartCatchUp(announce: !first);
                }

                // A reader already catching up reaches the new view all the same, when it gets to its marker.
                reader.SkipFirstSnapshot = false;
            }
        }

        /// <summary>Hands the changes of one delta message to every reader that is not catching up.</summary>
        private void Publish(List<WatchChange<TView>> pending)
        {
            foreach (var reader in _readers)
            {
                if (reader.CatchingUp)
                {
                    // It catches up to the view as it is when it reaches its marker: these changes are in it.
                    continue;
                }

                foreach (var change in pending)
                {
                    if (reader.Channel.Reader.Count >= _readerCapacity)
                    {
                        // This reader is too slow: rather than letting its queue grow without bound, stop queueing
                        // changes for it; it reads what is queued, then catches up from there to the view.
                        reader.StartCatchUp(announce: true);
                        break;
                    }

                    reader.Hand(change);
                }
            }
        }

        /// <summary>Under the lock: the difference between what the reader was handed and the view; the reader now has the view.</summary>
        private List<WatchChange<TView>> CatchUp(ChangeReader reader, out bool announce)
        {
            announce = reader.Announce;
            reader.Announce = false;
            reader.CatchingUp = false;
            var catchUp = new List<WatchChange<TView>>();
            if (State is WatchState.Disposed or WatchState.Faulted)
            {
                // The stream ends with what is queued; there is no live view to catch up to.
                announce = false;
                return catchUp;
            }

            var handed = reader.Handed;
            foreach (var pair in handed)
            {
                if (!_interactions.ContainsKey(pair.Key))
                {
                    catchUp.Add(new WatchChange<TView>(WatchChangeKind.Removed, pair.Key, TView.Wrap(pair.Value), Array.Empty<string>()));
                }
            }

            foreach (var pair in _interactions)
            {
                if (!handed.TryGetValue(pair.Key, out var old))
                {
                    catchUp.Add(new WatchChange<TView>(WatchChangeKind.Added, pair.Key, TView.Wrap(pair.Value), NamesOf(pair.Value)));
                }
                else if (!ReferenceEquals(old, pair.Value) && old.DifferentNames(pair.Value) is { Count: > 0 } changed)
                {
                    catchUp.Add(new WatchChange<TView>(WatchChangeKind.Changed, pair.Key, TView.Wrap(pair.Value), changed));
                }
            }

            reader.Handed = new Dictionary<string, AttributeMap>(_interactions, StringComparer.Ordinal);
            return catchUp;
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

        /// <summary>
        /// One reader of the change stream. Its queue holds changes and at most one catch-up marker (a
        /// <see cref="WatchChangeKind.Resynchronized"/> change); <see cref="Handed"/> is the picture the reader has
        /// once it has read everything queued. All of it is guarded by the watch's lock, except reading the queue.
        /// </summary>
        private sealed class ChangeReader
        {
            private static readonly WatchChange<TView> Marker = new(WatchChangeKind.Resynchronized, string.Empty, TView.Wrap(AttributeMap.Empty), Array.Empty<string>());

            public ChangeReader(int capacity)
            {
                // One slot more than the capacity: the marker always fits.
                Channel = System.Threading.Channels.Channel.CreateBounded<WatchChange<TView>>(new BoundedChannelOptions(capacity + 1)
                {
                    SingleReader = true,
                    SingleWriter = false,
                    FullMode = BoundedChannelFullMode.Wait,
                });
            }

            public Channel<WatchChange<TView>> Channel { get; }

            /// <summary>Interaction id to the attributes this reader was handed last (its picture once the queue is read).</summary>
            public Dictionary<string, AttributeMap> Handed { get; set; } = new(StringComparer.Ordinal);

            /// <summary>A marker is queued: nothing more is queued until the reader reaches it and catches up.</summary>
            public bool CatchingUp { get; set; }

            /// <summary>The catch-up starts with <see cref="WatchChangeKind.Resynchronized"/> (it is not the first listing).</summary>
            public bool Announce { get; set; }

            /// <summary>A changes-only reader that started before the first snapshot: the snapshot is not listed to it.</summary>
            public bool SkipFirstSnapshot { get; set; }

            public void StartCatchUp(bool announce)
            {
                CatchingUp = true;
                Announce |= announce;
                Channel.Writer.TryWrite(Marker);
            }

            public void Hand(WatchChange<TView> change)
            {
                Channel.Writer.TryWrite(change);
                if (change.Kind == WatchChangeKind.Removed)
                {
                    Handed.Remove(change.InteractionId);
                }
                else
                {
                    Handed[change.InteractionId] = change.Attributes.Map;
                }
            }
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
