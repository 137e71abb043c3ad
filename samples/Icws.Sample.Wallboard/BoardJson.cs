using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Icws.Sample.Wallboard;

/// <summary>
/// One row of the board: what a screen shows of an interaction. Only these values leave the server - never an ICWS
/// session id, token, cookie or credential.
/// </summary>
/// <param name="Id">The interaction id.</param>
/// <param name="State">The <c>Eic_State</c> letter (<c>O</c> offering, <c>C</c> connected, ...), as the server sent it.</param>
/// <param name="StateName">Its name (<c>Offering</c>), or the letter when the code is unknown.</param>
/// <param name="Name">The remote party's name (<c>Eic_RemoteName</c>): text the caller controls.</param>
/// <param name="Queue">The workgroup (<c>Eic_WorkgroupName</c>).</param>
/// <param name="User">The user who has it (<c>Eic_UserName</c>), when one has.</param>
/// <param name="QueuedAt">When it entered the workgroup queue (<c>Eic_WorkgroupQueueTimestamp</c>), Unix milliseconds, on the ICWS server's clock.</param>
public sealed record BoardRow(string Id, string State, string StateName, string Name, string Queue, string? User, long? QueuedAt);

/// <summary>The <c>snapshot</c> event: the whole board. A screen replaces what it shows with it.</summary>
/// <param name="T">When the wallboard sent it, Unix milliseconds (fractional) on its own clock.</param>
/// <param name="Clock">The ICWS server's clock at that moment, Unix milliseconds: the page's wait times count against it.</param>
/// <param name="Status">The feed's state: <c>starting</c>, <c>live</c> or <c>stale</c> (ICWS unreachable; the rows may be old).</param>
/// <param name="Queues">The queues on the board.</param>
/// <param name="Rows">Every interaction.</param>
/// <param name="Stats">The statistics panel: one entry per queue (as in the <c>stats</c> event).</param>
/// <param name="Agents">The agent panel: one entry per agent (as in the <c>agents</c> event).</param>
public sealed record SnapshotEvent(double T, double Clock, string Status, IReadOnlyList<string> Queues, IReadOnlyList<BoardRow> Rows, IReadOnlyList<QueueStats> Stats, IReadOnlyList<AgentRow> Agents);

/// <summary>One queue of the statistics panel, from the ICWS statistics watch; null where the server has sent no value.</summary>
/// <param name="Queue">The workgroup.</param>
/// <param name="Waiting">Interactions waiting (<c>inin.workgroup:InteractionsWaiting</c>).</param>
/// <param name="LongestSince">When the longest wait began (<c>inin.workgroup:LongestWaitTime</c> as a point in time), Unix milliseconds on the ICWS server's clock: the page counts from it.</param>
/// <param name="LongestMs">The longest wait as a fixed duration, in milliseconds, when the server sends it so.</param>
/// <param name="Available">Agents available for ACD interactions (<c>inin.workgroup:NumberAvailableForACDInteractions</c>).</param>
/// <param name="Total">Agents of the workgroup (<c>inin.workgroup:TotalAgents</c>).</param>
/// <param name="Percent">Percent available (<c>inin.workgroup:PercentAvailable</c>).</param>
public sealed record QueueStats(string Queue, int? Waiting, long? LongestSince, long? LongestMs, int? Available, int? Total, double? Percent);

/// <summary>One agent of the agent panel, from the ICWS status watch.</summary>
/// <param name="User">The user id.</param>
/// <param name="Status">The status text (from the status catalogue), or null before the watch sent one.</param>
/// <param name="OnPhone">Whether the agent is on the phone.</param>
/// <param name="LoggedIn">Whether the agent is logged in.</param>
/// <param name="Since">When the status was set, Unix milliseconds on the ICWS server's clock.</param>
public sealed record AgentRow(string User, string? Status, bool OnPhone, bool LoggedIn, long? Since);

/// <summary>The <c>stats</c> event: the statistics panel changed. A screen replaces the panel with it.</summary>
/// <param name="T">When the wallboard sent it (Unix milliseconds, its own clock).</param>
/// <param name="Queues">Every queue's statistics.</param>
public sealed record StatsEvent(double T, IReadOnlyList<QueueStats> Queues);

/// <summary>The <c>agents</c> event: the agent panel changed. A screen replaces the panel with it.</summary>
/// <param name="T">When the wallboard sent it (Unix milliseconds, its own clock).</param>
/// <param name="Agents">Every agent's status.</param>
public sealed record AgentsEvent(double T, IReadOnlyList<AgentRow> Agents);

/// <summary>The <c>upsert</c> event: an interaction that came or changed.</summary>
/// <param name="T">When the wallboard sent it (Unix milliseconds, its own clock).</param>
/// <param name="Row">The interaction as it is now.</param>
public sealed record UpsertEvent(double T, BoardRow Row);

/// <summary>The <c>remove</c> event: an interaction that left the queues.</summary>
/// <param name="T">When the wallboard sent it (Unix milliseconds, its own clock).</param>
/// <param name="Id">The interaction id.</param>
public sealed record RemoveEvent(double T, string Id);

/// <summary>The <c>status</c> event (the feed's state changed) and the <c>heartbeat</c> event (nothing changed for a while).</summary>
/// <param name="T">When the wallboard sent it (Unix milliseconds, its own clock).</param>
/// <param name="Clock">The ICWS server's clock at that moment (Unix milliseconds).</param>
/// <param name="Status">The feed's state (see <see cref="SnapshotEvent.Status"/>).</param>
public sealed record StatusEvent(double T, double Clock, string Status);

/// <summary><c>GET /status</c>: how the wallboard is doing (for monitoring and the load test). Nothing secret.</summary>
/// <param name="Status">The feed's state.</param>
/// <param name="Rows">Interactions on the board.</param>
/// <param name="Sequence">Events published so far.</param>
/// <param name="Clients">Open event streams.</param>
/// <param name="Overflows">Streams closed because their screen fell too far behind (it reconnects).</param>
/// <param name="Resumes">Reconnections served from the recent events.</param>
/// <param name="Snapshots">Snapshots sent (new screens, and reconnections from too far back).</param>
/// <param name="ManagedHeapBytes">The process's managed heap (<c>GC.GetTotalMemory(false)</c>).</param>
/// <param name="WorkingSetBytes">The process's working set.</param>
/// <param name="Gen2Collections">Full garbage collections so far.</param>
/// <param name="GcPauseMilliseconds">Time the process was paused for garbage collection so far.</param>
public sealed record StatusReply(string Status, int Rows, long Sequence, int Clients, long Overflows, long Resumes, long Snapshots, long ManagedHeapBytes, long WorkingSetBytes, int Gen2Collections, long GcPauseMilliseconds);

/// <summary>The wallboard's JSON, source-generated (no reflection; trim-safe). camelCase, like the page reads it.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SnapshotEvent))]
[JsonSerializable(typeof(UpsertEvent))]
[JsonSerializable(typeof(RemoveEvent))]
[JsonSerializable(typeof(StatusEvent))]
[JsonSerializable(typeof(StatusReply))]
[JsonSerializable(typeof(StatsEvent))]
[JsonSerializable(typeof(AgentsEvent))]
[JsonSerializable(typeof(IReadOnlyList<QueueStats>))]
[JsonSerializable(typeof(IReadOnlyList<AgentRow>))]
public sealed partial class BoardJsonContext : JsonSerializerContext
{
}
