using System.Net.Http.Headers;
using System.Text;

namespace Icws.Simulator.Tests.Infrastructure;

/// <summary>
/// A deliberately dumb ICWS client for the tests: plain HttpClient with cookies off, the session cookie, CSRF header and
/// JSON set by hand, so each test sees exactly what goes over the wire and two sessions never share a cookie jar.
/// </summary>
internal sealed class WireClient : IDisposable
{
    public const string IcwsJson = "application/vnd.inin.icws+JSON";

    private readonly HttpClient _http;

    private WireClient(Uri server)
    {
        _http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(10) };
    }

    public string SessionId { get; private set; } = "";
    public string Csrf { get; private set; } = "";

    /// <summary>The <c>icws_&lt;sessionId&gt;=&lt;value&gt;</c> pair from Set-Cookie.</summary>
    public string Cookie { get; private set; } = "";

    public JsonElement LoginBody { get; private set; }

    public static WireClient Anonymous(Uri server) => new(server);

    public static string LoginJson(string user, string password, string application = "Wire tests") =>
        $$"""{"__type":"urn:inin.com:connection:icAuthConnectionRequestSettings","applicationName":"{{application}}","userID":"{{user}}","password":"{{password}}"}""";

    public static async Task<WireClient> LoginAsync(Uri server, string user = "agent", string password = "agent-pass")
    {
        var client = new WireClient(server);
        var response = await client.PostLoginAsync(LoginJson(user, password));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await client.AdoptSessionAsync(response);
        return client;
    }

    public async Task<HttpResponseMessage> PostLoginAsync(string json, string query = "", bool acceptLanguage = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/icws/connection" + query) { Content = Json(json) };
        if (acceptLanguage)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", "en-us");
        }
        return await _http.SendAsync(request);
    }

    public async Task AdoptSessionAsync(HttpResponseMessage response)
    {
        SessionId = response.Headers.GetValues("ININ-ICWS-Session-ID").Single();
        Csrf = response.Headers.GetValues("ININ-ICWS-CSRF-Token").Single();
        var setCookie = response.Headers.GetValues("Set-Cookie").Single();
        Cookie = setCookie.Split(';')[0];
        LoginBody = await ReadJsonAsync(response);
    }

    public static StringContent Json(string json, string mediaType = IcwsJson)
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType + "; charset=utf-8");
        return content;
    }

    /// <summary>Sends a session request to <c>/icws/{sessionId}/{path}</c>.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null, bool csrf = true, bool cookie = true, string? accept = null)
    {
        using var request = new HttpRequestMessage(method, $"/icws/{SessionId}/{path}");
        if (json is not null)
        {
            request.Content = Json(json);
        }
        if (csrf)
        {
            request.Headers.TryAddWithoutValidation("ININ-ICWS-CSRF-Token", Csrf);
        }
        if (cookie)
        {
            request.Headers.TryAddWithoutValidation("Cookie", Cookie);
        }
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }
        return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>Sends any content (e.g. file bytes) to <c>/icws/{sessionId}/{path}</c> with the session cookie and CSRF header.</summary>
    public async Task<HttpResponseMessage> SendContentAsync(HttpMethod method, string path, HttpContent content)
    {
        using var request = new HttpRequestMessage(method, $"/icws/{SessionId}/{path}") { Content = content };
        request.Headers.TryAddWithoutValidation("ININ-ICWS-CSRF-Token", Csrf);
        request.Headers.TryAddWithoutValidation("Cookie", Cookie);
        return await _http.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path);
    public Task<HttpResponseMessage> PostAsync(string path, string? json = null) => SendAsync(HttpMethod.Post, path, json);
    public Task<HttpResponseMessage> PutAsync(string path, string? json = null) => SendAsync(HttpMethod.Put, path, json);
    public Task<HttpResponseMessage> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    /// <summary>A request with an absolute path, outside the session (e.g. <c>/icws/connection/features</c>).</summary>
    public Task<HttpResponseMessage> RawAsync(HttpMethod method, string path) => _http.SendAsync(new HttpRequestMessage(method, path));

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    /// <summary>Asserts the status and returns the JSON body.</summary>
    public static async Task<JsonElement> ExpectJsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.StartsWith("application/vnd.inin.icws+json", response.Content.Headers.ContentType?.MediaType ?? "", StringComparison.OrdinalIgnoreCase);
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    public static async Task ExpectEmptyAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("", text);
    }

    /// <summary>Asserts an ICWS error body: status, <c>__type</c>, <c>errorId</c> (when given) and <c>propertyName</c> (when given).</summary>
    public static async Task<JsonElement> ExpectErrorAsync(HttpResponseMessage response, HttpStatusCode status, string? type = null, string? propertyName = null, string? errorId = null)
    {
        var body = await ExpectJsonAsync(response, status);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
        if (type is not null)
        {
            Assert.Equal("urn:inin.com:common:" + type, body.GetProperty("__type").GetString());
        }
        if (propertyName is not null)
        {
            Assert.Equal(propertyName, body.GetProperty("propertyName").GetString());
        }
        if (errorId is not null)
        {
            Assert.Equal(errorId, body.GetProperty("errorId").GetString());
        }
        return body;
    }

    /// <summary>One short poll: the JSON array of messages.</summary>
    public async Task<List<JsonElement>> PollAsync()
    {
        var response = await SendAsync(HttpMethod.Get, "messaging/messages", csrf: false);
        var body = await ExpectJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Array, body.ValueKind);
        return body.EnumerateArray().ToList();
    }

    /// <summary>Polls until a message matches (collecting everything seen), or fails after the timeout.</summary>
    public async Task<List<JsonElement>> PollUntilAsync(Func<JsonElement, bool> match, TimeSpan? timeout = null)
    {
        var seen = new List<JsonElement>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        while (DateTime.UtcNow < deadline)
        {
            var batch = await PollAsync();
            seen.AddRange(batch);
            if (batch.Any(match))
            {
                return seen;
            }
            await Task.Delay(20);
        }
        Assert.Fail("No matching message arrived. Seen: " + string.Join(" | ", seen.Select(m => m.GetRawText())));
        return seen;
    }

    public async Task<string> CreateAsync(string json)
    {
        var body = await ExpectJsonAsync(await PostAsync("interactions", json), HttpStatusCode.Created);
        var id = body.GetProperty("interactionId").GetString()!;
        Assert.Matches("^[0-9]{10}$", id);
        return id;
    }

    public Task<string> CallAsync(string target) =>
        CreateAsync($$"""{"__type":"urn:inin.com:interactions:createCallParameters","target":"{{target}}"}""");

    public async Task<Dictionary<string, string>> AttributesAsync(string interactionId, params string[] names)
    {
        var response = await GetAsync($"interactions/{interactionId}?select={string.Join(',', names)}");
        var body = await ExpectJsonAsync(response, HttpStatusCode.OK);
        return body.GetProperty("attributes").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.OrdinalIgnoreCase);
    }

    public async Task ActAsync(string interactionId, string action, string? json = null) =>
        await ExpectEmptyAsync(await PostAsync($"interactions/{interactionId}/{action}", json), HttpStatusCode.OK);

    public void Dispose() => _http.Dispose();
}
