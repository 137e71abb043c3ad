using System.Net.Sockets;
using Icws.Simulator.Tests.Infrastructure;

namespace Icws.Simulator.Tests;

/// <summary>The simulator as a test fixture (package Icws.Generated.Testing): credentials, stopping, instances side by side.</summary>
public sealed class FixtureTests
{
    [Fact]
    public async Task UserName_and_Password_are_the_first_configured_user_and_log_in()
    {
        await using (var sim = await Sim.StartAsync())
        {
            Assert.Equal("agent", sim.UserName);
            Assert.Equal("agent-pass", sim.Password);
            using var client = await WireClient.LoginAsync(sim.BaseAddress, sim.UserName, sim.Password);
            Assert.Equal("agent", client.LoginBody.GetProperty("userID").GetString());
        }

        await using (var custom = await Sim.StartAsync(o =>
        {
            o.Users.Clear();
            o.Users.Add(new SimulatedUser("tester", "tester-pass", "Tess Tester", "7100"));
        }))
        {
            Assert.Equal("tester", custom.UserName);
            Assert.Equal("tester-pass", custom.Password);
            using var client = await WireClient.LoginAsync(custom.BaseAddress, custom.UserName, custom.Password);
            Assert.Equal("Tess Tester", client.LoginBody.GetProperty("userDisplayName").GetString());
        }

        await using var nobody = await Sim.StartAsync(o => o.Users.Clear());
        Assert.Throws<InvalidOperationException>(() => nobody.UserName);
        Assert.Throws<InvalidOperationException>(() => nobody.Password);
    }

    [Fact]
    public async Task StopAsync_frees_every_port_and_a_second_stop_does_nothing()
    {
        var sim = await Sim.StartAsync();
        var ports = sim.Servers.Select(s => s.Port).ToList();
        Assert.Equal(2, ports.Count);
        foreach (var port in ports)
        {
            using var open = new TcpClient();
            await open.ConnectAsync(IPAddress.Loopback, port); // listening
        }

        await sim.StopAsync();
        foreach (var port in ports)
        {
            using var closed = new TcpClient();
            await Assert.ThrowsAsync<SocketException>(() => closed.ConnectAsync(IPAddress.Loopback, port));
        }

        await sim.StopAsync();
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task Two_simulators_side_by_side_share_nothing()
    {
        await using var first = await Sim.StartAsync();
        await using var second = await Sim.StartAsync();
        Assert.NotEqual(first.BaseAddress, second.BaseAddress);

        var id = first.AddIncomingCall("Support", "Ada Caller", "555-0100");

        Assert.Equal([id], first.GetQueue(2, "Support").Select(i => i.Id).ToArray());
        Assert.Empty(second.GetQueue(2, "Support"));
        Assert.Null(second.GetInteraction(id));
        using var client = await WireClient.LoginAsync(second.BaseAddress);
        Assert.Equal(0, first.Counters.Logins);
        Assert.Equal(1, second.Counters.Logins);
        Assert.Empty(first.ActiveSessionIds);
    }

    [Fact]
    public async Task AddIncomingCall_sets_the_documented_attributes_and_rejects_an_unknown_workgroup()
    {
        await using var sim = await Sim.StartAsync();
        var id = sim.AddIncomingCall("support", "Ada Caller", "555-0100", new Dictionary<string, string> { ["Acme_Priority"] = "7", ["Eic_RemoteName"] = "Ada (IVR)" });

        var call = sim.GetInteraction(id);
        Assert.NotNull(call);
        Assert.Equal("O", call.State);
        Assert.Equal("I", call["Eic_CallDirection"]);
        Assert.Equal("E", call["Eic_CallType"]);
        Assert.Equal("555-0100", call["Eic_RemoteAddress"]);
        Assert.Equal("Support", call["Eic_WorkgroupName"]);
        Assert.Matches("^[0-9]{8}T[0-9]{6}Z$", call["Eic_WorkgroupQueueTimestamp"]!);
        Assert.Equal("7", call["Acme_Priority"]);
        Assert.Equal("Ada (IVR)", call["Eic_RemoteName"]); // extra attributes are set last
        Assert.Equal([new SimulatedQueue(2, "Support")], call.Queues.ToArray());

        var error = Assert.Throws<ArgumentException>(() => sim.AddIncomingCall("Nowhere", "X", "555-0199"));
        Assert.Equal("workgroup", error.ParamName);
    }
}
