using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Icws.Client;
using Icws.Reliability.Tests.Infrastructure;

namespace Icws.Reliability.Tests.WireFuzz;

/// <summary>
/// A queue watch served by a <see cref="FakeIcwsServer"/>: the feed keeps its own model of the queue (the oracle),
/// writes valid <c>queueContentsMessage</c>s for every change, and lets a test slip any bytes in between. Messages go
/// out in deliveries: one polled response (a JSON array) or one server-sent event body (then the stream ends and the
/// pump reconnects, as after a dropped stream).
/// </summary>
internal sealed class FakeQueueFeed
{
    public const string SubscriptionId = "fuzzq";

    public static readonly string[] Watched = [Attr.Eic_State, Attr.Eic_RemoteName, Attr.Eic_CallDirection, Attr.Eic_Muted];

    private readonly object _gate = new();
    private readonly Queue<List<byte[]>> _deliveries = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly Dictionary<string, Dictionary<string, string>> _queue = new(StringComparer.Ordinal);
    private readonly Random _random;
    private long _nextId = 3_001_000_000;
    private int _inFlight;

    public FakeQueueFeed(FakeIcwsServer server, bool events, Random random)
    {
        Server = server;
        Events = events;
        _random = random;
        server.MessagingVersion = events ? 2 : 1;
        server.Respond = RespondAsync;
    }

    public FakeIcwsServer Server { get; }

    public bool Events { get; }

    /// <summary>PUTs of the watch (the first, then one per resynchronization): each sends a snapshot.</summary>
    public int Subscriptions { get; private set; }

    /// <summary>Messages handed out (valid and not).</summary>
    public int MessagesSent { get; private set; }

    /// <summary>Deliveries not yet handed out, plus the one being handed out.</summary>
    public bool Drained
    {
        get
        {
            lock (_gate)
            {
                return _deliveries.Count == 0 && _inFlight == 0;
            }
        }
    }

    /// <summary>The oracle: interaction id to its watched attributes.</summary>
    public Dictionary<string, Dictionary<string, string>> Snapshot()
    {
        lock (_gate)
        {
            return _queue.ToDictionary(p => p.Key, p => new Dictionary<string, string>(p.Value, StringComparer.OrdinalIgnoreCase), StringComparer.Ordinal);
        }
    }

    /// <summary>One valid change (add, change or remove), as its own message; returns the message text.</summary>
    public string Change()
    {
        lock (_gate)
        {
            var roll = _random.Next(100);
            string message;
            if (_queue.Count == 0 || roll < 40)
            {
                var id = (_nextId++).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var attributes = Watched.ToDictionary(n => n, n => Value(n), StringComparer.OrdinalIgnoreCase);
                _queue[id] = attributes;
                message = Message(true, [(id, attributes)], [], []);
            }
            else if (roll < 80)
            {
                var id = _queue.Keys.ElementAt(_random.Next(_queue.Count));
                var changed = Watched.Where(_ => _random.Next(2) == 0).DefaultIfEmpty(Attr.Eic_State).ToDictionary(n => n, n => Value(n), StringComparer.OrdinalIgnoreCase);
                foreach (var pair in changed)
                {
                    _queue[id][pair.Key] = pair.Value;
                }

                message = Message(true, [], [(id, changed)], []);
            }
            else
            {
                var id = _queue.Keys.ElementAt(_random.Next(_queue.Count));
                _queue.Remove(id);
                message = Message(true, [], [], [id]);
            }

            return message;
        }
    }

    /// <summary>Queues messages as one delivery.</summary>
    public void Deliver(params byte[][] messages)
    {
        lock (_gate)
        {
            _deliveries.Enqueue(messages.ToList());
        }

        _signal.Release();
    }

    /// <summary>Samples of every kind of message to mutate: ours, another subscription's, other watches', unknown.</summary>
    public string SampleMessage()
    {
        lock (_gate)
        {
            var id = _queue.Count > 0 ? _queue.Keys.ElementAt(_random.Next(_queue.Count)) : "3000000001";
            var attributes = Watched.ToDictionary(n => n, n => Value(n), StringComparer.OrdinalIgnoreCase);
            return _random.Next(8) switch
            {
                0 or 1 => Message(true, [(id, attributes)], [(id, attributes)], [id]),
                2 => Message(false, [(id, attributes)], [], []),
                3 => Message(true, [(id, attributes)], [], []).Replace(SubscriptionId, "another-subscription", StringComparison.Ordinal),
                4 => """{"__type":"urn:inin.com:interactions:interactionChangedMessage","isDelta":true,"interactionID":"ID","attributes":{"Eic_State":"C","Eic_RemoteName":"X"}}""".Replace("ID", id, StringComparison.Ordinal),
                5 => """{"__type":"urn:inin.com:interactions:interactionDeallocatedMessage","isDelta":false,"interactionID":"ID"}""".Replace("ID", id, StringComparison.Ordinal),
                6 => """{"__type":"urn:inin.com:connection:connectionStateChangeMessage","isDelta":false,"previousConnectionState":1,"newConnectionState":2,"reason":"fuzz","shouldReconnect":true}""",
                _ => """{"__type":"urn:inin.com:future:somethingNewMessage","isDelta":true,"shape":{"nested":[1,2,3]}}""",
            };
        }
    }

    /// <summary>Whether the client, decoding this text, would change the watched queue with it (then it is no fault to inject).</summary>
    public static bool WouldChangeTheWatch(byte[] message, string subscriptionId = SubscriptionId)
    {
        try
        {
            var reader = new Utf8JsonReader(message, new JsonReaderOptions { MaxDepth = Icws.Runtime.IcwsJson.MaxDepth });
            if (!reader.Read())
            {
                return false;
            }

            var decoded = IcwsMessages.Decoder.Decode(ref reader);
            return decoded is Icws.Runtime.IInteractionFeedMessage { FeedKind: Icws.Metadata.IcwsWatchKind.Queue } feed && feed.FeedKey == subscriptionId;
        }
        catch (Exception ex) when (ex is JsonException or IcwsException or InvalidOperationException or FormatException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// How the client's reader gets through the text inside a polled array: how many whole values it reads, and
    /// whether it then hits an error (which ends the batch). Like the client, this reads tokens only: strings are
    /// not checked for valid UTF-8.
    /// </summary>
    public static (int Values, bool Breaks) ReadInBatch(byte[] message)
    {
        var batch = Encoding.UTF8.GetBytes("[").Concat(message).Concat(Encoding.UTF8.GetBytes("]")).ToArray();
        var reader = new Utf8JsonReader(batch, new JsonReaderOptions { MaxDepth = Icws.Runtime.IcwsJson.MaxDepth });
        var values = 0;
        try
        {
            reader.Read();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                reader.Skip();
                values++;
            }

            // Text after the end of the array (the message closed it early) is an error too.
            return (values, reader.Read());
        }
        catch (JsonException)
        {
            return (values, true);
        }
    }

    /// <summary>Whether the text is exactly one JSON value the client reads through inside a polled array.</summary>
    public static bool IsWellFormed(byte[] message) => ReadInBatch(message) is (1, false);

    /// <summary>What server-sent event framing does to a message: line breaks become \n (the client joins data lines with \n).</summary>
    public static byte[] AsEventData(byte[] message)
    {
        var text = new List<byte>(message.Length);
        for (var i = 0; i < message.Length; i++)
        {
            if (message[i] == (byte)'\r')
            {
                text.Add((byte)'\n');
                if (i + 1 < message.Length && message[i + 1] == (byte)'\n')
                {
                    i++;
                }
            }
            else
            {
                text.Add(message[i]);
            }
        }

        return text.ToArray();
    }

    private string Value(string name) => name switch
    {
        "Eic_State" => new[] { "O", "A", "C", "H", "M", "P", "R", "S", "X", "I", "E", "" }[_random.Next(12)],
        "Eic_CallDirection" => new[] { "I", "O", "" }[_random.Next(3)],
        "Eic_Muted" => new[] { "0", "1" }[_random.Next(2)],
        _ => "Caller " + _random.Next(100_000) + (_random.Next(10) == 0 ? " ünï \"q\" \\ 😀" : string.Empty),
    };

    private static string Message(bool isDelta, IReadOnlyList<(string Id, Dictionary<string, string> Attributes)> added, IReadOnlyList<(string Id, Dictionary<string, string> Attributes)> changed, IReadOnlyList<string> removed)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("__type", "urn:inin.com:queues:queueContentsMessage");
            w.WriteBoolean("isDelta", isDelta);
            w.WriteString("subscriptionId", SubscriptionId);
            Entries(w, "interactionsAdded", added);
            Entries(w, "interactionsChanged", changed);
            if (removed.Count > 0)
            {
                w.WriteStartArray("interactionsRemoved");
                foreach (var id in removed)
                {
                    w.WriteStringValue(id);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Entries(Utf8JsonWriter w, string name, IReadOnlyList<(string Id, Dictionary<string, string> Attributes)> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var (id, attributes) in entries)
        {
            w.WriteStartObject();
            w.WriteString("interactionId", id);
            w.WriteStartObject("attributes");
            foreach (var pair in attributes)
            {
                w.WriteString(pair.Key, pair.Value);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private async Task<HttpResponseMessage> RespondAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        if (path.EndsWith("/messaging/subscriptions/queues/" + SubscriptionId, StringComparison.Ordinal))
        {
            if (request.Method == HttpMethod.Put)
            {
                lock (_gate)
                {
                    Subscriptions++;
                    // The snapshot goes out first, on its own.
                    var all = _queue.Select(p => (p.Key, new Dictionary<string, string>(p.Value))).ToList();
                    var items = new Queue<List<byte[]>>(_deliveries);
                    _deliveries.Clear();
                    _deliveries.Enqueue([Encoding.UTF8.GetBytes(Message(false, all, [], []))]);
                    foreach (var item in items)
                    {
                        _deliveries.Enqueue(item);
                    }
                }

                _signal.Release();
            }

            return new HttpResponseMessage(HttpStatusCode.NoContent);
        }

        if (!path.EndsWith("/messaging/messages", StringComparison.Ordinal) || request.Method != HttpMethod.Get)
        {
            return FakeIcwsServer.Json(HttpStatusCode.NotFound, """{"errorId":"error.request.resourceNotFound","message":"Not here."}""");
        }

        await _signal.WaitAsync(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
        List<byte[]>? delivery;
        var taken = false;
        lock (_gate)
        {
            if (!_deliveries.TryDequeue(out delivery))
            {
                delivery = [];
            }
            else
            {
                taken = true;
                _inFlight++;
                MessagesSent += delivery.Count;
            }
        }

        var body = new List<byte>();
        if (Events)
        {
            body.AddRange("retry: 1\n\n"u8.ToArray());
            foreach (var message in delivery)
            {
                foreach (var line in Split(AsEventData(message)))
                {
                    body.AddRange("data: "u8.ToArray());
                    body.AddRange(line);
                    body.Add((byte)'\n');
                }

                body.Add((byte)'\n');
            }
        }
        else
        {
            body.Add((byte)'[');
            for (var i = 0; i < delivery.Count; i++)
            {
                if (i > 0)
                {
                    body.Add((byte)',');
                }

                body.AddRange(delivery[i]);
            }

            body.Add((byte)']');
        }

        var response = FakeIcwsServer.Bytes(HttpStatusCode.OK, body.ToArray(), Events ? "text/event-stream" : "application/vnd.inin.icws+JSON; charset=utf-8");
        if (taken)
        {
            // Counted as handed out once the client has the body (it reads it right away).
            _ = Task.Run(async () =>
            {
                await Task.Delay(50, CancellationToken.None).ConfigureAwait(false);
                lock (_gate)
                {
                    _inFlight--;
                }
            }, CancellationToken.None);
        }

        return response;
    }

    private static IEnumerable<byte[]> Split(byte[] data)
    {
        var start = 0;
        for (var i = 0; i <= data.Length; i++)
        {
            if (i == data.Length || data[i] == (byte)'\n')
            {
                yield return data[start..i];
                start = i + 1;
            }
        }
    }
}
