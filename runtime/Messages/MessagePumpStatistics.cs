using System.Threading;

namespace Icws
{
    /// <summary>Counters of a session's message pump.</summary>
    public sealed class MessagePumpStatistics
    {
        private long _received;
        private long _unknown;
        private long _undecodable;
        private long _malformed;
        private long _streamConnects;
        private long _polls;
        private long _errors;
        private long _dropped;

        /// <summary>Messages received (decoded or not).</summary>
        public long Received => Interlocked.Read(ref _received);

        /// <summary>Messages whose <c>__type</c> the spec does not declare (kept raw).</summary>
        public long Unknown => Interlocked.Read(ref _unknown);

        /// <summary>Messages of a known <c>__type</c> whose body broke the spec (kept raw with the reason).</summary>
        public long Undecodable => Interlocked.Read(ref _undecodable);

        /// <summary>Message texts that were not JSON at all.</summary>
        public long Malformed => Interlocked.Read(ref _malformed);

        /// <summary>Server-sent event streams opened (the first, then one per reconnect).</summary>
        public long StreamConnects => Interlocked.Read(ref _streamConnects);

        /// <summary>Polls done.</summary>
        public long Polls => Interlocked.Read(ref _polls);

        /// <summary>Errors the pump met and survived (dropped streams, failed polls, renewals).</summary>
        public long Errors => Interlocked.Read(ref _errors);

        /// <summary>Messages dropped for <c>ReadMessagesAsync</c> readers that fell behind (watches never drop).</summary>
        public long DroppedForSlowReaders => Interlocked.Read(ref _dropped);

        internal void CountReceived() => Interlocked.Increment(ref _received);

        internal void CountUnknown() => Interlocked.Increment(ref _unknown);

        internal void CountUndecodable() => Interlocked.Increment(ref _undecodable);

        internal void CountMalformed() => Interlocked.Increment(ref _malformed);

        internal void CountStreamConnect() => Interlocked.Increment(ref _streamConnects);

        internal void CountPoll() => Interlocked.Increment(ref _polls);

        internal void CountError() => Interlocked.Increment(ref _errors);

        internal void CountDropped() => Interlocked.Increment(ref _dropped);

        /// <inheritdoc />
        public override string ToString()
            => $"received {Received}, unknown {Unknown}, undecodable {Undecodable}, malformed {Malformed}, streams {StreamConnects}, polls {Polls}, errors {Errors}, dropped {DroppedForSlowReaders}";
    }
}
