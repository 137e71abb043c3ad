using System.IO;

namespace Icws.Simulator.Tests.Infrastructure;

/// <summary>Reads a server-sent event stream line by line, so tests can check the exact framing.</summary>
internal sealed class SseReader : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseReader(HttpResponseMessage response, Stream stream)
    {
        _response = response;
        _reader = new StreamReader(stream);
    }

    public HttpResponseMessage Response => _response;

    public static async Task<SseReader> OpenAsync(WireClient client)
    {
        var response = await client.SendAsync(HttpMethod.Get, "messaging/messages", csrf: false, accept: "text/event-stream");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseReader(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next line, or null at the end of the stream. Fails after the timeout.</summary>
    public async Task<string?> ReadLineAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        return await _reader.ReadLineAsync(cts.Token);
    }

    /// <summary>Reads the next event (id + data lines), skipping comments and retry fields.</summary>
    public async Task<(string? Id, string Data)?> ReadEventAsync(TimeSpan? timeout = null)
    {
        string? id = null;
        var data = new List<string>();
        while (await ReadLineAsync(timeout) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count > 0)
                {
                    return (id, string.Join('\n', data));
                }
                continue;
            }
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Add(line[6..]);
            }
        }
        return null;
    }

    /// <summary>Reads to the end of the stream (or an exception when the connection is reset), returning whether it ended.</summary>
    public async Task<bool> EndsAsync(TimeSpan timeout)
    {
        try
        {
            while (await ReadLineAsync(timeout) is not null)
            {
            }
            return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (HttpRequestException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
    }
}
