using Icws.Simulator.State;

namespace Icws.Simulator.Http;

/// <summary>
/// Watches (reference §4.4, §5): queue watches keyed by a client-chosen subscription id, per-interaction watches keyed by
/// interaction id, and the per-session interaction-alerting watch. PUT creates or replaces and answers 204 (the queue-watch
/// code is not documented [U]; sibling watches use 204); the first message after a PUT is a full snapshot (isDelta false).
/// </summary>
internal sealed class SubscriptionEndpoints
{
    private readonly SimulatorCore _core;

    public SubscriptionEndpoints(SimulatorCore core) => _core = core;

    private SimState State => _core.State;

    public void Register(RouteTable sessionRoutes) => sessionRoutes
        .Map("PUT", "messaging/subscriptions/queues/{subscriptionId}", PutQueueWatchAsync)
        .Map("DELETE", "messaging/subscriptions/queues/{subscriptionId}", c => Remove(c, s => s.QueueWatches.Remove(c["subscriptionId"])))
        .Map("PUT", "messaging/subscriptions/interactions/{interactionId}", PutInteractionWatchAsync)
        .Map("DELETE", "messaging/subscriptions/interactions/{interactionId}", c => Remove(c, s => s.InteractionWatches.Remove(c["interactionId"])))
        .Map("PUT", "messaging/subscriptions/interaction-alerting", PutAlertingAsync)
        .Map("DELETE", "messaging/subscriptions/interaction-alerting", c => Remove(c, s => s.AlertingWatch = null));

    /// <summary>DELETE of a watch: 204 whether or not it existed (idempotent, like PUT).</summary>
    private Task Remove(RequestContext c, Action<SessionState> remove)
    {
        lock (State.Gate)
        {
            remove(c.RequireSession);
        }
        return c.EmptyAsync(204);
    }

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
