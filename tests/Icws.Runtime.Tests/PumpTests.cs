using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Icws.Client;
using Xunit;

namespace Icws.Runtime.Tests;

/// <summary>The message pump: both retrieval modes, dropped streams, unknown and malformed messages.</summary>
public class PumpTests
{
    [Fact]
    public async Task DroppedEventStream_Reconnects_AndNoChangeIsLost()
    {
        await using var h = await Harness.StartAsync();
        await using var watch = await h.Client.Queues.WatchAsync("support", [WatchTests.Workgroup("Support")], [Attr.Eic_State, Attr.Eic_RemoteName]);
        await watch.WaitForSnapshotAsync();
        Assert.Equal(MessageRetrieval.ServerSentEvents, h.Session.ActiveMessageRetrieval);

        for (var round = 0; round < 3; round++)
        {
            Assert.True(h.Simulator.Faults.DropEventStreams() >= 0);
            h.Simulator.AddIncomingCall("Support", "Caller " + round, "555-04" + round);
        }

        await Wait.UntilAsync(() => watch.Count == 3, "three calls");
        Assert.True(h.Session.MessageStatistics.StreamConnects >= 2, h.Session.MessageStatistics.ToString());
        WatchTests.AssertViewEqualsSimulator(watch, h.Simulator.GetQueue(2, "Support"), [Attr.Eic_State, Attr.Eic_RemoteName]);
    }

    [Theory]
    [InlineData(MessageRetrieval.ServerSentEvents)]
    [InlineData(MessageRetrieval.Polling)]
    public async Task UnknownAndMalformedMessages_AreKeptRaw_AndThePumpGoesOn(MessageRetrieval mode)
    {
        await using var h = await Harness.StartAsync(session: o => o.MessageRetrieval = mode);
        var errors = new List<IcwsErrorEventArgs>();
        h.Session.Error += (_, e) => { lock (errors) { errors.Add(e); } };
        await using var messages = new Recorder<IcwsMessage>(token => h.Session.ReadMessagesAsync(token));
        await using var watch = await h.Client.Queues.WatchAsync("support", [WatchTests.Workgroup("Support")], [Attr.Eic_State]);
        await watch.WaitForSnapshotAsync();

        h.Simulator.Faults.InjectRawMessage(h.Session.SessionId, """{"isDelta":false,"shape":"new","__type":"urn:inin.com:future:somethingNewMessage"}""");
        h.Simulator.Faults.InjectRawMessage(h.Session.SessionId, """{"__type":"urn:inin.com:queues:queueContentsMessage","isDelta":true}""");
        h.Simulator.AddIncomingCall("Support", "After The Odd Ones", "555-0500");
        await Wait.UntilAsync(() => watch.Count == 1, "the call after the odd messages");
        // The reader runs on its own task; the watch was updated first, inside the pump.
        await messages.WaitForAsync(m => m is QueueContentsMessage { IsDelta: true }, "the reader to catch up");
        var received = messages.Snapshot();
        {
            var unknown = received.OfType<UnknownIcwsMessage>().ToList();
            var future = Assert.Single(unknown, u => u.TypeUrn == "urn:inin.com:future:somethingNewMessage");
            Assert.Null(future.Error);
            Assert.Equal("new", future.Raw.GetProperty("shape").GetString());
            var broken = Assert.Single(unknown, u => u.TypeUrn == "urn:inin.com:queues:queueContentsMessage");
            Assert.Contains("subscriptionId", broken.Error, StringComparison.Ordinal);
            Assert.Contains(received, m => m is QueueContentsMessage { IsDelta: false });
        }

        // Not even JSON: in polling mode it breaks the batch it came in, over SSE only its own event.
        h.Simulator.Faults.InjectRawMessage(h.Session.SessionId, "{ this is not json");
        await Wait.UntilAsync(() => h.Session.MessageStatistics.Malformed >= 1, "the malformed message to be counted");
        h.Simulator.AddIncomingCall("Support", "After Garbage", "555-0501");
        await Wait.UntilAsync(() => watch.Count == 2, "the pump to go on after garbage");
        Assert.Equal(1, h.Session.MessageStatistics.Undecodable);
        Assert.Equal(1, h.Session.MessageStatistics.Unknown);
    }

    [Fact]
    public async Task PollingOnlyServer_IsPolled_EvenInAutomaticMode()
    {
        await using var h = await Harness.StartAsync(simulator: o => o.PollingOnly = true);
        await using var watch = await h.Client.Queues.WatchAsync("support", [WatchTests.Workgroup("Support")], [Attr.Eic_State]);
        await watch.WaitForSnapshotAsync();
        h.Simulator.AddIncomingCall("Support", "Polled", "555-0600");

        await Wait.UntilAsync(() => watch.Count == 1, "the call");
        Assert.Equal(MessageRetrieval.Polling, h.Session.ActiveMessageRetrieval);
        Assert.True(h.Session.MessageStatistics.Polls > 0);
        Assert.Equal(0, h.Session.MessageStatistics.StreamConnects);
    }

    [Fact]
    public async Task ExpiredSession_DuringTheEventStream_IsRenewedByThePump()
    {
        await using var h = await Harness.StartAsync();
        await using var watch = await h.Client.Queues.WatchAsync("support", [WatchTests.Workgroup("Support")], [Attr.Eic_State]);
        await watch.WaitForSnapshotAsync();

        h.Simulator.Faults.ExpireAllSessions();
        await Wait.UntilAsync(() => h.Session.Renewals == 1, "the pump to renew the session");
        h.Simulator.AddIncomingCall("Support", "After Renewal", "555-0700");

        await Wait.UntilAsync(() => watch.Count == 1, "the call on the renewed session");
    }
}
