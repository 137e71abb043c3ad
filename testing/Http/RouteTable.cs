namespace Icws.Simulator.Http;

internal delegate Task RouteHandler(RequestContext context);

/// <summary>
/// A tiny router over path segments: literal segments match case-insensitively (the server names itself with
/// "/ICWS/connection" in WWW-Authenticate, so case should not matter), <c>{name}</c> captures one segment.
/// Routes are tried in the order they were added; a path that matches only with another method gives 405.
/// </summary>
internal sealed class RouteTable
{
    private readonly List<(string Method, string[] Pattern, RouteHandler Handler)> _routes = new();

    public RouteTable Map(string method, string pattern, RouteHandler handler)
    {
        _routes.Add((method, pattern.Split('/', StringSplitOptions.RemoveEmptyEntries), handler));
        return this;
    }

    public Task DispatchAsync(RequestContext context, IReadOnlyList<string> segments)
    {
        var method = context.Http.Request.Method;
        var pathMatched = false;
        foreach (var (routeMethod, pattern, handler) in _routes)
        {
            if (!TryMatch(pattern, segments, out var values))
            {
                continue;
            }
            if (!string.Equals(routeMethod, method, StringComparison.OrdinalIgnoreCase))
            {
                pathMatched = true;
                continue;
            }
            context.Values = values;
            return handler(context);
        }
        throw pathMatched
            ? new IcwsError(405, "error.request.methodNotAllowed", $"{method} is not supported on this resource.")
            : IcwsError.NotFound("error.request.resourceNotFound", "The requested resource does not exist.");
    }

    private static bool TryMatch(string[] pattern, IReadOnlyList<string> segments, out Dictionary<string, string> values)
    {
        values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (pattern.Length != segments.Count)
        {
            return false;
        }
        for (var i = 0; i < pattern.Length; i++)
        {
            var p = pattern[i];
            if (p.StartsWith('{'))
            {
                values[p[1..^1]] = segments[i];
            }
            else if (!string.Equals(p, segments[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }
        return true;
    }
}
