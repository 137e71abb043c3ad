using Icws.Simulator.Tests.Infrastructure;

namespace Icws.Simulator.Tests;

/// <summary>Generated traffic and AddIncomingCall.</summary>
public sealed class ActivityTests
{
    [Fact]
    public async Task Incoming_call_offers_in_the_workgroup_queue()
    {
        await using var sim = await Sim.StartAsync();

        var id = sim.AddIncomingCall("InsideSales", "Morgan Lee", "555-0142");

        var call = Assert.Single(sim.GetQueue(2, "InsideSales"));
        Assert.Equal(id, call.Id);
        Assert.Equal(("O", "Offering", "I", "E"), (call.State, call["Eic_CallStateString"], call["Eic_CallDirection"], call["Eic_CallType"]));
        Assert.Equal(("Morgan Lee", "555-0142", "InsideSales"), (call["Eic_RemoteName"], call["Eic_RemoteAddress"], call["Eic_WorkgroupName"]));
        Assert.Throws<ArgumentException>(() => sim.AddIncomingCall("Nope", "x", "1"));
    }

    [Fact]
    public async Task Generated_calls_are_offered_answered_and_hung_up()
    {
        await using var sim = await Sim.StartAsync(o => o.DisconnectLinger = TimeSpan.FromMilliseconds(20));
        using var client = await WireClient.LoginAsync(sim.BaseAddress, "supervisor", "super-pass");
        await client.PutAsync("messaging/subscriptions/queues/wg",
            """{"queueIds":[{"queueType":2,"queueName":"Support"},{"queueType":2,"queueName":"InsideSales"},{"queueType":2,"queueName":"OutsideSales"}],"attributeNames":["Eic_State"]}""");

        sim.StartActivity(TimeSpan.FromMilliseconds(20), seed: 1);
        var messages = await client.PollUntilAsync(m => m.Items("interactionsRemoved").Any(), TimeSpan.FromSeconds(5));
        await sim.StopActivityAsync();

        var states = messages.SelectMany(m => m.Items("interactionsAdded").Concat(m.Items("interactionsChanged")))
            .Select(e => e.AttributeMap().GetValueOrDefault("Eic_State")).ToHashSet();
        Assert.Contains("O", states);
        Assert.Contains("C", states);
        Assert.Contains("E", states);
    }
}
