using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Icws.Client;
using Icws.Reliability.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Icws.Reliability.Tests.WireFuzz;

/// <summary>
/// Wire fuzzing of the message pump. Malformed messages (truncated JSON, wrong types, unknown <c>__type</c>, missing
/// required fields, very long strings, deep nesting, invalid UTF-8) arrive between valid queue changes, over
/// server-sent events and over polling:
/// <list type="bullet">
/// <item>through a <see cref="FakeIcwsServer"/> (any bytes, many cases; the fake's own queue model is the oracle);</item>
/// <item>through the simulator's <c>InjectRawMessage</c> (the real HTTP path; <c>GetQueue</c> is the oracle).</item>
/// </list>
/// Each odd message must come out of <c>ReadMessagesAsync</c> as a raw <see cref="UnknownIcwsMessage"/> (or decoded,
/// when the mutation left it valid for something else), or, for a polled batch that is not JSON at all, as an
/// <see cref="IcwsProtocolException"/> on <see cref="IcwsSession.Error"/>. The pump must go on, and at the end the
/// watch's view must equal the oracle. Size: <c>ICWS_WIRE_CASES</c> odd messages per mode (CI 300, full 5,000).
/// </summary>
public class MessageFuzzTests
{
    private readonly ITestOutputHelper _output;

    public MessageFuzzTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OddMessagesFromAFakeServer_AreKeptRaw_AndTheViewStaysExact(bool serverSentEvents)
    {
        var seed = Sizes.FuzzSeed;
        var random = new Random(unchecked(seed + (serverSentEvents ? 1 : 2)));
        var fake = new FakeIcwsServer();
        var feed = new FakeQueueFeed(fake, serverSentEvents, random);
        const int maxResponseBytes = 8 * 1024 * 1024;
        await using var session = await ClientResponseFuzzTests.ConnectFakeAsync(fake, maxResponseBytes: maxResponseBytes);
        var errors = new ConcurrentQueue<IcwsErrorEventArgs>();
        session.Error += (_, e) => errors.Enqueue(e);
        var client = new IcwsClient(session);
        await using var messages = new Recorder<IcwsMessage>(token => session.ReadMessagesAsync(token));
        await using var watch = await client.Queues.WatchAsync(FakeQueueFeed.SubscriptionId, [SimulatorHarness.Workgroup("Support")], FakeQueueFeed.Watched);
        await watch.WaitForSnapshotAsync().WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(serverSentEvents ? MessageRetrieval.ServerSentEvents : MessageRetrieval.Polling, session.ActiveMessageRetrieval);

        var clock = Stopwatch.StartNew();
        var odd = 0;
        var skipped = 0;
        var brokenBatches = 0;
        var valid = 1; // the snapshot
        var expectedReadable = 1;
        var kinds = new Dictionary<string, int>();
        for (var step = 0; step < Sizes.WireFuzzCases; step++)
        {
            // A few valid changes, then one odd message (in its own delivery, or in the middle of valid ones).
            var before = Enumerable.Range(0, random.Next(3)).Select(_ => Encoding.UTF8.GetBytes(feed.Change())).ToList();
            var mutation = WireMutator.Mutate(random, feed.SampleMessage());
            var bytes = serverSentEvents ? FakeQueueFeed.AsEventData(mutation.Bytes) : mutation.Bytes;
            if (FakeQueueFeed.WouldChangeTheWatch(bytes))
            {
                // Still a valid change of the watched queue: the client may not tell it from a real one.
                skipped++;
                feed.Deliver(before.ToArray());
                valid += before.Count;
                expectedReadable += before.Count;
                continue;
            }

            odd++;
            // A polled body over MaxResponseBytes is refused whole: such a message travels alone too.
            var oversized = !serverSentEvents && bytes.Length > maxResponseBytes / 4;
            var wellFormed = FakeQueueFeed.IsWellFormed(bytes) && !oversized;
            var kind = serverSentEvents || wellFormed ? "kept" : "breaks its batch";
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            if (serverSentEvents || wellFormed)
            {
                // One event per message, or a batch whose other messages must still arrive.
                var after = Enumerable.Range(0, random.Next(2)).Select(_ => Encoding.UTF8.GetBytes(feed.Change())).ToList();
                feed.Deliver(before.Append(bytes).Concat(after).ToArray());
                valid += before.Count + after.Count;
                expectedReadable += before.Count + after.Count + 1;
                if (Environment.GetEnvironmentVariable("ICWS_FUZZ_DEBUG") == "1")
                {
                    // Debugging aid: check after every mixed delivery, to name the message that broke the view.
                    try
                    {
                        await WaitForViewAsync(watch, feed.Snapshot(), "the view after step " + step, 3_000);
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException)
                    {
                        throw new InvalidOperationException($"step {step}: after {mutation.Description}: {Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 600)])}", ex);
                    }
                }
            }
            else
            {
                // Not one JSON value: it may break the polled array it is in, so it travels alone (see
                // PolledBatchThatIsNotJson_... below); the values before a break are still read.
                var (values, breaks) = bytes.Length + 2 > maxResponseBytes ? (0, true) : FakeQueueFeed.ReadInBatch(bytes);
                feed.Deliver(before.ToArray());
                feed.Deliver(bytes);
                brokenBatches += breaks ? 1 : 0;
                valid += before.Count;
                expectedReadable += before.Count + values;
            }
        }

        // The pump must still deliver changes after all that.
        feed.Deliver(Encoding.UTF8.GetBytes(feed.Change()));
        valid++;
        expectedReadable++;
        await WaitForDeliveriesAsync(feed);
        var oracle = feed.Snapshot();
        await WaitForViewAsync(watch, oracle, "the view to equal the fake server's queue");
        try
        {
            // A batch that broke off makes the watch resynchronize: one more snapshot each time.
            await Wait.UntilAsync(() => messages.Count >= expectedReadable + feed.Subscriptions - 1 && feed.Drained, $"{expectedReadable} messages (+ resynchronization snapshots) to be read (got {messages.Count})", 30_000);
        }
        catch (TimeoutException)
        {
            // Fall through to the report and the assertions, which say what is missing.
        }

        // The view can pass through the oracle's state and leave it again: at a re-subscription the fake sends its
        // snapshot, then the deliveries still pending, so an interaction the snapshot no longer has can be re-added
        // until its re-sent removal arrives. Once everything was read, the view must equal the oracle.
        await WaitForViewAsync(watch, oracle, "the view to equal the fake server's queue after every message was read");
        expectedReadable += feed.Subscriptions - 1;
        var read = messages.Snapshot();
        var unknown = read.OfType<UnknownIcwsMessage>().ToList();
        var decodeErrors = errors.Count(e => e.Exception is IcwsProtocolException);
        var text = $"{(serverSentEvents ? "server-sent events" : "polling")} (fake server): seed {seed}; odd messages {odd} (+{skipped} mutations that stayed valid changes, not sent), valid changes {valid}, in {clock.Elapsed.TotalSeconds:F1} s\n" +
            $"read {read.Count} messages: {unknown.Count(u => u.Error is null)} unknown __type, {unknown.Count(u => u.Error is not null)} undecodable or malformed (raw), {read.Count - unknown.Count} decoded; batches that were not JSON {brokenBatches} -> protocol errors raised {decodeErrors}, resynchronizations {feed.Subscriptions - 1}\n" +
            $"pump: {session.MessageStatistics}; view {watch.Count} interactions = oracle {oracle.Count}; watch {watch.State}";
        Report.Write(_output, nameof(OddMessagesFromAFakeServer_AreKeptRaw_AndTheViewStaysExact), text);

        Assert.True(expectedReadable == read.Count, $"expected {expectedReadable} messages, read {read.Count}; errors: {string.Join(" | ", errors.Take(5).Select(e => e.Context + ": " + e.Exception.Message))}\n{text}");
        Assert.Equal(brokenBatches, decodeErrors);
        Assert.Equal(WatchState.Active, watch.State);
        Assert.Null(messages.Fault);
        Assert.DoesNotContain(errors, e => e.IsFatal);
    }

    [Theory]
    [InlineData(MessageRetrieval.ServerSentEvents)]
    [InlineData(MessageRetrieval.Polling)]
    public async Task OddMessagesFromTheSimulator_AreKeptRaw_AndTheViewEqualsGetQueue(MessageRetrieval mode)
    {
        var seed = Sizes.FuzzSeed;
        var random = new Random(unchecked(seed * 7 + (int)mode));
        await using var sim = await SimulatorHarness.StartSimulatorAsync(o => o.MaxMessagesPerSession = 100_000);
        await using var connected = await SimulatorHarness.ConnectAsync(sim, configure: o => o.MessageRetrieval = mode);
        var errors = new ConcurrentQueue<IcwsErrorEventArgs>();
        connected.Session.Error += (_, e) => errors.Enqueue(e);
        await using var messages = new Recorder<IcwsMessage>(token => connected.Session.ReadMessagesAsync(token));
        await using var watch = await connected.Client.Queues.WatchAsync("support", [SimulatorHarness.Workgroup("Support")], FakeQueueFeed.Watched);
        await watch.WaitForSnapshotAsync().WaitAsync(TimeSpan.FromSeconds(15));

        var samples = new[]
        {
            """{"__type":"urn:inin.com:queues:queueContentsMessage","isDelta":true,"subscriptionId":"support","interactionsAdded":[{"interactionId":"1999999999","attributes":{"Eic_State":"C","Eic_RemoteName":"Fake"}}],"interactionsRemoved":["1"]}""",
            """{"__type":"urn:inin.com:interactions:interactionChangedMessage","isDelta":true,"interactionID":"1999999999","attributes":{"Eic_State":"C"}}""",
            """{"__type":"urn:inin.com:interactions:interactionAlertingMessage","isDelta":true,"alertingInteractionDetails":[{"interactionId":"1","interactionType":0,"name":"n","address":"a","alertType":3,"alertAction":1,"autoAnswer":false,"monitoredQueue":{"queueType":2,"queueName":"Support"}}]}""",
            """{"__type":"urn:inin.com:future:somethingNewMessage","isDelta":false,"x":[{"y":null}]}""",
        };
        var clock = Stopwatch.StartNew();
        var injected = 0;
        var skipped = 0;
        var calls = new List<string>();
        var cases = Math.Max(20, Sizes.WireFuzzCases / 2);
        for (var step = 0; step < cases; step++)
        {
            // The simulator carries text, not bytes: no invalid UTF-8 here (the fake-server test covers it).
            var mutation = WireMutator.Mutate(random, samples[random.Next(samples.Length)], allowInvalidUtf8: false);
            var text = mutation.Text;
            if (FakeQueueFeed.WouldChangeTheWatch(Encoding.UTF8.GetBytes(text), "support"))
            {
                skipped++;
                continue;
            }

            if (mode == MessageRetrieval.Polling && !FakeQueueFeed.IsWellFormed(Encoding.UTF8.GetBytes(text)))
            {
                // Polling puts it verbatim into the next array: wait until it is gone, so no real change shares its batch.
                var polls = connected.Session.MessageStatistics.Polls;
                sim.Faults.InjectRawMessage(connected.Session.SessionId, text);
                await Wait.UntilAsync(() => connected.Session.MessageStatistics.Polls >= polls + 2, "the odd batch to be polled");
            }
            else
            {
                sim.Faults.InjectRawMessage(connected.Session.SessionId, text);
            }

            injected++;
            if (step % 5 == 0)
            {
                calls.Add(sim.AddIncomingCall("Support", "Caller " + step, "555-" + (1000 + step)));
            }

            if (step % 7 == 3 && calls.Count > 0)
            {
                try
                {
                    await connected.Client.Interactions.DisconnectAsync(calls[random.Next(calls.Count)]);
                }
                catch (IcwsApiException)
                {
                    // Already gone.
                }
            }
        }

        var last = sim.AddIncomingCall("Support", "The Last Caller", "555-9999");
        await Wait.UntilAsync(() => watch.TryGet(last, out _), "the last call after the odd messages", 30_000);
        await WaitForViewAsync(watch, Oracle(sim.GetQueue(2, "Support")), "the view to equal GetQueue");
        var read = messages.Snapshot();
        var unknown = read.OfType<UnknownIcwsMessage>().ToList();
        var report = $"{mode} (simulator): seed {seed}; odd messages injected {injected} (+{skipped} mutations that stayed valid changes, not sent), calls added {calls.Count + 1}, in {clock.Elapsed.TotalSeconds:F1} s\n" +
            $"read {read.Count} messages: {unknown.Count(u => u.Error is null)} unknown __type, {unknown.Count(u => u.Error is not null)} undecodable or malformed (raw); protocol errors raised {errors.Count(e => e.Exception is IcwsProtocolException)}\n" +
            $"pump: {connected.Session.MessageStatistics}; view {watch.Count} = GetQueue {sim.GetQueue(2, "Support").Count}; fault counters {string.Join(", ", sim.Counters.Faults.Select(p => $"{p.Key} {p.Value}"))}";
        Report.Write(_output, nameof(OddMessagesFromTheSimulator_AreKeptRaw_AndTheViewEqualsGetQueue), report);
        Assert.Equal(WatchState.Active, watch.State);
        Assert.DoesNotContain(errors, e => e.IsFatal);
        Assert.Equal(injected, sim.Counters.GetFaults("raw-message"));
    }

    /// <summary>
    /// A polled batch is one JSON array; if the server's text breaks off in the middle, the messages after the break
    /// are gone. The pump reports it (an <see cref="IcwsProtocolException"/> on <see cref="IcwsSession.Error"/>) and goes
    /// on; whether the view can catch up depends on later messages: this test documents what is lost.
    /// </summary>
    [Fact]
    public async Task PolledBatchThatIsNotJson_IsReported_AndThePumpGoesOn()
    {
        var fake = new FakeIcwsServer();
        var feed = new FakeQueueFeed(fake, events: false, new Random(5));
        await using var session = await ClientResponseFuzzTests.ConnectFakeAsync(fake);
        var errors = new ConcurrentQueue<IcwsErrorEventArgs>();
        session.Error += (_, e) => errors.Enqueue(e);
        var client = new IcwsClient(session);
        await using var watch = await client.Queues.WatchAsync(FakeQueueFeed.SubscriptionId, [SimulatorHarness.Workgroup("Support")], FakeQueueFeed.Watched);
        await watch.WaitForSnapshotAsync().WaitAsync(TimeSpan.FromSeconds(15));

        feed.Deliver(Encoding.UTF8.GetBytes(feed.Change()), Encoding.UTF8.GetBytes("{ not json"), Encoding.UTF8.GetBytes(feed.Change()));
        await Wait.UntilAsync(() => errors.Any(e => e.Exception is IcwsProtocolException), "the broken batch to be reported");
        feed.Deliver(Encoding.UTF8.GetBytes(feed.Change()));
        await Wait.UntilAsync(() => session.MessageStatistics.Received >= 3, "the pump to go on");
        Assert.Equal(1, session.MessageStatistics.Malformed);

        // The changes lost with the broken batch make the watch take a fresh snapshot; it is active again after that.
        await Wait.UntilAsync(() => watch.State == WatchState.Active, "the watch to be active again");
    }

    /// <summary>
    /// What a weeks-long integration needs after messages were lost (here: a polled batch that broke off, so the
    /// change after the break never arrives): the watch resynchronizes (subscribes again, gets a fresh snapshot)
    /// instead of keeping a view that silently differs from the server.
    /// </summary>
    [Fact]
    public async Task PolledBatchThatBreaksOff_ResynchronizesTheWatch()
    {
        var fake = new FakeIcwsServer();
        var feed = new FakeQueueFeed(fake, events: false, new Random(6));
        await using var session = await ClientResponseFuzzTests.ConnectFakeAsync(fake);
        var client = new IcwsClient(session);
        await using var watch = await client.Queues.WatchAsync(FakeQueueFeed.SubscriptionId, [SimulatorHarness.Workgroup("Support")], FakeQueueFeed.Watched);
        await watch.WaitForSnapshotAsync().WaitAsync(TimeSpan.FromSeconds(15));

        feed.Deliver(Encoding.UTF8.GetBytes(feed.Change()), Encoding.UTF8.GetBytes(feed.Change()), Encoding.UTF8.GetBytes("{ not json"), Encoding.UTF8.GetBytes(feed.Change()), Encoding.UTF8.GetBytes(feed.Change()));
        await WaitForViewAsync(watch, feed.Snapshot(), "the view to catch up with the changes after the break", 10_000);
        Assert.Equal(2, feed.Subscriptions);
        Assert.Equal(WatchState.Active, watch.State);
    }

    internal static Dictionary<string, Dictionary<string, string>> Oracle(IReadOnlyList<Icws.Simulator.SimulatedInteraction> queue)
        => queue.ToDictionary(
            i => i.Id,
            i => FakeQueueFeed.Watched.Where(n => i[n] is not null).ToDictionary(n => n, n => i[n]!, StringComparer.OrdinalIgnoreCase),
            StringComparer.Ordinal);

    /// <summary>
    /// Waits until the fake server has handed out every delivery, for as long as the pump keeps reading: it takes one
    /// delivery per poll or event-stream connection, and at full size the loop writes them faster than that, so a
    /// fixed timeout would measure the machine's speed. Fails when nothing was handed out for 30 s.
    /// </summary>
    private static async Task WaitForDeliveriesAsync(FakeQueueFeed feed)
    {
        var sent = -1;
        var idle = Stopwatch.StartNew();
        while (!feed.Drained)
        {
            if (feed.MessagesSent != sent)
            {
                sent = feed.MessagesSent;
                idle.Restart();
            }
            else if (idle.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"the pump stopped reading: {sent} messages handed out, deliveries still pending after 30 s without progress");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Waits until the view equals the oracle; on timeout, fails with the differences.</summary>
    internal static async Task WaitForViewAsync(IcwsWatch<InteractionAttributes> watch, Dictionary<string, Dictionary<string, string>> oracle, string what, int timeoutMs = 30_000)
    {
        try
        {
            await Wait.UntilAsync(() => Differences(watch, oracle).Count == 0, what, timeoutMs);
        }
        catch (TimeoutException)
        {
            var differences = Differences(watch, oracle);
            Assert.Fail($"{what}: {differences.Count} difference(s) after {timeoutMs} ms: {string.Join("; ", differences.Take(10))}");
        }
    }

    internal static List<string> Differences(IcwsWatch<InteractionAttributes> watch, Dictionary<string, Dictionary<string, string>> oracle)
    {
        var view = watch.GetSnapshot();
        var differences = new List<string>();
        foreach (var id in oracle.Keys.Except(view.Keys))
        {
            differences.Add($"{id} missing from the view");
        }

        foreach (var id in view.Keys.Except(oracle.Keys))
        {
            differences.Add($"{id} in the view but not on the server");
        }

        foreach (var (id, attributes) in oracle)
        {
            if (!view.TryGetValue(id, out var seen))
            {
                continue;
            }

            foreach (var (name, value) in attributes)
            {
                if (!string.Equals(seen[name], value, StringComparison.Ordinal))
                {
                    differences.Add($"{id}.{name}: view '{seen[name]}', server '{value}'");
                }
            }
        }

        return differences;
    }
}
