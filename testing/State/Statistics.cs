using System.Globalization;
using Icws.Simulator.Json;

namespace Icws.Simulator.State;

/// <summary>
/// A statistic key as the client sent it (<c>statisticIdentifier</c> + <c>parameterValueItems</c>, echoed back in the
/// same order) with a canonical form for comparing keys: identifier and parameter types ignore case, parameters ignore order.
/// </summary>
internal sealed record StatisticKeyRef(string Identifier, IReadOnlyList<KeyValuePair<string, string>> Parameters)
{
    public string Canonical { get; } = Identifier.ToLowerInvariant() + "|" + string.Join("|",
        Parameters.Select(p => p.Key.ToLowerInvariant() + "=" + p.Value.ToLowerInvariant()).OrderBy(s => s, StringComparer.Ordinal));

    /// <summary>For <c>GetSubscriptions</c>: <c>statistic:&lt;identifier&gt;[value,value]</c>.</summary>
    public override string ToString() => $"statistic:{Identifier}[{string.Join(",", Parameters.Select(p => p.Value))}]";
}

/// <summary>
/// One statistic value as it goes on the wire: the derived <c>statisticValue</c> type's URN, its
/// <c>statisticValueType</c> number and the JSON of its <c>value</c> (an integer, a double, a date string...).
/// </summary>
internal sealed record StatisticValueView(string Urn, int ValueType, string RawValue);

/// <summary>
/// The queue statistics the simulator computes, all for one workgroup (<c>ININ.People.WorkgroupStats:Workgroup</c>).
/// Identifiers and the int/percent/time-duration kinds follow recorded CIC messages; the duration kind of
/// AverageWaitTime follows an IceLib client; every computation is the simulator's own reading [U]. A key it cannot
/// serve gets a <c>statisticErrorValue</c> (1 malformed key, 2 unknown key), as the ICWS contract provides.
/// </summary>
internal static class Statistics
{
    public const string WorkgroupParameter = "ININ.People.WorkgroupStats:Workgroup";
    public const string IntervalParameter = "ININ.Queue:Interval";

    public const string ValueMessageUrn = "urn:inin.com:statistics:statisticValueMessage";
    public const string IntUrn = "urn:inin.com:statistics:statisticIntValue";
    public const string PercentUrn = "urn:inin.com:statistics:statisticPercentValue";
    public const string TimeDurationUrn = "urn:inin.com:statistics:statisticTimeDurationValue";
    public const string DurationUrn = "urn:inin.com:statistics:statisticDurationValue";
    public const string ErrorUrn = "urn:inin.com:statistics:statisticErrorValue";

    // statisticValueType numbers (enum Statistics.StatisticValueType).
    public const int IntType = 0;
    public const int TimeDurationType = 5;
    public const int DurationType = 6;
    public const int PercentType = 9;
    public const int ErrorType = 12;

    /// <summary>Interval values accepted for the interval statistics; all of them count since the simulator started [U].</summary>
    public static IReadOnlyList<string> Intervals { get; } = ["CurrentPeriod", "CurrentShift"];

    private sealed record Definition(string Identifier, bool NeedsInterval, Func<SimState, SimulatedWorkgroup, StatisticValueView?> Compute);

    private static readonly Definition[] s_definitions =
    [
        // Interactions waiting in the workgroup queue (in the queue, assigned to nobody, not disconnected).
        new("inin.workgroup:InteractionsWaiting", false, (s, wg) => Int(s.Presence.WaitStarts(wg.Name).Count())),
        // The longest current wait, as CIC sends ticking durations: the time it started; null while nothing waits.
        new("inin.workgroup:LongestWaitTime", false, (s, wg) =>
            s.Presence.WaitStarts(wg.Name).ToList() is { Count: > 0 } starts
                ? new StatisticValueView(TimeDurationUrn, TimeDurationType, Quote(Wire.Timestamp(starts.Min())))
                : null),
        new("inin.workgroup:TotalAgents", false, (_, wg) => Int(wg.Members.Count)),
        // Members whose status is an ACD status (Available and its Follow-Me / Forward forms).
        new("inin.workgroup:NumberAvailableForACDInteractions", false, (s, wg) => Int(AvailableMembers(s, wg))),
        new("inin.workgroup:PercentAvailable", false, (s, wg) =>
            new StatisticValueView(PercentUrn, PercentType, Number(wg.Members.Count == 0 ? 0 : Math.Round(100.0 * AvailableMembers(s, wg) / wg.Members.Count, 2)))),
        new("inin.workgroup:InteractionsEntered", true, (s, wg) => Int(s.Presence.Entered(wg.Name))),
        // Mean wait of the interactions that stopped waiting, in seconds; null until one has.
        new("inin.workgroup:AverageWaitTime", true, (s, wg) =>
            s.Presence.AverageWait(wg.Name) is { } mean
                ? new StatisticValueView(DurationUrn, DurationType, Number(Math.Round(mean.TotalSeconds, 3)))
                : null),
    ];

    /// <summary>The statistic identifiers the simulator serves.</summary>
    public static IEnumerable<string> Identifiers => s_definitions.Select(d => d.Identifier);

    /// <summary>The current value of a key: a value, null (no value now), or an error value for keys it cannot serve.</summary>
    public static StatisticValueView? Evaluate(SimState state, StatisticKeyRef key)
    {
        var definition = s_definitions.FirstOrDefault(d => string.Equals(d.Identifier, key.Identifier, StringComparison.OrdinalIgnoreCase));
        if (definition is null)
        {
            return Error(2);
        }
        string? workgroupName = null, interval = null;
        foreach (var (type, value) in key.Parameters)
        {
            if (string.Equals(type, WorkgroupParameter, StringComparison.OrdinalIgnoreCase) && workgroupName is null)
            {
                workgroupName = value;
            }
            else if (definition.NeedsInterval && string.Equals(type, IntervalParameter, StringComparison.OrdinalIgnoreCase) && interval is null)
            {
                interval = value;
            }
            else
            {
                return Error(1); // a parameter the statistic does not take, or one given twice
            }
        }
        if (workgroupName is null || (definition.NeedsInterval && interval is null))
        {
            return Error(1);
        }
        if (state.FindWorkgroup(workgroupName) is not { } workgroup
            || (interval is not null && !Intervals.Contains(interval, StringComparer.OrdinalIgnoreCase)))
        {
            return Error(2);
        }
        return definition.Compute(state, workgroup);
    }

    private static int AvailableMembers(SimState state, SimulatedWorkgroup wg) =>
        wg.Members.Count(m => state.FindUser(m) is { } u && state.Presence.Of(u).Status.IsAcd);

    private static StatisticValueView Int(long n) => new(IntUrn, IntType, n.ToString(CultureInfo.InvariantCulture));

    private static StatisticValueView Error(int reason) => new(ErrorUrn, ErrorType, reason.ToString(CultureInfo.InvariantCulture));

    private static string Number(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    private static string Quote(string s) => "\"" + s + "\"";
}
