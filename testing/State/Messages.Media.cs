using System.Text.Json;
using Icws.Simulator.Json;

namespace Icws.Simulator.State;

/// <summary>
/// Messages of the station, licence, history, callback, chat, e-mail and agent-assistance watches.
/// Every message carries <c>__type</c> and <c>isDelta</c>; the first message after a PUT is a full one (isDelta false).
/// Property names beyond those ICWS documentation lists are the simulator's choices [U] (see the README).
/// </summary>
internal static partial class Messages
{
    /// <summary>
    /// <c>stationConnectionStateChangeMessage</c>: <c>newStationInfo</c> is required, so "no station" is written as
    /// <c>{id:"", extension:"", stationSetting:0}</c> (stationSettingsType None) [U]; <c>previousStationInfo</c> only when there was one.
    /// Each message carries the full new station, so isDelta is always false.
    /// </summary>
    public static string StationChange(StationInfo? previous, bool includePrevious, StationInfo? current) => JsonText.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("__type", Wire.StationConnectionStateChangeMessage);
        w.WriteBoolean("isDelta", false);
        if (includePrevious && previous is not null)
        {
            w.WritePropertyName("previousStationInfo");
            WriteStationInfo(w, previous);
        }
        w.WritePropertyName("newStationInfo");
        WriteStationInfo(w, current);
        w.WriteEndObject();
    });

    /// <summary>A <c>stationInformation</c> object; null writes the "no station" form.</summary>
    public static void WriteStationInfo(Utf8JsonWriter w, StationInfo? station)
    {
        w.WriteStartObject();
        w.WriteString("id", station?.Id ?? "");
        w.WriteString("extension", station?.Extension ?? "");
        w.WriteNumber("stationSetting", station?.StationSetting ?? 0);
        if (station is not null)
        {
            w.WriteBoolean("canBeDialed", true);
            if (station.RemoteNumber is not null)
            {
                w.WriteString("remoteNumber", station.RemoteNumber);
            }
        }
        w.WriteEndObject();
    }

    /// <summary><c>licenseMessage</c> <c>{licenseAssignedStatusList: [{name, isAssigned}]}</c>.</summary>
    public static string License(bool isDelta, IEnumerable<KeyValuePair<string, bool>> statuses) => JsonText.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("__type", Wire.LicenseMessage);
        w.WriteBoolean("isDelta", isDelta);
        w.WriteStartArray("licenseAssignedStatusList");
        foreach (var (name, assigned) in statuses)
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteBoolean("isAssigned", assigned);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary><c>historyMessage</c> <c>{interactionHistory: historyItem[]}</c>; empty strings are left out (all item properties are optional).</summary>
    public static string History(bool isDelta, IEnumerable<HistoryItem> items) => JsonText.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("__type", Wire.HistoryMessage);
        w.WriteBoolean("isDelta", isDelta);
        w.WriteStartArray("interactionHistory");
        foreach (var h in items)
        {
            w.WriteStartObject();
            w.WriteString("interactionId", h.InteractionId);
            w.WriteString("initiationTime", h.InitiationTime);
            w.WriteString("terminationTime", h.TerminationTime);
            w.WriteNumber("direction", h.Direction);
            w.WriteNumber("interactionHistoryStatus", h.Status);
            OptionalString(w, "localAddress", h.LocalAddress);
            OptionalString(w, "localId", h.LocalId);
            OptionalString(w, "localName", h.LocalName);
            OptionalString(w, "remoteAddress", h.RemoteAddress);
            OptionalString(w, "remoteId", h.RemoteId);
            OptionalString(w, "remoteName", h.RemoteName);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>
    /// <c>callbackMessage</c>: full when <paramref name="previous"/> is null, otherwise a delta with the required
    /// properties (<c>interactionId</c>, <c>target</c>, <c>subject</c>) and the optional ones that changed.
    /// </summary>
    public static string Callback(string interactionId, CallbackView now, CallbackView? previous) => JsonText.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("__type", Wire.CallbackMessage);
        w.WriteBoolean("isDelta", previous is not null);
        w.WriteString("interactionId", interactionId);
        w.WriteString("target", now.Target);
        w.WriteString("subject", now.Subject);
        if (previous is null ? now.Name.Length > 0 : previous.Name != now.Name)
        {
            w.WriteString("name", now.Name);
        }
        if (previous is null || previous.Attempts != now.Attempts)
        {
            w.WriteNumber("attempts", now.Attempts);
        }
        if (previous is null || previous.MaxAttempts != now.MaxAttempts)
        {
            w.WriteNumber("maxAttempts", now.MaxAttempts);
        }
        if (previous is null ? now.AssociatedCallId.Length > 0 : previous.AssociatedCallId != now.AssociatedCallId)
        {
            w.WriteString("associatedCallId", now.AssociatedCallId);
        }
        if (previous is null || previous.Snoozed != now.Snoozed)
        {
            w.WriteBoolean("snoozed", now.Snoozed);
        }
        w.WriteEndObject();
    });

    /// <summary><c>chatMembersMessage</c>: all three lists always written (members are <c>fullChatMember</c>, a derived type with <c>__type</c>).</summary>
    public static string ChatMembers(string interactionId, bool isDelta,
        IReadOnlyList<ChatMemberView> added, IReadOnlyList<ChatMemberView> changed, IReadOnlyList<ChatMemberView> removed) => JsonText.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("__type", Wire.ChatMembersMessage);
        w.WriteBoolean("isDelta", isDelta);
        w.WriteString("interactionId", interactionId);
        foreach (var (name, list) in new[] { ("membersAdded", added), ("membersChanged", changed), ("membersRemoved", removed) })
        {
            w.WriteStartArray(name);
            foreach (var m in list)
            {
                w.WriteStartObject();
                w.WriteString("__type", Wire.FullChatMember);
                WriteChatMemberProperties(w, m.UserId, m.DisplayName, m.InteractionId, m.ChatMemberType);
                w.WriteBoolean("isTyping", m.IsTyping);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    });

    /// <summary><c>chatContentsMessage</c> <c>{interactionId, messagesAdded: [{chatMember, text, timestamp, messageType}]}</c>.</summary>
    public static string ChatContents(string interactionId, bool isDelta, IEnumerable<ChatLine> lines, string viewerUserId) => JsonText.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("__type", Wire.ChatContentsMessage);
        w.WriteBoolean("isDelta", isDelta);
        w.WriteString("interactionId", interactionId);
        w.WriteStartArray("messagesAdded");
        foreach (var line in lines)
        {
            w.WriteStartObject();
            w.WriteStartObject("chatMember");
            WriteChatMemberProperties(w, line.UserId, line.DisplayName, interactionId, ChatMemberTypeOf(line.UserId, viewerUserId));
            w.WriteEndObject();
            w.WriteString("text", line.Text);
            w.WriteString("timestamp", Wire.Timestamp(line.Timestamp));
            w.WriteNumber("messageType", line.MessageType);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>chatMemberType: CurrentUser 2 for the viewer, Internal 3 for other users, SystemMember 1 without a user.</summary>
    public static int ChatMemberTypeOf(string userId, string viewerUserId) =>
        userId.Length == 0 ? 1 : string.Equals(userId, viewerUserId, StringComparison.OrdinalIgnoreCase) ? 2 : 3;

    private static void WriteChatMemberProperties(Utf8JsonWriter w, string userId, string displayName, string interactionId, int type)
    {
        w.WriteString("userId", userId);
        w.WriteString("displayName", displayName);
        w.WriteString("interactionId", interactionId);
        w.WriteNumber("chatMemberType", type);
    }

    /// <summary>
    /// <c>emailContentsMessage</c>: full when <paramref name="previous"/> is null, otherwise a delta with the required properties
    /// (<c>interactionId</c>, <c>isEditable</c>, <c>supportedResponseTypes</c>) and the optional ones that changed.
    /// </summary>
    public static string EmailContents(string interactionId, EmailView now, EmailView? previous) => JsonText.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("__type", Wire.EmailContentsMessage);
        w.WriteBoolean("isDelta", previous is not null);
        w.WriteString("interactionId", interactionId);
        w.WriteBoolean("isEditable", now.IsEditable);
        w.WriteStartArray("supportedResponseTypes");
        foreach (var t in now.ResponseTypes)
        {
            w.WriteNumberValue(t);
        }
        w.WriteEndArray();
        if (previous is null || previous.EmailType != now.EmailType)
        {
            w.WriteNumber("emailType", now.EmailType);
        }
        if (now.ContentJson.Length > 0 && (previous is null || previous.ContentJson != now.ContentJson))
        {
            w.WritePropertyName("emailContent");
            w.WriteRawValue(now.ContentJson, skipInputValidation: true);
        }
        if (previous is null ? now.Mailbox.Length > 0 : previous.Mailbox != now.Mailbox)
        {
            w.WriteString("mailbox", now.Mailbox);
        }
        w.WriteEndObject();
    });

    /// <summary><c>emailUploadFileStatusMessage</c>: the upload of <paramref name="requestId"/> finished; the file is now an attachment [U shape].</summary>
    public static string EmailUploadFileStatus(string interactionId, string requestId, EmailAttachment attachment) => JsonText.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("__type", Wire.EmailUploadFileStatusMessage);
        w.WriteBoolean("isDelta", false);
        w.WriteString("interactionId", interactionId);
        w.WriteString("requestId", requestId);
        w.WriteString("fileName", attachment.FileName);
        w.WriteString("fileUri", attachment.FileUri);
        if (attachment.ContentId is not null)
        {
            w.WriteString("contentId", attachment.ContentId);
        }
        w.WriteEndObject();
    });

    /// <summary><c>emailMessageAttachmentMessage</c>: the attached message <paramref name="messageId"/> as an <c>emailContent</c> [U shape].</summary>
    public static string EmailMessageAttachment(string interactionId, string requestId, string messageId, EmailContent content) => JsonText.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("__type", Wire.EmailMessageAttachmentMessage);
        w.WriteBoolean("isDelta", false);
        w.WriteString("interactionId", interactionId);
        w.WriteString("requestId", requestId);
        w.WriteString("messageId", messageId);
        w.WritePropertyName("emailContent");
        content.Write(w);
        w.WriteEndObject();
    });

    /// <summary><c>assistanceRequestListMessage</c> <c>{requestsAdded: [request], requestsRemoved: [assistanceId]}</c>, both always written [U shape].</summary>
    public static string AssistanceList(bool isDelta, IEnumerable<AssistanceRecord> added, IEnumerable<string> removed, Func<string, string> displayName) =>
        JsonText.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("__type", Wire.AssistanceRequestListMessage);
            w.WriteBoolean("isDelta", isDelta);
            w.WriteStartArray("requestsAdded");
            foreach (var r in added)
            {
                w.WriteStartObject();
                WriteAssistanceHeader(w, r, displayName);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            JsonText.StringArray(w, "requestsRemoved", removed);
            w.WriteEndObject();
        });

    /// <summary><c>assistanceRequestDetailsMessage</c>: the request plus <c>messagesAdded</c> (all of them in the first message, new ones after) [U shape].</summary>
    public static string AssistanceDetails(bool isDelta, AssistanceRecord r, IEnumerable<AssistanceText> texts, Func<string, string> displayName) =>
        JsonText.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("__type", Wire.AssistanceRequestDetailsMessage);
            w.WriteBoolean("isDelta", isDelta);
            WriteAssistanceHeader(w, r, displayName);
            w.WriteStartArray("messagesAdded");
            foreach (var t in texts)
            {
                w.WriteStartObject();
                w.WriteString("userId", t.UserId);
                w.WriteString("userDisplayName", displayName(t.UserId));
                w.WriteString("text", t.Text);
                w.WriteString("timestamp", Wire.Timestamp(t.Timestamp));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });

    /// <summary>
    /// <c>assistanceRequestSubscriptionStateMessage</c>: a subscriptionStateMessage (<c>state</c> None 0 / Normal 1 / Suspended 2 /
    /// Faulted 3) plus <c>assistanceId</c>; sent with state None when the request was completed and the watch ended [U].
    /// </summary>
    public static string AssistanceSubscriptionState(string assistanceId, int state) => JsonText.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("__type", Wire.AssistanceRequestSubscriptionStateMessage);
        w.WriteBoolean("isDelta", false);
        w.WriteString("assistanceId", assistanceId);
        w.WriteNumber("state", state);
        w.WriteEndObject();
    });

    private static void WriteAssistanceHeader(Utf8JsonWriter w, AssistanceRecord r, Func<string, string> displayName)
    {
        w.WriteString("assistanceId", r.Id);
        w.WriteString("interactionId", r.InteractionId);
        w.WriteString("userId", r.UserId);
        w.WriteString("userDisplayName", displayName(r.UserId));
        w.WriteString("creationTime", Wire.Timestamp(r.Created));
    }

    private static void OptionalString(Utf8JsonWriter w, string name, string value)
    {
        if (value.Length > 0)
        {
            w.WriteString(name, value);
        }
    }
}
