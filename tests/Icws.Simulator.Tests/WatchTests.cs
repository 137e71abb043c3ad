using Icws.Simulator.Tests.Infrastructure;

namespace Icws.Simulator.Tests;

/// <summary>Queue, interaction and alerting watches and their messages (reference §3.2, §4.4, §5).</summary>
public sealed class WatchTests
{
    private const string AgentQueueWatch = """{"queueIds":[{"queueType":1,"queueName":"agent"}],"attributeNames":["Eic_State","Eic_RemoteName","Eic_Muted","Custom_Missing"]}""";

    [Fact]
    public async Task Queue_watch_starts_with_a_snapshot_then_sends_deltas()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);
        var existing = await client.CallAsync("555-0123");

        await WireClient.ExpectEmptyAsync(await client.PutAsync("messaging/subscriptions/queues/my-queue", AgentQueueWatch), HttpStatusCode.NoContent);
        var snapshot = Assert.Single(await client.PollAsync());
        Assert.True(snapshot.IsQueueContents());
        Assert.False(snapshot.GetProperty("isDelta").GetBoolean());
        Assert.Equal("my-queue", snapshot.GetProperty("subscriptionId").GetString());
        var entry = Assert.Single(snapshot.Items("interactionsAdded"));
        Assert.Equal(existing, entry.GetProperty("interactionId").GetString());
        // Only requested attributes that the interaction has; never-set names are left out.
        Assert.Equal(new Dictionary<string, string> { ["Eic_State"] = "C", ["Eic_RemoteName"] = "Pat Caller", ["Eic_Muted"] = "0" }, entry.AttributeMap());
        Assert.Equal(["queue:my-queue"], sim.GetSubscriptions(client.SessionId));

        var added = await client.CallAsync("555-0199");
        await client.ActAsync(existing, "mute", """{"on":true}""");
        await client.ActAsync(existing, "disconnect");
        var deltas = await client.PollAsync();

        Assert.All(deltas, m => Assert.True(m.GetProperty("isDelta").GetBoolean()));
        var addedEntry = deltas.SelectMany(m => m.Items("interactionsAdded")).First();
        Assert.Equal(added, addedEntry.GetProperty("interactionId").GetString());
        Assert.Equal("S", addedEntry.AttributeMap()["Eic_State"]); // announced while dialing, then changed
        var changes = deltas.SelectMany(m => m.Items("interactionsChanged")).Where(c => c.GetProperty("interactionId").GetString() == existing).ToList();
        Assert.Contains(changes, c => c.AttributeMap().SequenceEqual(new Dictionary<string, string> { ["Eic_Muted"] = "1" }));
        Assert.Contains(changes, c => c.AttributeMap().TryGetValue("Eic_State", out var s) && s == "I");
        Assert.Equal(existing, deltas.SelectMany(m => m.Items("interactionsRemoved")).Single().GetString());

        await WireClient.ExpectEmptyAsync(await client.DeleteAsync("messaging/subscriptions/queues/my-queue"), HttpStatusCode.NoContent);
        await client.CallAsync("555-0100");
        Assert.Empty(await client.PollAsync());
    }

    [Fact]
    public async Task Put_again_replaces_the_watch_with_a_new_snapshot()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);
        await client.PutAsync("messaging/subscriptions/queues/w", AgentQueueWatch);
        sim.AddIncomingCall("Support", "Casey Fox", "555-0777");

        await WireClient.ExpectEmptyAsync(await client.PutAsync("messaging/subscriptions/queues/w",
            """{"queueIds":[{"queueType":2,"queueName":"Support"},{"queueType":2,"queueName":"InsideSales"}],"attributeNames":["Eic_RemoteName"]}"""), HttpStatusCode.NoContent);
        var messages = await client.PollAsync();

        var last = messages.Last();
        Assert.False(last.GetProperty("isDelta").GetBoolean());
        Assert.Equal("Casey Fox", Assert.Single(last.Items("interactionsAdded")).AttributeMap()["Eic_RemoteName"]);
    }

    [Fact]
    public async Task Queue_watches_taken_are_counted_per_accepted_put()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);
        Assert.Equal(0, sim.Counters.QueueWatchesTaken);

        await WireClient.ExpectEmptyAsync(await client.PutAsync("messaging/subscriptions/queues/a", AgentQueueWatch), HttpStatusCode.NoContent);
        await WireClient.ExpectEmptyAsync(await client.PutAsync("messaging/subscriptions/queues/b", AgentQueueWatch), HttpStatusCode.NoContent);
        await WireClient.ExpectEmptyAsync(await client.PutAsync("messaging/subscriptions/queues/a", AgentQueueWatch), HttpStatusCode.NoContent);
        Assert.Equal(3, sim.Counters.QueueWatchesTaken);

        // Refused PUTs, deletions and other watches are not queue watches taken.
        await WireClient.ExpectErrorAsync(await client.PutAsync("messaging/subscriptions/queues/c", """{"queueIds":[{"queueType":1,"queueName":"agent"}]}"""),
            HttpStatusCode.BadRequest, "missingPropertyError", "attributeNames");
        await WireClient.ExpectEmptyAsync(await client.DeleteAsync("messaging/subscriptions/queues/a"), HttpStatusCode.NoContent);
        await WireClient.ExpectEmptyAsync(await client.PutAsync("messaging/subscriptions/interaction-alerting", "{}"), HttpStatusCode.NoContent);
        Assert.Equal(3, sim.Counters.QueueWatchesTaken);
    }

    [Fact]
    public async Task Queue_watch_bodies_are_validated()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);

        await WireClient.ExpectErrorAsync(await client.PutAsync("messaging/subscriptions/queues/x", """{"queueIds":[{"queueType":"1","queueName":"agent"}],"attributeNames":["Eic_State"]}"""),
            HttpStatusCode.BadRequest, "invalidPropertyError", "queueIds[0].queueType");
        await WireClient.ExpectErrorAsync(await client.PutAsync("messaging/subscriptions/queues/x", """{"queueIds":[{"queueType":1,"queueName":"agent"}]}"""),
            HttpStatusCode.BadRequest, "missingPropertyError", "attributeNames");
        await WireClient.ExpectErrorAsync(await client.PutAsync("messaging/subscriptions/queues/x", """{"queueIds":[],"attributeNames":["Eic_State"]}"""),
            HttpStatusCode.BadRequest, "invalidPropertyError", "queueIds");
        Assert.Empty(sim.GetSubscriptions(client.SessionId));
    }

    [Fact]
    public async Task Empty_arrays_can_be_included_on_purpose()
    {
        await using var sim = await Sim.StartAsync(o => o.QueueMessageEmptyArrays = EmptyArrayMode.Include);
        using var client = await WireClient.LoginAsync(sim.BaseAddress);

        await client.PutAsync("messaging/subscriptions/queues/w", AgentQueueWatch);
        var snapshot = Assert.Single(await client.PollAsync());

        Assert.Equal(0, snapshot.GetProperty("interactionsAdded").GetArrayLength());
        Assert.Equal(0, snapshot.GetProperty("interactionsChanged").GetArrayLength());
        Assert.Equal(0, snapshot.GetProperty("interactionsRemoved").GetArrayLength());
    }

    [Fact]
    public async Task Interaction_watch_sends_changes_and_deallocation()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);
        var id = await client.CallAsync("555-0123");
        await WireClient.ExpectErrorAsync(await client.PutAsync("messaging/subscriptions/interactions/1234567890", """{"attributeNames":["Eic_State"]}"""), HttpStatusCode.NotFound);

        await WireClient.ExpectEmptyAsync(await client.PutAsync($"messaging/subscriptions/interactions/{id}", """{"attributeNames":["Eic_State","Eic_Muted"]}"""), HttpStatusCode.NoContent);
        await client.ActAsync(id, "hold", """{"on":true}""");
        await client.ActAsync(id, "disconnect");
        var messages = await client.PollAsync();

        Assert.Equal(
            [
                ("urn:inin.com:interactions:interactionChangedMessage", false, "C"),
                ("urn:inin.com:interactions:interactionChangedMessage", true, "H"),
                ("urn:inin.com:interactions:interactionChangedMessage", true, "I"),
            ],
            messages.Take(3).Select(m => (m.Type(), m.GetProperty("isDelta").GetBoolean(), m.AttributeMap()["Eic_State"])).ToArray());
        Assert.Equal("0", messages[0].AttributeMap()["Eic_Muted"]);
        Assert.False(messages[1].GetProperty("attributes").TryGetProperty("Eic_Muted", out _)); // deltas carry only what changed
        Assert.All(messages, m => Assert.Equal(id, m.GetProperty("interactionID").GetString()));
        Assert.Equal("urn:inin.com:interactions:interactionDeallocatedMessage", messages[3].Type());
        Assert.Empty(sim.GetSubscriptions(client.SessionId));
    }

    [Fact]
    public async Task Alerting_watch_reports_calls_that_alert_the_user()
    {
        await using var sim = await Sim.StartAsync();
        using var agent = await WireClient.LoginAsync(sim.BaseAddress);
        using var john = await WireClient.LoginAsync(sim.BaseAddress, "John.Smith", "john-pass");
        await WireClient.ExpectEmptyAsync(await john.PutAsync("messaging/subscriptions/interaction-alerting", """{"attributeNames":["Eic_RemoteName"]}"""), HttpStatusCode.NoContent);
        var first = Assert.Single(await john.PollAsync());
        Assert.False(first.GetProperty("isDelta").GetBoolean());
        Assert.Equal(0, first.GetProperty("alertingInteractionDetails").GetArrayLength());

        var id = await agent.CallAsync("555-0123");
        await agent.ActAsync(id, "blind-transfer", """{"target":"user:John.Smith"}""");
        await john.ActAsync(id, "pickup");
        var messages = await john.PollAsync();

        var details = messages.Select(m => m.GetProperty("alertingInteractionDetails")[0]).ToList();
        Assert.Equal([1, 2], details.Select(d => d.GetProperty("alertAction").GetInt32()).ToArray());
        Assert.All(details, d => Assert.Equal(id, d.GetProperty("interactionId").GetString()));
        Assert.Equal(1, details[0].GetProperty("alertType").GetInt32());
        Assert.Equal("Pat Caller", details[0].GetProperty("name").GetString());
        Assert.Equal("John.Smith", details[0].GetProperty("monitoredQueue").GetProperty("queueName").GetString());
    }

    /// <summary>
    /// The oracle promise: a client that applies snapshot + deltas ends with exactly what <see cref="IcwsSimulator.GetQueue"/>
    /// says, even with timers and generated activity changing interactions concurrently.
    /// </summary>
    [Fact]
    public async Task Applying_queue_messages_reproduces_the_oracle_view()
    {
        await using var sim = await Sim.StartAsync(o =>
        {
            o.CallProgressDelay = TimeSpan.FromMilliseconds(10);
            o.DisconnectLinger = TimeSpan.FromMilliseconds(30);
            o.QueueMessageEmptyArrays = EmptyArrayMode.Alternate;
        });
        using var client = await WireClient.LoginAsync(sim.BaseAddress, "supervisor", "super-pass");
        string[] attributes = ["Eic_State", "Eic_UserName", "Eic_RemoteName", "Eic_CallStateString"];
        await client.PutAsync("messaging/subscriptions/queues/all",
            """{"queueIds":[{"queueType":2,"queueName":"Support"},{"queueType":2,"queueName":"InsideSales"},{"queueType":2,"queueName":"OutsideSales"},{"queueType":1,"queueName":"supervisor"}],"attributeNames":["Eic_State","Eic_UserName","Eic_RemoteName","Eic_CallStateString"]}""");
        var cache = new Dictionary<string, Dictionary<string, string>>();

        sim.StartActivity(TimeSpan.FromMilliseconds(15), seed: 7);
        for (var i = 0; i < 5; i++)
        {
            await client.CallAsync("555-01" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture));
            Apply(cache, await client.PollAsync());
            await Task.Delay(30);
        }
        await sim.StopActivityAsync();
        await Task.Delay(300); // let timers (progress, linger) of the last calls finish
        Apply(cache, await client.PollAsync());

        var oracle = new[] { "Support", "InsideSales", "OutsideSales" }.SelectMany(w => sim.GetQueue(2, w)).Concat(sim.GetQueue(1, "supervisor"))
            .GroupBy(i => i.Id).Select(g => g.First()).ToDictionary(i => i.Id);
        Assert.True(cache.Count >= 5, "the supervisor's own calls stay connected");
        Assert.Equal(oracle.Keys.Order(), cache.Keys.Order());
        foreach (var (id, cached) in cache)
        {
            foreach (var name in attributes.Where(n => oracle[id].Attributes.ContainsKey(n)))
            {
                Assert.Equal(oracle[id][name], cached[name]);
            }
        }
        Assert.True(sim.Counters.MessagesSent > 10);
    }

    private static void Apply(Dictionary<string, Dictionary<string, string>> cache, IEnumerable<JsonElement> messages)
    {
        foreach (var m in messages.Where(m => m.IsQueueContents()))
        {
            if (!m.GetProperty("isDelta").GetBoolean())
            {
                cache.Clear();
            }
            foreach (var a in m.Items("interactionsAdded"))
            {
                cache[a.GetProperty("interactionId").GetString()!] = a.AttributeMap();
            }
            foreach (var c in m.Items("interactionsChanged"))
            {
                var entry = cache[c.GetProperty("interactionId").GetString()!];
                foreach (var (k, v) in c.AttributeMap())
                {
                    entry[k] = v;
                }
            }
            foreach (var r in m.Items("interactionsRemoved"))
            {
                Assert.True(cache.Remove(r.GetString()!), "removed an interaction that was never added");
            }
        }
    }
}
