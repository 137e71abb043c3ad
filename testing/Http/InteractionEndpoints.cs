using System.Text.Json;
using Icws.Simulator.Json;
using Icws.Simulator.State;

namespace Icws.Simulator.Http;

/// <summary>
/// POST /interactions (the seven create variants), GET/POST /interactions/{id} (attributes), and
/// POST /interactions/email/resolve-address. Bodies are validated completely before any state changes.
/// </summary>
internal sealed class InteractionEndpoints
{
    private readonly SimulatorCore _core;

    public InteractionEndpoints(SimulatorCore core) => _core = core;

    private SimState State => _core.State;

    public void Register(RouteTable sessionRoutes) => sessionRoutes
        .Map("POST", "interactions", CreateAsync)
        .Map("POST", "interactions/email/resolve-address", ResolveAddressAsync)
        .Map("GET", "interactions/{interactionId}", GetAttributesAsync)
        .Map("POST", "interactions/{interactionId}", SetAttributesAsync);

    private async Task CreateAsync(RequestContext c)
    {
        var body = await c.ReadObjectAsync().ConfigureAwait(false);
        var type = body.RequireType(Wire.CreateCall, Wire.CreateCallback, Wire.CreateCallbackResponseCall, Wire.CreateChat,
            Wire.CreateEmail, Wire.CreateEmailResponse, Wire.CreateGeneric);
        var extra = body.OptionalStringMap("additionalAttributes");
        var user = c.User;
        // Each variant validates into a closure, which then runs under the lock.
        Func<InteractionRecord> create = type switch
        {
            Wire.CreateCall => Call(body, user, extra),
            Wire.CreateCallbackResponseCall => CallbackResponseCall(body, user, extra),
            Wire.CreateCallback => Callback(body, extra),
            Wire.CreateChat => Chat(body, user, extra),
            Wire.CreateEmail => Email(body, user, extra, response: false),
            Wire.CreateEmailResponse => Email(body, user, extra, response: true),
            _ => Generic(body, extra),
        };
        string id;
        lock (State.Gate)
        {
            id = create().Id;
        }
        await c.JsonAsync(201, w =>
        {
            w.WriteStartObject();
            w.WriteString("interactionId", id);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private SimulatedWorkgroup? Workgroup(RequestJson body) =>
        body.OptionalString("workgroup") is { } name
            ? State.FindWorkgroup(name) ?? throw IcwsError.InvalidProperty(body.NameOf("workgroup"), $"'{name}' is not a workgroup.")
            : null;

    private Func<InteractionRecord> Call(RequestJson body, SimulatedUser user, Dictionary<string, string>? extra)
    {
        var dialed = body.RequiredString("target");
        var target = Targets.ReadTarget(State, body, "target");
        var workgroup = Workgroup(body);
        body.OptionalInt("callMadeStage", 0, 3);
        var account = body.OptionalString("accountCodeId");
        body.OptionalString("notes");
        return () => _core.Factory.OutboundCall(user, target, dialed, workgroup, extra, account);
    }

    private Func<InteractionRecord> CallbackResponseCall(RequestJson body, SimulatedUser user, Dictionary<string, string>? extra)
    {
        var parentId = body.RequiredString("parentInteractionId");
        var make = Call(body, user, extra);
        return () =>
        {
            if (!State.Interactions.TryGetValue(parentId, out var parent))
            {
                throw IcwsError.InvalidProperty("parentInteractionId", $"the interaction '{parentId}' does not exist.");
            }
            var call = make();
            _core.Feed.Mutate(parent, x =>
            {
                x.Set("Eic_CallbackAssociatedCallId", call.Id);
                if (x.ObjectType == "Callback")
                {
                    x.CallbackAttempts++; // each response call is one attempt (callbackMessage.attempts)
                }
            });
            return call;
        };
    }

    private Func<InteractionRecord> Callback(RequestJson body, Dictionary<string, string>? extra)
    {
        var number = body.RequiredString("target");
        var queueId = Targets.ReadQueueId(body.RequiredObject("targetQueue"));
        var queue = Targets.FromQueue(State, queueId.Type, queueId.Name)
            ?? throw IcwsError.InvalidProperty("targetQueue", $"no queue {queueId.Type}:{queueId.Name} exists.");
        var subject = body.RequiredString("subject", allowEmpty: true);
        var name = body.OptionalString("name");
        return () => _core.Factory.Callback(queue, number, subject, name, extra);
    }

    private Func<InteractionRecord> Chat(RequestJson body, SimulatedUser user, Dictionary<string, string>? extra)
    {
        var target = Targets.ReadTarget(State, body, "target");
        if (!target.IsInternal)
        {
            throw IcwsError.InvalidProperty("target", "a chat target must be a user or a workgroup.");
        }
        return () => _core.Factory.Chat(user, target, extra);
    }

    private Func<InteractionRecord> Email(RequestJson body, SimulatedUser user, Dictionary<string, string>? extra, bool response)
    {
        var content = ReadEmailContent(body.RequiredObject("emailContent"), response);
        var workgroup = Workgroup(body);
        string? parentId = null;
        var emailType = 1; // New
        if (response)
        {
            // emailResponseType Reply 0 / ReplyAll 1 / Forward 2 → emailType Reply 2 / ReplyAll 3 / Forward 4.
            emailType = body.RequiredInt("responseType", 0, 2) + 2;
            parentId = body.RequiredString("parentInteractionId");
        }
        return () =>
        {
            if (parentId is not null && !State.Interactions.ContainsKey(parentId))
            {
                throw IcwsError.InvalidProperty("parentInteractionId", $"the interaction '{parentId}' does not exist.");
            }
            return _core.Factory.Email(user, workgroup, content, parentId, emailType, extra);
        };
    }

    /// <summary>Reads <c>emailContent</c> (or <c>emailResponseContent</c>, which adds the required <c>attachmentsFromParent</c>).</summary>
    public static EmailContent ReadEmailContent(RequestJson content, bool response)
    {
        var sender = content.RequiredObject("sender");
        var from = new EmailAddress(sender.RequiredString("displayName", allowEmpty: true), sender.OptionalString("address"));
        var subject = content.OptionalString("subject") ?? "";
        var lists = new Dictionary<string, List<EmailAddress>>(StringComparer.Ordinal);
        foreach (var list in new[] { "toRecipients", "ccRecipients", "bccRecipients", "replyToRecipients" })
        {
            var items = content.OptionalArray(list) ?? [];
            lists[list] = new List<EmailAddress>();
            for (var i = 0; i < items.Count; i++)
            {
                var r = content.ElementAsObject(items[i], list, i);
                lists[list].Add(new EmailAddress(r.OptionalString("displayName"), r.OptionalString("address")));
            }
        }
        var bodies = content.OptionalArray("bodies") ?? [];
        var texts = new List<EmailBody>();
        for (var i = 0; i < bodies.Count; i++)
        {
            var b = content.ElementAsObject(bodies[i], "bodies", i);
            texts.Add(new EmailBody(b.RequiredString("body", allowEmpty: true), b.RequiredInt("bodyType", 0, 1)));
        }
        if (response)
        {
            content.RequiredInt("attachmentsFromParent", 0, 2);
        }
        return new EmailContent(from, subject, lists["toRecipients"], lists["ccRecipients"], lists["bccRecipients"], lists["replyToRecipients"], texts);
    }

    private Func<InteractionRecord> Generic(RequestJson body, Dictionary<string, string>? extra)
    {
        var queueId = Targets.ReadQueueId(body.RequiredObject("queueId"));
        var queue = Targets.FromQueue(State, queueId.Type, queueId.Name)
            ?? throw IcwsError.InvalidProperty("queueId", $"no queue {queueId.Type}:{queueId.Name} exists.");
        // interactionState enum (None 0 ... ExternalDisconnect 11) → Eic_State letters; the two numberings differ.
        var state = body.OptionalInt("initialState", 0, 11) switch
        {
            1 => "A", 2 => "C", 3 => "H", 4 => "M", 5 => "O", 6 => "P", 7 => "R", 8 => "X", 9 => "S", 10 => "I", 11 => "E",
            _ => null,
        };
        var direction = body.OptionalInt("interactionDirection", 0, 2) switch { 1 => "I", 2 => "O", _ => "" };
        body.OptionalInt("localPartyType", 0, 2);
        body.OptionalInt("remotePartyType", 0, 2);
        var localLocation = body.OptionalString("localLocation");
        var remoteId = body.OptionalString("remoteId");
        var remoteName = body.OptionalString("remoteName");
        return () => _core.Factory.Generic(queue, state, direction, remoteId, remoteName, localLocation, extra);
    }

    /// <summary>
    /// GET attributes. Without <c>select</c> only <c>Eic_CallId</c> comes back. Names are case-insensitive and echoed as
    /// requested; a name the interaction does not have is returned with "" (decision for an unconfirmed case [U]).
    /// </summary>
    private Task GetAttributesAsync(RequestContext c)
    {
        var id = c["interactionId"];
        var select = c.Http.Request.Query["select"].ToString()
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (select.Length == 0)
        {
            select = ["Eic_CallId"];
        }
        var values = new List<KeyValuePair<string, string>>();
        lock (State.Gate)
        {
            if (!State.Interactions.TryGetValue(id, out var ia))
            {
                throw IcwsError.InteractionNotFound(id);
            }
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in select.Where(seen.Add))
            {
                values.Add(new(name, ia.TryRead(name, State.Now, out var v) ? v : ""));
            }
        }
        return c.JsonAsync(200, w =>
        {
            w.WriteStartObject();
            JsonText.StringMap(w, "attributes", values);
            w.WriteEndObject();
        });
    }

    /// <summary>POST attributes: <c>{attributes, appendMode?}</c>; appendMode 1 appends, 2 appends with a '|' separator (IceLib's default delimiter [U]).</summary>
    private async Task SetAttributesAsync(RequestContext c)
    {
        var id = c["interactionId"];
        var body = await c.ReadObjectAsync().ConfigureAwait(false);
        var attributes = body.OptionalStringMap("attributes") ?? throw IcwsError.MissingProperty("attributes");
        var mode = body.OptionalInt("appendMode", 1, 2);
        lock (State.Gate)
        {
            var ia = ActionEndpoints.Find(State, id);
            _core.Feed.Mutate(ia, x =>
            {
                foreach (var (name, value) in attributes)
                {
                    var old = x.Get(name);
                    x.Set(name, mode switch
                    {
                        1 => old + value,
                        2 => old.Length == 0 ? value : old + "|" + value,
                        _ => value,
                    });
                }
            });
        }
        await c.EmptyAsync(200).ConfigureAwait(false);
    }

    private async Task ResolveAddressAsync(RequestContext c)
    {
        var body = await c.ReadObjectAsync().ConfigureAwait(false);
        var name = body.RequiredString("name");
        var max = body.OptionalInt("maxResults", 1) ?? 10;
        var matches = _core.Options.Users
            .Where(u => u.DisplayName.Contains(name, StringComparison.OrdinalIgnoreCase) || u.UserId.Contains(name, StringComparison.OrdinalIgnoreCase))
            .Take(max)
            .ToList();
        await c.JsonAsync(200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("matchedAddresses");
            foreach (var u in matches)
            {
                w.WriteStartObject();
                w.WriteString("name", u.DisplayName);
                w.WriteString("address", u.UserId.ToLowerInvariant() + "@example.com");
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }
}
