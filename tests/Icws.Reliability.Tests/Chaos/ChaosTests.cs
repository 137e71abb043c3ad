using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Icws.Client;
using Icws.Reliability.Tests.Infrastructure;
using Icws.Reliability.Tests.WireFuzz;
using Icws.Simulator;
using Xunit;
using Xunit.Abstractions;

namespace Icws.Reliability.Tests.Chaos;

/// <summary>
/// The chaos run: the simulator's activity generator and this test's own client calls create, change and remove
/// interactions while random faults hit the session: expired sessions (one or all), 503 switchover to the backup
/// server (and back), logins refused with 503, dropped event streams, 500s on the next requests, slow responses
/// (all requests, or message retrieval only). Queue watches on every workgroup and on the user's queue, and
/// interaction watches on two long calls, run throughout. At the end, with faults off:
/// <list type="bullet">
/// <item>every watch is still there and Active, and each view equals the simulator's state (GetQueue, GetInteraction): 0 mismatches;</item>
/// <item>no retry loop runs on: in a quiet second the session sends only what its retrieval mode needs, and renewals are bounded by the faults that cause them;</item>
/// <item>memory is bounded: the managed heap after the run is within a fixed margin of the heap before it.</item>
/// </list>
/// Reports faults by kind (the simulator's counters), operations done by outcome, renewals, pump counters, memory.
/// Size: <c>ICWS_CHAOS_SECONDS</c> per retrieval mode (CI 4, full 120).
/// </summary>
[Collection(ExclusiveCollection.Name)]
public class ChaosTests
{
    private static readonly string[] Watched = [Attr.Eic_State, Attr.Eic_RemoteName, Attr.Eic_RemoteAddress, Attr.Eic_CallDirection, Attr.Eic_Muted, Attr.Eic_UserName];

    private static readonly (int Type, string Name)[] Queues = [(2, "Support"), (2, "InsideSales"), (2, "OutsideSales"), (1, "agent")];

    private readonly ITestOutputHelper _output;

    public ChaosTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData(MessageRetrieval.ServerSentEvents)]
    [InlineData(MessageRetrieval.Polling)]
    public async Task RandomFaults_WhileInteractionsChange_EndWithAnExactViewAndNoWatchLost(MessageRetrieval mode)
    {
        var seed = Sizes.FuzzSeed + (int)mode;
        var random = new Random(seed);
        var duration = TimeSpan.FromSeconds(Sizes.ChaosSeconds);
        await using var sim = await SimulatorHarness.StartSimulatorAsync(o =>
        {
            o.MaxMessagesPerSession = 1_000_000;
            o.CallProgressDelay = TimeSpan.FromMilliseconds(20);
            o.DisconnectLinger = TimeSpan.FromMilliseconds(100);
        });
        await using var connected = await SimulatorHarness.ConnectAsync(sim, configure: o =>
        {
            o.MessageRetrieval = mode;
            o.MaxLoginAttempts = 8;
        });
        var session = connected.Session;
        var client = connected.Client;
        var errors = new ConcurrentQueue<IcwsErrorEventArgs>();
        session.Error += (_, e) => errors.Enqueue(e);

        // Two long calls with their own interaction watches: nobody hangs them up.
        var longCalls = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            longCalls.Add((await client.Interactions.CreateAsync(new CreateCallParameters { Target = "555-77" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture), Workgroup = "Support" })).InteractionId);
        }

        // One queue watch per queue on purpose (ICWS2003 would rather have one for all): many subscriptions to restore.
        var queueWatches = new List<(int Type, string Name, QueueWatch<InteractionAttributes> Watch)>();
        foreach (var (type, name) in Queues)
        {
            var id = new QueueId { QueueType = (QueueType)type, QueueName = name };
#pragma warning disable ICWS2003
            queueWatches.Add((type, name, await client.Queues.WatchAsync("chaos-" + name.ToLowerInvariant(), [id], Watched)));
#pragma warning restore ICWS2003
        }

        // Two interaction watches on purpose (ICWS2003 would rather have one queue watch): they test re-subscription of that kind too.
        var interactionWatches = new List<InteractionWatch<InteractionAttributes>>
        {
            await client.Interactions.WatchAsync(longCalls[0], Watched),
            await client.Interactions.WatchAsync(longCalls[1], Watched),
        };

        var watchCount = session.Watches.Count;
        await Task.WhenAll(queueWatches.Select(w => w.Watch.WaitForSnapshotAsync()).Concat(interactionWatches.Select(w => w.WaitForSnapshotAsync()))).WaitAsync(TimeSpan.FromSeconds(15));

        // Memory before: after warm-up, with everything set up.
        var heapBefore = FullGcHeap();
        var workingSetBefore = Environment.WorkingSet;
        var logins0 = sim.Counters.Logins;
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(duration);
        sim.StartActivity(TimeSpan.FromMilliseconds(40), seed);

        var operations = new ConcurrentDictionary<string, int>();
        var injected = new ConcurrentDictionary<string, int>();
        var peakHeap = 0L;
        var faults = Task.Run(() => InjectFaultsAsync(sim, session, new Random(seed * 3), injected, stop.Token));
        var workers = Enumerable.Range(0, 2).Select(w => Task.Run(() => OperateAsync(sim, client, new Random(seed * 5 + w), longCalls, operations, stop.Token))).ToArray();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                await Task.Delay(100).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        });
        await Task.WhenAll(workers.Append(faults).Append(sampler));
        var chaosTime = clock.Elapsed;

        // Faults off; the activity stops; calls in flight settle.
        sim.Faults.ResponseDelay = TimeSpan.Zero;
        sim.Faults.SetPathDelay("messaging/messages", TimeSpan.Zero);
        sim.Faults.RejectLogins503(0);
        await sim.StopActivityAsync();
        var settle = Stopwatch.StartNew();

        // A final change everywhere proves the pump still runs: then every view must equal the simulator.
        var marker = sim.AddIncomingCall("Support", "Final Marker", "555-0000");
        var mismatches = new List<string>();
        try
        {
            await Wait.UntilAsync(() => queueWatches[0].Watch.TryGet(marker, out _), "the final marker call in the Support view", 60_000);
            await Wait.UntilAsync(() => Mismatches(sim, queueWatches, interactionWatches, longCalls).Count == 0, "every view to equal the simulator", 30_000);
        }
        catch (TimeoutException)
        {
        }

        mismatches.AddRange(Mismatches(sim, queueWatches, interactionWatches, longCalls));
        var settleTime = settle.Elapsed;

        // No retry loop: in a quiet second, count what the session sends.
        await Task.Delay(300);
        var requestsBefore = connected.Recorder.Requests.Count;
        var loginsBefore = sim.Counters.Logins;
        await Task.Delay(1000);
        var quietRequests = connected.Recorder.Requests.Count - requestsBefore;
        var quietLogins = sim.Counters.Logins - loginsBefore;

        var states = queueWatches.Select(w => w.Watch.State).Concat(interactionWatches.Select(w => w.State)).ToList();
        var watchesAtTheEnd = session.Watches.Count;
        var faultsOfWatches = queueWatches.Select(w => w.Watch.Fault).Concat(interactionWatches.Select(w => w.Fault)).Where(f => f is not null)
            .Select(f => f!.GetType().Name + ": " + f.Message).Distinct().ToList();
        foreach (var watch in interactionWatches)
        {
            await watch.DisposeAsync();
        }

        foreach (var (_, _, watch) in queueWatches)
        {
            await watch.DisposeAsync();
        }

        var renewal = typeof(IcwsSession).GetField("_renewal", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)?.GetValue(session) as Task;
        var heapAfter = FullGcHeap();
        var workingSetAfter = Environment.WorkingSet;
        var sessionEnding = sim.Counters.GetFaults("expire-session") + sim.Counters.GetFaults("switchover");
        var report = $"""
            mode {mode}, seed {seed}: chaos {chaosTime.TotalSeconds:F1} s, settled in {settleTime.TotalSeconds:F1} s
            faults injected (simulator counters): {string.Join(", ", sim.Counters.Faults.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}"))}
            faults injected (by this test): {string.Join(", ", injected.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}"))}
            operations: {operations.Values.Sum()} ({string.Join(", ", operations.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}"))}); activity calls and changes by the simulator's generator
            renewals {session.Renewals}, logins {sim.Counters.Logins - logins0} (session-ending faults {sessionEnding}); server now {session.Server.Authority}
            pump: {session.MessageStatistics}; errors raised {errors.Count} (fatal {errors.Count(e => e.IsFatal)}); simulator messages sent {sim.Counters.MessagesSent}, dropped {sim.Counters.MessagesDropped}
            watches: {watchCount} before, {watchesAtTheEnd} at the end, {states.Count(s => s == WatchState.Active)} Active ({string.Join(", ", states.GroupBy(s => s).Select(g => $"{g.Key} {g.Count()}"))})
            watch faults: {string.Join(" | ", faultsOfWatches.Take(5))}
            mismatches: {mismatches.Count} {string.Join("; ", mismatches.Take(10))}
            session internals: pending renewal {(renewal is null ? "none" : renewal.Status.ToString())}
            quiet second after the run: {quietRequests} requests, {quietLogins} logins
            memory: managed heap {heapBefore / 1024} KB before, {heapAfter / 1024} KB after (peak sampled {peakHeap / 1024} KB); working set {workingSetBefore / (1024 * 1024)} MB before, {workingSetAfter / (1024 * 1024)} MB after
            """;
        Report.Write(_output, $"{nameof(ChaosTests)} {mode}", report);
        if (Environment.GetEnvironmentVariable("ICWS_CHAOS_LOG") is { Length: > 0 } logPath)
        {
            // Debugging aid: the session's whole log (Trace level).
            System.IO.File.WriteAllLines(logPath + "." + mode + ".log", connected.Logs.Lines);
        }

        Assert.True(mismatches.Count == 0, report);
        Assert.True(states.All(s => s == WatchState.Active), report);
        Assert.Equal(watchCount, watchesAtTheEnd);
        Assert.DoesNotContain(operations.Keys, k => k.Contains("UNTYPED", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.IsFatal);
        // Bounded retries: no logins in a quiet second, and few requests (polling: one per interval at most).
        Assert.True(quietLogins == 0, report);
        Assert.True(quietRequests <= (mode == MessageRetrieval.Polling ? 60 : 5), report);
        Assert.True(sim.Counters.Logins - logins0 <= (2 * sessionEnding) + sim.Counters.GetFaults("reject-login-503") + 5, report);
        // Bounded memory: the heap after the run stays within 64 MB of the heap before it.
        Assert.True(heapAfter - heapBefore < 64L * 1024 * 1024, report);
    }

    internal static long FullGcHeap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static List<string> Mismatches(IcwsSimulator sim, List<(int Type, string Name, QueueWatch<InteractionAttributes> Watch)> queueWatches, List<InteractionWatch<InteractionAttributes>> interactionWatches, List<string> longCalls)
    {
        var mismatches = new List<string>();
        foreach (var (type, name, watch) in queueWatches)
        {
            var oracle = sim.GetQueue(type, name).ToDictionary(
                i => i.Id,
                i => Watched.Where(n => i[n] is not null).ToDictionary(n => n, n => i[n]!, StringComparer.OrdinalIgnoreCase),
                StringComparer.Ordinal);
            mismatches.AddRange(MessageFuzzTests.Differences(watch, oracle).Select(d => $"{name}: {d}"));
        }

        for (var i = 0; i < interactionWatches.Count; i++)
        {
            var actual = sim.GetInteraction(longCalls[i]);
            var seen = interactionWatches[i].TryGetCurrent(out var view);
            if (actual is null || !seen)
            {
                mismatches.Add($"interaction {longCalls[i]}: simulator {(actual is null ? "gone" : "has it")}, view {(seen ? "has it" : "empty")}");
                continue;
            }

            foreach (var name in Watched)
            {
                if (actual[name] is { } value && !string.Equals(view[name], value, StringComparison.Ordinal))
                {
                    mismatches.Add($"interaction {longCalls[i]}.{name}: view '{view[name]}', simulator '{value}'");
                }
            }
        }

        return mismatches;
    }

    private static async Task InjectFaultsAsync(IcwsSimulator sim, IcwsSession session, Random random, ConcurrentDictionary<string, int> injected, CancellationToken stop)
    {
        void Count(string kind) => injected.AddOrUpdate(kind, 1, (_, n) => n + 1);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(random.Next(60, 300), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var only = Environment.GetEnvironmentVariable("ICWS_CHAOS_FAULTS");
            var kind = random.Next(11);
            if (!string.IsNullOrEmpty(only) && !only.Split(',').Contains(kind.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            {
                // Debugging aid: ICWS_CHAOS_FAULTS=4,5 injects only those kinds (the case numbers below).
                continue;
            }

            switch (kind)
            {
                case 0:
                    if (session.IsConnected)
                    {
                        sim.Faults.ExpireSession(session.SessionId);
                        Count("expire this session");
                    }

                    break;
                case 1:
                    sim.Faults.ExpireAllSessions();
                    Count("expire all sessions");
                    break;
                case 2:
                    sim.Faults.Switchover();
                    Count("switchover");
                    break;
                case 3:
                    sim.Faults.RejectLogins503(1 + random.Next(2));
                    Count("reject next logins with 503");
                    break;
                case 4:
                case 5:
                    sim.Faults.DropEventStreams();
                    Count("drop event streams");
                    break;
                case 6:
                case 7:
                    sim.Faults.FailNextRequests(random.Next(2) == 0 ? 500 : 502, 1 + random.Next(3), random.Next(3) switch { 0 => null, 1 => "interactions", _ => "messaging" });
                    Count("fail next requests (500/502)");
                    break;
                case 8:
                    sim.Faults.ResponseDelay = TimeSpan.FromMilliseconds(random.Next(50, 400));
                    Count("slow responses");
                    _ = Task.Delay(random.Next(100, 600)).ContinueWith(_ => sim.Faults.ResponseDelay = TimeSpan.Zero, TaskScheduler.Default);
                    break;
                case 9:
                    sim.Faults.SetPathDelay("messaging/messages", TimeSpan.FromMilliseconds(random.Next(100, 800)));
                    Count("slow message retrieval");
                    _ = Task.Delay(random.Next(200, 800)).ContinueWith(_ => sim.Faults.SetPathDelay("messaging/messages", TimeSpan.Zero), TaskScheduler.Default);
                    break;
                default:
                    sim.Faults.InjectRawMessage(null, """{"__type":"urn:inin.com:future:chaosMessage","isDelta":true}""");
                    Count("unknown message");
                    break;
            }
        }
    }

    /// <summary>Client calls that create, change and remove interactions; every outcome is counted (typed errors are expected under faults).</summary>
    private static async Task OperateAsync(IcwsSimulator sim, IcwsClient client, Random random, List<string> longCalls, ConcurrentDictionary<string, int> operations, CancellationToken stop)
    {
        var mine = new List<string>();
        while (!stop.IsCancellationRequested)
        {
            string name;
            Func<Task> call;
            var support = sim.GetQueue(2, "Support").Where(i => !longCalls.Contains(i.Id)).ToList();
            var roll = random.Next(100);
            if (roll < 25 || mine.Count == 0)
            {
                name = "create";
                call = async () => mine.Add((await client.Interactions.CreateAsync(new CreateCallParameters { Target = "555-" + random.Next(1000, 9999), Workgroup = random.Next(2) == 0 ? "Support" : "InsideSales" }, stop)).InteractionId);
            }
            else if (roll < 40)
            {
                var id = mine[random.Next(mine.Count)];
                name = "hold";
                call = () => client.Interactions.HoldAsync(id, on: random.Next(2) == 0, stop);
            }
            else if (roll < 50)
            {
                var id = mine[random.Next(mine.Count)];
                name = "mute";
                call = () => client.Interactions.MuteAsync(id, on: random.Next(2) == 0, stop);
            }
            else if (roll < 60 && support.FirstOrDefault(i => i.State == "O") is { } offering)
            {
                name = "pickup";
                call = async () =>
                {
                    await client.Interactions.PickupAsync(offering.Id, stop);
                    mine.Add(offering.Id);
                };
            }
            else if (roll < 80)
            {
                var id = mine[random.Next(mine.Count)];
                name = "disconnect";
                call = async () =>
                {
                    mine.Remove(id);
                    await client.Interactions.DisconnectAsync(id, stop);
                };
            }
            else
            {
                var id = support.Count > 0 && random.Next(2) == 0 ? support[random.Next(support.Count)].Id : longCalls[random.Next(longCalls.Count)];
                name = "get attributes";
                call = () => client.Interactions.GetAttributesAsync(id, [Attr.Eic_State, Attr.Eic_RemoteName], stop);
            }

            string outcome;
            try
            {
                await call();
                outcome = "ok";
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                outcome = "cancelled at the end";
            }
            catch (IcwsApiException ex)
            {
                outcome = $"IcwsApiException {(int)ex.StatusCode}";
            }
            catch (IcwsException ex)
            {
                outcome = ex.GetType().Name;
            }
            catch (Exception ex)
            {
                outcome = "UNTYPED " + ex.GetType().Name;
            }

            operations.AddOrUpdate($"{name}: {outcome}", 1, (_, n) => n + 1);
            try
            {
                await Task.Delay(random.Next(5, 40), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

/// <summary>Tests that measure time and memory: they run alone, after the parallel ones, so other tests do not skew their figures.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ExclusiveCollection
{
    public const string Name = "Exclusive (time and memory figures)";
}
