using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Icws.Client;
using Icws.Simulator;
using Xunit;

namespace Icws.Runtime.Tests;

/// <summary>Queue and interaction watches: snapshot, deltas, a final view equal to the simulator's state, re-subscription, dispose.</summary>
public class WatchTests
{
    private static readonly string[] Watched = [Attr.Eic_State, Attr.Eic_RemoteName, Attr.Eic_RemoteAddress, Attr.Eic_UserName, Attr.Eic_CallDirection];

    [Theory]
    [InlineData(MessageRetrieval.ServerSentEvents, EmptyArrayMode.Omit)]
    [InlineData(MessageRetrieval.Polling, EmptyArrayMode.Include)]
    [InlineData(MessageRetrieval.ServerSentEvents, EmptyArrayMode.Alternate)]
    public async Task QueueWatch_SnapshotThenDeltas_EndsEqualToTheSimulator(MessageRetrieval mode, EmptyArrayMode arrays)
    {
        await using var h = await Harness.StartAsync(simulator: o => o.QueueMessageEmptyArrays = arrays, session: o => o.MessageRetrieval = mode);
        var first = h.Simulator.AddIncomingCall("Support", "Ada Lovelace", "555-0101");
        var second = h.Simulator.AddIncomingCall("Support", "Grace Hopper", "555-0102");

        await using var watch = await h.Client.Queues.WatchAsync("support", [Workgroup("Support")], Watched);
        await using var changes = new Recorder<WatchChange<InteractionAttributes>>(token => watch.ReadChangesAsync(includeCurrent: true, token));

        await watch.WaitForSnapshotAsync();
        Assert.Equal(new[] { first, second }.OrderBy(x => x), watch.GetSnapshot().Keys.OrderBy(x => x));

        // Deltas: a new call, a pickup (state change), a disconnect (state change, then removal).
        var third = h.Simulator.AddIncomingCall("Support", "Alan Turing", "555-0103");
        await Wait.UntilAsync(() => watch.TryGet(third, out _), "the third call");
        await h.Client.Interactions.PickupAsync(first);
        await h.Client.Interactions.DisconnectAsync(second);
        await Wait.UntilAsync(() => !watch.TryGet(second, out _) && watch.TryGet(first, out var a) && a.State == InteractionStateCode.Connected, "pickup and disconnect");

        AssertViewEqualsSimulator(watch, h.Simulator.GetQueue(2, "Support"));
        await changes.WaitForAsync(c => c.Kind == WatchChangeKind.Removed && c.InteractionId == second, "the removal in the change stream");
        var seen = changes.Snapshot();
        Assert.Contains(seen, c => c.Kind == WatchChangeKind.Added && c.InteractionId == third && c.Attributes.RemoteName == "Alan Turing");
        Assert.Contains(seen, c => c.Kind == WatchChangeKind.Changed && c.InteractionId == first && c.ChangedAttributes.Contains(Attr.Eic_State, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task QueueWatch_IsResubscribedAfterReLogin_AndCatchesUp()
    {
        await using var h = await Harness.StartAsync();
        var before = h.Simulator.AddIncomingCall("Support", "Before Expiry", "555-0200");
        await using var watch = await h.Client.Queues.WatchAsync("support", [Workgroup("Support")], Watched);
        await watch.WaitForSnapshotAsync();

        h.Simulator.Faults.ExpireAllSessions();
        var during = h.Simulator.AddIncomingCall("Support", "During Expiry", "555-0201");
        await h.Client.Interactions.DisconnectAsync(before);     // renews the session on its way

        await Wait.UntilAsync(() => watch.TryGet(during, out _) && !watch.TryGet(before, out _), "the view to catch up after re-subscribing");
        Assert.Equal(1, h.Session.Renewals);
        Assert.Contains("queue:support", h.Simulator.GetSubscriptions(h.Session.SessionId));
        Assert.Equal(WatchState.Active, watch.State);
        AssertViewEqualsSimulator(watch, h.Simulator.GetQueue(2, "Support"));
    }

    [Fact]
    public async Task Dispose_DeletesTheSubscription_AndEndsTheChangeStream()
    {
        await using var h = await Harness.StartAsync();
        var watch = await h.Client.Queues.WatchAsync("support", [Workgroup("Support")], Watched);
        await watch.WaitForSnapshotAsync();
        var reading = Task.Run(async () =>
        {
            var count = 0;
            await foreach (var _ in watch.Changes)
            {
                count++;
            }

            return count;
        });

        await watch.DisposeAsync();

        Assert.Empty(h.Simulator.GetSubscriptions(h.Session.SessionId));
        Assert.Equal(WatchState.Disposed, watch.State);
        Assert.Equal(0, await reading.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(0, h.Session.Watches.Count);
    }

    [Fact]
    public async Task TheSameSubscriptionIdTwice_IsRefused()
    {
        await using var h = await Harness.StartAsync();
        await using var watch = await h.Client.Queues.WatchAsync("dup", [Workgroup("Support")], Watched);

        await Assert.ThrowsAsync<InvalidOperationException>(() => h.Client.Queues.WatchAsync("dup", [Workgroup("Support")], Watched));
    }

    [Theory]
    [InlineData(MessageRetrieval.ServerSentEvents)]
    [InlineData(MessageRetrieval.Polling)]
    public async Task InteractionWatch_FollowsOneInteraction_UntilItIsGone(MessageRetrieval mode)
    {
        await using var h = await Harness.StartAsync(session: o => o.MessageRetrieval = mode);
        var id = await h.CallAsync();
        await using var watch = await h.Client.Interactions.WatchAsync(id, [Attr.Eic_State, Attr.Eic_Muted]);
        await watch.WaitForSnapshotAsync();
        Assert.True(watch.TryGetCurrent(out var now));
        Assert.Equal(InteractionStateCode.Connected, now.State);

        await h.Client.Interactions.HoldAsync(id, on: true);
        await Wait.UntilAsync(() => watch.TryGetCurrent(out var a) && a.State == InteractionStateCode.Held, "held");
        await h.Client.Interactions.DisconnectAsync(id);
        await Wait.UntilAsync(() => !watch.TryGetCurrent(out _), "deallocated");
    }

    [Fact]
    public async Task SlowChangeReader_IsResynchronized_InsteadOfGrowingWithoutBound()
    {
        await using var h = await Harness.StartAsync(session: o => o.ChangeStreamCapacity = 3);
        await using var watch = await h.Client.Queues.WatchAsync("support", [Workgroup("Support")], Watched);
        await watch.WaitForSnapshotAsync();
        var reader = watch.Changes.GetAsyncEnumerator();
        var firstRead = reader.MoveNextAsync();          // registers the reader; then nobody reads for a while

        var ids = Enumerable.Range(0, 10).Select(i => h.Simulator.AddIncomingCall("Support", "Caller " + i, "555-03" + i.ToString("00"))).ToList();
        await Wait.UntilAsync(() => watch.Count == 10, "all ten calls in the view");

        var seen = new List<WatchChangeKind>();
        Assert.True(await firstRead);
        seen.Add(reader.Current.Kind);
        for (var i = 0; i < 4 && !seen.Contains(WatchChangeKind.Resynchronized); i++)
        {
            var next = reader.MoveNextAsync().AsTask();
            if (await Task.WhenAny(next, Task.Delay(2000)) != next)
            {
                break;
            }

            Assert.True(await next);
            seen.Add(reader.Current.Kind);
        }

        Assert.Contains(WatchChangeKind.Resynchronized, seen);
        Assert.Equal(10, watch.GetSnapshot().Count);
        await watch.DisposeAsync();
        await reader.DisposeAsync();
    }

    internal static QueueId Workgroup(string name) => new() { QueueType = QueueType.Workgroup, QueueName = name };

    internal static void AssertViewEqualsSimulator(IcwsWatch<InteractionAttributes> watch, IReadOnlyList<SimulatedInteraction> oracle, IReadOnlyList<string>? watched = null)
    {
        var view = watch.GetSnapshot();
        Assert.Equal(oracle.Select(i => i.Id).OrderBy(x => x), view.Keys.OrderBy(x => x));
        foreach (var interaction in oracle)
        {
            foreach (var name in watched ?? Watched)
            {
                Assert.Equal(interaction[name], view[interaction.Id][name]);
            }
        }
    }
}
