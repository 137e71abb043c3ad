using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Icws.Runtime
{
    /// <summary>
    /// Turns message JSON into messages and hands them on: decoded by <c>__type</c> (the standard decoder the client
    /// registered, then the decoders of a project's own messages), applied to the live watch they feed, and written
    /// to every <see cref="IcwsSession.ReadMessagesAsync"/> reader. Whatever cannot be decoded is kept raw with the
    /// reason; a batch that breaks off delivers what came before the break and says messages may be lost.
    /// </summary>
    /// <remarks>
    /// A queue-contents message that no reader reads as a message (the usual case: watches only) is applied straight
    /// to its watch by a <see cref="QueueFeedBatch"/>, with no message object built only to be applied and dropped;
    /// one that batch does not take goes the usual way. Messages are decoded one at a time, by the pump's loop.
    /// </remarks>
    internal sealed class MessageDispatcher
    {
        private readonly IcwsWatchRegistry _watches;
        private readonly Action<Exception, bool, string> _reportError;
        private readonly int _readerCapacity;
        private readonly QueueFeedBatch _batch = new();
        private readonly ILogger _logger;
        private readonly object _gate = new();
        private readonly List<Channel<IcwsMessage>> _readers = new();
        private IIcwsMessageDecoder? _decoder;
        private QueueFeedShape[] _queueFeeds = Array.Empty<QueueFeedShape>();
        private int _readerCount;
        private int _messagesMayBeLost;
        private bool _closed;
        private Exception? _fault;

        public MessageDispatcher(IcwsWatchRegistry watches, Action<Exception, bool, string> reportError, int readerCapacity, ILogger logger, IcwsMetrics? metrics = null)
        {
            _watches = watches;
            _reportError = reportError;
            _readerCapacity = readerCapacity;
            _logger = logger;
            Metrics = metrics ?? IcwsMetrics.Shared;
        }

        public MessagePumpStatistics Statistics { get; } = new();

        /// <summary>Where messages are counted (by type) and their lag recorded.</summary>
        public IcwsMetrics Metrics { get; }

        /// <summary>The decoder of the standard messages (the generated client registers it).</summary>
        public IIcwsMessageDecoder? Decoder
        {
            get => Volatile.Read(ref _decoder);
            set
            {
                Volatile.Write(ref _queueFeeds, value is IIcwsQueueFeedShapes shapes ? new List<QueueFeedShape>(shapes.QueueFeeds).ToArray() : Array.Empty<QueueFeedShape>());
                Volatile.Write(ref _decoder, value);
            }
        }

        /// <summary>Says that messages the server handed over never arrived whole (a broken stream or batch).</summary>
        public void MarkMessagesLost() => Volatile.Write(ref _messagesMayBeLost, 1);

        /// <summary>Whether messages may have been lost since the last call (and forgets it).</summary>
        public bool TakeMessagesLost() => Interlocked.Exchange(ref _messagesMayBeLost, 0) != 0;

        /// <summary>
        /// A reader of every message from now on; null once the readers have been completed (the session stopped),
        /// with <paramref name="fault"/> the reason when it failed.
        /// </summary>
        public Channel<IcwsMessage>? AddReader(out Exception? fault)
        {
            var channel = Channel.CreateBounded<IcwsMessage>(
                new BoundedChannelOptions(_readerCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
                _ => Statistics.CountDropped());
            lock (_gate)
            {
                fault = _fault;
                if (_closed)
                {
                    return null;
                }

                _readers.Add(channel);
                Volatile.Write(ref _readerCount, _readers.Count);
            }

            return channel;
        }

        public void RemoveReader(Channel<IcwsMessage> channel)
        {
            lock (_gate)
            {
                _readers.Remove(channel);
                Volatile.Write(ref _readerCount, _readers.Count);
            }
        }

        /// <summary>Ends every reader, and every later one at once: normally, or with the reason the session stopped.</summary>
        public void CompleteReaders(Exception? fault)
        {
            lock (_gate)
            {
                _closed = true;
                _fault ??= fault;
                foreach (var reader in _readers)
                {
                    reader.Writer.TryComplete(fault is null ? null : new IcwsException("The ICWS session has stopped: " + fault.Message, fault));
                }

                _readers.Clear();
                Volatile.Write(ref _readerCount, 0);
            }
        }

        /// <summary>
        /// A polled batch: a JSON array of messages. Each message is decoded on its own, so one bad message
        /// is kept raw and the others still arrive; if the text breaks off, the messages before the break
        /// are delivered and the break is reported.
        /// </summary>
        public void DispatchBatch(ReadOnlySpan<byte> json)
        {
            if (json.IsEmpty)
            {
                return;
            }

            // The whole response has just been read: every message of the batch arrived now, and the later ones wait for the earlier.
            var arrived = Metrics.MessageArrived();
            var reader = new Utf8JsonReader(json, IcwsJson.ReaderOptions);
            try
            {
                if (!reader.Read())
                {
                    return;
                }

                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    DecodeAndDispatch(ref reader, wholeInput: false, arrived);
                    return;
                }

                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw new JsonException($"Expected an array of messages, found {reader.TokenType}.");
                }

                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    DecodeAndDispatch(ref reader, wholeInput: false, arrived);
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
                MarkMessagesLost();
                Statistics.CountMalformed();
                Statistics.CountError();
                Metrics.RecordMessage(IcwsMetrics.OtherType, IcwsMetrics.Malformed, 0);
                _reportError(new IcwsProtocolException("A message batch is not valid JSON: " + ex.Message, ex), false, "decoding messages");
            }
        }

        /// <summary>
        /// One event's data: one message, decoded; or null when it was a queue-feed message applied straight to its
        /// watch (<see cref="Dispatch"/> is then not needed). <paramref name="arrived"/>: when it arrived, for its lag (0: not measured).
        /// </summary>
        public IcwsMessage? DecodeOne(ReadOnlySpan<byte> json, long arrived = 0)
        {
            var reader = new Utf8JsonReader(json, IcwsJson.ReaderOptions);
            try
            {
                reader.Read();
                if (TryApplyDirectly(ref reader, wholeInput: true, arrived))
                {
                    return null;
                }

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
                return new UnknownIcwsMessage(string.Empty, JsonStringElement(text), "The message is not valid JSON: " + ex.Message);
            }
        }

        /// <summary>Applies a message to the watch it feeds and writes it to every reader; then counts it, with its lag since <paramref name="arrived"/> (0: not measured).</summary>
        public void Dispatch(IcwsMessage message, long arrived = 0)
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
                    _watches.Dispatch(feed);
                }
                catch (Exception ex)
                {
                    Statistics.CountError();
                    _reportError(ex, false, "applying a message to a watch");
                }
            }

            lock (_gate)
            {
                foreach (var reader in _readers)
                {
                    reader.Writer.TryWrite(message);
                }
            }

            // Tagged by __type when a spec declares it; an unknown type is _OTHER (the server's types are not ours to count by).
            (string Type, string? Error) tags = message switch
            {
                UnknownIcwsMessage { Error: null } => (IcwsMetrics.OtherType, null),
                UnknownIcwsMessage { TypeUrn.Length: 0 } => (IcwsMetrics.OtherType, IcwsMetrics.Malformed),
                UnknownIcwsMessage => (message.TypeUrn, IcwsMetrics.Undecodable),
                _ => (message.TypeUrn, null),
            };
            Metrics.RecordMessage(tags.Type, tags.Error, arrived);
        }

        private void DecodeAndDispatch(ref Utf8JsonReader reader, bool wholeInput, long arrived)
        {
            if (!TryApplyDirectly(ref reader, wholeInput, arrived))
            {
                Dispatch(DecodeAt(ref reader), arrived);
            }
        }

        /// <summary>
        /// Applies a queue-feed message straight to its watch when nobody reads messages and the batch takes it; true
        /// then, with the reader at the message's end. Otherwise the reader is where it was and the message goes the
        /// usual way. <paramref name="wholeInput"/>: the message must be all the input (an event's data).
        /// </summary>
        private bool TryApplyDirectly(ref Utf8JsonReader reader, bool wholeInput, long arrived)
        {
            var feeds = Volatile.Read(ref _queueFeeds);
            if (feeds.Length == 0 || Volatile.Read(ref _readerCount) != 0 || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            var start = reader;
            try
            {
                if (!IcwsJson.TryFindTypeUrn(ref reader, "message", out var type))
                {
                    return false;
                }

                foreach (var shape in feeds)
                {
                    if (!type.ValueTextEquals(shape.TypeUrn))
                    {
                        continue;
                    }

                    if (!_batch.TryRead(ref reader, shape) || (wholeInput && HasMore(reader)))
                    {
                        reader = start;
                        return false;
                    }

                    Statistics.CountReceived();
                    try
                    {
                        _watches.Dispatch(_batch);
                    }
                    catch (Exception ex)
                    {
                        Statistics.CountError();
                        _reportError(ex, false, "applying a message to a watch");
                    }

                    Metrics.RecordMessage(shape.TypeName, null, arrived);
                    return true;
                }
            }
            catch (Exception ex) when (ex is JsonException or IcwsProtocolException)
            {
                // Malformed: the usual way reports it.
            }

            reader = start;
            return false;
        }

        /// <summary>Whether more follows the value the reader has just read to its end (trailing data makes the event malformed).</summary>
        private static bool HasMore(Utf8JsonReader reader)
        {
            try
            {
                return reader.Read();
            }
            catch (JsonException)
            {
                return true;
            }
        }

        private IcwsMessage DecodeAt(ref Utf8JsonReader reader)
        {
            var checkpoint = reader;
            IcwsMessage message;
            try
            {
                if (Decoder is { } decoder)
                {
                    message = decoder.Decode(ref reader);
                }
                else
                {
                    var element = JsonElement.ParseValue(ref reader);
                    message = new UnknownIcwsMessage(IcwsJson.TypeUrnOf(element), element);
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
                return IcwsMessage.DecodeAgain(decoder, raw);
            }
            catch (Exception ex) when (ex is IcwsProtocolException or InvalidOperationException or FormatException or JsonException)
            {
                return Undecodable(raw, ex);
            }
        }

        private UnknownIcwsMessage Undecodable(JsonElement raw, Exception ex)
        {
            Statistics.CountUndecodable();
            MessagePumpLog.Undecodable(_logger, IcwsJson.TypeUrnOf(raw), ex.Message);
            return new UnknownIcwsMessage(IcwsJson.TypeUrnOf(raw), raw, ex.Message);
        }

        private static JsonElement JsonStringElement(string text)
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
