using Icws.Simulator.Tests.Infrastructure;

namespace Icws.Simulator.Tests;

/// <summary>Fault injection: switchover and 503 alternate hosts (reference §2.4), expiry, raw messages, failures, delays.</summary>
public sealed class FaultTests
{
    [Fact]
    public async Task Backup_server_redirects_until_a_switchover_then_the_old_primary_does()
    {
        await using var sim = await Sim.StartAsync();
        var primary = sim.Servers[0];
        var backup = sim.Servers[1];
        using var atBackup = WireClient.Anonymous(backup);
        var refused = await WireClient.ExpectJsonAsync(await atBackup.PostLoginAsync(WireClient.LoginJson("agent", "agent-pass")), HttpStatusCode.ServiceUnavailable);
        Assert.Equal([primary.Authority], refused.GetProperty("alternateHostList").EnumerateArray().Select(e => e.GetString()!).ToArray());
        using var session = await WireClient.LoginAsync(primary);

        sim.Faults.Switchover();

        Assert.Equal(backup, sim.ActiveServer);
        using var atPrimary = WireClient.Anonymous(primary);
        var body = await WireClient.ExpectJsonAsync(await atPrimary.PostLoginAsync(WireClient.LoginJson("agent", "agent-pass")), HttpStatusCode.ServiceUnavailable);
        Assert.Equal([backup.Authority], body.GetProperty("alternateHostList").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await session.GetAsync("connection")).StatusCode);
        Assert.Empty(sim.ActiveSessionIds);

        using var moved = await WireClient.LoginAsync(backup);
        Assert.Equal([primary.Authority], moved.LoginBody.GetProperty("alternateHostList").EnumerateArray().Select(e => e.GetString()!).ToArray());
        sim.Faults.Switchover(); // and back
        Assert.Equal(primary, sim.ActiveServer);
        Assert.Equal(2, sim.Counters.GetFaults("switchover"));
    }

    [Fact]
    public async Task Switchover_invalidates_sessions_on_the_new_server_too()
    {
        await using var sim = await Sim.StartAsync(o => o.BackupServerCount = 2);
        using var session = await WireClient.LoginAsync(sim.BaseAddress);
        Assert.Equal(3, sim.Servers.Count);

        sim.Faults.SwitchTo(2);

        using var raw = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = sim.Servers[2] };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/icws/{session.SessionId}/connection");
        request.Headers.TryAddWithoutValidation("ININ-ICWS-CSRF-Token", session.Csrf);
        request.Headers.TryAddWithoutValidation("Cookie", session.Cookie);
        await WireClient.ExpectErrorAsync(await raw.SendAsync(request), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RejectLogins503_refuses_the_next_logins_with_alternate_hosts()
    {
        await using var sim = await Sim.StartAsync();
        using var client = WireClient.Anonymous(sim.BaseAddress);
        sim.Faults.RejectLogins503(2);

        for (var i = 0; i < 2; i++)
        {
            var body = await WireClient.ExpectJsonAsync(await client.PostLoginAsync(WireClient.LoginJson("agent", "agent-pass")), HttpStatusCode.ServiceUnavailable);
            Assert.Equal([sim.Servers[1].Authority], body.GetProperty("alternateHostList").EnumerateArray().Select(e => e.GetString()!).ToArray());
        }
        await WireClient.ExpectJsonAsync(await client.PostLoginAsync(WireClient.LoginJson("agent", "agent-pass")), HttpStatusCode.Created);
        Assert.Equal(2, sim.Counters.GetFaults("reject-login-503"));
    }

    [Fact]
    public async Task Expired_sessions_get_401_with_www_authenticate()
    {
        await using var sim = await Sim.StartAsync();
        using var a = await WireClient.LoginAsync(sim.BaseAddress);
        using var b = await WireClient.LoginAsync(sim.BaseAddress);

        Assert.True(sim.Faults.ExpireSession(a.SessionId));

        var response = await a.GetAsync("connection");
        await WireClient.ExpectErrorAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("ICWS", response.Headers.WwwAuthenticate.ToString());
        await WireClient.ExpectJsonAsync(await b.GetAsync("connection"), HttpStatusCode.OK);
        sim.Faults.ExpireAllSessions();
        await WireClient.ExpectErrorAsync(await b.SendAsync(HttpMethod.Get, "messaging/messages", csrf: false), HttpStatusCode.Unauthorized);
        Assert.False(sim.Faults.ExpireSession("42"));
    }

    [Fact]
    public async Task Idle_sessions_expire()
    {
        await using var sim = await Sim.StartAsync(o => o.SessionIdleTimeout = TimeSpan.FromMilliseconds(200));
        using var client = await WireClient.LoginAsync(sim.BaseAddress);

        await Task.Delay(700);

        await WireClient.ExpectErrorAsync(await client.GetAsync("connection"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Injected_raw_messages_arrive_verbatim_by_polling()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);
        using var other = await WireClient.LoginAsync(sim.BaseAddress);

        sim.Faults.InjectRawMessage(client.SessionId, """{"__type":"urn:inin.com:future:somethingNewMessage","isDelta":false,"x":1}""");
        var messages = await client.PollAsync();
        Assert.Equal("urn:inin.com:future:somethingNewMessage", Assert.Single(messages).Type());
        Assert.Empty(await other.PollAsync());

        sim.Faults.InjectRawMessage(null, "{\"__type\": broken");
        var response = await client.SendAsync(HttpMethod.Get, "messaging/messages", csrf: false);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("[{\"__type\": broken]", text);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text));
        Assert.Equal("[{\"__type\": broken]", await (await other.SendAsync(HttpMethod.Get, "messaging/messages", csrf: false)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task FailNextRequests_fails_matching_requests_then_recovers()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);
        sim.Faults.FailNextRequests(500, 2, "/interactions");

        await WireClient.ExpectJsonAsync(await client.GetAsync("connection"), HttpStatusCode.OK);
        await WireClient.ExpectErrorAsync(await client.PostAsync("interactions", """{"__type":"urn:inin.com:interactions:createCallParameters","target":"555-0123"}"""), HttpStatusCode.InternalServerError);
        await WireClient.ExpectErrorAsync(await client.PostAsync("interactions", """{"__type":"urn:inin.com:interactions:createCallParameters","target":"555-0123"}"""), HttpStatusCode.InternalServerError);
        await client.CallAsync("555-0123");

        sim.Faults.FailNextRequests(401, 1);
        var unauthorized = await client.GetAsync("connection");
        await WireClient.ExpectErrorAsync(unauthorized, HttpStatusCode.Unauthorized);
        Assert.NotEmpty(unauthorized.Headers.WwwAuthenticate);
        Assert.Equal(3, sim.Counters.GetFaults("fail-request"));
        Assert.Single(sim.GetQueue(1, "agent"));
    }

    [Fact]
    public async Task Response_delay_slows_every_answer()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);
        sim.Faults.ResponseDelay = TimeSpan.FromMilliseconds(300);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        await client.PollAsync();

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(250), watch.Elapsed.ToString());
        Assert.True(sim.Counters.GetRequests("messages") >= 1);
        Assert.True(sim.Counters.GetRequests("login") >= 1);
    }
}
