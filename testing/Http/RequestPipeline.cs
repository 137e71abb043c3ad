using Icws.Simulator.Json;
using Icws.Simulator.State;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Icws.Simulator.Http;

/// <summary>
/// Entry point of every request on every simulated server: counting, injected delays, the active-server check (503),
/// session authentication (cookie + CSRF), injected failures, routing, and turning any exception into an ICWS error body.
/// </summary>
internal sealed class RequestPipeline
{
    /// <summary>Connection item that tells which server (index into the server list) accepted the connection.</summary>
    public const string ServerIndexItem = "icws.simulator.server";

    private readonly SimulatorCore _core;
    private readonly RouteTable _publicRoutes = new();
    private readonly RouteTable _sessionRoutes = new();

    public RequestPipeline(SimulatorCore core)
    {
        _core = core;
        new ConnectionEndpoints(core).Register(_publicRoutes, _sessionRoutes);
        new MessagingEndpoints(core).Register(_sessionRoutes);
        new LicenseEndpoints(core).Register(_sessionRoutes);
        new SubscriptionEndpoints(core).Register(_sessionRoutes);
        new StatusEndpoints(core).Register(_sessionRoutes);
        // Order matters: literal routes (conferences, agent-assistance, email) before interactions/{id}.
        new ConsultEndpoints(core).Register(_sessionRoutes);
        new InteractionEndpoints(core).Register(_sessionRoutes);
        new ActionEndpoints(core).Register(_sessionRoutes);
        new EmailEndpoints(core).Register(_sessionRoutes);
    }

    public async Task HandleAsync(HttpContext http)
    {
        var serverIndex = http.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(ServerIndexItem, out var v) == true && v is int i ? i : 0;
        var path = http.Request.Path.Value ?? "/";
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        using var context = new RequestContext(http, _core, serverIndex);
        http.Response.Headers.CacheControl = "no-cache, no-store, must-revalidate";
        _core.Counters.Request(KindOf(segments, http.Request.Method));
        try
        {
            var delay = _core.Faults.DelayFor(path);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, http.RequestAborted).ConfigureAwait(false);
            }
            await RouteAsync(context, segments).ConfigureAwait(false);
        }
        catch (IcwsError error)
        {
            await TryWriteErrorAsync(context, error).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away (or a fault dropped the connection).
        }
        catch (Exception ex)
        {
            // Never crash the server: every unexpected failure becomes a 500 with an error body.
            _core.Options.Log?.Invoke($"{http.Request.Method} {path} failed: {ex.GetType().Name}: {ex.Message}");
            await TryWriteErrorAsync(context, new IcwsError(500, "error.server.internal", "The simulator failed to process the request: " + ex.Message)).ConfigureAwait(false);
        }
        _core.Options.Log?.Invoke($"[{serverIndex}] {http.Request.Method} {path} -> {http.Response.StatusCode}");
    }

    private static async Task TryWriteErrorAsync(RequestContext context, IcwsError error)
    {
        if (context.Http.Response.HasStarted)
        {
            context.Http.Abort();
            return;
        }
        try
        {
            await context.ErrorAsync(error).ConfigureAwait(false);
        }
        catch (Exception)
        {
            context.Http.Abort(); // the connection is gone; nothing else to do
        }
    }

    private async Task RouteAsync(RequestContext context, string[] segments)
    {
        if (segments.Length < 2 || !segments[0].Equals("icws", StringComparison.OrdinalIgnoreCase))
        {
            throw IcwsError.NotFound("error.request.resourceNotFound", "ICWS resources live under /icws.");
        }
        bool active;
        lock (_core.State.Gate)
        {
            active = _core.State.ActiveServer == context.ServerIndex;
        }
        if (!active)
        {
            // A non-active server (standby, or the former primary after a switchover) redirects everything.
            _core.Counters.Fault("answered-503");
            await context.AlternateHostsAsync("This server is not accepting requests; try an alternate host.").ConfigureAwait(false);
            return;
        }
        if (segments[1].Equals("connection", StringComparison.OrdinalIgnoreCase))
        {
            await _publicRoutes.DispatchAsync(context, segments[1..]).ConfigureAwait(false);
            return;
        }
        if (!segments[1].All(char.IsAsciiDigit))
        {
            throw IcwsError.NotFound("error.request.resourceNotFound", "The requested resource does not exist.");
        }
        // GET messaging/messages needs only the cookie: browsers' EventSource cannot send the CSRF header.
        var isMessages = segments.Length == 4 && segments[2].Equals("messaging", StringComparison.OrdinalIgnoreCase)
            && segments[3].Equals("messages", StringComparison.OrdinalIgnoreCase)
            && HttpMethods.IsGet(context.Http.Request.Method);
        context.Session = Authenticate(context, segments[1], csrfRequired: !isMessages);
        if (_core.Faults.TryTakeFailure(context.Http.Request.Path.Value ?? "") is { } status)
        {
            throw new IcwsError(status, "error.simulator.injectedFailure", $"Injected failure ({status}).");
        }
        await _sessionRoutes.DispatchAsync(context, segments[2..]).ConfigureAwait(false);
    }

    private SessionState Authenticate(RequestContext context, string sessionId, bool csrfRequired)
    {
        var request = context.Http.Request;
        lock (_core.State.Gate)
        {
            if (!_core.State.Sessions.TryGetValue(sessionId, out var session))
            {
                throw _core.State.EndedSessions.ContainsKey(sessionId)
                    ? IcwsError.Unauthorized("error.request.session.expired", "The session has expired or was ended.")
                    : IcwsError.Unauthorized("error.request.session.invalid", "The session id is not valid.");
            }
            // Each session has its own cookie (icws_<sessionId>), so two sessions in one cookie jar never clash.
            var cookie = request.Cookies[Wire.CookiePrefix + sessionId];
            if (cookie is null || !string.Equals(cookie, session.CookieValue, StringComparison.Ordinal))
            {
                throw IcwsError.Unauthorized("error.request.session.cookieInvalid", "The session cookie is missing or not valid.");
            }
            if (csrfRequired && !string.Equals(request.Headers[Wire.CsrfHeader].ToString(), session.CsrfToken, StringComparison.Ordinal))
            {
                throw IcwsError.Unauthorized("error.request.session.csrfTokenInvalid", "The ININ-ICWS-CSRF-Token header is missing or not valid.");
            }
            session.LastActivity = _core.State.Now;
            return session;
        }
    }

    /// <summary>Path kinds for <see cref="SimulatorCounters.Requests"/>.</summary>
    private static string KindOf(string[] s, string method)
    {
        static bool Is(string[] s, int i, string v) => s.Length > i && s[i].Equals(v, StringComparison.OrdinalIgnoreCase);
        if (Is(s, 1, "connection"))
        {
            return s.Length == 2 && HttpMethods.IsPost(method) ? "login" : "connection";
        }
        if (Is(s, 2, "connection"))
        {
            return "connection";
        }
        if (Is(s, 2, "messaging"))
        {
            return Is(s, 3, "messages") ? "messages" : Is(s, 3, "subscriptions") ? "subscriptions" : "messaging";
        }
        if (Is(s, 2, "interactions"))
        {
            return "interactions";
        }
        return Is(s, 2, "licenses") ? "licenses" : Is(s, 2, "status") ? "status" : Is(s, 2, "statistics") ? "statistics" : "other";
    }
}
