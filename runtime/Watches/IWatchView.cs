using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Icws.Metadata;

namespace Icws
{
    /// <summary>
    /// A live watch seen from a consumer that may read it but not stop it: its view and its change streams, without
    /// <c>DisposeAsync</c>. What <see cref="IcwsSharedWatches"/> hands out, since one watch serves every consumer.
    /// <see cref="IcwsWatch{TView}"/> implements it.
    /// </summary>
    /// <typeparam name="TView">The typed attribute view (the generated <c>InteractionAttributes</c>).</typeparam>
    public interface IWatchView<TView>
        where TView : IAttributeView<TView>
    {
        /// <summary>Queue or interaction watch.</summary>
        IcwsWatchKind Kind { get; }

        /// <summary>The subscription id (queue watch) or interaction id (interaction watch).</summary>
        string Key { get; }

        /// <summary>Where the watch is in its life cycle.</summary>
        WatchState State { get; }

        /// <summary>Why the watch stopped, when <see cref="State"/> is <see cref="WatchState.Faulted"/>.</summary>
        Exception? Fault { get; }

        /// <summary>Number of messages applied so far.</summary>
        long MessagesApplied { get; }

        /// <summary>Number of interactions in the view.</summary>
        int Count { get; }

        /// <summary>Completes when the first snapshot has been applied.</summary>
        Task WaitForSnapshotAsync(CancellationToken cancellationToken = default);

        /// <summary>A copy of the view: interaction id to its watched attributes.</summary>
        IReadOnlyDictionary<string, TView> GetSnapshot();

        /// <summary>The watched attributes of one interaction, if it is in the view.</summary>
        bool TryGet(string interactionId, out TView attributes);

        /// <summary>The contents as additions (once the first snapshot is in), then every change; see <see cref="IcwsWatch{TView}.Changes"/>.</summary>
        IAsyncEnumerable<WatchChange<TView>> Changes { get; }

        /// <summary>Only the changes after the enumeration starts; see <see cref="IcwsWatch{TView}.ChangesOnly"/>.</summary>
        IAsyncEnumerable<WatchChange<TView>> ChangesOnly { get; }

        /// <summary>Reads changes, with or without the current contents first.</summary>
        IAsyncEnumerable<WatchChange<TView>> ReadChangesAsync(bool includeCurrent, CancellationToken cancellationToken = default);
    }
}
