using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Icws.Runtime
{
    /// <summary>Short polling of <c>GET messaging/messages</c>: one request, one batch, then the polling interval.</summary>
    internal sealed class PollingSource : IMessageSource
    {
        private static readonly IcwsRequest Request = new(HttpMethod.Get, "messaging/messages", isSessionCall: true, requiresCsrf: false, "Messaging.GetMessages");

        private readonly ISessionConnection _connection;
        private readonly MessageDispatcher _dispatcher;
        private readonly IcwsSessionOptions _options;

        public PollingSource(ISessionConnection connection, MessageDispatcher dispatcher, IcwsSessionOptions options)
        {
            _connection = connection;
            _dispatcher = dispatcher;
            _options = options;
        }

        public async Task<TimeSpan> FetchAsync(SessionState state, CancellationToken stop)
        {
            using var message = _connection.CreateRequest(Request, state, null);
            using var response = await _connection.SendRawAsync(message, HttpCompletionOption.ResponseHeadersRead, stop).ConfigureAwait(false);
            PooledBuffer body;
            try
            {
                body = await PooledBuffer.ReadAsync(response.Content, _options.MaxResponseBytes, stop).ConfigureAwait(false);
            }
            catch (Exception) when (response.IsSuccessStatusCode && !stop.IsCancellationRequested)
            {
                // The server handed these messages over (too large, or the connection broke): they are gone.
                _dispatcher.MarkMessagesLost();
                throw;
            }

            using var disposeBody = body;
            if (!response.IsSuccessStatusCode)
            {
                throw WireFormat.ReadError(response.StatusCode, body.Span, Request.Name);
            }

            _dispatcher.Statistics.CountPoll();
            _dispatcher.DispatchBatch(body.Span);
            return _options.PollingInterval;
        }
    }
}
