using System;
using System.Collections.Generic;

namespace Icws
{
    /// <summary>What happened to an interaction in a watch.</summary>
    public enum WatchChangeKind
    {
        /// <summary>The interaction entered the watch.</summary>
        Added,

        /// <summary>Some of its watched attributes changed (see <see cref="WatchChange{TView}.ChangedAttributes"/>).</summary>
        Changed,

        /// <summary>The interaction left the watch; the attributes are the last known ones.</summary>
        Removed,

        /// <summary>
        /// The changes that follow, up to the next change the server sends, bring this reader from what it was handed
        /// to the watch's view as it is now: <see cref="Added"/> for interactions it does not have, <see cref="Changed"/>
        /// for those that differ, <see cref="Removed"/> for those that have gone. Intermediate states may have been
        /// skipped; nothing needs to be read again. It comes when the watch was rebuilt from a new snapshot (after a
        /// re-login, or when messages may have been lost) or this reader fell more than
        /// <c>IcwsSessionOptions.ChangeStreamCapacity</c> changes behind. No interaction is named.
        /// </summary>
        Resynchronized,
    }

    /// <summary>One change of a live watch.</summary>
    /// <typeparam name="TView">The typed attribute view.</typeparam>
    public readonly struct WatchChange<TView>
        where TView : IAttributeView<TView>
    {
        internal WatchChange(WatchChangeKind kind, string interactionId, TView attributes, IReadOnlyList<string> changedAttributes)
        {
            Kind = kind;
            InteractionId = interactionId;
            Attributes = attributes;
            ChangedAttributes = changedAttributes;
        }

        /// <summary>What happened.</summary>
        public WatchChangeKind Kind { get; }

        /// <summary>The interaction (empty for <see cref="WatchChangeKind.Resynchronized"/>).</summary>
        public string InteractionId { get; }

        /// <summary>All watched attributes after the change (before it, for a removal).</summary>
        public TView Attributes { get; }

        /// <summary>Names of the attributes whose values changed (all of them for an addition).</summary>
        public IReadOnlyList<string> ChangedAttributes { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Kind} {InteractionId} ({ChangedAttributes.Count} attributes)";
    }

    /// <summary>Life cycle of a watch.</summary>
    public enum WatchState
    {
        /// <summary>Subscribing; the first snapshot has not arrived yet.</summary>
        Starting,

        /// <summary>Subscribed and following changes.</summary>
        Active,

        /// <summary>The session was renewed; the watch is being subscribed again and will receive a fresh snapshot.</summary>
        Resubscribing,

        /// <summary>The watch stopped because of an error (<c>Fault</c> says which).</summary>
        Faulted,

        /// <summary>Disposed.</summary>
        Disposed,
    }
}
