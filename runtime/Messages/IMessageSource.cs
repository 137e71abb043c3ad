using System;
using System.Threading;
using System.Threading.Tasks;

namespace Icws.Runtime
{
    /// <summary>
    /// A way of fetching a session's messages: server-sent events (<see cref="EventStreamSource"/>) or polling
    /// (<see cref="PollingSource"/>). A source hands what it reads to the dispatcher; errors are thrown (the pump
    /// decides what to do), and a fetch that lost messages it had been handed says so to the dispatcher.
    /// </summary>
    internal interface IMessageSource
    {
        /// <summary>Fetches messages of <paramref name="state"/> once (one stream, until it ends; one poll); returns how long to wait before the next fetch.</summary>
        Task<TimeSpan> FetchAsync(SessionState state, CancellationToken stop);
    }
}
