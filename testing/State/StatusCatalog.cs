namespace Icws.Simulator.State;

/// <summary>One status message of the catalogue, with the fields of ICWS <c>statusMessage</c>.</summary>
internal sealed record StatusDefinition(
    string StatusId,
    string MessageText,
    string GroupTag,
    bool CanHaveDate = false,
    bool CanHaveTime = false,
    bool IsDoNotDisturb = false,
    bool IsSelectable = true,
    bool IsPersistent = false,
    bool IsForward = false,
    bool IsAfterCallWork = false,
    bool IsAcd = false,
    bool IsAllowFollowUp = false)
{
    /// <summary>
    /// <c>iconUri</c>: ICWS gives each status an icon address; the simulator names one under its own server (not served) [U].
    /// </summary>
    public string IconUri => "/icws/status/icons/" + string.Concat(StatusId.Where(char.IsAsciiLetterOrDigit)).ToLowerInvariant() + ".png";

    /// <summary><c>systemId</c>: the simulator uses the status id itself [U].</summary>
    public string SystemId => StatusId;
}

/// <summary>
/// The status messages every simulated server offers: CIC's usual default set. Ids, texts and flags are the simulator's
/// reading of a default CIC configuration [U]; the shape follows the ICWS <c>statusMessage</c> contract.
/// </summary>
internal static class StatusCatalog
{
    public const string Available = "Available";

    /// <summary>The catalogue in the order <c>GET status/status-messages</c> lists it.</summary>
    public static IReadOnlyList<StatusDefinition> All { get; } =
    [
        new(Available, "Available", "Available", IsAcd: true, IsAllowFollowUp: true),
        new("Available, Follow-Me", "Available, Follow-Me", "Available", IsForward: true, IsAcd: true),
        new("Available, Forward", "Available, Forward", "Available", IsForward: true, IsAcd: true),
        new("Available, No ACD", "Available, No ACD", "Available"),
        new("Away from desk", "Away from desk", "Away", IsPersistent: true),
        new("At Lunch", "At Lunch", "Away", CanHaveTime: true, IsPersistent: true),
        new("In a Meeting", "In a Meeting", "Away", CanHaveDate: true, CanHaveTime: true, IsPersistent: true),
        new("Do Not Disturb", "Do Not Disturb", "Busy", IsDoNotDisturb: true, IsPersistent: true),
        new("Follow Up", "Follow Up", "Busy", IsAfterCallWork: true, IsAllowFollowUp: true),
        new("Gone Home", "Gone Home", "Away", CanHaveDate: true, CanHaveTime: true, IsPersistent: true),
        new("On Vacation", "On Vacation", "Away", CanHaveDate: true, IsPersistent: true),
        new("Out of the Office", "Out of the Office", "Away", CanHaveDate: true, CanHaveTime: true, IsPersistent: true),
        new("ACD - Agent Not Answering", "ACD - Agent Not Answering", "Busy", IsSelectable: false),
    ];

    /// <summary>What the simulated activity switches agents between (all selectable).</summary>
    public static IReadOnlyList<string> ActivityStatuses { get; } = [Available, "Away from desk", "At Lunch", "Do Not Disturb", "Follow Up"];

    /// <summary>Status ids compare case-insensitively [U]; the catalogue's spelling is what goes back on the wire.</summary>
    public static StatusDefinition? Find(string statusId) =>
        All.FirstOrDefault(s => string.Equals(s.StatusId, statusId, StringComparison.OrdinalIgnoreCase));
}
