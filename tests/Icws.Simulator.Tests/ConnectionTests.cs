using Icws.Simulator.Tests.Infrastructure;

namespace Icws.Simulator.Tests;

/// <summary>Login, session authentication and the connection resources (reference §1, §2).</summary>
public sealed class ConnectionTests
{
    [Fact]
    public async Task Login_returns_201_with_session_headers_cookie_and_body()
    {
        await using var sim = await Sim.StartAsync();
        using var client = WireClient.Anonymous(sim.BaseAddress);

        var response = await client.PostLoginAsync(WireClient.LoginJson("agent", "agent-pass"), "?include=version,features,server-time");

        var body = await WireClient.ExpectJsonAsync(response, HttpStatusCode.Created);
        var sessionId = response.Headers.GetValues("ININ-ICWS-Session-ID").Single();
        var csrf = response.Headers.GetValues("ININ-ICWS-CSRF-Token").Single();
        Assert.Matches("^[0-9]+$", sessionId);
        Assert.Equal(sessionId, body.GetProperty("sessionId").GetString());
        Assert.Equal(csrf, body.GetProperty("csrfToken").GetString());
        Assert.Equal($"/icws/{sessionId}/connection", response.Headers.Location?.OriginalString);
        var cookie = response.Headers.GetValues("Set-Cookie").Single();
        Assert.Matches($"^icws_{sessionId}=[0-9a-f-]{{36}}; Path=/icws/{sessionId}; HttpOnly$", cookie);
        Assert.Equal("agent", body.GetProperty("userID").GetString());
        Assert.Equal("Alex Agent", body.GetProperty("userDisplayName").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("icServer").GetString()));
        Assert.Equal([sim.Servers[1].Authority], body.GetProperty("alternateHostList").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal("22", body.GetProperty("version").GetProperty("majorVersion").GetString());
        Assert.Contains(body.GetProperty("features").EnumerateArray(), f => f.GetProperty("featureId").GetString() == "messaging" && f.GetProperty("version").GetInt32() == 2);
        Assert.Matches("^[0-9]{8}T[0-9]{6}Z$", body.GetProperty("serverTimeInfo").GetProperty("serverUtcTime").GetString()!);
        Assert.Contains(sessionId, sim.ActiveSessionIds);
    }

    [Fact]
    public async Task Each_session_gets_its_own_cookie_and_csrf_token()
    {
        await using var sim = await Sim.StartAsync();
        using var a = await WireClient.LoginAsync(sim.BaseAddress);
        using var b = await WireClient.LoginAsync(sim.BaseAddress, "John.Smith", "john-pass");

        Assert.NotEqual(a.SessionId, b.SessionId);
        Assert.NotEqual(a.Csrf, b.Csrf);
        Assert.NotEqual(a.Cookie.Split('=')[1], b.Cookie.Split('=')[1]);
        Assert.DoesNotContain(a.LoginBody.EnumerateObject(), p => p.Name is "version" or "features");
    }

    [Fact]
    public async Task Login_rejects_missing_accept_language_wrong_password_and_bad_type()
    {
        await using var sim = await Sim.StartAsync();
        using var client = WireClient.Anonymous(sim.BaseAddress);

        await WireClient.ExpectErrorAsync(await client.PostLoginAsync(WireClient.LoginJson("agent", "agent-pass"), acceptLanguage: false), HttpStatusCode.BadRequest);
        await WireClient.ExpectErrorAsync(await client.PostLoginAsync(WireClient.LoginJson("agent", "nope")), HttpStatusCode.BadRequest,
            errorId: "error.request.connection.authenticationFailure");
        await WireClient.ExpectErrorAsync(await client.PostLoginAsync(WireClient.LoginJson("nobody", "agent-pass")), HttpStatusCode.BadRequest,
            errorId: "error.request.connection.authenticationFailure");
        await WireClient.ExpectErrorAsync(await client.PostLoginAsync("""{"userID":"agent","password":"agent-pass","applicationName":"x"}"""),
            HttpStatusCode.BadRequest, "missingPropertyError", "__type");
        await WireClient.ExpectErrorAsync(await client.PostLoginAsync("""{"__type":"urn:inin.com:connection:icAuthConnectionRequestSettings","userID":"agent","password":"agent-pass"}"""),
            HttpStatusCode.BadRequest, "missingPropertyError", "applicationName");
        Assert.Equal(2, sim.Counters.LoginFailures);
        Assert.Empty(sim.ActiveSessionIds);
    }

    [Fact]
    public async Task Login_accepts_type_last_and_any_case_user_id()
    {
        await using var sim = await Sim.StartAsync();
        using var client = WireClient.Anonymous(sim.BaseAddress);
        var json = """{"userID":"AGENT","password":"agent-pass","applicationName":"x","__type":"urn:inin.com:connection:icAuthConnectionRequestSettings"}""";

        var response = await client.PostLoginAsync(json);

        var body = await WireClient.ExpectJsonAsync(response, HttpStatusCode.Created);
        Assert.Equal("agent", body.GetProperty("userID").GetString());
    }

    [Fact]
    public async Task Legacy_errors_leave_out_errorId()
    {
        await using var sim = await Sim.StartAsync(o => o.LegacyErrors = true);
        using var client = WireClient.Anonymous(sim.BaseAddress);

        var body = await WireClient.ExpectErrorAsync(await client.PostLoginAsync(WireClient.LoginJson("agent", "nope")), HttpStatusCode.BadRequest);

        Assert.False(body.TryGetProperty("errorId", out _));
    }

    [Fact]
    public async Task Session_calls_need_cookie_and_csrf_but_messages_need_only_the_cookie()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);

        var noCsrf = await client.SendAsync(HttpMethod.Get, "connection", csrf: false);
        await WireClient.ExpectErrorAsync(noCsrf, HttpStatusCode.Unauthorized);
        Assert.Equal("ICWS realm=\"ICWS\" location=\"/ICWS/connection\"", noCsrf.Headers.WwwAuthenticate.ToString());
        await WireClient.ExpectErrorAsync(await client.SendAsync(HttpMethod.Get, "connection", cookie: false), HttpStatusCode.Unauthorized);
        await WireClient.ExpectErrorAsync(await client.SendAsync(HttpMethod.Get, "messaging/messages", csrf: true, cookie: false), HttpStatusCode.Unauthorized);

        var ok = await WireClient.ExpectJsonAsync(await client.GetAsync("connection"), HttpStatusCode.OK);
        Assert.Equal(1, ok.GetProperty("connectionState").GetInt32());
        Assert.Empty(await client.PollAsync()); // no CSRF header on this one
    }

    [Fact]
    public async Task Another_sessions_cookie_or_an_unknown_session_gives_401()
    {
        await using var sim = await Sim.StartAsync();
        using var a = await WireClient.LoginAsync(sim.BaseAddress);
        using var b = await WireClient.LoginAsync(sim.BaseAddress);
        using var raw = WireClient.Anonymous(sim.BaseAddress);

        using var crossed = new HttpRequestMessage(HttpMethod.Get, $"/icws/{a.SessionId}/connection");
        crossed.Headers.TryAddWithoutValidation("ININ-ICWS-CSRF-Token", a.Csrf);
        crossed.Headers.TryAddWithoutValidation("Cookie", $"icws_{a.SessionId}={b.Cookie.Split('=')[1]}");
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = sim.BaseAddress };
        await WireClient.ExpectErrorAsync(await http.SendAsync(crossed), HttpStatusCode.Unauthorized);
        await WireClient.ExpectErrorAsync(await raw.RawAsync(HttpMethod.Get, "/icws/123/connection"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Logout_ends_the_session_and_its_watches()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);
        await WireClient.ExpectEmptyAsync(await client.PutAsync("messaging/subscriptions/interaction-alerting", "{}"), HttpStatusCode.NoContent);
        Assert.Equal(["alerting"], sim.GetSubscriptions(client.SessionId));

        await WireClient.ExpectEmptyAsync(await client.DeleteAsync("connection"), HttpStatusCode.NoContent);

        Assert.Empty(sim.ActiveSessionIds);
        Assert.Empty(sim.GetSubscriptions(client.SessionId));
        await WireClient.ExpectErrorAsync(await client.GetAsync("connection"), HttpStatusCode.Unauthorized);
        Assert.Equal(1, sim.Counters.Logouts);
    }

    [Fact]
    public async Task Features_version_and_server_time_need_no_session()
    {
        await using var sim = await Sim.StartAsync(o => o.PollingOnly = true);
        using var client = WireClient.Anonymous(sim.BaseAddress);

        var features = await WireClient.ExpectJsonAsync(await client.RawAsync(HttpMethod.Get, "/icws/connection/features"), HttpStatusCode.OK);
        var map = features.GetProperty("featureInfoList").EnumerateArray().ToDictionary(f => f.GetProperty("featureId").GetString()!, f => f.GetProperty("version").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["connection"] = 11, ["messaging"] = 1, ["interactions"] = 13, ["queues"] = 2, ["licenses"] = 1, ["status"] = 1, ["statistics"] = 1 }, map);
        var one = await WireClient.ExpectJsonAsync(await client.RawAsync(HttpMethod.Get, "/icws/connection/features/interactions"), HttpStatusCode.OK);
        Assert.Equal(13, one.GetProperty("version").GetInt32());
        await WireClient.ExpectErrorAsync(await client.RawAsync(HttpMethod.Get, "/icws/connection/features/nosuch"), HttpStatusCode.NotFound);
        var version = await WireClient.ExpectJsonAsync(await client.RawAsync(HttpMethod.Get, "/icws/connection/version"), HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.String, version.GetProperty("build").ValueKind);
        var time = await WireClient.ExpectJsonAsync(await client.RawAsync(HttpMethod.Get, "/icws/connection/server-time"), HttpStatusCode.OK);
        Assert.Matches("^[0-9]{8}T[0-9]{6}Z$", time.GetProperty("serverUtcTime").GetString()!);
    }

    [Fact]
    public async Task Unique_auth_token_logs_in_once()
    {
        await using var sim = await Sim.StartAsync();
        using var source = await WireClient.LoginAsync(sim.BaseAddress);
        var seed = Guid.NewGuid().ToString();
        var token = (await WireClient.ExpectJsonAsync(await source.PostAsync("connection/unique-auth-token", $$"""{"authTokenSeed":"{{seed}}"}"""), HttpStatusCode.OK))
            .GetProperty("authToken").GetString();
        var json = $$"""{"__type":"urn:inin.com:connection:authTokenConnectionRequestSettings","applicationName":"x","authTokenSeed":"{{seed}}","authToken":"{{token}}","authTokenSourceSession":"{{source.SessionId}}"}""";
        using var client = WireClient.Anonymous(sim.BaseAddress);

        var first = await WireClient.ExpectJsonAsync(await client.PostLoginAsync(json), HttpStatusCode.Created);
        await WireClient.ExpectErrorAsync(await client.PostLoginAsync(json), HttpStatusCode.BadRequest);

        Assert.Equal("agent", first.GetProperty("userID").GetString());
        Assert.Equal(2, sim.ActiveSessionIds.Count);
    }

    [Fact]
    public async Task Single_sign_on_token_from_options_logs_in()
    {
        await using var sim = await Sim.StartAsync(o => o.SingleSignOnTokens["tok-123"] = "John.Smith");
        using var client = WireClient.Anonymous(sim.BaseAddress);

        var ok = await WireClient.ExpectJsonAsync(await client.PostLoginAsync("""{"singleSignOnToken":"tok-123","applicationName":"x","__type":"urn:inin.com:connection:singleSignOnTokenConnectionRequestSettings"}"""), HttpStatusCode.Created);
        await WireClient.ExpectErrorAsync(await client.PostLoginAsync("""{"__type":"urn:inin.com:connection:singleSignOnTokenConnectionRequestSettings","singleSignOnToken":"bad","applicationName":"x"}"""), HttpStatusCode.BadRequest);

        Assert.Equal("John.Smith", ok.GetProperty("userID").GetString());
    }

    [Fact]
    public async Task Station_put_get_delete_and_switchover_status()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);

        await WireClient.ExpectErrorAsync(await client.GetAsync("connection/station"), HttpStatusCode.NotFound);
        await WireClient.ExpectEmptyAsync(await client.PutAsync("connection/station",
            """{"__type":"urn:inin.com:connection:workstationSettings","workstation":"7001","supportedMediaTypes":[1],"readyForInteractions":true}"""), HttpStatusCode.OK);
        var station = await WireClient.ExpectJsonAsync(await client.GetAsync("connection/station"), HttpStatusCode.OK);
        Assert.Equal("7001", station.GetProperty("id").GetString());
        Assert.Equal(1, station.GetProperty("stationSetting").GetInt32());
        await WireClient.ExpectErrorAsync(await client.PutAsync("connection/station",
            """{"__type":"urn:inin.com:connection:workstationSettings","workstation":"7001","readyForInteractions":"true"}"""), HttpStatusCode.BadRequest, "invalidPropertyError", "readyForInteractions");
        await WireClient.ExpectEmptyAsync(await client.DeleteAsync("connection/station"), HttpStatusCode.OK);

        var status = await WireClient.ExpectJsonAsync(await client.GetAsync("connection/switchover-status"), HttpStatusCode.OK);
        Assert.False(status.GetProperty("isSwitchoverActive").GetBoolean());
        Assert.Equal(sim.Servers[0].Authority, status.GetProperty("primaryHost").GetString());
    }

    [Fact]
    public async Task Request_bodies_need_a_json_media_type_and_valid_json()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = sim.BaseAddress };

        using var plain = new HttpRequestMessage(HttpMethod.Post, $"/icws/{client.SessionId}/interactions")
        {
            Content = WireClient.Json("""{"__type":"urn:inin.com:interactions:createCallParameters","target":"555-0123"}""", "text/plain"),
        };
        plain.Headers.TryAddWithoutValidation("ININ-ICWS-CSRF-Token", client.Csrf);
        plain.Headers.TryAddWithoutValidation("Cookie", client.Cookie);
        await WireClient.ExpectErrorAsync(await http.SendAsync(plain), HttpStatusCode.UnsupportedMediaType);

        using var lower = new HttpRequestMessage(HttpMethod.Post, $"/icws/{client.SessionId}/interactions")
        {
            Content = WireClient.Json("""{"__type":"urn:inin.com:interactions:createCallParameters","target":"555-0123"}""", "APPLICATION/JSON"),
        };
        lower.Headers.TryAddWithoutValidation("ININ-ICWS-CSRF-Token", client.Csrf);
        lower.Headers.TryAddWithoutValidation("Cookie", client.Cookie);
        await WireClient.ExpectJsonAsync(await http.SendAsync(lower), HttpStatusCode.Created);

        await WireClient.ExpectErrorAsync(await client.PostAsync("interactions", "{not json"), HttpStatusCode.BadRequest);
        await WireClient.ExpectErrorAsync(await client.PostAsync("interactions", "[]"), HttpStatusCode.BadRequest);
    }
}
