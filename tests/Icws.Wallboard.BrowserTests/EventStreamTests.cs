using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.ServerSentEvents;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Icws.Wallboard.BrowserTests;

/// <summary>The event stream over plain HTTP (no browser): which ids resume and which get a snapshot.</summary>
public sealed class EventStreamTests
{
    [Theory]
    [InlineData("0badc0de:1", "an id of another run (a restart)")]
    [InlineData("{run}:999999", "an id ahead of the stream")]
    [InlineData("{run}", "an id without a number")]
    [InlineData("not-an-id", "text that is no id")]
    public async Task An_unknown_id_gets_a_snapshot(string lastEventId, string what)
    {
        await using var board = await TestBoard.StartAsync(before: sim => sim.AddIncomingCall("Support", "Waiting Caller", "555-0801"));
        using var http = new HttpClient { BaseAddress = board.Address, Timeout = Timeout.InfiniteTimeSpan };
        var (first, id) = await FirstEventAsync(http, null);
        Assert.Equal("snapshot", first.EventType);
        var run = id[..id.IndexOf(':', StringComparison.Ordinal)];

        var (again, _) = await FirstEventAsync(http, lastEventId.Replace("{run}", run, StringComparison.Ordinal));
        Assert.True(again.EventType == "snapshot", $"{what}: got '{again.EventType}'");
        Assert.Contains("Waiting Caller", again.Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_known_id_resumes_with_exactly_the_missed_events()
    {
        await using var board = await TestBoard.StartAsync();
        await board.App.Feed.PanelsReady.WaitAsync(TimeSpan.FromSeconds(10));
        using var http = new HttpClient { BaseAddress = board.Address, Timeout = Timeout.InfiniteTimeSpan };
        var (_, id) = await FirstEventAsync(http, null);
        var missed = Enumerable.Range(0, 3).Select(i => board.Simulator.AddIncomingCall("Support", $"Missed {i}", $"555-081{i}")).ToList();
        await WaitAsync(() => board.App.Feed.GetStatus().Rows == 3);

        // The calls also change the statistics panel (stats events between the upserts): wait until the stream is quiet.
        long last;
        do
        {
            last = board.App.Feed.GetStatus().Sequence;
            await Task.Delay(300);
        }
        while (board.App.Feed.GetStatus().Sequence != last);

        using var request = new HttpRequestMessage(HttpMethod.Get, "events");
        request.Headers.Add("Last-Event-ID", id);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var parser = SseParser.Create(await response.Content.ReadAsStreamAsync());
        var events = new List<(string Type, string Id, string Data)>();
        await using var items = parser.EnumerateAsync().GetAsyncEnumerator();
        var number = long.Parse(id[(id.IndexOf(':', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < last - number + 1; i++)
        {
            Assert.True(await items.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
            events.Add((items.Current.EventType, parser.LastEventId, items.Current.Data));
        }

        // The heartbeat with the screen's own id, then every event after it, numbered without a gap: the three
        // upserts, each once, and the statistics panel's changes in between (never a snapshot).
        Assert.Equal(("heartbeat", id), (events[0].Type, events[0].Id));
        Assert.Equal(3, events.Count(e => e.Type == "upsert"));
        Assert.All(events.Skip(1), e => Assert.Contains(e.Type, new[] { "upsert", "stats", "agents" }));
        Assert.Contains(events, e => e.Type == "stats");
        Assert.Equal(Enumerable.Range(1, (int)(last - number)).Select(n => id[..(id.IndexOf(':', StringComparison.Ordinal) + 1)] + (number + n)), events.Skip(1).Select(e => e.Id));
        Assert.All(missed, m => Assert.Single(events, e => e.Data.Contains(m, StringComparison.Ordinal)));
    }

    private static async Task<(SseItem<string> Item, string Id)> FirstEventAsync(HttpClient http, string? lastEventId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "events");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using Stream body = await response.Content.ReadAsStreamAsync();
        var parser = SseParser.Create(body);
        await using var items = parser.EnumerateAsync().GetAsyncEnumerator();
        Assert.True(await items.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)), "the stream ended");
        return (items.Current, parser.LastEventId);
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition());
    }
}
