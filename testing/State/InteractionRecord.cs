namespace Icws.Simulator.State;

/// <summary>Mutable CIC-side interaction. Only touched under <see cref="SimState.Gate"/>.</summary>
internal sealed class InteractionRecord
{
    public InteractionRecord(string id, string objectType)
    {
        Id = id;
        ObjectType = objectType;
    }

    public string Id { get; }

    /// <summary><c>Call</c>, <c>Callback</c>, <c>Chat</c>, <c>Email</c> or <c>Generic Object</c> (also <c>Eic_ObjectType</c>).</summary>
    public string ObjectType { get; }

    public Dictionary<string, string> Attributes { get; } = new(StringComparer.OrdinalIgnoreCase);

    public HashSet<QueueKey> Queues { get; } = new();

    /// <summary>Set once the interaction has left every queue and been deallocated.</summary>
    public bool Removed { get; set; }

    /// <summary>First time the interaction reached Connected; drives <c>Eic_ConnectDurationTime</c>.</summary>
    public DateTimeOffset? ConnectedAt { get; set; }

    /// <summary>When it was disconnected (state I or E).</summary>
    public DateTimeOffset? DisconnectedAt { get; set; }

    public bool IsCall => ObjectType is "Call";

    // Media-specific state that is not (only) attributes: what chat, e-mail and callback watches report.

    /// <summary>Chat transcript, oldest first.</summary>
    public List<ChatLine> ChatLines { get; } = new();

    /// <summary>User ids of chat members whose typing indicator is on.</summary>
    public HashSet<string> ChatTyping { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The chat's remote party when it is a user (null for a workgroup target).</summary>
    public string? ChatRemoteUserId { get; set; }

    /// <summary>The e-mail content as last created or saved (null for other media).</summary>
    public EmailContent? EmailDraft { get; set; }

    /// <summary>ICWS <c>emailType</c>: New 1, Reply 2, ReplyAll 3, Forward 4.</summary>
    public int EmailType { get; set; }

    /// <summary>Attachments of the e-mail (uploads and response-management documents).</summary>
    public List<EmailAttachment> Attachments { get; } = new();

    /// <summary>Callback attempts made so far (each callback response call counts one).</summary>
    public int CallbackAttempts { get; set; }

    public string State => Get("Eic_State");

    public bool IsDisconnected => State is "I" or "E";

    public string Get(string name) => Attributes.TryGetValue(name, out var v) ? v : "";

    public void Set(string name, string value) => Attributes[name] = value;

    public SimulatedInteraction ToPublic(DateTimeOffset now)
    {
        var copy = new Dictionary<string, string>(Attributes, StringComparer.OrdinalIgnoreCase);
        if (copy.ContainsKey("Eic_ConnectDurationTime"))
        {
            copy["Eic_ConnectDurationTime"] = ConnectDuration(now);
        }
        return new SimulatedInteraction(Id, copy, Queues.Select(q => q.ToPublic()));
    }

    /// <summary>
    /// <c>Eic_ConnectDurationTime</c> as whole seconds in a decimal string, computed when read (decision for an
    /// unconfirmed format [U]): from the first connect until now, or until the disconnect. Deltas only carry it when
    /// the stored value changes (at disconnect), because pushing a change every second would flood watches.
    /// </summary>
    public string ConnectDuration(DateTimeOffset now)
    {
        long seconds = 0;
        if (ConnectedAt is { } since)
        {
            seconds = (long)Math.Max(0, ((DisconnectedAt ?? now) - since).TotalSeconds);
        }
        return seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The value as a reader sees it: stored, except the computed duration.</summary>
    public bool TryRead(string name, DateTimeOffset now, out string value)
    {
        if (!Attributes.TryGetValue(name, out value!))
        {
            return false;
        }
        if (string.Equals(name, "Eic_ConnectDurationTime", StringComparison.OrdinalIgnoreCase))
        {
            value = ConnectDuration(now);
        }
        return true;
    }
}
