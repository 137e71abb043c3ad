using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Icws.Benchmarks.Clients;

/// <summary>
/// The server side of the canned exchange, shared by the in-memory handler (group 1) and the Kestrel server
/// (group 2): which answer a request gets, and - in the verification pass - whether the request is exactly
/// what ICWS expects (method, path, query, headers, body), so that every client does the same work.
/// </summary>
public static class Exchange
{
    public enum Route
    {
        Login,
        Logout,
        GetAttributes,
        Hold,
        Create,
        Unknown,
    }

    public static Route Classify(string method, string path)
    {
        const string session = "/icws/" + Canned.SessionId + "/";
        if (method == "POST" && path == "/icws/connection")
        {
            return Route.Login;
        }

        if (!path.StartsWith(session, StringComparison.Ordinal))
        {
            return Route.Unknown;
        }

        var rest = path.AsSpan(session.Length);
        return method switch
        {
            "DELETE" when rest.SequenceEqual("connection") => Route.Logout,
            "GET" when rest.SequenceEqual("interactions/" + Canned.InteractionId) => Route.GetAttributes,
            "POST" when rest.SequenceEqual("interactions/" + Canned.InteractionId + "/hold") => Route.Hold,
            "POST" when rest.SequenceEqual("interactions") => Route.Create,
            _ => Route.Unknown,
        };
    }

    /// <summary>The canned answer: status and body (null: no body).</summary>
    public static (HttpStatusCode Status, byte[]? Body) Answer(Route route, string? decodedSelect) => route switch
    {
        Route.Login => (HttpStatusCode.Created, Canned.LoginJson),
        Route.Logout => (HttpStatusCode.OK, null),
        Route.GetAttributes => (HttpStatusCode.OK, decodedSelect is not null && decodedSelect.Split(',').Length == 12 ? Canned.Attributes12Json : Canned.Attributes2Json),
        Route.Hold => (HttpStatusCode.OK, null),
        Route.Create => (HttpStatusCode.Created, Canned.CreatedJson),
        _ => (HttpStatusCode.NotFound, Encoding.UTF8.GetBytes("""{"errorId":"error.request.notFound","message":"no such resource in the benchmark server"}""")),
    };

    /// <summary>The decoded value of <c>select</c> in a query string (with or without the leading '?').</summary>
    public static string? DecodedSelect(string query)
    {
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            if (eq > 0 && part.AsSpan(0, eq).SequenceEqual("select"))
            {
                return Uri.UnescapeDataString(part.Substring(eq + 1).Replace('+', ' '));
            }
        }

        return null;
    }

    /// <summary>
    /// Checks one request as the verification pass sees it. <paramref name="header"/> returns the joined values
    /// of a request or content header, or null. Returns the problems found (empty when the request is right).
    /// </summary>
    public static List<string> Check(string method, string path, string query, Func<string, string?> header, byte[] body)
    {
        var problems = new List<string>();
        var route = Classify(method, path);
        if (route == Route.Unknown)
        {
            problems.Add($"unexpected request {method} {path}{query}");
            return problems;
        }

        void Expect(string name, string expected, bool contains = false)
        {
            var actual = header(name);
            var ok = actual is not null && (contains
                ? actual.Split(';', ',').Select(s => s.Trim()).Contains(expected, StringComparer.Ordinal)
                : string.Equals(actual.Replace(" ", string.Empty), expected.Replace(" ", string.Empty), StringComparison.OrdinalIgnoreCase));
            if (!ok)
            {
                problems.Add($"{method} {path}: header {name} is '{actual ?? "(none)"}', expected '{expected}'");
            }
        }

        Expect("Accept", Canned.MediaType);
        Expect("Accept-Language", Canned.AcceptLanguage);
        if (route != Route.Login)
        {
            Expect(Canned.CsrfHeader, Canned.CsrfToken);
            Expect("Cookie", Canned.CookieHeader, contains: true);
        }

        switch (route)
        {
            case Route.GetAttributes:
                var select = DecodedSelect(query);
                if (select != string.Join(",", Canned.Select2) && select != string.Join(",", Canned.Select12))
                {
                    problems.Add($"GET attributes: select is '{select ?? "(none)"}' (query '{query}')");
                }

                break;
            case Route.Hold:
                Expect("Content-Type", Canned.ContentType);
                ExpectBody(problems, "hold", body, Canned.HoldBody);
                break;
            case Route.Create:
                Expect("Content-Type", Canned.ContentType);
                ExpectBody(problems, "create", body, Canned.CreateBody);
                break;
            case Route.Login:
                if (DecodedInclude(query) is not { } include || !include.Split(',').Contains("features"))
                {
                    problems.Add($"login: query '{query}' does not include features");
                }

                break;
        }

        if (route is Route.Hold or Route.Create && header("Content-Length") is null)
        {
            problems.Add($"{method} {path}: body sent without Content-Length (ICWS wants buffered bodies)");
        }

        return problems;
    }

    private static string? DecodedInclude(string query)
    {
        foreach (var part in query.TrimStart('?').Split('&'))
        {
            if (part.StartsWith("include=", StringComparison.Ordinal))
            {
                return Uri.UnescapeDataString(part.Substring(8));
            }
        }

        return null;
    }

    /// <summary>Same JSON value, and <c>__type</c> (when expected) first, as ICWS requires for polymorphic bodies.</summary>
    private static void ExpectBody(List<string> problems, string what, byte[] body, string expected)
    {
        try
        {
            using var actualDoc = JsonDocument.Parse(body);
            using var expectedDoc = JsonDocument.Parse(expected);
            var actual = actualDoc.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetRawText())).ToList();
            var wanted = expectedDoc.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetRawText())).ToList();
            if (actual.Count != wanted.Count || actual.OrderBy(p => p.Name, StringComparer.Ordinal).Zip(wanted.OrderBy(p => p.Name, StringComparer.Ordinal)).Any(z => z.First != z.Second))
            {
                problems.Add($"{what}: body {Encoding.UTF8.GetString(body)}, expected {expected}");
            }
            else if (wanted[0].Name == "__type" && actual[0].Name != "__type")
            {
                problems.Add($"{what}: __type is not the first property: {Encoding.UTF8.GetString(body)}");
            }
        }
        catch (JsonException ex)
        {
            problems.Add($"{what}: body is not JSON ({ex.Message}): '{Encoding.UTF8.GetString(body)}'");
        }
    }
}
