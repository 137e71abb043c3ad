using Icws.Simulator.Json;
using Icws.Simulator.State;

namespace Icws.Simulator.Http;

/// <summary>
/// The interaction actions (POST /interactions/{id}/{action}) and their attribute effects.
/// Success without a body is 200 (the visible action pages use 200 "action performed"; other codes are [U]).
/// Any session may act on any interaction: the simulator does not model access rights (no 403).
/// </summary>
internal sealed class ActionEndpoints
{
    private readonly SimulatorCore _core;

    public ActionEndpoints(SimulatorCore core) => _core = core;

    private SimState State => _core.State;
    private CallFlow Flow => _core.Flow;
    private ChangeFeed Feed => _core.Feed;

    public static InteractionRecord Find(SimState state, string id) =>
        state.Interactions.TryGetValue(id, out var ia) && !ia.Removed ? ia : throw IcwsError.InteractionNotFound(id);

    public static void Require(InteractionRecord ia, string action, params string[] states)
    {
        if (!states.Contains(ia.State))
        {
            throw IcwsError.InvalidState(ia.Id, action, ia.State);
        }
    }

    public static void RequireObject(InteractionRecord ia, string action, string objectType)
    {
        if (ia.ObjectType != objectType)
        {
            throw IcwsError.BadRequest("error.request.interaction.wrongType", $"The action '{action}' needs a {objectType} interaction; '{ia.Id}' is a {ia.ObjectType}.");
        }
    }

    /// <summary>Wraps an action: read the body (when it has one), then find the interaction and apply the action under the lock.</summary>
    private RouteHandler Act(bool hasBody, Action<RequestContext, InteractionRecord, RequestJson> apply) => async c =>
    {
        var body = hasBody ? await c.ReadObjectAsync().ConfigureAwait(false) : default;
        lock (State.Gate)
        {
            apply(c, Find(State, c["interactionId"]), body);
        }
        await c.EmptyAsync(200).ConfigureAwait(false);
    };

    public void Register(RouteTable r)
    {
        string[] live = ["A", "O", "C", "H", "P", "X", "M", "S", "R"];
        string[] talking = ["C", "H"];

        r.Map("POST", "interactions/{interactionId}/pickup", Act(false, (c, ia, _) =>
        {
            Require(ia, "pickup", "A", "O", "C", "H", "P", "X", "M");
            Feed.Mutate(ia, x =>
            {
                // Picking up from a workgroup queue or another user's queue assigns it to the session user;
                // the workgroup queue keeps showing the (now assigned) interaction, as ACD queues do.
                if (!x.Get("Eic_UserName").Equals(c.User.UserId, StringComparison.OrdinalIgnoreCase) || !x.Queues.Contains(QueueKey.User(c.User.UserId)))
                {
                    Flow.AssignToUser(x, c.User);
                }
                Flow.ApplyState(x, "C");
            });
        }));
        r.Map("POST", "interactions/{interactionId}/disconnect", Act(false, (_, ia, _) => Flow.Disconnect(ia, "I")));
        r.Map("POST", "interactions/{interactionId}/hold", Act(true, (_, ia, b) =>
        {
            var on = b.RequiredBool("on");
            Require(ia, "hold", talking);
            Flow.SetState(ia, on ? "H" : "C");
        }));
        r.Map("POST", "interactions/{interactionId}/mute", Act(true, (_, ia, b) =>
        {
            var on = b.RequiredBool("on");
            Require(ia, "mute", "C", "H", "S", "R");
            Feed.Mutate(ia, x => x.Set("Eic_Muted", on ? "1" : "0"));
        }));
        r.Map("POST", "interactions/{interactionId}/make-private", Act(true, (_, ia, b) =>
        {
            var on = b.RequiredBool("on");
            Require(ia, "make-private", live);
            Feed.Mutate(ia, x => x.Set("Eic_Private", on ? "1" : "0"));
        }));
        // Recording pause has no attribute ICWS documentation names, so it only validates.
        r.Map("POST", "interactions/{interactionId}/pause", Act(true, (_, ia, b) =>
        {
            b.RequiredBool("on");
            Require(ia, "pause", talking);
        }));
        r.Map("POST", "interactions/{interactionId}/secure-pause", Act(true, (_, ia, b) =>
        {
            var type = b.RequiredInt("securePauseType", 1, 4);
            var duration = b.OptionalInt("duration", 0);
            if (type == 3 && duration is null)
            {
                throw IcwsError.MissingProperty("duration");
            }
            Require(ia, "secure-pause", talking);
            Feed.Mutate(ia, x => x.Set("Eic_SecureRecordingPauseStartTime", type == 4 ? "" : Wire.Timestamp(State.Now)));
        }));
        r.Map("POST", "interactions/{interactionId}/record", Act(true, (c, ia, b) =>
            Supervise(c, ia, b, "record", "Eic_Recorders", "Eic_RecordersSupv")));
        r.Map("POST", "interactions/{interactionId}/listen", Act(true, (c, ia, b) =>
            Supervise(c, ia, b, "listen", "Eic_Monitors", "Eic_MonitorsSupv")));
        r.Map("POST", "interactions/{interactionId}/coach", Act(true, (c, ia, b) =>
            Supervise(c, ia, b, "coach", "Eic_Monitors", "Eic_MonitorsSupv")));
        r.Map("POST", "interactions/{interactionId}/record-snippet", Act(true, (_, ia, b) =>
        {
            var on = b.RequiredBool("on");
            b.OptionalBool("supervisor");
            Require(ia, "record-snippet", talking);
            if (on)
            {
                Feed.Mutate(ia, x => x.Set("Eic_IRSnippetRecordingId", Guid.NewGuid().ToString("N")));
            }
        }));
        r.Map("POST", "interactions/{interactionId}/join", Act(false, (_, ia, _) =>
        {
            Require(ia, "join", talking);
            // The joining party is not modelled as its own interaction; the joined call becomes a conference.
            var conference = ia.Get("Eic_ConferenceId");
            if (conference.Length == 0)
            {
                conference = State.NewInteractionId();
                State.Conferences[conference] = [ia.Id];
            }
            Feed.Mutate(ia, x =>
            {
                x.Set("Eic_ConferenceId", conference);
                Flow.ApplyState(x, "C");
            });
        }));
        r.Map("POST", "interactions/{interactionId}/blind-transfer", Act(true, (_, ia, b) =>
        {
            var target = Targets.ReadTargetOrQueue(State, b);
            Require(ia, "blind-transfer", "A", "O", "C", "H", "P", "X");
            if (!target.IsInternal)
            {
                Flow.Disconnect(ia, "I"); // the call leaves the system for the external number
                return;
            }
            Feed.Mutate(ia, x =>
            {
                Flow.MoveTo(x, target);
                Flow.ApplyState(x, target.Kind == Targets.Kind.Workgroup ? "O" : "A");
            });
        }));
        r.Map("POST", "interactions/{interactionId}/park", Act(true, (_, ia, b) =>
        {
            var target = InternalTarget(b, "park");
            Require(ia, "park", "A", "O", "C", "H", "X");
            Feed.Mutate(ia, x =>
            {
                Flow.MoveTo(x, target);
                Flow.ApplyState(x, "P");
            });
        }));
        r.Map("POST", "interactions/{interactionId}/transfer-to-voicemail", Act(true, (_, ia, b) =>
        {
            var target = InternalTarget(b, "transfer-to-voicemail");
            Require(ia, "transfer-to-voicemail", "A", "O", "C", "H", "P", "X");
            Feed.Mutate(ia, x =>
            {
                Flow.MoveTo(x, target);
                Flow.ApplyState(x, "M");
            });
        }));
        r.Map("POST", "interactions/{interactionId}/send-to-voicemail", Act(false, (_, ia, _) =>
        {
            Require(ia, "send-to-voicemail", "A", "O", "C", "H", "P", "X");
            Flow.SetState(ia, "M");
        }));
        r.Map("POST", "interactions/{interactionId}/send-digits", Act(true, (_, ia, b) =>
        {
            var digits = b.RequiredString("dtmfDigits");
            if (!digits.All(ch => char.IsAsciiDigit(ch) || "*#ABCDabcd,".Contains(ch)))
            {
                throw IcwsError.InvalidProperty("dtmfDigits", "only 0-9, *, #, A-D and ',' are DTMF digits.");
            }
            Require(ia, "send-digits", "C");
        }));
        r.Map("POST", "interactions/{interactionId}/play-wav", Act(true, (_, ia, b) =>
        {
            b.RequiredString("file");
            Require(ia, "play-wav", talking);
        }));
        r.Map("POST", "interactions/{interactionId}/invite-party", Act(true, (c, ia, b) =>
        {
            var dialed = b.RequiredString("target");
            var target = Targets.ReadTarget(State, b, "target");
            b.OptionalInt("callMadeStage", 0, 3);
            Require(ia, "invite-party", talking);
            var conference = ia.Get("Eic_ConferenceId");
            if (conference.Length == 0)
            {
                conference = State.NewInteractionId();
                State.Conferences[conference] = [ia.Id];
                Feed.Mutate(ia, x => x.Set("Eic_ConferenceId", conference));
            }
            var party = _core.Factory.OutboundCall(c.User, target, dialed, null,
                new Dictionary<string, string> { ["Eic_ConferenceId"] = conference });
            State.Conferences[conference].Add(party.Id);
        }));
        // The wrap-up assignment is validated but no attribute is documented for it.
        r.Map("POST", "interactions/{interactionId}/wrap-up-assignments", Act(true, (_, _, b) =>
        {
            b.RequiredString("code");
            b.RequiredInt("segmentId");
            b.RequiredDateTime("time");
            b.RequiredString("user");
            b.RequiredString("sourceInteractionId");
        }));
        r.Map("PUT", "interactions/{interactionId}/callback/disposition", Act(true, (_, ia, b) =>
        {
            var disposition = b.RequiredInt("disposition", 0, 2);
            RequireObject(ia, "callback/disposition", "Callback");
            if (disposition != 2)
            {
                Flow.Disconnect(ia, "I"); // success or failure completes the callback; retry keeps it
            }
        }));
        r.Map("POST", "interactions/{interactionId}/chat/messages", Act(true, (c, ia, b) =>
        {
            var text = b.RequiredString("text", allowEmpty: true);
            var clear = b.RequiredBool("clearTypingIndicator");
            RequireObject(ia, "chat/messages", "Chat");
            Require(ia, "chat/messages", "C");
            Feed.Mutate(ia, x =>
            {
                x.ChatLines.Add(new ChatLine(c.User.UserId, c.User.DisplayName, text, State.Now, MessageType: 0));
                x.Set("Eic_WSLastInternalUserText", text);
                x.Set("Eic_WSLastTypedInternalUser", c.User.UserId);
                if (clear)
                {
                    x.ChatTyping.Remove(c.User.UserId);
                    x.Set("Eic_WSAnyChatUserTyping", x.ChatTyping.Count > 0 ? "1" : "0");
                }
            });
        }));
        r.Map("PUT", "interactions/{interactionId}/chat/typing-indicator", Act(true, (c, ia, b) =>
        {
            var on = b.RequiredBool("on");
            RequireObject(ia, "chat/typing-indicator", "Chat");
            Feed.Mutate(ia, x =>
            {
                if (on)
                {
                    x.ChatTyping.Add(c.User.UserId);
                }
                else
                {
                    x.ChatTyping.Remove(c.User.UserId);
                }
                x.Set("Eic_WSAnyChatUserTyping", x.ChatTyping.Count > 0 ? "1" : "0");
            });
        }));
        // A response-management document sent into the chat: a File line (messageType 1) whose text is the document's URI [U].
        r.Map("POST", "interactions/{interactionId}/chat/send-response-management-file", Act(true, (c, ia, b) =>
        {
            var item = b.RequiredGuid("itemId");
            RequireObject(ia, "chat/send-response-management-file", "Chat");
            Require(ia, "chat/send-response-management-file", "C");
            Feed.Mutate(ia, x => x.ChatLines.Add(new ChatLine(c.User.UserId, c.User.DisplayName, EmailEndpoints.ResponseManagementUri(item), State.Now, MessageType: 1)));
        }));
        r.Map("POST", "interactions/{interactionId}/email/save", Act(true, (_, ia, b) =>
        {
            var content = InteractionEndpoints.ReadEmailContent(b.RequiredObject("emailContent"), response: false);
            RequireObject(ia, "email/save", "Email");
            Require(ia, "email/save", "C");
            Feed.Mutate(ia, x =>
            {
                x.EmailDraft = content;
                x.Set("Eic_EmailSubject", content.Subject);
                x.Set("Eic_Subject", content.Subject);
            });
        }));
        r.Map("POST", "interactions/{interactionId}/email/send", Act(false, (_, ia, _) =>
        {
            RequireObject(ia, "email/send", "Email");
            Require(ia, "email/send", "C");
            Flow.Disconnect(ia, "I"); // a sent e-mail leaves the user's queue
        }));
    }

    /// <summary>record / listen / coach: <c>{on, supervisor?}</c> adds or removes the session user in the (supervisor) list.</summary>
    private void Supervise(RequestContext c, InteractionRecord ia, RequestJson b, string action, string attribute, string supervisorAttribute)
    {
        var on = b.RequiredBool("on");
        var supervisor = b.OptionalBool("supervisor") ?? false;
        Require(ia, action, "C", "H");
        Feed.Mutate(ia, x => CallFlow.Toggle(x, supervisor ? supervisorAttribute : attribute, c.User.UserId, on));
    }

    private Targets.Target InternalTarget(RequestJson b, string action)
    {
        var target = Targets.ReadTargetOrQueue(State, b);
        return target.IsInternal
            ? target
            : throw IcwsError.InvalidProperty(b.Has("target") ? "target" : "queueID", $"'{action}' needs a user or workgroup, not a phone number.");
    }
}
