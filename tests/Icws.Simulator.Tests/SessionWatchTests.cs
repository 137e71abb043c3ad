using Icws.Simulator.Tests.Infrastructure;

namespace Icws.Simulator.Tests;

/// <summary>Server info, licences, the station / history / agent-assistance watches (reference §2.1, §2.5, §2.8, §4.4).</summary>
public sealed class SessionWatchTests
{
    private static async Task<JsonElement> ServerInfoAsync(IcwsSimulator sim, string query = "", string? acceptLanguage = null, HttpStatusCode status = HttpStatusCode.OK)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = sim.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/icws/connection/server-info" + query);
        if (acceptLanguage is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        }
        var response = await http.SendAsync(request);
        return status == HttpStatusCode.OK
            ? await WireClient.ExpectJsonAsync(response, status)
            : await WireClient.ExpectErrorAsync(response, status);
    }

    [Fact]
    public async Task Server_info_needs_no_session_and_answers_languages_and_authentication()
    {
        await using var sim = await Sim.StartAsync();

        var plain = await ServerInfoAsync(sim);
        Assert.Equal("en-US", plain.GetProperty("acceptLanguage").GetString());
        var languages = plain.GetProperty("languages").EnumerateArray()
            .ToDictionary(l => l.GetProperty("languageID").GetString()!, l => l.GetProperty("languageDisplayName").GetString()!);
        Assert.Equal(["en-US", "de-DE", "fr-FR"], languages.Keys.ToArray());
        Assert.Equal("German (Germany)", languages["de-DE"]);
        Assert.True(plain.GetProperty("authentication").GetProperty("allowIcAuth").GetBoolean());
        Assert.False(plain.GetProperty("authentication").TryGetProperty("identityProviders", out _));

        var german = await ServerInfoAsync(sim, acceptLanguage: "fr;q=0.5, de-AT, en;q=0.8");
        Assert.Equal("de-DE", german.GetProperty("acceptLanguage").GetString());
        Assert.Equal("Deutsch (Deutschland)", german.GetProperty("languages")[1].GetProperty("languageDisplayName").GetString());

        var french = await ServerInfoAsync(sim, "?displayLanguage=fr-FR", acceptLanguage: "de");
        Assert.Equal("de-DE", french.GetProperty("acceptLanguage").GetString());
        Assert.Equal("Anglais (États-Unis)", french.GetProperty("languages")[0].GetProperty("languageDisplayName").GetString());

        var sso = await ServerInfoAsync(sim, "?singleSignOnCapabilities=saml2Post,saml2Redirect");
        var provider = Assert.Single(sso.GetProperty("authentication").GetProperty("identityProviders").EnumerateArray());
        Assert.Equal("sim-saml", provider.GetProperty("identityProviderId").GetString());
        Assert.False(provider.GetProperty("builtInIdentityProvider").GetBoolean());
        var ecp = await ServerInfoAsync(sim, "?singleSignOnCapabilities=saml2ECP");
        Assert.Equal(0, ecp.GetProperty("authentication").GetProperty("identityProviders").GetArrayLength());

        await ServerInfoAsync(sim, "?singleSignOnCapabilities=oauth", status: HttpStatusCode.BadRequest);
        await ServerInfoAsync(sim, "?displayLanguage=xx-YY", status: HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Licenses_are_acquired_replaced_released_and_watched()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);

        await WireClient.ExpectEmptyAsync(await client.PutAsync("messaging/subscriptions/licenses", """{"licenseList":["I3_ACCESS_CLIENT","I3_LICENSE_BASIC_STATION","NOT_A_LICENSE"]}"""), HttpStatusCode.OK);
        var snapshot = Assert.Single(await client.PollAsync());
        Assert.Equal("urn:inin.com:licenses:licenseMessage", snapshot.Type());
        Assert.False(snapshot.GetProperty("isDelta").GetBoolean());
        Assert.Equal([("I3_ACCESS_CLIENT", false), ("I3_LICENSE_BASIC_STATION", false), ("NOT_A_LICENSE", false)], Statuses(snapshot));
        Assert.Contains("licenses", sim.GetSubscriptions(client.SessionId));

        var acquired = await WireClient.ExpectJsonAsync(await client.PostAsync("licenses", """{"licenseList":["I3_ACCESS_CLIENT","NOT_A_LICENSE"]}"""), HttpStatusCode.OK);
        var results = acquired.GetProperty("licenseOperationResultList").EnumerateArray().ToList();
        Assert.Equal(("I3_ACCESS_CLIENT", true, 2), (results[0].GetProperty("licenseName").GetString(), results[0].GetProperty("isAvailable").GetBoolean(), results[0].GetProperty("licenseStatus").GetInt32()));
        Assert.Equal(("NOT_A_LICENSE", false, 9), (results[1].GetProperty("licenseName").GetString(), results[1].GetProperty("isAvailable").GetBoolean(), results[1].GetProperty("licenseStatus").GetInt32()));
        var delta = Assert.Single(await client.PollAsync());
        Assert.True(delta.GetProperty("isDelta").GetBoolean());
        Assert.Equal([("I3_ACCESS_CLIENT", true)], Statuses(delta));

        await WireClient.ExpectJsonAsync(await client.PutAsync("licenses", """{"licenseList":["I3_LICENSE_BASIC_STATION"]}"""), HttpStatusCode.OK);
        Assert.Equal([("I3_ACCESS_CLIENT", false), ("I3_LICENSE_BASIC_STATION", true)], Statuses(Assert.Single(await client.PollAsync())));

        await WireClient.ExpectEmptyAsync(await client.DeleteAsync("licenses"), HttpStatusCode.OK);
        Assert.Equal([("I3_LICENSE_BASIC_STATION", false)], Statuses(Assert.Single(await client.PollAsync())));

        await WireClient.ExpectEmptyAsync(await client.DeleteAsync("messaging/subscriptions/licenses"), HttpStatusCode.OK);
        await client.PostAsync("licenses", """{"licenseList":["I3_ACCESS_CLIENT"]}""");
        Assert.Empty(await client.PollAsync());

        await WireClient.ExpectErrorAsync(await client.PostAsync("licenses", """{"licenseList":"I3_ACCESS_CLIENT"}"""), HttpStatusCode.BadRequest, "invalidPropertyError", "licenseList");
        await WireClient.ExpectErrorAsync(await client.PutAsync("messaging/subscriptions/licenses", "{}"), HttpStatusCode.BadRequest, "missingPropertyError", "licenseList");
        await WireClient.ExpectErrorAsync(await client.PutAsync("messaging/subscriptions/licenses", """{"licenseList":[]}"""), HttpStatusCode.BadRequest, "invalidPropertyError", "licenseList");
    }

    private static (string, bool)[] Statuses(JsonElement message) =>
        message.GetProperty("licenseAssignedStatusList").EnumerateArray()
            .Select(s => (s.GetProperty("name").GetString()!, s.GetProperty("isAssigned").GetBoolean())).ToArray();

    [Fact]
    public async Task Station_watch_reports_the_station_and_every_change()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);

        await WireClient.ExpectEmptyAsync(await client.PutAsync("messaging/subscriptions/connection/station"), HttpStatusCode.OK);
        var first = Assert.Single(await client.PollAsync());
        Assert.Equal("urn:inin.com:connection:stationConnectionStateChangeMessage", first.Type());
        Assert.False(first.TryGetProperty("previousStationInfo", out _));
        Assert.Equal(("", 0), (first.GetProperty("newStationInfo").GetProperty("id").GetString(), first.GetProperty("newStationInfo").GetProperty("stationSetting").GetInt32()));

        await client.PutAsync("connection/station", """{"__type":"urn:inin.com:connection:workstationSettings","workstation":"7001","supportedMediaTypes":[1,2]}""");
        var put = Assert.Single(await client.PollAsync());
        Assert.False(put.TryGetProperty("previousStationInfo", out _));
        Assert.Equal(("7001", "7001", 1), (put.GetProperty("newStationInfo").GetProperty("id").GetString(),
            put.GetProperty("newStationInfo").GetProperty("extension").GetString(), put.GetProperty("newStationInfo").GetProperty("stationSetting").GetInt32()));

        await client.PutAsync("connection/station", """{"__type":"urn:inin.com:connection:workstationSettings","workstation":"7001"}""");
        Assert.Empty(await client.PollAsync()); // same station: no change

        await client.PutAsync("connection/station", """{"__type":"urn:inin.com:connection:remoteNumberSettings","remoteNumber":"555-0100","persistentConnection":true}""");
        var remote = Assert.Single(await client.PollAsync());
        Assert.Equal("7001", remote.GetProperty("previousStationInfo").GetProperty("id").GetString());
        Assert.Equal((3, "555-0100"), (remote.GetProperty("newStationInfo").GetProperty("stationSetting").GetInt32(), remote.GetProperty("newStationInfo").GetProperty("remoteNumber").GetString()));

        await WireClient.ExpectEmptyAsync(await client.DeleteAsync("connection/station"), HttpStatusCode.OK);
        var removed = Assert.Single(await client.PollAsync());
        Assert.Equal(3, removed.GetProperty("previousStationInfo").GetProperty("stationSetting").GetInt32());
        Assert.Equal(0, removed.GetProperty("newStationInfo").GetProperty("stationSetting").GetInt32());

        Assert.Contains("station", sim.GetSubscriptions(client.SessionId));
        await WireClient.ExpectEmptyAsync(await client.DeleteAsync("messaging/subscriptions/connection/station"), HttpStatusCode.OK);
        await client.PutAsync("connection/station", """{"__type":"urn:inin.com:connection:workstationSettings","workstation":"7001"}""");
        Assert.Empty(await client.PollAsync());
        Assert.Empty(sim.GetSubscriptions(client.SessionId));
    }

    [Fact]
    public async Task History_watch_lists_ended_calls_then_each_new_one()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);
        using var john = await WireClient.LoginAsync(sim.BaseAddress, "John.Smith", "john-pass");
        var first = await client.CallAsync("555-0123");
        var second = await client.CallAsync("John.Smith");
        await client.ActAsync(first, "disconnect");
        await client.ActAsync(second, "disconnect");
        await john.ActAsync(await john.CallAsync("555-0100"), "disconnect"); // someone else's history

        await WireClient.ExpectEmptyAsync(await client.PutAsync("messaging/subscriptions/interaction-history", "{}"), HttpStatusCode.NoContent);
        var all = Assert.Single(await client.PollAsync());
        Assert.Equal("urn:inin.com:interactions:historyMessage", all.Type());
        Assert.False(all.GetProperty("isDelta").GetBoolean());
        var items = all.GetProperty("interactionHistory").EnumerateArray().ToList();
        Assert.Equal([first, second], items.Select(i => i.GetProperty("interactionId").GetString()!).ToArray());
        var item = items[0];
        Assert.Equal(2, item.GetProperty("direction").GetInt32()); // outgoing
        Assert.Equal(1, item.GetProperty("interactionHistoryStatus").GetInt32()); // connected
        Assert.Equal(("agent", "Alex Agent", "7001"), (item.GetProperty("localId").GetString(), item.GetProperty("localName").GetString(), item.GetProperty("localAddress").GetString()));
        Assert.Equal(("555-0123", "Pat Caller"), (item.GetProperty("remoteAddress").GetString(), item.GetProperty("remoteName").GetString()));
        Assert.Matches("^[0-9]{8}T[0-9]{6}Z$", item.GetProperty("initiationTime").GetString()!);
        Assert.Matches("^[0-9]{8}T[0-9]{6}Z$", item.GetProperty("terminationTime").GetString()!);
        Assert.Equal("John.Smith", items[1].GetProperty("remoteId").GetString());

        await WireClient.ExpectEmptyAsync(await client.PutAsync("messaging/subscriptions/interaction-history", """{"numberOfHistoryMessages":1}"""), HttpStatusCode.NoContent);
        var limited = Assert.Single(await client.PollAsync());
        Assert.Equal(second, Assert.Single(limited.GetProperty("interactionHistory").EnumerateArray()).GetProperty("interactionId").GetString());

        var third = await client.CallAsync("555-0199");
        Assert.Empty(await client.PollAsync()); // still connected: not history yet
        await client.ActAsync(third, "disconnect");
        var delta = Assert.Single(await client.PollAsync());
        Assert.True(delta.GetProperty("isDelta").GetBoolean());
        Assert.Equal(third, Assert.Single(delta.GetProperty("interactionHistory").EnumerateArray()).GetProperty("interactionId").GetString());

        await WireClient.ExpectErrorAsync(await client.PutAsync("messaging/subscriptions/interaction-history", """{"numberOfHistoryMessages":"1"}"""),
            HttpStatusCode.BadRequest, "invalidPropertyError", "numberOfHistoryMessages");
        await WireClient.ExpectEmptyAsync(await client.DeleteAsync("messaging/subscriptions/interaction-history"), HttpStatusCode.NoContent);
        await client.ActAsync(await client.CallAsync("555-0100"), "disconnect");
        Assert.Empty(await client.PollAsync());
    }

    [Fact]
    public async Task Agent_assistance_watches_follow_requests_from_creation_to_completion()
    {
        await using var sim = await Sim.StartAsync();
        using var agent = await WireClient.LoginAsync(sim.BaseAddress);
        using var supervisor = await WireClient.LoginAsync(sim.BaseAddress, "supervisor", "super-pass");
        var call = await agent.CallAsync("555-0123");

        await WireClient.ExpectEmptyAsync(await supervisor.PutAsync("messaging/subscriptions/interactions/agent-assistance"), HttpStatusCode.OK);
        var empty = Assert.Single(await supervisor.PollAsync());
        Assert.Equal("urn:inin.com:interactions.assistance:assistanceRequestListMessage", empty.Type());
        Assert.Equal(0, empty.GetProperty("requestsAdded").GetArrayLength());

        var created = await WireClient.ExpectJsonAsync(await agent.PostAsync($"interactions/{call}/agent-assistance", """{"text":"Caller wants a refund"}"""), HttpStatusCode.Created);
        var id = created.GetProperty("assistanceId").GetString()!;
        var added = Assert.Single(await supervisor.PollAsync());
        Assert.True(added.GetProperty("isDelta").GetBoolean());
        var request = Assert.Single(added.GetProperty("requestsAdded").EnumerateArray());
        Assert.Equal((id, call, "agent"), (request.GetProperty("assistanceId").GetString(), request.GetProperty("interactionId").GetString(), request.GetProperty("userId").GetString()));

        await WireClient.ExpectEmptyAsync(await supervisor.PutAsync($"messaging/subscriptions/interactions/agent-assistance/{id}"), HttpStatusCode.OK);
        var details = Assert.Single(await supervisor.PollAsync());
        Assert.Equal("urn:inin.com:interactions.assistance:assistanceRequestDetailsMessage", details.Type());
        Assert.False(details.GetProperty("isDelta").GetBoolean());
        Assert.Equal("Caller wants a refund", Assert.Single(details.GetProperty("messagesAdded").EnumerateArray()).GetProperty("text").GetString());

        await WireClient.ExpectEmptyAsync(await supervisor.PostAsync($"interactions/agent-assistance/{id}", """{"text":"Offer 10%"}"""), HttpStatusCode.OK);
        var reply = Assert.Single(await supervisor.PollAsync());
        var line = Assert.Single(reply.GetProperty("messagesAdded").EnumerateArray());
        Assert.Equal(("Offer 10%", "supervisor"), (line.GetProperty("text").GetString(), line.GetProperty("userId").GetString()));

        await WireClient.ExpectEmptyAsync(await agent.DeleteAsync($"interactions/agent-assistance/{id}"), HttpStatusCode.OK);
        var end = await supervisor.PollAsync();
        Assert.Equal(id, Assert.Single(end.Single(m => m.Type().EndsWith("assistanceRequestListMessage", StringComparison.Ordinal)).GetProperty("requestsRemoved").EnumerateArray()).GetString());
        var state = end.Single(m => m.Type() == "urn:inin.com:interactions.assistance:assistanceRequestSubscriptionStateMessage");
        Assert.Equal((id, 0), (state.GetProperty("assistanceId").GetString(), state.GetProperty("state").GetInt32()));
        Assert.Equal(["assistance"], sim.GetSubscriptions(supervisor.SessionId));

        await WireClient.ExpectErrorAsync(await supervisor.PutAsync($"messaging/subscriptions/interactions/agent-assistance/{id}"), HttpStatusCode.NotFound);
        await WireClient.ExpectEmptyAsync(await supervisor.DeleteAsync("messaging/subscriptions/interactions/agent-assistance"), HttpStatusCode.OK);
        await WireClient.ExpectErrorAsync(await agent.PostAsync($"interactions/{call}/agent-assistance", """{"text":1}"""), HttpStatusCode.BadRequest, "invalidPropertyError", "text");
        Assert.Empty(sim.GetSubscriptions(supervisor.SessionId));
    }
}
