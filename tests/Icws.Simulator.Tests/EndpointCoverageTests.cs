using Icws.Simulator.Tests.Infrastructure;

namespace Icws.Simulator.Tests;

/// <summary>
/// Every endpoint of the simulator answers a valid request with its documented success code (and body shape), one
/// walk through them all; the detailed behaviour is covered by the other test classes.
/// </summary>
public sealed class EndpointCoverageTests
{
    [Fact]
    public async Task Every_interaction_endpoint_answers_a_valid_request()
    {
        await using var sim = await Sim.StartAsync();
        using var agent = await WireClient.LoginAsync(sim.BaseAddress);
        using var supervisor = await WireClient.LoginAsync(sim.BaseAddress, "supervisor", "super-pass");
        async Task Ok(HttpResponseMessage r) => await WireClient.ExpectEmptyAsync(r, HttpStatusCode.OK);

        var call = await agent.CallAsync("555-0123");
        await Ok(await agent.PostAsync($"interactions/{call}", """{"attributes":{"Custom_A":"1"}}"""));
        foreach (var (action, json) in new (string, string?)[]
        {
            ("hold", """{"on":true}"""), ("pickup", null), ("mute", """{"on":true}"""), ("make-private", """{"on":false}"""),
            ("pause", """{"on":true}"""), ("secure-pause", """{"securePauseType":1}"""), ("secure-pause", """{"securePauseType":4}"""),
            ("record", """{"on":true,"supervisor":false}"""), ("record-snippet", """{"on":true,"supervisor":false}"""),
            ("listen", """{"on":true,"supervisor":true}"""), ("coach", """{"on":true,"supervisor":true}"""), ("join", null),
            ("send-digits", """{"dtmfDigits":"1*#"}"""), ("play-wav", """{"file":"greeting.wav"}"""),
            ("wrap-up-assignments", $$"""{"code":"Sale","segmentId":1,"time":"20240131T142500Z","user":"agent","sourceInteractionId":"{{call}}"}"""),
            ("invite-party", """{"target":"555-0100","callMadeStage":0}"""),
        })
        {
            await Ok(await agent.PostAsync($"interactions/{call}/{action}", json));
        }
        Assert.NotEqual("", sim.GetInteraction(call)!["Eic_IRSnippetRecordingId"]);

        var consult = await WireClient.ExpectJsonAsync(await agent.PostAsync($"interactions/{call}/consult", """{"target":"supervisor","callMadeStage":1,"additionalAttributes":{"Why":"help"}}"""), HttpStatusCode.Created);
        var consultId = consult.GetProperty("consultId").GetString();
        Assert.Equal("help", sim.GetInteraction(consult.GetProperty("consultInteractionId").GetString()!)!["Why"]);
        await Ok(await agent.PostAsync($"interactions/{call}/consult/{consultId}/change-audience", """{"audience":{"consultedParty":true}}"""));
        await Ok(await agent.DeleteAsync($"interactions/{call}/consult/{consultId}"));
        consultId = (await WireClient.ExpectJsonAsync(await agent.PostAsync($"interactions/{call}/consult", """{"target":"555-0199"}"""), HttpStatusCode.Created)).GetProperty("consultId").GetString();
        await Ok(await agent.PostAsync($"interactions/{call}/consult/{consultId}/conclude"));
        Assert.Equal("I", sim.GetInteraction(call)?.State ?? "I"); // concluded to an external number: both legs leave

        var a = await agent.CallAsync("555-0101");
        var b = await agent.CallAsync("555-0102");
        var c = await agent.CallAsync("555-0103");
        var conference = (await WireClient.ExpectJsonAsync(await agent.PostAsync("interactions/conferences", $$"""{"interactions":["{{a}}","{{b}}"]}"""), HttpStatusCode.Created)).GetProperty("conferenceId").GetString();
        await Ok(await agent.PutAsync($"interactions/conferences/{conference}", $$"""{"interactions":["{{c}}"]}"""));
        await Ok(await agent.PostAsync($"interactions/conferences/{conference}/invite-party", """{"target":"user:John.Smith"}"""));
        Assert.Equal(conference, sim.GetInteraction(c)!["Eic_ConferenceId"]);

        var assistance = (await WireClient.ExpectJsonAsync(await agent.PostAsync($"interactions/{a}/agent-assistance", """{"text":"help"}"""), HttpStatusCode.Created)).GetProperty("assistanceId").GetString();
        await Ok(await supervisor.PostAsync($"interactions/agent-assistance/{assistance}", """{"text":"coming"}"""));
        await Ok(await agent.DeleteAsync($"interactions/agent-assistance/{assistance}"));
        await WireClient.ExpectErrorAsync(await agent.DeleteAsync($"interactions/agent-assistance/{assistance}"), HttpStatusCode.NotFound);

        await Ok(await agent.PostAsync($"interactions/{b}/blind-transfer", """{"target":"workgroup:Support"}"""));
        await Ok(await agent.PostAsync($"interactions/{c}/park", """{"queueID":{"queueType":1,"queueName":"supervisor"}}"""));
        await Ok(await agent.PostAsync($"interactions/{a}/transfer-to-voicemail", """{"target":"John.Smith"}"""));
        var d = await agent.CallAsync("555-0104");
        await Ok(await agent.PostAsync($"interactions/{d}/send-to-voicemail"));
        await Ok(await agent.PostAsync($"interactions/{d}/disconnect"));

        var callback = await agent.CreateAsync("""{"__type":"urn:inin.com:interactions.callback:createCallbackParameters","target":"555-0144","targetQueue":{"queueType":2,"queueName":"Support"},"subject":"s"}""");
        await Ok(await agent.PutAsync($"interactions/{callback}/callback/disposition", """{"disposition":2}"""));
        Assert.NotNull(sim.GetInteraction(callback)); // retry keeps the callback
        await Ok(await agent.PutAsync($"interactions/{callback}/callback/disposition", """{"disposition":1}"""));

        var chat = await agent.CreateAsync("""{"__type":"urn:inin.com:interactions.chat:createChatParameters","target":"John.Smith"}""");
        await Ok(await agent.PostAsync($"interactions/{chat}/chat/messages", """{"text":"hi","clearTypingIndicator":false}"""));
        await Ok(await agent.PutAsync($"interactions/{chat}/chat/typing-indicator", """{"on":false}"""));

        var email = await agent.CreateAsync("""{"__type":"urn:inin.com:interactions.email:createEmailParameters","emailContent":{"sender":{"displayName":"Alex"}}}""");
        await Ok(await agent.PostAsync($"interactions/{email}/email/save", """{"emailContent":{"sender":{"displayName":"Alex"},"subject":"x"}}"""));
        await Ok(await agent.PostAsync($"interactions/{email}/email/send"));
        var resolved = await WireClient.ExpectJsonAsync(await agent.PostAsync("interactions/email/resolve-address", """{"name":"a","maxResults":1}"""), HttpStatusCode.OK);
        Assert.Equal(1, resolved.GetProperty("matchedAddresses").GetArrayLength());

        await WireClient.ExpectEmptyAsync(await agent.PutAsync("messaging/subscriptions/interaction-alerting", """{"attributeNames":["Eic_State"]}"""), HttpStatusCode.NoContent);
        await WireClient.ExpectEmptyAsync(await agent.DeleteAsync("messaging/subscriptions/interaction-alerting"), HttpStatusCode.NoContent);
        Assert.Equal(0, sim.Counters.GetFaults("timer-error"));
    }

    [Fact]
    public async Task Every_connection_endpoint_answers_a_valid_request()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);
        using var anonymous = WireClient.Anonymous(sim.BaseAddress);

        Assert.Equal(1, (await WireClient.ExpectJsonAsync(await client.GetAsync("connection"), HttpStatusCode.OK)).GetProperty("connectionState").GetInt32());
        await WireClient.ExpectEmptyAsync(await client.PutAsync("connection/station", """{"__type":"urn:inin.com:connection:remoteWorkstationSettings","workstation":"7001","remoteNumber":"555-0177","stationConnectionMode":1}"""), HttpStatusCode.OK);
        Assert.Equal(2, (await WireClient.ExpectJsonAsync(await client.GetAsync("connection/station"), HttpStatusCode.OK)).GetProperty("stationSetting").GetInt32());
        await WireClient.ExpectEmptyAsync(await client.PutAsync("connection/station", """{"__type":"urn:inin.com:connection:stationlessSettings"}"""), HttpStatusCode.OK);
        await WireClient.ExpectErrorAsync(await client.GetAsync("connection/station"), HttpStatusCode.NotFound, errorId: "-2147221496");
        await WireClient.ExpectEmptyAsync(await client.DeleteAsync("connection/station"), HttpStatusCode.OK);
        var token = await WireClient.ExpectJsonAsync(await client.PostAsync("connection/unique-auth-token", $$"""{"authTokenSeed":"{{Guid.NewGuid()}}"}"""), HttpStatusCode.OK);
        Assert.False(string.IsNullOrEmpty(token.GetProperty("authToken").GetString()));
        await WireClient.ExpectErrorAsync(await client.PostAsync("connection/unique-auth-token", """{"authTokenSeed":"seed"}"""), HttpStatusCode.BadRequest, "invalidPropertyError", "authTokenSeed");
        Assert.Equal(JsonValueKind.False, (await WireClient.ExpectJsonAsync(await client.GetAsync("connection/switchover-status"), HttpStatusCode.OK)).GetProperty("isSwitchoverActive").ValueKind);
        await WireClient.ExpectEmptyAsync(await client.PostAsync("messaging/heartbeat"), HttpStatusCode.NoContent);

        foreach (var path in new[] { "/icws/connection/features", "/icws/connection/features/licenses", "/icws/connection/version", "/icws/connection/server-time", "/icws/connection/server-info" })
        {
            await WireClient.ExpectJsonAsync(await anonymous.RawAsync(HttpMethod.Get, path), HttpStatusCode.OK);
        }
        await WireClient.ExpectEmptyAsync(await client.DeleteAsync("connection"), HttpStatusCode.NoContent);
    }

    [Theory]
    [InlineData("2024-01-31T14:25:00Z")]
    [InlineData("20240131")]
    [InlineData("20241331T142500Z")]
    public async Task Wrap_up_time_must_be_an_icws_date_time(string time)
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);
        var call = await client.CallAsync("555-0123");

        await WireClient.ExpectErrorAsync(await client.PostAsync($"interactions/{call}/wrap-up-assignments",
            $$"""{"code":"Sale","segmentId":1,"time":"{{time}}","user":"agent","sourceInteractionId":"{{call}}"}"""), HttpStatusCode.BadRequest, "invalidPropertyError", "time");
        await client.ActAsync(call, "wrap-up-assignments", $$"""{"code":"Sale","segmentId":1,"time":"20240131T142500.250Z","user":"agent","sourceInteractionId":"{{call}}"}""");
    }
}
