using Icws.Simulator.State;

namespace Icws.Simulator.Http;

/// <summary>
/// Watches: queue watches keyed by a client-chosen subscription id, per-interaction watches keyed by
/// interaction id (attributes, callback, chat, e-mail), and per-session ones (interaction-alerting, interaction-history,
/// agent-assistance, station). PUT creates or replaces; the first message after a PUT is a full one (isDelta false).
/// Codes: 204 for the watches with a body (queues [U], interactions, alerting, history); 200 for the body-less callback and
/// station watches, and the same 200 for the other body-less ones (chat, e-mail, agent-assistance) [U]. DELETE answers like PUT.
/// </summary>
internal sealed class SubscriptionEndpoints
{
    private readonly SimulatorCore _core;

    public SubscriptionEndpoints(SimulatorCore core) => _core = core;

    private SimState State => _core.State;

    public void Register(RouteTable sessionRoutes) => sessionRoutes
        .Map("PUT", "messaging/subscriptions/queues/{subscriptionId}", PutQueueWatchAsync)
        .Map("DELETE", "messaging/subscriptions/queues/{subscriptionId}", c => Remove(c, s => s.QueueWatches.Remove(c["subscriptionId"])))
        // Literal "agent-assistance" before interactions/{interactionId}.
        .Map("PUT", "messaging/subscriptions/interactions/agent-assistance", PutAssistanceListWatchAsync)
        .Map("DELETE", "messaging/subscriptions/interactions/agent-assistance", c => Remove(c, s => s.AssistanceListWatch = false, 200))
        .Map("PUT", "messaging/subscriptions/interactions/agent-assistance/{assistanceId}", PutAssistanceWatchAsync)
        .Map("DELETE", "messaging/subscriptions/interactions/agent-assistance/{assistanceId}", c => Remove(c, s => s.AssistanceWatches.Remove(c["assistanceId"]), 200))
        .Map("PUT", "messaging/subscriptions/interactions/{interactionId}/callback", c => PutMediaWatchAsync(c, "Callback", 8, _core.Feed.StartCallbackWatch))
        .Map("DELETE", "messaging/subscriptions/interactions/{interactionId}/callback", c => Remove(c, s => s.CallbackWatches.Remove(c["interactionId"]), 200))
        .Map("PUT", "messaging/subscriptions/interactions/{interactionId}/chat", c => PutMediaWatchAsync(c, "Chat", 6, _core.Feed.StartChatWatch))
        .Map("DELETE", "messaging/subscriptions/interactions/{interactionId}/chat", c => Remove(c, s => s.ChatWatches.Remove(c["interactionId"]), 200))
        .Map("PUT", "messaging/subscriptions/interactions/{interactionId}/email", c => PutMediaWatchAsync(c, "Email", 1, _core.Feed.StartEmailWatch))
        .Map("DELETE", "messaging/subscriptions/interactions/{interactionId}/email", c => Remove(c, s => s.EmailWatches.Remove(c["interactionId"]), 200))
        .Map("PUT", "messaging/subscriptions/interaction-history", PutHistoryAsync)
        .Map("DELETE", "messaging/subscriptions/interaction-history", c => Remove(c, s => s.HistoryWatch = false))
        .Map("PUT", "messaging/subscriptions/connection/station", PutStationWatchAsync)
        .Map("DELETE", "messaging/subscriptions/connection/station", c => Remove(c, s => s.StationWatch = false, 200))
        .Map("PUT", "messaging/subscriptions/interactions/{interactionId}", PutInteractionWatchAsync)
        .Map("DELETE", "messaging/subscriptions/interactions/{interactionId}", c => Remove(c, s => s.InteractionWatches.Remove(c["interactionId"])))
        .Map("PUT", "messaging/subscriptions/interaction-alerting", PutAlertingAsync)
        .Map("DELETE", "messaging/subscriptions/interaction-alerting", c => Remove(c, s => s.AlertingWatch = null));

    /// <summary>DELETE of a watch: 204 (or the watch's PUT code) whether or not it existed (idempotent, like PUT).</summary>
    private Task Remove(RequestContext c, Action<SessionState> remove, int status = 204)
    {
        lock (State.Gate)
        {
            remove(c.RequireSession);
        }
        return c.EmptyAsync(status);
    }

    /// <summary>Callback, chat and e-mail watches: no body; 404 for an unknown interaction, 400 when it is another medium.</summary>
    private Task PutMediaWatchAsync(RequestContext c, string objectType, int interactionsVersion, Action<SessionState, InteractionRecord> start)
    {
        c.RequireFeature("interactions", interactionsVersion);
        lock (State.Gate)
        {
            var ia = ActionEndpoints.Find(State, c["interactionId"]);
            ActionEndpoints.RequireObject(ia, "watch " + objectType.ToLowerInvariant(), objectType);
            start(c.RequireSession, ia);
        }
        return c.EmptyAsync(200);
    }

    /// <summary>
    /// Interaction history: <c>{numberOfHistoryMessages?}</c> (an empty body is accepted too). The first message holds the
    /// user's most recent ended calls (all of them, or the last N), oldest first [U order]; each call that ends later follows as a delta.
    /// </summary>
    private async Task PutHistoryAsync(RequestContext c)
    {
        c.RequireFeature("interactions", 4);
        var body = await c.ReadBodyAsync().ConfigureAwait(false);
        int? limit = body is null ? null : Json.RequestJson.Root(body).OptionalInt("numberOfHistoryMessages", 0);
        lock (State.Gate)
        {
            var session = c.RequireSession;
            session.HistoryWatch = true;
            var items = State.History.TryGetValue(session.UserId, out var list) ? list : [];
            State.Enqueue(session, Messages.History(isDelta: false, limit is { } n ? items.Skip(Math.Max(0, items.Count - n)) : items));
        }
        await c.EmptyAsync(204).ConfigureAwait(false);
    }

    /// <summary>Station watch: no body, 200, then a <c>stationConnectionStateChangeMessage</c> with the current station.</summary>
    private Task PutStationWatchAsync(RequestContext c)
    {
        lock (State.Gate)
        {
            var session = c.RequireSession;
            session.StationWatch = true;
            State.Enqueue(session, Messages.StationChange(null, includePrevious: false, session.Station));
        }
        return c.EmptyAsync(200);
    }

    /// <summary>Agent-assistance list: every open request in the first message, then added/removed ones.</summary>
    private Task PutAssistanceListWatchAsync(RequestContext c)
    {
        lock (State.Gate)
        {
            var session = c.RequireSession;
            session.AssistanceListWatch = true;
            var open = State.Assistances.Values.OrderBy(a => a.Id, StringComparer.Ordinal).ToList();
            State.Enqueue(session, Messages.AssistanceList(isDelta: false, open, [], DisplayName));
        }
        return c.EmptyAsync(200);
    }

    /// <summary>One agent-assistance request: its details with every text so far, then new texts; 404 for unknown ids.</summary>
    private Task PutAssistanceWatchAsync(RequestContext c)
    {
        lock (State.Gate)
        {
            var id = c["assistanceId"];
            if (!State.Assistances.TryGetValue(id, out var record))
            {
                throw IcwsError.NotFound("error.request.interaction.assistanceNotFound", $"The assistance request '{id}' does not exist.");
            }
            c.RequireSession.AssistanceWatches.Add(id);
            State.Enqueue(c.RequireSession, Messages.AssistanceDetails(isDelta: false, record, record.Messages, DisplayName));
        }
        return c.EmptyAsync(200);
    }

    private string DisplayName(string userId) => State.FindUser(userId)?.DisplayName ?? userId;

    private async Task PutQueueWatchAsync(RequestContext c)
    {
        var body = await c.ReadObjectAsync().ConfigureAwait(false);
        var ids = body.RequiredArray("queueIds");
        var queues = ids.Select((e, i) => Targets.ReadQueueId(body.ElementAsObject(e, "queueIds", i))).Distinct().ToList();
        var names = body.RequiredStringArray("attributeNames");
        // queueResultLimit / attributeFilter (later queue feature versions) are accepted but not applied.
        body.OptionalObject("queueResultLimit");
        body.OptionalObject("attributeFilter");
        // Unknown queue names are accepted and simply stay empty, as a watch on an idle queue would.
        var watch = new QueueWatch(c["subscriptionId"], queues, names);
        lock (State.Gate)
        {
            c.RequireSession.QueueWatches[watch.SubscriptionId] = watch;
            State.Enqueue(c.RequireSession, _core.Feed.Snapshot(watch));
        }
        _core.Counters.QueueWatchTaken();
        await c.EmptyAsync(204).ConfigureAwait(false);
    }

    private async Task PutInteractionWatchAsync(RequestContext c)
    {
        var body = await c.ReadObjectAsync().ConfigureAwait(false);
        var names = body.RequiredStringArray("attributeNames");
        var id = c["interactionId"];
        lock (State.Gate)
        {
            if (!State.Interactions.TryGetValue(id, out var ia))
            {
                throw IcwsError.InteractionNotFound(id);
            }
            c.RequireSession.InteractionWatches[id] = names;
            State.Enqueue(c.RequireSession, Messages.InteractionChanged(id, isDelta: false, _core.Feed.Select(ia, names)));
        }
        await c.EmptyAsync(204).ConfigureAwait(false);
    }

    private async Task PutAlertingAsync(RequestContext c)
    {
        var body = await c.ReadBodyAsync().ConfigureAwait(false);
        IReadOnlyList<string> names = [];
        if (body is not null)
        {
            var json = Json.RequestJson.Root(body);
            names = json.Has("attributeNames") ? json.RequiredStringArray("attributeNames", allowEmpty: true) : [];
        }
        lock (State.Gate)
        {
            c.RequireSession.AlertingWatch = names;
            State.Enqueue(c.RequireSession, _core.Feed.AlertingSnapshot(c.RequireSession, names));
        }
        await c.EmptyAsync(204).ConfigureAwait(false);
    }
}
