using Icws.Simulator.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Icws.Simulator.Tests;

/// <summary>The statistic-values watch over a list of queue statistic keys, driven by the queue activity (reference §3.6).</summary>
public sealed class StatisticsTests(ITestOutputHelper output)
{
    private const string Path = "messaging/subscriptions/statistics/statistic-values";
    private const string ValueMessage = "urn:inin.com:statistics:statisticValueMessage";
    private const string Workgroup = "ININ.People.WorkgroupStats:Workgroup";

    private static string Key(string statistic, string workgroup, string? interval = null) =>
        $$"""{"statisticIdentifier":"inin.workgroup:{{statistic}}","parameterValueItems":[{"parameterTypeId":"{{Workgroup}}","value":"{{workgroup}}"}{{(interval is null ? "" : $$""",{"parameterTypeId":"ININ.Queue:Interval","value":"{{interval}}"}""")}}]}""";

    private static string Keys(params string[] keys) => $$"""{"statisticKeys":[{{string.Join(",", keys)}}]}""";

    private static readonly string[] SupportKeys =
    [
        Key("InteractionsWaiting", "Support"), Key("LongestWaitTime", "Support"), Key("TotalAgents", "Support"),
        Key("NumberAvailableForACDInteractions", "Support"), Key("PercentAvailable", "Support"),
        Key("InteractionsEntered", "Support", "CurrentPeriod"), Key("AverageWaitTime", "Support", "CurrentPeriod"),
    ];

    /// <summary>The changes of one statistics message by statistic name (the part after <c>inin.workgroup:</c>), in order.</summary>
    private static List<(string Name, JsonElement Value)> Changes(JsonElement message)
    {
        Assert.Equal(ValueMessage, message.Type());
        return message.GetProperty("statisticValueChanges").EnumerateArray()
            .Select(c => (c.GetProperty("statisticKey").GetProperty("statisticIdentifier").GetString()!.Split(':')[1], c.GetProperty("statisticValue")))
            .ToList();
    }

    private static JsonElement Value(JsonElement message, string name) => Changes(message).Single(c => c.Name == name).Value;

    /// <summary>Asserts the derived value's <c>__type</c> and <c>statisticValueType</c> and returns its <c>value</c>.</summary>
    private static JsonElement Typed(JsonElement value, string kind, int valueType)
    {
        Assert.Equal($"urn:inin.com:statistics:statistic{kind}Value", value.GetProperty("__type").GetString());
        Assert.Equal(valueType, value.GetProperty("statisticValueType").GetInt32());
        return value.GetProperty("value");
    }

    [Fact]
    public async Task Watch_starts_with_every_key_then_follows_calls_entering_and_leaving_the_queue()
    {
        await using var sim = await Sim.StartAsync();
        using var supervisor = await WireClient.LoginAsync(sim.BaseAddress, "supervisor", "super-pass");
        using var john = await WireClient.LoginAsync(sim.BaseAddress, "John.Smith", "john-pass");

        await WireClient.ExpectEmptyAsync(await supervisor.PutAsync(Path, Keys(SupportKeys)), HttpStatusCode.OK);
        var snapshot = Assert.Single(await supervisor.PollAsync());
        Assert.False(snapshot.GetProperty("isDelta").GetBoolean());
        Assert.Equal(["InteractionsWaiting", "LongestWaitTime", "TotalAgents", "NumberAvailableForACDInteractions", "PercentAvailable", "InteractionsEntered", "AverageWaitTime"],
            Changes(snapshot).Select(c => c.Name).ToArray());
        // Keys come back as sent: identifier and parameters in the client's order.
        var firstKey = snapshot.GetProperty("statisticValueChanges")[5].GetProperty("statisticKey");
        Assert.Equal(JsonDocument.Parse(SupportKeys[5]).RootElement.GetRawText(), firstKey.GetRawText());
        Assert.Equal(0, Typed(Value(snapshot, "InteractionsWaiting"), "Int", 0).GetInt32());
        Assert.Equal(JsonValueKind.Null, Value(snapshot, "LongestWaitTime").ValueKind);
        Assert.Equal(3, Typed(Value(snapshot, "TotalAgents"), "Int", 0).GetInt32());
        Assert.Equal(3, Typed(Value(snapshot, "NumberAvailableForACDInteractions"), "Int", 0).GetInt32());
        Assert.Equal(100.0, Typed(Value(snapshot, "PercentAvailable"), "Percent", 9).GetDouble());
        Assert.Equal(0, Typed(Value(snapshot, "InteractionsEntered"), "Int", 0).GetInt32());
        Assert.Equal(JsonValueKind.Null, Value(snapshot, "AverageWaitTime").ValueKind);
        Assert.Equal(SupportKeys.Length, sim.GetSubscriptions(supervisor.SessionId).Count(s => s.StartsWith("statistic:inin.workgroup:", StringComparison.Ordinal)));
        Assert.Contains("statistic:inin.workgroup:InteractionsEntered[Support,CurrentPeriod]", sim.GetSubscriptions(supervisor.SessionId));

        // A caller rings Support: waiting, longest wait and entered change; nothing else is sent.
        var first = sim.AddIncomingCall("Support", "Ada Caller", "555-0100");
        var arrived = Assert.Single(await supervisor.PollAsync());
        Assert.True(arrived.GetProperty("isDelta").GetBoolean());
        Assert.Equal(["InteractionsWaiting", "LongestWaitTime", "InteractionsEntered"], Changes(arrived).Select(c => c.Name).ToArray());
        Assert.Equal(1, Typed(Value(arrived, "InteractionsWaiting"), "Int", 0).GetInt32());
        var longest = Typed(Value(arrived, "LongestWaitTime"), "TimeDuration", 5).GetString();
        Assert.Equal(sim.GetInteraction(first)!["Eic_WorkgroupQueueTimestamp"], longest);

        var second = sim.AddIncomingCall("Support", "Bo Caller", "555-0101");
        var next = Assert.Single(await supervisor.PollAsync());
        Assert.Equal(2, Typed(Value(next, "InteractionsWaiting"), "Int", 0).GetInt32());
        Assert.Equal(2, Typed(Value(next, "InteractionsEntered"), "Int", 0).GetInt32());
        Assert.DoesNotContain(Changes(next), c => c.Name == "LongestWaitTime"); // the first call still waits longest

        // Another workgroup's call does not touch Support's statistics.
        sim.AddIncomingCall("InsideSales", "Cy Caller", "555-0102");
        Assert.Empty(await supervisor.PollAsync());

        // John picks the first call up: one fewer waiting, and a finished wait gives the average (a duration in seconds).
        await john.ActAsync(first, "pickup");
        var picked = Assert.Single(await supervisor.PollAsync());
        Assert.Equal(1, Typed(Value(picked, "InteractionsWaiting"), "Int", 0).GetInt32());
        var average = Typed(Value(picked, "AverageWaitTime"), "Duration", 6);
        Assert.Equal(JsonValueKind.Number, average.ValueKind);
        Assert.InRange(average.GetDouble(), 0, 30);

        // The second caller is disconnected while waiting: the queue is empty again and longest wait has no value.
        await john.ActAsync(second, "disconnect");
        var empty = await supervisor.PollAsync();
        var last = empty.Last();
        Assert.Equal(0, Typed(Value(last, "InteractionsWaiting"), "Int", 0).GetInt32());
        Assert.Equal(JsonValueKind.Null, Value(last, "LongestWaitTime").ValueKind);
        Assert.Equal(2, Typed(Value(await SnapshotAsync(supervisor), "InteractionsEntered"), "Int", 0).GetInt32());
    }

    private static async Task<JsonElement> SnapshotAsync(WireClient client)
    {
        await WireClient.ExpectEmptyAsync(await client.PutAsync(Path, Keys(SupportKeys)), HttpStatusCode.OK);
        var snapshot = Assert.Single(await client.PollAsync());
        Assert.False(snapshot.GetProperty("isDelta").GetBoolean());
        return snapshot;
    }

    [Fact]
    public async Task Status_changes_move_the_availability_statistics()
    {
        await using var sim = await Sim.StartAsync();
        using var supervisor = await WireClient.LoginAsync(sim.BaseAddress, "supervisor", "super-pass");
        using var john = await WireClient.LoginAsync(sim.BaseAddress, "John.Smith", "john-pass");
        await supervisor.PutAsync(Path, Keys(Key("NumberAvailableForACDInteractions", "Support"), Key("PercentAvailable", "Support"), Key("NumberAvailableForACDInteractions", "OutsideSales")));
        Assert.Single(await supervisor.PollAsync());

        await WireClient.ExpectJsonAsync(await john.PutAsync("status/user-statuses/John.Smith", """{"statusId":"At Lunch"}"""), HttpStatusCode.Accepted);
        var delta = Assert.Single(await supervisor.PollAsync());
        var changes = Changes(delta);
        Assert.Equal(3, changes.Count);
        Assert.Equal(2, Typed(changes[0].Value, "Int", 0).GetInt32());
        Assert.Equal(66.67, Typed(changes[1].Value, "Percent", 9).GetDouble());
        Assert.Equal(1, Typed(changes[2].Value, "Int", 0).GetInt32()); // OutsideSales: John and the supervisor

        sim.SetUserStatus("John.Smith", "Available, Follow-Me"); // an ACD status too
        Assert.Equal(3, Typed(Changes(Assert.Single(await supervisor.PollAsync()))[0].Value, "Int", 0).GetInt32());
        sim.SetUserStatus("John.Smith", "Available");
        Assert.Empty(await supervisor.PollAsync()); // still available: no change, no message
    }

    [Fact]
    public async Task Keys_it_cannot_serve_get_error_values()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);

        await WireClient.ExpectEmptyAsync(await client.PutAsync(Path, Keys(
            Key("NoSuchStatistic", "Support"),
            Key("InteractionsWaiting", "NoSuchWorkgroup"),
            """{"statisticIdentifier":"inin.workgroup:InteractionsWaiting","parameterValueItems":[]}""",
            Key("InteractionsEntered", "Support"),
            Key("InteractionsEntered", "Support", "LastYear"),
            Key("InteractionsWaiting", "Support", "CurrentPeriod"))), HttpStatusCode.OK);

        var values = Changes(Assert.Single(await client.PollAsync())).Select(c => Typed(c.Value, "Error", 12).GetInt32()).ToArray();
        Assert.Equal([2, 2, 1, 1, 2, 1], values); // 1 malformed key, 2 unknown key
    }

    [Fact]
    public async Task Put_replaces_the_keys_delete_ends_the_watch_and_bad_bodies_are_rejected()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);
        await client.PutAsync(Path, Keys(Key("InteractionsWaiting", "Support")));
        Assert.Single(await client.PollAsync());

        // The second PUT replaces the list (a duplicate key counts once): a full message with the new keys only.
        await WireClient.ExpectEmptyAsync(await client.PutAsync(Path, Keys(Key("InteractionsWaiting", "InsideSales"), Key("interactionswaiting", "insidesales"))), HttpStatusCode.OK);
        var replaced = Assert.Single(await client.PollAsync());
        Assert.False(replaced.GetProperty("isDelta").GetBoolean());
        var only = Assert.Single(replaced.GetProperty("statisticValueChanges").EnumerateArray());
        Assert.Equal("InsideSales", only.GetProperty("statisticKey").GetProperty("parameterValueItems")[0].GetProperty("value").GetString());
        sim.AddIncomingCall("Support", "Ada Caller", "555-0100");
        Assert.Empty(await client.PollAsync());
        sim.AddIncomingCall("InsideSales", "Bo Caller", "555-0101");
        Assert.Equal(1, Typed(Value(Assert.Single(await client.PollAsync()), "InteractionsWaiting"), "Int", 0).GetInt32());

        await WireClient.ExpectErrorAsync(await client.PutAsync(Path, "{}"), HttpStatusCode.BadRequest, "missingPropertyError", "statisticKeys");
        await WireClient.ExpectErrorAsync(await client.PutAsync(Path, """{"statisticKeys":[{"parameterValueItems":[]}]}"""), HttpStatusCode.BadRequest, "missingPropertyError", "statisticKeys[0].statisticIdentifier");
        await WireClient.ExpectErrorAsync(await client.PutAsync(Path, """{"statisticKeys":[{"statisticIdentifier":"x","parameterValueItems":[{"value":"Support"}]}]}"""), HttpStatusCode.BadRequest, "missingPropertyError", "statisticKeys[0].parameterValueItems[0].parameterTypeId");
        await WireClient.ExpectErrorAsync(await client.PutAsync(Path, """{"statisticKeys":["x"]}"""), HttpStatusCode.BadRequest, "invalidPropertyError", "statisticKeys[0]");
        await WireClient.ExpectErrorAsync(await client.SendAsync(HttpMethod.Put, Path, Keys(Key("InteractionsWaiting", "Support")), csrf: false), HttpStatusCode.Unauthorized);
        Assert.Equal(["statistic:inin.workgroup:InteractionsWaiting[InsideSales]"], sim.GetSubscriptions(client.SessionId)); // failed PUTs changed nothing
        Assert.Equal(7, sim.Counters.GetRequests("subscriptions"));

        await WireClient.ExpectEmptyAsync(await client.DeleteAsync(Path), HttpStatusCode.OK);
        Assert.Empty(sim.GetSubscriptions(client.SessionId));
        sim.AddIncomingCall("InsideSales", "Cy Caller", "555-0102");
        Assert.Empty(await client.PollAsync());
    }

    [Fact]
    public async Task Simulated_activity_changes_statuses_and_queue_statistics()
    {
        foreach (var seed in new[] { 11, Random.Shared.Next() })
        {
            output.WriteLine($"activity seed {seed}");
            await using var sim = await Sim.StartAsync(o =>
            {
                o.ActivityStatusChangeRate = 1;
                o.DisconnectLinger = TimeSpan.FromMilliseconds(10);
            });
            using var supervisor = await WireClient.LoginAsync(sim.BaseAddress, "supervisor", "super-pass");
            await supervisor.PutAsync("messaging/subscriptions/status/user-statuses", """{"userIds":["agent","John.Smith","supervisor"]}""");
            await supervisor.PutAsync(Path, Keys(Key("InteractionsWaiting", "Support"), Key("InteractionsWaiting", "InsideSales"), Key("InteractionsWaiting", "OutsideSales")));
            Assert.Equal(2, (await supervisor.PollAsync()).Count);

            sim.StartActivity(TimeSpan.FromMilliseconds(20), seed);
            var seen = new List<JsonElement>();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (DateTime.UtcNow < deadline && !(seen.Any(IsStatusDelta) && seen.Any(IsWaitingIncrease)))
            {
                seen.AddRange(await supervisor.PollAsync());
                await Task.Delay(20);
            }
            await sim.StopActivityAsync();

            Assert.True(seen.Any(IsStatusDelta), "no status change of the activity arrived");
            Assert.True(seen.Any(IsWaitingIncrease), "no call of the activity showed in InteractionsWaiting");
            Assert.True(sim.Counters.UserStatusChanges > 0);
        }

        static bool IsStatusDelta(JsonElement m) =>
            m.Type() == "urn:inin.com:status:userStatusMessage" && m.GetProperty("isDelta").GetBoolean()
            && m.GetProperty("userStatusList").EnumerateArray().Any(u => u.GetProperty("statusId").GetString() != "Available");

        static bool IsWaitingIncrease(JsonElement m) =>
            m.Type() == ValueMessage && m.GetProperty("isDelta").GetBoolean()
            && Changes(m).Any(c => c.Value.ValueKind == JsonValueKind.Object && c.Value.GetProperty("value").GetInt32() > 0);
    }
}
