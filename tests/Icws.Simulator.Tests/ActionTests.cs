using Icws.Simulator.Tests.Infrastructure;

namespace Icws.Simulator.Tests;

/// <summary>Interaction actions and their Eic_* effects (reference §4.1, §6).</summary>
public sealed class ActionTests
{
    [Fact]
    public async Task Outbound_call_has_realistic_attributes_once_connected()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);

        var id = await client.CreateAsync("""{"__type":"urn:inin.com:interactions:createCallParameters","target":"555-0123","workgroup":"Support"}""");
        var a = await client.AttributesAsync(id, "Eic_CallId", "Eic_CallIdKey", "Eic_ObjectType", "Eic_CallDirection", "Eic_CallType", "Eic_RemoteAddress",
            "Eic_RemoteTnRaw", "eic_remotename", "Eic_LocalName", "Eic_LocalId", "Eic_UserName", "Eic_WorkgroupName", "Eic_InitiationTime", "Eic_State",
            "Eic_CallStateString", "Eic_ConnectTime", "Eic_Capabilities", "Eic_Muted", "Eic_Recorders", "Eic_Monitors", "Eic_ConferenceId", "Eic_Private",
            "Eic_ConnectDurationTime", "Custom_NeverSet");

        Assert.Equal(id, a["Eic_CallId"]);
        Assert.Equal(id + DateTime.UtcNow.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture), a["Eic_CallIdKey"]);
        Assert.Equal("Call", a["Eic_ObjectType"]);
        Assert.Equal("O", a["Eic_CallDirection"]);
        Assert.Equal("E", a["Eic_CallType"]);
        Assert.Equal("555-0123", a["Eic_RemoteAddress"]);
        Assert.Equal("555-0123", a["Eic_RemoteTnRaw"]);
        Assert.Equal("Pat Caller", a["Eic_RemoteName"]);
        Assert.Contains("eic_remotename", a.Keys); // echoed as requested
        Assert.Equal("Alex Agent", a["Eic_LocalName"]);
        Assert.Equal("agent", a["Eic_LocalId"]);
        Assert.Equal("agent", a["Eic_UserName"]);
        Assert.Equal("Support", a["Eic_WorkgroupName"]);
        Assert.Matches("^[0-9]{8}T[0-9]{6}Z$", a["Eic_InitiationTime"]);
        Assert.Matches("^[0-9]{8}T[0-9]{6}Z$", a["Eic_ConnectTime"]);
        Assert.Equal("C", a["Eic_State"]);
        Assert.Equal("Connected", a["Eic_CallStateString"]);
        var caps = int.Parse(a["Eic_Capabilities"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(2 | 32 | 256 | 1024, caps & (2 | 32 | 256 | 1024));
        Assert.Equal("0", a["Eic_Muted"]);
        Assert.Equal("", a["Eic_Recorders"]);
        Assert.Equal("", a["Eic_Monitors"]);
        Assert.Equal("", a["Eic_ConferenceId"]);
        Assert.Equal("0", a["Eic_Private"]);
        Assert.Matches("^[0-9]+$", a["Eic_ConnectDurationTime"]);
        Assert.Equal("", a["Custom_NeverSet"]);
        Assert.Single(sim.GetQueue(1, "agent"));
        Assert.Single(sim.GetQueue(0, "agent"));
    }

    [Fact]
    public async Task Get_without_select_returns_only_the_call_id_and_unknown_ids_are_404()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);
        var id = await client.CallAsync("John.Smith");

        var body = await WireClient.ExpectJsonAsync(await client.GetAsync($"interactions/{id}"), HttpStatusCode.OK);

        Assert.Equal([("Eic_CallId", id)], body.GetProperty("attributes").EnumerateObject().Select(p => (p.Name, p.Value.GetString()!)).ToArray());
        Assert.Equal("I", sim.GetInteraction(id)!["Eic_CallType"]);
        await WireClient.ExpectErrorAsync(await client.GetAsync("interactions/1234567890?select=Eic_State"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Call_progresses_through_dialing_and_proceeding_with_a_delay()
    {
        await using var sim = await Sim.StartAsync(o => o.CallProgressDelay = TimeSpan.FromMilliseconds(100));
        using var client = await WireClient.LoginAsync(sim.BaseAddress);

        var id = await client.CallAsync("555-0123");

        Assert.Equal("S", sim.GetInteraction(id)!.State);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (sim.GetInteraction(id)!.State != "C" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.Equal("C", sim.GetInteraction(id)!.State);
    }

    [Fact]
    public async Task Hold_mute_record_and_private_change_their_attributes()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);
        var id = await client.CallAsync("555-0123");

        await client.ActAsync(id, "hold", """{"on":true}""");
        Assert.Equal(("H", "Held"), (sim.GetInteraction(id)!.State, sim.GetInteraction(id)!["Eic_CallStateString"]));
        await client.ActAsync(id, "hold", """{"on":false}""");
        Assert.Equal("C", sim.GetInteraction(id)!.State);

        await client.ActAsync(id, "mute", """{"on":true}""");
        Assert.Equal("1", sim.GetInteraction(id)!["Eic_Muted"]);
        await client.ActAsync(id, "mute", """{"on":false}""");
        Assert.Equal("0", sim.GetInteraction(id)!["Eic_Muted"]);

        await client.ActAsync(id, "record", """{"on":true,"supervisor":false}""");
        Assert.Equal("agent", sim.GetInteraction(id)!["Eic_Recorders"]);
        await client.ActAsync(id, "record", """{"on":true,"supervisor":true}""");
        Assert.Equal("agent", sim.GetInteraction(id)!["Eic_RecordersSupv"]);
        await client.ActAsync(id, "record", """{"on":false}""");
        Assert.Equal("", sim.GetInteraction(id)!["Eic_Recorders"]);

        await client.ActAsync(id, "listen", """{"on":true,"supervisor":true}""");
        Assert.Equal("agent", sim.GetInteraction(id)!["Eic_MonitorsSupv"]);
        await client.ActAsync(id, "make-private", """{"on":true}""");
        Assert.Equal("1", sim.GetInteraction(id)!["Eic_Private"]);
        await client.ActAsync(id, "secure-pause", """{"securePauseType":3,"duration":30}""");
        Assert.NotEqual("", sim.GetInteraction(id)!["Eic_SecureRecordingPauseStartTime"]);
        await client.ActAsync(id, "send-digits", """{"dtmfDigits":"12#"}""");
        await client.ActAsync(id, "play-wav", """{"file":"hello.wav"}""");
        await client.ActAsync(id, "pause", """{"on":true}""");
    }

    [Theory]
    [InlineData("hold", """{"on":"1"}""", "on")]
    [InlineData("hold", """{"on":"true"}""", "on")]
    [InlineData("hold", """{"on":1}""", "on")]
    [InlineData("hold", """{}""", "on")]
    [InlineData("mute", """{"on":null}""", "on")]
    [InlineData("record", """{"on":true,"supervisor":"false"}""", "supervisor")]
    [InlineData("secure-pause", """{"securePauseType":"1"}""", "securePauseType")]
    [InlineData("secure-pause", """{"securePauseType":9}""", "securePauseType")]
    [InlineData("secure-pause", """{"securePauseType":3}""", "duration")]
    [InlineData("blind-transfer", """{}""", "target")]
    [InlineData("blind-transfer", """{"target":"John.Smith","queueID":{"queueType":1,"queueName":"John.Smith"}}""", "queueID")]
    [InlineData("blind-transfer", """{"target":"user:Nobody"}""", "target")]
    [InlineData("park", """{"target":"555-0100"}""", "target")]
    [InlineData("send-digits", """{"dtmfDigits":"12x"}""", "dtmfDigits")]
    public async Task Action_bodies_are_validated_strictly(string action, string json, string propertyName)
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);
        var id = await client.CallAsync("555-0123");

        var response = await client.PostAsync($"interactions/{id}/{action}", json);

        var body = await WireClient.ExpectErrorAsync(response, HttpStatusCode.BadRequest, propertyName: propertyName);
        Assert.Contains(body.GetProperty("__type").GetString(), new[] { "urn:inin.com:common:invalidPropertyError", "urn:inin.com:common:missingPropertyError" });
        Assert.Equal("C", sim.GetInteraction(id)!.State);
    }

    [Theory]
    [InlineData("""{"target":"user:John.Smith"}""")]
    [InlineData("""{"target":"John.Smith"}""")]
    [InlineData("""{"queueID":{"queueType":1,"queueName":"John.Smith"}}""")]
    public async Task Blind_transfer_to_a_user_moves_the_call_to_their_queues_alerting(string json)
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);
        var id = await client.CallAsync("555-0123");

        await client.ActAsync(id, "blind-transfer", json);

        Assert.Empty(sim.GetQueue(1, "agent"));
        Assert.Empty(sim.GetQueue(0, "agent"));
        var moved = Assert.Single(sim.GetQueue(1, "John.Smith"));
        Assert.Equal(id, moved.Id);
        Assert.Single(sim.GetQueue(0, "john.smith"));
        Assert.Equal("A", moved.State);
        Assert.Equal("John.Smith", moved["Eic_UserName"]);
    }

    [Fact]
    public async Task Blind_transfer_to_a_workgroup_offers_it_there_and_pickup_assigns_it()
    {
        await using var sim = await Sim.StartAsync();
        using var agent = await WireClient.LoginAsync(sim.BaseAddress);
        using var john = await WireClient.LoginAsync(sim.BaseAddress, "John.Smith", "john-pass");
        var id = await agent.CallAsync("555-0123");

        await agent.ActAsync(id, "blind-transfer", """{"target":"workgroup:Support"}""");
        var offered = Assert.Single(sim.GetQueue(2, "Support"));
        Assert.Equal(("O", ""), (offered.State, offered["Eic_UserName"]));

        await john.ActAsync(id, "pickup");
        var picked = sim.GetInteraction(id)!;
        Assert.Equal(("C", "John.Smith"), (picked.State, picked["Eic_UserName"]));
        Assert.Contains(sim.GetQueue(1, "John.Smith"), i => i.Id == id);
    }

    [Fact]
    public async Task Disconnect_sets_I_and_removes_the_interaction_after_the_linger()
    {
        await using var sim = await Sim.StartAsync(o => o.DisconnectLinger = TimeSpan.FromMilliseconds(200));
        using var client = await WireClient.LoginAsync(sim.BaseAddress);
        var id = await client.CallAsync("555-0123");

        await client.ActAsync(id, "disconnect");

        var gone = sim.GetInteraction(id)!;
        Assert.Equal(("I", "Disconnected"), (gone.State, gone["Eic_CallStateString"]));
        Assert.Matches("^[0-9]{8}T[0-9]{6}Z$", gone["Eic_TerminationTime"]!);
        Assert.Equal("0", gone["Eic_Capabilities"]);
        await WireClient.ExpectErrorAsync(await client.PostAsync($"interactions/{id}/hold", """{"on":true}"""), HttpStatusCode.BadRequest);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (sim.GetInteraction(id) is not null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.Null(sim.GetInteraction(id));
        Assert.Empty(sim.GetQueue(1, "agent"));
        await WireClient.ExpectErrorAsync(await client.GetAsync($"interactions/{id}?select=Eic_State"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Park_and_voicemail_states()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);
        var parked = await client.CallAsync("555-0123");
        var voicemail = await client.CallAsync("555-0199");
        var sent = await client.CallAsync("555-0100");

        await client.ActAsync(parked, "park", """{"target":"user:supervisor"}""");
        await client.ActAsync(voicemail, "transfer-to-voicemail", """{"queueID":{"queueType":1,"queueName":"John.Smith"}}""");
        await client.ActAsync(sent, "send-to-voicemail");

        Assert.Equal("P", Assert.Single(sim.GetQueue(1, "supervisor")).State);
        Assert.Equal("M", Assert.Single(sim.GetQueue(1, "John.Smith")).State);
        Assert.Equal("M", sim.GetInteraction(sent)!.State);
    }

    [Fact]
    public async Task Set_attributes_replaces_and_appends()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);
        var id = await client.CallAsync("555-0123");

        await WireClient.ExpectEmptyAsync(await client.PostAsync($"interactions/{id}", """{"attributes":{"Custom_Note":"a"}}"""), HttpStatusCode.OK);
        await WireClient.ExpectEmptyAsync(await client.PostAsync($"interactions/{id}", """{"attributes":{"custom_note":"b"},"appendMode":1}"""), HttpStatusCode.OK);
        await WireClient.ExpectEmptyAsync(await client.PostAsync($"interactions/{id}", """{"attributes":{"Custom_Note":"c"},"appendMode":2}"""), HttpStatusCode.OK);
        await WireClient.ExpectErrorAsync(await client.PostAsync($"interactions/{id}", """{"attributes":{"Custom_Note":"c"},"appendMode":"2"}"""), HttpStatusCode.BadRequest,
            "invalidPropertyError", "appendMode");

        Assert.Equal("ab|c", (await client.AttributesAsync(id, "CUSTOM_NOTE"))["CUSTOM_NOTE"]);
    }

    [Fact]
    public async Task Consult_holds_the_original_and_conclude_hands_it_to_the_target()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);
        var id = await client.CallAsync("555-0123");

        var response = await client.PostAsync($"interactions/{id}/consult", """{"target":"John.Smith"}""");
        var consult = await WireClient.ExpectJsonAsync(response, HttpStatusCode.Created);
        var consultId = consult.GetProperty("consultId").GetString()!;
        var consultCall = consult.GetProperty("consultInteractionId").GetString()!;
        Assert.Equal("H", sim.GetInteraction(id)!.State);
        Assert.Equal("C", sim.GetInteraction(consultCall)!.State);
        Assert.Equal(2, sim.GetQueue(1, "agent").Count);

        await client.ActAsync(id, $"consult/{consultId}/change-audience", """{"audience":{"originalParty":true,"consultedParty":true}}""");
        Assert.Equal("C", sim.GetInteraction(id)!.State);
        await client.ActAsync(id, $"consult/{consultId}/conclude");

        Assert.Empty(sim.GetQueue(1, "agent"));
        Assert.Equal(id, Assert.Single(sim.GetQueue(1, "John.Smith")).Id);
        await WireClient.ExpectErrorAsync(await client.PostAsync($"interactions/{id}/consult/{consultId}/conclude"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Consult_can_be_cancelled()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);
        var id = await client.CallAsync("555-0123");
        var consult = await WireClient.ExpectJsonAsync(await client.PostAsync($"interactions/{id}/consult", """{"queueID":{"queueType":2,"queueName":"Support"}}"""), HttpStatusCode.Created);

        await WireClient.ExpectEmptyAsync(await client.DeleteAsync($"interactions/{id}/consult/{consult.GetProperty("consultId").GetString()}"), HttpStatusCode.OK);

        Assert.Equal(id, Assert.Single(sim.GetQueue(1, "agent")).Id);
        Assert.Equal("C", sim.GetInteraction(id)!.State);
    }

    [Fact]
    public async Task Conference_joins_calls_and_invites_parties()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);
        var a = await client.CallAsync("555-0123");
        var b = await client.CallAsync("555-0199");
        await client.ActAsync(a, "hold", """{"on":true}""");

        var conf = await WireClient.ExpectJsonAsync(await client.PostAsync("interactions/conferences", $$"""{"interactions":["{{a}}","{{b}}"]}"""), HttpStatusCode.Created);
        var conferenceId = conf.GetProperty("conferenceId").GetString()!;
        await WireClient.ExpectEmptyAsync(await client.PostAsync($"interactions/conferences/{conferenceId}/invite-party", """{"target":"555-0100"}"""), HttpStatusCode.OK);

        Assert.All(sim.GetQueue(1, "agent"), i => Assert.Equal(conferenceId, i["Eic_ConferenceId"]));
        Assert.Equal(3, sim.GetQueue(1, "agent").Count);
        Assert.Equal("C", sim.GetInteraction(a)!.State);
        await WireClient.ExpectErrorAsync(await client.PostAsync("interactions/conferences", $$"""{"interactions":["{{a}}"]}"""), HttpStatusCode.BadRequest, propertyName: "interactions");
        await WireClient.ExpectErrorAsync(await client.PutAsync("interactions/conferences/42", $$"""{"interactions":["{{a}}"]}"""), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Chat_email_callback_and_assistance_endpoints()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);
        var chat = await client.CreateAsync("""{"__type":"urn:inin.com:interactions.chat:createChatParameters","target":"workgroup:Support"}""");
        var email = await client.CreateAsync("""{"__type":"urn:inin.com:interactions.email:createEmailParameters","emailContent":{"sender":{"displayName":"Alex"},"subject":"Draft"}}""");
        var callback = await client.CreateAsync("""{"__type":"urn:inin.com:interactions.callback:createCallbackParameters","target":"555-0144","targetQueue":{"queueType":1,"queueName":"agent"},"subject":"s"}""");

        await client.ActAsync(chat, "chat/messages", """{"text":"hello","clearTypingIndicator":true}""");
        await WireClient.ExpectEmptyAsync(await client.PutAsync($"interactions/{chat}/chat/typing-indicator", """{"on":true}"""), HttpStatusCode.OK);
        Assert.Equal(("hello", "1"), (sim.GetInteraction(chat)!["Eic_WSLastInternalUserText"], sim.GetInteraction(chat)!["Eic_WSAnyChatUserTyping"]));
        await WireClient.ExpectErrorAsync(await client.PostAsync($"interactions/{email}/chat/messages", """{"text":"x","clearTypingIndicator":false}"""), HttpStatusCode.BadRequest);

        await client.ActAsync(email, "email/save", """{"emailContent":{"sender":{"displayName":"Alex"},"subject":"Final"}}""");
        Assert.Equal("Final", sim.GetInteraction(email)!["Eic_EmailSubject"]);
        await client.ActAsync(email, "email/send");
        Assert.Null(sim.GetInteraction(email));

        await WireClient.ExpectEmptyAsync(await client.PutAsync($"interactions/{callback}/callback/disposition", """{"disposition":0}"""), HttpStatusCode.OK);
        Assert.Null(sim.GetInteraction(callback));

        var assistance = await WireClient.ExpectJsonAsync(await client.PostAsync($"interactions/{chat}/agent-assistance", """{"text":"help"}"""), HttpStatusCode.Created);
        var assistanceId = assistance.GetProperty("assistanceId").GetString();
        await WireClient.ExpectEmptyAsync(await client.PostAsync($"interactions/agent-assistance/{assistanceId}", """{"text":"more"}"""), HttpStatusCode.OK);
        await WireClient.ExpectEmptyAsync(await client.DeleteAsync($"interactions/agent-assistance/{assistanceId}"), HttpStatusCode.OK);

        var resolved = await WireClient.ExpectJsonAsync(await client.PostAsync("interactions/email/resolve-address", """{"name":"smith"}"""), HttpStatusCode.OK);
        Assert.Equal("John Smith", resolved.GetProperty("matchedAddresses")[0].GetProperty("name").GetString());
    }
}
