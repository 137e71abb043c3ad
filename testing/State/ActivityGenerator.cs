namespace Icws.Simulator.State;

/// <summary>
/// Background traffic for demos and tests: incoming calls arrive in random workgroup queues (Offering), get answered by
/// a random member (Connected, assigned), and are hung up by the caller (E) — then removed after the disconnect linger.
/// Every phase is a multiple of the mean interval, so short intervals make fast, busy queues. With each call, one random
/// workgroup member may change status (<see cref="SimulatorOptions.ActivityStatusChangeRate"/>).
/// </summary>
internal sealed class ActivityGenerator
{
    private readonly SimulatorCore _core;
    private readonly Random _random;
    private readonly TimeSpan _mean;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _calls = new();
    private Task _loop = Task.CompletedTask;

    public ActivityGenerator(SimulatorCore core, TimeSpan meanInterval, int? seed)
    {
        _core = core;
        _mean = meanInterval > TimeSpan.Zero ? meanInterval : TimeSpan.FromSeconds(1);
        _random = seed is { } s ? new Random(s) : new Random();
    }

    public void Start() => _loop = Task.Run(LoopAsync);

    public async Task StopAsync()
    {
        _stop.Cancel();
        Task[] pending;
        lock (_calls)
        {
            pending = _calls.Append(_loop).ToArray();
        }
        try
        {
            await Task.WhenAll(pending).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // expected
        }
        _stop.Dispose();
    }

    // Random is not thread-safe; all draws go through here.
    private TimeSpan Scaled(double minFactor, double maxFactor)
    {
        lock (_random)
        {
            return _mean * (minFactor + (_random.NextDouble() * (maxFactor - minFactor)));
        }
    }

    private T Pick<T>(IReadOnlyList<T> items)
    {
        lock (_random)
        {
            return items[_random.Next(items.Count)];
        }
    }

    private async Task LoopAsync()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Scaled(0.5, 1.5), token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var workgroups = _core.Options.Workgroups.ToList();
            if (workgroups.Count == 0)
            {
                continue;
            }
            var workgroup = Pick(workgroups);
            string number;
            lock (_random)
            {
                number = $"555-{_random.Next(200, 9999):0000}";
            }
            InteractionRecord ia;
            lock (_core.State.Gate)
            {
                ia = _core.Factory.IncomingCall(workgroup, RemoteDirectory.NameFor(number), number);
            }
            ChangeSomeoneStatus();
            var call = RunCallAsync(ia, workgroup, token);
            lock (_calls)
            {
                _calls.RemoveAll(t => t.IsCompleted);
                _calls.Add(call);
            }
        }
    }

    /// <summary>With the configured chance, one random member of any workgroup switches to another activity status.</summary>
    private void ChangeSomeoneStatus()
    {
        var members = _core.Options.Workgroups.SelectMany(w => w.Members).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        string member, statusId;
        lock (_random)
        {
            if (members.Count == 0 || _random.NextDouble() >= _core.Options.ActivityStatusChangeRate)
            {
                return;
            }
            member = members[_random.Next(members.Count)];
            statusId = StatusCatalog.ActivityStatuses[_random.Next(StatusCatalog.ActivityStatuses.Count)];
        }
        lock (_core.State.Gate)
        {
            if (_core.State.FindUser(member) is { } user && StatusCatalog.Find(statusId) is { } status
                && !string.Equals(_core.State.Presence.Of(user).Status.StatusId, status.StatusId, StringComparison.Ordinal))
            {
                _core.State.Presence.SetStatus(user, status);
            }
        }
    }

    private async Task RunCallAsync(InteractionRecord ia, SimulatedWorkgroup workgroup, CancellationToken token)
    {
        try
        {
            await Task.Delay(Scaled(1, 2), token).ConfigureAwait(false);
            lock (_core.State.Gate)
            {
                // Only answer it if nobody (a client) has acted on it meanwhile.
                if (!ia.Removed && ia.State == "O" && workgroup.Members.Count > 0 && _core.State.FindUser(Pick(workgroup.Members)) is { } agent)
                {
                    _core.Flow.Feed.Mutate(ia, x =>
                    {
                        _core.Flow.AssignToUser(x, agent);
                        _core.Flow.ApplyState(x, "C");
                    });
                }
            }
            await Task.Delay(Scaled(2, 5), token).ConfigureAwait(false);
            lock (_core.State.Gate)
            {
                _core.Flow.Disconnect(ia, "E"); // the remote party hangs up
            }
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }
}
