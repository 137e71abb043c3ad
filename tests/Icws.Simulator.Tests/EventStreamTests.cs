using Icws.Simulator.Tests.Infrastructure;

namespace Icws.Simulator.Tests;

/// <summary>Server-sent events on GET messaging/messages (reference §3.1) and their faults.</summary>
public sealed class EventStreamTests
{
    [Fact]
    public async Task Stream_starts_with_retry_then_sends_one_event_per_message_and_pings()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);
        using var sse = await SseReader.OpenAsync(client);

        Assert.Equal("retry: 1000", await sse.ReadLineAsync());
        Assert.Equal("", await sse.ReadLineAsync());
        await client.PutAsync("messaging/subscriptions/interaction-alerting", "{}");
        var id = await client.CallAsync("555-0123");

        string? line;
        do
        {
            line = await sse.ReadLineAsync(); // keepalives may come first on a slow machine
        }
        while (line is ":ping" or "");
        Assert.Matches("^id: [0-9]+$", line);
        var data = await sse.ReadLineAsync();
        Assert.StartsWith("data: {", data);
        using (var doc = JsonDocument.Parse(data![6..]))
        {
            Assert.Equal("urn:inin.com:interactions:interactionAlertingMessage", doc.RootElement.Type());
        }
        Assert.Equal("", await sse.ReadLineAsync());
        // Keepalive comment (interval is 200 ms in tests), then a blank line.
        Assert.Equal(":ping", await sse.ReadLineAsync(TimeSpan.FromSeconds(3)));
        Assert.Equal("", await sse.ReadLineAsync());
        // Messages went to the stream, not to polling.
        Assert.Empty(await client.PollAsync());
        Assert.Equal(1, sim.Counters.EventStreamsOpened);
        Assert.NotNull(id);
    }

    [Fact]
    public async Task Event_ids_increase_and_queue_messages_arrive_in_order()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);
        using var sse = await SseReader.OpenAsync(client);
        await client.PutAsync("messaging/subscriptions/queues/q", """{"queueIds":[{"queueType":1,"queueName":"agent"}],"attributeNames":["Eic_State"]}""");
        var id = await client.CallAsync("555-0123");

        var states = new List<string>();
        var ids = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            var e = (await sse.ReadEventAsync())!.Value;
            ids.Add(long.Parse(e.Id!, System.Globalization.CultureInfo.InvariantCulture));
            using var doc = JsonDocument.Parse(e.Data);
            var m = doc.RootElement;
            states.AddRange(m.Items("interactionsAdded").Concat(m.Items("interactionsChanged")).Select(x => x.AttributeMap()["Eic_State"]));
        }

        Assert.Equal(["S", "R", "C"], states);
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(4, ids.Distinct().Count());
        Assert.NotNull(id);
    }

    [Fact]
    public async Task DropEventStreams_aborts_the_stream_and_keeps_later_messages_for_the_next_read()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);
        using var sse = await SseReader.OpenAsync(client);
        Assert.Equal("retry: 1000", await sse.ReadLineAsync());

        Assert.Equal(1, sim.Faults.DropEventStreams());

        Assert.True(await sse.EndsAsync(TimeSpan.FromSeconds(5)));
        await client.PutAsync("messaging/subscriptions/interaction-alerting", "{}");
        var messages = await client.PollAsync();
        Assert.Equal("urn:inin.com:interactions:interactionAlertingMessage", Assert.Single(messages).Type());
        Assert.Equal(1, sim.Counters.GetFaults("drop-event-streams"));
    }

    [Fact]
    public async Task Polling_only_server_refuses_event_streams()
    {
        await using var sim = await Sim.StartAsync(o => o.PollingOnly = true);
        using var client = await WireClient.LoginAsync(sim.BaseAddress);

        var response = await client.SendAsync(HttpMethod.Get, "messaging/messages", csrf: false, accept: "text/event-stream");

        await WireClient.ExpectErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Empty(await client.PollAsync());
    }

    [Fact]
    public async Task Expiring_a_session_sends_connection_state_change_then_closes_the_stream()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);
        using var sse = await SseReader.OpenAsync(client);
        Assert.Equal("retry: 1000", await sse.ReadLineAsync());

        Assert.True(sim.Faults.ExpireSession(client.SessionId));

        var e = (await sse.ReadEventAsync())!.Value;
        using var doc = JsonDocument.Parse(e.Data);
        var m = doc.RootElement;
        Assert.Equal("urn:inin.com:connection:connectionStateChangeMessage", m.Type());
        Assert.False(m.GetProperty("isDelta").GetBoolean());
        Assert.Equal(1, m.GetProperty("previousConnectionState").GetInt32());
        Assert.Equal(2, m.GetProperty("newConnectionState").GetInt32());
        Assert.True(m.GetProperty("shouldReconnect").GetBoolean());
        Assert.False(string.IsNullOrEmpty(m.GetProperty("reason").GetString()));
        Assert.True(await sse.EndsAsync(TimeSpan.FromSeconds(5)));
        await WireClient.ExpectErrorAsync(await client.GetAsync("connection"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_second_stream_replaces_the_first()
    {
        await using var sim = await Sim.StartAsync();
        using var client = await WireClient.LoginAsync(sim.BaseAddress);
        using var first = await SseReader.OpenAsync(client);
        Assert.Equal("retry: 1000", await first.ReadLineAsync());

        using var second = await SseReader.OpenAsync(client);
        Assert.Equal("retry: 1000", await second.ReadLineAsync());

        Assert.True(await first.EndsAsync(TimeSpan.FromSeconds(5)));
        sim.Faults.InjectRawMessage(client.SessionId, """{"__type":"urn:example:unknown","isDelta":false}""");
        Assert.Equal("""{"__type":"urn:example:unknown","isDelta":false}""", (await second.ReadEventAsync())!.Value.Data);
    }
}
