namespace Icws.Simulator;

/// <summary>A queue as ICWS names it: <c>{queueType, queueName}</c> (0 system, 1 user, 2 workgroup, 3 station).</summary>
/// <param name="QueueType">The ICWS <c>queueType</c> enum value.</param>
/// <param name="QueueName">User id, workgroup name or station id.</param>
public sealed record SimulatedQueue(int QueueType, string QueueName);

/// <summary>An immutable snapshot of one interaction as the simulator's CIC state holds it (oracle accessor).</summary>
public sealed class SimulatedInteraction
{
    internal SimulatedInteraction(string id, IDictionary<string, string> attributes, IEnumerable<SimulatedQueue> queues)
    {
        Id = id;
        Attributes = new Dictionary<string, string>(attributes, StringComparer.OrdinalIgnoreCase);
        Queues = queues.ToArray();
    }

    /// <summary>The 10-digit interaction id.</summary>
    public string Id { get; }

    /// <summary>A copy of all attributes; names are case-insensitive, values are strings as on the wire.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; }

    /// <summary>The queues the interaction is in right now.</summary>
    public IReadOnlyList<SimulatedQueue> Queues { get; }

    /// <summary>The one-letter <c>Eic_State</c> (A, C, H, M, O, P, R, S, X, I, E), or "" when not set.</summary>
    public string State => Attributes.TryGetValue("Eic_State", out var s) ? s : "";

    /// <summary>An attribute value, or null when the interaction does not have it.</summary>
    public string? this[string attributeName] => Attributes.TryGetValue(attributeName, out var v) ? v : null;

    /// <inheritdoc/>
    public override string ToString() => $"{Id} [{State}] {string.Join(", ", Queues.Select(q => q.QueueType + ":" + q.QueueName))}";
}
