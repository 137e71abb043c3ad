using Icws.Simulator.Json;

namespace Icws.Simulator.State;

/// <summary>Creates interactions with the Eic_* attributes CIC gives them, under <see cref="SimState.Gate"/>.</summary>
internal sealed class InteractionFactory
{
    private readonly SimState _state;
    private readonly CallFlow _flow;

    public InteractionFactory(SimState state, CallFlow flow)
    {
        _state = state;
        _flow = flow;
    }

    /// <summary>The attributes every new interaction starts with. Attribute values are always strings.</summary>
    private InteractionRecord NewRecord(string objectType, string direction, string callType, string remoteAddress, string remoteName)
    {
        var now = _state.Now;
        var id = _state.NewInteractionId();
        var ia = new InteractionRecord(id, objectType);
        ia.Set("Eic_CallId", id);
        // 18 characters: the id plus yyyyMMdd; clients must treat it as opaque.
        ia.Set("Eic_CallIdKey", id + now.UtcDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture));
        ia.Set("Eic_ObjectType", objectType);
        ia.Set("Eic_CallDirection", direction);
        ia.Set("Eic_CallType", callType);
        ia.Set("Eic_RemoteAddress", remoteAddress);
        ia.Set("Eic_RemoteTnRaw", remoteAddress);
        ia.Set("Eic_RemoteName", remoteName);
        ia.Set("Eic_InitiationTime", Wire.Timestamp(now));
        ia.Set("Eic_LineQueueTimestamp", Wire.Timestamp(now));
        ia.Set("Eic_UserName", "");
        ia.Set("Eic_WorkgroupName", "");
        ia.Set("Eic_Muted", "0");
        ia.Set("Eic_Private", "0");
        ia.Set("Eic_Recorders", "");
        ia.Set("Eic_RecordersSupv", "");
        ia.Set("Eic_Monitors", "");
        ia.Set("Eic_MonitorsSupv", "");
        ia.Set("Eic_ConferenceId", "");
        ia.Set("Eic_ConnectDurationTime", "0");
        return ia;
    }

    private static void ApplyExtra(InteractionRecord ia, IReadOnlyDictionary<string, string>? extra)
    {
        if (extra is null)
        {
            return;
        }
        foreach (var (k, v) in extra)
        {
            ia.Set(k, v);
        }
    }

    /// <summary>An outbound call by <paramref name="user"/>: Dialing on the user's queues, then progressing to Connected.</summary>
    public InteractionRecord OutboundCall(
        SimulatedUser user, Targets.Target target, string dialed, SimulatedWorkgroup? workgroup,
        IReadOnlyDictionary<string, string>? extra = null, string? accountCode = null)
    {
        var ia = NewRecord("Call", "O", target.IsInternal ? "I" : "E", dialed, target.DisplayName);
        if (target.IsInternal)
        {
            ia.Set("Eic_RemoteId", target.Name);
        }
        _flow.AssignToUser(ia, user);
        if (workgroup is not null)
        {
            ia.Set("Eic_WorkgroupName", workgroup.Name);
        }
        if (accountCode is not null)
        {
            ia.Set("Eic_AccountCode", accountCode);
        }
        _flow.ApplyState(ia, "S");
        ApplyExtra(ia, extra);
        _flow.Feed.Add(ia);
        _flow.StartOutboundProgress(ia);
        return ia;
    }

    /// <summary>An inbound external call offering in a workgroup queue (ACD wait).</summary>
    public InteractionRecord IncomingCall(SimulatedWorkgroup workgroup, string remoteName, string remoteNumber, IReadOnlyDictionary<string, string>? extra = null)
    {
        var ia = NewRecord("Call", "I", "E", remoteNumber, remoteName);
        _flow.MoveToWorkgroup(ia, workgroup);
        _flow.ApplyState(ia, "O");
        ApplyExtra(ia, extra);
        _flow.Feed.Add(ia);
        return ia;
    }

    /// <summary>An intercom chat started by the user: connected on the user's queues.</summary>
    public InteractionRecord Chat(SimulatedUser user, Targets.Target target, IReadOnlyDictionary<string, string>? extra)
    {
        var ia = NewRecord("Chat", "O", "I", target.Name, target.DisplayName);
        _flow.AssignToUser(ia, user);
        ia.ChatRemoteUserId = target.Kind == Targets.Kind.User ? target.Name : null;
        if (target.Kind == Targets.Kind.Workgroup)
        {
            ia.Set("Eic_WorkgroupName", target.Name);
        }
        ia.Set("Eic_WSAnyChatUserTyping", "0");
        _flow.ApplyState(ia, "C");
        ApplyExtra(ia, extra);
        _flow.Feed.Add(ia);
        return ia;
    }

    /// <summary>An outbound e-mail being composed (state C) on the user's queues.</summary>
    public InteractionRecord Email(
        SimulatedUser user, SimulatedWorkgroup? workgroup, EmailContent content, string? parentId, int emailType, IReadOnlyDictionary<string, string>? extra)
    {
        var ia = NewRecord("Email", "O", "E", content.FirstRecipientAddress, content.FirstRecipientName);
        _flow.AssignToUser(ia, user);
        if (workgroup is not null)
        {
            ia.Set("Eic_WorkgroupName", workgroup.Name);
        }
        ia.Set("Eic_EmailSubject", content.Subject);
        ia.Set("Eic_Subject", content.Subject);
        if (parentId is not null)
        {
            ia.Set("Eic_EmailParent", parentId);
        }
        ia.EmailDraft = content;
        ia.EmailType = emailType;
        ia.Set("Eic_EmailAttachments", "");
        _flow.ApplyState(ia, "C");
        ApplyExtra(ia, extra);
        _flow.Feed.Add(ia);
        return ia;
    }

    /// <summary>A callback request in a workgroup (Offering) or user queue (Alerting).</summary>
    public InteractionRecord Callback(Targets.Target queue, string number, string subject, string? name, IReadOnlyDictionary<string, string>? extra)
    {
        var ia = NewRecord("Callback", "I", "E", number, name ?? RemoteDirectory.NameFor(number));
        ia.Set("Eic_Subject", subject);
        _flow.MoveTo(ia, queue);
        _flow.ApplyState(ia, queue.Kind == Targets.Kind.Workgroup ? "O" : "A");
        ApplyExtra(ia, extra);
        _flow.Feed.Add(ia);
        return ia;
    }

    /// <summary>A generic object in the given queue with the requested initial state.</summary>
    public InteractionRecord Generic(
        Targets.Target queue, string? stateLetter, string direction, string? remoteId, string? remoteName, string? localLocation,
        IReadOnlyDictionary<string, string>? extra)
    {
        var ia = NewRecord("Generic Object", direction, "I", remoteId ?? "", remoteName ?? "");
        if (remoteId is not null)
        {
            ia.Set("Eic_RemoteId", remoteId);
        }
        if (localLocation is not null)
        {
            ia.Set("Eic_LocalAddress", localLocation);
        }
        _flow.MoveTo(ia, queue);
        var letter = stateLetter ?? (queue.Kind == Targets.Kind.Workgroup ? "O" : "A");
        _flow.ApplyState(ia, letter);
        ApplyExtra(ia, extra);
        _flow.Feed.Add(ia);
        if (ia.IsDisconnected)
        {
            _state.Scheduler.After(_state.Options.DisconnectLinger, () => _flow.Feed.Remove(ia));
        }
        return ia;
    }
}
