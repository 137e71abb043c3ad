using System.Linq;
using System.Threading.Tasks;
using Icws.Client;
using Xunit;

namespace Icws.Runtime.Tests;

/// <summary>The seed flows, checked against the simulator's own state (the oracle), over both message modes.</summary>
public class SeedFlowTests
{
    [Theory]
    [InlineData(MessageRetrieval.ServerSentEvents)]
    [InlineData(MessageRetrieval.Polling)]
    public async Task SeedFlows_ChangeTheInteractionAsCicDoes(MessageRetrieval mode)
    {
        await using var h = await Harness.StartAsync(session: o => o.MessageRetrieval = mode);
        var icws = h.Client;
        await using var watch = await icws.Queues.WatchAsync("seed",
            [new QueueId { QueueType = QueueType.Workgroup, QueueName = "Support" }, new QueueId { QueueType = QueueType.User, QueueName = "agent" }],
            [Attr.Eic_State, Attr.Eic_RemoteName, Attr.Eic_Muted, Attr.Eic_Recorders]);
        await watch.WaitForSnapshotAsync();

        // Create a call to 555-0123 on behalf of Support.
        var call = await icws.Interactions.CreateAsync(new CreateCallParameters { Target = "555-0123", Workgroup = "Support" });
        var oracle = h.Simulator.GetInteraction(call.InteractionId)!;
        Assert.Equal("Support", oracle["Eic_WorkgroupName"]);
        Assert.Contains(oracle.Queues, q => q.QueueType == 1 && q.QueueName == "agent");

        // Get Eic_RemoteName and Eic_State.
        var a = await icws.Interactions.GetAttributesAsync(call.InteractionId, [Attr.Eic_RemoteName, Attr.Eic_State]);
        Assert.Equal(oracle["Eic_RemoteName"], a.RemoteName);
        Assert.Equal(InteractionStateCode.Connected, a.State);

        // Hold sets H, mute sets Eic_Muted 1, record (supervisor false) adds the user to Eic_Recorders.
        await icws.Interactions.HoldAsync(call.InteractionId, on: true);
        Assert.Equal("H", h.Simulator.GetInteraction(call.InteractionId)!.State);
        await icws.Interactions.MuteAsync(call.InteractionId, on: true);
        Assert.Equal("1", h.Simulator.GetInteraction(call.InteractionId)!["Eic_Muted"]);
        await icws.Interactions.RecordAsync(call.InteractionId, on: true, supervisor: false);
        Assert.Contains("agent", h.Simulator.GetInteraction(call.InteractionId)!["Eic_Recorders"]);

        // The live view follows.
        await Wait.UntilAsync(() => watch.TryGet(call.InteractionId, out var v) && v.State == InteractionStateCode.Held && v.Muted == true && v.Recorders?.Contains("agent") == true, "held, muted, recorded in the view");

        // Blind transfer to John.Smith: it leaves the agent's queue for his.
        await icws.Interactions.BlindTransferAsync(call.InteractionId, target: "user:John.Smith");
        var moved = h.Simulator.GetInteraction(call.InteractionId)!;
        Assert.Contains(moved.Queues, q => q.QueueType == 1 && q.QueueName == "John.Smith");
        Assert.DoesNotContain(moved.Queues, q => q.QueueName == "agent");
        await Wait.UntilAsync(() => !watch.TryGet(call.InteractionId, out _), "the call to leave the watched queues");

        // Unsubscribe; the session logs out on dispose (Harness).
        var sessionId = h.Session.SessionId;
        await watch.DisposeAsync();
        Assert.DoesNotContain(h.Simulator.GetSubscriptions(sessionId), s => s.StartsWith("queue:", System.StringComparison.Ordinal));
    }
}
