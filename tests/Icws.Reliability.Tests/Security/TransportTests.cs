using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Icws.Client;
using Icws.Reliability.Tests.Infrastructure;
using Icws.Reliability.Tests.WireFuzz;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Icws.Reliability.Tests.Security;

/// <summary>
/// TLS validation is on by default (an HTTPS server with an untrusted self-signed certificate is refused, and never
/// sees the credentials), oversized responses are refused with a clear <see cref="IcwsProtocolException"/>, and two
/// sessions that share one HttpClient never share cookies.
/// </summary>
public class TransportTests
{
    [Fact]
    public async Task AnUntrustedCertificate_IsRefused_ByDefault_AndTheServerNeverSeesTheCredentials()
    {
        await using var server = await TlsServer.StartAsync();

        // The session's own HttpClient (no options but the server, and one login attempt to keep the test short).
        var own = await Assert.ThrowsAnyAsync<IcwsException>(() => IcwsSession.ConnectAsync(new IcwsSessionOptions
        {
            Server = server.Address,
            Credentials = IcwsCredentials.Password("agent", "agent-pass"),
            MaxLoginAttempts = 1,
        }));
        Assert.Contains(Chain(own), e => e is AuthenticationException);

        // Through dependency injection (IHttpClientFactory's handler).
        var services = new ServiceCollection();
        services.AddIcwsClient(o =>
        {
            o.Server = server.Address;
            o.Credentials = IcwsCredentials.Password("agent", "agent-pass");
            o.MaxLoginAttempts = 1;
        });
        await using (var provider = services.BuildServiceProvider())
        {
            var session = provider.GetRequiredService<IcwsSession>();
            var injected = await Assert.ThrowsAnyAsync<IcwsException>(() => session.ConnectAsync());
            Assert.Contains(Chain(injected), e => e is AuthenticationException);
        }

        Assert.Equal(0, server.Requests);

        // Control: a client that trusts this very certificate gets through, so the refusal above was the certificate.
        using var trusting = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == server.Certificate.GetCertHashString() },
        });
        Assert.Equal(HttpStatusCode.NotFound, (await trusting.GetAsync(new Uri(server.Address, "/icws/connection/features"))).StatusCode);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task AnUntrustedCertificate_FailsInOneAttempt_NamingTheHostAndTheTlsHandshake_AndNoSecret()
    {
        await using var server = await TlsServer.StartAsync();
        var recorder = new RecordingHandler(new SocketsHttpHandler { UseCookies = false });
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));

        // Default retry settings and MaxLoginAttempts (8): the refusal must not wait for them (it used to take 22-25 s).
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<IcwsConnectionException>(() => IcwsSession.ConnectAsync(new IcwsSessionOptions
        {
            Server = server.Address,
            Credentials = IcwsCredentials.Password("agent", "tls-secret-pass"),
            HttpClient = new HttpClient(recorder),
            LoggerFactory = loggerFactory,
        }));
        clock.Stop();

        Assert.False(error.IsTransient);
        Assert.Contains(server.Address.Authority, error.Message, StringComparison.Ordinal);
        Assert.Contains("TLS handshake", error.Message, StringComparison.Ordinal);
        Assert.Contains("certificate", error.Message, StringComparison.Ordinal);
        Assert.Contains(Chain(error), e => e is AuthenticationException);
        Assert.Single(recorder.Requests, r => r.Method == "POST" && r.Path == "/icws/connection");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Equal(0, server.Requests);
        Assert.DoesNotContain("tls-secret-pass", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Lines, l => l.Contains("tls-secret-pass", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OversizedResponses_AreRefused_WithAClearProtocolError(bool declaredLength)
    {
        const int limit = 64 * 1024;
        var fake = new FakeIcwsServer();
        var bytesServed = 0L;
        fake.Respond = (_, _) => Task.FromResult(Big(HttpStatusCode.OK, 4 * 1024 * 1024, declaredLength, n => Interlocked.Add(ref bytesServed, n)));
        await using var session = await ClientResponseFuzzTests.ConnectFakeAsync(fake, maxResponseBytes: limit);
        var client = new IcwsClient(session);

        var error = await Assert.ThrowsAsync<IcwsProtocolException>(() => client.Interactions.GetAttributesAsync("1001234567", [Attr.Eic_State]));
        Assert.Contains("MaxResponseBytes", error.Message, StringComparison.Ordinal);
        Assert.Contains(limit.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        // It stopped reading soon after the limit (or did not read at all, when the length was declared).
        Assert.True(Interlocked.Read(ref bytesServed) <= limit + (256 * 1024), $"read {bytesServed} bytes");

        // A huge error body: still the server's status, as a typed error.
        fake.Respond = (_, _) => Task.FromResult(Big(HttpStatusCode.InternalServerError, 4 * 1024 * 1024, declaredLength, _ => { }));
        var api = await Assert.ThrowsAsync<IcwsApiException>(() => client.Interactions.HoldAsync("1001234567", on: true));
        Assert.Equal(HttpStatusCode.InternalServerError, api.StatusCode);
    }

    [Fact]
    public async Task AnOversizedLoginResponse_OrPolledBatch_IsRefused_AndSaysWhy()
    {
        const int limit = 64 * 1024;
        var fake = new FakeIcwsServer { LoginOverride = _ => Big(HttpStatusCode.Created, 1024 * 1024, declaredLength: false, _ => { }) };
        var login = await Assert.ThrowsAnyAsync<IcwsException>(() => ClientResponseFuzzTests.ConnectFakeAsync(fake, maxLoginAttempts: 1, maxResponseBytes: limit));
        Assert.Contains(Chain(login), e => e is IcwsProtocolException && e.Message.Contains("MaxResponseBytes", StringComparison.Ordinal));

        var polled = new FakeIcwsServer(messagingVersion: 1);
        var errors = new ConcurrentQueue<IcwsErrorEventArgs>();
        var big = Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Repeat("""{"__type":"urn:inin.com:future:x","isDelta":true,"pad":"PADDING-PADDING-PADDING-PADDING"}""", 2_000)) + "]");
        polled.Respond = (request, _) => Task.FromResult(request.RequestUri!.AbsolutePath.EndsWith("/messaging/messages", StringComparison.Ordinal)
            ? FakeIcwsServer.Bytes(HttpStatusCode.OK, big)
            : new HttpResponseMessage(HttpStatusCode.NoContent));
        await using var session = await ClientResponseFuzzTests.ConnectFakeAsync(polled, maxResponseBytes: limit, retrieval: MessageRetrieval.Polling);
        session.Error += (_, e) => errors.Enqueue(e);
        await using var watch = await new IcwsClient(session).Queues.WatchAsync("big", [SimulatorHarness.Workgroup("Support")], [Attr.Eic_State]);
        await Wait.UntilAsync(() => errors.Any(e => e.Exception is IcwsProtocolException p && p.Message.Contains("MaxResponseBytes", StringComparison.Ordinal)), "the oversized batch to be reported");
        Assert.DoesNotContain(errors, e => e.IsFatal);
    }

    [Fact]
    public async Task TwoSessionsSharingOneHttpClient_NeverShareCookies()
    {
        await using var sim = await SimulatorHarness.StartSimulatorAsync();
        var shared = new RecordingHandler(new SocketsHttpHandler { UseCookies = false });
        using var http = new HttpClient(shared, disposeHandler: false);
        await using var agent = await SimulatorHarness.ConnectAsync(sim, "agent", o => o.HttpClient = http);
        await using var john = await SimulatorHarness.ConnectAsync(sim, "John.Smith", o => o.HttpClient = http);
        // Each user's own queue: calls placed on behalf of a workgroup stay in the placing user's queue.
        await using var agentWatch = await agent.Client.Queues.WatchAsync("a", [new QueueId { QueueType = QueueType.User, QueueName = "agent" }], [Attr.Eic_State]);
        await using var johnWatch = await john.Client.Queues.WatchAsync("j", [new QueueId { QueueType = QueueType.User, QueueName = "John.Smith" }], [Attr.Eic_State]);
        for (var round = 0; round < 3; round++)
        {
            var a = (await agent.Client.Interactions.CreateAsync(new CreateCallParameters { Target = "555-01" + round, Workgroup = "Support" })).InteractionId;
            var j = (await john.Client.Interactions.CreateAsync(new CreateCallParameters { Target = "555-02" + round, Workgroup = "Support" })).InteractionId;
            await agent.Client.Interactions.HoldAsync(a, on: true);
            await john.Client.Interactions.HoldAsync(j, on: true);
            if (round < 2)
            {
                // New sessions, new cookies: still each its own.
                sim.Faults.ExpireAllSessions();
            }
        }

        Assert.Equal(3, sim.GetQueue(1, "agent").Count);
        Assert.Equal(3, sim.GetQueue(1, "John.Smith").Count);
        await Wait.UntilAsync(() => agentWatch.Count == 3 && johnWatch.Count == 3, "both views");
        var cookies = shared.Requests.Where(r => r.Headers.ContainsKey("Cookie")).ToList();
        Assert.NotEmpty(cookies);
        foreach (var request in cookies)
        {
            var sessionId = new Uri(request.Uri).AbsolutePath.Split('/')[2];
            var names = request.Headers["Cookie"].Split(';').Select(c => c.Split('=')[0].Trim()).ToList();
            Assert.Equal(["icws_" + sessionId], names);
        }

        Assert.Equal(2, agent.Session.Renewals);
        Assert.Equal(2, john.Session.Renewals);
    }

    private static HttpResponseMessage Big(HttpStatusCode status, int size, bool declaredLength, Action<int> served)
    {
        var content = declaredLength ? (HttpContent)new ByteArrayContent(new byte[size]) : new StreamContent(new CountingStream(size, served));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/vnd.inin.icws+JSON");
        return new HttpResponseMessage(status) { Content = content };
    }

    private static System.Collections.Generic.IEnumerable<Exception> Chain(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            yield return exception;
        }
    }

    /// <summary>A body of a given size, of unknown length, that counts what is read of it.</summary>
    private sealed class CountingStream(long size, Action<int> served) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, size - _position);
            Array.Fill(buffer, (byte)' ', offset, n);
            _position += n;
            served(n);
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Kestrel over HTTPS on loopback with a freshly made self-signed certificate (trusted by nobody).</summary>
    private sealed class TlsServer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _requests;

        private TlsServer(WebApplication app, X509Certificate2 certificate, Uri address)
        {
            _app = app;
            Certificate = certificate;
            Address = address;
        }

        public X509Certificate2 Certificate { get; }

        public Uri Address { get; }

        public int Requests => Volatile.Read(ref _requests);

        public static async Task<TlsServer> StartAsync()
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
            using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
            var certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);

            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            var port = 0;
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
            var app = builder.Build();
            TlsServer? server = null;
            app.Run(context =>
            {
                Interlocked.Increment(ref server!._requests);
                context.Response.StatusCode = 404;
                return Task.CompletedTask;
            });
            await app.StartAsync();
            port = new Uri(app.Urls.First()).Port;
            server = new TlsServer(app, certificate, new Uri($"https://127.0.0.1:{port}/"));
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            Certificate.Dispose();
        }
    }
}
