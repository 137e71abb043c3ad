using Icws.Simulator.Json;

namespace Icws.Simulator.State;

/// <summary>
/// State transitions of interactions and the Eic_* attributes that go with them, as CIC shows them:
/// state letter, display string, capability bits, timestamps, queue placement.
/// Every method runs under <see cref="SimState.Gate"/> and changes interactions only through <see cref="ChangeFeed"/>.
/// </summary>
internal sealed class CallFlow
{
    // Eic_Capabilities bits seen in the Genesys MacClient sample; other bits are unknown.
    public const int CapDisconnect = 2;
    public const int CapPickup = 4;
    public const int CapMute = 32;
    public const int CapHold = 256;
    public const int CapRecord = 1024;

    private readonly SimState _state;

    public CallFlow(SimState state, ChangeFeed feed)
    {
        _state = state;
        Feed = feed;
    }

    public ChangeFeed Feed { get; }

    /// <summary>Default <c>Eic_CallStateString</c> texts (ICWS documents these defaults).</summary>
    public static string StateString(string letter) => letter switch
    {
        "A" => "Alerting",
        "C" => "Connected",
        "H" => "Held",
        "M" => "Voice Mail",
        "O" => "Offering",
        "P" => "Parked",
        "R" => "Proceeding",
        "S" => "Dialing",
        "X" => "Suspended",
        "I" or "E" => "Disconnected",
        _ => "",
    };

    /// <summary>Capabilities that make sense per state; non-call objects only get pickup/disconnect.</summary>
    public static int Capabilities(string letter, bool isCall)
    {
        var bits = letter switch
        {
            "A" or "O" or "P" => CapPickup | CapDisconnect,
            "S" or "R" => CapDisconnect | CapMute,
            "C" => CapDisconnect | CapMute | CapHold | CapRecord,
            "H" or "X" => CapDisconnect | CapPickup | CapHold,
            "M" => CapDisconnect,
            _ => 0,
        };
        return isCall ? bits : bits & (CapPickup | CapDisconnect);
    }

    /// <summary>Sets Eic_State and what follows from it (display string, capabilities, connect time). Call inside a mutation.</summary>
    public void ApplyState(InteractionRecord x, string letter)
    {
        x.Set("Eic_State", letter);
        x.Set("Eic_CallStateString", StateString(letter));
        x.Set("Eic_Capabilities", Capabilities(letter, x.IsCall).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (letter == "C" && x.ConnectedAt is null)
        {
            var now = _state.Now;
            x.ConnectedAt = now;
            x.Set("Eic_ConnectTime", Wire.Timestamp(now));
            x.Set("Eic_AnswerTime", Wire.Timestamp(now));
        }
    }

    public void SetState(InteractionRecord ia, string letter) => Feed.Mutate(ia, x => ApplyState(x, letter));

    /// <summary>Puts the interaction on a user's queues (user queue type 1 and system queue type 0), off other users' queues.</summary>
    public void AssignToUser(InteractionRecord x, SimulatedUser user)
    {
        x.Queues.RemoveWhere(q => q.IsPersonal);
        x.Queues.Add(QueueKey.User(user.UserId));
        x.Queues.Add(QueueKey.System(user.UserId));
        x.Set("Eic_UserName", user.UserId);
        x.Set("Eic_LocalId", user.UserId);
        x.Set("Eic_LocalUserId", user.UserId);
        x.Set("Eic_LocalName", user.DisplayName);
        x.Set("Eic_UserQueueTimestamp", Wire.Timestamp(_state.Now));
    }

    /// <summary>Moves the interaction into a workgroup queue only (ACD wait), unassigned.</summary>
    public void MoveToWorkgroup(InteractionRecord x, SimulatedWorkgroup workgroup)
    {
        x.Queues.Clear();
        x.Queues.Add(QueueKey.Workgroup(workgroup.Name));
        x.Set("Eic_WorkgroupName", workgroup.Name);
        x.Set("Eic_UserName", "");
        x.Set("Eic_WorkgroupQueueTimestamp", Wire.Timestamp(_state.Now));
    }

    /// <summary>Moves the interaction to a transfer/park target: a user (personal queues) or a workgroup.</summary>
    public void MoveTo(InteractionRecord x, Targets.Target target)
    {
        if (target.Kind == Targets.Kind.Workgroup)
        {
            MoveToWorkgroup(x, _state.FindWorkgroup(target.Name)!);
        }
        else
        {
            x.Queues.RemoveWhere(q => q.Type == QueueKey.WorkgroupType);
            AssignToUser(x, _state.FindUser(target.Name)!);
        }
    }

    /// <summary>Dialing (S) → Proceeding (R) → Connected (C), one <see cref="SimulatorOptions.CallProgressDelay"/> apart.</summary>
    public void StartOutboundProgress(InteractionRecord ia)
    {
        var delay = _state.Options.CallProgressDelay;
        _state.Scheduler.After(delay, () =>
        {
            if (ia.Removed || ia.State != "S")
            {
                return; // the client acted first (disconnect, hold...)
            }
            SetState(ia, "R");
            _state.Scheduler.After(delay, () =>
            {
                if (!ia.Removed && ia.State == "R")
                {
                    SetState(ia, "C");
                }
            });
        });
    }

    /// <summary>Disconnect: state I (local) or E (remote), termination time, then removal after the linger time.</summary>
    public void Disconnect(InteractionRecord ia, string letter = "I")
    {
        if (ia.Removed || ia.IsDisconnected)
        {
            return;
        }
        Feed.Mutate(ia, x =>
        {
            var now = _state.Now;
            x.DisconnectedAt = now;
            ApplyState(x, letter);
            x.Set("Eic_TerminationTime", Wire.Timestamp(now));
            x.Set("Eic_ConnectDurationTime", x.ConnectDuration(now));
        });
        Feed.CallEnded(ia);
        _state.Scheduler.After(_state.Options.DisconnectLinger, () => Feed.Remove(ia));
    }

    /// <summary>Adds or removes a user in a list attribute (Eic_Recorders, Eic_Monitors...). Lists are '|'-separated [U].</summary>
    public static void Toggle(InteractionRecord x, string attribute, string userId, bool on)
    {
        var items = x.Get(attribute).Split('|', StringSplitOptions.RemoveEmptyEntries).ToList();
        items.RemoveAll(i => string.Equals(i, userId, StringComparison.OrdinalIgnoreCase));
        if (on)
        {
            items.Add(userId);
        }
        x.Set(attribute, string.Join('|', items));
    }
}
