using System.Text.Json;
using Icws.Simulator.Json;

namespace Icws.Simulator.State;

/// <summary>One entry of <c>interactionsAdded</c> / <c>interactionsChanged</c>.</summary>
internal sealed record InteractionEntry(string InteractionId, IReadOnlyList<KeyValuePair<string, string>> Attributes);

/// <summary>One <c>alertingInteractionDetails</c> element.</summary>
internal sealed record AlertDetail(
    string InteractionId, int InteractionType, string Name, string Address, int AlertType, int AlertAction,
    QueueKey MonitoredQueue, IReadOnlyList<KeyValuePair<string, string>>? Attributes);

/// <summary>Builds the JSON text of the messages the simulator sends.</summary>
internal static partial class Messages
{
    public static string ConnectionStateChange(string reason) => JsonText.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("__type", Wire.ConnectionStateChangeMessage);
        w.WriteBoolean("isDelta", false);
        w.WriteNumber("previousConnectionState", 1); // up
        w.WriteNumber("newConnectionState", 2);      // down
        w.WriteString("reason", reason);
        w.WriteBoolean("shouldReconnect", true);
        w.WriteEndObject();
    });

    public static string QueueContents(
        string subscriptionId, bool isDelta,
        IReadOnlyList<InteractionEntry> added, IReadOnlyList<InteractionEntry> changed, IReadOnlyList<string> removed,
        bool includeEmptyArrays) => JsonText.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("__type", Wire.QueueContentsMessage);
        w.WriteBoolean("isDelta", isDelta);
        w.WriteString("subscriptionId", subscriptionId);
        if (added.Count > 0 || includeEmptyArrays)
        {
            Entries(w, "interactionsAdded", added);
        }
        if (changed.Count > 0 || includeEmptyArrays)
        {
            Entries(w, "interactionsChanged", changed);
        }
        if (removed.Count > 0 || includeEmptyArrays)
        {
            JsonText.StringArray(w, "interactionsRemoved", removed);
        }
        w.WriteEndObject();
    });

    private static void Entries(Utf8JsonWriter w, string name, IReadOnlyList<InteractionEntry> entries)
    {
        w.WriteStartArray(name);
        foreach (var e in entries)
        {
            w.WriteStartObject();
            w.WriteString("interactionId", e.InteractionId);
            JsonText.StringMap(w, "attributes", e.Attributes);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>Note the capital <c>interactionID</c> in interaction messages (unlike queue messages).</summary>
    public static string InteractionChanged(string interactionId, bool isDelta, IReadOnlyList<KeyValuePair<string, string>> attributes) =>
        JsonText.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("__type", Wire.InteractionChangedMessage);
            w.WriteBoolean("isDelta", isDelta);
            w.WriteString("interactionID", interactionId);
            JsonText.StringMap(w, "attributes", attributes);
            w.WriteEndObject();
        });

    public static string InteractionDeallocated(string interactionId) => JsonText.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("__type", Wire.InteractionDeallocatedMessage);
        w.WriteBoolean("isDelta", false);
        w.WriteString("interactionID", interactionId);
        w.WriteEndObject();
    });

    public static string Alerting(bool isDelta, IReadOnlyList<AlertDetail> details) => JsonText.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("__type", Wire.InteractionAlertingMessage);
        w.WriteBoolean("isDelta", isDelta);
        w.WriteStartArray("alertingInteractionDetails");
        foreach (var d in details)
        {
            w.WriteStartObject();
            w.WriteString("interactionId", d.InteractionId);
            w.WriteNumber("interactionType", d.InteractionType);
            w.WriteString("name", d.Name);
            w.WriteString("address", d.Address);
            w.WriteNumber("alertType", d.AlertType);
            w.WriteNumber("alertAction", d.AlertAction);
            w.WriteBoolean("autoAnswer", false);
            w.WriteStartObject("monitoredQueue");
            w.WriteNumber("queueType", d.MonitoredQueue.Type);
            w.WriteString("queueName", d.MonitoredQueue.Name);
            w.WriteEndObject();
            if (d.Attributes is { Count: > 0 })
            {
                JsonText.StringMap(w, "attributes", d.Attributes);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });
}
