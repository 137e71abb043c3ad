using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Icws.Reliability.Tests.Infrastructure;

namespace Icws.Reliability.Tests.Lifecycle;

/// <summary>
/// An in-memory ICWS server for the lifecycle tests, with the delays and faults they need at exact moments: logins
/// answered late (or never, until cancelled) and with 503s naming an alternate host, sessions expired on demand (every
/// later call gets 401, their event streams end), event streams that stay open until dropped, slow subscription PUTs.
/// Every wait honours the request's cancellation, as a real socket would. <see cref="Arrived"/> reports each request as
/// it comes in, so a test can dispose a session while a given request is in flight. Serves any host (the primary and
/// the alternate one it names).
/// </summary>
internal sealed class LifecycleServer : HttpMessageHandler
{
    public const string Primary = "http://lifecycle-a.test:8018/";

    /// <summary>The alternate host that 503 answers name.</summary>
    public const string Alternate = "lifecycle-b.test:8018";

    private readonly ConcurrentDictionary<string, FakeSession> _sessions = new(StringComparer.Ordinal);
    private int _logins;
    private int _logins503;
    private int _brokenPolls;

    /// <summary>What kind of request just arrived ("login", "stream", "poll", "put", "delete", "logout", "other"), before it is answered.</summary>
    public event Action<string>? Arrived;

    /// <summary>Delay before a login is answered (the request is cancellable meanwhile).</summary>
    public TimeSpan LoginDelay { get; set; }

    /// <summary>Delay before a subscription PUT is answered.</summary>
    public TimeSpan PutDelay { get; set; }

    /// <summary>Whether the PUT and poll delays run to their end even when the request is cancelled (a handler that does not honour cancellation).</summary>
    public bool DelaysIgnoreCancellation { get; set; }

    /// <summary>When set, subscription PUTs are refused with this status.</summary>
    public HttpStatusCode? RefusePuts { get; set; }

    /// <summary>Delay before a poll is answered.</summary>
    public TimeSpan PollDelay { get; set; }

    /// <summary>Every this-many polls fails with 500 (0: never).</summary>
    public int FailEveryPoll { get; set; }

    /// <summary>The next this-many polls are answered 200 with a batch that breaks off (the client must assume messages were lost).</summary>
    public int BreakPolls
    {
        get => Volatile.Read(ref _brokenPolls);
        set => Volatile.Write(ref _brokenPolls, value);
    }

    /// <summary>The next this-many logins answer 503 naming <see cref="Alternate"/>.</summary>
    public int Logins503
    {
        get => Volatile.Read(ref _logins503);
        set => Volatile.Write(ref _logins503, value);
    }

    public int Logins => Volatile.Read(ref _logins);

    /// <summary>Ends a session: every later call with it gets 401, and its event stream ends (gracefully, as CIC closes it).</summary>
    public void Expire(string sessionId)
    {
        if (_sessions.TryGetValue(sessionId, out var session))
        {
            session.End(reset: false);
        }
    }

    /// <summary>Resets every open event stream (the client sees a broken connection).</summary>
    public int DropStreams()
    {
        var dropped = 0;
        foreach (var session in _sessions.Values)
        {
            dropped += session.DropStream();
        }

        return dropped;
    }

    /// <summary>Forgets sessions (between cases), resetting their streams.</summary>
    public void Reset()
    {
        foreach (var session in _sessions.Values)
        {
            session.End(reset: true);
        }

        _sessions.Clear();
        LoginDelay = TimeSpan.Zero;
        PutDelay = TimeSpan.Zero;
        DelaysIgnoreCancellation = false;
        RefusePuts = null;
        PollDelay = TimeSpan.Zero;
        FailEveryPoll = 0;
        BreakPolls = 0;
        Logins503 = 0;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var method = request.Method;
        if (method == HttpMethod.Post && path == "/icws/connection")
        {
            Arrived?.Invoke("login");
            await Task.Delay(LoginDelay, cancellationToken).ConfigureAwait(false);
            return Login();
        }

        // /icws/{sessionId}/{rest}
        var parts = path.Split('/', 4, StringSplitOptions.None);
        if (parts.Length < 4 || !_sessions.TryGetValue(parts[2], out var session))
        {
            Arrived?.Invoke("other");
            return Error(HttpStatusCode.Unauthorized, "error.request.connection.invalidSession");
        }

        var rest = parts[3];
        if (method == HttpMethod.Delete && rest == "connection")
        {
            Arrived?.Invoke("logout");
            session.End(reset: true);
            return new HttpResponseMessage(HttpStatusCode.NoContent);
        }

        if (method == HttpMethod.Get && rest == "messaging/messages")
        {
            var streaming = request.Headers.Accept.Any(a => a.MediaType == "text/event-stream");
            Arrived?.Invoke(streaming ? "stream" : "poll");
            if (!streaming)
            {
                await Task.Delay(PollDelay, DelaysIgnoreCancellation ? CancellationToken.None : cancellationToken).ConfigureAwait(false);
                if (FailEveryPoll > 0 && Interlocked.Increment(ref session.Polls) % FailEveryPoll == 0)
                {
                    return Error(HttpStatusCode.InternalServerError, "error.server.unavailable");
                }
            }

            if (!session.Alive)
            {
                return Error(HttpStatusCode.Unauthorized, "error.request.connection.invalidSession");
            }

            if (!streaming && Interlocked.Decrement(ref _brokenPolls) >= 0)
            {
                return FakeIcwsServer.Json(HttpStatusCode.OK, """[{"__type":"urn:inin.com:queues:queueContentsMessage","isDelta":tr""");
            }

            return streaming ? session.OpenStream() : FakeIcwsServer.Json(HttpStatusCode.OK, "[" + string.Join(",", session.TakePending()) + "]");
        }

        if (rest.StartsWith("messaging/subscriptions/queues/", StringComparison.Ordinal))
        {
            var subscriptionId = rest["messaging/subscriptions/queues/".Length..];
            Arrived?.Invoke(method == HttpMethod.Put ? "put" : "delete");
            if (method == HttpMethod.Put)
            {
                await Task.Delay(PutDelay, DelaysIgnoreCancellation ? CancellationToken.None : cancellationToken).ConfigureAwait(false);
                if (RefusePuts is { } refused)
                {
                    return Error(refused, "error.request.invalidRepresentation");
                }
            }

            if (!session.Alive)
            {
                return Error(HttpStatusCode.Unauthorized, "error.request.connection.invalidSession");
            }

            if (method == HttpMethod.Put)
            {
                session.Send($$$"""{"__type":"urn:inin.com:queues:queueContentsMessage","isDelta":false,"subscriptionId":"{{{subscriptionId}}}","interactionsAdded":[{"interactionId":"1001","attributes":{"Eic_State":"C","Eic_RemoteName":"Pat"}}]}""");
            }

            return new HttpResponseMessage(HttpStatusCode.NoContent);
        }

        Arrived?.Invoke("other");
        return Error(HttpStatusCode.NotFound, "error.request.resourceNotFound");
    }

    private HttpResponseMessage Login()
    {
        if (Interlocked.Decrement(ref _logins503) >= 0)
        {
            return FakeIcwsServer.Json(HttpStatusCode.ServiceUnavailable, $$"""{"errorId":"error.server.notAcceptingConnections","message":"Switching over.","alternateHostList":["{{Alternate}}"]}""");
        }

        Interlocked.Exchange(ref _logins503, 0);
        var n = Interlocked.Increment(ref _logins);
        var sessionId = "88" + n.ToString("000000", System.Globalization.CultureInfo.InvariantCulture);
        _sessions[sessionId] = new FakeSession();
        var response = FakeIcwsServer.Json(HttpStatusCode.Created, """
            {"sessionId":"SESSION","csrfToken":"csrf-lifecycle","userID":"agent","userDisplayName":"Alex Agent","icServer":"FAKE","alternateHostList":["ALTERNATE"],
             "features":[{"featureId":"connection","version":11},{"featureId":"messaging","version":2},{"featureId":"interactions","version":13},{"featureId":"queues","version":2}],
             "version":{"majorVersion":"25","minorVersion":"1","su":"0","productReleaseDisplayString":"Fake 2025 R1"}}
            """.Replace("SESSION", sessionId, StringComparison.Ordinal).Replace("ALTERNATE", Alternate, StringComparison.Ordinal));
        response.Headers.TryAddWithoutValidation("ININ-ICWS-Session-ID", sessionId);
        response.Headers.TryAddWithoutValidation("ININ-ICWS-CSRF-Token", "csrf-lifecycle");
        response.Headers.TryAddWithoutValidation("Set-Cookie", $"icws_{sessionId}=lifecycle; Path=/icws/{sessionId}; HttpOnly");
        return response;
    }

    private static HttpResponseMessage Error(HttpStatusCode status, string errorId)
        => FakeIcwsServer.Json(status, $$"""{"errorId":"{{errorId}}","message":"Lifecycle server."}""");

    /// <summary>One session: alive or not, messages not yet delivered, and its open event stream.</summary>
    private sealed class FakeSession
    {
        private readonly object _gate = new();
        private readonly List<string> _pending = new();
        private EventStream? _stream;
        private bool _alive = true;

        public int Polls;

        public bool Alive
        {
            get
            {
                lock (_gate)
                {
                    return _alive;
                }
            }
        }

        public HttpResponseMessage OpenStream()
        {
            var stream = new EventStream();
            lock (_gate)
            {
                _stream?.End(reset: true);
                _stream = stream;
                foreach (var message in _pending)
                {
                    stream.Write(message);
                }

                _pending.Clear();
            }

            var content = new StreamContent(stream);
            content.Headers.TryAddWithoutValidation("Content-Type", "text/event-stream");
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        }

        public void Send(string message)
        {
            lock (_gate)
            {
                if (_stream is { IsOpen: true } stream)
                {
                    stream.Write(message);
                }
                else
                {
                    _pending.Add(message);
                }
            }
        }

        public List<string> TakePending()
        {
            lock (_gate)
            {
                var taken = _pending.ToList();
                _pending.Clear();
                return taken;
            }
        }

        public int DropStream()
        {
            lock (_gate)
            {
                if (_stream is not { IsOpen: true } stream)
                {
                    return 0;
                }

                stream.End(reset: true);
                _stream = null;
                return 1;
            }
        }

        public void End(bool reset)
        {
            lock (_gate)
            {
                _alive = false;
                _stream?.End(reset);
                _stream = null;
            }
        }
    }

    /// <summary>A server-sent event body that stays open until ended (gracefully, or reset: the reader gets an IOException).</summary>
    private sealed class EventStream : Stream
    {
        private readonly Channel<byte[]> _chunks = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
        private byte[]? _current;
        private int _offset;

        public bool IsOpen { get; private set; } = true;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public void Write(string message) => _chunks.Writer.TryWrite(Encoding.UTF8.GetBytes("data: " + message + "\n\n"));

        public void End(bool reset)
        {
            IsOpen = false;
            _chunks.Writer.TryComplete(reset ? new IOException("The connection was reset by the lifecycle server.") : null);
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (_current is null || _offset == _current.Length)
            {
                if (!await _chunks.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return 0;
                }

                if (_chunks.Reader.TryRead(out var chunk))
                {
                    _current = chunk;
                    _offset = 0;
                }
            }

            var n = Math.Min(buffer.Length, _current.Length - _offset);
            _current.AsMemory(_offset, n).CopyTo(buffer);
            _offset += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            // The client closed the response: the stream is no longer open for writes.
            IsOpen = false;
            _chunks.Writer.TryComplete();
            base.Dispose(disposing);
        }
    }
}
