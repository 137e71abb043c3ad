using Icws.Simulator.Json;
using Icws.Simulator.State;

namespace Icws.Simulator.Http;

/// <summary>
/// User statuses and queue statistics: the status catalogue, get/set a user's status, and the three watches that take a
/// list per session (user statuses over user ids, statistic values over statistic keys) or none (the catalogue). A PUT of
/// a watch replaces the session's list and is answered by a full first message (isDelta false); DELETE ends it.
/// Codes: status GETs 200; the status PUT 202 with <c>{requestId}</c> (the change is applied before the answer [U]); the
/// three watches 200 on PUT and DELETE (documented for the status watch, assumed for the other two [U]).
/// </summary>
internal sealed class StatusEndpoints
{
    private readonly SimulatorCore _core;

    public StatusEndpoints(SimulatorCore core) => _core = core;

    private SimState State => _core.State;

    public void Register(RouteTable sessionRoutes) => sessionRoutes
        .Map("GET", "status/status-messages", GetStatusMessagesAsync)
        .Map("GET", "status/status-messages-user-access/{userId}", GetUserAccessAsync)
        .Map("GET", "status/user-statuses/{userId}", GetUserStatusAsync)
        .Map("PUT", "status/user-statuses/{userId}", PutUserStatusAsync)
        .Map("PUT", "messaging/subscriptions/status/user-statuses", PutUserStatusWatchAsync)
        .Map("DELETE", "messaging/subscriptions/status/user-statuses", c => Remove(c, "status", s => s.UserStatusWatch = null))
        .Map("PUT", "messaging/subscriptions/status/status-messages", PutStatusMessagesWatchAsync)
        .Map("DELETE", "messaging/subscriptions/status/status-messages", c => Remove(c, "status", s => s.StatusMessagesWatch = false))
        .Map("PUT", "messaging/subscriptions/statistics/statistic-values", PutStatisticsWatchAsync)
        .Map("DELETE", "messaging/subscriptions/statistics/statistic-values", c => Remove(c, "statistics", s => s.StatisticsWatch = null));

    private Task Remove(RequestContext c, string feature, Action<SessionState> remove)
    {
        c.RequireFeature(feature, 1);
        lock (State.Gate)
        {
            remove(c.RequireSession);
        }
        return c.EmptyAsync(200);
    }

    private SimulatedUser RequireUser(string userId) =>
        State.FindUser(userId) ?? throw IcwsError.NotFound("error.request.status.userNotFound", $"The user '{userId}' does not exist.");

    /// <summary><c>{statusMessageList: [statusMessage]}</c>: the whole catalogue.</summary>
    private Task GetStatusMessagesAsync(RequestContext c)
    {
        c.RequireFeature("status", 1);
        return c.JsonAsync(200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("statusMessageList");
            foreach (var s in StatusCatalog.All)
            {
                Messages.StatusMessage(w, s);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary><c>{userId, statusMessages: [statusId]}</c>: every user may select every selectable status [U].</summary>
    private Task GetUserAccessAsync(RequestContext c)
    {
        c.RequireFeature("status", 1);
        var user = RequireUser(c["userId"]);
        return c.JsonAsync(200, w =>
        {
            w.WriteStartObject();
            w.WriteString("userId", user.UserId);
            JsonText.StringArray(w, "statusMessages", StatusCatalog.All.Where(s => s.IsSelectable).Select(s => s.StatusId));
            w.WriteEndObject();
        });
    }

    private Task GetUserStatusAsync(RequestContext c)
    {
        c.RequireFeature("status", 1);
        string json;
        lock (State.Gate)
        {
            json = State.Presence.UserStatusJson(RequireUser(c["userId"]).UserId, properties: null);
        }
        return c.JsonAsync(200, json);
    }

    /// <summary>
    /// <c>{statusId, notes?, forwardNumber?, until?}</c>: 404 for an unknown user, 400 for a status that is not in the
    /// catalogue or not selectable, or an <c>until</c> that is not <c>{untilDateTime, hasDate, hasTime}</c> (null clears it).
    /// Any session may set any user's status [U]. Notes, forward number and until not given are cleared [U].
    /// </summary>
    private async Task PutUserStatusAsync(RequestContext c)
    {
        c.RequireFeature("status", 1);
        var user = RequireUser(c["userId"]);
        var body = await c.ReadObjectAsync().ConfigureAwait(false);
        var statusId = body.RequiredString("statusId");
        var status = StatusCatalog.Find(statusId)
            ?? throw IcwsError.InvalidProperty("statusId", $"'{statusId}' is not a status message of this server.");
        if (!status.IsSelectable)
        {
            throw IcwsError.InvalidProperty("statusId", $"'{status.StatusId}' cannot be selected by a user.");
        }
        var notes = body.OptionalString("notes");
        var forwardNumber = body.OptionalString("forwardNumber");
        StatusUntil? until = null;
        if (!(body.Element.TryGetProperty("until", out var u) && u.ValueKind == System.Text.Json.JsonValueKind.Null)
            && body.OptionalObject("until") is { } untilJson)
        {
            until = new StatusUntil(Wire.Timestamp(untilJson.RequiredDateTime("untilDateTime")), untilJson.RequiredBool("hasDate"), untilJson.RequiredBool("hasTime"));
        }
        string requestId;
        lock (State.Gate)
        {
            requestId = State.NewSmallId();
            State.Presence.SetStatus(user, status, notes, forwardNumber, until);
        }
        await c.JsonAsync(202, w =>
        {
            w.WriteStartObject();
            w.WriteString("requestId", requestId);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>{userIds: [..], userStatusProperties?: [..]}</c>: replaces the session's user list. An unknown user id fails the
    /// whole PUT with 404 (the watch stays as it was); an empty list is accepted and watches nobody [U]. The properties
    /// filter names optional <c>userStatus</c> properties (userId and statusId are always sent); an unknown name is 400 [U].
    /// </summary>
    private async Task PutUserStatusWatchAsync(RequestContext c)
    {
        c.RequireFeature("status", 1);
        var body = await c.ReadObjectAsync().ConfigureAwait(false);
        var ids = body.RequiredStringArray("userIds", allowEmpty: true);
        HashSet<string>? properties = null;
        if (body.Has("userStatusProperties"))
        {
            properties = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in body.RequiredStringArray("userStatusProperties", allowEmpty: true))
            {
                if (name is not ("userId" or "statusId") && !Messages.UserStatusProperties.Contains(name, StringComparer.Ordinal))
                {
                    throw IcwsError.InvalidProperty("userStatusProperties", $"'{name}' is not a property of a user status.");
                }
                properties.Add(name);
            }
        }
        lock (State.Gate)
        {
            var users = ids.Select(id => RequireUser(id).UserId).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            State.Presence.StartStatusWatch(c.RequireSession, new UserStatusWatchState(users, properties));
        }
        await c.EmptyAsync(200).ConfigureAwait(false);
    }

    /// <summary>No body: the whole catalogue as one <c>statusMessagesMessage</c>; the catalogue never changes afterwards.</summary>
    private Task PutStatusMessagesWatchAsync(RequestContext c)
    {
        c.RequireFeature("status", 1);
        lock (State.Gate)
        {
            c.RequireSession.StatusMessagesWatch = true;
            State.Enqueue(c.RequireSession, Messages.StatusMessages(StatusCatalog.All));
        }
        return c.EmptyAsync(200);
    }

    /// <summary>
    /// <c>{statisticKeys: [{statisticIdentifier, parameterValueItems: [{parameterTypeId, value}]}]}</c>: replaces the
    /// session's keys (duplicates dropped). Shape errors are 400; a key the simulator cannot serve is accepted and gets an
    /// error value in the messages. An empty list is accepted [U].
    /// </summary>
    private async Task PutStatisticsWatchAsync(RequestContext c)
    {
        c.RequireFeature("statistics", 1);
        var body = await c.ReadObjectAsync().ConfigureAwait(false);
        var items = body.RequiredArray("statisticKeys", allowEmpty: true);
        var keys = new List<StatisticKeyRef>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var key = body.ElementAsObject(items[i], "statisticKeys", i);
            var identifier = key.RequiredString("statisticIdentifier");
            var parameterItems = key.RequiredArray("parameterValueItems", allowEmpty: true);
            var parameters = new List<KeyValuePair<string, string>>();
            for (var j = 0; j < parameterItems.Count; j++)
            {
                var p = key.ElementAsObject(parameterItems[j], "parameterValueItems", j);
                parameters.Add(new(p.RequiredString("parameterTypeId"), p.RequiredString("value", allowEmpty: true)));
            }
            var reference = new StatisticKeyRef(identifier, parameters);
            if (seen.Add(reference.Canonical))
            {
                keys.Add(reference);
            }
        }
        lock (State.Gate)
        {
            State.Presence.StartStatisticsWatch(c.RequireSession, new StatisticsWatchState(keys));
        }
        await c.EmptyAsync(200).ConfigureAwait(false);
    }
}
