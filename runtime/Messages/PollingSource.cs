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
        private readonly IcwsMetrics _metrics;

        public PollingSource(ISessionConnection connection, MessageDispatcher dispatcher, IcwsSessionOptions options, IcwsMetrics metrics)
        {
            _connection = connection;
            _dispatcher = dispatcher;
            _options = options;
            _metrics = metrics;
        }

        public async Task<TimeSpan> FetchAsync(SessionState state, CancellationToken stop)
        {
            var started = _metrics.StartRequest();
            using var message = _connection.CreateRequest(Request, state, null);
            HttpResponseMessage response;
            try
            {
                response = await _connection.SendRawAsync(message, HttpCompletionOption.ResponseHeadersRead, stop).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _metrics.RecordRequest(started, Request.Name, Request.Method.Method, state.Server, 0, ex);
                throw;
            }

            using var disposeResponse = response;
            PooledBuffer body;
            try
            {
                body = await PooledBuffer.ReadAsync(response.Content, _options.MaxResponseBytes, stop).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _metrics.RecordRequest(started, Request.Name, Request.Method.Method, state.Server, (int)response.StatusCode, ex);
                if (response.IsSuccessStatusCode && !stop.IsCancellationRequested)
                {
                    // The server handed these messages over (too large, or the connection broke): they are gone.
                    _dispatcher.MarkMessagesLost();
                }

                throw;
            }

            using var disposeBody = body;
            _metrics.RecordRequest(started, Request.Name, Request.Method.Method, state.Server, (int)response.StatusCode, null);
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
