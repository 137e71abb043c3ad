using System.Text.RegularExpressions;
using Icws.Simulator.Http;
using Icws.Simulator.Json;

namespace Icws.Simulator.State;

/// <summary>
/// Resolves dial targets (<c>target</c> strings and <c>queueID</c> objects) against the configured users and workgroups.
/// Accepted forms (ICWS documentation only says "number or queue string" [U]): <c>user:John.Smith</c>, <c>workgroup:Support</c>,
/// a bare user id or workgroup name, <c>station:7001</c> or a bare station id, and phone numbers (digits with + - ( ) . space, optional <c>tel:</c>).
/// </summary>
internal static partial class Targets
{
    internal enum Kind
    {
        User,
        Workgroup,
        External,
    }

    /// <param name="Kind">What the target is.</param>
    /// <param name="Name">Canonical user id / workgroup name, or the number as dialled.</param>
    /// <param name="DisplayName">What goes into <c>Eic_RemoteName</c>.</param>
    internal sealed record Target(Kind Kind, string Name, string DisplayName)
    {
        public bool IsInternal => Kind != Kind.External;
        public QueueKey Queue => Kind == Kind.Workgroup ? QueueKey.Workgroup(Name) : QueueKey.User(Name);
    }

    [GeneratedRegex(@"^\+?[0-9()\-. /*#]*[0-9][0-9()\-. /*#]*$")]
    private static partial Regex PhoneNumber();

    public static Target? Resolve(SimState state, string text)
    {
        var t = text.Trim();
        var colon = t.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon > 0 ? t[..colon].ToLowerInvariant() : "";
        var rest = colon > 0 ? t[(colon + 1)..] : t;
        switch (scheme)
        {
            case "user":
                return User(state, rest);
            case "workgroup":
                return Workgroup(state, rest);
            case "station":
                return Station(state, rest);
            case "tel":
                return PhoneNumber().IsMatch(rest) ? External(rest) : null;
            case "":
                return User(state, t) ?? Workgroup(state, t) ?? Station(state, t) ?? (PhoneNumber().IsMatch(t) ? External(t) : null);
            default:
                return null;
        }
    }

    public static Target? FromQueue(SimState state, int queueType, string queueName) => queueType switch
    {
        QueueKey.SystemType or QueueKey.UserType => User(state, queueName),
        QueueKey.WorkgroupType => Workgroup(state, queueName),
        QueueKey.StationType => Station(state, queueName),
        _ => null,
    };

    /// <summary>
    /// Reads <c>transferParameters</c> / consult targeting: exactly one of <c>target</c> and <c>queueID</c> (rule documented
    /// for consult since interactions 13, assumed identical for blind-transfer, park and transfer-to-voicemail [U]).
    /// </summary>
    public static Target ReadTargetOrQueue(SimState state, RequestJson body)
    {
        var hasTarget = body.Has("target");
        var hasQueue = body.Has("queueID");
        if (hasTarget == hasQueue)
        {
            throw hasTarget
                ? IcwsError.InvalidProperty(body.NameOf("queueID"), "give either 'target' or 'queueID', not both.")
                : IcwsError.MissingProperty(body.NameOf("target"));
        }
        if (hasTarget)
        {
            return ReadTarget(state, body, "target");
        }
        var q = ReadQueueId(body.RequiredObject("queueID"));
        return FromQueue(state, q.Type, q.Name)
            ?? throw IcwsError.InvalidProperty(body.NameOf("queueID"), $"no queue {q.Type}:{q.Name} exists.");
    }

    public static Target ReadTarget(SimState state, RequestJson body, string property)
    {
        var text = body.RequiredString(property);
        return Resolve(state, text)
            ?? throw IcwsError.InvalidProperty(body.NameOf(property), $"'{text}' is not a known user, workgroup, station or a phone number.");
    }

    /// <summary>Reads a <c>queueId</c> object: <c>queueType</c> (integer 0..3) and <c>queueName</c>.</summary>
    public static QueueKey ReadQueueId(RequestJson q) =>
        new(q.RequiredInt("queueType", 0, 3), q.RequiredString("queueName"));

    private static Target? User(SimState state, string id) =>
        state.FindUser(id) is { } u ? new Target(Kind.User, u.UserId, u.DisplayName) : null;

    private static Target? Workgroup(SimState state, string name) =>
        state.FindWorkgroup(name) is { } w ? new Target(Kind.Workgroup, w.Name, w.Name) : null;

    // A station resolves to its user: the simulator has no separate station queues.
    private static Target? Station(SimState state, string id) =>
        state.Options.Users.FirstOrDefault(u => string.Equals(u.Station, id, StringComparison.OrdinalIgnoreCase)) is { } u
            ? new Target(Kind.User, u.UserId, u.DisplayName)
            : null;

    private static Target External(string number) => new(Kind.External, number, RemoteDirectory.NameFor(number));
}

/// <summary>Invents stable caller names for numbers, so Eic_RemoteName looks real.</summary>
internal static class RemoteDirectory
{
    private static readonly Dictionary<string, string> s_known = new(StringComparer.Ordinal)
    {
        ["555-0123"] = "Pat Caller",
        ["555-0100"] = "Acme Corp",
        ["555-0199"] = "Jordan Price",
    };

    private static readonly string[] s_names =
    [
        "Morgan Lee", "Casey Fox", "Riley Stone", "Avery Moss", "Quinn Hale", "Drew Park", "Taylor Reed", "Jamie Cole",
    ];

    public static IReadOnlyList<string> Names => s_names;

    public static string NameFor(string number)
    {
        if (s_known.TryGetValue(number.Trim(), out var name))
        {
            return name;
        }
        var hash = 17;
        foreach (var c in number.Where(char.IsAsciiDigit))
        {
            hash = unchecked((hash * 31) + (c - '0'));
        }
        return s_names[(int)((uint)hash % (uint)s_names.Length)];
    }
}
