using System;
using System.Threading;
using System.Threading.Tasks;
using Icws;
using Icws.Client;
using Icws.Simulator;
using Xunit;

namespace Icws.Testing.Sample;

/// <summary>
/// The integration under test is a queue board: it logs in, watches a workgroup queue and shows who is waiting. The
/// simulator plays the CIC server, and its test hook rings the workgroup.
/// </summary>
public sealed class QueueTests : IClassFixture<SimulatorFixture>
{
    private static readonly QueueId Support = new() { QueueType = QueueType.Workgroup, QueueName = "Support" };

    private readonly IcwsSimulator _simulator;

    public QueueTests(SimulatorFixture fixture) => _simulator = fixture.Simulator;

    [Fact]
    public async Task AnIncomingCall_ShowsUpInTheQueueWatch_AndSoDoesItsPickup()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = timeout.Token;
        await using var session = await IcwsSession.ConnectAsync(_simulator.BaseAddress, IcwsCredentials.Password(_simulator.UserName, _simulator.Password), ct);
        var icws = new IcwsClient(session);
        await using var watch = await icws.Queues.WatchAsync("board", [Support], [Attr.Eic_State, Attr.Eic_RemoteName, Attr.Eic_RemoteAddress], cancellationToken: ct);

        // The test hook: a caller rings the Support workgroup.
        var callId = _simulator.AddIncomingCall("Support", "Ada Caller", "555-0100");

        var added = await NextAsync(watch, c => c.Kind == WatchChangeKind.Added && c.InteractionId == callId, ct);
        Assert.Equal("Ada Caller", added.Attributes.RemoteName);
        Assert.Equal("555-0100", added.Attributes.RemoteAddress);
        Assert.Equal(InteractionStateCode.Offering, added.Attributes.State);

        // The integration answers it; the watch follows, and the simulator's own view agrees.
        await icws.Interactions.PickupAsync(callId, ct);
        await NextAsync(watch, c => c.InteractionId == callId && c.Attributes.State == InteractionStateCode.Connected, ct);
        var call = _simulator.GetInteraction(callId);
        Assert.NotNull(call);
        Assert.Equal("C", call.State);
        Assert.Equal(_simulator.UserName, call["Eic_UserName"]);
        Assert.Contains("queue:board", _simulator.GetSubscriptions(session.SessionId));
    }

    /// <summary>
    /// The first change that matches, counting the watch's current contents as added (so a call that arrived before
    /// the watch's first snapshot is not missed). Fails if the watch ends first.
    /// </summary>
    internal static async Task<WatchChange<InteractionAttributes>> NextAsync(
        QueueWatch<InteractionAttributes> watch, Func<WatchChange<InteractionAttributes>, bool> match, CancellationToken ct)
    {
        await foreach (var change in watch.ReadChangesAsync(includeCurrent: true, ct))
        {
            if (match(change))
            {
                return change;
            }
        }

        throw new InvalidOperationException($"The watch ended (state {watch.State}) before the expected change.");
    }
}
