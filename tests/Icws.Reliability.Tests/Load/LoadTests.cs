using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Icws.Client;
using Icws.Reliability.Tests.Chaos;
using Icws.Reliability.Tests.Infrastructure;
using Icws.Reliability.Tests.WireFuzz;
using Xunit;
using Xunit.Abstractions;

namespace Icws.Reliability.Tests.Load;

/// <summary>
/// Load: a workgroup queue of many interactions (<c>ICWS_LOAD_INTERACTIONS</c>: CI 500, full 10,000) watched by one
/// session, while another session changes it at a steady rate for <c>ICWS_LOAD_SECONDS</c> (CI 2, full 30): picks
/// calls up, holds and mutes them, hangs them up, and new calls arrive so the queue keeps its size. Measured:
/// the snapshot time, the message rate the pump sustains, the lag from each change (its request returned, or the
/// call was added) to the change in the watch's stream, lag in the first and last third of the run (a growing
/// backlog shows as growing lag), the time to be exact once changes stop, and memory.
/// <c>ICWS_LOAD_RATE</c> sets the changes per second (CI 300, full 1,000; 0 = as fast as the server takes them).
/// </summary>
[Collection(ExclusiveCollection.Name)]
public class LoadTests
{
    private static readonly string[] Watched = [Attr.Eic_State, Attr.Eic_RemoteName, Attr.Eic_RemoteAddress, Attr.Eic_UserName, Attr.Eic_Muted];

    private readonly ITestOutputHelper _output;

    public LoadTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task ABigWorkgroupQueue_WithSustainedChanges_IsFollowedWithoutGrowingBacklog()
    {
        var size = Sizes.LoadInteractions;
        var seconds = Sizes.LoadSeconds;
        var rate = int.TryParse(Environment.GetEnvironmentVariable("ICWS_LOAD_RATE"), out var r) && r >= 0 ? r : Sizes.Full ? 1_000 : 300;
        var random = new Random(Sizes.FuzzSeed);
        await using var sim = await SimulatorHarness.StartSimulatorAsync(o =>
        {
            o.MaxMessagesPerSession = 10_000_000;
            o.KeepAliveInterval = TimeSpan.FromSeconds(15);
        });

        var fill = Stopwatch.StartNew();
        var ids = new List<string>(size);
        for (var i = 0; i < size; i++)
        {
            ids.Add(sim.AddIncomingCall("Support", "Caller " + i, "555-" + (100_000 + i)));
        }

        var fillTime = fill.Elapsed;
        await using var watcher = await SimulatorHarness.ConnectAsync(sim, "agent", o => o.LoggerFactory = null);
        await using var changer = await SimulatorHarness.ConnectAsync(sim, "John.Smith", o => o.LoggerFactory = null);
        var heapBefore = ChaosTests.FullGcHeap();
        var workingSetBefore = Environment.WorkingSet;

        var snapshotClock = Stopwatch.StartNew();
        await using var watch = await watcher.Client.Queues.WatchAsync("load", [SimulatorHarness.Workgroup("Support")], Watched);
        var arrivals = new ConcurrentDictionary<string, ConcurrentQueue<long>>();
        var reading = Task.Run(async () =>
        {
            await foreach (var change in watch.Changes)
            {
                arrivals.GetOrAdd(change.InteractionId, _ => new ConcurrentQueue<long>()).Enqueue(Stopwatch.GetTimestamp());
            }
        });
        await watch.WaitForSnapshotAsync().WaitAsync(TimeSpan.FromMinutes(2));
        var snapshotTime = snapshotClock.Elapsed;
        var snapshotCount = watch.Count;
        Assert.Equal(size, snapshotCount);
        Assert.Equal(sim.GetQueue(2, "Support").Count, snapshotCount);

        // Sustained changes: one worker per kind of change, paced to the rate.
        var changes = new ConcurrentBag<(string Id, long Before, long After, string Kind)>();
        var failures = new ConcurrentDictionary<string, int>();
        var hung = new ConcurrentDictionary<string, int>();
        var live = new List<string>(ids);
        var offering = new List<string>(ids);
        var connected = new List<string>();
        var held = new HashSet<string>();
        var muted = new HashSet<string>();
        var gate = new object();
        var received0 = watcher.Session.MessageStatistics.Received;
        var sent0 = sim.Counters.MessagesSent;
        var run = Stopwatch.StartNew();
        var runStart = Stopwatch.GetTimestamp();
        var end = TimeSpan.FromSeconds(seconds);
        var done = 0L;
        var peakHeap = 0L;
        var workers = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            var rnd = new Random(Sizes.FuzzSeed * 13 + worker);
            while (run.Elapsed < end)
            {
                if (rate > 0)
                {
                    var due = TimeSpan.FromSeconds(Interlocked.Read(ref done) / (double)rate);
                    if (due > run.Elapsed)
                    {
                        // At least a millisecond: a shorter delay completes at once and the loop would spin.
                        await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, (due - run.Elapsed).TotalMilliseconds)));
                        continue;
                    }
                }

                Interlocked.Increment(ref done);
                string? id;
                string kind;
                Func<Task> act;
                lock (gate)
                {
                    var roll = rnd.Next(100);
                    if (roll < 30 && offering.Count > 0)
                    {
                        id = offering[rnd.Next(offering.Count)];
                        offering.Remove(id);
                        connected.Add(id);
                        kind = "pickup";
                        act = () => changer.Client.Interactions.PickupAsync(id);
                    }
                    else if (roll < 60 && connected.Count > 0)
                    {
                        // Always a real change (hold what is not held, and back): a no-op sends no message.
                        id = connected[rnd.Next(connected.Count)];
                        kind = rnd.Next(2) == 0 ? "hold" : "mute";
                        var flags = kind == "hold" ? held : muted;
                        var on = flags.Add(id) || !flags.Remove(id);
                        act = kind == "hold" ? () => changer.Client.Interactions.HoldAsync(id, on) : () => changer.Client.Interactions.MuteAsync(id, on);
                    }
                    else if (roll < 80 && live.Count > size / 2)
                    {
                        id = live[rnd.Next(live.Count)];
                        live.Remove(id);
                        offering.Remove(id);
                        connected.Remove(id);
                        held.Remove(id);
                        muted.Remove(id);
                        kind = "hang up";
                        act = () => changer.Client.Interactions.DisconnectAsync(id);
                    }
                    else
                    {
                        id = null;
                        kind = "new call";
                        act = () => Task.CompletedTask;
                    }
                }

                var before = Stopwatch.GetTimestamp();
                try
                {
                    if (id is null)
                    {
                        id = sim.AddIncomingCall("Support", "New Caller", "555-0" + rnd.Next(100_000, 999_999));
                        lock (gate)
                        {
                            live.Add(id);
                            offering.Add(id);
                        }
                    }
                    else
                    {
                        // Bounded: a call that never completes is a failure of the client, reported by its kind.
                        await act().WaitAsync(TimeSpan.FromSeconds(60));
                    }

                    changes.Add((id, before, Stopwatch.GetTimestamp(), kind));
                }
                catch (TimeoutException)
                {
                    hung.AddOrUpdate(kind, 1, (_, n) => n + 1);
                }
                catch (IcwsApiException ex)
                {
                    // Hold on a call in the wrong state, say: counted, not a failure of the client.
                    failures.AddOrUpdate($"{kind}: {(int)ex.StatusCode}", 1, (_, n) => n + 1);
                }

                if (Interlocked.Read(ref done) % 200 == 0)
                {
                    peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var changeTime = run.Elapsed;

        // Caught up: every change seen, and the view equal to the simulator's queue.
        var drain = Stopwatch.StartNew();
        var oracle = Oracle(sim);
        await MessageFuzzTests.WaitForViewAsync(watch, oracle, "the view to equal GetQueue after the load", 120_000);
        var drainTime = drain.Elapsed;
        var received = watcher.Session.MessageStatistics.Received - received0;
        var sent = sim.Counters.MessagesSent - sent0;

        // Lag of each change: from its request's return (or the call's creation) to its first change in the watch's stream after the request started.
        var lags = new List<(double At, double Ms)>();
        var unmatched = 0;
        foreach (var (id, before, after, _) in changes)
        {
            var seen = arrivals.TryGetValue(id, out var times) ? times.Where(t => t >= before).DefaultIfEmpty(-1).Min() : -1;
            if (seen < 0)
            {
                unmatched++;
                continue;
            }

            lags.Add(((after - runStart) / (double)Stopwatch.Frequency, Math.Max(0, (seen - after) * 1000.0 / Stopwatch.Frequency)));
        }

        var heapAfter = ChaosTests.FullGcHeap();
        var workingSetAfter = Environment.WorkingSet;
        var ordered = lags.OrderBy(l => l.At).ToList();
        var third = Math.Max(1, ordered.Count / 3);
        var first = Percentiles(ordered.Take(third).Select(l => l.Ms));
        var last = Percentiles(ordered.Skip(ordered.Count - third).Select(l => l.Ms));
        var all = Percentiles(ordered.Select(l => l.Ms));
        var report = $"""
            queue: {size} interactions in Support (filled in {fillTime.TotalSeconds:F1} s); snapshot of {snapshotCount} received and applied in {snapshotTime.TotalSeconds:F2} s
            changes: {changes.Count} in {changeTime.TotalSeconds:F1} s = {changes.Count / changeTime.TotalSeconds:F0}/s (target {(rate == 0 ? "unthrottled" : rate + "/s")}; {string.Join(", ", changes.GroupBy(c => c.Kind).Select(g => $"{g.Key} {g.Count()}"))}); refused {failures.Values.Sum()} ({string.Join(", ", failures.Select(p => $"{p.Key} {p.Value}"))}); never completed {hung.Values.Sum()} ({string.Join(", ", hung.Select(p => $"{p.Key} {p.Value}"))})
            messages: pump received {received} ({received / (changeTime + drainTime).TotalSeconds:F0}/s over the run), simulator sent {sent}; view exact {drainTime.TotalMilliseconds:F0} ms after the changes stopped; pump {watcher.Session.MessageStatistics}
            lag (ms) from change to the watch's stream: all p50 {all.P50:F1} p95 {all.P95:F1} p99 {all.P99:F1} max {all.Max:F1}; first third p50 {first.P50:F1} p95 {first.P95:F1}; last third p50 {last.P50:F1} p95 {last.P95:F1}; unmatched {unmatched}
            memory: managed heap {heapBefore / (1024 * 1024)} MB before the watch, {heapAfter / (1024 * 1024)} MB after (peak sampled {peakHeap / (1024 * 1024)} MB); working set {workingSetBefore / (1024 * 1024)} MB before, {workingSetAfter / (1024 * 1024)} MB after
            view at the end: {watch.Count} interactions = GetQueue {oracle.Count}; watch {watch.State}
            """;
        Report.Write(_output, nameof(LoadTests), report);

        Assert.True(hung.IsEmpty, "calls that never completed: " + string.Join(", ", hung.Select(p => $"{p.Key} {p.Value}")));
        Assert.Equal(WatchState.Active, watch.State);
        Assert.Equal(0, unmatched);
        // No growing backlog: the last third is not much slower than the first, and the view is exact soon after.
        Assert.True(last.P95 <= Math.Max(500, first.P95 * 4), report);
        Assert.True(drainTime < TimeSpan.FromSeconds(30), report);
        await watch.DisposeAsync();
        await reading;
    }

    private static Dictionary<string, Dictionary<string, string>> Oracle(Icws.Simulator.IcwsSimulator sim)
        => sim.GetQueue(2, "Support").ToDictionary(
            i => i.Id,
            i => Watched.Where(n => i[n] is not null).ToDictionary(n => n, n => i[n]!, StringComparer.OrdinalIgnoreCase),
            StringComparer.Ordinal);

    private static (double P50, double P95, double P99, double Max) Percentiles(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0)
        {
            return (0, 0, 0, 0);
        }

        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(q * sorted.Length))];
        return (At(0.50), At(0.95), At(0.99), sorted[^1]);
    }
}
