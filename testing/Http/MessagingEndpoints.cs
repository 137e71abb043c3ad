using System.Text;
using Icws.Simulator.State;

namespace Icws.Simulator.Http;

/// <summary>
/// Message retrieval: short polling (a JSON array that drains the queue) and server-sent events on the
/// same URL with <c>Accept: text/event-stream</c> when the messaging feature is 2 or more. Heartbeat answers 204.
/// </summary>
internal sealed class MessagingEndpoints
{
    private readonly SimulatorCore _core;

    public MessagingEndpoints(SimulatorCore core) => _core = core;

    public void Register(RouteTable sessionRoutes) => sessionRoutes
        .Map("GET", "messaging/messages", GetMessagesAsync)
        .Map("POST", "messaging/heartbeat", c => c.EmptyAsync(204));

    private Task GetMessagesAsync(RequestContext c)
    {
        if (WantsEventStream(c))
        {
            if (_core.Options.PollingOnly)
            {
                // messaging 1 = 4.0 SU6 behaviour: polling only.
                throw IcwsError.BadRequest("error.request.messaging.serverSentEventsNotSupported",
                    "Server-sent events are not supported by this server (messaging feature version 1); poll instead.");
            }
            return new EventStream(_core, c).RunAsync();
        }
        List<PendingMessage> batch;
        lock (_core.State.Gate)
        {
            batch = _core.State.Drain(c.RequireSession);
        }
        _core.Counters.MessageSent(batch.Count);
        // Messages are stored as text, so injected raw (even malformed) text lands verbatim in the array.
        var body = new StringBuilder("[");
        for (var i = 0; i < batch.Count; i++)
        {
            body.Append(i == 0 ? "" : ",").Append(batch[i].Text);
        }
        return c.JsonAsync(200, body.Append(']').ToString());
    }

    /// <summary>An event stream is wanted when Accept names text/event-stream and no JSON type.</summary>
    private static bool WantsEventStream(RequestContext c)
    {
        var accept = c.Http.Request.Headers.Accept.ToString();
        return accept.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase)
            && !accept.Contains("json", StringComparison.OrdinalIgnoreCase);
    }
}
