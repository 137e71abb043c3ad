using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Icws.Client;
using Icws.Simulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Icws.Runtime.Tests;

/// <summary>
/// services.AddIcwsQueueWatch: one subscription per queue set and attribute set, shared by every consumer, started once
/// under concurrent first use, re-subscribed after a re-login, unsubscribed when the container goes.
/// </summary>
public class SharedWatchTests
{
    private static readonly string[] Board = [Attr.Eic_State, Attr.Eic_RemoteName, Attr.Eic_RemoteAddress];

    [Fact]
    public async Task ConcurrentFirstUse_MakesOneSubscription_AndEveryConsumerGetsTheSameLiveWatch()
    {
        await using var sim = await Harness.StartSimulatorAsync();
        var first = sim.AddIncomingCall("Support", "Ada Lovelace", "555-0101");
        var second = sim.AddIncomingCall("Support", "Grace Hopper", "555-0102");
        var recorder = new RecordingHandler(new SocketsHttpHandler { UseCookies = false });
        var services = Services(sim, recorder);

        // Two names for the same queue set and attribute set (listed differently): still one subscription.
        services.AddIcwsQueueWatch("support", [WatchTests.Workgroup("Support")], Board);
        services.AddIcwsQueueWatch("board", [WatchTests.Workgroup("Support"), WatchTests.Workgroup("Support")], [.. Enumerable.Reverse(Board).Select(n => n.ToLowerInvariant())]);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var shared = provider.GetRequiredService<IcwsSharedWatches>();

        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumers = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            await go.Task;
            return await shared.GetQueueWatchAsync(i % 2 == 0 ? "support" : "board");
        })).ToList();
        go.SetResult();
        var watches = await Task.WhenAll(consumers).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(watches, w => Assert.Same(watches[0], w));
        Assert.Equal(WatchState.Active, watches[0].State);
        Assert.Equal(new[] { first, second }.Order(), watches[0].GetSnapshot().Keys.Order());
        var session = provider.GetRequiredService<IcwsSession>();
        Assert.Equal(1, sim.Counters.GetRequests("subscriptions"));
        Assert.Single(recorder.Requests, r => r.Method == "PUT" && r.Path.Contains("/messaging/subscriptions/queues/", StringComparison.Ordinal));
        Assert.Equal(["queue:" + watches[0].Key], sim.GetSubscriptions(session.SessionId));
        Assert.StartsWith("icws-shared-", watches[0].Key, StringComparison.Ordinal);

        // Live for everyone: a new call shows in the one view.
        var third = sim.AddIncomingCall("Support", "Alan Turing", "555-0103");
        await Wait.UntilAsync(() => watches[0].TryGet(third, out _), "the new call");
        Assert.Same(watches[0], await shared.GetQueueWatchAsync("board"));
        Assert.Equal(1, sim.Counters.GetRequests("subscriptions"));
    }

    [Fact]
    public async Task FourConcurrentRequests_OfAWebApp_AllSucceed_OnOneSubscription()
    {
        // The case that failed with a watch id per request: 3 of 4 concurrent requests got a 500.
        await using var sim = await Harness.StartSimulatorAsync();
        sim.AddIncomingCall("Support", "Ada Lovelace", "555-0101");
        sim.AddIncomingCall("Support", "Grace Hopper", "555-0102");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddIcwsClient(o => Configure(o, sim));
        builder.Services.AddIcwsQueueWatch("queue", [WatchTests.Workgroup("Support")], Board);
        var app = builder.Build();
        app.MapGet("/queue", async (IcwsSharedWatches watches, CancellationToken ct) =>
        {
            var watch = await watches.GetQueueWatchAsync("queue", ct);
            return Results.Text(string.Join(",", watch.GetSnapshot().Values.Select(a => a.RemoteName).Order()));
        });
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => http.GetAsync("/queue")));

            Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode, $"status {(int)r.StatusCode}"));
            foreach (var response in responses)
            {
                Assert.Equal("Ada Lovelace,Grace Hopper", await response.Content.ReadAsStringAsync());
            }

            Assert.Equal(1, sim.Counters.GetRequests("subscriptions"));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        // Disposed with the host: the subscription was deleted, the session logged out.
        Assert.Equal(2, sim.Counters.GetRequests("subscriptions"));
        Assert.Equal(1, sim.Counters.Logouts);
        Assert.Empty(sim.ActiveSessionIds);
    }

    [Fact]
    public async Task AfterAForcedReLogin_TheSharedWatchIsSubscribedAgain_AndStaysLive()
    {
        await using var sim = await Harness.StartSimulatorAsync();
        var before = sim.AddIncomingCall("Support", "Before Expiry", "555-0200");
        var services = Services(sim);
        services.AddIcwsQueueWatch("support", [WatchTests.Workgroup("Support")], Board);
        await using var provider = services.BuildServiceProvider();
        var shared = provider.GetRequiredService<IcwsSharedWatches>();
        var session = provider.GetRequiredService<IcwsSession>();
        var watch = await shared.GetQueueWatchAsync("support");
        await using var reader = new Recorder<WatchChange<InteractionAttributes>>(_ => watch.Changes);
        await reader.WaitForAsync(c => c.InteractionId == before, "the listing");
        var firstSession = session.SessionId;

        sim.Faults.ExpireAllSessions();
        await Wait.UntilAsync(() => session.Renewals == 1 && session.SessionId != firstSession && sim.GetSubscriptions(session.SessionId).Contains("queue:" + watch.Key), "the re-login and the re-subscription");
        await Wait.UntilAsync(() => watch.State == WatchState.Active, "the fresh snapshot");

        var after = sim.AddIncomingCall("Support", "After Expiry", "555-0201");
        await Wait.UntilAsync(() => watch.TryGet(after, out _), "a call after the re-login in the view");
        await reader.WaitForAsync(c => c.Kind == WatchChangeKind.Added && c.InteractionId == after, "the new call in the change stream");
        Assert.Same(watch, await shared.GetQueueWatchAsync("support"));
        Assert.Equal(2, sim.Counters.GetRequests("subscriptions"));                  // the first PUT and the one after the re-login
        Assert.Single(reader.Snapshot(), c => c.Kind == WatchChangeKind.Added && c.InteractionId == before);
        WatchTests.AssertViewEqualsSimulator((IcwsWatch<InteractionAttributes>)watch, sim.GetQueue(2, "Support"), Board);
    }

    [Fact]
    public async Task DisposingTheContainer_DeletesTheSubscription_BeforeTheSessionLogsOut()
    {
        await using var sim = await Harness.StartSimulatorAsync();
        var recorder = new RecordingHandler(new SocketsHttpHandler { UseCookies = false });
        var services = Services(sim, recorder);
        services.AddIcwsQueueWatch("support", [WatchTests.Workgroup("Support")], Board);
        var provider = services.BuildServiceProvider();
        var shared = provider.GetRequiredService<IcwsSharedWatches>();
        var watch = await shared.GetQueueWatchAsync("support");
        var reading = Task.Run(async () =>
        {
            await foreach (var _ in watch.ChangesOnly)
            {
            }
        });

        await provider.DisposeAsync();

        var order = recorder.Requests.Select(r => r.Method + " " + r.Path).ToList();
        var delete = order.FindIndex(r => r.StartsWith("DELETE ", StringComparison.Ordinal) && r.EndsWith("/messaging/subscriptions/queues/" + watch.Key, StringComparison.Ordinal));
        var logout = order.FindIndex(r => r.StartsWith("DELETE ", StringComparison.Ordinal) && r.EndsWith("/connection", StringComparison.Ordinal));
        Assert.True(delete >= 0, "no DELETE of the subscription: " + string.Join("; ", order));
        Assert.True(logout > delete, "the session logged out before the subscription was deleted: " + string.Join("; ", order));
        Assert.Equal(WatchState.Disposed, watch.State);
        await reading.WaitAsync(TimeSpan.FromSeconds(5));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => shared.GetQueueWatchAsync("support"));
    }

    [Fact]
    public async Task AFailedStart_IsTriedAgain_AndAWatchThatStopped_IsStartedAgain()
    {
        await using var sim = await Harness.StartSimulatorAsync();
        var services = Services(sim);
        services.AddIcwsQueueWatch("support", [WatchTests.Workgroup("Support")], Board);
        await using var provider = services.BuildServiceProvider();
        var shared = provider.GetRequiredService<IcwsSharedWatches>();

        // The server refuses the first PUT: that caller gets the error, the next one a watch.
        sim.Faults.FailNextRequests(400, 1, "subscriptions/queues");
        await Assert.ThrowsAsync<IcwsApiException>(() => shared.GetQueueWatchAsync("support"));
        var watch = await shared.GetQueueWatchAsync("support");
        Assert.Equal(WatchState.Active, watch.State);

        // After a re-login the server refuses the re-subscription: the watch stops for good, and the next caller
        // gets a new one.
        var session = provider.GetRequiredService<IcwsSession>();
        sim.Faults.FailNextRequests(400, 1, "subscriptions/queues");
        sim.Faults.ExpireAllSessions();
        await Wait.UntilAsync(() => watch.State == WatchState.Faulted, "the refused re-subscription to stop the watch");
        var again = await shared.GetQueueWatchAsync("support");
        Assert.NotSame(watch, again);
        Assert.Equal(WatchState.Active, again.State);
        Assert.Equal(watch.Key, again.Key);
        Assert.Contains("queue:" + again.Key, sim.GetSubscriptions(session.SessionId));
    }

    [Fact]
    public async Task DifferentAttributeSets_AreDifferentSubscriptions_AndAdHocSetsShareWithNamedOnes()
    {
        await using var sim = await Harness.StartSimulatorAsync();
        var services = Services(sim);
        services.AddIcwsQueueWatch("board", [WatchTests.Workgroup("Support")], Board);
        services.AddIcwsQueueWatch("states", [WatchTests.Workgroup("Support")], [Attr.Eic_State]);
        await using var provider = services.BuildServiceProvider();
        var shared = provider.GetRequiredService<IcwsSharedWatches>();

        var board = await shared.GetQueueWatchAsync("board");
        var states = await shared.GetQueueWatchAsync("states");
        var adHoc = await shared.GetQueueWatchAsync([WatchTests.Workgroup("Support")], [Attr.Eic_RemoteAddress, Attr.Eic_RemoteName, Attr.Eic_State]);

        Assert.NotSame(board, states);
        Assert.NotEqual(board.Key, states.Key);
        Assert.Same(board, adHoc);
        Assert.Equal(["board", "states"], shared.Names.Order());
        Assert.Equal(2, sim.Counters.GetRequests("subscriptions"));
    }

    [Fact]
    public async Task Registration_RefusesANameTwice_AndAnUnknownNameSaysWhatIsRegistered()
    {
        var services = new ServiceCollection();
        services.AddIcwsQueueWatch("board", [WatchTests.Workgroup("Support")], Board);

        var twice = Assert.Throws<InvalidOperationException>(() => services.AddIcwsQueueWatch("board", [WatchTests.Workgroup("Sales")], Board));
        Assert.Contains("'board'", twice.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => services.AddIcwsQueueWatch("empty", [], Board));
        Assert.Throws<ArgumentException>(() => services.AddIcwsQueueWatch("none", [WatchTests.Workgroup("Support")], []));

        services.AddIcwsSession(o => { o.Server = new Uri("http://127.0.0.1:9"); o.Credentials = IcwsCredentials.Password("agent", "unused"); });
        await using var provider = services.BuildServiceProvider();
        var unknown = Assert.Throws<KeyNotFoundException>(() => { _ = provider.GetRequiredService<IcwsSharedWatches>().GetQueueWatchAsync("bord"); });
        Assert.Contains("'bord'", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("board", unknown.Message.Replace("'bord'", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private static ServiceCollection Services(IcwsSimulator sim, RecordingHandler? recorder = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddIcwsClient(o =>
        {
            Configure(o, sim);
            if (recorder is not null)
            {
                o.HttpClient = new HttpClient(recorder) { Timeout = TimeSpan.FromSeconds(30) };
            }
        });
        return services;
    }

    private static void Configure(IcwsSessionOptions o, IcwsSimulator sim)
    {
        o.Server = sim.BaseAddress;
        o.Credentials = IcwsCredentials.Password("agent", sim.Options.Users.First(u => u.UserId == "agent").Password);
        o.ApplicationName = "shared watch test";
        o.RetryDelay = TimeSpan.FromMilliseconds(5);
        o.MaxRetryDelay = TimeSpan.FromMilliseconds(200);
        o.PollingInterval = TimeSpan.FromMilliseconds(20);
    }
}
