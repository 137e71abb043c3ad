using System;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Icws;
using Icws.Client;
using Icws.Simulator;
using Xunit;

namespace Icws.Testing.Sample;

/// <summary>
/// What the integration does when the server misbehaves, with the simulator's fault switches. Each test starts a
/// simulator of its own (a few milliseconds), so a fault or a counter of one test never meets another.
/// </summary>
public sealed class FaultTests
{
    private static readonly QueueId Support = new() { QueueType = QueueType.Workgroup, QueueName = "Support" };

    [Fact]
    public async Task AnExpiredSession_IsRenewedOnTheNextCall_AndTheWatchCarriesOn()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = timeout.Token;
        await using var simulator = await IcwsSimulator.StartAsync(cancellationToken: ct);
        await using var session = await IcwsSession.ConnectAsync(simulator.BaseAddress, IcwsCredentials.Password(simulator.UserName, simulator.Password), ct);
        var icws = new IcwsClient(session);
        await using var watch = await icws.Queues.WatchAsync("board", [Support], [Attr.Eic_State, Attr.Eic_RemoteName], cancellationToken: ct);
        await watch.WaitForSnapshotAsync(ct);

        simulator.Faults.ExpireAllSessions();
        var callId = simulator.AddIncomingCall("Support", "Grace Caller", "555-0101");
        await icws.Interactions.PickupAsync(callId, ct); // a 401 first: the session logs in again and repeats the call

        await QueueTests.NextAsync(watch, c => c.InteractionId == callId && c.Attributes.State == InteractionStateCode.Connected, ct);
        Assert.Equal(2, simulator.Counters.Logins);
        Assert.Equal(1, simulator.Counters.GetFaults("expire-session"));
        Assert.Equal(1, session.Renewals);
        Assert.Contains("queue:board", simulator.GetSubscriptions(session.SessionId)); // re-subscribed on the new session
    }

    [Fact]
    public async Task AServerError_ReachesTheCaller_AsIcwsApiException()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = timeout.Token;
        await using var simulator = await IcwsSimulator.StartAsync(cancellationToken: ct);
        await using var session = await IcwsSession.ConnectAsync(simulator.BaseAddress, IcwsCredentials.Password(simulator.UserName, simulator.Password), ct);
        var icws = new IcwsClient(session);
        var callId = simulator.AddIncomingCall("Support", "Alan Caller", "555-0102");

        simulator.Faults.FailNextRequests(500, count: 1, pathContains: "/pickup");
        var error = await Assert.ThrowsAsync<IcwsApiException>(() => icws.Interactions.PickupAsync(callId, ct));
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal("O", simulator.GetInteraction(callId)?.State); // the failed request changed nothing

        await icws.Interactions.PickupAsync(callId, ct); // the fault was for one request only
        Assert.Equal("C", simulator.GetInteraction(callId)?.State);
        Assert.Equal(1, simulator.Counters.GetFaults("fail-request"));
    }
}
