using Icws.Simulator.State;

namespace Icws.Simulator.Http;

/// <summary>
/// Licences: POST acquires the listed licences, PUT replaces the held set with the list, DELETE releases all
/// (200 each). Names starting with <c>I3_</c> are granted (licenseStatus 2 available); others are reported as not acquired
/// (licenseStatus 9 licenseUnknown). The licence watch (PUT/DELETE messaging/subscriptions/licenses, 200) reports
/// <c>isAssigned</c> = "the session holds it" [U] for the watched names: all of them first, then those that change.
/// </summary>
internal sealed class LicenseEndpoints
{
    private readonly SimulatorCore _core;

    public LicenseEndpoints(SimulatorCore core) => _core = core;

    private SimState State => _core.State;

    public void Register(RouteTable r) => r
        .Map("POST", "licenses", c => AcquireAsync(c, replace: false))
        .Map("PUT", "licenses", c => AcquireAsync(c, replace: true))
        .Map("DELETE", "licenses", ReleaseAllAsync)
        .Map("PUT", "messaging/subscriptions/licenses", PutWatchAsync)
        .Map("DELETE", "messaging/subscriptions/licenses", DeleteWatchAsync);

    private static bool IsKnown(string name) => name.StartsWith("I3_", StringComparison.Ordinal);

    private async Task AcquireAsync(RequestContext c, bool replace)
    {
        var body = await c.ReadObjectAsync().ConfigureAwait(false);
        var names = body.RequiredStringArray("licenseList");
        lock (State.Gate)
        {
            var session = c.RequireSession;
            if (replace)
            {
                session.Licenses.RemoveWhere(n => !names.Contains(n, StringComparer.Ordinal));
            }
            session.Licenses.UnionWith(names.Where(IsKnown));
            Notify(session);
        }
        await c.JsonAsync(200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("licenseOperationResultList");
            foreach (var name in names)
            {
                var known = IsKnown(name);
                w.WriteStartObject();
                w.WriteString("licenseName", name);
                w.WriteBoolean("isAvailable", known);
                w.WriteNumber("licenseStatus", known ? 2 : 9);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private Task ReleaseAllAsync(RequestContext c)
    {
        lock (State.Gate)
        {
            c.RequireSession.Licenses.Clear();
            Notify(c.RequireSession);
        }
        return c.EmptyAsync(200);
    }

    private async Task PutWatchAsync(RequestContext c)
    {
        var body = await c.ReadObjectAsync().ConfigureAwait(false);
        var names = body.RequiredStringArray("licenseList");
        lock (State.Gate)
        {
            var session = c.RequireSession;
            var watch = new Dictionary<string, bool>(StringComparer.Ordinal);
            foreach (var name in names)
            {
                watch[name] = session.Licenses.Contains(name);
            }
            session.LicenseWatch = watch;
            State.Enqueue(session, Messages.License(isDelta: false, watch));
        }
        await c.EmptyAsync(200).ConfigureAwait(false);
    }

    private Task DeleteWatchAsync(RequestContext c)
    {
        lock (State.Gate)
        {
            c.RequireSession.LicenseWatch = null;
        }
        return c.EmptyAsync(200);
    }

    /// <summary>Sends the watched licences whose assignment changed (isDelta true), if any.</summary>
    private void Notify(SessionState session)
    {
        if (session.LicenseWatch is not { } watch)
        {
            return;
        }
        var changed = watch.Where(p => session.Licenses.Contains(p.Key) != p.Value)
            .Select(p => new KeyValuePair<string, bool>(p.Key, !p.Value))
            .ToList();
        foreach (var (name, assigned) in changed)
        {
            watch[name] = assigned;
        }
        if (changed.Count > 0)
        {
            State.Enqueue(session, Messages.License(isDelta: true, changed));
        }
    }
}
