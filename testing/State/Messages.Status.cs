using System.Text.Json;
using Icws.Simulator.Json;

namespace Icws.Simulator.State;

/// <summary>User status and statistics messages and bodies.</summary>
internal static partial class Messages
{
    public const string UserStatusMessageUrn = "urn:inin.com:status:userStatusMessage";
    public const string StatusMessagesMessageUrn = "urn:inin.com:status:statusMessagesMessage";

    /// <summary>The optional properties of <c>userStatus</c> the simulator writes (and a watch may ask for).</summary>
    public static IReadOnlyList<string> UserStatusProperties { get; } =
        ["notes", "forwardNumber", "until", "onPhone", "onPhoneChanged", "statusChanged", "stations", "icServers", "loggedIn"];

    /// <summary>
    /// One <c>userStatus</c> object: <c>userId</c> and <c>statusId</c> always; the optional ones all, or only those in
    /// <paramref name="properties"/>. Notes, forward number and until only when set; <c>presenceServer</c> never (no
    /// presence server is simulated).
    /// </summary>
    public static string UserStatusObject(UserPresence p, bool loggedIn, IReadOnlyList<string> stations, IReadOnlyList<string> icServers, IReadOnlySet<string>? properties) =>
        JsonText.Write(w =>
        {
            bool Wants(string name) => properties is null || properties.Contains(name);
            w.WriteStartObject();
            w.WriteString("userId", p.UserId);
            w.WriteString("statusId", p.Status.StatusId);
            if (Wants("notes") && p.Notes is not null)
            {
                w.WriteString("notes", p.Notes);
            }
            if (Wants("forwardNumber") && p.ForwardNumber is not null)
            {
                w.WriteString("forwardNumber", p.ForwardNumber);
            }
            if (Wants("until") && p.Until is { } until)
            {
                w.WriteStartObject("until");
                w.WriteString("untilDateTime", until.UntilDateTime);
                w.WriteBoolean("hasDate", until.HasDate);
                w.WriteBoolean("hasTime", until.HasTime);
                w.WriteEndObject();
            }
            if (Wants("onPhone"))
            {
                w.WriteBoolean("onPhone", p.OnPhone);
            }
            if (Wants("onPhoneChanged"))
            {
                w.WriteString("onPhoneChanged", Wire.Timestamp(p.OnPhoneChanged));
            }
            if (Wants("statusChanged"))
            {
                w.WriteString("statusChanged", Wire.Timestamp(p.StatusChanged));
            }
            if (Wants("stations"))
            {
                JsonText.StringArray(w, "stations", stations);
            }
            if (Wants("icServers"))
            {
                JsonText.StringArray(w, "icServers", icServers);
            }
            if (Wants("loggedIn"))
            {
                w.WriteBoolean("loggedIn", loggedIn);
            }
            w.WriteEndObject();
        });

    /// <summary><c>userStatusMessage</c>: the first one lists every watched user, deltas only the users that changed.</summary>
    public static string UserStatuses(bool isDelta, IReadOnlyList<string> userStatusObjects) => JsonText.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("__type", UserStatusMessageUrn);
        w.WriteBoolean("isDelta", isDelta);
        w.WriteStartArray("userStatusList");
        foreach (var json in userStatusObjects)
        {
            w.WriteRawValue(json);
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>One <c>statusMessage</c> object of the catalogue.</summary>
    public static void StatusMessage(Utf8JsonWriter w, StatusDefinition s)
    {
        w.WriteStartObject();
        w.WriteString("statusId", s.StatusId);
        w.WriteString("messageText", s.MessageText);
        w.WriteString("iconUri", s.IconUri);
        w.WriteString("groupTag", s.GroupTag);
        w.WriteBoolean("canHaveDate", s.CanHaveDate);
        w.WriteBoolean("canHaveTime", s.CanHaveTime);
        w.WriteBoolean("isDoNotDisturbStatus", s.IsDoNotDisturb);
        w.WriteBoolean("isSelectableStatus", s.IsSelectable);
        w.WriteBoolean("isPersistentStatus", s.IsPersistent);
        w.WriteBoolean("isForwardStatus", s.IsForward);
        w.WriteBoolean("isAfterCallWorkStatus", s.IsAfterCallWork);
        w.WriteBoolean("isAcdStatus", s.IsAcd);
        w.WriteBoolean("isAllowFollowUpStatus", s.IsAllowFollowUp);
        w.WriteString("systemId", s.SystemId);
        w.WriteEndObject();
    }

    /// <summary><c>statusMessagesMessage</c> that starts the status-messages watch: the whole catalogue as added.</summary>
    public static string StatusMessages(IReadOnlyList<StatusDefinition> all) => JsonText.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("__type", StatusMessagesMessageUrn);
        w.WriteBoolean("isDelta", false);
        w.WriteStartArray("statusMessagesAdded");
        foreach (var s in all)
        {
            StatusMessage(w, s);
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>
    /// <c>statisticValueMessage</c>: each change is the key as the client sent it and the value, a derived
    /// <c>statisticValue</c> (<c>__type</c>, <c>value</c>, <c>statisticValueType</c>, the order of recorded CIC messages) or null.
    /// </summary>
    public static string StatisticValues(bool isDelta, IReadOnlyList<(StatisticKeyRef Key, StatisticValueView? Value)> changes) => JsonText.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("__type", Statistics.ValueMessageUrn);
        w.WriteBoolean("isDelta", isDelta);
        w.WriteStartArray("statisticValueChanges");
        foreach (var (key, value) in changes)
        {
            w.WriteStartObject();
            w.WriteStartObject("statisticKey");
            w.WriteString("statisticIdentifier", key.Identifier);
            w.WriteStartArray("parameterValueItems");
            foreach (var (type, v) in key.Parameters)
            {
                w.WriteStartObject();
                w.WriteString("parameterTypeId", type);
                w.WriteString("value", v);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            if (value is null)
            {
                w.WriteNull("statisticValue");
            }
            else
            {
                w.WriteStartObject("statisticValue");
                w.WriteString("__type", value.Urn);
                w.WritePropertyName("value");
                w.WriteRawValue(value.RawValue);
                w.WriteNumber("statisticValueType", value.ValueType);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });
}
