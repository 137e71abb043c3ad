using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace Icws.Benchmarks.Messages;

/// <summary>
/// The queue-contents traffic of group 3, as the server sends it (one message per buffer, like one server-sent
/// event): a full snapshot of 1,000 interactions with 8 watched attributes each, then 10,000 delta messages -
/// 80% one interaction with 1-3 changed attributes, 10% one new interaction (all 8 attributes), 10% one
/// interaction removed - so the view stays near 1,000 interactions. Deterministic (fixed seed).
/// </summary>
public sealed class MessageCorpus
{
    public const string SubscriptionId = "bench-queue";
    public const string TypeUrn = "urn:inin.com:queues:queueContentsMessage";

    public static readonly string[] WatchedAttributes =
    {
        "Eic_State", "Eic_CallStateString", "Eic_RemoteName", "Eic_RemoteTnRaw",
        "Eic_CallDirection", "Eic_ObjectType", "Eic_ConnectDurationTime", "Eic_WorkgroupName",
    };

    private static readonly string[] States = { "A", "C", "H", "O", "P", "R", "S" };
    private static readonly string[] StateStrings = { "Alerting", "Connected", "On Hold", "Offering", "Parked", "Proceeding", "Initializing" };
    private static readonly string[] Names = { "Jane Doe", "John Smith", "Ana Lopez", "Wei Chen", "Fatima Khan", "Olga Petrova", "Kofi Mensah", "Emma Brown" };
    private static readonly string[] Workgroups = { "Support", "Sales", "Billing", "Escalations" };

    private MessageCorpus(byte[] snapshot, byte[][] deltas, int interactionsAtEnd)
    {
        Snapshot = snapshot;
        Deltas = deltas;
        InteractionsAtEnd = interactionsAtEnd;
        long bytes = snapshot.Length;
        foreach (var delta in deltas)
        {
            bytes += delta.Length;
        }

        TotalBytes = bytes;
    }

    public byte[] Snapshot { get; }

    public byte[][] Deltas { get; }

    public long TotalBytes { get; }

    /// <summary>How many interactions a correct view holds after the whole stream.</summary>
    public int InteractionsAtEnd { get; }

    public static MessageCorpus Create(int interactions = 1000, int deltas = 10_000, int seed = 20261129)
    {
        var random = new Random(seed);
        var live = new List<long>(interactions * 2);
        var nextId = 1_001_000_000L;
        var buffer = new ArrayBufferWriter<byte>(256 * 1024);

        // The snapshot.
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Start(writer, isDelta: false);
            writer.WriteStartArray("interactionsAdded");
            for (var i = 0; i < interactions; i++)
            {
                var id = nextId++;
                live.Add(id);
                WriteFullInteraction(writer, id, random);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        var snapshot = buffer.WrittenSpan.ToArray();
        var messages = new byte[deltas][];
        for (var m = 0; m < deltas; m++)
        {
            buffer.Clear();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                Start(writer, isDelta: true);
                var roll = random.Next(100);
                if (roll < 10)
                {
                    var id = nextId++;
                    live.Add(id);
                    writer.WriteStartArray("interactionsAdded");
                    WriteFullInteraction(writer, id, random);
                    writer.WriteEndArray();
                }
                else if (roll < 20 && live.Count > 1)
                {
                    var index = random.Next(live.Count);
                    var id = live[index];
                    live[index] = live[^1];
                    live.RemoveAt(live.Count - 1);
                    writer.WriteStartArray("interactionsRemoved");
                    writer.WriteStringValue(id.ToString(CultureInfo.InvariantCulture));
                    writer.WriteEndArray();
                }
                else
                {
                    var id = live[random.Next(live.Count)];
                    writer.WriteStartArray("interactionsChanged");
                    writer.WriteStartObject();
                    writer.WriteString("interactionId", id.ToString(CultureInfo.InvariantCulture));
                    writer.WriteStartObject("attributes");
                    var state = random.Next(States.Length);
                    writer.WriteString("Eic_State", States[state]);
                    var changes = random.Next(3);
                    if (changes >= 1)
                    {
                        writer.WriteString("Eic_CallStateString", StateStrings[state]);
                    }

                    if (changes >= 2)
                    {
                        writer.WriteString("Eic_ConnectDurationTime", random.Next(3600).ToString(CultureInfo.InvariantCulture));
                    }

                    writer.WriteEndObject();
                    writer.WriteEndObject();
                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
            }

            messages[m] = buffer.WrittenSpan.ToArray();
        }

        return new MessageCorpus(snapshot, messages, live.Count);
    }

    private static void Start(Utf8JsonWriter writer, bool isDelta)
    {
        writer.WriteStartObject();
        writer.WriteString("__type", TypeUrn);
        writer.WriteBoolean("isDelta", isDelta);
        writer.WriteString("subscriptionId", SubscriptionId);
    }

    private static void WriteFullInteraction(Utf8JsonWriter writer, long id, Random random)
    {
        var state = random.Next(States.Length);
        writer.WriteStartObject();
        writer.WriteString("interactionId", id.ToString(CultureInfo.InvariantCulture));
        writer.WriteStartObject("attributes");
        writer.WriteString("Eic_State", States[state]);
        writer.WriteString("Eic_CallStateString", StateStrings[state]);
        writer.WriteString("Eic_RemoteName", Names[random.Next(Names.Length)]);
        writer.WriteString("Eic_RemoteTnRaw", "+1317555" + random.Next(10000).ToString("D4", CultureInfo.InvariantCulture));
        writer.WriteString("Eic_CallDirection", random.Next(2) == 0 ? "I" : "O");
        writer.WriteString("Eic_ObjectType", "Call");
        writer.WriteString("Eic_ConnectDurationTime", random.Next(3600).ToString(CultureInfo.InvariantCulture));
        writer.WriteString("Eic_WorkgroupName", Workgroups[random.Next(Workgroups.Length)]);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
