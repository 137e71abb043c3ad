using System.Text;
using Icws.Simulator.Json;
using Icws.Simulator.State;

namespace Icws.Simulator.Http;

/// <summary>
/// E-mail attachments (interactions 10): file upload (202, then the client PUTs the bytes to
/// <c>uploadUri</c> and gets <c>emailUploadFileStatusMessage</c>), file remove, attached-message download (202, result in
/// <c>emailMessageAttachmentMessage</c>) and response-management insert. Only for e-mail interactions (400 otherwise),
/// and only while the e-mail is an editable draft (state C) where it changes it.
/// </summary>
internal sealed class EmailEndpoints
{
    private readonly SimulatorCore _core;

    public EmailEndpoints(SimulatorCore core) => _core = core;

    private SimState State => _core.State;

    public void Register(RouteTable r) => r
        .Map("POST", "interactions/{interactionId}/email/attachments/file/upload", UploadAsync)
        .Map("PUT", "interactions/{interactionId}/email/attachments/file/upload/{requestId}", ReceiveFileAsync)
        .Map("POST", "interactions/{interactionId}/email/attachments/file/remove", RemoveAsync)
        .Map("POST", "interactions/{interactionId}/email/attachments/message/download", DownloadAsync)
        .Map("POST", "interactions/{interactionId}/email/attachments/response-management/insert", InsertAsync);

    /// <summary>The URI of a response-management document (the simulator has no catalogue: every GUID is a document) [U].</summary>
    public static string ResponseManagementUri(Guid id) => $"urn:icws-sim:response-management:{id:D}";

    private static string AttachmentUri(string interactionId, string attachmentId) => $"urn:icws-sim:email-attachment:{interactionId}:{attachmentId}";

    private static string NewContentId() => Guid.NewGuid().ToString("N") + "@icws.sim";

    private InteractionRecord Email(RequestContext c, string action, bool editable)
    {
        var ia = ActionEndpoints.Find(State, c["interactionId"]);
        ActionEndpoints.RequireObject(ia, action, "Email");
        if (editable)
        {
            ActionEndpoints.Require(ia, action, "C");
        }
        return ia;
    }

    private async Task UploadAsync(RequestContext c)
    {
        c.RequireFeature("interactions", 10);
        var body = await c.ReadObjectAsync().ConfigureAwait(false);
        var fileName = body.RequiredString("uploadFileName");
        if (fileName.IndexOfAny(['/', '\\']) >= 0 || fileName.Trim().Length == 0)
        {
            throw IcwsError.InvalidProperty("uploadFileName", "a plain file name (no path) is expected.");
        }
        var inline = body.RequiredBool("isInlineAttachment");
        UploadRecord upload;
        lock (State.Gate)
        {
            var ia = Email(c, "email/attachments/file/upload", editable: true);
            upload = new UploadRecord(Guid.NewGuid().ToString("D"), ia.Id, c.RequireSession.Id, fileName, inline ? NewContentId() : null);
            State.Uploads[upload.RequestId] = upload;
        }
        // The file goes to a session resource (same cookie + CSRF as every call), as an absolute path like the login Location [U].
        var uploadUri = $"/icws/{c.RequireSession.Id}/interactions/{upload.InteractionId}/email/attachments/file/upload/{upload.RequestId}";
        await c.JsonAsync(202, w =>
        {
            w.WriteStartObject();
            w.WriteString("requestId", upload.RequestId);
            w.WriteString("interactionId", upload.InteractionId);
            w.WriteString("fileName", upload.FileName);
            if (upload.ContentId is not null)
            {
                w.WriteString("contentId", upload.ContentId);
            }
            w.WriteString("uploadUri", uploadUri);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// PUT of the file bytes to <c>uploadUri</c> (any content type; 200, empty): the file becomes an attachment,
    /// <c>Eic_EmailAttachments</c> lists it, and the uploading session gets <c>emailUploadFileStatusMessage</c>. Single use.
    /// </summary>
    private async Task ReceiveFileAsync(RequestContext c)
    {
        var bytes = await c.ReadRawAsync().ConfigureAwait(false);
        lock (State.Gate)
        {
            var requestId = c["requestId"];
            if (!State.Uploads.TryGetValue(requestId, out var upload) || upload.InteractionId != c["interactionId"] || upload.SessionId != c.RequireSession.Id)
            {
                throw IcwsError.NotFound("error.request.email.uploadNotFound", $"No pending upload '{requestId}' for this session and interaction.");
            }
            var ia = Email(c, "email/attachments/file/upload", editable: true);
            State.Uploads.Remove(requestId);
            var attachment = new EmailAttachment(AttachmentUri(ia.Id, State.NewSmallId()), upload.FileName, upload.ContentId, bytes);
            AddAttachment(ia, attachment);
            State.Enqueue(c.RequireSession, Messages.EmailUploadFileStatus(ia.Id, requestId, attachment));
        }
        await c.EmptyAsync(200).ConfigureAwait(false);
    }

    private void AddAttachment(InteractionRecord ia, EmailAttachment attachment) =>
        _core.Feed.Mutate(ia, x =>
        {
            x.Attachments.Add(attachment);
            x.Set("Eic_EmailAttachments", AttachmentList(x));
        });

    /// <summary><c>Eic_EmailAttachments</c>: the attachment URIs separated by '|', like the simulator's other list attributes [U].</summary>
    private static string AttachmentList(InteractionRecord x) => string.Join('|', x.Attachments.Select(a => a.FileUri));

    private async Task RemoveAsync(RequestContext c)
    {
        var body = await c.ReadObjectAsync().ConfigureAwait(false);
        var uri = body.RequiredString("fileUri");
        lock (State.Gate)
        {
            var ia = Email(c, "email/attachments/file/remove", editable: true);
            var index = ia.Attachments.FindIndex(a => a.FileUri == uri);
            if (index < 0)
            {
                throw IcwsError.InvalidProperty("fileUri", $"'{uri}' is not an attachment of interaction '{ia.Id}'.");
            }
            _core.Feed.Mutate(ia, x =>
            {
                x.Attachments.RemoveAt(index);
                x.Set("Eic_EmailAttachments", AttachmentList(x));
            });
        }
        await c.EmptyAsync(200).ConfigureAwait(false);
    }

    /// <summary>
    /// Download of an attached e-mail message: <c>messageId</c> is the <c>fileUri</c> of one of the e-mail's attachments [U].
    /// Answers 202 <c>{requestId}</c>; the requesting session then gets <c>emailMessageAttachmentMessage</c> with the message
    /// read from the attachment's text (<c>From:</c> / <c>To:</c> / <c>Subject:</c> header lines, body after the blank line).
    /// </summary>
    private async Task DownloadAsync(RequestContext c)
    {
        var body = await c.ReadObjectAsync().ConfigureAwait(false);
        var messageId = body.RequiredString("messageId");
        var requestId = Guid.NewGuid().ToString("D");
        lock (State.Gate)
        {
            var ia = Email(c, "email/attachments/message/download", editable: false);
            var attachment = ia.Attachments.FirstOrDefault(a => a.FileUri == messageId)
                ?? throw IcwsError.InvalidProperty("messageId", $"'{messageId}' is not an attached message of interaction '{ia.Id}'.");
            State.Enqueue(c.RequireSession, Messages.EmailMessageAttachment(ia.Id, requestId, messageId, ParseMessage(attachment)));
        }
        await c.JsonAsync(202, w =>
        {
            w.WriteStartObject();
            w.WriteString("requestId", requestId);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>A tiny RFC 822 reader: enough for tests to round-trip a message through upload and download.</summary>
    internal static EmailContent ParseMessage(EmailAttachment attachment)
    {
        var text = Encoding.UTF8.GetString(attachment.Content).Replace("\r\n", "\n", StringComparison.Ordinal);
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = split < 0 ? text : text[..split];
        var content = split < 0 ? "" : text[(split + 2)..];
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in head.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
            }
        }
        if (headers.Count == 0)
        {
            content = text; // not a message: the whole text is the body
        }
        static EmailAddress Address(string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return new EmailAddress("", null);
            }
            var lt = value.IndexOf('<', StringComparison.Ordinal);
            var gt = value.IndexOf('>', StringComparison.Ordinal);
            return lt >= 0 && gt > lt
                ? new EmailAddress(value[..lt].Trim().Trim('"'), value[(lt + 1)..gt].Trim())
                : new EmailAddress("", value.Trim());
        }
        var to = headers.TryGetValue("To", out var t) ? new[] { Address(t) } : [];
        return new EmailContent(
            Address(headers.GetValueOrDefault("From")),
            headers.GetValueOrDefault("Subject") ?? attachment.FileName,
            to, [], [], [],
            [new EmailBody(content, 0)]);
    }

    private async Task InsertAsync(RequestContext c)
    {
        c.RequireFeature("interactions", 10);
        var body = await c.ReadObjectAsync().ConfigureAwait(false);
        var id = body.RequiredGuid("id");
        var inline = body.OptionalBool("isInlineAttachment") ?? false;
        string? contentId = inline ? NewContentId() : null;
        lock (State.Gate)
        {
            var ia = Email(c, "email/attachments/response-management/insert", editable: true);
            AddAttachment(ia, new EmailAttachment(AttachmentUri(ia.Id, State.NewSmallId()), $"response-{id:N}.txt", contentId,
                Encoding.UTF8.GetBytes(ResponseManagementUri(id))));
        }
        await c.JsonAsync(200, w =>
        {
            w.WriteStartObject();
            if (contentId is not null)
            {
                w.WriteString("contentId", contentId);
            }
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }
}
