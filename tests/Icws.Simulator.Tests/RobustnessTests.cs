using Icws.Simulator.Tests.Infrastructure;

namespace Icws.Simulator.Tests;

/// <summary>Concurrency and odd requests never crash the server or produce a 500.</summary>
public sealed class RobustnessTests
{
    [Fact]
    public async Task Concurrent_sessions_and_activity_never_get_a_500()
    {
        await using var sim = await Sim.StartAsync(o =>
        {
            o.CallProgressDelay = TimeSpan.FromMilliseconds(5);
            o.DisconnectLinger = TimeSpan.FromMilliseconds(10);
        });
        sim.StartActivity(TimeSpan.FromMilliseconds(10), seed: 3);
        var users = new[] { ("agent", "agent-pass"), ("John.Smith", "john-pass"), ("supervisor", "super-pass") };
        var statuses = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();

        await Parallel.ForEachAsync(Enumerable.Range(0, 6), async (i, _) =>
        {
            var (user, password) = users[i % users.Length];
            using var client = await WireClient.LoginAsync(sim.BaseAddress, user, password);
            await client.PutAsync("messaging/subscriptions/queues/all",
                """{"queueIds":[{"queueType":2,"queueName":"Support"},{"queueType":0,"queueName":"agent"}],"attributeNames":["Eic_State"]}""");
            for (var n = 0; n < 8; n++)
            {
                var id = (await WireClient.ReadJsonAsync(await client.PostAsync("interactions", """{"__type":"urn:inin.com:interactions:createCallParameters","target":"555-0123"}""")))
                    .GetProperty("interactionId").GetString();
                foreach (var (action, body) in new[] { ("hold", """{"on":true}"""), ("pickup", (string?)null), ("mute", """{"on":true}"""), ("disconnect", null) })
                {
                    statuses.Add((await client.PostAsync($"interactions/{id}/{action}", body)).StatusCode);
                }
                statuses.Add((await client.SendAsync(HttpMethod.Get, "messaging/messages", csrf: false)).StatusCode);
            }
        });
        await sim.StopActivityAsync();

        Assert.DoesNotContain(HttpStatusCode.InternalServerError, statuses);
        Assert.Equal(0, sim.Counters.GetFaults("timer-error"));
    }

    [Theory]
    [InlineData("GET", "/")]
    [InlineData("GET", "/icws")]
    [InlineData("GET", "/icws/abc/connection")]
    [InlineData("DELETE", "/icws/connection/features")]
    public async Task Unknown_paths_and_methods_get_error_bodies(string method, string path)
    {
        await using var sim = await Sim.StartAsync();
        using var client = WireClient.Anonymous(sim.BaseAddress);

        var response = await client.RawAsync(new HttpMethod(method), path);

        Assert.True((int)response.StatusCode is 404 or 405, response.StatusCode.ToString());
        await WireClient.ExpectErrorAsync(response, response.StatusCode);
    }

    [Theory]
    [InlineData("2s", 2000)]
    [InlineData("500ms", 500)]
    [InlineData("1m", 60000)]
    [InlineData("00:00:03", 3000)]
    public void Standalone_durations_parse(string text, int milliseconds)
    {
        Assert.True(Program.TryParseDuration(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }
}
