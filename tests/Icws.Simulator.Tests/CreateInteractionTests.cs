using Icws.Simulator.Tests.Infrastructure;

namespace Icws.Simulator.Tests;

/// <summary>POST /interactions: the seven create variants and strict body validation (reference §1.1, §4.2).</summary>
public sealed class CreateInteractionTests
{
    public static TheoryData<string, string, int, string> Variants() => new()
    {
        { """{"__type":"urn:inin.com:interactions:createCallParameters","target":"555-0123","workgroup":"Support","callMadeStage":2,"additionalAttributes":{"Custom_Tag":"x"}}""", "Call", 1, "agent" },
        { """{"__type":"urn:inin.com:interactions.callback:createCallbackParameters","target":"555-0144","targetQueue":{"queueType":2,"queueName":"Support"},"subject":"Call me","name":"Kim Caller"}""", "Callback", 2, "Support" },
        { """{"__type":"urn:inin.com:interactions.chat:createChatParameters","target":"user:John.Smith"}""", "Chat", 1, "agent" },
        { """{"__type":"urn:inin.com:interactions.email:createEmailParameters","emailContent":{"sender":{"displayName":"Alex","address":"alex@example.com"},"subject":"Hello","toRecipients":[{"displayName":"Pat","address":"pat@example.com"}],"bodies":[{"body":"Hi","bodyType":0}]},"workgroup":"Support"}""", "Email", 1, "agent" },
        { """{"__type":"urn:inin.com:interactions:createGenericInteractionParameters","queueId":{"queueType":2,"queueName":"InsideSales"},"initialState":5,"interactionDirection":1,"remoteName":"Lead","remoteId":"L-1"}""", "Generic Object", 2, "InsideSales" },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Create_variant_is_accepted_and_lands_in_its_queue(string json, string objectType, int queueType, string queueName)
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);

        var id = await client.CreateAsync(json);

        var ia = sim.GetInteraction(id)!;
        Assert.Equal(objectType, ia["Eic_ObjectType"]);
        Assert.Equal(id, ia["Eic_CallId"]);
        Assert.Contains(sim.GetQueue(queueType, queueName), q => q.Id == id);
    }

    [Fact]
    public async Task Callback_response_call_and_email_response_need_an_existing_parent()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);
        var callback = await client.CreateAsync("""{"__type":"urn:inin.com:interactions.callback:createCallbackParameters","target":"555-0144","targetQueue":{"queueType":1,"queueName":"agent"},"subject":"s"}""");
        var email = await client.CreateAsync("""{"__type":"urn:inin.com:interactions.email:createEmailParameters","emailContent":{"sender":{"displayName":"Alex"},"subject":"Q"}}""");

        var call = await client.CreateAsync($$"""{"__type":"urn:inin.com:interactions.callback:createCallbackResponseCallParameters","parentInteractionId":"{{callback}}","target":"555-0144"}""");
        var reply = await client.CreateAsync($$$"""{"__type":"urn:inin.com:interactions.email:createEmailResponseParameters","parentInteractionId":"{{{email}}}","responseType":0,"emailContent":{"sender":{"displayName":"Alex"},"subject":"Re: Q","attachmentsFromParent":0}}""");
        var orphan = await client.PostAsync("interactions", """{"__type":"urn:inin.com:interactions.callback:createCallbackResponseCallParameters","parentInteractionId":"9999999999","target":"555-0144"}""");

        Assert.Equal(call, sim.GetInteraction(callback)!["Eic_CallbackAssociatedCallId"]);
        Assert.Equal(email, sim.GetInteraction(reply)!["Eic_EmailParent"]);
        await WireClient.ExpectErrorAsync(orphan, HttpStatusCode.BadRequest, "invalidPropertyError", "parentInteractionId");
        await WireClient.ExpectErrorAsync(
            await client.PostAsync("interactions", $$$"""{"__type":"urn:inin.com:interactions.email:createEmailResponseParameters","parentInteractionId":"{{{email}}}","responseType":0,"emailContent":{"sender":{"displayName":"A"} } }"""),
            HttpStatusCode.BadRequest, "missingPropertyError", "emailContent.attachmentsFromParent");
    }

    [Fact]
    public async Task Type_may_come_last()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);

        var id = await client.CreateAsync("""{"target":"555-0123","workgroup":"Support","__type":"urn:inin.com:interactions:createCallParameters"}""");

        Assert.Equal("Support", sim.GetInteraction(id)!["Eic_WorkgroupName"]);
    }

    [Theory]
    [InlineData("""{"target":"555-0123"}""", "missingPropertyError", "__type")]
    [InlineData("""{"__type":"urn:inin.com:interactions:createCallParams","target":"555-0123"}""", "invalidPropertyError", "__type")]
    [InlineData("""{"__type":"urn:inin.com:interactions:createcallparameters","target":"555-0123"}""", "invalidPropertyError", "__type")]
    [InlineData("""{"__type":1,"target":"555-0123"}""", "invalidPropertyError", "__type")]
    [InlineData("""{"__type":"urn:inin.com:interactions:createCallParameters"}""", "missingPropertyError", "target")]
    [InlineData("""{"__type":"urn:inin.com:interactions:createCallParameters","target":5550123}""", "invalidPropertyError", "target")]
    [InlineData("""{"__type":"urn:inin.com:interactions:createCallParameters","target":"user:Nobody"}""", "invalidPropertyError", "target")]
    [InlineData("""{"__type":"urn:inin.com:interactions:createCallParameters","target":"555-0123","workgroup":"NoSuchGroup"}""", "invalidPropertyError", "workgroup")]
    [InlineData("""{"__type":"urn:inin.com:interactions:createCallParameters","target":"555-0123","callMadeStage":"2"}""", "invalidPropertyError", "callMadeStage")]
    [InlineData("""{"__type":"urn:inin.com:interactions:createCallParameters","target":"555-0123","additionalAttributes":{"A":1}}""", "invalidPropertyError", "additionalAttributes")]
    [InlineData("""{"__type":"urn:inin.com:interactions.callback:createCallbackParameters","target":"555","subject":"s"}""", "missingPropertyError", "targetQueue")]
    [InlineData("""{"__type":"urn:inin.com:interactions.callback:createCallbackParameters","target":"555","subject":"s","targetQueue":{"queueType":"2","queueName":"Support"}}""", "invalidPropertyError", "targetQueue.queueType")]
    [InlineData("""{"__type":"urn:inin.com:interactions.chat:createChatParameters","target":"555-0123"}""", "invalidPropertyError", "target")]
    [InlineData("""{"__type":"urn:inin.com:interactions.email:createEmailParameters","emailContent":{}}""", "missingPropertyError", "emailContent.sender")]
    [InlineData("""{"__type":"urn:inin.com:interactions:createGenericInteractionParameters","queueId":{"queueType":2,"queueName":"Support"},"initialState":12}""", "invalidPropertyError", "initialState")]
    public async Task Invalid_create_bodies_are_rejected_with_the_property_name(string json, string errorType, string propertyName)
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);

        await WireClient.ExpectErrorAsync(await client.PostAsync("interactions", json), HttpStatusCode.BadRequest, errorType, propertyName);

        Assert.Empty(sim.GetQueue(1, "agent"));
    }
}
