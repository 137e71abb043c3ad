using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Icws.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Icws.Runtime.Tests;

/// <summary>
/// The session's meter ("Icws.Generated") against the simulator: requests by endpoint and status with their durations,
/// re-logins and switchovers through the simulator's fault switches, messages by type with their lag, active watches, and
/// tag values that never hold an id or a secret. Each session records on a meter factory of its test only.
/// </summary>
public class MetricsTests
{
    private const string RequestDuration = "icws.client.request.duration";
    private const string Renewals = "icws.session.renewals";
    private const string Switchovers = "icws.session.switchovers";
    private const string MessagesReceived = "icws.messages.received";
    private const string MessageLag = "icws.message.lag";
    private const string ActiveWatches = "icws.watch.active";
    private const string QueueContents = "urn:inin.com:queues:queueContentsMessage";

    [Fact]
    public async Task Requests_AreRecordedOncePerCall_ByEndpointAndStatus_WithTheirDuration()
    {
        using var metrics = new MetricsRecorder();
        await using var h = await Harness.StartAsync(session: metrics.Configure);
        var id = await h.CallAsync();
        await h.Client.Interactions.GetAttributesAsync(id, [Attr.Eic_State]);
        await h.Client.Interactions.HoldAsync(id, on: true);
        await Assert.ThrowsAsync<IcwsApiException>(() => h.Client.Interactions.GetAttributesAsync("1234567890", [Attr.Eic_State]));
        var transfer = await Assert.ThrowsAsync<IcwsApiException>(() => h.Client.Interactions.BlindTransferAsync(id, target: "user:John.Smith", queueId: new QueueId { QueueType = QueueType.User, QueueName = "John.Smith" }));
        Assert.Equal(HttpStatusCode.BadRequest, transfer.StatusCode);

        var requests = metrics.Of(RequestDuration);
        Assert.Equal(
            ["Connection.Login POST 201", "Interactions.Create POST 201", "Interactions.GetAttributes GET 200", "Interactions.Hold POST 200", "Interactions.GetAttributes GET 404", "Interactions.BlindTransfer POST 400"],
            requests.Select(r => $"{r.Tag("icws.endpoint")} {r.Tag("http.request.method")} {r.Tag("http.response.status_code")}"));
        Assert.All(requests, r =>
        {
            Assert.InRange(r.Value, 0, 30);
            Assert.Equal("127.0.0.1", r.Tag("server.address"));
            Assert.Equal(h.Simulator.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Tag("server.port"));
        });

        // error.type is the status of a failed call, and absent from a successful one.
        Assert.Equal(new string?[] { null, null, null, null, "404", "400" }, requests.Select(r => r.Tag("error.type")));
        Assert.Equal("s", metrics.Instruments[RequestDuration]);

        // Nothing else was measured: no renewal, no message (no watch started the pump).
        Assert.Empty(metrics.Of(Renewals));
        Assert.Empty(metrics.Of(MessagesReceived));

        await h.Session.DisposeAsync();
        var logout = metrics.Of(RequestDuration)[^1];
        Assert.Equal("Connection.Logout", logout.Tag("icws.endpoint"));
        Assert.Equal("DELETE", logout.Tag("http.request.method"));
        Assert.Equal("204", logout.Tag("http.response.status_code"));
    }

    [Fact]
    public async Task AnExpiredSession_CountsOneRenewal_AndTheRetriedCallOnceWithItsFinalStatus()
    {
        using var metrics = new MetricsRecorder();
        await using var h = await Harness.StartAsync(session: metrics.Configure);
        var id = await h.CallAsync();

        Assert.True(h.Simulator.Faults.ExpireSession(h.Session.SessionId));
        await h.Client.Interactions.HoldAsync(id, on: true);

        var renewal = Assert.Single(metrics.Of(Renewals));
        Assert.Equal(1, renewal.Value);
        Assert.Null(renewal.Tag("error.type"));
        Assert.Empty(metrics.Of(Switchovers));

        // The hold met a 401, the session logged in again, and the hold went through: one measurement, 200.
        var hold = Assert.Single(metrics.Of(RequestDuration), r => r.Tag("icws.endpoint") == "Interactions.Hold");
        Assert.Equal("200", hold.Tag("http.response.status_code"));
        Assert.Equal(2, metrics.Of(RequestDuration).Count(r => r.Tag("icws.endpoint") == "Connection.Login" && r.Tag("http.response.status_code") == "201"));
    }

    [Fact]
    public async Task ASwitchover_CountsARenewalAndASwitchover_AndTheCallsMoveToTheBackup()
    {
        using var metrics = new MetricsRecorder();
        await using var h = await Harness.StartAsync(session: metrics.Configure);
        var id = await h.CallAsync();

        h.Simulator.Faults.Switchover();
        await h.Client.Interactions.GetAttributesAsync(id, [Attr.Eic_RemoteName]);

        Assert.Equal(1, metrics.Of(Renewals).Sum(m => m.Value));
        Assert.Equal(1, Assert.Single(metrics.Of(Switchovers)).Value);
        var backupPort = h.Simulator.Servers[1].Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var read = Assert.Single(metrics.Of(RequestDuration), r => r.Tag("icws.endpoint") == "Interactions.GetAttributes");
        Assert.Equal("200", read.Tag("http.response.status_code"));
        Assert.Equal(backupPort, read.Tag("server.port"));

        // The former primary refused the re-login with 503 (naming the backup), and the backup took it.
        var logins = metrics.Of(RequestDuration).Where(r => r.Tag("icws.endpoint") == "Connection.Login").ToList();
        Assert.Contains(logins, r => r.Tag("http.response.status_code") == "503" && r.Tag("error.type") == "503" && r.Tag("server.port") != backupPort);
        Assert.Equal(backupPort, logins[^1].Tag("server.port"));
        Assert.Equal("201", logins[^1].Tag("http.response.status_code"));
    }

    [Theory]
    [InlineData(MessageRetrieval.ServerSentEvents)]
    [InlineData(MessageRetrieval.Polling)]
    public async Task Messages_AreCountedByType_WithTheirLag_AndWatchesWhileTheyLive(MessageRetrieval retrieval)
    {
        using var metrics = new MetricsRecorder();
        await using var h = await Harness.StartAsync(session: o =>
        {
            metrics.Configure(o);
            o.MessageRetrieval = retrieval;
        });
        var queue = await h.Client.Queues.WatchAsync("metrics", [new QueueId { QueueType = QueueType.User, QueueName = "agent" }], [Attr.Eic_State]);
        await queue.WaitForSnapshotAsync();
        Assert.Equal(1, ActiveWatchCount(metrics, "queue"));

        var id = await h.CallAsync();
        var interaction = await h.Client.Interactions.WatchAsync(id, [Attr.Eic_State]);
        Assert.Equal(1, ActiveWatchCount(metrics, "interaction"));
        await h.Client.Interactions.HoldAsync(id, on: true);

        // A message of a type no spec declares, and one that is not JSON (on its own: in a polled batch it would break the batch).
        h.Simulator.Faults.InjectRawMessage(h.Session.SessionId, """{"__type":"urn:example:notAnIcwsMessage","x":1}""");
        await Wait.UntilAsync(() => metrics.Of(MessagesReceived).Any(m => m.Tag("icws.message.type") == "_OTHER" && m.Tag("error.type") is null), "the unknown message");
        h.Simulator.Faults.InjectRawMessage(h.Session.SessionId, "{not json");
        await Wait.UntilAsync(() => metrics.Of(MessagesReceived).Any(m => m.Tag("error.type") == "malformed"), "the malformed message");
        await Wait.UntilAsync(() => metrics.Of(MessagesReceived).Count(m => m.Tag("icws.message.type") == QueueContents) >= 2, "queue contents: the snapshot and the new call");

        // One count per message the pump took in (a polled batch that is not JSON counts once, as one malformed message, and
        // its messages are lost: the watches then take fresh snapshots, so wait for the pump to be done with them).
        // Messages may still arrive (the fresh snapshots after a lost batch), so the checks below read one snapshot of
        // the measurements, taken when it was consistent with the pump's own count; two reads could fall either side of
        // a message.
        var polling = retrieval == MessageRetrieval.Polling;
        IReadOnlyList<RecordedMeasurement> received = [], lags = [];
        await Wait.UntilAsync(
            () =>
            {
                var counted = h.Session.MessageStatistics.Received;
                var all = metrics.All;
                received = all.Where(m => m.Instrument == MessagesReceived).ToList();
                lags = all.Where(m => m.Instrument == MessageLag).ToList();
                return received.Count == counted + (polling ? 1 : 0) && lags.Count == counted && counted == h.Session.MessageStatistics.Received;
            },
            "every message counted, and every message that arrived whole with its lag");
        Assert.All(received, m => Assert.Equal(1, m.Value));
        Assert.Contains(received, m => m.Tag("icws.message.type") == "urn:inin.com:interactions:interactionChangedMessage");
        Assert.Equal("_OTHER", Assert.Single(received, m => m.Tag("error.type") == "malformed").Tag("icws.message.type"));
        Assert.All(received, m => Assert.DoesNotContain("notAnIcwsMessage", m.Tag("icws.message.type") ?? string.Empty, StringComparison.Ordinal));

        Assert.All(lags, l => Assert.InRange(l.Value, 0, 5));
        Assert.Equal(received.Count(m => m.Tag("icws.message.type") == QueueContents), lags.Count(l => l.Tag("icws.message.type") == QueueContents));
        Assert.Equal("s", metrics.Instruments[MessageLag]);
        Assert.Equal("{message}", metrics.Instruments[MessagesReceived]);

        if (retrieval == MessageRetrieval.Polling)
        {
            Assert.Contains(metrics.Of(RequestDuration), r => r.Tag("icws.endpoint") == "Messaging.GetMessages" && r.Tag("http.response.status_code") == "200");
        }
        else
        {
            // The event stream is not a request that ends: it is not in the request durations.
            Assert.DoesNotContain(metrics.Of(RequestDuration), r => r.Tag("icws.endpoint")!.StartsWith("Messaging.", StringComparison.Ordinal));
        }

        await interaction.DisposeAsync();
        Assert.Equal(0, ActiveWatchCount(metrics, "interaction"));
        Assert.Equal(1, ActiveWatchCount(metrics, "queue"));

        // Disposing the session ends the queue watch too.
        await h.Session.DisposeAsync();
        Assert.Equal(0, ActiveWatchCount(metrics, "queue"));
        Assert.Equal("{watch}", metrics.Instruments[ActiveWatches]);
    }

    [Fact]
    public async Task NoTagValue_HoldsAnIdANameOrASecret()
    {
        using var metrics = new MetricsRecorder();
        await using var h = await Harness.StartAsync(session: metrics.Configure);
        await using (var watch = await h.Client.Queues.WatchAsync("tags", [new QueueId { QueueType = QueueType.User, QueueName = "agent" }], [Attr.Eic_State, Attr.Eic_RemoteName]))
        {
            await watch.WaitForSnapshotAsync();
            var id = await h.CallAsync();
            await h.Client.Interactions.GetAttributesAsync(id, [Attr.Eic_RemoteName]);
            await Wait.UntilAsync(() => watch.GetSnapshot().ContainsKey(id), "the call in the watch");
            h.Simulator.Faults.ExpireSession(h.Session.SessionId);
            await h.Client.Interactions.DisconnectAsync(id);
        }

        var password = h.Simulator.Options.Users.First(u => u.UserId == "agent").Password;
        var forbidden = new[] { "agent", password, h.Session.SessionId, "Pat Caller", "555-0123", "tags" };
        var values = metrics.All.SelectMany(m => m.Tags.Values).Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty).Distinct().ToList();
        Assert.NotEmpty(values);
        foreach (var value in values)
        {
            Assert.DoesNotMatch("[0-9]{6,}", value); // interaction and session ids are long digit strings
            foreach (var secret in forbidden)
            {
                Assert.DoesNotContain(secret, value, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public async Task DependencyInjection_RecordsOnTheContainersMeterFactory()
    {
        await using var sim = await Harness.StartSimulatorAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddIcwsClient(o =>
        {
            o.Server = sim.BaseAddress;
            o.Credentials = IcwsCredentials.Password("agent", sim.Options.Users.First(u => u.UserId == "agent").Password);
        });
        await using var provider = services.BuildServiceProvider();
        using var metrics = new MetricsRecorder(provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());

        await provider.GetRequiredService<IcwsClient>().Connection.GetConnectionAsync();

        Assert.Equal(["Connection.Login", "Connection.GetConnection"], metrics.Of(RequestDuration).Select(r => r.Tag("icws.endpoint")));
    }

    private static long ActiveWatchCount(MetricsRecorder metrics, string kind)
        => (long)metrics.Of(ActiveWatches).Where(m => m.Tag("icws.watch.kind") == kind).Sum(m => m.Value);
}
