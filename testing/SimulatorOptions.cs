namespace Icws.Simulator;

/// <summary>A CIC user the simulator knows: it can log in and owns a user queue named after <see cref="UserId"/>.</summary>
/// <param name="UserId">The ICWS user id (case-insensitive on login, as CIC user ids are).</param>
/// <param name="Password">The password accepted by <c>icAuthConnectionRequestSettings</c>.</param>
/// <param name="DisplayName">Shown as <c>userDisplayName</c> and in <c>Eic_LocalName</c> / <c>Eic_RemoteName</c>.</param>
/// <param name="Station">The user's default workstation (reported as <c>defaultWorkstationId</c>).</param>
public sealed record SimulatedUser(string UserId, string Password, string DisplayName, string Station);

/// <summary>A workgroup with its own queue (queue type 2) and members who may pick up from it.</summary>
/// <param name="Name">Workgroup name, also the queue name.</param>
/// <param name="Members">User ids of the members.</param>
public sealed record SimulatedWorkgroup(string Name, IReadOnlyList<string> Members);

/// <summary>How <c>queueContentsMessage</c> treats empty <c>interactionsAdded/Changed/Removed</c> arrays.</summary>
/// <remarks>ICWS marks all three arrays optional, so a client must accept both shapes; this switch makes the simulator vary them on purpose.</remarks>
public enum EmptyArrayMode
{
    /// <summary>Empty arrays are left out (the default).</summary>
    Omit,
    /// <summary>All three arrays are always written, empty or not.</summary>
    Include,
    /// <summary>Alternates between omitting and including, message by message.</summary>
    Alternate,
}

/// <summary>Configuration of an <see cref="IcwsSimulator"/>. Every property has a usable default.</summary>
public sealed class SimulatorOptions
{
    /// <summary>Port of the primary server; 0 (default) picks a free port. Backup servers always use free ports.</summary>
    public int Port { get; set; }

    /// <summary>Number of backup servers next to the primary (default 1). They share the CIC state but only the active server answers.</summary>
    public int BackupServerCount { get; set; } = 1;

    /// <summary>Users that can log in. Defaults: agent/agent-pass, John.Smith/john-pass, supervisor/super-pass.</summary>
    public IList<SimulatedUser> Users { get; } = new List<SimulatedUser>
    {
        new("agent", "agent-pass", "Alex Agent", "7001"),
        new("John.Smith", "john-pass", "John Smith", "7002"),
        new("supervisor", "super-pass", "Sam Supervisor", "7003"),
    };

    /// <summary>Workgroups and their members. Defaults: Support, InsideSales, OutsideSales.</summary>
    public IList<SimulatedWorkgroup> Workgroups { get; } = new List<SimulatedWorkgroup>
    {
        new("Support", new[] { "agent", "John.Smith", "supervisor" }),
        new("InsideSales", new[] { "agent", "supervisor" }),
        new("OutsideSales", new[] { "John.Smith", "supervisor" }),
    };

    /// <summary>Single sign-on tokens accepted by <c>singleSignOnTokenConnectionRequestSettings</c>, mapped to the user they log in.</summary>
    public IDictionary<string, string> SingleSignOnTokens { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["sso-token-agent"] = "agent",
    };

    /// <summary>Feature versions reported by <c>/icws/connection/features</c>. <c>messaging</c> 1 means polling only (no server-sent events).</summary>
    public IDictionary<string, int> FeatureVersions { get; } = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        ["connection"] = 11,
        ["messaging"] = 2,
        ["interactions"] = 13,
        ["queues"] = 2,
        ["licenses"] = 1,
        ["status"] = 1,
        ["statistics"] = 1,
    };

    /// <summary>Time between the outbound call steps Dialing (S) → Proceeding (R) → Connected (C). <see cref="TimeSpan.Zero"/> runs them before the create request returns.</summary>
    public TimeSpan CallProgressDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long a disconnected interaction (state I/E) stays in its queues before it is removed. Zero removes it right after the state change.</summary>
    public TimeSpan DisconnectLinger { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Sessions without requests (and without an open event stream) for this long expire. Null (default) = never.</summary>
    public TimeSpan? SessionIdleTimeout { get; set; }

    /// <summary>
    /// Chance (0 to 1, default 0.5) that each call of the generated activity (<see cref="IcwsSimulator.StartActivity"/>) comes with
    /// a status change of one random workgroup member (Available, Away from desk, At Lunch, Do Not Disturb, Follow Up), so
    /// status and availability watches have something to show. 0 turns it off.
    /// </summary>
    public double ActivityStatusChangeRate { get; set; } = 0.5;

    /// <summary>Interval of <c>:ping</c> comment lines on open event streams (default 15 s).</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a token from <c>unique-auth-token</c> stays valid (ICWS documents about 7 s).</summary>
    public TimeSpan AuthTokenLifetime { get; set; } = TimeSpan.FromSeconds(7);

    /// <summary>Maximum undelivered messages kept per session; the oldest are dropped beyond it (default 1000).</summary>
    public int MaxMessagesPerSession { get; set; } = 1000;

    /// <summary>Older-server error bodies: leave out <c>errorId</c> (it arrived in 2015 R1).</summary>
    public bool LegacyErrors { get; set; }

    /// <summary>Shape of empty arrays in <c>queueContentsMessage</c>.</summary>
    public EmptyArrayMode QueueMessageEmptyArrays { get; set; } = EmptyArrayMode.Omit;

    /// <summary>Value of <c>icServer</c> in the connection response.</summary>
    public string IcServerName { get; set; } = "CIC-SIM";

    /// <summary>Optional log sink for one line per request (method, path, status). Bodies and passwords are never logged.</summary>
    public Action<string>? Log { get; set; }

    /// <summary>Shortcut: the messaging feature version is 1, so the server refuses <c>text/event-stream</c>.</summary>
    public bool PollingOnly
    {
        get => FeatureVersions.TryGetValue("messaging", out var v) && v < 2;
        set => FeatureVersions["messaging"] = value ? 1 : 2;
    }

    /// <summary>Workgroups that list <paramref name="userId"/> as a member.</summary>
    public IEnumerable<string> GetWorkgroupsOf(string userId) =>
        Workgroups.Where(w => w.Members.Any(m => string.Equals(m, userId, StringComparison.OrdinalIgnoreCase))).Select(w => w.Name);
}
