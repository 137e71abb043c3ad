namespace Icws.Simulator.State;

/// <summary>The <c>until</c> of a user status: when the status is expected to end.</summary>
internal sealed record StatusUntil(string UntilDateTime, bool HasDate, bool HasTime);

/// <summary>One user's status as CIC keeps it. Only touched under <see cref="SimState.Gate"/>.</summary>
internal sealed class UserPresence
{
    public UserPresence(string userId, DateTimeOffset since)
    {
        UserId = userId;
        StatusChanged = since;
        OnPhoneChanged = since;
    }

    public string UserId { get; }
    public StatusDefinition Status { get; set; } = StatusCatalog.Find(StatusCatalog.Available)!;
    public string? Notes { get; set; }
    public string? ForwardNumber { get; set; }
    public StatusUntil? Until { get; set; }
    public DateTimeOffset StatusChanged { get; set; }
    public bool OnPhone { get; set; }
    public DateTimeOffset OnPhoneChanged { get; set; }
}

/// <summary>What a user-status watch of a session holds: the users, the optional property filter, the statuses last sent.</summary>
internal sealed class UserStatusWatchState
{
    public UserStatusWatchState(IReadOnlyList<string> userIds, IReadOnlySet<string>? properties)
    {
        UserIds = userIds;
        Properties = properties;
    }

    /// <summary>Canonical user ids, in the order the client listed them (duplicates removed).</summary>
    public IReadOnlyList<string> UserIds { get; }

    /// <summary>The optional <c>userStatus</c> properties to send; null = all of them.</summary>
    public IReadOnlySet<string>? Properties { get; }

    /// <summary>Per user id, the JSON text of the status last sent.</summary>
    public Dictionary<string, string> LastSent { get; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>What a statistic-values watch of a session holds: its keys and the values last sent.</summary>
internal sealed class StatisticsWatchState
{
    public StatisticsWatchState(IReadOnlyList<StatisticKeyRef> keys) => Keys = keys;

    public IReadOnlyList<StatisticKeyRef> Keys { get; }

    /// <summary>Per canonical key, the value last sent (null = the JSON null value).</summary>
    public Dictionary<string, StatisticValueView?> LastSent { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// User statuses and the numbers behind the queue statistics, and the one place that turns their changes into
/// <c>userStatusMessage</c> and <c>statisticValueMessage</c> deltas. Everything runs under <see cref="SimState.Gate"/>:
/// interaction changes report in through <see cref="InteractionChanged"/>, status and session changes call
/// <see cref="Refresh"/>, and each refresh compares what every watch would show now with what it was last sent.
/// </summary>
internal sealed class Presence
{
    private readonly SimState _state;
    private readonly DateTimeOffset _started;
    private readonly Dictionary<string, UserPresence> _users = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(string InteractionId, string Workgroup), DateTimeOffset> _waitingSince = new();
    private readonly Dictionary<string, WaitTotals> _totals = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _phoneCalls = new(StringComparer.OrdinalIgnoreCase);

    public Presence(SimState state)
    {
        _state = state;
        _started = state.Now;
    }

    /// <summary>Per workgroup since the simulator started: interactions that began waiting, and the waits that ended.</summary>
    private sealed class WaitTotals
    {
        public long Entered;
        public long Waits;
        public TimeSpan WaitTime;
    }

    /// <summary>The status record of a known user (created on first use with status Available).</summary>
    public UserPresence Of(SimulatedUser user)
    {
        if (!_users.TryGetValue(user.UserId, out var p))
        {
            _users[user.UserId] = p = new UserPresence(user.UserId, _started);
        }
        return p;
    }

    /// <summary>Sets a user's status (notes, forward number and until replace the old ones) and publishes the change.</summary>
    public void SetStatus(SimulatedUser user, StatusDefinition status, string? notes = null, string? forwardNumber = null, StatusUntil? until = null)
    {
        var p = Of(user);
        p.Status = status;
        p.Notes = notes;
        p.ForwardNumber = forwardNumber;
        p.Until = until;
        p.StatusChanged = _state.Now;
        _state.Counters.UserStatusChange();
        Refresh();
    }

    /// <summary>Whether the user has a live session (the <c>loggedIn</c> of a user status).</summary>
    public bool IsLoggedIn(string userId) => _state.LiveSessions.Any(s => s.UserId.Equals(userId, StringComparison.OrdinalIgnoreCase));

    /// <summary>Stations of the user's live sessions (the <c>stations</c> of a user status).</summary>
    public IReadOnlyList<string> StationsOf(string userId) => _state.LiveSessions
        .Where(s => s.UserId.Equals(userId, StringComparison.OrdinalIgnoreCase) && s.Station is { Id.Length: > 0 })
        .Select(s => s.Station!.Id)
        .Distinct(StringComparer.OrdinalIgnoreCase)
        .ToList();

    /// <summary>
    /// An interaction changed (called by the change feed with its attributes and queues before the change): starts or
    /// ends its wait in each workgroup queue, then publishes what changed for the watches.
    /// </summary>
    public void InteractionChanged(InteractionRecord ia, IReadOnlyDictionary<string, string> before, IEnumerable<QueueKey> beforeQueues)
    {
        if (ia.IsCall)
        {
            CountPhoneCall(PhoneOwner(before, removed: false), -1);
            CountPhoneCall(PhoneOwner(ia.Attributes, ia.Removed), +1);
        }
        var wasWaiting = WaitingIn(before, beforeQueues, removed: false);
        var isWaiting = WaitingIn(ia.Attributes, ia.Queues, ia.Removed);
        var now = _state.Now;
        foreach (var workgroup in isWaiting.Except(wasWaiting, StringComparer.OrdinalIgnoreCase))
        {
            _waitingSince[(ia.Id, workgroup.ToUpperInvariant())] = now;
            Totals(workgroup).Entered++;
        }
        foreach (var workgroup in wasWaiting.Except(isWaiting, StringComparer.OrdinalIgnoreCase))
        {
            if (_waitingSince.Remove((ia.Id, workgroup.ToUpperInvariant()), out var since))
            {
                var totals = Totals(workgroup);
                totals.Waits++;
                totals.WaitTime += now - since;
            }
        }
        Refresh();
    }

    private WaitTotals Totals(string workgroup)
    {
        if (!_totals.TryGetValue(workgroup, out var t))
        {
            _totals[workgroup] = t = new WaitTotals();
        }
        return t;
    }

    /// <summary>
    /// Workgroups in whose queue the interaction waits: it is in the workgroup queue, assigned to no user and not
    /// disconnected (the simulator's reading of "waiting" for the queue statistics [U]).
    /// </summary>
    private static List<string> WaitingIn(IReadOnlyDictionary<string, string> attributes, IEnumerable<QueueKey> queues, bool removed)
    {
        if (removed
            || (attributes.TryGetValue("Eic_UserName", out var user) && user.Length > 0)
            || (attributes.TryGetValue("Eic_State", out var state) && state is "I" or "E" or ""))
        {
            return [];
        }
        return queues.Where(q => q.Type == QueueKey.WorkgroupType).Select(q => q.Name).ToList();
    }

    /// <summary>Interactions waiting in a workgroup queue now, with the time each began to wait.</summary>
    public IEnumerable<DateTimeOffset> WaitStarts(string workgroup) =>
        _waitingSince.Where(kv => string.Equals(kv.Key.Workgroup, workgroup, StringComparison.OrdinalIgnoreCase)).Select(kv => kv.Value);

    /// <summary>How many interactions began to wait in the workgroup queue since the simulator started.</summary>
    public long Entered(string workgroup) => _totals.TryGetValue(workgroup, out var t) ? t.Entered : 0;

    /// <summary>The mean of the waits that ended in the workgroup queue (answered, moved or hung up), or null when none has.</summary>
    public TimeSpan? AverageWait(string workgroup) =>
        _totals.TryGetValue(workgroup, out var t) && t.Waits > 0 ? t.WaitTime / t.Waits : null;

    /// <summary>
    /// Brings every status and statistics watch up to date: updates each user's <c>onPhone</c>, then sends each watch the
    /// users or keys whose JSON differs from what it was last sent (isDelta true), nothing when nothing changed.
    /// </summary>
    public void Refresh()
    {
        UpdateOnPhone();
        foreach (var session in _state.LiveSessions.ToList())
        {
            if (session.UserStatusWatch is { } statusWatch)
            {
                var changed = new List<string>();
                foreach (var userId in statusWatch.UserIds)
                {
                    var json = UserStatusJson(userId, statusWatch.Properties);
                    if (!statusWatch.LastSent.TryGetValue(userId, out var last) || last != json)
                    {
                        statusWatch.LastSent[userId] = json;
                        changed.Add(json);
                    }
                }
                if (changed.Count > 0)
                {
                    _state.Enqueue(session, Messages.UserStatuses(isDelta: true, changed));
                }
            }
            if (session.StatisticsWatch is { } statisticsWatch)
            {
                var changed = new List<(StatisticKeyRef, StatisticValueView?)>();
                foreach (var key in statisticsWatch.Keys)
                {
                    var value = Statistics.Evaluate(_state, key);
                    if (!statisticsWatch.LastSent.TryGetValue(key.Canonical, out var last) || last != value)
                    {
                        statisticsWatch.LastSent[key.Canonical] = value;
                        changed.Add((key, value));
                    }
                }
                if (changed.Count > 0)
                {
                    _state.Enqueue(session, Messages.StatisticValues(isDelta: true, changed));
                }
            }
        }
    }

    /// <summary>Starts (or replaces) a session's user-status watch and queues the full first message.</summary>
    public void StartStatusWatch(SessionState session, UserStatusWatchState watch)
    {
        UpdateOnPhone();
        session.UserStatusWatch = watch;
        var all = new List<string>();
        foreach (var userId in watch.UserIds)
        {
            var json = UserStatusJson(userId, watch.Properties);
            watch.LastSent[userId] = json;
            all.Add(json);
        }
        _state.Enqueue(session, Messages.UserStatuses(isDelta: false, all));
    }

    /// <summary>Starts (or replaces) a session's statistic-values watch and queues the full first message.</summary>
    public void StartStatisticsWatch(SessionState session, StatisticsWatchState watch)
    {
        session.StatisticsWatch = watch;
        var all = new List<(StatisticKeyRef, StatisticValueView?)>();
        foreach (var key in watch.Keys)
        {
            var value = Statistics.Evaluate(_state, key);
            watch.LastSent[key.Canonical] = value;
            all.Add((key, value));
        }
        _state.Enqueue(session, Messages.StatisticValues(isDelta: false, all));
    }

    /// <summary>The JSON object of one user's status (<c>userStatus</c>), all properties or the filtered ones.</summary>
    public string UserStatusJson(string userId, IReadOnlySet<string>? properties)
    {
        var user = _state.FindUser(userId)!;
        var p = Of(user);
        var loggedIn = IsLoggedIn(user.UserId);
        return Messages.UserStatusObject(p, loggedIn, StationsOf(user.UserId), loggedIn ? [_state.Options.IcServerName] : [], properties);
    }

    /// <summary>
    /// The user a call puts on the phone: its owner (<c>Eic_UserName</c>) while the call is Connected, Held, Dialing or
    /// Proceeding [U]; null otherwise. Counted per user as calls change, so no change has to scan every interaction.
    /// </summary>
    private static string? PhoneOwner(IReadOnlyDictionary<string, string> attributes, bool removed) =>
        !removed && attributes.TryGetValue("Eic_State", out var state) && state is "C" or "H" or "S" or "R"
            && attributes.TryGetValue("Eic_UserName", out var owner) && owner.Length > 0
            ? owner
            : null;

    private void CountPhoneCall(string? userId, int delta)
    {
        if (userId is null)
        {
            return;
        }
        var n = (_phoneCalls.TryGetValue(userId, out var count) ? count : 0) + delta;
        if (n > 0)
        {
            _phoneCalls[userId] = n;
        }
        else
        {
            _phoneCalls.Remove(userId);
        }
    }

    /// <summary><c>onPhone</c> follows the phone-call count; <c>onPhoneChanged</c> is when it last flipped.</summary>
    private void UpdateOnPhone()
    {
        var now = _state.Now;
        foreach (var user in _state.Options.Users)
        {
            var p = Of(user);
            var onPhone = _phoneCalls.ContainsKey(user.UserId);
            if (p.OnPhone != onPhone)
            {
                p.OnPhone = onPhone;
                p.OnPhoneChanged = now;
            }
        }
    }
}
