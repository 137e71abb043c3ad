using System;
using System.Buffers;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using Refit;

namespace Icws.Benchmarks.Clients;

// ---------------------------------------------------------------------------------------------
// The data types a user of Refit or of plain System.Text.Json would write for these endpoints.
// ---------------------------------------------------------------------------------------------

public sealed class AttributesResultDto
{
    [JsonPropertyName("attributes")]
    public Dictionary<string, string>? Attributes { get; set; }
}

public sealed class HoldDto
{
    [JsonPropertyName("on")]
    public bool On { get; set; }
}

public sealed class CreateCallDto
{
    [JsonPropertyName("__type")]
    [JsonPropertyOrder(-1)]
    public string Type => Canned.CreateCallType;

    [JsonPropertyName("target")]
    public string Target { get; set; } = string.Empty;

    [JsonPropertyName("workgroup")]
    public string? Workgroup { get; set; }
}

public sealed class CreatedDto
{
    [JsonPropertyName("interactionId")]
    public string? InteractionId { get; set; }
}

/// <summary>System.Text.Json source-generated metadata, used by both Refit (its fastest setting) and the hand-written STJ client.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AttributesResultDto))]
[JsonSerializable(typeof(HoldDto))]
[JsonSerializable(typeof(CreateCallDto))]
[JsonSerializable(typeof(CreatedDto))]
public sealed partial class IcwsStjContext : JsonSerializerContext
{
}

// ---------------------------------------------------------------------------------------------
// Refit 16.4: the same three endpoints as an interface (its source generator writes the stub).
// ---------------------------------------------------------------------------------------------

public interface IIcwsRefitApi
{
    [Get("/icws/{sessionId}/interactions/{interactionId}")]
    Task<AttributesResultDto> GetAttributesAsync(string sessionId, string interactionId, [Query(CollectionFormat.Csv)] IEnumerable<string> select, CancellationToken cancellationToken = default);

    [Post("/icws/{sessionId}/interactions/{interactionId}/hold")]
    [Headers("Content-Type: " + Canned.ContentType)]
    Task HoldAsync(string sessionId, string interactionId, [Body] HoldDto parameters, CancellationToken cancellationToken = default);

    [Post("/icws/{sessionId}/interactions")]
    [Headers("Content-Type: " + Canned.ContentType)]
    Task<CreatedDto> CreateCallAsync(string sessionId, [Body] CreateCallDto parameters, CancellationToken cancellationToken = default);
}

public static class RefitClientFactory
{
    /// <summary>
    /// A Refit client as a careful user would set it up: the session headers once on the HttpClient, the
    /// source-generated STJ context, buffered bodies (ICWS wants a Content-Length).
    /// </summary>
    public static IIcwsRefitApi Create(HttpClient http, Uri server)
    {
        http.BaseAddress = server;
        AddSessionHeaders(http.DefaultRequestHeaders);
        var settings = RefitSettings.ForJsonContext(IcwsStjContext.Default);
        settings.Buffered = true;
        return RestService.For<IIcwsRefitApi>(http, settings);
    }

    public static void AddSessionHeaders(HttpRequestHeaders headers)
    {
        headers.TryAddWithoutValidation("Accept", Canned.MediaType);
        headers.TryAddWithoutValidation("Accept-Language", Canned.AcceptLanguage);
        headers.TryAddWithoutValidation(Canned.CsrfHeader, Canned.CsrfToken);
        headers.TryAddWithoutValidation("Cookie", Canned.CookieHeader);
    }
}

// ---------------------------------------------------------------------------------------------
// Hand-written HttpClient + System.Text.Json (source-generated context).
// ---------------------------------------------------------------------------------------------

public sealed class StjClient
{
    private static readonly MediaTypeHeaderValue BodyType = MediaTypeHeaderValue.Parse(Canned.ContentType);
    private readonly HttpClient _http;
    private readonly string _prefix;

    public StjClient(HttpClient http, Uri server, string sessionId)
    {
        _http = http;
        _prefix = server.GetLeftPart(UriPartial.Authority) + "/icws/" + Uri.EscapeDataString(sessionId) + "/";
        RefitClientFactory.AddSessionHeaders(http.DefaultRequestHeaders);
    }

    public async Task<Dictionary<string, string>> GetAttributesAsync(string interactionId, IEnumerable<string> select, CancellationToken cancellationToken = default)
    {
        var url = _prefix + "interactions/" + Uri.EscapeDataString(interactionId) + "?select=" + string.Join(",", System.Linq.Enumerable.Select(select, Uri.EscapeDataString));
        using var response = await _http.GetAsync(url, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var result = await response.Content.ReadFromJsonAsync(IcwsStjContext.Default.AttributesResultDto, cancellationToken).ConfigureAwait(false);
        return result?.Attributes ?? throw new JsonException("No attributes in the response.");
    }

    public async Task HoldAsync(string interactionId, bool on, CancellationToken cancellationToken = default)
    {
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(new HoldDto { On = on }, IcwsStjContext.Default.HoldDto));
        content.Headers.ContentType = BodyType;
        using var response = await _http.PostAsync(_prefix + "interactions/" + Uri.EscapeDataString(interactionId) + "/hold", content, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    public async Task<string> CreateCallAsync(string target, string? workgroup, CancellationToken cancellationToken = default)
    {
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(new CreateCallDto { Target = target, Workgroup = workgroup }, IcwsStjContext.Default.CreateCallDto));
        content.Headers.ContentType = BodyType;
        using var response = await _http.PostAsync(_prefix + "interactions", content, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync(IcwsStjContext.Default.CreatedDto, cancellationToken).ConfigureAwait(false);
        return created?.InteractionId ?? throw new JsonException("No interactionId in the response.");
    }
}

// ---------------------------------------------------------------------------------------------
// The floor: Utf8JsonWriter / Utf8JsonReader by hand, pooled buffers, nothing more than needed.
// ---------------------------------------------------------------------------------------------

public sealed class FloorClient
{
    private static readonly UriCreationOptions Raw = new() { DangerousDisablePathAndQueryCanonicalization = true };
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };
    private readonly HttpClient _http;
    private readonly string _prefix;

    public FloorClient(HttpClient http, Uri server, string sessionId)
    {
        _http = http;
        _prefix = server.GetLeftPart(UriPartial.Authority) + "/icws/" + Uri.EscapeDataString(sessionId) + "/";
    }

    public async Task<List<KeyValuePair<string, string>>> GetAttributesAsync(string interactionId, string[] select, CancellationToken cancellationToken = default)
    {
        // Attribute names are nearly always plain identifiers: join them as they are, escape only when needed.
        var query = string.Join(",", select);
        if (query.AsSpan().IndexOfAnyExcept(SafeQueryChars) >= 0)
        {
            query = string.Join(",", System.Linq.Enumerable.Select(select, Uri.EscapeDataString));
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(string.Concat(_prefix, "interactions/", Uri.EscapeDataString(interactionId), "?select=", query), in Raw));
        AddHeaders(request);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"ICWS answered {(int)response.StatusCode}.");
        }

        var (buffer, length) = await ReadBodyAsync(response.Content, cancellationToken).ConfigureAwait(false);
        try
        {
            return ParseAttributes(buffer.AsSpan(0, length), select.Length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task HoldAsync(string interactionId, bool on, CancellationToken cancellationToken = default)
    {
        var body = new PooledWriter();
        try
        {
            using (var writer = new Utf8JsonWriter(body, WriterOptions))
            {
                writer.WriteStartObject();
                writer.WriteBoolean("on"u8, on);
                writer.WriteEndObject();
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(string.Concat(_prefix, "interactions/", Uri.EscapeDataString(interactionId), "/hold"), in Raw));
            AddHeaders(request);
            request.Content = body.ToContent();
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"ICWS answered {(int)response.StatusCode}.");
            }
        }
        finally
        {
            body.Dispose();
        }
    }

    public async Task<string> CreateCallAsync(string target, string? workgroup, CancellationToken cancellationToken = default)
    {
        var body = new PooledWriter();
        try
        {
            using (var writer = new Utf8JsonWriter(body, WriterOptions))
            {
                writer.WriteStartObject();
                writer.WriteString("__type"u8, "urn:inin.com:interactions:createCallParameters"u8);
                writer.WriteString("target"u8, target);
                if (workgroup is not null)
                {
                    writer.WriteString("workgroup"u8, workgroup);
                }

                writer.WriteEndObject();
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_prefix + "interactions", in Raw));
            AddHeaders(request);
            request.Content = body.ToContent();
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"ICWS answered {(int)response.StatusCode}.");
            }

            var (buffer, length) = await ReadBodyAsync(response.Content, cancellationToken).ConfigureAwait(false);
            try
            {
                var reader = new Utf8JsonReader(buffer.AsSpan(0, length));
                reader.Read();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isId = reader.ValueTextEquals("interactionId"u8);
                    reader.Read();
                    if (isId)
                    {
                        return reader.GetString()!;
                    }

                    reader.Skip();
                }

                throw new JsonException("No interactionId in the response.");
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        finally
        {
            body.Dispose();
        }
    }

    private static readonly SearchValues<char> SafeQueryChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.~,");

    private static void AddHeaders(HttpRequestMessage request)
    {
        var headers = request.Headers;
        headers.TryAddWithoutValidation("Accept", Canned.MediaType);
        headers.TryAddWithoutValidation("Accept-Language", Canned.AcceptLanguage);
        headers.TryAddWithoutValidation(Canned.CsrfHeader, Canned.CsrfToken);
        headers.TryAddWithoutValidation("Cookie", Canned.CookieHeader);
    }

    private static List<KeyValuePair<string, string>> ParseAttributes(ReadOnlySpan<byte> json, int expected)
    {
        var result = new List<KeyValuePair<string, string>>(expected);
        var reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isAttributes = reader.ValueTextEquals("attributes"u8);
            reader.Read();
            if (!isAttributes)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                result.Add(new KeyValuePair<string, string>(name, reader.GetString() ?? string.Empty));
            }
        }

        return result;
    }

    private static async ValueTask<(byte[] Buffer, int Length)> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)(content.Headers.ContentLength ?? 4096) + 1);
        var length = 0;
        try
        {
            using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                if (length == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return (buffer, length);
                }

                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>A pooled IBufferWriter whose bytes become a ByteArrayContent (Content-Length known).</summary>
    private sealed class PooledWriter : IBufferWriter<byte>, IDisposable
    {
        private byte[] _array = ArrayPool<byte>.Shared.Rent(256);
        private int _length;

        public void Advance(int count) => _length += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _array.AsMemory(_length);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _array.AsSpan(_length);
        }

        public ByteArrayContent ToContent()
        {
            var content = new ByteArrayContent(_array, 0, _length);
            content.Headers.TryAddWithoutValidation("Content-Type", Canned.ContentType);
            return content;
        }

        public void Dispose()
        {
            if (_array.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_array);
                _array = Array.Empty<byte>();
            }
        }

        private void Ensure(int sizeHint)
        {
            if (_length + Math.Max(sizeHint, 1) > _array.Length)
            {
                var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_array.Length * 2, _length + sizeHint));
                _array.AsSpan(0, _length).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_array);
                _array = bigger;
            }
        }
    }
}
