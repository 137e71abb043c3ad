using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Icws.Client;
using Icws.Metadata;
using Xunit;
using Xunit.Abstractions;

namespace Icws.Runtime.Tests;

/// <summary>
/// The list-then-watch contract of <c>Changes</c>: whenever a reader starts, it gets the watch's contents as
/// Added (once the first snapshot is in), then every later change exactly once; <c>ChangesOnly</c> skips the listing;
/// a new snapshot (re-login) or a reader falling behind gives Resynchronized and the difference from what that reader
/// has, never an Added for a row it already has. Every reader's picture is built by <see cref="Picture"/>, which fails
/// on any change that does not fit what the reader was given before.
/// </summary>
public class WatchListingTests(ITestOutputHelper output)
{
    private static readonly string[] Watched = [Attr.Eic_State, Attr.Eic_RemoteName, Attr.Eic_RemoteAddress];

    [Theory]
    [InlineData(MessageRetrieval.ServerSentEvents)]
    [InlineData(MessageRetrieval.Polling)]
    public async Task LateConsumer_GetsEveryInteractionOfTheSnapshotAsAdded_ThenEveryLaterChangeOnce(MessageRetrieval mode)
    {
        await using var h = await Harness.StartAsync(session: o => o.MessageRetrieval = mode);
        var first = h.Simulator.AddIncomingCall("Support", "Ada Lovelace", "555-0101");
        var second = h.Simulator.AddIncomingCall("Support", "Grace Hopper", "555-0102");
        var third = h.Simulator.AddIncomingCall("Support", "Alan Turing", "555-0103");
        await using var watch = await h.Client.Queues.WatchAsync("late", [WatchTests.Workgroup("Support")], Watched);
        await watch.WaitForSnapshotAsync();

        // Deltas before the consumer starts: one more call, a pickup, a hang-up.
        var fourth = h.Simulator.AddIncomingCall("Support", "Edsger Dijkstra", "555-0104");
        await h.Client.Interactions.PickupAsync(first);
        await h.Client.Interactions.DisconnectAsync(second);
        await Wait.UntilAsync(() => watch.TryGet(fourth, out _) && !watch.TryGet(second, out _) && watch.TryGet(first, out var a) && a.State == InteractionStateCode.Connected, "the deltas in the view");
        var atStart = watch.GetSnapshot();

        await using var late = new Recorder<WatchChange<InteractionAttributes>>(_ => watch.Changes);
        await Wait.UntilAsync(() => late.Snapshot().Count >= atStart.Count, "the listing");

        var listing = late.Snapshot().Take(atStart.Count).ToList();
        Assert.All(listing, c => Assert.Equal(WatchChangeKind.Added, c.Kind));
        Assert.Equal(atStart.Keys.OrderBy(x => x), listing.Select(c => c.InteractionId).OrderBy(x => x));
        Assert.Equal(new[] { first, third, fourth }.OrderBy(x => x), listing.Select(c => c.InteractionId).OrderBy(x => x));
        Assert.All(listing, c => Assert.Equal(atStart[c.InteractionId].Map, c.Attributes.Map));

        // Changes after the start: each comes once.
        var fifth = h.Simulator.AddIncomingCall("Support", "Barbara Liskov", "555-0105");
        await h.Client.Interactions.HoldAsync(first, on: true);
        await h.Client.Interactions.DisconnectAsync(third);
        await late.WaitForAsync(c => c.Kind == WatchChangeKind.Removed && c.InteractionId == third, "the hang-up");
        await Wait.UntilAsync(() => watch.TryGet(first, out var a) && a.State == InteractionStateCode.Held, "the hold");
        await late.WaitForAsync(c => c.Kind == WatchChangeKind.Changed && c.InteractionId == first && c.Attributes.State == InteractionStateCode.Held, "the hold in the stream");

        var after = late.Snapshot().Skip(atStart.Count).ToList();
        Assert.Single(after, c => c.Kind == WatchChangeKind.Added);
        Assert.Single(after, c => c.Kind == WatchChangeKind.Added && c.InteractionId == fifth);
        Assert.Single(after, c => c.Kind == WatchChangeKind.Removed);
        Assert.Single(after, c => c.Kind == WatchChangeKind.Removed && c.InteractionId == third);
        Assert.DoesNotContain(after, c => c.Kind == WatchChangeKind.Resynchronized);

        var picture = Picture.Of(late.Snapshot());
        picture.AssertEquals(watch, "the late consumer");
        WatchTests.AssertViewEqualsSimulator(watch, h.Simulator.GetQueue(2, "Support"), Watched);
    }

    [Fact]
    public async Task ChangesOnly_SkipsTheContents_WhileChangesListsThem()
    {
        await using var h = await Harness.StartAsync();
        var first = h.Simulator.AddIncomingCall("Support", "Ada Lovelace", "555-0101");
        var second = h.Simulator.AddIncomingCall("Support", "Grace Hopper", "555-0102");
        await using var watch = await h.Client.Queues.WatchAsync("only", [WatchTests.Workgroup("Support")], Watched);
        await watch.WaitForSnapshotAsync();

        await using var changesOnly = new Recorder<WatchChange<InteractionAttributes>>(_ => watch.ChangesOnly);
        await using var everything = new Recorder<WatchChange<InteractionAttributes>>(_ => watch.Changes);
        var third = h.Simulator.AddIncomingCall("Support", "Alan Turing", "555-0103");
        await changesOnly.WaitForAsync(c => c.InteractionId == third, "the new call (changes only)");
        await everything.WaitForAsync(c => c.InteractionId == third, "the new call (everything)");

        Assert.Equal(new[] { (WatchChangeKind.Added, third) }, changesOnly.Snapshot().Select(c => (c.Kind, c.InteractionId)));
        Assert.Equal(new[] { first, second, third }.OrderBy(x => x), everything.Snapshot().Where(c => c.Kind == WatchChangeKind.Added).Select(c => c.InteractionId).OrderBy(x => x));
    }

    [Fact]
    public async Task ReadersStartedBeforeTheSnapshot_ChangesListsIt_ChangesOnlyDoesNot()
    {
        await using var feed = await FakeFeed.StartAsync();
        Assert.Equal(WatchState.Starting, feed.Watch.State);
        await using var everything = new Recorder<WatchChange<InteractionAttributes>>(_ => feed.Watch.Changes);
        await using var changesOnly = new Recorder<WatchChange<InteractionAttributes>>(_ => feed.Watch.ChangesOnly);

        feed.Snapshot(("1", "A"), ("2", "C"));
        await everything.WaitForAsync(c => c.InteractionId == "2", "the listing");
        feed.Delta(added: [("3", "A")], changed: [("1", "C")]);

        await everything.WaitForAsync(c => c.InteractionId == "1" && c.Kind == WatchChangeKind.Changed, "the delta (everything)");
        await changesOnly.WaitForAsync(c => c.InteractionId == "1" && c.Kind == WatchChangeKind.Changed, "the delta (changes only)");
        Assert.Equal(
            new[] { (WatchChangeKind.Added, "1"), (WatchChangeKind.Added, "2"), (WatchChangeKind.Added, "3"), (WatchChangeKind.Changed, "1") },
            everything.Snapshot().Select(c => (c.Kind, c.InteractionId)));
        Assert.Equal(new[] { (WatchChangeKind.Added, "3"), (WatchChangeKind.Changed, "1") }, changesOnly.Snapshot().Select(c => (c.Kind, c.InteractionId)));
        Picture.Of(everything.Snapshot()).AssertEquals(feed.Watch, "the early reader");
    }

    [Fact]
    public async Task ANewSnapshot_GivesResynchronized_AndOnlyTheDifference()
    {
        await using var feed = await FakeFeed.StartAsync();
        feed.Snapshot(("1", "A"), ("2", "A"), ("3", "C"));
        await using var reader = new Recorder<WatchChange<InteractionAttributes>>(_ => feed.Watch.Changes);
        await reader.WaitForAsync(c => c.InteractionId == "3", "the listing");

        // What a re-subscription after a re-login sends: 1 has gone, 2 changed, 3 is as it was, 4 is new.
        feed.Snapshot(("2", "H"), ("3", "C"), ("4", "A"));
        await reader.WaitForAsync(c => c.InteractionId == "4", "the catch-up");

        Assert.Equal(
            new[]
            {
                (WatchChangeKind.Added, "1"), (WatchChangeKind.Added, "2"), (WatchChangeKind.Added, "3"),
                (WatchChangeKind.Resynchronized, ""), (WatchChangeKind.Removed, "1"), (WatchChangeKind.Changed, "2"), (WatchChangeKind.Added, "4"),
            },
            Normalize(reader.Snapshot()));
        Assert.Equal(new[] { Attr.Eic_State }, reader.Snapshot().Single(c => c.Kind == WatchChangeKind.Changed).ChangedAttributes);
        Picture.Of(reader.Snapshot()).AssertEquals(feed.Watch, "after the new snapshot");
    }

    [Fact]
    public async Task AfterAReLogin_AReaderGetsResynchronized_ThenOnlyWhatChanged()
    {
        await using var h = await Harness.StartAsync();
        var kept = h.Simulator.AddIncomingCall("Support", "Kept Caller", "555-0200");
        var before = h.Simulator.AddIncomingCall("Support", "Before Expiry", "555-0201");
        await using var watch = await h.Client.Queues.WatchAsync("relogin", [WatchTests.Workgroup("Support")], Watched);
        await using var reader = new Recorder<WatchChange<InteractionAttributes>>(_ => watch.Changes);
        await reader.WaitForAsync(c => c.InteractionId == before, "the listing");

        h.Simulator.Faults.ExpireAllSessions();
        var during = h.Simulator.AddIncomingCall("Support", "During Expiry", "555-0202");
        await h.Client.Interactions.DisconnectAsync(before);     // renews the session on its way
        await Wait.UntilAsync(() => watch.TryGet(during, out _) && !watch.TryGet(before, out _), "the view to catch up after re-subscribing");
        await Wait.UntilAsync(() => Picture.Of(reader.Snapshot()).Matches(watch), "the reader to catch up");

        var seen = reader.Snapshot();
        Assert.Equal(1, h.Session.Renewals);
        Assert.Contains(seen, c => c.Kind == WatchChangeKind.Resynchronized);
        Assert.Single(seen, c => c.Kind == WatchChangeKind.Added && c.InteractionId == kept);
        Assert.Single(seen, c => c.Kind == WatchChangeKind.Added && c.InteractionId == during);
        Assert.Single(seen, c => c.Kind == WatchChangeKind.Removed && c.InteractionId == before);
        Picture.Of(seen).AssertEquals(watch, "after the re-login");
    }

    [Fact]
    public async Task AReaderThatFallsBehind_ReadsWhatIsQueued_ThenCatchesUpWithTheView()
    {
        await using var feed = await FakeFeed.StartAsync(readerCapacity: 3);
        feed.Snapshot(("1", "A"));
        var reader = feed.Watch.Changes.GetAsyncEnumerator();
        Assert.True(await reader.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));     // the listing: 1 is Added
        var seen = new List<WatchChange<InteractionAttributes>> { reader.Current };

        // Nobody reads while eight messages arrive: three changes are queued, then the reader is marked to catch up.
        for (var i = 2; i <= 6; i++)
        {
            feed.Delta(added: [(i.ToString(System.Globalization.CultureInfo.InvariantCulture), "A")]);
        }

        feed.Delta(changed: [("1", "C"), ("2", "C")]);
        feed.Delta(removed: ["3", "5"]);
        feed.Delta(changed: [("4", "H")]);
        // Read until nothing more comes; the read left waiting is the one that takes the next change.
        Task<bool> next;
        while (true)
        {
            next = reader.MoveNextAsync().AsTask();
            if (await Task.WhenAny(next, Task.Delay(500)) != next)
            {
                break;
            }

            Assert.True(await next);
            seen.Add(reader.Current);
        }

        // Before the marker in arrival order; the catch-up after it sorted by id (its order is the view's).
        Assert.Equal(
            new[]
            {
                (WatchChangeKind.Added, "1"), (WatchChangeKind.Added, "2"), (WatchChangeKind.Added, "3"), (WatchChangeKind.Added, "4"),
                (WatchChangeKind.Resynchronized, ""), (WatchChangeKind.Changed, "1"), (WatchChangeKind.Changed, "2"), (WatchChangeKind.Removed, "3"), (WatchChangeKind.Changed, "4"), (WatchChangeKind.Added, "6"),
            },
            Normalize(seen));
        Picture.Of(seen).AssertEquals(feed.Watch, "after catching up");

        // After the catch-up the reader is live again.
        feed.Delta(added: [("7", "A")]);
        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal((WatchChangeKind.Added, "7"), (reader.Current.Kind, reader.Current.InteractionId));
        await reader.DisposeAsync();
    }

    [Theory]
    [InlineData(20261207)]
    [InlineData(0)]
    public async Task ReadersRacingWithDeltas_EachEndWithThePictureOfTheView(int fixedSeed)
    {
        var seed = fixedSeed != 0 ? fixedSeed : Random.Shared.Next(1, int.MaxValue);
        output.WriteLine($"seed {seed} ({(fixedSeed != 0 ? "fixed" : "fresh")}); rerun this case with the seed in place of 0");
        var random = new Random(seed);
        await using var feed = await FakeFeed.StartAsync(readerCapacity: 1 + random.Next(8));
        var ids = Enumerable.Range(1, 15).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var readers = new List<(Picture Picture, Task Reading, CancellationTokenSource Stop)>();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // The feed runs on its own thread; readers start (and read, some slowly) on others, at random moments.
        var feeding = Task.Run(async () =>
        {
            await start.Task;
            var local = new Random(seed + 1);
            for (var i = 0; i < 3_000; i++)
            {
                feed.Random(local, ids, snapshot: i == 0 || local.Next(150) == 0);
                if (local.Next(50) == 0)
                {
                    await Task.Yield();
                }
            }
        });
        for (var r = 0; r < 8; r++)
        {
            var picture = new Picture("reader " + r);
            var stop = new CancellationTokenSource();
            var slow = random.Next(3) == 0;
            var delay = random.Next(0, 40);
            readers.Add((picture, Task.Run(async () =>
            {
                await start.Task;
                await Task.Delay(delay);
                try
                {
                    var count = 0;
                    await foreach (var change in feed.Watch.Changes.WithCancellation(stop.Token))
                    {
                        picture.Apply(change);
                        if (slow && ++count % 16 == 0)
                        {
                            await Task.Delay(1);
                        }
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                }
            }), stop));
        }

        start.SetResult();
        await feeding.WaitAsync(TimeSpan.FromSeconds(60));
        foreach (var (picture, reading, stop) in readers)
        {
            await Wait.UntilAsync(() => reading.IsCompleted || picture.Matches(feed.Watch), $"{picture.Name} to catch up (seed {seed})");
            Assert.False(reading.IsFaulted, $"{picture.Name} failed (seed {seed}): {reading.Exception}");
            picture.AssertEquals(feed.Watch, $"{picture.Name} (seed {seed})");
            await stop.CancelAsync();
            await reading;
        }

        output.WriteLine($"{feed.Watch.MessagesApplied} messages, {feed.Watch.Count} interactions in the end; resynchronized: {string.Join(", ", readers.Select(r => r.Picture.Resynchronized))}");
    }

    [Theory]
    [InlineData(20261207)]
    [InlineData(0)]
    public async Task AgainstTheSimulator_ReadersStartingAnyTime_ThroughAReLogin_EndWithTheView(int fixedSeed)
    {
        var seed = fixedSeed != 0 ? fixedSeed : Random.Shared.Next(1, int.MaxValue);
        output.WriteLine($"seed {seed} ({(fixedSeed != 0 ? "fixed" : "fresh")}); rerun this case with the seed in place of 0");
        var random = new Random(seed);
        await using var h = await Harness.StartAsync(session: o => o.ChangeStreamCapacity = 2 + random.Next(6));
        var live = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            live.Add(h.Simulator.AddIncomingCall("Support", "Caller " + i, "555-02" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture)));
        }

        await using var watch = await h.Client.Queues.WatchAsync("race", [WatchTests.Workgroup("Support")], Watched);
        var readers = new List<(Picture Picture, Recorder<WatchChange<InteractionAttributes>> Recorder)>();
        var expireAt = random.Next(10, 50);
        var firstReaderAt = random.Next(0, 60);
        for (var step = 0; step < 60; step++)
        {
            if (random.Next(6) == 0 || step == firstReaderAt)
            {
                var picture = new Picture($"reader {readers.Count} (from step {step})");
                readers.Add((picture, new Recorder<WatchChange<InteractionAttributes>>(_ => watch.Changes)));
            }

            if (step == expireAt)
            {
                h.Simulator.Faults.ExpireAllSessions();
            }

            var roll = random.Next(10);
            if (roll < 4 || live.Count == 0)
            {
                live.Add(h.Simulator.AddIncomingCall("Support", "Caller " + step, "555-03" + (step % 100).ToString("00", System.Globalization.CultureInfo.InvariantCulture)));
            }
            else
            {
                var id = live[random.Next(live.Count)];
                try
                {
                    if (roll < 7)
                    {
                        await h.Client.Interactions.DisconnectAsync(id);
                        live.Remove(id);
                    }
                    else
                    {
                        await h.Client.Interactions.PickupAsync(id);
                    }
                }
                catch (IcwsApiException)
                {
                    // A pickup of a call already connected: the simulator refuses it as CIC would; nothing changes.
                }
            }
        }

        await Wait.UntilAsync(() => h.Session.Renewals == 1, $"the re-login (seed {seed})");
        await Wait.UntilAsync(() => ViewMatches(watch, h.Simulator.GetQueue(2, "Support")), $"the view to match the simulator (seed {seed})");
        WatchTests.AssertViewEqualsSimulator(watch, h.Simulator.GetQueue(2, "Support"), Watched);
        Assert.Equal(1, h.Session.Renewals);
        foreach (var (picture, recorder) in readers)
        {
            await Wait.UntilAsync(() => Picture.Of(recorder.Snapshot(), picture.Name).Matches(watch), $"{picture.Name} to catch up (seed {seed})");
            Picture.Of(recorder.Snapshot(), picture.Name).AssertEquals(watch, $"{picture.Name} (seed {seed})");
            await recorder.DisposeAsync();
        }
    }

    private static bool ViewMatches(IcwsWatch<InteractionAttributes> watch, IReadOnlyList<Icws.Simulator.SimulatedInteraction> oracle)
    {
        var view = watch.GetSnapshot();
        return view.Count == oracle.Count && oracle.All(i => view.TryGetValue(i.Id, out var a) && Watched.All(name => a[name] == i[name]));
    }

    /// <summary>The changes as (kind, id): in arrival order up to the first Resynchronized, the catch-up after it sorted by id (its order is the view's).</summary>
    private static List<(WatchChangeKind, string)> Normalize(List<WatchChange<InteractionAttributes>> seen)
    {
        var marker = seen.FindIndex(c => c.Kind == WatchChangeKind.Resynchronized);
        var before = seen.Take(marker < 0 ? seen.Count : marker).Select(c => (c.Kind, c.InteractionId));
        if (marker < 0)
        {
            return before.ToList();
        }

        var after = seen.Skip(marker + 1).Select(c => (c.Kind, c.InteractionId)).OrderBy(c => c.InteractionId, StringComparer.Ordinal);
        return before.Append((WatchChangeKind.Resynchronized, "")).Concat(after).ToList();
    }

    /// <summary>
    /// What a reader knows, built from its changes only. Fails at once on a change that does not fit: an Added for an
    /// interaction it has, a Changed or Removed for one it does not, a Changed that changes nothing.
    /// </summary>
    internal sealed class Picture(string name)
    {
        private readonly Dictionary<string, AttributeMap> _rows = new(StringComparer.Ordinal);

        public string Name { get; } = name;

        public int Resynchronized { get; private set; }

        public static Picture Of(IEnumerable<WatchChange<InteractionAttributes>> changes, string name = "reader")
        {
            var picture = new Picture(name);
            foreach (var change in changes)
            {
                picture.Apply(change);
            }

            return picture;
        }

        public void Apply(WatchChange<InteractionAttributes> change)
        {
            lock (_rows)
            {
                switch (change.Kind)
                {
                    case WatchChangeKind.Added:
                        Assert.True(_rows.TryAdd(change.InteractionId, change.Attributes.Map), $"{Name}: Added for {change.InteractionId}, which it has");
                        break;
                    case WatchChangeKind.Changed:
                        Assert.True(_rows.TryGetValue(change.InteractionId, out var old), $"{Name}: Changed for {change.InteractionId}, which it does not have");
                        Assert.NotEmpty(change.ChangedAttributes);
                        Assert.Equal(old!.DifferentNames(change.Attributes.Map).OrderBy(n => n, StringComparer.OrdinalIgnoreCase), change.ChangedAttributes.OrderBy(n => n, StringComparer.OrdinalIgnoreCase));
                        _rows[change.InteractionId] = change.Attributes.Map;
                        break;
                    case WatchChangeKind.Removed:
                        Assert.True(_rows.Remove(change.InteractionId), $"{Name}: Removed for {change.InteractionId}, which it does not have");
                        break;
                    case WatchChangeKind.Resynchronized:
                        Resynchronized++;
                        break;
                }
            }
        }

        public bool Matches(IcwsWatch<InteractionAttributes> watch)
        {
            var view = watch.GetSnapshot();
            lock (_rows)
            {
                return view.Count == _rows.Count && view.All(p => _rows.TryGetValue(p.Key, out var map) && map.DifferentNames(p.Value.Map).Count == 0);
            }
        }

        public void AssertEquals(IcwsWatch<InteractionAttributes> watch, string who)
        {
            var view = watch.GetSnapshot();
            lock (_rows)
            {
                Assert.True(view.Keys.OrderBy(x => x).SequenceEqual(_rows.Keys.OrderBy(x => x)), $"{who}: has [{string.Join(",", _rows.Keys.Order())}], the view [{string.Join(",", view.Keys.Order())}]");
                foreach (var (id, attributes) in view)
                {
                    Assert.True(attributes.Map.DifferentNames(_rows[id]).Count == 0, $"{who}: {id} differs from the view");
                }
            }
        }
    }

    /// <summary>A queue watch on a registry with no server: the test hands it queue-contents messages itself.</summary>
    internal sealed class FakeFeed : IAsyncDisposable
    {
        private const string Key = "fake";
        private readonly IcwsWatchRegistry _registry;
        private readonly Dictionary<string, AttributeMap> _queue = new(StringComparer.Ordinal);

        private FakeFeed(IcwsWatchRegistry registry, QueueWatch<InteractionAttributes> watch)
        {
            _registry = registry;
            Watch = watch;
        }

        public QueueWatch<InteractionAttributes> Watch { get; }

        public static async Task<FakeFeed> StartAsync(int readerCapacity = 10_000)
        {
            var registry = new IcwsWatchRegistry(static _ => Task.CompletedTask, null, readerCapacity);
            var watch = await registry.StartQueueWatchAsync<InteractionAttributes>(Key, static _ => Task.CompletedTask, null, CancellationToken.None);
            return new FakeFeed(registry, watch);
        }

        public void Snapshot(params (string Id, string State)[] rows)
        {
            _queue.Clear();
            foreach (var (id, state) in rows)
            {
                _queue[id] = Row(id, state);
            }

            Send(new Message(isDelta: false, rows.Select(r => (r.Id, _queue[r.Id])).ToList(), [], []));
        }

        public void Delta((string Id, string State)[]? added = null, (string Id, string State)[]? changed = null, string[]? removed = null)
        {
            var addedRows = (added ?? []).Select(a => (a.Id, Row(a.Id, a.State))).ToList();
            var changedRows = (changed ?? []).Select(c => (c.Id, AttributeMap.Of((Attr.Eic_State, c.State)))).ToList();
            Send(new Message(isDelta: true, addedRows, changedRows, removed ?? []));
        }

        /// <summary>One random message: a full snapshot, or a delta with some additions, changes and removals.</summary>
        public void Random(Random random, string[] ids, bool snapshot)
        {
            if (snapshot)
            {
                Snapshot(ids.Where(_ => random.Next(2) == 0).Select(id => (id, "ACHO"[random.Next(4)].ToString())).ToArray());
                return;
            }

            var absent = ids.Where(id => !_queue.ContainsKey(id)).ToList();
            var present = _queue.Keys.ToList();
            var added = absent.Where(_ => random.Next(4) == 0).Select(id => (id, "ACHO"[random.Next(4)].ToString())).ToArray();
            var changed = present.Where(_ => random.Next(3) == 0).Select(id => (id, "ACHO"[random.Next(4)].ToString())).ToArray();
            var removed = present.Where(id => random.Next(6) == 0 && !changed.Any(c => c.id == id)).ToArray();
            Delta(added, changed, removed);
        }

        private AttributeMap Row(string id, string state) => AttributeMap.Of((Attr.Eic_State, state), (Attr.Eic_RemoteName, "Caller " + id));

        private void Send(Message message)
        {
            foreach (var (id, changed) in message.Changed)
            {
                _queue[id] = _queue[id].Merge(changed);
            }

            foreach (var (id, row) in message.Added)
            {
                _queue[id] = row;
            }

            foreach (var id in message.Removed)
            {
                _queue.Remove(id);
            }

            Assert.True(_registry.Dispatch(message));
        }

        public ValueTask DisposeAsync() => Watch.DisposeAsync();

        private sealed class Message(bool isDelta, List<(string Id, AttributeMap Row)> added, List<(string Id, AttributeMap Changes)> changed, string[] removed) : IInteractionFeedMessage
        {
            public List<(string Id, AttributeMap Row)> Added { get; } = added;

            public List<(string Id, AttributeMap Changes)> Changed { get; } = changed;

            public string[] Removed { get; } = removed;

            public IcwsWatchKind FeedKind => IcwsWatchKind.Queue;

            public string FeedKey => Key;

            public bool IsDelta { get; } = isDelta;

            public void ApplyTo(IInteractionFeedSink sink)
            {
                foreach (var (id, row) in Added)
                {
                    sink.Upsert(id, row);
                }

                foreach (var (id, changes) in Changed)
                {
                    sink.Merge(id, changes);
                }

                foreach (var id in Removed)
                {
                    sink.Remove(id);
                }
            }
        }
    }
}
