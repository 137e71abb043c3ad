using System;
using System.Net.Http;
using System.Net.ServerSentEvents;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Icws.Runtime
{
    /// <summary>
    /// Server-sent events: one <c>GET messaging/messages</c> with <c>Accept: text/event-stream</c>, read until the
    /// server ends it (then reconnect after the interval it asked for) or the session is renewed (the stream belongs
    /// to the old session: it is cancelled and the pump reconnects at once). A server that answers with a plain
    /// message list does not stream: the list is used, and <see cref="ServerLacksEvents"/> says to poll from then on.
    /// </summary>
    internal sealed class EventStreamSource : IMessageSource
    {
        private static readonly TimeSpan DefaultReconnect = TimeSpan.FromSeconds(1);
        private static readonly IcwsRequest Request = new(HttpMethod.Get, "messaging/messages", isSessionCall: true, requiresCsrf: false, "Messaging.EventStream");

        private readonly ISessionConnection _connection;
        private readonly MessageDispatcher _dispatcher;
        private readonly IcwsSessionOptions _options;
        private readonly ILogger _logger;
        private readonly Action _opened;
        private readonly object _gate = new();
        private CancellationTokenSource? _stream;

        // opened: called when a stream is open and messages flow (the pump is no longer retrying).
        public EventStreamSource(ISessionConnection connection, MessageDispatcher dispatcher, IcwsSessionOptions options, ILogger logger, Action opened)
        {
            _connection = connection;
            _dispatcher = dispatcher;
            _options = options;
            _logger = logger;
            _opened = opened;
        }

        /// <summary>The server answered the stream request with a plain list: it does not stream.</summary>
        public bool ServerLacksEvents { get; private set; }

        /// <summary>Ends the stream being read (the session it belongs to was renewed).</summary>
        public void CancelStream()
        {
            lock (_gate)
            {
                _stream?.Cancel();
            }
        }

        public async Task<TimeSpan> FetchAsync(SessionState state, CancellationToken stop)
        {
            using var streamCancel = CancellationTokenSource.CreateLinkedTokenSource(stop);
            lock (_gate)
            {
                _stream = streamCancel;
            }

            try
            {
                // Renewed between the pump's read of the state and now: the stream would belong to the old session.
                return ReferenceEquals(state, _connection.Current) ? await ReadStreamAsync(state, streamCancel.Token).ConfigureAwait(false) : TimeSpan.Zero;
            }
            finally
            {
                lock (_gate)
                {
                    _stream = null;
                }
            }
        }

        private async Task<TimeSpan> ReadStreamAsync(SessionState state, CancellationToken streamToken)
        {
            using var message = _connection.CreateRequest(Request, state, null, eventStream: true);
            using var response = await _connection.SendRawAsync(message, HttpCompletionOption.ResponseHeadersRead, streamToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                using var errorBody = await PooledBuffer.ReadAsync(response.Content, 64 * 1024, streamToken).ConfigureAwait(false);
                throw WireFormat.ReadError(response.StatusCode, errorBody.Span, Request.Name);
            }

            if (!string.Equals(response.Content.Headers.ContentType?.MediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase))
            {
                // The server answered with a plain message list: it does not stream. Use it, then poll from now on.
                ServerLacksEvents = true;
                MessagePumpLog.NoEventStream(_logger);
                using var body = await PooledBuffer.ReadAsync(response.Content, _options.MaxResponseBytes, streamToken).ConfigureAwait(false);
                _dispatcher.DispatchBatch(body.Span);
                return TimeSpan.Zero;
            }

            _dispatcher.Statistics.CountStreamConnect();
            _opened();
            MessagePumpLog.StreamOpened(_logger, state.SessionId);
            using var stream = await response.Content.ReadAsStreamAsync(streamToken).ConfigureAwait(false);

            // An event's message and when it arrived (the parser hands over each event as soon as its last line is in).
            var parser = SseParser.Create(stream, (_, data) =>
            {
                var arrived = _dispatcher.Metrics.MessageArrived();
                return (Message: _dispatcher.DecodeOne(data, arrived), Arrived: arrived);
            });
            try
            {
                await foreach (var item in parser.EnumerateAsync(streamToken).ConfigureAwait(false))
                {
                    // Null: a queue-feed message the dispatcher applied straight to its watch while decoding.
                    if (item.Data.Message is { } decoded)
                    {
                        _dispatcher.Dispatch(decoded, item.Data.Arrived);
                    }
                }
            }
            catch (Exception) when (!streamToken.IsCancellationRequested)
            {
                // Broke off (a reset connection): what the server wrote last may never have arrived.
                _dispatcher.MarkMessagesLost();
                throw;
            }

            MessagePumpLog.StreamEnded(_logger, state.SessionId);
            return parser.ReconnectionInterval > TimeSpan.Zero && parser.ReconnectionInterval < TimeSpan.FromMinutes(1) ? parser.ReconnectionInterval : DefaultReconnect;
        }
    }
}
