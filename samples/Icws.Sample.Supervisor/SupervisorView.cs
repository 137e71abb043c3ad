using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Icws.Client;

namespace Icws.Supervisor;

/// <summary>
/// What a supervisor sees of one workgroup, kept in memory: the agents' statuses (from the status watch's
/// <see cref="UserStatusMessage"/>s), the workgroup's queue statistics (from the statistics watch's
/// <see cref="StatisticValueMessage"/>s), the status catalogue for the status texts, and the live view of the
/// workgroup queue (the queue watch). A message with <c>isDelta: false</c> replaces what its watch showed; one with
/// <c>isDelta: true</c> carries only what changed. Thread-safe: messages are applied on the reader's thread while the
/// board is drawn on another.
/// </summary>
internal sealed class SupervisorView
{
    /// <summary>The statistics on the board: identifier, label, and whether it takes the interval parameter.</summary>
    public static IReadOnlyList<(string Identifier, string Label, bool Interval)> Statistics { get; } =
    [
        ("inin.workgroup:InteractionsWaiting", "Interactions waiting", false),
        ("inin.workgroup:LongestWaitTime", "Longest wait", false),
        ("inin.workgroup:TotalAgents", "Agents", false),
        ("inin.workgroup:NumberAvailableForACDInteractions", "Available for ACD", false),
        ("inin.workgroup:PercentAvailable", "Percent available", false),
        ("inin.workgroup:InteractionsEntered", "Entered this shift", true),
        ("inin.workgroup:AverageWaitTime", "Average wait this shift", true),
    ];

    public const string WorkgroupParameter = "ININ.People.WorkgroupStats:Workgroup";
    public const string IntervalParameter = "ININ.Queue:Interval";
    public const string Interval = "CurrentShift";

    /// <summary>What the queue watch asks for: enough to show who waits and since when.</summary>
    public static IReadOnlyList<string> QueueAttributes { get; } =
        [Attr.Eic_State, Attr.Eic_RemoteName, Attr.Eic_WorkgroupQueueTimestamp, Attr.Eic_UserName];

    private readonly object _gate = new();
    private readonly Dictionary<string, UserStatus> _agents = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, StatisticValue?> _statistics = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _statusTexts = new(StringComparer.OrdinalIgnoreCase);

    public SupervisorView(string workgroup, IReadOnlyList<string> agents)
    {
        Workgroup = workgroup;
        Agents = agents;
        StatisticKeys = Statistics.Select(s => new StatisticKey
        {
            StatisticIdentifier = s.Identifier,
            ParameterValueItems = s.Interval
                ? [new ParameterValueItem { ParameterTypeId = WorkgroupParameter, Value = workgroup }, new ParameterValueItem { ParameterTypeId = IntervalParameter, Value = Interval }]
                : [new ParameterValueItem { ParameterTypeId = WorkgroupParameter, Value = workgroup }],
        }).ToArray();
    }

    public string Workgroup { get; }

    /// <summary>The user ids of the status watch, in the order shown.</summary>
    public IReadOnlyList<string> Agents { get; }

    /// <summary>The keys of the statistics watch: every statistic of <see cref="Statistics"/> for the workgroup.</summary>
    public IReadOnlyList<StatisticKey> StatisticKeys { get; }

    /// <summary>The workgroup queue's live view, once the queue watch is started.</summary>
    public IWatchView<InteractionAttributes>? Queue { get; set; }

    /// <summary>The server's clock minus ours, for the waits (ICWS times are the server's).</summary>
    public TimeSpan ServerClockOffset { get; set; }

    public int StatusSnapshots { get; private set; }
    public int StatusChanges { get; private set; }
    public int StatisticsSnapshots { get; private set; }
    public int StatisticsChanges { get; private set; }

    /// <summary>Messages neither watch of this view sent (queue messages go to the queue watch, others are ignored).</summary>
    public int OtherMessages { get; private set; }

    public bool HasQueueSnapshot => Queue is { } queue && queue.WaitForSnapshotAsync().IsCompletedSuccessfully;

    public bool HasAllSnapshots
    {
        get
        {
            lock (_gate)
            {
                return HasQueueSnapshot && StatusSnapshots > 0 && StatisticsSnapshots > 0;
            }
        }
    }

    public void SetStatusCatalogue(IEnumerable<StatusStatusMessage> statuses)
    {
        lock (_gate)
        {
            _statusTexts.Clear();
            foreach (var status in statuses)
            {
                _statusTexts[status.StatusId] = status.MessageText;
            }
        }
    }

    /// <summary>Applies one message from the session; returns whether it was one of this view's.</summary>
    public bool Apply(IcwsMessage message)
    {
        lock (_gate)
        {
            switch (message)
            {
                case UserStatusMessage statuses:
                    if (!statuses.IsDelta)
                    {
                        _agents.Clear();
                        StatusSnapshots++;
                    }
                    else
                    {
                        StatusChanges++;
                    }

                    foreach (var status in statuses.UserStatusList)
                    {
                        _agents[status.UserId] = status;
                    }

                    return true;

                case StatisticValueMessage values:
                    if (!values.IsDelta)
                    {
                        _statistics.Clear();
                        StatisticsSnapshots++;
                    }
                    else
                    {
                        StatisticsChanges++;
                    }

                    foreach (var change in values.StatisticValueChanges)
                    {
                        // One statistics watch may hold the keys of several workgroups (the wallboard's does): a view
                        // keeps only its own workgroup's values.
                        if (!IsOwnKey(change.StatisticKey))
                        {
                            continue;
                        }

                        _statistics[change.StatisticKey.StatisticIdentifier] = change.StatisticValue;
                    }

                    return true;

                default:
                    OtherMessages++;
                    return false;
            }
        }
    }

    /// <summary>Whether a statistic key is for this view's workgroup (its workgroup parameter names it).</summary>
    private bool IsOwnKey(StatisticKey key)
        => key.ParameterValueItems is not { } items
            || !items.Any(p => string.Equals(p.ParameterTypeId, WorkgroupParameter, StringComparison.OrdinalIgnoreCase))
            || items.Any(p => string.Equals(p.ParameterTypeId, WorkgroupParameter, StringComparison.OrdinalIgnoreCase)
                && string.Equals(p.Value, Workgroup, StringComparison.OrdinalIgnoreCase));

    /// <summary>An agent's latest status, if the status watch has sent one.</summary>
    public UserStatus? GetAgent(string userId)
    {
        lock (_gate)
        {
            return _agents.GetValueOrDefault(userId);
        }
    }

    /// <summary>
    /// A statistic's latest value by identifier: false while the watch has sent none for it; true with null when the
    /// server says it has no value now (nothing waits, no wait finished yet).
    /// </summary>
    public bool TryGetStatistic(string identifier, out StatisticValue? value)
    {
        lock (_gate)
        {
            return _statistics.TryGetValue(identifier, out value);
        }
    }

    /// <summary>The status text of the catalogue, or the id when the catalogue does not have it.</summary>
    public string StatusText(string statusId)
    {
        lock (_gate)
        {
            return _statusTexts.GetValueOrDefault(statusId, statusId);
        }
    }

    /// <summary>The board as text, with the waits measured at <paramref name="now"/> (our clock).</summary>
    public string Render(DateTimeOffset now)
    {
        var serverNow = now + ServerClockOffset;
        var text = new StringBuilder();
        lock (_gate)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Workgroup {Workgroup}: {Agents.Count} agent(s)   {serverNow.UtcDateTime:HH:mm:ss} UTC");
            text.AppendLine(CultureInfo.InvariantCulture, $"  {"Agent",-16} {"Status",-26} {"Phone",-6} {"Since",-9} {"Logged in",-9}");
            foreach (var userId in Agents)
            {
                if (_agents.TryGetValue(userId, out var s))
                {
                    var since = s.StatusChanged is { } changed ? Clock(serverNow - changed) : "";
                    text.AppendLine(CultureInfo.InvariantCulture,
                        $"  {Cut(userId, 16),-16} {Cut(StatusText(s.StatusId), 26),-26} {(s.OnPhone == true ? "on" : "-"),-6} {since,-9} {(s.LoggedIn == true ? "yes" : "no"),-9}");
                }
                else
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"  {Cut(userId, 16),-16} (no status yet)");
                }
            }

            text.AppendLine("Queue statistics");
            foreach (var (identifier, label, _) in Statistics)
            {
                var shown = _statistics.TryGetValue(identifier, out var value) ? Show(value, serverNow) : "(none yet)";
                text.AppendLine(CultureInfo.InvariantCulture, $"  {label,-26} {shown}");
            }
        }

        var waiting = Waiting(serverNow);
        var longest = waiting.Count > 0 ? $", longest {Clock(waiting[0].Wait)}" : "";
        text.AppendLine(CultureInfo.InvariantCulture, $"Waiting in the queue: {waiting.Count}{longest}");
        foreach (var (id, caller, wait) in waiting.Take(10))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {Cut(id, 14),-14} {Cut(caller, 24),-24} {Clock(wait)}");
        }

        if (waiting.Count > 10)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  ... and {waiting.Count - 10} more");
        }

        return text.ToString();
    }

    /// <summary>
    /// The interactions of the queue view not answered yet (Offering or Alerting), longest wait first; the wait is the
    /// time since <c>Eic_WorkgroupQueueTimestamp</c>, which does not change while a call waits.
    /// </summary>
    public List<(string InteractionId, string Caller, TimeSpan Wait)> Waiting(DateTimeOffset serverNow)
    {
        if (Queue is not { } queue)
        {
            return [];
        }

        return queue.GetSnapshot()
            .Where(p => p.Value.State is InteractionStateCode.Offering or InteractionStateCode.Alerting)
            .Select(p => (p.Key, p.Value.RemoteName ?? "", p.Value.WorkgroupQueueTimestamp is { } since ? serverNow - since : TimeSpan.Zero))
            .OrderByDescending(w => w.Item3)
            .ThenBy(w => w.Key, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>A statistic value as text; a time-duration value (a wait that keeps growing) is shown ticking.</summary>
    public static string Show(StatisticValue? value, DateTimeOffset serverNow) => value switch
    {
        null => "-",
        StatisticIntValue v => v.Value.ToString(CultureInfo.InvariantCulture),
        StatisticPercentValue v => v.Value.ToString("0.##", CultureInfo.InvariantCulture) + " %",
        StatisticTimeDurationValue v => Clock(serverNow - v.Value),
        StatisticDurationValue v => Clock(v.Value),
        StatisticErrorValue v => "error: " + v.Value,
        _ => value.TypeUrn,
    };

    private static string Clock(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        return span.TotalHours >= 1
            ? ((int)span.TotalHours).ToString(CultureInfo.InvariantCulture) + span.ToString(@"\:mm\:ss", CultureInfo.InvariantCulture)
            : span.ToString(@"mm\:ss", CultureInfo.InvariantCulture);
    }

    private static string Cut(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}
