using System.IO;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Icws.Simulator.Json;
using Icws.Simulator.State;
using Microsoft.AspNetCore.Http;

namespace Icws.Simulator.Http;

/// <summary>One request as the handlers see it: route values, the authenticated session, body reading and response writing.</summary>
internal sealed class RequestContext : IDisposable
{
    private const int MaxBodyBytes = 1 << 20;
    private JsonDocument? _document;

    public RequestContext(HttpContext http, SimulatorCore core, int serverIndex)
    {
        Http = http;
        Core = core;
        ServerIndex = serverIndex;
    }

    public HttpContext Http { get; }
    public SimulatorCore Core { get; }
    public SimState State => Core.State;
    public int ServerIndex { get; }
    public Dictionary<string, string> Values { get; set; } = new(StringComparer.Ordinal);
    public SessionState? Session { get; set; }

    public string this[string routeValue] => Values[routeValue];

    public SessionState RequireSession => Session ?? throw new InvalidOperationException("Route needs a session.");

    public SimulatedUser User => State.FindUser(RequireSession.UserId)!;

    /// <summary>
    /// Reads the JSON body; null when the body is empty. A body needs content type application/vnd.inin.icws+json or
    /// application/json (any case, any parameters), else 415 with an error body.
    /// </summary>
    public async Task<JsonElement?> ReadBodyAsync()
    {
        using var buffer = new MemoryStream();
        await Http.Request.Body.CopyToAsync(buffer, Http.RequestAborted).ConfigureAwait(false);
        if (buffer.Length > MaxBodyBytes)
        {
            throw new IcwsError(413, "error.request.entityTooLarge", "The request body is too large.");
        }
        if (buffer.Length == 0)
        {
            return null;
        }
        if (!IsJsonMediaType(Http.Request.ContentType))
        {
            throw new IcwsError(415, "error.request.unsupportedMediaType",
                $"Content type '{Http.Request.ContentType}' is not supported; use application/vnd.inin.icws+JSON.");
        }
        try
        {
            _document = JsonDocument.Parse(buffer.ToArray());
        }
        catch (JsonException ex)
        {
            throw IcwsError.InvalidRepresentation("The request body is not valid JSON: " + ex.Message);
        }
        return _document.RootElement;
    }

    /// <summary>Reads the raw body bytes (any content type), for file uploads.</summary>
    public async Task<byte[]> ReadRawAsync()
    {
        using var buffer = new MemoryStream();
        await Http.Request.Body.CopyToAsync(buffer, Http.RequestAborted).ConfigureAwait(false);
        if (buffer.Length > MaxBodyBytes)
        {
            throw new IcwsError(413, "error.request.entityTooLarge", "The request body is too large.");
        }
        return buffer.ToArray();
    }

    /// <summary>404 when the server's feature version is below what the resource needs (ICWS treats a missing resource as unsupported).</summary>
    public void RequireFeature(string feature, int version)
    {
        if (!Core.Options.FeatureVersions.TryGetValue(feature, out var v) || v < version)
        {
            throw IcwsError.NotFound("error.request.resourceNotFound", $"This resource needs {feature} feature version {version}.");
        }
    }

    public async Task<RequestJson> ReadObjectAsync() => RequestJson.Root(await ReadBodyAsync().ConfigureAwait(false));

    private static bool IsJsonMediaType(string? contentType)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var parsed) || parsed.MediaType is null)
        {
            return false;
        }
        return parsed.MediaType.Equals("application/vnd.inin.icws+json", StringComparison.OrdinalIgnoreCase)
            || parsed.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);
    }

    public async Task JsonAsync(int status, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        Http.Response.StatusCode = status;
        Http.Response.ContentType = Wire.JsonContentType;
        Http.Response.ContentLength = bytes.Length;
        await Http.Response.Body.WriteAsync(bytes, Http.RequestAborted).ConfigureAwait(false);
    }

    public Task JsonAsync(int status, Action<Utf8JsonWriter> body) => JsonAsync(status, JsonText.Write(body));

    /// <summary>A success without a body (actions: 200; watches, logout, heartbeat: 204).</summary>
    public Task EmptyAsync(int status)
    {
        Http.Response.StatusCode = status;
        Http.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    public async Task ErrorAsync(IcwsError error)
    {
        if (error.Status == 401)
        {
            Http.Response.Headers.WWWAuthenticate = "ICWS realm=\"ICWS\" location=\"/ICWS/connection\"";
        }
        var legacy = Core.Options.LegacyErrors;
        await JsonAsync(error.Status, w =>
        {
            w.WriteStartObject();
            w.WriteString("__type", error.Type);
            if (!legacy)
            {
                w.WriteString("errorId", error.ErrorId);
            }
            w.WriteString("message", error.Message);
            if (error.PropertyName is not null)
            {
                w.WriteString("propertyName", error.PropertyName);
            }
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>503 with the <c>alternateHosts</c> body: <c>alternateHostList</c> required, errorId and message optional.</summary>
    public Task AlternateHostsAsync(string message) => JsonAsync(503, w =>
    {
        w.WriteStartObject();
        JsonText.StringArray(w, "alternateHostList", Core.AlternateHostsFor(ServerIndex));
        if (!Core.Options.LegacyErrors)
        {
            w.WriteString("errorId", "error.server.unavailable");
        }
        w.WriteString("message", message);
        w.WriteEndObject();
    });

    public void Dispose() => _document?.Dispose();
}
