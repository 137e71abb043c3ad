using Icws.Simulator.State;

namespace Icws.Simulator;

/// <summary>
/// Fault injection switches. All members are thread-safe and every injected fault is counted in
/// <see cref="SimulatorCounters.Faults"/>. Faults never crash the server.
/// </summary>
public sealed class SimulatorFaults
{
    private readonly SimulatorCore _core;
    private readonly Lock _gate = new();
    private readonly List<FailureRule> _failures = new();
    private readonly List<KeyValuePair<string, TimeSpan>> _pathDelays = new();
    private int _loginRejections;
    private TimeSpan _responseDelay;

    internal SimulatorFaults(SimulatorCore core) => _core = core;

    private sealed class FailureRule(int status, int count, string? pathContains)
    {
        public int Status { get; } = status;
        public int Remaining { get; set; } = count;
        public string? PathContains { get; } = pathContains;
    }

    /// <summary>Delay applied before every response (default zero).</summary>
    public TimeSpan ResponseDelay
    {
        get { lock (_gate) { return _responseDelay; } }
        set { lock (_gate) { _responseDelay = value < TimeSpan.Zero ? TimeSpan.Zero : value; } }
    }

    /// <summary>Adds a delay for requests whose path contains <paramref name="pathContains"/> (ordinal, case-insensitive); zero removes it.</summary>
    public void SetPathDelay(string pathContains, TimeSpan delay)
    {
        lock (_gate)
        {
            _pathDelays.RemoveAll(p => string.Equals(p.Key, pathContains, StringComparison.OrdinalIgnoreCase));
            if (delay > TimeSpan.Zero)
            {
                _pathDelays.Add(new(pathContains, delay));
            }
        }
    }

    /// <summary>
    /// Expires one session: a <c>connectionStateChangeMessage</c> (down, shouldReconnect) goes to its event stream if one is
    /// open, the stream is then closed, and every later call with the session gets 401. Polling clients cannot receive
    /// the message (their next poll is already a 401). Returns false when the session is unknown.
    /// </summary>
    public bool ExpireSession(string sessionId)
    {
        lock (_core.State.Gate)
        {
            if (!_core.State.Sessions.TryGetValue(sessionId, out var session))
            {
                return false;
            }
            _core.State.EndSession(session, "The session has expired.");
        }
        _core.Counters.Fault("expire-session");
        return true;
    }

    /// <summary>Expires every session (see <see cref="ExpireSession"/>).</summary>
    public void ExpireAllSessions()
    {
        lock (_core.State.Gate)
        {
            foreach (var session in _core.State.Sessions.Values.ToList())
            {
                _core.State.EndSession(session, "The session has expired.");
            }
        }
        _core.Counters.Fault("expire-session");
    }

    /// <summary>
    /// Switchover: the next server becomes active, all sessions are invalidated (with a connectionStateChangeMessage
    /// where a stream can carry it), and every non-active server — the former primary included — answers 503 with
    /// <c>alternateHostList</c> until the simulator switches back (call again, or <see cref="SwitchTo"/>).
    /// </summary>
    public void Switchover()
    {
        lock (_core.State.Gate)
        {
            SwitchToCore((_core.State.ActiveServer + 1) % _core.State.ServerCount);
        }
    }

    /// <summary>Makes server <paramref name="serverIndex"/> (index into <see cref="IcwsSimulator.Servers"/>) active, as <see cref="Switchover"/> does.</summary>
    public void SwitchTo(int serverIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(serverIndex);
        lock (_core.State.Gate)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(serverIndex, _core.State.ServerCount);
            SwitchToCore(serverIndex);
        }
    }

    private void SwitchToCore(int serverIndex)
    {
        _core.State.ActiveServer = serverIndex;
        foreach (var session in _core.State.Sessions.Values.ToList())
        {
            _core.State.EndSession(session, "The server is switching over to its backup.");
        }
        _core.Counters.Fault("switchover");
    }

    /// <summary>The next <paramref name="count"/> logins on the active server answer 503 with <c>alternateHostList</c> naming the other servers.</summary>
    public void RejectLogins503(int count)
    {
        lock (_gate)
        {
            _loginRejections = Math.Max(0, count);
        }
    }

    /// <summary>Aborts every open server-sent event stream (the TCP connection is reset, no graceful end).</summary>
    public int DropEventStreams()
    {
        List<EventStreamHandle> handles;
        lock (_core.State.Gate)
        {
            handles = _core.State.OpenStreams.ToList();
            foreach (var h in handles)
            {
                // Messages written but not yet confirmed go back to the queue: a client may see them twice, never zero times.
                _core.State.Requeue(h);
                h.Dropped = true;
            }
            _core.State.OpenStreams.Clear();
        }
        foreach (var h in handles)
        {
            try
            {
                h.Context.Abort();
            }
            catch (ObjectDisposedException)
            {
                // The stream's request ended on its own between the snapshot and the abort: nothing left to drop.
            }
        }
        _core.Counters.Fault("drop-event-streams");
        return handles.Count;
    }

    /// <summary>
    /// Queues raw text as a message for one session (or every live session when null). It may be malformed JSON or carry an
    /// unknown <c>__type</c>: polling puts it verbatim into the response array (so malformed text makes the whole body
    /// malformed), an event stream sends it as one event.
    /// </summary>
    public void InjectRawMessage(string? sessionId, string rawJson)
    {
        ArgumentNullException.ThrowIfNull(rawJson);
        lock (_core.State.Gate)
        {
            var targets = sessionId is null
                ? _core.State.LiveSessions.ToList()
                : _core.State.Sessions.TryGetValue(sessionId, out var s) ? [s] : [];
            foreach (var session in targets)
            {
                _core.State.Enqueue(session, rawJson);
            }
        }
        _core.Counters.Fault("raw-message");
    }

    /// <summary>The next <paramref name="count"/> session requests whose path contains <paramref name="pathContains"/> (any when null) fail with <paramref name="statusCode"/> and an error body.</summary>
    public void FailNextRequests(int statusCode, int count, string? pathContains = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        lock (_gate)
        {
            _failures.Add(new FailureRule(statusCode, count, pathContains));
        }
    }

    internal bool TryTakeLoginRejection()
    {
        lock (_gate)
        {
            if (_loginRejections <= 0)
            {
                return false;
            }
            _loginRejections--;
        }
        _core.Counters.Fault("reject-login-503");
        return true;
    }

    internal int? TryTakeFailure(string path)
    {
        lock (_gate)
        {
            var rule = _failures.FirstOrDefault(r => r.Remaining > 0 && (r.PathContains is null || path.Contains(r.PathContains, StringComparison.OrdinalIgnoreCase)));
            if (rule is null)
            {
                return null;
            }
            rule.Remaining--;
            _failures.RemoveAll(r => r.Remaining <= 0);
            _core.Counters.Fault("fail-request");
            return rule.Status;
        }
    }

    internal TimeSpan DelayFor(string path)
    {
        lock (_gate)
        {
            var delay = _responseDelay;
            foreach (var (p, d) in _pathDelays)
            {
                if (path.Contains(p, StringComparison.OrdinalIgnoreCase))
                {
                    delay += d;
                }
            }
            return delay;
        }
    }
}
