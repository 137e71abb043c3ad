using System.Net.Http.Headers;
using System.Text;
using Icws.Simulator.Tests.Infrastructure;

namespace Icws.Simulator.Tests;

/// <summary>Callback, chat and e-mail watches, chat response-management files and e-mail attachments (reference §4.1, §4.4).</summary>
public sealed class MediaTests
{
    private const string CreateChat = """{"__type":"urn:inin.com:interactions.chat:createChatParameters","target":"user:John.Smith"}""";
    private const string CreateEmail = """{"__type":"urn:inin.com:interactions.email:createEmailParameters","workgroup":"Support","emailContent":{"sender":{"displayName":"Alex","address":"alex@example.com"},"subject":"Draft","toRecipients":[{"displayName":"Pat","address":"pat@example.com"}],"bodies":[{"body":"Hello","bodyType":0}]}}""";
    private const string CreateCallback = """{"__type":"urn:inin.com:interactions.callback:createCallbackParameters","target":"555-0144","targetQueue":{"queueType":1,"queueName":"agent"},"subject":"Billing question","name":"Robin Banks"}""";

    [Fact]
    public async Task Callback_watch_sends_the_callback_then_attempts()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);
        var callback = await client.CreateAsync(CreateCallback);
        var call = await client.CallAsync("555-0123");

        await WireClient.ExpectErrorAsync(await client.PutAsync($"messaging/subscriptions/interactions/{call}/callback"), HttpStatusCode.BadRequest);
        await WireClient.ExpectErrorAsync(await client.PutAsync("messaging/subscriptions/interactions/1234567890/callback"), HttpStatusCode.NotFound);
        await WireClient.ExpectEmptyAsync(await client.PutAsync($"messaging/subscriptions/interactions/{callback}/callback"), HttpStatusCode.OK);
        var first = Assert.Single(await client.PollAsync());
        Assert.Equal("urn:inin.com:interactions.callback:callbackMessage", first.Type());
        Assert.False(first.GetProperty("isDelta").GetBoolean());
        Assert.Equal((callback, "555-0144", "Billing question", "Robin Banks"),
            (first.GetProperty("interactionId").GetString(), first.GetProperty("target").GetString(), first.GetProperty("subject").GetString(), first.GetProperty("name").GetString()));
        Assert.Equal((0, 3, false), (first.GetProperty("attempts").GetInt32(), first.GetProperty("maxAttempts").GetInt32(), first.GetProperty("snoozed").GetBoolean()));
        Assert.False(first.TryGetProperty("associatedCallId", out _));

        var response = await client.CreateAsync($$"""{"__type":"urn:inin.com:interactions.callback:createCallbackResponseCallParameters","parentInteractionId":"{{callback}}","target":"555-0144"}""");
        var delta = Assert.Single(await client.PollAsync());
        Assert.True(delta.GetProperty("isDelta").GetBoolean());
        Assert.Equal((1, response), (delta.GetProperty("attempts").GetInt32(), delta.GetProperty("associatedCallId").GetString()));
        Assert.Equal("555-0144", delta.GetProperty("target").GetString()); // required properties stay
        Assert.False(delta.TryGetProperty("maxAttempts", out _)); // unchanged optional ones do not

        Assert.Equal([$"callback:{callback}"], sim.GetSubscriptions(client.SessionId));
        await WireClient.ExpectEmptyAsync(await client.DeleteAsync($"messaging/subscriptions/interactions/{callback}/callback"), HttpStatusCode.OK);
        Assert.Empty(sim.GetSubscriptions(client.SessionId));
    }

    [Fact]
    public async Task Chat_watch_reports_members_typing_and_messages_per_viewer()
    {
        await using var sim = await Sim.StartAsync();
        using var agent = await WireClient.LoginAsync(sim.BaseAddress);
        using var john = await WireClient.LoginAsync(sim.BaseAddress, "John.Smith", "john-pass");
        var chat = await agent.CreateAsync(CreateChat);
        await agent.ActAsync(chat, "chat/messages", """{"text":"before the watch","clearTypingIndicator":false}""");

        await WireClient.ExpectEmptyAsync(await agent.PutAsync($"messaging/subscriptions/interactions/{chat}/chat"), HttpStatusCode.OK);
        var start = await agent.PollAsync();
        Assert.Equal(["urn:inin.com:interactions.chat:chatMembersMessage", "urn:inin.com:interactions.chat:chatContentsMessage"], start.Select(m => m.Type()).ToArray());
        Assert.All(start, m => Assert.False(m.GetProperty("isDelta").GetBoolean()));
        var members = start[0].GetProperty("membersAdded").EnumerateArray().ToList();
        Assert.Equal([("agent", 2), ("John.Smith", 3)], members.Select(m => (m.GetProperty("userId").GetString()!, m.GetProperty("chatMemberType").GetInt32())).ToArray());
        Assert.All(members, m => Assert.Equal("urn:inin.com:interactions.chat:fullChatMember", m.GetProperty("__type").GetString()));
        Assert.All(members, m => Assert.False(m.GetProperty("isTyping").GetBoolean()));
        Assert.Equal(0, start[0].GetProperty("membersRemoved").GetArrayLength());
        Assert.Equal("before the watch", Assert.Single(start[1].GetProperty("messagesAdded").EnumerateArray()).GetProperty("text").GetString());

        await WireClient.ExpectEmptyAsync(await agent.PutAsync($"interactions/{chat}/chat/typing-indicator", """{"on":true}"""), HttpStatusCode.OK);
        var typing = Assert.Single(await agent.PollAsync());
        var changed = Assert.Single(typing.GetProperty("membersChanged").EnumerateArray());
        Assert.Equal(("agent", true), (changed.GetProperty("userId").GetString(), changed.GetProperty("isTyping").GetBoolean()));

        await agent.ActAsync(chat, "chat/messages", """{"text":"Hi John","clearTypingIndicator":true}""");
        var sent = await agent.PollAsync();
        Assert.False(Assert.Single(sent.Single(m => m.Type().EndsWith("chatMembersMessage", StringComparison.Ordinal)).GetProperty("membersChanged").EnumerateArray()).GetProperty("isTyping").GetBoolean());
        var line = Assert.Single(sent.Single(m => m.Type().EndsWith("chatContentsMessage", StringComparison.Ordinal)).GetProperty("messagesAdded").EnumerateArray());
        Assert.Equal(("Hi John", 0), (line.GetProperty("text").GetString(), line.GetProperty("messageType").GetInt32()));
        Assert.Matches("^[0-9]{8}T[0-9]{6}Z$", line.GetProperty("timestamp").GetString()!);
        Assert.Equal(("agent", "Alex Agent", 2, chat), (line.GetProperty("chatMember").GetProperty("userId").GetString(), line.GetProperty("chatMember").GetProperty("displayName").GetString(),
            line.GetProperty("chatMember").GetProperty("chatMemberType").GetInt32(), line.GetProperty("chatMember").GetProperty("interactionId").GetString()));

        // Another viewer sees the same chat from its side: the agent is Internal (3), John is the current user (2).
        await john.PutAsync($"messaging/subscriptions/interactions/{chat}/chat");
        var johnsView = await john.PollAsync();
        Assert.Equal([("agent", 3), ("John.Smith", 2)], johnsView[0].GetProperty("membersAdded").EnumerateArray()
            .Select(m => (m.GetProperty("userId").GetString()!, m.GetProperty("chatMemberType").GetInt32())).ToArray());
        Assert.All(johnsView[1].GetProperty("messagesAdded").EnumerateArray(), l => Assert.Equal(3, l.GetProperty("chatMember").GetProperty("chatMemberType").GetInt32()));
        Assert.Equal(2, johnsView[1].GetProperty("messagesAdded").GetArrayLength());

        var item = Guid.NewGuid();
        await WireClient.ExpectEmptyAsync(await agent.PostAsync($"interactions/{chat}/chat/send-response-management-file", $$"""{"itemId":"{{item}}"}"""), HttpStatusCode.OK);
        var file = Assert.Single(Assert.Single(await agent.PollAsync()).GetProperty("messagesAdded").EnumerateArray());
        Assert.Equal(1, file.GetProperty("messageType").GetInt32());
        Assert.Contains(item.ToString(), file.GetProperty("text").GetString(), StringComparison.Ordinal);

        await agent.ActAsync(chat, "disconnect");
        var gone = Assert.Single(await agent.PollAsync());
        Assert.Equal(2, gone.GetProperty("membersRemoved").GetArrayLength());
    }

    [Fact]
    public async Task Chat_only_endpoints_refuse_other_media_and_bad_bodies()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);
        var chat = await client.CreateAsync(CreateChat);
        var call = await client.CallAsync("555-0123");

        await WireClient.ExpectErrorAsync(await client.PostAsync($"interactions/{call}/chat/send-response-management-file", $$"""{"itemId":"{{Guid.NewGuid()}}"}"""), HttpStatusCode.BadRequest);
        await WireClient.ExpectErrorAsync(await client.PostAsync($"interactions/{chat}/chat/send-response-management-file", """{"itemId":"not-a-guid"}"""), HttpStatusCode.BadRequest, "invalidPropertyError", "itemId");
        await WireClient.ExpectErrorAsync(await client.PostAsync($"interactions/{chat}/chat/send-response-management-file", "{}"), HttpStatusCode.BadRequest, "missingPropertyError", "itemId");
        await WireClient.ExpectErrorAsync(await client.PostAsync($"interactions/1234567890/chat/send-response-management-file", $$"""{"itemId":"{{Guid.NewGuid()}}"}"""), HttpStatusCode.NotFound);
        await WireClient.ExpectErrorAsync(await client.PutAsync($"messaging/subscriptions/interactions/{call}/chat"), HttpStatusCode.BadRequest);
        await WireClient.ExpectErrorAsync(await client.PutAsync($"messaging/subscriptions/interactions/{chat}/email"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Email_watch_and_attachments_round_trip()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);
        var email = await client.CreateAsync(CreateEmail);

        await WireClient.ExpectEmptyAsync(await client.PutAsync($"messaging/subscriptions/interactions/{email}/email"), HttpStatusCode.OK);
        var first = Assert.Single(await client.PollAsync());
        Assert.Equal("urn:inin.com:interactions.email:emailContentsMessage", first.Type());
        Assert.False(first.GetProperty("isDelta").GetBoolean());
        Assert.True(first.GetProperty("isEditable").GetBoolean());
        Assert.Equal(0, first.GetProperty("supportedResponseTypes").GetArrayLength());
        Assert.Equal((1, "Support"), (first.GetProperty("emailType").GetInt32(), first.GetProperty("mailbox").GetString()));
        var content = first.GetProperty("emailContent");
        Assert.Equal(("Draft", "alex@example.com", "pat@example.com", "Hello"), (content.GetProperty("subject").GetString(), content.GetProperty("sender").GetProperty("address").GetString(),
            content.GetProperty("toRecipients")[0].GetProperty("address").GetString(), content.GetProperty("bodies")[0].GetProperty("body").GetString()));

        await client.ActAsync(email, "email/save", """{"emailContent":{"sender":{"displayName":"Alex"},"subject":"Final","bodies":[{"body":"<p>Hi</p>","bodyType":1}]}}""");
        var saved = Assert.Single(await client.PollAsync());
        Assert.True(saved.GetProperty("isDelta").GetBoolean());
        Assert.Equal(("Final", 1), (saved.GetProperty("emailContent").GetProperty("subject").GetString(), saved.GetProperty("emailContent").GetProperty("bodies")[0].GetProperty("bodyType").GetInt32()));
        Assert.False(saved.TryGetProperty("emailType", out _));

        // Upload: 202 with the upload URI, then the file goes there, then the status message names the new attachment.
        var upload = await WireClient.ExpectJsonAsync(await client.PostAsync($"interactions/{email}/email/attachments/file/upload", """{"uploadFileName":"quote.eml","isInlineAttachment":false}"""), HttpStatusCode.Accepted);
        var requestId = upload.GetProperty("requestId").GetString()!;
        Assert.Equal((email, "quote.eml"), (upload.GetProperty("interactionId").GetString(), upload.GetProperty("fileName").GetString()));
        Assert.False(upload.TryGetProperty("contentId", out _));
        var uploadUri = upload.GetProperty("uploadUri").GetString()!;
        Assert.StartsWith($"/icws/{client.SessionId}/", uploadUri, StringComparison.Ordinal);
        await WireClient.ExpectEmptyAsync(await PutFileAsync(client, uploadUri, "From: Pat <pat@example.com>\r\nSubject: Earlier quote\r\n\r\nPrice is 10."), HttpStatusCode.OK);
        await WireClient.ExpectErrorAsync(await PutFileAsync(client, uploadUri, "again"), HttpStatusCode.NotFound); // single use
        var status = (await client.PollAsync()).Single(m => m.Type() == "urn:inin.com:interactions.email:emailUploadFileStatusMessage");
        Assert.Equal((email, requestId, "quote.eml"), (status.GetProperty("interactionId").GetString(), status.GetProperty("requestId").GetString(), status.GetProperty("fileName").GetString()));
        var fileUri = status.GetProperty("fileUri").GetString()!;
        Assert.Equal(fileUri, sim.GetInteraction(email)!["Eic_EmailAttachments"]);

        var download = await WireClient.ExpectJsonAsync(await client.PostAsync($"interactions/{email}/email/attachments/message/download", $$"""{"messageId":"{{fileUri}}"}"""), HttpStatusCode.Accepted);
        var downloadId = download.GetProperty("requestId").GetString();
        var message = Assert.Single(await client.PollAsync());
        Assert.Equal(("urn:inin.com:interactions.email:emailMessageAttachmentMessage", downloadId, fileUri), (message.Type(), message.GetProperty("requestId").GetString(), message.GetProperty("messageId").GetString()));
        Assert.Equal(("Earlier quote", "Pat", "Price is 10."), (message.GetProperty("emailContent").GetProperty("subject").GetString(),
            message.GetProperty("emailContent").GetProperty("sender").GetProperty("displayName").GetString(), message.GetProperty("emailContent").GetProperty("bodies")[0].GetProperty("body").GetString()));

        var inline = await WireClient.ExpectJsonAsync(await client.PostAsync($"interactions/{email}/email/attachments/file/upload", """{"uploadFileName":"logo.png","isInlineAttachment":true}"""), HttpStatusCode.Accepted);
        Assert.False(string.IsNullOrEmpty(inline.GetProperty("contentId").GetString()));

        var inserted = await WireClient.ExpectJsonAsync(await client.PostAsync($"interactions/{email}/email/attachments/response-management/insert", $$"""{"id":"{{Guid.NewGuid()}}","isInlineAttachment":true}"""), HttpStatusCode.OK);
        Assert.False(string.IsNullOrEmpty(inserted.GetProperty("contentId").GetString()));
        var plain = await WireClient.ExpectJsonAsync(await client.PostAsync($"interactions/{email}/email/attachments/response-management/insert", $$"""{"id":"{{Guid.NewGuid()}}"}"""), HttpStatusCode.OK);
        Assert.False(plain.TryGetProperty("contentId", out _));
        Assert.Equal(3, sim.GetInteraction(email)!["Eic_EmailAttachments"]!.Split('|').Length);

        await WireClient.ExpectEmptyAsync(await client.PostAsync($"interactions/{email}/email/attachments/file/remove", $$"""{"fileUri":"{{fileUri}}"}"""), HttpStatusCode.OK);
        Assert.DoesNotContain(fileUri, sim.GetInteraction(email)!["Eic_EmailAttachments"], StringComparison.Ordinal);
        await WireClient.ExpectErrorAsync(await client.PostAsync($"interactions/{email}/email/attachments/file/remove", $$"""{"fileUri":"{{fileUri}}"}"""), HttpStatusCode.BadRequest, "invalidPropertyError", "fileUri");
        await client.PollAsync();

        await client.ActAsync(email, "email/send");
        var sentMessage = (await client.PollAsync()).Single(m => m.Type() == "urn:inin.com:interactions.email:emailContentsMessage");
        Assert.False(sentMessage.GetProperty("isEditable").GetBoolean());
    }

    /// <summary>PUTs the file bytes to the <c>uploadUri</c> (an absolute path under the session) with the session headers.</summary>
    private static Task<HttpResponseMessage> PutFileAsync(WireClient client, string uploadUri, string text)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        return client.SendContentAsync(HttpMethod.Put, uploadUri[$"/icws/{client.SessionId}/".Length..], content);
    }

    [Theory]
    [InlineData("file/upload", """{"uploadFileName":"a.txt","isInlineAttachment":"true"}""", "isInlineAttachment")]
    [InlineData("file/upload", """{"uploadFileName":"a.txt"}""", "isInlineAttachment")]
    [InlineData("file/upload", """{"uploadFileName":"../a.txt","isInlineAttachment":false}""", "uploadFileName")]
    [InlineData("file/upload", """{"uploadFileName":"","isInlineAttachment":false}""", "uploadFileName")]
    [InlineData("file/remove", """{}""", "fileUri")]
    [InlineData("message/download", """{"messageId":5}""", "messageId")]
    [InlineData("message/download", """{"messageId":"urn:nope"}""", "messageId")]
    [InlineData("response-management/insert", """{"id":"1234"}""", "id")]
    [InlineData("response-management/insert", """{"id":"6f1c1b1e-9d0a-4c58-9a53-1f9e8a1b2c3d","isInlineAttachment":1}""", "isInlineAttachment")]
    public async Task Email_attachment_bodies_are_validated_strictly(string action, string json, string propertyName)
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);
        var email = await client.CreateAsync(CreateEmail);

        var body = await WireClient.ExpectErrorAsync(await client.PostAsync($"interactions/{email}/email/attachments/{action}", json), HttpStatusCode.BadRequest, propertyName: propertyName);

        Assert.Contains(body.GetProperty("__type").GetString(), new[] { "urn:inin.com:common:invalidPropertyError", "urn:inin.com:common:missingPropertyError" });
        Assert.Equal("", sim.GetInteraction(email)!["Eic_EmailAttachments"]);
    }

    [Fact]
    public async Task Email_attachments_are_only_for_email_interactions_and_need_interactions_10()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);
        var call = await client.CallAsync("555-0123");
        await WireClient.ExpectErrorAsync(await client.PostAsync($"interactions/{call}/email/attachments/file/upload", """{"uploadFileName":"a.txt","isInlineAttachment":false}"""), HttpStatusCode.BadRequest);
        await WireClient.ExpectErrorAsync(await client.PostAsync($"interactions/{call}/email/attachments/response-management/insert", $$"""{"id":"{{Guid.NewGuid()}}"}"""), HttpStatusCode.BadRequest);
        await WireClient.ExpectErrorAsync(await client.PostAsync($"interactions/{call}/email/attachments/file/remove", """{"fileUri":"x"}"""), HttpStatusCode.BadRequest);
        await WireClient.ExpectErrorAsync(await client.PostAsync($"interactions/{call}/email/attachments/message/download", """{"messageId":"x"}"""), HttpStatusCode.BadRequest);
        await WireClient.ExpectErrorAsync(await client.PostAsync("interactions/1234567890/email/attachments/file/remove", """{"fileUri":"x"}"""), HttpStatusCode.NotFound);

        await using var old = await Sim.StartAsync(o => o.FeatureVersions["interactions"] = 9);
        using var oldClient = await WireClient.LoginAsync(old.BaseAddress);
        var email = await oldClient.CreateAsync(CreateEmail);
        await WireClient.ExpectErrorAsync(await oldClient.PostAsync($"interactions/{email}/email/attachments/file/upload", """{"uploadFileName":"a.txt","isInlineAttachment":false}"""), HttpStatusCode.NotFound);
    }
}
