using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Icws.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;
using Xunit.Abstractions;

namespace Icws.Runtime.Tests;

/// <summary>
/// The direct path for queue-contents messages (applied to the watch while decoding, when nobody reads messages)
/// must give exactly what the usual path gives (the generated message, then the watch): the same view after every
/// message, the same counts of received and undecodable messages. Differential: each message goes to a dispatcher
/// with a message reader (always the usual path) and to one without (the direct path where it applies).
/// </summary>
public class QueueFeedPathTests(ITestOutputHelper output)
{
    private const string Urn = "urn:inin.com:queues:queueContentsMessage";
    private const string Key = "q1";

    [Fact]
    public async Task AWellFormedMessage_TakesTheDirectPath_AndGivesTheSameView()
    {
        await using var usual = await Side.CreateAsync(withReader: true);
        await using var direct = await Side.CreateAsync(withReader: false);
        var snapshot = $$$"""{"__type":"{{{Urn}}}","isDelta":false,"subscriptionId":"{{{Key}}}","interactionsAdded":[{"interactionId":"1","attributes":{"Eic_State":"A","Eic_RemoteName":"Ann"}},{"interactionId":"2","attributes":{"Eic_State":"C"}}]}""";
        var delta = $$$"""{"__type":"{{{Urn}}}","isDelta":true,"subscriptionId":"{{{Key}}}","interactionsChanged":[{"interactionId":"1","attributes":{"Eic_State":"C"}}],"interactionsRemoved":["2"]}""";

        Assert.Null(direct.Dispatcher.DecodeOne(Encoding.UTF8.GetBytes(snapshot)));
        Assert.Null(direct.Dispatcher.DecodeOne(Encoding.UTF8.GetBytes(delta)));
        usual.Process(snapshot);
        usual.Process(delta);

        AssertSame(usual, direct, "after the snapshot and a delta");
        Assert.Equal("C", direct.Watch.GetSnapshot()["1"].Map["Eic_State"]);
        Assert.Equal(2, direct.Dispatcher.Statistics.Received);
    }

    [Theory]
    [InlineData(20261207, 400)]
    [InlineData(0, 400)]
    public async Task RandomMessages_GiveTheSameViewOnBothPaths(int fixedSeed, int messages)
    {
        var seed = fixedSeed != 0 ? fixedSeed : Random.Shared.Next();
        output.WriteLine($"seed {seed} ({(fixedSeed != 0 ? "fixed" : "fresh")}); rerun this case with the seed in place of 0");
        var random = new Random(seed);
        await using var usual = await Side.CreateAsync(withReader: true);
        await using var direct = await Side.CreateAsync(withReader: false);
        var ids = Enumerable.Range(1, 12).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var directHits = 0;
        for (var i = 0; i < messages; i++)
        {
            var json = RandomMessage(random, ids, isFirst: i == 0);
            usual.Process(json);
            if (direct.Process(json))
            {
                directHits++;
            }

            AssertSame(usual, direct, $"message {i} (seed {seed}): {json}");
        }

        output.WriteLine($"{directHits} of {messages} messages took the direct path");
        Assert.InRange(directHits, messages / 10, messages);
    }

    private static void AssertSame(Side usual, Side direct, string when)
    {
        var expected = usual.Watch.GetSnapshot().OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + Describe(p.Value.Map)).ToList();
        var actual = direct.Watch.GetSnapshot().OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + Describe(p.Value.Map)).ToList();
        Assert.True(expected.SequenceEqual(actual), $"Views differ {when}:\n  usual:  {string.Join("; ", expected)}\n  direct: {string.Join("; ", actual)}");
        Assert.Equal(usual.Watch.State, direct.Watch.State);
        Assert.Equal(usual.Dispatcher.Statistics.Received, direct.Dispatcher.Statistics.Received);
        Assert.Equal(usual.Dispatcher.Statistics.Undecodable, direct.Dispatcher.Statistics.Undecodable);
        Assert.Equal(usual.Dispatcher.Statistics.Malformed, direct.Dispatcher.Statistics.Malformed);
    }

    private static string Describe(AttributeMap map) => string.Join(",", map.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase).Select(p => p.Key + ":" + p.Value));

    /// <summary>Queue-contents messages, mostly well formed, some with the fields reordered, extra or repeated, some broken.</summary>
    private static string RandomMessage(Random random, string[] ids, bool isFirst)
    {
        var parts = new List<string>
        {
            $"\"__type\":\"{Urn}\"",
            $"\"isDelta\":{(isFirst || random.Next(8) == 0 ? "false" : "true")}",
            $"\"subscriptionId\":\"{(random.Next(20) == 0 ? "other" : Key)}\"",
        };
        if (random.Next(3) == 0)
        {
            parts.Add("\"interactionsAdded\":" + Interactions(random, ids, full: true));
        }

        if (random.Next(2) == 0)
        {
            parts.Add("\"interactionsChanged\":" + Interactions(random, ids, full: false));
        }

        if (random.Next(3) == 0)
        {
            parts.Add("\"interactionsRemoved\":[" + string.Join(",", Enumerable.Range(0, random.Next(3)).Select(_ => "\"" + ids[random.Next(ids.Length)] + "\"")) + "]");
        }

        // Odd shapes: what the direct path must either take exactly as the usual one does, or leave to it.
        switch (random.Next(14))
        {
            case 0:
                parts.Add("\"queueResultLimitExceeded\":" + (random.Next(2) == 0 ? "true" : "\"yes\""));
                break;
            case 1:
                parts.RemoveAt(2);
                break;
            case 2:
                parts[1] = "\"isDelta\":\"maybe\"";
                break;
            case 3:
                parts.Add("\"interactionsAdded\":[{\"interactionId\":\"" + ids[random.Next(ids.Length)] + "\",\"attributes\":{\"Eic_State\":\"H\"},\"conferenceParentId\":" + (random.Next(2) == 0 ? "\"9\"" : "9") + "}]");
                break;
            case 4:
                parts.Add("\"interactionsChanged\":[{\"attributes\":{\"Eic_State\":\"H\"}}]");
                break;
            case 5:
                parts.Add("\"interactionsRemoved\":[7]");
                break;
            case 6:
                parts.Add(parts[random.Next(parts.Count)]);
                break;
            case 7:
                parts.Add("\"subscriptionId\":null");
                break;
            case 8:
                parts.Add("\"interactionsChanged\":[{\"interactionId\":\"1\",\"attributes\":{\"Eic_State\":5}}]");
                break;
        }

        var shuffled = random.Next(3) == 0 ? parts.OrderBy(_ => random.Next()).ToList() : parts;
        var json = "{" + string.Join(",", shuffled) + "}";
        return random.Next(25) == 0 ? json + " {}" : random.Next(40) == 0 ? json[..(json.Length / 2)] : json;
    }

    private static string Interactions(Random random, string[] ids, bool full)
    {
        var items = Enumerable.Range(0, random.Next(1, 4)).Select(_ =>
        {
            var attributes = new List<string> { $"\"Eic_State\":\"{"ACHO"[random.Next(4)]}\"" };
            if (full || random.Next(2) == 0)
            {
                attributes.Add($"\"Eic_RemoteName\":\"Caller {random.Next(100)}\"");
            }

            return $"{{\"interactionId\":\"{ids[random.Next(ids.Length)]}\",\"attributes\":{{{string.Join(",", attributes)}}}}}";
        });
        return "[" + string.Join(",", items) + "]";
    }

    /// <summary>A dispatcher and a queue watch; with a message reader attached the dispatcher never takes the direct path.</summary>
    private sealed class Side : IAsyncDisposable
    {
        private Side(MessageDispatcher dispatcher, QueueWatch<InteractionAttributes> watch, System.Threading.Channels.Channel<IcwsMessage>? reader)
        {
            Dispatcher = dispatcher;
            Watch = watch;
            Reader = reader;
        }

        public MessageDispatcher Dispatcher { get; }

        public QueueWatch<InteractionAttributes> Watch { get; }

        private System.Threading.Channels.Channel<IcwsMessage>? Reader { get; }

        public static async Task<Side> CreateAsync(bool withReader)
        {
            var registry = new IcwsWatchRegistry(static _ => Task.CompletedTask);
            var dispatcher = new MessageDispatcher(registry, static (_, _, _) => { }, 100_000, NullLogger.Instance) { Decoder = IcwsMessages.Decoder };
            var watch = await registry.StartQueueWatchAsync<InteractionAttributes>(Key, static _ => Task.CompletedTask, null, CancellationToken.None);
            return new Side(dispatcher, watch, withReader ? dispatcher.AddReader(out _) : null);
        }

        /// <summary>Handles one event as the event-stream source does; true when it was applied straight to the watch.</summary>
        public bool Process(string json)
        {
            if (Dispatcher.DecodeOne(Encoding.UTF8.GetBytes(json)) is { } decoded)
            {
                Dispatcher.Dispatch(decoded);
                return false;
            }

            return true;
        }

        public ValueTask DisposeAsync() => Watch.DisposeAsync();
    }
}
