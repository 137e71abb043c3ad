using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Icws.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Icws.Sample.Wallboard;

/// <summary>
/// The board and its event stream: follows the one shared queue watch, keeps the rows and the recent events, and
/// hands every screen a snapshot first, then each change - or, for a screen that reconnects with <c>Last-Event-ID</c>,
/// the events it missed, when they are still kept, else a fresh snapshot. Never a gap, never a row twice.
/// </summary>
/// <remarks>
/// <para>
/// Every event gets the next number of one sequence, under one lock that also guards the rows, the recent events and
/// the screens' queues: a screen's snapshot (or replay) and its registration for what follows happen together, so the
/// first live event it gets is the one right after what it was given. Event ids are <c>&lt;run&gt;:&lt;number&gt;</c>,
/// where the run is random per process: an id from before a restart is unknown and gets a snapshot.
/// </para>
/// <para>
/// Each screen has a bounded queue. One that falls <see cref="WallboardOptions.ClientBuffer"/> events behind is
/// closed rather than allowed to hold memory; its <c>EventSource</c> reconnects with the id it has and resumes. The
/// ICWS side is one shared watch however many screens there are: screens never cause an ICWS request.
/// </para>
/// </remarks>
public sealed partial class BoardFeed : BackgroundService
{
    /// <summary>The name of the shared queue watch (<c>services.AddIcwsQueueWatch</c>).</summary>
    public const string WatchName = "wallboard";

    /// <summary>The attributes a row needs.</summary>
    public static readonly string[] WatchedAttributes =
    [
        Attr.Eic_State, Attr.Eic_RemoteName, Attr.Eic_WorkgroupName, Attr.Eic_WorkgroupQueueTimestamp, Attr.Eic_UserName,
    ];

    private readonly IcwsSharedWatches _watches;
    private readonly IcwsClient _client;
    private readonly IcwsSession _session;
    private readonly WallboardOptions _options;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<BoardFeed> _logger;
    private readonly object _gate = new();
    private readonly Dictionary<string, BoardRow> _rows = new(StringComparer.Ordinal);
    private readonly FeedEvent[] _recent;
    private readonly List<Screen> _screens = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _run = Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
    private int _recentCount;
    private long _sequence;
    private string _status = "starting";
    private double _clockSkew;
    private long _overflows;
    private long _resumes;
    private long _snapshots;

    /// <summary>Created by dependency injection.</summary>
    public BoardFeed(IcwsSharedWatches watches, IcwsClient client, IcwsSession session, WallboardOptions options, IHostApplicationLifetime lifetime, ILogger<BoardFeed> logger)
    {
        _watches = watches;
        _client = client;
        _session = session;
        _options = options;
        _lifetime = lifetime;
        _logger = logger;
        _recent = new FeedEvent[options.History];
    }

    /// <summary>Open event streams.</summary>
    public int Screens
    {
        get
        {
            lock (_gate)
            {
                return _screens.Count;
            }
        }
    }

    /// <summary>Completes once the board holds the watch's contents.</summary>
    public Task Ready => _ready.Task;

    /// <summary>How the feed is doing, for <c>GET /status</c>.</summary>
    public StatusReply GetStatus()
    {
        using var process = Process.GetCurrentProcess();
        var workingSet = process.WorkingSet64;
        lock (_gate)
        {
            return new StatusReply(_status, _rows.Count, _sequence, _screens.Count, _overflows, _resumes, _snapshots,
                GC.GetTotalMemory(false), workingSet, GC.CollectionCount(2), (long)GC.GetTotalPauseDuration().TotalMilliseconds);
        }
    }

    /// <summary>
    /// Closes every open event stream, as a restart of the server or a broken connection would (their screens reconnect
    /// with <c>Last-Event-ID</c>). Returns how many were closed.
    /// </summary>
    public int CloseStreams()
    {
        lock (_gate)
        {
            foreach (var screen in _screens)
            {
                screen.Queue.Writer.TryComplete();
            }

            var closed = _screens.Count;
            _screens.Clear();
            return closed;
        }
    }

    /// <summary>
    /// One screen's events: the snapshot (or what it missed since <paramref name="lastEventId"/>), then every change,
    /// until the screen goes away, falls too far behind, or the app stops.
    /// </summary>
    public IAsyncEnumerable<SseItem<string>> StreamAsync(string? lastEventId, CancellationToken cancellationToken)
        => StreamAsync(lastEventId, null, cancellationToken);

    /// <summary>
    /// <see cref="StreamAsync(string?, CancellationToken)"/>, telling <paramref name="output"/> before each event whether
    /// another is ready right behind it (so that the response is sent once a burst is written, not once per event).
    /// </summary>
    internal async IAsyncEnumerable<SseItem<string>> StreamAsync(string? lastEventId, CoalescingStream? output, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.ApplicationStopping);
        try
        {
            // A screen that comes while the feed starts gets the full board rather than its first few rows.
            await _ready.Task.WaitAsync(TimeSpan.FromSeconds(5), stop.Token).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // ICWS is slow or unreachable: the screen gets what there is (status "starting"), and the board when it comes.
        }
        catch (OperationCanceledException)
        {
            yield break;
        }

        var (screen, first) = Subscribe(lastEventId);
        try
        {
            TimeSpan? retry = _options.Retry;
            var reader = screen.Queue.Reader;
            for (var i = 0; i < first.Count; i++)
            {
                if (output is not null)
                {
                    output.MorePending = i + 1 < first.Count || reader.TryPeek(out _);
                }

                yield return ToSse(first[i], ref retry);
            }

            while (true)
            {
                try
                {
                    if (!await reader.WaitToReadAsync(stop.Token).ConfigureAwait(false))
                    {
                        yield break;
                    }
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }

                while (reader.TryRead(out var item))
                {
                    if (output is not null)
                    {
                        output.MorePending = reader.TryPeek(out _);
                    }

                    yield return ToSse(item, ref retry);
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _screens.Remove(screen);
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _ = HeartbeatAsync(stoppingToken);
        _ = PanelsAsync(stoppingToken);
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var watch = await _watches.GetQueueWatchAsync(WatchName, stoppingToken).ConfigureAwait(false);
                await ReadClockAsync(stoppingToken).ConfigureAwait(false);
                delay = TimeSpan.FromSeconds(1);
                await FollowAsync(watch, stoppingToken).ConfigureAwait(false);
                if (stoppingToken.IsCancellationRequested)
                {
                    return;
                }

                Log.WatchEnded(_logger, watch.State.ToString());
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // ICWS unreachable, or the watch stopped for good: screens keep the last board, marked stale.
                Log.WatchFailed(_logger, delay.TotalSeconds, ex);
            }

            SetStatus("stale");
            try
            {
                await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 30));
        }
    }

    /// <summary>
    /// Follows the watch: its changes from now on, and the board reset to its view. The change stream is started
    /// first: its first <c>MoveNextAsync</c> registers the reader, which from then on gets every change after the view
    /// it found. The snapshot taken right after is that view or newer, so nothing is missed; a change it already holds
    /// is applied again as the same row and sent to no one.
    /// </summary>
    private async Task FollowAsync(IWatchView<InteractionAttributes> watch, CancellationToken cancellationToken)
    {
        var changes = watch.ChangesOnly.GetAsyncEnumerator(cancellationToken);
        await using (changes.ConfigureAwait(false))
        {
            var next = changes.MoveNextAsync();
            Reset(watch.GetSnapshot());
            while (await next.ConfigureAwait(false))
            {
                Apply(changes.Current);
                next = changes.MoveNextAsync();
            }
        }
    }

    private void Reset(IReadOnlyDictionary<string, InteractionAttributes> view)
    {
        lock (_gate)
        {
            _rows.Clear();
            foreach (var (id, attributes) in view)
            {
                _rows[id] = ToRow(id, attributes);
            }

            // A new board: every screen gets it, and an id from before it can no longer be resumed.
            _status = "live";
            _recentCount = 0;
            var snapshot = new FeedEvent(++_sequence, "snapshot", SnapshotJson());
            OfferAll(snapshot);
        }

        Log.BoardReset(_logger, view.Count);
        _ready.TrySetResult();
    }

    private void Apply(WatchChange<InteractionAttributes> change)
    {
        lock (_gate)
        {
            switch (change.Kind)
            {
                case WatchChangeKind.Added or WatchChangeKind.Changed:
                    var row = ToRow(change.InteractionId, change.Attributes);
                    if (_rows.TryGetValue(row.Id, out var shown) && shown == row)
                    {
                        return;
                    }

                    _rows[row.Id] = row;
                    Publish("upsert", JsonSerializer.Serialize(new UpsertEvent(Now(), row), BoardJsonContext.Default.UpsertEvent));
                    break;
                case WatchChangeKind.Removed:
                    if (_rows.Remove(change.InteractionId))
                    {
                        Publish("remove", JsonSerializer.Serialize(new RemoveEvent(Now(), change.InteractionId), BoardJsonContext.Default.RemoveEvent));
                    }

                    break;
                default:
                    // Resynchronized: the changes that follow bring the board up to date; nothing to send for it.
                    break;
            }
        }
    }

    private void SetStatus(string status)
    {
        lock (_gate)
        {
            if (_status == status)
            {
                return;
            }

            _status = status;
            Publish("status", StatusJson());
        }
    }

    /// <summary>Under the lock: numbers the event, keeps it for reconnecting screens and queues it for every screen.</summary>
    private void Publish(string type, string data)
    {
        var item = new FeedEvent(++_sequence, type, data);
        _recent[(int)(item.Sequence % _recent.Length)] = item;
        _recentCount = Math.Min(_recentCount + 1, _recent.Length);
        OfferAll(item);
    }

    /// <summary>Under the lock: queues an event for every screen, and closes those that fell too far behind.</summary>
    private void OfferAll(FeedEvent item)
    {
        for (var i = _screens.Count - 1; i >= 0; i--)
        {
            var queue = _screens[i].Queue.Writer;
            if (!queue.TryWrite(item))
            {
                queue.TryComplete();
                _screens.RemoveAt(i);
                _overflows++;
                Log.ScreenOverflow(_logger, _options.ClientBuffer);
            }
        }
    }

    private (Screen Screen, List<FeedEvent> First) Subscribe(string? lastEventId)
    {
        var screen = new Screen(Channel.CreateBounded<FeedEvent>(new BoundedChannelOptions(_options.ClientBuffer)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        }));
        lock (_gate)
        {
            List<FeedEvent> first;
            if (TryParseId(lastEventId) is { } seen && seen <= _sequence && seen >= _sequence - _recentCount)
            {
                // It missed only events still kept: a heartbeat with its own id (which also sends the response's
                // headers when it missed nothing), then those events.
                first = new List<FeedEvent>((int)(_sequence - seen) + 1) { new(seen, "heartbeat", StatusJson()) };
                for (var n = seen + 1; n <= _sequence; n++)
                {
                    first.Add(_recent[(int)(n % _recent.Length)]);
                }

                _resumes++;
            }
            else
            {
                first = [new FeedEvent(_sequence, "snapshot", SnapshotJson())];
                _snapshots++;
            }

            _screens.Add(screen);
            return (screen, first);
        }
    }

    private long? TryParseId(string? id)
    {
        if (id is null || !id.StartsWith(_run, StringComparison.Ordinal) || id.Length < _run.Length + 2 || id[_run.Length] != ':')
        {
            return null;
        }

        return long.TryParse(id.AsSpan(_run.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    private SseItem<string> ToSse(FeedEvent item, ref TimeSpan? retry)
    {
        var sse = new SseItem<string>(item.Data, item.Type)
        {
            EventId = _run + ":" + item.Sequence.ToString(CultureInfo.InvariantCulture),
            ReconnectionInterval = retry,
        };
        retry = null;
        return sse;
    }

    /// <summary>Under the lock: the whole board, longest waiting first.</summary>
    private string SnapshotJson()
    {
        var rows = _rows.Values.OrderBy(r => r.QueuedAt ?? long.MaxValue).ThenBy(r => r.Id, StringComparer.Ordinal).ToArray();
        var now = Now();
        return JsonSerializer.Serialize(new SnapshotEvent(now, now + _clockSkew, _status, _options.Queues, rows, StatsRows(), AgentRows()), BoardJsonContext.Default.SnapshotEvent);
    }

    private string StatusJson()
    {
        var now = Now();
        return JsonSerializer.Serialize(new StatusEvent(now, now + _clockSkew, _status), BoardJsonContext.Default.StatusEvent);
    }

    /// <summary>
    /// Every <see cref="WallboardOptions.Heartbeat"/>, a <c>heartbeat</c> to every screen, with the id of the last
    /// event (it changes nothing, so it is not kept): keeps idle connections open and the pages' clocks right.
    /// </summary>
    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.Heartbeat);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                lock (_gate)
                {
                    var beat = new FeedEvent(_sequence, "heartbeat", StatusJson());
                    OfferAll(beat);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The ICWS server's clock against ours, so that the pages count wait times as the server does.</summary>
    private async Task ReadClockAsync(CancellationToken cancellationToken)
    {
        try
        {
            var sent = Now();
            var server = await _client.Connection.GetServerTimeAsync(cancellationToken).ConfigureAwait(false);
            var received = Now();
            var skew = server.ServerUtcTime.ToUnixTimeMilliseconds() - ((sent + received) / 2);
            lock (_gate)
            {
                _clockSkew = skew;
            }
        }
        catch (Exception ex) when (ex is IcwsException or System.Net.Http.HttpRequestException)
        {
            // An older server (connection feature below 4) or a failed request: count against our own clock.
            Log.NoServerClock(_logger, ex.GetType().Name);
        }
    }

    private static BoardRow ToRow(string id, InteractionAttributes a)
    {
        var letter = a.Map.GetValueOrDefault(Attr.Eic_State) ?? string.Empty;
        var name = a.State is { } state && state != InteractionStateCode.Unrecognized ? state.ToString() : letter;
        return new BoardRow(id, letter, name, a.RemoteName ?? string.Empty, a.WorkgroupName ?? string.Empty,
            a.UserName is { Length: > 0 } user ? user : null, a.WorkgroupQueueTimestamp?.ToUnixTimeMilliseconds());
    }

    private static double Now() => (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).TotalMilliseconds;

    private sealed record FeedEvent(long Sequence, string Type, string Data);

    private sealed class Screen(Channel<FeedEvent> queue)
    {
        public Channel<FeedEvent> Queue { get; } = queue;
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Board reset from the queue watch: {Count} interactions")]
        public static partial void BoardReset(ILogger logger, int count);

        [LoggerMessage(Level = LogLevel.Warning, Message = "The queue watch ended ({State}); starting it again")]
        public static partial void WatchEnded(ILogger logger, string state);

        [LoggerMessage(Level = LogLevel.Warning, Message = "The queue watch failed; the board is stale, trying again in {Seconds} s")]
        public static partial void WatchFailed(ILogger logger, double seconds, Exception exception);

        [LoggerMessage(Level = LogLevel.Information, Message = "A screen fell {Buffer} events behind; its stream was closed (it reconnects and resumes)")]
        public static partial void ScreenOverflow(ILogger logger, int buffer);

        [LoggerMessage(Level = LogLevel.Information, Message = "The ICWS server's clock could not be read ({Reason}); wait times count against this machine's clock")]
        public static partial void NoServerClock(ILogger logger, string reason);
    }
}
