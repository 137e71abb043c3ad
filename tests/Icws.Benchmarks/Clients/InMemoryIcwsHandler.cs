using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Icws.Benchmarks.Clients;

/// <summary>
/// An in-memory ICWS server for group 1. While measuring it answers every request with the canned response of
/// the operation under test (set <see cref="Fixed"/>), after reading the request body to its end - so a client
/// that serializes lazily pays for it like one that serializes up front. Otherwise it routes by path, serves
/// the login, and (with <see cref="Verify"/>) checks every request against <see cref="Exchange.Check"/>.
/// </summary>
public sealed class InMemoryIcwsHandler : HttpMessageHandler
{
    private readonly object _gate = new();

    /// <summary>The operation being measured: answered without routing. Null: route and serve the login.</summary>
    public Operation? Fixed { get; set; }

    /// <summary>Check every request (routing mode only).</summary>
    public bool Verify { get; set; }

    /// <summary>What the verification found, one line per problem.</summary>
    public List<string> Problems { get; } = new();

    /// <summary>Header names seen per route in the verification pass (to show that every client sends the same).</summary>
    public Dictionary<string, SortedSet<string>> HeadersSeen { get; } = new();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Fixed is { } operation)
        {
            if (request.Content is { } content)
            {
                return DrainThenAnswer(content, operation, cancellationToken);
            }

            return Task.FromResult(Answer(operation));
        }

        return RouteAsync(request, cancellationToken);
    }

    private static async Task<HttpResponseMessage> DrainThenAnswer(HttpContent content, Operation operation, CancellationToken cancellationToken)
    {
        await content.CopyToAsync(DrainStream.Instance, cancellationToken).ConfigureAwait(false);
        return Answer(operation);
    }

    private static HttpResponseMessage Answer(Operation operation) => operation switch
    {
        Operation.GetAttributes2 => Json(HttpStatusCode.OK, Canned.Attributes2Json),
        Operation.GetAttributes12 => Json(HttpStatusCode.OK, Canned.Attributes12Json),
        Operation.Hold => new HttpResponseMessage(HttpStatusCode.OK),
        Operation.CreateCall => Json(HttpStatusCode.Created, Canned.CreatedJson),
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    private static HttpResponseMessage Json(HttpStatusCode status, byte[] body)
    {
        var response = new HttpResponseMessage(status) { Content = new ByteArrayContent(body) };
        response.Content.Headers.TryAddWithoutValidation("Content-Type", Canned.ContentType);
        return response;
    }

    private async Task<HttpResponseMessage> RouteAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = Array.Empty<byte>();
        if (request.Content is { } content)
        {
            using var copy = new MemoryStream();
            await content.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
            body = copy.ToArray();
        }

        var uri = request.RequestUri ?? throw new InvalidOperationException("No request URI.");
        var method = request.Method.Method;
        var route = Exchange.Classify(method, uri.AbsolutePath);
        if (Verify)
        {
            string? Header(string name)
            {
                if (request.Headers.TryGetValues(name, out var values) || (request.Content is not null && request.Content.Headers.TryGetValues(name, out values)))
                {
                    return string.Join(", ", values);
                }

                return name == "Content-Length" && request.Content?.Headers.ContentLength is { } length ? length.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            }

            var problems = Exchange.Check(method, uri.AbsolutePath, uri.Query, Header, body);
            lock (_gate)
            {
                Problems.AddRange(problems);
                var names = request.Headers.Select(h => h.Key).Concat(request.Content?.Headers.Select(h => h.Key) ?? Enumerable.Empty<string>());
                if (!HeadersSeen.TryGetValue(route.ToString(), out var set))
                {
                    HeadersSeen[route.ToString()] = set = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
                }

                set.UnionWith(names);
            }
        }

        var (status, answer) = Exchange.Answer(route, Exchange.DecodedSelect(uri.Query));
        var response = new HttpResponseMessage(status) { RequestMessage = request };
        if (answer is not null)
        {
            response.Content = new ByteArrayContent(answer);
            response.Content.Headers.TryAddWithoutValidation("Content-Type", Canned.ContentType);
        }

        if (route == Exchange.Route.Login)
        {
            response.Headers.TryAddWithoutValidation("ININ-ICWS-Session-ID", Canned.SessionId);
            response.Headers.TryAddWithoutValidation(Canned.CsrfHeader, Canned.CsrfToken);
            response.Headers.TryAddWithoutValidation("Set-Cookie", Canned.CookieName + "=" + Canned.CookieValue + "; Path=/icws/" + Canned.SessionId + "; HttpOnly");
        }

        return response;
    }

    /// <summary>A write-only stream that forgets what it is given.</summary>
    private sealed class DrainStream : Stream
    {
        public static readonly DrainStream Instance = new();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => 0;

        public override long Position { get => 0; set { } }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.CompletedTask;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => default;
    }
}
