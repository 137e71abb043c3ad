using System;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Icws.Client;
using Icws.Supervisor;
using Xunit;

namespace Icws.Runtime.Tests;

/// <summary>
/// The supervisor sample's view and watches (samples/Icws.Sample.Supervisor, compiled in here) against the simulator:
/// one subscription per watch with every item, the snapshots as the simulator's own state has them, and a status
/// change and a call reaching the view through the typed messages.
/// </summary>
public class SupervisorSampleTests
{
    private static readonly string[] Agents = ["agent", "John.Smith", "supervisor"];

    private const string StatusPath = "/messaging/subscriptions/status/user-statuses";
    private const string StatisticsPath = "/messaging/subscriptions/statistics/statistic-values";
    private const string QueuePath = "/messaging/subscriptions/queues/";

    [Theory]
    [InlineData(MessageRetrieval.ServerSentEvents)]
    [InlineData(MessageRetrieval.Polling)]
    public async Task Board_WatchesEachListOnce_AndFollowsAStatusChangeAndACall(MessageRetrieval mode)
    {
        await using var h = await Harness.StartAsync(session: o => o.MessageRetrieval = mode, user: "supervisor");
        var sim = h.Simulator;
        var sessionId = h.Session.SessionId;
        var monitor = await SupervisorMonitor.StartAsync(h.Session, "Support", Agents, CancellationToken.None);
        var view = monitor.View;
        await Wait.UntilAsync(() => view.HasAllSnapshots, "the queue, status and statistics snapshots");

        // One PUT per watch, each with every item: all agents in one status watch, all keys in one statistics watch.
        var statusPut = Assert.Single(h.Recorder.Requests, r => r.Method == "PUT" && r.Path.EndsWith(StatusPath, StringComparison.Ordinal));
        Assert.Equal(Agents, JsonDocument.Parse(statusPut.Body!).RootElement.GetProperty("userIds").EnumerateArray().Select(e => e.GetString()).ToArray());
        var statisticsPut = Assert.Single(h.Recorder.Requests, r => r.Method == "PUT" && r.Path.EndsWith(StatisticsPath, StringComparison.Ordinal));
        var keys = JsonDocument.Parse(statisticsPut.Body!).RootElement.GetProperty("statisticKeys").EnumerateArray().ToArray();
        Assert.Equal(SupervisorView.Statistics.Select(s => s.Identifier), keys.Select(k => k.GetProperty("statisticIdentifier").GetString()));
        Assert.Single(h.Recorder.Requests, r => r.Method == "PUT" && r.Path.Contains(QueuePath, StringComparison.Ordinal));

        // The simulator's side: one queue subscription, every agent under the one status watch, every key under the one statistics watch.
        var subscriptions = sim.GetSubscriptions(sessionId);
        Assert.Single(subscriptions, s => s.StartsWith("queue:", StringComparison.Ordinal));
        Assert.Equal(Agents.Select(a => "user-status:" + a).Order(StringComparer.OrdinalIgnoreCase),
            subscriptions.Where(s => s.StartsWith("user-status:", StringComparison.Ordinal)).Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
        Assert.Contains("statistic:inin.workgroup:InteractionsEntered[Support,CurrentShift]", subscriptions);
        Assert.Equal(SupervisorView.Statistics.Count, subscriptions.Count(s => s.StartsWith("statistic:", StringComparison.Ordinal)));

        // The snapshots, as the simulator has it.
        Assert.Equal(1, view.StatusSnapshots);
        Assert.Equal(1, view.StatisticsSnapshots);
        foreach (var agent in Agents)
        {
            Assert.Equal(sim.GetUserStatus(agent), view.GetAgent(agent)?.StatusId);
        }

        Assert.Equal(3, IntStatistic(view, "inin.workgroup:TotalAgents"));
        Assert.Equal(0, IntStatistic(view, "inin.workgroup:InteractionsWaiting"));
        Assert.True(view.TryGetStatistic("inin.workgroup:LongestWaitTime", out var longest));
        Assert.Null(longest);
        Assert.Equal(0, view.Queue!.Count);

        // A status change: the status watch's delta and the availability statistics follow.
        sim.SetUserStatus("John.Smith", "At Lunch");
        await Wait.UntilAsync(() => view.GetAgent("John.Smith")?.StatusId == "At Lunch", "John.Smith at lunch in the view");
        Assert.True(view.StatusChanges >= 1);
        await Wait.UntilAsync(() => IntStatistic(view, "inin.workgroup:NumberAvailableForACDInteractions") == 2, "two agents available for ACD");
        Assert.True(view.TryGetStatistic("inin.workgroup:PercentAvailable", out var percent));
        Assert.Equal(66.67, Assert.IsType<StatisticPercentValue>(percent).Value);

        // A caller rings the workgroup: the queue view has the call, the statistics count it and tick its wait.
        var call = sim.AddIncomingCall("Support", "Ada Caller", "555-0100");
        await Wait.UntilAsync(() => view.Queue.TryGet(call, out _) && IntStatistic(view, "inin.workgroup:InteractionsWaiting") == 1, "the call in the queue view and the statistics");
        Assert.True(view.TryGetStatistic("inin.workgroup:LongestWaitTime", out longest));
        var queuedAt = sim.GetInteraction(call)!["Eic_WorkgroupQueueTimestamp"];
        Assert.Equal(queuedAt, IcwsDateTime.Format(Assert.IsType<StatisticTimeDurationValue>(longest).Value));
        var waiting = Assert.Single(view.Waiting(DateTimeOffset.UtcNow + view.ServerClockOffset));
        Assert.Equal((call, "Ada Caller"), (waiting.InteractionId, waiting.Caller));

        var board = view.Render(DateTimeOffset.UtcNow);
        Assert.Contains("Waiting in the queue: 1", board, StringComparison.Ordinal);
        Assert.Contains("Ada Caller", board, StringComparison.Ordinal);
        Assert.Matches(@"John\.Smith\s+At Lunch\s", board);

        // The supervisor answers: the wait ends (average wait, a duration in seconds), the supervisor is on the phone.
        await h.Client.Interactions.PickupAsync(call);
        await Wait.UntilAsync(() => view.TryGetStatistic("inin.workgroup:AverageWaitTime", out var average) && average is StatisticDurationValue, "an average wait");
        await Wait.UntilAsync(() => view.GetAgent("supervisor")?.OnPhone == true && IntStatistic(view, "inin.workgroup:InteractionsWaiting") == 0, "the supervisor on the phone, nothing waiting");
        Assert.Empty(view.Waiting(DateTimeOffset.UtcNow));
        Assert.Equal(1, view.StatusSnapshots);
        Assert.Equal(1, view.StatisticsSnapshots);

        // Disposing ends each watch with one DELETE; the simulator holds none of them afterwards.
        await monitor.DisposeAsync();
        Assert.Single(h.Recorder.Requests, r => r.Method == "DELETE" && r.Path.EndsWith(StatusPath, StringComparison.Ordinal));
        Assert.Single(h.Recorder.Requests, r => r.Method == "DELETE" && r.Path.EndsWith(StatisticsPath, StringComparison.Ordinal));
        Assert.DoesNotContain(sim.GetSubscriptions(sessionId), s => s.StartsWith("queue:", StringComparison.Ordinal)
            || s.StartsWith("user-status:", StringComparison.Ordinal) || s.StartsWith("statistic:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Board_TakesItsWatchesBackAfterARelogin()
    {
        await using var h = await Harness.StartAsync(user: "supervisor");
        await using var monitor = await SupervisorMonitor.StartAsync(h.Session, "Support", Agents, CancellationToken.None);
        var view = monitor.View;
        await Wait.UntilAsync(() => view.HasAllSnapshots, "the snapshots");

        // The server forgets the session; the next request logs in again, and the board subscribes its lists again.
        h.Simulator.Faults.ExpireAllSessions();
        await Wait.UntilAsync(() => view.StatusSnapshots >= 2 && view.StatisticsSnapshots >= 2, "new snapshots after the re-login", 20_000);
        var newSession = h.Session.SessionId;
        var subscriptions = h.Simulator.GetSubscriptions(newSession);
        Assert.Equal(Agents.Length, subscriptions.Count(s => s.StartsWith("user-status:", StringComparison.Ordinal)));
        Assert.Equal(SupervisorView.Statistics.Count, subscriptions.Count(s => s.StartsWith("statistic:", StringComparison.Ordinal)));

        // And it still follows changes.
        h.Simulator.SetUserStatus("agent", "Do Not Disturb");
        await Wait.UntilAsync(() => view.GetAgent("agent")?.StatusId == "Do Not Disturb", "the change after the re-login");
        Assert.Null(monitor.ResubscribeFault);
    }

    private static int? IntStatistic(SupervisorView view, string identifier)
        => view.TryGetStatistic(identifier, out var value) && value is StatisticIntValue v ? v.Value : null;
}
