using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Icws.Client;
using Icws.Reliability.Tests.Chaos;
using Icws.Reliability.Tests.Infrastructure;
using Icws.Simulator;
using Xunit;
using Xunit.Abstractions;

namespace Icws.Reliability.Tests.Lifecycle;

/// <summary>
/// Sessions disposed at random moments of their life: while logging in (the login answered late, or not until
/// cancelled, or with 503s naming an alternate host), right after the pump starts (watches being started, a
/// <c>ReadMessagesAsync</c> reader), while an event stream reconnects (streams dropped, polls failing), while the session
/// is renewed (expired, logins answered 503) and while many watches are subscribed again (slow PUTs), over server-sent
/// events and polling, against an in-memory server with exact delays (<see cref="LifecycleServer"/>, most cases: the
/// moment of disposal is often "while request X is in flight") and against the simulator over real sockets (a quarter;
/// some of those with the session's own HttpClient, so that closing it cuts requests off). Each case asserts:
/// <list type="bullet">
/// <item><c>DisposeAsync</c> returns within 10 s and never throws (two concurrent disposals, or one from the session's
/// own <c>Renewed</c> handler, included);</item>
/// <item>no background task of the session is still running (<c>IcwsSession.BackgroundTasks</c>: latest login and
/// renewal, the pump's loop, the re-subscriptions), no request of the session is in flight, and none starts afterwards;</item>
/// <item>every watch it returned ends <see cref="WatchState.Disposed"/> (not faulted by the disposal), every message and
/// change reader completes normally, every call the test had in flight completes;</item>
/// <item>no fatal error is raised, the disposal itself is never raised as an error (ObjectDisposedException, the pump
/// stopping), no error is raised after <c>DisposeAsync</c> returned, no dispose step logged a failure, and no task
/// exception goes unobserved (checked with full GCs at the end).</item>
/// </list>
/// Seeds: the fixed seed and a fresh one per run (printed); <c>ICWS_FUZZ_SEED=&lt;seed&gt; ICWS_DISPOSE_CASE=&lt;index&gt;</c>
/// reruns one case (its choices are the same; the timing of a race may not be). Size: <c>ICWS_DISPOSE_CASES</c> per seed
/// (CI 2,000; full 20,000).
/// </summary>
[Collection(ExclusiveCollection.Name)]
public class DisposeChaosTests
{
    private const string RerunFilter = "--filter FullyQualifiedName~DisposeChaosTests";
    private const int SimulatorShare = 25;
    private static readonly TimeSpan DisposeBound = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan SettleBound = TimeSpan.FromSeconds(10);
    private static readonly string[] Watched = [Attr.Eic_State, Attr.Eic_RemoteName];

    private readonly ITestOutputHelper _output;

    public DisposeChaosTests(ITestOutputHelper output) => _output = output;

    private enum Phase
    {
        Login,
        PumpStart,
        StreamReconnect,
        Renewal,
        Resubscription,
    }

    [Fact]
    public Task DisposingAtRandomMoments_FixedSeed_NeverThrows_AndLeavesNothingRunning()
        => RunAsync(Sizes.FuzzSeed, Sizes.FuzzSeedIsSet ? "from ICWS_FUZZ_SEED" : "the fixed seed");

    [Fact]
    public Task DisposingAtRandomMoments_FreshSeed_NeverThrows_AndLeavesNothingRunning()
    {
        if (Sizes.FuzzSeedIsSet || Environment.GetEnvironmentVariable("ICWS_DISPOSE_CASE") is { Length: > 0 })
        {
            _output.WriteLine("ICWS_FUZZ_SEED or ICWS_DISPOSE_CASE is set: no fresh seed drawn.");
            return Task.CompletedTask;
        }

        var seed = Sizes.DrawFreshSeed();
        Report.Write(_output, nameof(DisposeChaosTests), $"fresh seed {seed} drawn (rerun: ICWS_FUZZ_SEED={seed} dotnet test tests/Icws.Reliability.Tests {RerunFilter})");
        return RunAsync(seed, "fresh seed drawn for this run");
    }

    private async Task RunAsync(int seed, string origin)
    {
        var only = int.TryParse(Environment.GetEnvironmentVariable("ICWS_DISPOSE_CASE"), out var one) ? one : (int?)null;
        var cases = only is { } o ? [o] : Enumerable.Range(0, Sizes.DisposeCases).ToArray();
        var stats = new Stats();
        var violations = new Violations();

        // Unobserved task exceptions: only this run's (it runs alone, in the exclusive collection).
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var unobserved = new ConcurrentQueue<Exception>();
        EventHandler<UnobservedTaskExceptionEventArgs> onUnobserved = (_, e) => unobserved.Enqueue(e.Exception);
        TaskScheduler.UnobservedTaskException += onUnobserved;
        var clock = Stopwatch.StartNew();
        var probes = new ConcurrentQueue<(int Index, SessionProbe Probe)>();
        try
        {
            await using var sim0 = await SimulatorHarness.StartSimulatorAsync();
            await using var sim1 = await SimulatorHarness.StartSimulatorAsync();
            var workers = Math.Max(4, 4 * Environment.ProcessorCount);
            await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
            {
                using var fake = new LifecycleServer();
                using var sockets = new SocketsHttpHandler { UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) };
                var worker = new Worker(fake, w % 2 == 0 ? sim0 : sim1, sockets, stats.Missed);
                for (var i = w; i < cases.Length; i += workers)
                {
                    var index = cases[i];
                    try
                    {
                        await RunCaseAsync(seed, index, worker, stats, violations, probes);
                    }
                    catch (Exception ex)
                    {
                        violations.Add("the test itself failed", $"case {index}: {ex}");
                    }
                }
            })));

            // Nothing may start late: a quiet moment, then every probe must have seen no request after its disposal.
            await Task.Delay(300);
            foreach (var (index, probe) in probes)
            {
                if (!probe.Late.IsEmpty)
                {
                    violations.Add("requests started after DisposeAsync returned", $"case {index}: {string.Join(", ", probe.Late.Take(5))}");
                }
            }

            foreach (var (index, late) in stats.LateErrors)
            {
                violations.Add("an Error event after DisposeAsync returned", $"case {index}: {late}");
            }
        }
        finally
        {
            for (var i = 0; i < 3; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                await Task.Delay(50);
            }

            TaskScheduler.UnobservedTaskException -= onUnobserved;
        }

        foreach (var exception in unobserved.Take(10))
        {
            violations.Add("an unobserved task exception", exception.ToString());
        }

        var text = new StringBuilder()
            .AppendLine($"seed {seed} ({origin}); {cases.Length} disposals in {clock.Elapsed.TotalSeconds:F1} s; rerun: ICWS_FUZZ_SEED={seed} dotnet test tests/Icws.Reliability.Tests {RerunFilter}")
            .AppendLine($"cases: {Describe(stats.Cases)}")
            .AppendLine($"moment of disposal: {Describe(stats.Moments)}")
            .AppendLine($"awaited requests that never came (disposed 2 s later instead): {Describe(stats.Missed)}")
            .AppendLine($"DisposeAsync: p50 {Percentile(stats.DisposeMs, 0.5):F1} ms, p99 {Percentile(stats.DisposeMs, 0.99):F1} ms, max {Percentile(stats.DisposeMs, 1):F1} ms")
            .AppendLine($"calls in flight at disposal ended: {Describe(stats.Outcomes)}")
            .AppendLine($"watches returned: {Describe(stats.WatchStates)}")
            .AppendLine($"errors raised: {Describe(stats.Errors)}")
            .AppendLine($"errors raised once disposal began: {Describe(stats.ErrorsWhileDisposing)}")
            .AppendLine($"warnings and errors logged: {Describe(stats.Logs)}")
            .AppendLine($"unobserved task exceptions: {unobserved.Count}")
            .AppendLine($"violations: {violations.Count}");
        violations.Describe(text);
        if (violations.Count > 0)
        {
            text.AppendLine($"rerun one case: ICWS_FUZZ_SEED={seed} ICWS_DISPOSE_CASE=<index> dotnet test tests/Icws.Reliability.Tests {RerunFilter}");
        }

        Report.Write(_output, nameof(DisposeChaosTests), text.ToString());
        Assert.True(violations.Count == 0, text.ToString());
    }

    private static async Task RunCaseAsync(int seed, int index, Worker worker, Stats stats, Violations violations, ConcurrentQueue<(int, SessionProbe)> probes)
    {
        var random = new Random(unchecked((seed * 31) + index));
        var phase = (Phase)random.Next(5);
        var mode = random.Next(2) == 0 ? MessageRetrieval.ServerSentEvents : MessageRetrieval.Polling;
        var onSimulator = random.Next(100) < SimulatorShare;
        var ownClient = onSimulator && random.Next(100) < 30;
        var fake = worker.Fake;
        var sim = worker.Simulator;
        var name = $"case {index} ({phase}, {mode}, {(onSimulator ? ownClient ? "simulator, own HttpClient" : "simulator" : "fake server")})";
        stats.Count(stats.Cases, $"{phase}/{(onSimulator ? "simulator" : "fake")}");
        worker.BeginCase($"{phase}, {mode}");

        SessionProbe? probe = null;
        HttpClient? http = null;
        if (!ownClient)
        {
            probe = new SessionProbe(onSimulator ? worker.Sockets : fake);
            http = new HttpClient(probe, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(30) };
            probes.Enqueue((index, probe));
        }

        if (!onSimulator)
        {
            fake.Reset();
        }

        var logs = new CaseLogs(stats.Logs);
        var options = new IcwsSessionOptions
        {
            Server = onSimulator ? sim.BaseAddress : new Uri(LifecycleServer.Primary),
            Credentials = IcwsCredentials.Password("agent", "agent-pass"),
            HttpClient = http,
            LoggerFactory = logs,
            MessageRetrieval = mode,
            MaxLoginAttempts = random.Next(3, 9),
            RetryDelay = TimeSpan.FromMilliseconds(random.Next(1, 6)),
            MaxRetryDelay = TimeSpan.FromMilliseconds(20),
            PollingInterval = TimeSpan.FromMilliseconds(random.Next(1, 10)),
        };
        var session = IcwsSession.Create(options);
        var client = new IcwsClient(session);
        var closed = 0;
        var disposalBegan = 0;
        session.Error += (_, e) =>
        {
            if (Volatile.Read(ref closed) != 0)
            {
                stats.LateErrors.Enqueue((index, $"{e.Context}: {e.Exception.GetType().Name}: {e.Exception.Message}"));
            }

            if (Volatile.Read(ref disposalBegan) != 0)
            {
                stats.Count(stats.ErrorsWhileDisposing, $"{e.Context}: {e.Exception.GetType().Name}");

                // The disposal's own doing is no error (an error met before it, by a fetch already under way, may still be raised).
                if (e.Exception is ObjectDisposedException || e.Context.Contains("stopping", StringComparison.Ordinal))
                {
                    violations.Add("the disposal raised as an Error event", $"{name}: {e.Context}: {e.Exception}");
                }
            }

            if (e.IsFatal)
            {
                violations.Add("a fatal Error event", $"{name}: {e.Context}: {e.Exception}");
            }

            stats.Count(stats.Errors, $"{e.Context}: {e.Exception.GetType().Name}");
        };

        var calls = new List<(string What, Task Task)>();
        var watches = new List<Task<QueueWatch<InteractionAttributes>>>();
        var readers = new List<(string What, Task Task)>();
        Task? disposing = null;
        var disposeOnRenewal = 0;
        session.Renewed += (_, _) =>
        {
            if (Interlocked.Exchange(ref disposeOnRenewal, 0) != 0)
            {
                Volatile.Write(ref disposalBegan, 1);
                // Disposing from the session's own event: not awaited here (it is awaited below).
                Volatile.Write(ref disposing, session.DisposeAsync().AsTask());
            }
        };

        Task<QueueWatch<InteractionAttributes>> StartWatch(int n)
        {
            var queue = onSimulator
                ? n % 2 == 0 ? new QueueId { QueueType = QueueType.User, QueueName = "agent" } : SimulatorHarness.Workgroup("Support")
                : SimulatorHarness.Workgroup("W" + n.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var watch = client.Queues.WatchAsync($"lc-{index}-{n}", [queue], Watched);
            watches.Add(watch);
            calls.Add(("Queues.Watch", watch));
            return watch;
        }

        void StartReader()
        {
            readers.Add(("messages", Read(session.ReadMessagesAsync())));
        }

        async Task<bool> SetUpAsync(Func<Task> step)
        {
            try
            {
                await step().WaitAsync(SettleBound);
                return true;
            }
            catch (TimeoutException)
            {
                violations.Add("setting up hung", $"{name}: not done in {SettleBound.TotalSeconds} s");
                return false;
            }
            catch (Exception ex) when (ex is IcwsException or HttpRequestException or OperationCanceledException)
            {
                // A login refused by another case's 503s on a shared simulator: dispose this session as it is.
                stats.Count(stats.Moments, "setup failed: " + ex.GetType().Name);
                return false;
            }
        }

        Task Trigger(string kind, int nth) => onSimulator ? Task.Delay(random.Next(0, 25)) : worker.When(kind, nth);

        string moment;
        switch (phase)
        {
            case Phase.Login:
            {
                var stall = random.Next(4) == 0;
                if (onSimulator)
                {
                    sim.Faults.SetPathDelay("icws/connection", TimeSpan.FromMilliseconds(random.Next(0, 20)));
                }
                else
                {
                    fake.LoginDelay = stall ? TimeSpan.FromSeconds(30) : TimeSpan.FromMilliseconds(random.Next(0, 20));
                    fake.Logins503 = random.Next(3) == 0 ? random.Next(1, 3) : 0;
                }

                var starter = random.Next(3);
                // While the first login is in flight, or (when the first ones answer 503) while the one on the alternate host is.
                var trigger = random.Next(3) == 0 ? Task.Delay(random.Next(0, 25)) : Trigger("login", stall ? 1 : 1 + fake.Logins503);
                switch (starter)
                {
                    case 0:
                        calls.Add(("ConnectAsync", session.ConnectAsync()));
                        break;
                    case 1:
                        _ = StartWatch(0);
                        break;
                    default:
                        StartReader();
                        break;
                }

                await trigger;
                moment = $"login ({new[] { "ConnectAsync", "a watch", "a reader" }[starter]}{(stall ? ", login stalled" : string.Empty)})";
                break;
            }

            case Phase.PumpStart:
            {
                if (!await SetUpAsync(() => session.ConnectAsync()))
                {
                    moment = "pump start (not logged in)";
                    break;
                }

                var kind = mode == MessageRetrieval.Polling ? "poll" : "stream";
                var trigger = random.Next(4) switch
                {
                    0 => Task.CompletedTask,
                    1 => Task.Delay(random.Next(0, 5)),
                    2 => Trigger("put", 1),
                    _ => Trigger(kind, 1),
                };
                if (random.Next(2) == 0)
                {
                    StartReader();
                }

                for (var n = random.Next(1, 4); n > 0; n--)
                {
                    _ = StartWatch(n);
                }

                await trigger;
                moment = "pump start";
                break;
            }

            case Phase.StreamReconnect:
            {
                if (!await SetUpAsync(() => session.ConnectAsync()) || !await SetUpAsync(() => StartWatch(0)))
                {
                    moment = "stream reconnect (not set up)";
                    break;
                }

                StartReader();
                var drops = random.Next(1, 5);
                var disposeAt = random.Next(drops);
                moment = "stream reconnect";
                for (var d = 0; d < drops; d++)
                {
                    var kind = mode == MessageRetrieval.Polling ? "poll" : "stream";
                    var reconnected = Trigger(kind, 1);
                    if (mode == MessageRetrieval.Polling)
                    {
                        if (onSimulator)
                        {
                            sim.Faults.FailNextRequests(500, 2, "messaging/messages");
                        }
                        else
                        {
                            fake.FailEveryPoll = 2;
                            fake.PollDelay = TimeSpan.FromMilliseconds(random.Next(0, 5));
                        }
                    }
                    else if (onSimulator)
                    {
                        sim.Faults.DropEventStreams();
                    }
                    else
                    {
                        fake.DropStreams();
                    }

                    if (d == disposeAt)
                    {
                        if (random.Next(2) == 0)
                        {
                            await reconnected;
                        }
                        else
                        {
                            await Task.Delay(random.Next(0, 10));
                        }

                        break;
                    }

                    await reconnected;
                }

                break;
            }

            case Phase.Renewal:
            {
                if (!await SetUpAsync(() => session.ConnectAsync()))
                {
                    moment = "renewal (not logged in)";
                    break;
                }

                // A reader, a watch or both: the pump must be running to notice the expiry.
                var what = random.Next(3);
                if (what != 1)
                {
                    StartReader();
                }

                if (what != 0 && !await SetUpAsync(() => StartWatch(0)))
                {
                    moment = "renewal (not set up)";
                    break;
                }

                var rejections = random.Next(0, 3);
                var how = random.Next(3);
                if (how == 0)
                {
                    Volatile.Write(ref disposeOnRenewal, 1);
                }

                var trigger = how switch
                {
                    0 => Task.CompletedTask,
                    1 => Task.Delay(random.Next(0, 30)),
                    _ => Trigger("login", 1 + random.Next(0, rejections + 1)),
                };
                if (onSimulator)
                {
                    sim.Faults.RejectLogins503(rejections);
                    sim.Faults.ExpireSession(session.SessionId);
                }
                else
                {
                    fake.Logins503 = rejections;
                    fake.LoginDelay = TimeSpan.FromMilliseconds(random.Next(0, 10));
                    fake.Expire(session.SessionId);
                }

                if (random.Next(2) == 0)
                {
                    // A call of the caller's own meets the expiry too and shares the renewal.
                    _ = StartWatch(1);
                }

                await (how == 0 ? WaitForAsync(() => Volatile.Read(ref disposing) is not null) : trigger);
                moment = $"renewal ({new[] { "disposed from the Renewed handler", "after a random delay", "while a login is in flight" }[how]})";
                break;
            }

            default:
            {
                if (!await SetUpAsync(() => session.ConnectAsync()))
                {
                    moment = "re-subscription (not logged in)";
                    break;
                }

                var count = random.Next(4, 13);
                if (!await SetUpAsync(() => Task.WhenAll(Enumerable.Range(0, count).Select(StartWatch))))
                {
                    moment = "re-subscription (not set up)";
                    break;
                }

                var putDelay = TimeSpan.FromMilliseconds(random.Next(2, 20));
                var how = random.Next(3);
                if (how == 0)
                {
                    Volatile.Write(ref disposeOnRenewal, 1);
                }

                var trigger = how switch
                {
                    0 => Task.CompletedTask,
                    1 => Task.Delay(random.Next(0, 60)),
                    _ => Trigger("put", random.Next(1, count + 1)),
                };
                // Sometimes the stream breaks (or a poll fails) too: the watches are subscribed again for fresh snapshots
                // while the renewal subscribes them again as well, two re-subscriptions at once.
                var drop = random.Next(2) == 0;
                if (onSimulator)
                {
                    sim.Faults.SetPathDelay("subscriptions", putDelay);
                    if (drop)
                    {
                        sim.Faults.DropEventStreams();
                    }

                    sim.Faults.ExpireSession(session.SessionId);
                }
                else
                {
                    fake.PutDelay = putDelay;
                    if (drop)
                    {
                        fake.DropStreams();
                        fake.BreakPolls = 1;
                    }

                    fake.Expire(session.SessionId);
                }

                await (how == 0 ? WaitForAsync(() => Volatile.Read(ref disposing) is not null) : trigger);
                moment = $"re-subscription of 4-12 watches{(drop ? " and a broken stream or poll" : string.Empty)} ({new[] { "disposed from the Renewed handler", "after a random delay", "while a PUT is in flight" }[how]})";
                break;
            }
        }

        stats.Count(stats.Moments, moment);

        // Dispose: once, twice at the same time, or from another thread (or it already began in the Renewed handler).
        var clock = Stopwatch.StartNew();
        Volatile.Write(ref disposalBegan, 1);
        var how2 = random.Next(10);
        var disposal = Volatile.Read(ref disposing) ?? how2 switch
        {
            0 => Task.WhenAll(session.DisposeAsync().AsTask(), Task.Run(() => session.DisposeAsync().AsTask())),
            1 => Task.Run(() => session.DisposeAsync().AsTask()),
            _ => session.DisposeAsync().AsTask(),
        };
        try
        {
            await disposal.WaitAsync(DisposeBound);
        }
        catch (TimeoutException)
        {
            violations.Add("DisposeAsync did not return", $"{name}, {moment}: not within {DisposeBound.TotalSeconds} s; still running: {Running(session)}");
        }
        catch (Exception ex)
        {
            violations.Add("DisposeAsync threw", $"{name}, {moment}: {ex}");
        }

        // When disposing began in the Renewed handler, a second disposal must wait for it (and not throw either).
        try
        {
            await session.DisposeAsync().AsTask().WaitAsync(DisposeBound);
        }
        catch (Exception ex)
        {
            violations.Add("a second DisposeAsync threw", $"{name}, {moment}: {ex}");
        }

        stats.DisposeMs.Enqueue(clock.Elapsed.TotalMilliseconds);
        Volatile.Write(ref closed, 1);
        probe?.Close();
        var callsDone = calls.All(c => c.Task.IsCompleted);

        // Nothing of the session runs any more.
        if (Running(session) is { Length: > 0 } running)
        {
            violations.Add("a background task still running after DisposeAsync returned", $"{name}, {moment}: {running}");
        }

        if (probe is not null && callsDone && probe.InFlight > 0)
        {
            violations.Add("requests in flight after DisposeAsync returned", $"{name}, {moment}: {string.Join(", ", probe.InFlightRequests)}");
        }

        // The caller's own calls end (with whatever the disposal gave them), and so do its readers.
        foreach (var (what, task) in calls)
        {
            try
            {
                await task.WaitAsync(SettleBound);
                stats.Count(stats.Outcomes, what + ": completed");
            }
            catch (TimeoutException)
            {
                violations.Add("a call never completed", $"{name}, {moment}: {what}");
            }
            catch (Exception ex)
            {
                stats.Count(stats.Outcomes, $"{what}: {ex.GetType().Name}");
                if (ex is not (ObjectDisposedException or OperationCanceledException or IcwsException or HttpRequestException))
                {
                    violations.Add("a call failed with an unexpected exception", $"{name}, {moment}: {what}: {ex}");
                }
            }
        }

        foreach (var watchTask in watches)
        {
            if (watchTask.IsCompletedSuccessfully)
            {
                var watch = watchTask.Result;
                readers.Add(("changes", Read(watch.Changes)));
                stats.Count(stats.WatchStates, watch.State.ToString());
                if (watch.State != WatchState.Disposed)
                {
                    violations.Add($"a watch ended {watch.State}, not Disposed", $"{name}, {moment}: {watch.Key}: {watch.Fault}");
                }

                await watch.DisposeAsync();
            }
        }

        foreach (var (what, task) in readers)
        {
            try
            {
                await task.WaitAsync(SettleBound);
            }
            catch (TimeoutException)
            {
                violations.Add("a reader never completed", $"{name}, {moment}: {what}");
            }
            catch (Exception ex)
            {
                violations.Add("a reader failed instead of completing", $"{name}, {moment}: {what}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        if (probe is not null && probe.InFlight > 0)
        {
            violations.Add("requests in flight once every call ended", $"{name}, {moment}: {string.Join(", ", probe.InFlightRequests)}");
        }

        foreach (var problem in logs.Problems)
        {
            violations.Add("a dispose step failed or a handler threw", $"{name}, {moment}: {problem}");
        }

        http?.Dispose();
    }

    private static string Running(IcwsSession session)
        => string.Join(", ", session.BackgroundTasks.Where(t => !t.Value.IsCompleted).Select(t => t.Key));

    /// <summary>Reads a stream to its end; the first MoveNextAsync runs now, so the reader is registered before this returns.</summary>
    private static Task Read<T>(IAsyncEnumerable<T> source)
    {
        var enumerator = source.GetAsyncEnumerator();
        var first = enumerator.MoveNextAsync();
        return Task.Run(async () =>
        {
            try
            {
                for (var more = await first; more; more = await enumerator.MoveNextAsync())
                {
                }
            }
            finally
            {
                await enumerator.DisposeAsync();
            }
        });
    }

    /// <summary>Waits for a condition, at most 2 s.</summary>
    private static async Task WaitForAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.ElapsedMilliseconds < 2_000)
        {
            await Task.Delay(1);
        }
    }

    private static string Describe(ConcurrentDictionary<string, int> counts)
        => counts.IsEmpty ? "none" : string.Join(", ", counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"));

    private static double Percentile(ConcurrentQueue<double> values, double p)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1 < 0 ? 0 : (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    /// <summary>What one worker runs its cases against, one case at a time: its own fake server, a shared simulator.</summary>
    private sealed class Worker
    {
        private readonly object _gate = new();
        private (string Kind, int Remaining, TaskCompletionSource Done)? _waiting;

        public Worker(LifecycleServer fake, IcwsSimulator simulator, SocketsHttpHandler sockets, ConcurrentDictionary<string, int> missed)
        {
            Missed = missed;
            Fake = fake;
            Simulator = simulator;
            Sockets = sockets;
            fake.Arrived += OnArrived;
        }

        public LifecycleServer Fake { get; }

        public IcwsSimulator Simulator { get; }

        public SocketsHttpHandler Sockets { get; }

        /// <summary>What the current case is about (for the report).</summary>
        public string Phase { get; private set; } = string.Empty;

        /// <summary>Moments waited for that never came (the case was disposed 2 s later instead), by request kind.</summary>
        public ConcurrentDictionary<string, int> Missed { get; }

        /// <summary>Completes when the fake server receives the <paramref name="nth"/> request of a kind from now on (or after 2 s, if it never does).</summary>
        public Task When(string kind, int nth)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                _waiting?.Done.TrySetResult();
                _waiting = (kind, nth, done);
            }

            return WaitAsync(done, $"{kind} ({Phase})");
        }

        /// <summary>A new case: a moment the last one waited for (and no longer awaits) is dropped.</summary>
        public void BeginCase(string phase)
        {
            Phase = phase;
            lock (_gate)
            {
                _waiting?.Done.TrySetResult();
                _waiting = null;
            }
        }

        private async Task WaitAsync(TaskCompletionSource done, string what)
        {
            if (await Task.WhenAny(done.Task, Task.Delay(2_000)) != done.Task)
            {
                Missed.AddOrUpdate(what, 1, (_, n) => n + 1);
            }
        }

        private void OnArrived(string kind)
        {
            lock (_gate)
            {
                if (_waiting is { } waiting && waiting.Kind == kind)
                {
                    if (waiting.Remaining <= 1)
                    {
                        _waiting = null;
                        waiting.Done.TrySetResult();
                    }
                    else
                    {
                        _waiting = waiting with { Remaining = waiting.Remaining - 1 };
                    }
                }
            }
        }
    }

    /// <summary>What broke, by kind: the count of each and its first cases.</summary>
    private sealed class Violations
    {
        private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _byKind = new(StringComparer.Ordinal);

        public int Count => _byKind.Values.Sum(q => q.Count);

        public void Add(string kind, string detail) => _byKind.GetOrAdd(kind, _ => new ConcurrentQueue<string>()).Enqueue(detail);

        public void Describe(StringBuilder text)
        {
            foreach (var (kind, details) in _byKind.OrderByDescending(p => p.Value.Count))
            {
                text.AppendLine($"  {kind}: {details.Count}");
                foreach (var detail in details.Take(3))
                {
                    text.AppendLine("    " + detail);
                }
            }
        }
    }

    private sealed class Stats
    {
        public ConcurrentDictionary<string, int> Cases { get; } = new();

        public ConcurrentDictionary<string, int> Moments { get; } = new();

        public ConcurrentDictionary<string, int> Missed { get; } = new();

        public ConcurrentDictionary<string, int> Outcomes { get; } = new();

        public ConcurrentDictionary<string, int> WatchStates { get; } = new();

        public ConcurrentDictionary<string, int> Errors { get; } = new();

        public ConcurrentDictionary<string, int> ErrorsWhileDisposing { get; } = new();

        public ConcurrentDictionary<string, int> Logs { get; } = new();

        public ConcurrentQueue<double> DisposeMs { get; } = new();

        public ConcurrentQueue<(int Index, string Error)> LateErrors { get; } = new();

        public void Count(ConcurrentDictionary<string, int> counts, string key) => counts.AddOrUpdate(key, 1, (_, n) => n + 1);
    }
}
