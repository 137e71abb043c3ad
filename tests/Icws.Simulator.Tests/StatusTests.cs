using Icws.Simulator.Tests.Infrastructure;

namespace Icws.Simulator.Tests;

/// <summary>User statuses: the catalogue, get/set, and the user-status watch over a list of users (reference §3.5).</summary>
public sealed class StatusTests
{
    private const string UserStatusMessage = "urn:inin.com:status:userStatusMessage";

    private static string Watch(params string[] userIds) => $$"""{"userIds":[{{string.Join(",", userIds.Select(u => $"\"{u}\""))}}]}""";

    /// <summary>The <c>userStatusList</c> of one message as (userId, statusId) pairs, in order.</summary>
    private static (string, string)[] Statuses(JsonElement message)
    {
        Assert.Equal(UserStatusMessage, message.Type());
        return message.GetProperty("userStatusList").EnumerateArray()
            .Select(s => (s.GetProperty("userId").GetString()!, s.GetProperty("statusId").GetString()!)).ToArray();
    }

    private static async Task SetStatusAsync(WireClient client, string userId, string json)
    {
        var accepted = await WireClient.ExpectJsonAsync(await client.PutAsync($"status/user-statuses/{userId}", json), HttpStatusCode.Accepted);
        Assert.False(string.IsNullOrEmpty(accepted.GetProperty("requestId").GetString()));
    }

    [Fact]
    public async Task Status_catalogue_lists_every_status_with_all_its_flags()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);

        var body = await WireClient.ExpectJsonAsync(await client.GetAsync("status/status-messages"), HttpStatusCode.OK);
        var list = body.GetProperty("statusMessageList").EnumerateArray().ToDictionary(s => s.GetProperty("statusId").GetString()!);

        Assert.Superset(new HashSet<string> { "Available", "Available, Follow-Me", "Away from desk", "At Lunch", "Do Not Disturb", "Gone Home" }, list.Keys.ToHashSet());
        string[] booleans = ["canHaveDate", "canHaveTime", "isDoNotDisturbStatus", "isSelectableStatus", "isPersistentStatus", "isForwardStatus", "isAfterCallWorkStatus", "isAcdStatus", "isAllowFollowUpStatus"];
        foreach (var status in list.Values)
        {
            Assert.All(booleans, b => Assert.True(status.GetProperty(b).ValueKind is JsonValueKind.True or JsonValueKind.False, b));
            Assert.All(new[] { "messageText", "iconUri", "groupTag", "systemId" }, s => Assert.Equal(JsonValueKind.String, status.GetProperty(s).ValueKind));
        }
        Assert.True(list["Available"].GetProperty("isAcdStatus").GetBoolean());
        Assert.False(list["At Lunch"].GetProperty("isAcdStatus").GetBoolean());
        Assert.True(list["Do Not Disturb"].GetProperty("isDoNotDisturbStatus").GetBoolean());
        Assert.True(list["Available, Follow-Me"].GetProperty("isForwardStatus").GetBoolean());
        Assert.False(list["ACD - Agent Not Answering"].GetProperty("isSelectableStatus").GetBoolean());

        var access = await WireClient.ExpectJsonAsync(await client.GetAsync("status/status-messages-user-access/John.Smith"), HttpStatusCode.OK);
        Assert.Equal("John.Smith", access.GetProperty("userId").GetString());
        var selectable = access.GetProperty("statusMessages").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("At Lunch", selectable);
        Assert.DoesNotContain("ACD - Agent Not Answering", selectable);
        await WireClient.ExpectErrorAsync(await client.GetAsync("status/status-messages-user-access/nobody"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_status_is_read_and_set_with_notes_and_until()
    {
        await using var sim = await Sim.StartAsync();
        using var agent = await WireClient.LoginAsync(sim.BaseAddress);

        var initial = await WireClient.ExpectJsonAsync(await agent.GetAsync("status/user-statuses/agent"), HttpStatusCode.OK);
        Assert.Equal(("agent", "Available"), (initial.GetProperty("userId").GetString(), initial.GetProperty("statusId").GetString()));
        Assert.True(initial.GetProperty("loggedIn").GetBoolean());
        Assert.Equal(["CIC-SIM"], initial.GetProperty("icServers").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(0, initial.GetProperty("stations").GetArrayLength());
        Assert.False(initial.GetProperty("onPhone").GetBoolean());
        Assert.Matches("^[0-9]{8}T[0-9]{6}Z$", initial.GetProperty("statusChanged").GetString());
        Assert.False(initial.TryGetProperty("notes", out _));
        var john = await WireClient.ExpectJsonAsync(await agent.GetAsync("status/user-statuses/john.smith"), HttpStatusCode.OK);
        Assert.Equal("John.Smith", john.GetProperty("userId").GetString());
        Assert.False(john.GetProperty("loggedIn").GetBoolean());
        Assert.Equal(0, john.GetProperty("icServers").GetArrayLength());

        await SetStatusAsync(agent, "agent", """{"statusId":"at lunch","notes":"back at 1","until":{"untilDateTime":"20300131T130000Z","hasDate":false,"hasTime":true}}""");

        var now = await WireClient.ExpectJsonAsync(await agent.GetAsync("status/user-statuses/agent"), HttpStatusCode.OK);
        Assert.Equal("At Lunch", now.GetProperty("statusId").GetString()); // the catalogue's spelling
        Assert.Equal("back at 1", now.GetProperty("notes").GetString());
        var until = now.GetProperty("until");
        Assert.Equal(("20300131T130000Z", false, true), (until.GetProperty("untilDateTime").GetString(), until.GetProperty("hasDate").GetBoolean(), until.GetProperty("hasTime").GetBoolean()));
        Assert.Equal("At Lunch", sim.GetUserStatus("agent"));
        Assert.Equal(1, sim.Counters.UserStatusChanges);
        Assert.Equal(4, sim.Counters.GetRequests("status"));

        // A new status replaces notes and until; null until is accepted.
        await SetStatusAsync(agent, "agent", """{"statusId":"Available","until":null}""");
        var back = await WireClient.ExpectJsonAsync(await agent.GetAsync("status/user-statuses/agent"), HttpStatusCode.OK);
        Assert.Equal("Available", back.GetProperty("statusId").GetString());
        Assert.False(back.TryGetProperty("notes", out _));
        Assert.False(back.TryGetProperty("until", out _));
    }

    [Fact]
    public async Task Bad_status_requests_are_rejected_and_change_nothing()
    {
        await using var sim = await Sim.StartAsync();
        using var agent = await WireClient.LoginAsync(sim.BaseAddress);

        await WireClient.ExpectErrorAsync(await agent.GetAsync("status/user-statuses/nobody"), HttpStatusCode.NotFound, "error", errorId: "error.request.status.userNotFound");
        await WireClient.ExpectErrorAsync(await agent.PutAsync("status/user-statuses/nobody", """{"statusId":"Available"}"""), HttpStatusCode.NotFound, "error");
        await WireClient.ExpectErrorAsync(await agent.PutAsync("status/user-statuses/agent", """{"statusId":"Napping"}"""), HttpStatusCode.BadRequest, "invalidPropertyError", "statusId");
        await WireClient.ExpectErrorAsync(await agent.PutAsync("status/user-statuses/agent", """{"statusId":"ACD - Agent Not Answering"}"""), HttpStatusCode.BadRequest, "invalidPropertyError", "statusId");
        await WireClient.ExpectErrorAsync(await agent.PutAsync("status/user-statuses/agent", """{"notes":"x"}"""), HttpStatusCode.BadRequest, "missingPropertyError", "statusId");
        await WireClient.ExpectErrorAsync(await agent.PutAsync("status/user-statuses/agent", """{"statusId":"At Lunch","until":{"untilDateTime":"tomorrow","hasDate":true,"hasTime":false}}"""), HttpStatusCode.BadRequest, "invalidPropertyError", "until.untilDateTime");
        await WireClient.ExpectErrorAsync(await agent.PutAsync("status/user-statuses/agent", """{"statusId":"At Lunch","until":{"untilDateTime":"20300131T130000Z","hasDate":true}}"""), HttpStatusCode.BadRequest, "missingPropertyError", "until.hasTime");
        await WireClient.ExpectErrorAsync(await agent.PutAsync("status/user-statuses/agent", """{"statusId":true}"""), HttpStatusCode.BadRequest, "invalidPropertyError", "statusId");

        // CSRF is required on every status resource, reads included.
        await WireClient.ExpectErrorAsync(await agent.SendAsync(HttpMethod.Get, "status/user-statuses/agent", csrf: false), HttpStatusCode.Unauthorized, errorId: "error.request.session.csrfTokenInvalid");
        await WireClient.ExpectErrorAsync(await agent.SendAsync(HttpMethod.Put, "status/user-statuses/agent", """{"statusId":"At Lunch"}""", csrf: false), HttpStatusCode.Unauthorized);
        await WireClient.ExpectErrorAsync(await agent.SendAsync(HttpMethod.Put, "messaging/subscriptions/status/user-statuses", Watch("agent"), csrf: false), HttpStatusCode.Unauthorized);

        Assert.Equal("Available", sim.GetUserStatus("agent"));
        Assert.Equal(0, sim.Counters.UserStatusChanges);
        Assert.Empty(sim.GetSubscriptions(agent.SessionId));
    }

    [Fact]
    public async Task Status_watch_starts_with_every_listed_user_then_sends_the_changed_ones()
    {
        await using var sim = await Sim.StartAsync();
        using var supervisor = await WireClient.LoginAsync(sim.BaseAddress, "supervisor", "super-pass");
        using var agent = await WireClient.LoginAsync(sim.BaseAddress);

        await WireClient.ExpectEmptyAsync(await supervisor.PutAsync("messaging/subscriptions/status/user-statuses", Watch("agent", "John.Smith", "AGENT")), HttpStatusCode.OK);
        var snapshot = Assert.Single(await supervisor.PollAsync());
        Assert.False(snapshot.GetProperty("isDelta").GetBoolean());
        Assert.Equal([("agent", "Available"), ("John.Smith", "Available")], Statuses(snapshot));
        Assert.Equal(["user-status:agent", "user-status:John.Smith"], sim.GetSubscriptions(supervisor.SessionId));

        // Another session sets the agent's status: the watcher gets a delta with that user only.
        await SetStatusAsync(agent, "agent", """{"statusId":"Do Not Disturb","notes":"training"}""");
        var delta = Assert.Single(await supervisor.PollAsync());
        Assert.True(delta.GetProperty("isDelta").GetBoolean());
        Assert.Equal([("agent", "Do Not Disturb")], Statuses(delta));
        Assert.Equal("training", delta.GetProperty("userStatusList")[0].GetProperty("notes").GetString());
        Assert.Empty(await agent.PollAsync()); // the agent watches nothing

        // Logging in changes loggedIn; a call changes onPhone.
        using var john = await WireClient.LoginAsync(sim.BaseAddress, "John.Smith", "john-pass");
        var login = Assert.Single(await supervisor.PollAsync());
        Assert.Equal([("John.Smith", "Available")], Statuses(login));
        Assert.True(login.GetProperty("userStatusList")[0].GetProperty("loggedIn").GetBoolean());
        var call = await agent.CallAsync("555-0123");
        var onPhone = Assert.Single(await supervisor.PollAsync());
        Assert.True(Assert.Single(onPhone.GetProperty("userStatusList").EnumerateArray()).GetProperty("onPhone").GetBoolean());
        await agent.ActAsync(call, "disconnect");
        Assert.False(Assert.Single(await supervisor.PollAsync()).GetProperty("userStatusList")[0].GetProperty("onPhone").GetBoolean());

        // A status the simulator's own hook sets reaches the watch the same way; an unwatched user does not.
        sim.SetUserStatus("supervisor", "Gone Home");
        sim.SetUserStatus("John.Smith", "Away from desk");
        Assert.Equal([("John.Smith", "Away from desk")], Statuses(Assert.Single(await supervisor.PollAsync())));
        Assert.Throws<ArgumentException>(() => sim.SetUserStatus("agent", "Napping"));
        Assert.Throws<ArgumentException>(() => sim.SetUserStatus("nobody", "Available"));
    }

    [Fact]
    public async Task Put_replaces_the_list_and_delete_ends_the_watch()
    {
        await using var sim = await Sim.StartAsync();
        using var supervisor = await WireClient.LoginAsync(sim.BaseAddress, "supervisor", "super-pass");
        await supervisor.PutAsync("messaging/subscriptions/status/user-statuses", Watch("agent", "John.Smith"));
        Assert.Single(await supervisor.PollAsync());

        await WireClient.ExpectEmptyAsync(await supervisor.PutAsync("messaging/subscriptions/status/user-statuses", Watch("supervisor")), HttpStatusCode.OK);
        var replaced = Assert.Single(await supervisor.PollAsync());
        Assert.False(replaced.GetProperty("isDelta").GetBoolean());
        Assert.Equal([("supervisor", "Available")], Statuses(replaced));
        sim.SetUserStatus("agent", "At Lunch");
        Assert.Empty(await supervisor.PollAsync()); // no longer watched
        sim.SetUserStatus("supervisor", "In a Meeting");
        Assert.Equal([("supervisor", "In a Meeting")], Statuses(Assert.Single(await supervisor.PollAsync())));

        // An unknown user fails the whole PUT and leaves the watch as it was.
        await WireClient.ExpectErrorAsync(await supervisor.PutAsync("messaging/subscriptions/status/user-statuses", Watch("agent", "nobody")), HttpStatusCode.NotFound);
        Assert.Equal(["user-status:supervisor"], sim.GetSubscriptions(supervisor.SessionId));
        await WireClient.ExpectErrorAsync(await supervisor.PutAsync("messaging/subscriptions/status/user-statuses", """{"userIds":"agent"}"""), HttpStatusCode.BadRequest, "invalidPropertyError", "userIds");
        await WireClient.ExpectErrorAsync(await supervisor.PutAsync("messaging/subscriptions/status/user-statuses", "{}"), HttpStatusCode.BadRequest, "missingPropertyError", "userIds");

        await WireClient.ExpectEmptyAsync(await supervisor.DeleteAsync("messaging/subscriptions/status/user-statuses"), HttpStatusCode.OK);
        Assert.Empty(sim.GetSubscriptions(supervisor.SessionId));
        sim.SetUserStatus("supervisor", "Available");
        Assert.Empty(await supervisor.PollAsync());
        await WireClient.ExpectEmptyAsync(await supervisor.DeleteAsync("messaging/subscriptions/status/user-statuses"), HttpStatusCode.OK); // idempotent
    }

    [Fact]
    public async Task User_status_properties_filter_what_the_watch_sends()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);

        await WireClient.ExpectEmptyAsync(await client.PutAsync("messaging/subscriptions/status/user-statuses", """{"userIds":["agent"],"userStatusProperties":["statusChanged","loggedIn"]}"""), HttpStatusCode.OK);
        var status = Assert.Single(Assert.Single(await client.PollAsync()).GetProperty("userStatusList").EnumerateArray());
        Assert.Equal(["userId", "statusId", "statusChanged", "loggedIn"], status.EnumerateObject().Select(p => p.Name).ToArray());

        // onPhone is filtered out, so a call sends nothing; a status change does.
        await client.CallAsync("555-0123");
        Assert.Empty(await client.PollAsync());
        sim.SetUserStatus("agent", "Follow Up");
        Assert.Equal([("agent", "Follow Up")], Statuses(Assert.Single(await client.PollAsync())));

        await WireClient.ExpectErrorAsync(await client.PutAsync("messaging/subscriptions/status/user-statuses", """{"userIds":["agent"],"userStatusProperties":["mood"]}"""), HttpStatusCode.BadRequest, "invalidPropertyError", "userStatusProperties");
    }

    [Fact]
    public async Task Status_messages_watch_sends_the_catalogue()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);
        var catalogue = await WireClient.ExpectJsonAsync(await client.GetAsync("status/status-messages"), HttpStatusCode.OK);

        await WireClient.ExpectEmptyAsync(await client.PutAsync("messaging/subscriptions/status/status-messages"), HttpStatusCode.OK);
        var message = Assert.Single(await client.PollAsync());
        Assert.Equal("urn:inin.com:status:statusMessagesMessage", message.Type());
        Assert.False(message.GetProperty("isDelta").GetBoolean());
        Assert.Equal(catalogue.GetProperty("statusMessageList").GetRawText(), message.GetProperty("statusMessagesAdded").GetRawText());
        Assert.Equal(["status-messages"], sim.GetSubscriptions(client.SessionId));
        await WireClient.ExpectEmptyAsync(await client.DeleteAsync("messaging/subscriptions/status/status-messages"), HttpStatusCode.OK);
        Assert.Empty(sim.GetSubscriptions(client.SessionId));
    }

    [Fact]
    public async Task A_server_without_the_status_feature_has_no_status_resources()
    {
        await using var sim = await Sim.StartAsync(o => o.FeatureVersions.Remove("status"));
        using var client = await WireClient.LoginAsync(sim.BaseAddress);

        await WireClient.ExpectErrorAsync(await client.GetAsync("status/user-statuses/agent"), HttpStatusCode.NotFound);
        await WireClient.ExpectErrorAsync(await client.PutAsync("messaging/subscriptions/status/user-statuses", Watch("agent")), HttpStatusCode.NotFound);
    }
}
