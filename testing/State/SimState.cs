using System.Security.Cryptography;
using Icws.Simulator.Json;

namespace Icws.Simulator.State;

/// <summary>
/// The shared CIC state behind every simulated server: sessions, interactions, consults, conferences.
/// One lock (<see cref="Gate"/>) guards all of it; messages are built and queued under that lock, so every
/// subscriber sees changes in the same order as the state went through them.
/// </summary>
internal sealed class SimState
{
    private long _nextInteractionId;
    private long _nextSessionId;
    private long _nextSmallId = 1000;

    public SimState(SimulatorOptions options, SimulatorCounters counters, int serverCount)
    {
        Options = options;
        Counters = counters;
        ServerCount = serverCount;
        Scheduler = new Scheduler(this);
        Presence = new Presence(this);
        // Random bases so ids differ between simulator runs (a client must not confuse an old session with a new one).
        _nextInteractionId = 1_001_000_000L + (Random.Shared.Next(0, 8_000) * 1_000L);
        _nextSessionId = 1_000_000L + Random.Shared.Next(0, 8_000_000);
    }

    public Lock Gate { get; } = new();
    public SimulatorOptions Options { get; }
    public SimulatorCounters Counters { get; }
    public Scheduler Scheduler { get; }

    /// <summary>User statuses and queue statistics, and their watches.</summary>
    public Presence Presence { get; }
    public int ServerCount { get; }

    /// <summary>Index (into the server list) of the server that currently answers; the others answer 503.</summary>
    public int ActiveServer { get; set; }

    public DateTimeOffset Now => DateTimeOffset.UtcNow;

    public Dictionary<string, SessionState> Sessions { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, InteractionRecord> Interactions { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, ConsultRecord> Consults { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, HashSet<string>> Conferences { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, AssistanceRecord> Assistances { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, UploadRecord> Uploads { get; } = new(StringComparer.Ordinal);

    /// <summary>Ended calls per user (the user whose queue held the call when it ended), oldest first.</summary>
    public Dictionary<string, List<HistoryItem>> History { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How many history items are kept per user.</summary>
    public const int MaxHistoryPerUser = 100;
    public Dictionary<string, AuthTokenRecord> AuthTokens { get; } = new(StringComparer.Ordinal);

    public string NewInteractionId() => Wire.Digits(Interlocked.Increment(ref _nextInteractionId));

    /// <summary>Session ids are digit strings, as in the captured trace (<c>ININ-ICWS-Session-ID: 1731001</c>).</summary>
    public string NewSessionId() => Wire.Digits(Interlocked.Increment(ref _nextSessionId));

    /// <summary>Ids for consults, assistance requests and similar server-made handles.</summary>
    public string NewSmallId() => Wire.Digits(Interlocked.Increment(ref _nextSmallId));

    public static string NewCsrfToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));

    public SimulatedUser? FindUser(string userId) =>
        Options.Users.FirstOrDefault(u => string.Equals(u.UserId, userId, StringComparison.OrdinalIgnoreCase));

    public SimulatedWorkgroup? FindWorkgroup(string name) =>
        Options.Workgroups.FirstOrDefault(w => string.Equals(w.Name, name, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<SessionState> LiveSessions => Sessions.Values.Where(s => !s.Ended);

    /// <summary>Queues a message text for one session, dropping the oldest beyond the configured maximum.</summary>
    public void Enqueue(SessionState session, string text)
    {
        if (session.Ended)
        {
            return;
        }
        session.Pending.Enqueue(new PendingMessage(session.NextMessageId++, text));
        while (session.Pending.Count > Math.Max(1, Options.MaxMessagesPerSession))
        {
            session.Pending.Dequeue();
            Counters.MessageDropped();
        }
        session.Signal.Set();
    }

    /// <summary>Takes every pending message of a session (polling and the event stream both call this).</summary>
    public List<PendingMessage> Drain(SessionState session)
    {
        var list = session.Pending.ToList();
        session.Pending.Clear();
        return list;
    }

    /// <summary>
    /// Ends a session: optionally queues a <c>connectionStateChangeMessage</c> first (so an open event stream can
    /// still deliver it), drops its watches and asks its event stream to close after flushing.
    /// </summary>
    public void EndSession(SessionState session, string? reason)
    {
        if (session.Ended)
        {
            return;
        }
        if (reason is not null)
        {
            Enqueue(session, Messages.ConnectionStateChange(reason));
        }
        session.Ended = true;
        session.ClearWatches();
        session.Licenses.Clear();
        session.Stream?.Closing.Cancel();
        session.Signal.Set();
        Sessions.Remove(session.Id);
        EndedSessions[session.Id] = session;
        Presence.Refresh(); // the user may have logged out (loggedIn, stations)
    }

    /// <summary>Every open server-sent event stream, for <see cref="SimulatorFaults.DropEventStreams"/> and shutdown.</summary>
    public HashSet<EventStreamHandle> OpenStreams { get; } = new();

    /// <summary>Puts a stream's unconfirmed messages back at the front of its session's queue.</summary>
    public void Requeue(EventStreamHandle handle)
    {
        var batch = handle.InFlight;
        handle.InFlight = null;
        var session = handle.Session;
        if (batch is not { Count: > 0 } || session.Ended)
        {
            return;
        }
        var rest = session.Pending.ToList();
        session.Pending.Clear();
        foreach (var m in batch.Concat(rest))
        {
            session.Pending.Enqueue(m);
        }
        session.Signal.Set();
    }

    /// <summary>Ended sessions stay known so their event streams can drain; requests with them get 401.</summary>
    public Dictionary<string, SessionState> EndedSessions { get; } = new(StringComparer.Ordinal);
}

/// <summary>A consult started by POST interactions/{id}/consult.</summary>
internal sealed record ConsultRecord(string ConsultId, string OriginalId, string ConsultInteractionId, Targets.Target Target);

/// <summary>A token issued by unique-auth-token: single use, short-lived.</summary>
internal sealed record AuthTokenRecord(string Token, string Seed, string SourceSessionId, string UserId, DateTimeOffset Expires);
