using Icws.Simulator.State;

namespace Icws.Simulator.Http;

/// <summary>
/// Consult transfers, conferences and agent assistance. A consult holds the original call and dials the
/// target as a second call on the user's queues; conclude hands the original to the target; DELETE cancels.
/// Conference ids are 10-digit ids like interaction ids (in CIC a conference is itself an interaction).
/// </summary>
internal sealed class ConsultEndpoints
{
    private readonly SimulatorCore _core;

    public ConsultEndpoints(SimulatorCore core) => _core = core;

    private SimState State => _core.State;
    private CallFlow Flow => _core.Flow;
    private ChangeFeed Feed => _core.Feed;

    public void Register(RouteTable r) => r
        .Map("POST", "interactions/conferences", CreateConferenceAsync)
        .Map("PUT", "interactions/conferences/{conferenceId}", AddToConferenceAsync)
        .Map("POST", "interactions/conferences/{conferenceId}/invite-party", InviteToConferenceAsync)
        .Map("POST", "interactions/agent-assistance/{assistanceId}", AddAssistanceTextAsync)
        .Map("DELETE", "interactions/agent-assistance/{assistanceId}", EndAssistanceAsync)
        .Map("POST", "interactions/{interactionId}/agent-assistance", CreateAssistanceAsync)
        .Map("POST", "interactions/{interactionId}/consult", ConsultAsync)
        .Map("DELETE", "interactions/{interactionId}/consult/{consultId}", CancelConsultAsync)
        .Map("POST", "interactions/{interactionId}/consult/{consultId}/change-audience", ChangeAudienceAsync)
        .Map("POST", "interactions/{interactionId}/consult/{consultId}/conclude", ConcludeAsync);

    private async Task ConsultAsync(RequestContext c)
    {
        var body = await c.ReadObjectAsync().ConfigureAwait(false);
        var target = Targets.ReadTargetOrQueue(State, body);
        var dialed = body.OptionalString("target") ?? target.Name;
        body.OptionalInt("callMadeStage", 0, 3);
        var extra = body.OptionalStringMap("additionalAttributes");
        ConsultRecord consult;
        lock (State.Gate)
        {
            var original = ActionEndpoints.Find(State, c["interactionId"]);
            if (original.State is not ("C" or "H"))
            {
                throw IcwsError.InvalidState(original.Id, "consult", original.State);
            }
            var call = _core.Factory.OutboundCall(c.User, target, dialed, null, extra);
            consult = new ConsultRecord(State.NewSmallId(), original.Id, call.Id, target);
            State.Consults[consult.ConsultId] = consult;
            Feed.Mutate(call, x => x.Set("Eic_ConsultingCallId", original.Id));
            Feed.Mutate(original, x =>
            {
                x.Set("Eic_ConsultCallId", call.Id);
                Flow.ApplyState(x, "H"); // the original party waits on hold during the consult
            });
        }
        c.Http.Response.Headers.Location = $"/icws/{c.RequireSession.Id}/interactions/{consult.OriginalId}/consult/{consult.ConsultId}";
        await c.JsonAsync(201, w =>
        {
            w.WriteStartObject();
            w.WriteString("consultId", consult.ConsultId);
            w.WriteString("consultInteractionId", consult.ConsultInteractionId);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private ConsultRecord FindConsult(RequestContext c)
    {
        var id = c["consultId"];
        return State.Consults.TryGetValue(id, out var consult) && consult.OriginalId == c["interactionId"]
            ? consult
            : throw IcwsError.NotFound("error.request.interaction.consultNotFound", $"The consult '{id}' does not exist.");
    }

    private Task CancelConsultAsync(RequestContext c)
    {
        lock (State.Gate)
        {
            var consult = FindConsult(c);
            State.Consults.Remove(consult.ConsultId);
            if (State.Interactions.TryGetValue(consult.ConsultInteractionId, out var call))
            {
                Flow.Disconnect(call, "I");
            }
            if (State.Interactions.TryGetValue(consult.OriginalId, out var original) && !original.IsDisconnected)
            {
                Feed.Mutate(original, x =>
                {
                    x.Set("Eic_ConsultCallId", "");
                    Flow.ApplyState(x, "C");
                });
            }
        }
        return c.EmptyAsync(200);
    }

    private async Task ChangeAudienceAsync(RequestContext c)
    {
        var body = await c.ReadObjectAsync().ConfigureAwait(false);
        var audience = body.RequiredObject("audience");
        var originalParty = audience.OptionalBool("originalParty");
        audience.OptionalBool("consultedParty");
        lock (State.Gate)
        {
            var consult = FindConsult(c);
            // Speaking to the original party means taking it off hold; excluding it puts it back on hold.
            if (originalParty is { } on && State.Interactions.TryGetValue(consult.OriginalId, out var original) && original.State is "C" or "H")
            {
                Flow.SetState(original, on ? "C" : "H");
            }
        }
        await c.EmptyAsync(200).ConfigureAwait(false);
    }

    private Task ConcludeAsync(RequestContext c)
    {
        lock (State.Gate)
        {
            var consult = FindConsult(c);
            State.Consults.Remove(consult.ConsultId);
            if (State.Interactions.TryGetValue(consult.ConsultInteractionId, out var call))
            {
                Flow.Disconnect(call, "I");
            }
            if (State.Interactions.TryGetValue(consult.OriginalId, out var original) && !original.IsDisconnected)
            {
                if (consult.Target.IsInternal)
                {
                    // Consult transfer complete: the original party now talks to the consulted user (or waits in the workgroup).
                    Feed.Mutate(original, x =>
                    {
                        x.Set("Eic_ConsultCallId", "");
                        Flow.MoveTo(x, consult.Target);
                        Flow.ApplyState(x, consult.Target.Kind == Targets.Kind.Workgroup ? "O" : "C");
                    });
                }
                else
                {
                    Flow.Disconnect(original, "I"); // both legs leave the user's queue
                }
            }
        }
        return c.EmptyAsync(200);
    }

    private async Task CreateConferenceAsync(RequestContext c)
    {
        var body = await c.ReadObjectAsync().ConfigureAwait(false);
        var ids = body.RequiredStringArray("interactions");
        if (ids.Count < 2)
        {
            throw IcwsError.InvalidProperty("interactions", "a conference needs at least two interactions.");
        }
        string conference;
        lock (State.Gate)
        {
            var members = Members(ids);
            conference = State.NewInteractionId();
            State.Conferences[conference] = members.Select(m => m.Id).ToHashSet();
            Join(conference, members);
        }
        await c.JsonAsync(201, w =>
        {
            w.WriteStartObject();
            w.WriteString("conferenceId", conference);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private async Task AddToConferenceAsync(RequestContext c)
    {
        var body = await c.ReadObjectAsync().ConfigureAwait(false);
        var ids = body.RequiredStringArray("interactions");
        lock (State.Gate)
        {
            var set = FindConference(c);
            var members = Members(ids);
            set.UnionWith(members.Select(m => m.Id));
            Join(c["conferenceId"], members);
        }
        await c.EmptyAsync(200).ConfigureAwait(false);
    }

    private async Task InviteToConferenceAsync(RequestContext c)
    {
        var body = await c.ReadObjectAsync().ConfigureAwait(false);
        var dialed = body.RequiredString("target");
        var target = Targets.ReadTarget(State, body, "target");
        body.OptionalInt("callMadeStage", 0, 3);
        lock (State.Gate)
        {
            var set = FindConference(c);
            var party = _core.Factory.OutboundCall(c.User, target, dialed, null,
                new Dictionary<string, string> { ["Eic_ConferenceId"] = c["conferenceId"] });
            set.Add(party.Id);
        }
        await c.EmptyAsync(200).ConfigureAwait(false);
    }

    private HashSet<string> FindConference(RequestContext c) =>
        State.Conferences.TryGetValue(c["conferenceId"], out var set)
            ? set
            : throw IcwsError.NotFound("error.request.interaction.conferenceNotFound", $"The conference '{c["conferenceId"]}' does not exist.");

    private List<InteractionRecord> Members(IEnumerable<string> ids)
    {
        var members = ids.Distinct().Select(id => ActionEndpoints.Find(State, id)).ToList();
        foreach (var m in members.Where(m => m.IsDisconnected || !m.IsCall))
        {
            throw IcwsError.InvalidProperty("interactions", $"'{m.Id}' is not a live call.");
        }
        return members;
    }

    private void Join(string conference, IEnumerable<InteractionRecord> members)
    {
        foreach (var m in members)
        {
            Feed.Mutate(m, x =>
            {
                x.Set("Eic_ConferenceId", conference);
                if (x.State is "H" or "A" or "O")
                {
                    Flow.ApplyState(x, "C");
                }
            });
        }
    }

    private async Task CreateAssistanceAsync(RequestContext c)
    {
        var body = await c.ReadObjectAsync().ConfigureAwait(false);
        var text = body.RequiredString("text", allowEmpty: true);
        string id;
        lock (State.Gate)
        {
            var ia = ActionEndpoints.Find(State, c["interactionId"]);
            id = State.NewSmallId();
            var record = new AssistanceRecord(id, ia.Id, c.User.UserId, State.Now);
            record.Messages.Add(new AssistanceText(c.User.UserId, text, State.Now));
            State.Assistances[id] = record;
            foreach (var s in State.LiveSessions.Where(s => s.AssistanceListWatch))
            {
                State.Enqueue(s, Messages.AssistanceList(isDelta: true, [record], [], DisplayName));
            }
        }
        await c.JsonAsync(201, w =>
        {
            w.WriteStartObject();
            w.WriteString("assistanceId", id);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>Adds a text (from the session user: the requester or a supervisor answering); detail watches get it.</summary>
    private async Task AddAssistanceTextAsync(RequestContext c)
    {
        var body = await c.ReadObjectAsync().ConfigureAwait(false);
        var text = body.RequiredString("text", allowEmpty: true);
        lock (State.Gate)
        {
            var record = FindAssistance(c);
            var added = new AssistanceText(c.User.UserId, text, State.Now);
            record.Messages.Add(added);
            foreach (var s in State.LiveSessions.Where(s => s.AssistanceWatches.Contains(record.Id)))
            {
                State.Enqueue(s, Messages.AssistanceDetails(isDelta: true, record, [added], DisplayName));
            }
        }
        await c.EmptyAsync(200).ConfigureAwait(false);
    }

    /// <summary>Completes the request: list watches get it in <c>requestsRemoved</c>, detail watches end with a state message.</summary>
    private Task EndAssistanceAsync(RequestContext c)
    {
        lock (State.Gate)
        {
            var record = FindAssistance(c);
            State.Assistances.Remove(record.Id);
            foreach (var s in State.LiveSessions.ToList())
            {
                if (s.AssistanceListWatch)
                {
                    State.Enqueue(s, Messages.AssistanceList(isDelta: true, [], [record.Id], DisplayName));
                }
                if (s.AssistanceWatches.Remove(record.Id))
                {
                    State.Enqueue(s, Messages.AssistanceSubscriptionState(record.Id, 0));
                }
            }
        }
        return c.EmptyAsync(200);
    }

    private string DisplayName(string userId) => State.FindUser(userId)?.DisplayName ?? userId;

    private AssistanceRecord FindAssistance(RequestContext c) =>
        State.Assistances.TryGetValue(c["assistanceId"], out var record)
            ? record
            : throw IcwsError.NotFound("error.request.interaction.assistanceNotFound", $"The assistance request '{c["assistanceId"]}' does not exist.");
}
