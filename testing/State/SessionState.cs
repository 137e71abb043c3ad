using Microsoft.AspNetCore.Http;

namespace Icws.Simulator.State;

/// <summary>A queued message: its event id and its JSON text (raw injected text may be anything).</summary>
internal sealed record PendingMessage(long Id, string Text);

/// <summary>A queue watch: the client's subscription id, its queues and the attribute names it asked for.</summary>
internal sealed record QueueWatch(string SubscriptionId, IReadOnlyList<QueueKey> Queues, IReadOnlyList<string> AttributeNames)
{
    public bool Covers(IEnumerable<QueueKey> queues) => queues.Any(q => Queues.Contains(q));
}

/// <summary>An open server-sent event stream of a session.</summary>
internal sealed class EventStreamHandle
{
    public EventStreamHandle(HttpContext context, SessionState session)
    {
        Context = context;
        Session = session;
    }

    public HttpContext Context { get; }
    public SessionState Session { get; }

    /// <summary>Set (under the lock) when the stream was aborted by a fault; the loop then stops draining.</summary>
    public bool Dropped { get; set; }

    /// <summary>Messages drained and being written, not yet confirmed by a completed flush.</summary>
    public List<PendingMessage>? InFlight { get; set; }

    /// <summary>Fires to end the stream gracefully (logout, expiry, replaced by a newer stream).</summary>
    public CancellationTokenSource Closing { get; } = new();
}

/// <summary>One ICWS session (login). Only touched under <see cref="SimState.Gate"/>, except <see cref="Signal"/>.</summary>
internal sealed class SessionState
{
    public SessionState(string id, string userId, string cookieValue, string csrfToken, DateTimeOffset now)
    {
        Id = id;
        UserId = userId;
        CookieValue = cookieValue;
        CsrfToken = csrfToken;
        LastActivity = now;
    }

    public string Id { get; }
    public string UserId { get; }
    public string CookieValue { get; }
    public string CsrfToken { get; }
    public DateTimeOffset LastActivity { get; set; }

    /// <summary>Ended by logout, expiry or switchover: every later request gets 401.</summary>
    public bool Ended { get; set; }

    /// <summary>The station set by PUT connection/station, or null (sessions are stationless by default).</summary>
    public StationInfo? Station { get; set; }

    public Queue<PendingMessage> Pending { get; } = new();
    public long NextMessageId { get; set; } = 1;
    public Signal Signal { get; } = new();
    public EventStreamHandle? Stream { get; set; }

    public Dictionary<string, QueueWatch> QueueWatches { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, IReadOnlyList<string>> InteractionWatches { get; } = new(StringComparer.Ordinal);

    /// <summary>Attribute names of the interaction-alerting watch; null when there is none.</summary>
    public IReadOnlyList<string>? AlertingWatch { get; set; }

    /// <summary>Callback watches by interaction id, with the details last sent.</summary>
    public Dictionary<string, CallbackView> CallbackWatches { get; } = new(StringComparer.Ordinal);

    /// <summary>Chat watches by interaction id, with what was sent so far.</summary>
    public Dictionary<string, ChatWatchState> ChatWatches { get; } = new(StringComparer.Ordinal);

    /// <summary>E-mail watches by interaction id, with the details last sent.</summary>
    public Dictionary<string, EmailView> EmailWatches { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether the interaction-history watch is on.</summary>
    public bool HistoryWatch { get; set; }

    /// <summary>Whether the station-connection watch is on.</summary>
    public bool StationWatch { get; set; }

    /// <summary>Licence names of the licence watch with the <c>isAssigned</c> last sent; null when there is none.</summary>
    public Dictionary<string, bool>? LicenseWatch { get; set; }

    /// <summary>Licences the session holds (acquired by POST/PUT licenses).</summary>
    public HashSet<string> Licenses { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether the agent-assistance list watch is on.</summary>
    public bool AssistanceListWatch { get; set; }

    /// <summary>Watched agent-assistance requests (details watches) by assistance id.</summary>
    public HashSet<string> AssistanceWatches { get; } = new(StringComparer.Ordinal);

    /// <summary>The user-status watch (one list of users per session); null when there is none.</summary>
    public UserStatusWatchState? UserStatusWatch { get; set; }

    /// <summary>Whether the status-messages (catalogue) watch is on.</summary>
    public bool StatusMessagesWatch { get; set; }

    /// <summary>The statistic-values watch (one list of keys per session); null when there is none.</summary>
    public StatisticsWatchState? StatisticsWatch { get; set; }

    public void ClearWatches()
    {
        QueueWatches.Clear();
        InteractionWatches.Clear();
        AlertingWatch = null;
        CallbackWatches.Clear();
        ChatWatches.Clear();
        EmailWatches.Clear();
        HistoryWatch = false;
        StationWatch = false;
        LicenseWatch = null;
        AssistanceListWatch = false;
        AssistanceWatches.Clear();
        UserStatusWatch = null;
        StatusMessagesWatch = false;
        StatisticsWatch = null;
    }

    public IReadOnlyList<string> DescribeSubscriptions() =>
        QueueWatches.Keys.Select(k => "queue:" + k)
            .Concat(InteractionWatches.Keys.Select(k => "interaction:" + k))
            .Concat(AlertingWatch is null ? [] : new[] { "alerting" })
            .Concat(CallbackWatches.Keys.Select(k => "callback:" + k))
            .Concat(ChatWatches.Keys.Select(k => "chat:" + k))
            .Concat(EmailWatches.Keys.Select(k => "email:" + k))
            .Concat(HistoryWatch ? new[] { "history" } : [])
            .Concat(StationWatch ? new[] { "station" } : [])
            .Concat(LicenseWatch is null ? [] : new[] { "licenses" })
            .Concat(AssistanceListWatch ? new[] { "assistance" } : [])
            .Concat(AssistanceWatches.Select(k => "assistance:" + k))
            .Concat(UserStatusWatch?.UserIds.Select(u => "user-status:" + u) ?? [])
            .Concat(StatusMessagesWatch ? new[] { "status-messages" } : [])
            .Concat(StatisticsWatch?.Keys.Select(k => k.ToString()) ?? [])
            .ToArray();
}

/// <summary>Station connection of a session, kept simple.</summary>
internal sealed record StationInfo(string Id, string Extension, int StationSetting, string? RemoteNumber);
