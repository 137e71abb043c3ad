using System.Text.Json;
using Icws.Simulator.Json;

namespace Icws.Simulator.State;

/// <summary>An e-mail address as <c>emailContent</c> carries it (<c>{displayName, address}</c>).</summary>
internal sealed record EmailAddress(string? DisplayName, string? Address);

/// <summary>One entry of <c>bodies</c>: the text and its <c>bodyType</c> (Text 0, Html 1).</summary>
internal sealed record EmailBody(string Body, int BodyType);

/// <summary>The <c>emailContent</c> of an e-mail interaction as the simulator keeps it.</summary>
internal sealed record EmailContent(
    EmailAddress Sender, string Subject,
    IReadOnlyList<EmailAddress> ToRecipients, IReadOnlyList<EmailAddress> CcRecipients,
    IReadOnlyList<EmailAddress> BccRecipients, IReadOnlyList<EmailAddress> ReplyToRecipients,
    IReadOnlyList<EmailBody> Bodies)
{
    public string FirstRecipientAddress => ToRecipients.Count > 0 ? ToRecipients[0].Address ?? "" : "";
    public string FirstRecipientName => ToRecipients.Count > 0 ? ToRecipients[0].DisplayName ?? "" : "";

    /// <summary>Writes the content as an <c>emailContent</c> object; empty recipient and body lists are left out.</summary>
    public void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WritePropertyName("sender");
        WriteAddress(w, Sender);
        w.WriteString("subject", Subject);
        Addresses(w, "toRecipients", ToRecipients);
        Addresses(w, "ccRecipients", CcRecipients);
        Addresses(w, "bccRecipients", BccRecipients);
        Addresses(w, "replyToRecipients", ReplyToRecipients);
        if (Bodies.Count > 0)
        {
            w.WriteStartArray("bodies");
            foreach (var b in Bodies)
            {
                w.WriteStartObject();
                w.WriteString("body", b.Body);
                w.WriteNumber("bodyType", b.BodyType);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    public string ToJson() => JsonText.Write(Write);

    private static void Addresses(Utf8JsonWriter w, string name, IReadOnlyList<EmailAddress> list)
    {
        if (list.Count == 0)
        {
            return;
        }
        w.WriteStartArray(name);
        foreach (var a in list)
        {
            WriteAddress(w, a);
        }
        w.WriteEndArray();
    }

    private static void WriteAddress(Utf8JsonWriter w, EmailAddress a)
    {
        w.WriteStartObject();
        w.WriteString("displayName", a.DisplayName ?? "");
        if (a.Address is not null)
        {
            w.WriteString("address", a.Address);
        }
        w.WriteEndObject();
    }
}

/// <summary>
/// An attachment of an e-mail interaction. <c>FileUri</c> is the handle the client gets back (and passes to
/// file/remove and message/download); it is an opaque URN chosen by the simulator [U].
/// </summary>
internal sealed record EmailAttachment(string FileUri, string FileName, string? ContentId, byte[] Content);

/// <summary>An upload announced by POST email/attachments/file/upload, waiting for the file at its <c>uploadUri</c>.</summary>
internal sealed record UploadRecord(string RequestId, string InteractionId, string SessionId, string FileName, string? ContentId);

/// <summary>One chat line: who wrote it (user id and name), the text, when, and <c>messageType</c> (Text 0, File 1).</summary>
internal sealed record ChatLine(string UserId, string DisplayName, string Text, DateTimeOffset Timestamp, int MessageType);

/// <summary>A chat member as one watching session sees it (<c>chatMemberType</c> is relative to the viewer: CurrentUser 2).</summary>
internal sealed record ChatMemberView(string UserId, string DisplayName, int ChatMemberType, string InteractionId, bool IsTyping)
{
    public string Key => UserId.Length > 0 ? "u:" + UserId.ToLowerInvariant() : "n:" + DisplayName;
}

/// <summary>What a session's chat watch has been told so far: the members and how many lines.</summary>
internal sealed class ChatWatchState
{
    public IReadOnlyList<ChatMemberView> Members { get; set; } = [];
    public int LinesSent { get; set; }
}

/// <summary>The callback details a callback watch reports (<c>callbackMessage</c>).</summary>
internal sealed record CallbackView(string Target, string Subject, string Name, int Attempts, int MaxAttempts, string AssociatedCallId, bool Snoozed)
{
    /// <summary>Fixed <c>maxAttempts</c> of every simulated callback (a CIC setting; value chosen by the simulator [U]).</summary>
    public const int MaxCallbackAttempts = 3;

    public static CallbackView Of(InteractionRecord ia) => new(
        ia.Get("Eic_RemoteAddress"), ia.Get("Eic_Subject"), ia.Get("Eic_RemoteName"), ia.CallbackAttempts, MaxCallbackAttempts,
        ia.Get("Eic_CallbackAssociatedCallId"), Snoozed: false);
}

/// <summary>The e-mail details an e-mail watch reports (<c>emailContentsMessage</c>).</summary>
internal sealed record EmailView(bool IsEditable, string SupportedResponseTypes, int EmailType, string ContentJson, string Mailbox)
{
    /// <summary>
    /// Drafts (state C, not sent) are editable and offer no responses; anything else offers Reply 0, ReplyAll 1, Forward 2.
    /// <c>mailbox</c> is the workgroup the e-mail goes out for, when there is one.
    /// </summary>
    public static EmailView Of(InteractionRecord ia)
    {
        var editable = ia.State == "C";
        return new EmailView(editable, editable ? "" : "0,1,2", ia.EmailType, ia.EmailDraft?.ToJson() ?? "", ia.Get("Eic_WorkgroupName"));
    }

    public IEnumerable<int> ResponseTypes => SupportedResponseTypes.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse);
}

/// <summary>One <c>historyItem</c> of <c>historyMessage</c>: a call that ended.</summary>
internal sealed record HistoryItem(
    string InteractionId, string InitiationTime, string TerminationTime, int Direction, int Status,
    string LocalAddress, string LocalId, string LocalName, string RemoteAddress, string RemoteId, string RemoteName);

/// <summary>An agent-assistance request: the interaction it is about, who asked, and its messages.</summary>
internal sealed class AssistanceRecord
{
    public AssistanceRecord(string id, string interactionId, string userId, DateTimeOffset created)
    {
        Id = id;
        InteractionId = interactionId;
        UserId = userId;
        Created = created;
    }

    public string Id { get; }
    public string InteractionId { get; }
    public string UserId { get; }
    public DateTimeOffset Created { get; }
    public List<AssistanceText> Messages { get; } = new();
}

/// <summary>One text of an assistance request, by the user who wrote it.</summary>
internal sealed record AssistanceText(string UserId, string Text, DateTimeOffset Timestamp);
