using System;
using System.Linq;
using System.Threading.Tasks;
using Icws.Client;
using Xunit;

namespace Icws.Runtime.Tests;

/// <summary>
/// What this project's own spec file (extensions.icws.json) generates reaches the runtime like the standard API:
/// its message is decoded by the message pump, its endpoints go through the session (path, CSRF, cookie, errors).
/// </summary>
public class ExtensionTests
{
    [Theory]
    [InlineData(MessageRetrieval.ServerSentEvents)]
    [InlineData(MessageRetrieval.Polling)]
    public async Task ProjectsOwnMessage_IsDecodedByThePump(MessageRetrieval mode)
    {
        await using var h = await Harness.StartAsync(session: o => o.MessageRetrieval = mode);
        await using var messages = new Recorder<IcwsMessage>(token => h.Session.ReadMessagesAsync(token));
        await using var watch = await h.Client.Queues.WatchAsync("support", [WatchTests.Workgroup("Support")], [Attr.Eic_State]);
        await watch.WaitForSnapshotAsync();

        h.Simulator.Faults.InjectRawMessage(h.Session.SessionId, """{"level":3,"__type":"urn:acme:notices:noticeMessage","isDelta":false,"text":"Lunch is served"}""");
        h.Simulator.Faults.InjectRawMessage(h.Session.SessionId, """{"__type":"urn:acme:notices:noticeMessage","level":4}""");
        await messages.WaitForAsync(m => m is AcmeNoticeMessage, "the notice");
        var notice = messages.Snapshot().OfType<AcmeNoticeMessage>().Single();

        Assert.Equal("Lunch is served", notice.Text);
        Assert.Equal(3, notice.Level);
        Assert.Contains(IcwsExtensionMessages.KnownTypeUrns, u => u == AcmeNoticeMessage.Urn);

        // One without its required text: kept raw with the reason, like a broken standard message.
        await messages.WaitForAsync(m => m is UnknownIcwsMessage { Error: not null }, "the broken notice");
        var broken = messages.Snapshot().OfType<UnknownIcwsMessage>().Single(u => u.TypeUrn == AcmeNoticeMessage.Urn);
        Assert.Contains("text", broken.Error, StringComparison.Ordinal);
        Assert.Equal(1, h.Session.MessageStatistics.Undecodable);
        Assert.Equal(0, h.Session.MessageStatistics.Unknown);
    }

    [Fact]
    public async Task ProjectsOwnEndpoints_GoThroughTheSession()
    {
        await using var h = await Harness.StartAsync();
        var id = await h.CallAsync();

        // The simulator does not know these paths: its 404 arrives as the typed error, after the request went out as ICWS wants it.
        var inArea = await Assert.ThrowsAsync<IcwsApiException>(() => h.Client.Interactions.AddAcmeNoteAsync(id, "called back"));
        var newArea = await Assert.ThrowsAsync<IcwsApiException>(() => h.Client.Acme().GetNoticesAsync(maxCount: 5));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, inArea.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, newArea.StatusCode);
        var note = h.Recorder.Requests.Single(r => r.Path.EndsWith("/acme-notes", StringComparison.Ordinal));
        Assert.Equal("POST", note.Method);
        Assert.Equal($"/icws/{h.Session.SessionId}/interactions/{id}/acme-notes", note.Path);
        Assert.Equal("""{"text":"called back"}""", note.Body);
        Assert.True(note.Headers.ContainsKey("ININ-ICWS-CSRF-Token"));
        Assert.True(note.Headers.ContainsKey("Cookie"));
        var notices = h.Recorder.Requests.Single(r => r.Path.EndsWith("/acme/notices", StringComparison.Ordinal));
        Assert.Equal("GET", notices.Method);
        Assert.EndsWith($"/icws/{h.Session.SessionId}/acme/notices?max-count=5", notices.Uri, StringComparison.Ordinal);
    }
}
