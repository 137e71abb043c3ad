using Icws.Simulator.State;

namespace Icws.Simulator;

/// <summary>Wires the simulator's parts together; one per <see cref="IcwsSimulator"/>.</summary>
internal sealed class SimulatorCore
{
    public SimulatorCore(SimulatorOptions options)
    {
        Options = options;
        Counters = new SimulatorCounters();
        State = new SimState(options, Counters, 1 + Math.Max(0, options.BackupServerCount));
        Feed = new ChangeFeed(State);
        Flow = new CallFlow(State, Feed);
        Factory = new InteractionFactory(State, Flow);
        Faults = new SimulatorFaults(this);
    }

    public SimulatorOptions Options { get; }
    public SimulatorCounters Counters { get; }
    public SimState State { get; }
    public ChangeFeed Feed { get; }
    public CallFlow Flow { get; }
    public InteractionFactory Factory { get; }
    public SimulatorFaults Faults { get; }

    /// <summary>"host:port" of each server, primary first; set once Kestrel has bound its ports.</summary>
    public IReadOnlyList<string> Hosts { get; set; } = [];

    /// <summary>
    /// The alternate hosts a server names (in login responses and 503 bodies): every other server, the active one first.
    /// Entries are "host:port" and the client keeps its scheme. ICWS documentation only says Genesys samples reconnect to
    /// <c>alternateHostList[0]</c> on the same scheme and port; loopback servers differ only by port, so the port must be in the entry.
    /// </summary>
    public IReadOnlyList<string> AlternateHostsFor(int serverIndex)
    {
        int active;
        lock (State.Gate)
        {
            active = State.ActiveServer;
        }
        return Enumerable.Range(0, Hosts.Count)
            .Where(i => i != serverIndex)
            .OrderBy(i => i == active ? 0 : 1)
            .ThenBy(i => i)
            .Select(i => Hosts[i])
            .ToArray();
    }
}
