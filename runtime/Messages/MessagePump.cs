using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Icws.Runtime;
using Microsoft.Extensions.Logging;

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

    /// <summary>
    /// Fetches the session's messages (server-sent events where the server's messaging feature allows,
    /// short polling otherwise), decodes them by <c>__type</c>, feeds live watches and readers. It never
    /// stops on an error: dropped streams reconnect, expired sessions are renewed, undecodable messages
    /// are kept raw; every error is counted, logged and raised on <see cref="IcwsSession.Error"/>. Only a
    /// fatal session failure or disposal ends it, and then its readers learn why.
    /// </summary>
    internal sealed partial class MessagePump
    {
        private static readonly TimeSpan DefaultReconnect = TimeSpan.FromSeconds(1);

        private readonly IcwsSession _session;
        private readonly IcwsSessionOptions _options;
        private readonly ILogger _logger;
        private readonly object _gate = new();
        private readonly List<Channel<IcwsMessage>> _readers = new();
        private Task? _loop;
        private CancellationTokenSource? _stop;
        private CancellationTokenSource? _stream;
        private bool _stopped;
        private bool _serverLacksEvents;

        // Set by the loop when a read failed after the server had handed messages over (an event stream that broke off,
        // a polled body that could not be read or decoded whole): those messages are gone, so the watches resynchronize.
        private bool _messagesMayBeLost;
        private Exception? _fault;

        public MessagePump(IcwsSession session, IcwsSessionOptions options, ILogger logger)
        {
            _session = session;
            _options = options;
            _logger = logger;
            // A renewed session needs a new event stream: end the one bound to the old session.
            session.Renewed += (_, _) => CancelStream();
        }

        public MessagePumpStatistics Statistics { get; } = new();

        public MessageRetrieval ActiveMode => _session.IsConnected && UseEvents(_session.State) ? MessageRetrieval.ServerSentEvents : MessageRetrieval.Polling;

        public void EnsureStarted()
        {
            lock (_gate)
            {
                if (_loop is not null || _stopped)
                {
                    return;
                }

                _stop = CancellationTokenSource.CreateLinkedTokenSource(_session.Lifetime);
                var token = _stop.Token;
                _loop = Task.Run(() => RunAsync(token));
            }
        }

        public async Task StopAsync()
        {
            Task? loop;
            lock (_gate)
            {
                _stopped = true;
                loop = _loop;
                _stop?.Cancel();
            }

            if (loop is not null)
            {
                await loop.ConfigureAwait(false);
            }

            CompleteReaders(null);
        }

        public void Fail(Exception reason)
        {
            lock (_gate)
            {
                _fault = reason;
                _stopped = true;
                _stop?.Cancel();
            }

            CompleteReaders(reason);
        }

        public async IAsyncEnumerable<IcwsMessage> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var channel = Channel.CreateBounded<IcwsMessage>(
                new BoundedChannelOptions(_options.ChangeStreamCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
                _ => Statistics.CountDropped());
            lock (_gate)
            {
                if (_fault is not null)
                {
                    throw new IcwsException("The ICWS session has stopped: " + _fault.Message, _fault);
                }

                if (_stopped)
                {
                    yield break;
                }

                _readers.Add(channel);
            }

            EnsureStarted();
            try
            {
                await foreach (var message in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield return message;
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

        private async Task RunAsync(CancellationToken stop)
        {
            var failures = 0;
            while (!stop.IsCancellationRequested)
            {
                SessionState state;
                try
                {
                    // A reader may start before the session has logged in (dependency injection creates it unconnected).
                    await _session.ConnectAsync(stop).ConfigureAwait(false);
                    state = _session.State;
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex) when (ex is IcwsException or HttpRequestException)
                {
                    Statistics.CountError();
                    _session.RaiseError(ex, isFatal: false, "logging in for messages");
                    await Task.Delay(_session.Backoff(3), stop).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
                    continue;
                }

                var delay = TimeSpan.Zero;
                try
                {
                    if (UseEvents(state))
                    {
                        delay = await RunEventStreamAsync(state, stop).ConfigureAwait(false);
                    }
                    else
                    {
                        await PollAsync(state, stop).ConfigureAwait(false);
                        delay = _options.PollingInterval;
                    }

                    failures = 0;
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break;
                }
                catch (OperationCanceledException)
                {
                    // The stream was cancelled because the session was renewed: reconnect on the new one at once.
                    continue;
                }
                catch (IcwsApiException ex) when (ex.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Gone or HttpStatusCode.ServiceUnavailable)
                {
                    Statistics.CountError();
                    Log.SessionLost(_logger, (int)ex.StatusCode);
                    try
                    {
                        await _session.RenewAsync(state, stop).ConfigureAwait(false);
                        continue;
                    }
                    catch (OperationCanceledException) when (stop.IsCancellationRequested)
                    {
                        break;
                    }
                    catch (Exception renewal)
                    {
                        // Already raised by the session; keep trying with back-off (the session decides when it is fatal).
                        delay = _session.Backoff(++failures);
                        Log.WillRetry(_logger, delay.TotalMilliseconds, renewal.GetType().Name);
                    }
                }
                catch (Exception ex)
                {
                    Statistics.CountError();
                    delay = _session.Backoff(++failures);
                    _session.RaiseError(ex, isFatal: false, "fetching messages");
                    Log.WillRetry(_logger, delay.TotalMilliseconds, ex.GetType().Name);
                }

                if (_messagesMayBeLost)
                {
                    // Fresh snapshots for every watch: a view must not go on without the changes that were lost.
                    _messagesMayBeLost = false;
                    _session.ResynchronizeWatches();
                }

                if (delay > TimeSpan.Zero)
                {
                    try
                    {
                        await Task.Delay(delay, stop).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
            }
        }

        private bool UseEvents(SessionState state) => _options.MessageRetrieval switch
        {
            MessageRetrieval.Polling => false,
            MessageRetrieval.ServerSentEvents => true,
            // go-icws and the 2016 R3 release notes: messaging version 2 brought server-sent events.
            _ => !_serverLacksEvents && state.Login.Features.TryGetValue("messaging", out var version) && version >= 2,
        };

        /// <summary>Reads one event stream until it ends; returns how long to wait before reconnecting.</summary>
        private async Task<TimeSpan> RunEventStreamAsync(SessionState state, CancellationToken stop)
        {
            using var streamCancel = CancellationTokenSource.CreateLinkedTokenSource(stop);
            lock (_gate)
            {
                _stream = streamCancel;
            }

            try
            {
                return ReferenceEquals(state, _session.State) ? await ReadEventStreamAsync(state, streamCancel.Token).ConfigureAwait(false) : TimeSpan.Zero;
            }
            finally
            {
                lock (_gate)
                {
                    _stream = null;
                }
            }
        }

        private void CancelStream()
        {
            lock (_gate)
            {
                _stream?.Cancel();
            }
        }

        private async Task<TimeSpan> ReadEventStreamAsync(SessionState state, CancellationToken streamToken)
        {

            var request = new IcwsRequest(HttpMethod.Get, "messaging/messages", isSessionCall: true, requiresCsrf: false, "Messaging.EventStream");
            using var message = _session.CreateRequest(request, state, null, eventStream: true);
            using var response = await _session.Http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, streamToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                using var errorBody = await PooledBuffer.ReadAsync(response.Content, 64 * 1024, streamToken).ConfigureAwait(false);
                throw WireFormat.ReadError(response.StatusCode, errorBody.Span, request.Name);
            }

            if (!string.Equals(response.Content.Headers.ContentType?.MediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase))
            {
                // The server answered with a plain message list: it does not stream. Use it, then poll from now on.
                _serverLacksEvents = true;
                Log.NoEventStream(_logger);
                using var body = await PooledBuffer.ReadAsync(response.Content, _options.MaxResponseBytes, streamToken).ConfigureAwait(false);
                DispatchBatch(body.Span);
                return TimeSpan.Zero;
            }

            Statistics.CountStreamConnect();
            Log.StreamOpened(_logger, state.SessionId);
            using var stream = await response.Content.ReadAsStreamAsync(streamToken).ConfigureAwait(false);
            var parser = SseParser.Create(stream, (_, data) => DecodeOne(data));
            try
            {
                await foreach (var item in parser.EnumerateAsync(streamToken).ConfigureAwait(false))
                {
                    Dispatch(item.Data);
                }
            }
            catch (Exception) when (!streamToken.IsCancellationRequested)
            {
                // Broke off (a reset connection): what the server wrote last may never have arrived.
                _messagesMayBeLost = true;
                throw;
            }

            Log.StreamEnded(_logger, state.SessionId);
            return parser.ReconnectionInterval > TimeSpan.Zero && parser.ReconnectionInterval < TimeSpan.FromMinutes(1) ? parser.ReconnectionInterval : DefaultReconnect;
        }

        private async Task PollAsync(SessionState state, CancellationToken stop)
        {
            var request = new IcwsRequest(HttpMethod.Get, "messaging/messages", isSessionCall: true, requiresCsrf: false, "Messaging.GetMessages");
            using var message = _session.CreateRequest(request, state, null);
            using var response = await _session.Http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, stop).ConfigureAwait(false);
            PooledBuffer body;
            try
            {
                body = await PooledBuffer.ReadAsync(response.Content, _options.MaxResponseBytes, stop).ConfigureAwait(false);
            }
            catch (Exception) when (response.IsSuccessStatusCode && !stop.IsCancellationRequested)
            {
                // The server handed these messages over (too large, or the connection broke): they are gone.
                _messagesMayBeLost = true;
                throw;
            }

            using var disposeBody = body;
            if (!response.IsSuccessStatusCode)
            {
                throw WireFormat.ReadError(response.StatusCode, body.Span, request.Name);
            }

            Statistics.CountPoll();
            DispatchBatch(body.Span);
        }

        /// <summary>
        /// A polled batch: a JSON array of messages. Each message is decoded on its own, so one bad message
        /// is kept raw and the others still arrive; if the text breaks off, the messages before the break
        /// are delivered and the break is reported.
        /// </summary>
        internal void DispatchBatch(ReadOnlySpan<byte> json)
        {
            if (json.IsEmpty)
            {
                return;
            }

            var reader = new Utf8JsonReader(json, IcwsJson.ReaderOptions);
            try
            {
                if (!reader.Read())
                {
                    return;
                }

                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    Dispatch(DecodeAt(ref reader));
                    return;
                }

                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw new JsonException($"Expected an array of messages, found {reader.TokenType}.");
                }

                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    Dispatch(DecodeAt(ref reader));
                }

                if (reader.Read())
                {
                    // "[...], {...}]": the array ended early; what follows would be lost without a word.
                    throw new JsonException("More data after the array of messages.");
                }
            }
            catch (JsonException ex)
            {
                // The messages after the break are gone.
                _messagesMayBeLost = true;
                Statistics.CountMalformed();
                Statistics.CountError();
                _session.RaiseError(new IcwsProtocolException("A message batch is not valid JSON: " + ex.Message, ex), isFatal: false, "decoding messages");
            }
        }

        /// <summary>One event's data: one message.</summary>
        private IcwsMessage DecodeOne(ReadOnlySpan<byte> json)
        {
            var reader = new Utf8JsonReader(json, IcwsJson.ReaderOptions);
            try
            {
                reader.Read();
                var message = DecodeAt(ref reader);
                if (reader.Read())
                {
                    throw new JsonException("More data after the message.");
                }

                return message;
            }
            catch (JsonException ex)
            {
                Statistics.CountMalformed();
                // Keep the text (bounded) so a reader can see what arrived.
                var text = System.Text.Encoding.UTF8.GetString(json.Length > 65536 ? json[..65536] : json);
                return new UnknownIcwsMessage(string.Empty, JsonSerializerElement(text), "The message is not valid JSON: " + ex.Message);
            }
        }

        private IcwsMessage DecodeAt(ref Utf8JsonReader reader)
        {
            var checkpoint = reader;
            IcwsMessage message;
            try
            {
                if (_session.Decoder is { } decoder)
                {
                    message = decoder.Decode(ref reader);
                }
                else
                {
                    var element = JsonElement.ParseValue(ref reader);
                    message = new UnknownIcwsMessage(TypeOf(element), element);
                }
            }
            catch (Exception ex) when (ex is IcwsProtocolException or InvalidOperationException or FormatException)
            {
                // A known __type whose body breaks the spec: keep it raw with the reason, go on with the next.
                reader = checkpoint;
                return Undecodable(JsonElement.ParseValue(ref reader), ex);
            }

            // Not a standard message: a project's own spec may declare it (rare, so the raw JSON is read again).
            return message is UnknownIcwsMessage { Error: null } unknown && IcwsMessageTypes.TryGet(unknown.TypeUrn, out var extension)
                ? DecodeExtension(extension, unknown.Raw)
                : message;
        }

        private IcwsMessage DecodeExtension(IIcwsMessageDecoder decoder, JsonElement raw)
        {
            try
            {
                var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(raw.GetRawText()), IcwsJson.ReaderOptions);
                reader.Read();
                return decoder.Decode(ref reader);
            }
            catch (Exception ex) when (ex is IcwsProtocolException or InvalidOperationException or FormatException or JsonException)
            {
                return Undecodable(raw, ex);
            }
        }

        private UnknownIcwsMessage Undecodable(JsonElement raw, Exception ex)
        {
            Statistics.CountUndecodable();
            Log.Undecodable(_logger, TypeOf(raw), ex.Message);
            return new UnknownIcwsMessage(TypeOf(raw), raw, ex.Message);
        }

        private void Dispatch(IcwsMessage message)
        {
            Statistics.CountReceived();
            if (message is UnknownIcwsMessage { Error: null })
            {
                Statistics.CountUnknown();
            }

            if (message is IInteractionFeedMessage feed)
            {
                try
                {
                    _session.Watches.Dispatch(feed);
                }
                catch (Exception ex)
                {
                    Statistics.CountError();
                    _session.RaiseError(ex, isFatal: false, "applying a message to a watch");
                }
            }

            lock (_gate)
            {
                foreach (var reader in _readers)
                {
                    reader.Writer.TryWrite(message);
                }
            }
        }

        private void CompleteReaders(Exception? fault)
        {
            lock (_gate)
            {
                foreach (var reader in _readers)
                {
                    reader.Writer.TryComplete(fault is null ? null : new IcwsException("The ICWS session has stopped: " + fault.Message, fault));
                }

                _readers.Clear();
            }
        }

        private static string TypeOf(JsonElement element)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("__type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                return string.Empty;
            }

            try
            {
                return type.GetString()!;
            }
            catch (InvalidOperationException)
            {
                // Not valid UTF-8: JSON readers only find out when the string is read.
                return string.Empty;
            }
        }

        private static JsonElement JsonSerializerElement(string text)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(text.Length + 16);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStringValue(text);
            }

            var reader = new Utf8JsonReader(buffer.WrittenSpan);
            reader.Read();
            return JsonElement.ParseValue(ref reader);
        }
    }
}
