using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Xunit;
using Xunit.Abstractions;

namespace Icws.Runtime.Tests;

/// <summary>
/// A login that waiting will not cure fails within one round, with an <see cref="IcwsConnectionException"/>
/// (<c>IsTransient</c> false) whose message names each host and what failed there: a closed port, <c>https://</c>
/// against a plain HTTP server, a 404 (wrong base path), a 503 whose alternate hosts all refuse the connection. (An
/// untrusted certificate: tests/Icws.Reliability.Tests/Security/TransportTests.cs, beside its TLS server.) A failure
/// that waiting may cure still retries, at most <see cref="IcwsSessionOptions.MaxLoginAttempts"/> times, and a 503
/// whose alternate host answers still switches over. The retry delays are the defaults here (250 ms doubling up to
/// 15 s), under which eight attempts used to take 22-25 s: "fast" means well under that.
/// </summary>
public class LoginFailureTests
{
    private const string Password = "login-failure-secret";
    private static readonly TimeSpan Fast = TimeSpan.FromSeconds(5);

    private readonly ITestOutputHelper _output;

    public LoginFailureTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task AClosedPort_FailsInOneAttempt_NamingTheHostAndTheRefusal()
    {
        var port = ClosedPort();

        var (error, logins, elapsed) = await LoginAsync(new Uri($"http://127.0.0.1:{port}/"));

        Assert.False(error.IsTransient);
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("refused the connection", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, logins);
        Assert.True(elapsed < Fast, $"took {elapsed}");
        AssertNoSecret(error);
    }

    [Fact]
    public async Task Https_AgainstPlainHttp_FailsInOneAttempt_NamingTheTlsHandshake()
    {
        await using var sim = await Harness.StartSimulatorAsync();
        var https = new UriBuilder(sim.BaseAddress) { Scheme = Uri.UriSchemeHttps }.Uri;

        var (error, logins, elapsed) = await LoginAsync(https);

        Assert.False(error.IsTransient);
        Assert.Contains(https.Authority, error.Message, StringComparison.Ordinal);
        Assert.Contains("TLS handshake", error.Message, StringComparison.Ordinal);
        Assert.Contains("plain HTTP", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, logins);
        Assert.True(elapsed < Fast, $"took {elapsed}");
        Assert.Equal(0, sim.Counters.Logins);
        AssertNoSecret(error);
    }

    [Fact]
    public async Task A404AtLogin_AWrongBasePath_FailsInOneAttempt_SayingSo()
    {
        await using var sim = await Harness.StartSimulatorAsync();
        var wrongPath = new Uri(sim.BaseAddress, "not-icws/");

        var (error, logins, elapsed) = await LoginAsync(wrongPath);

        Assert.False(error.IsTransient);
        Assert.Contains(sim.BaseAddress.Authority + "/not-icws", error.Message, StringComparison.Ordinal);
        Assert.Contains("answered 404", error.Message, StringComparison.Ordinal);
        Assert.Contains("base path", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, logins);
        Assert.True(elapsed < Fast, $"took {elapsed}");
        AssertNoSecret(error);
    }

    [Fact]
    public async Task A503_WhoseAlternateHostsAllRefuse_FailsInOneRound_NamingEveryHost()
    {
        var closed = new[] { ClosedPort(), ClosedPort() };
        await using var server = await LoginServer.StartAsync(_ => (503, $$"""{"errorId":"error.server.notAcceptingConnections","alternateHostList":["127.0.0.1:{{closed[0]}}","127.0.0.1:{{closed[1]}}"]}"""));

        var (error, logins, elapsed) = await LoginAsync(server.Address);

        Assert.False(error.IsTransient, error.Message);
        Assert.Contains(server.Address.Authority, error.Message, StringComparison.Ordinal);
        Assert.Contains("503", error.Message, StringComparison.Ordinal);
        foreach (var port in closed)
        {
            Assert.Contains($"127.0.0.1:{port} refused the connection", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal([server.Address.Authority, $"127.0.0.1:{closed[0]}", $"127.0.0.1:{closed[1]}"], error.Servers.Select(s => s.Authority));
        Assert.Equal(1, server.Logins);
        Assert.Equal(3, logins);
        Assert.True(elapsed < Fast, $"took {elapsed}");
        AssertNoSecret(error);
    }

    [Fact]
    public async Task EveryKnownHostRefusing_AtRenewal_FailsInOneRound()
    {
        // Logged in on a server that named an alternate; then both go away (a refused connection on every host).
        var alternatePort = ClosedPort();
        var sessionServer = await LoginServer.StartAsync(_ => (200, $$"""{"sessionId":"1234","csrfToken":"csrf","alternateHostList":["127.0.0.1:{{alternatePort}}"],"features":[{"featureId":"messaging","version":1}]}"""));
        var recorder = new RecordingHandler(new SocketsHttpHandler { UseCookies = false });
        await using var session = await IcwsSession.ConnectAsync(Options(sessionServer.Address, recorder));
        var address = sessionServer.Address;
        await sessionServer.DisposeAsync();

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<IcwsConnectionException>(() => new Icws.Client.IcwsClient(session).Connection.GetConnectionAsync());
        clock.Stop();

        Assert.False(error.IsTransient, error.Message);
        Assert.Contains($"{address.Authority} refused the connection", error.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{alternatePort} refused the connection", error.Message, StringComparison.Ordinal);
        Assert.Equal(1 + 2, recorder.Requests.Count(r => r.Path == "/icws/connection" && r.Method == "POST"));
        Assert.True(clock.Elapsed < Fast, $"took {clock.Elapsed}");
        AssertNoSecret(error);
    }

    [Fact]
    public async Task A503WithALiveAlternate_StillSwitchesOver()
    {
        await using var sim = await Harness.StartSimulatorAsync();
        sim.Faults.Switchover();
        var recorder = new RecordingHandler(new SocketsHttpHandler { UseCookies = false });

        var clock = Stopwatch.StartNew();
        await using var session = await IcwsSession.ConnectAsync(Options(sim.BaseAddress, recorder, "agent-pass"));

        Assert.Equal(sim.Servers[1].Authority, session.Server.Authority);
        Assert.Equal(
            [sim.Servers[0].Authority, sim.Servers[1].Authority],
            recorder.Requests.Where(r => r.Method == "POST" && r.Path == "/icws/connection").Select(r => new Uri(r.Uri).Authority));
        Assert.True(clock.Elapsed < Fast, $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task TransientFailures_StillRetry_UpToMaxLoginAttempts()
    {
        // A 500 at every login: waiting may cure it, so it is retried (with growing delays), then fails as transient.
        await using var server = await LoginServer.StartAsync(_ => (500, """{"errorId":"error.server.internal","message":"Try later."}"""));
        var recorder = new RecordingHandler(new SocketsHttpHandler { UseCookies = false });
        var options = Options(server.Address, recorder);
        options.MaxLoginAttempts = 4;
        options.RetryDelay = TimeSpan.FromMilliseconds(5);

        var error = await Assert.ThrowsAsync<IcwsConnectionException>(() => IcwsSession.ConnectAsync(options));

        Assert.True(error.IsTransient);
        Assert.Contains("after 4 attempts", error.Message, StringComparison.Ordinal);
        Assert.Contains("answered 500", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, server.Logins);
        AssertNoSecret(error);
    }

    private async Task<(IcwsConnectionException Error, int Logins, TimeSpan Elapsed)> LoginAsync(Uri server)
    {
        var recorder = new RecordingHandler(new SocketsHttpHandler { UseCookies = false });
        var options = Options(server, recorder);
        Assert.Equal(8, options.MaxLoginAttempts);
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<IcwsConnectionException>(() => IcwsSession.ConnectAsync(options));
        _output.WriteLine($"{clock.ElapsedMilliseconds} ms: {error.Message}");
        return (error, recorder.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/icws/connection", StringComparison.Ordinal)), clock.Elapsed);
    }

    /// <summary>Default retry settings (the point is how long they would take) and a recording client.</summary>
    private static IcwsSessionOptions Options(Uri server, RecordingHandler recorder, string password = Password) => new()
    {
        Server = server,
        Credentials = IcwsCredentials.Password("agent", password),
        HttpClient = new HttpClient(recorder) { Timeout = TimeSpan.FromSeconds(30) },
    };

    private void AssertNoSecret(Exception error)
    {
        _output.WriteLine(error.Message);
        Assert.DoesNotContain(Password, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error.Message, StringComparison.Ordinal);
    }

    /// <summary>A loopback port nothing listens on (bound, then released): connecting to it is refused.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>A plain HTTP server on loopback answering every login with what the test says, and counting them.</summary>
    private sealed class LoginServer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _logins;
        private int _disposed;

        private LoginServer(WebApplication app) => _app = app;

        public Uri Address { get; private set; } = null!;

        public int Logins => Volatile.Read(ref _logins);

        public static async Task<LoginServer> StartAsync(Func<HttpRequest, (int Status, string Body)> answer)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var server = new LoginServer(app);
            app.Run(async context =>
            {
                if (context.Request.Method == "POST" && context.Request.Path == "/icws/connection")
                {
                    Interlocked.Increment(ref server._logins);
                }

                var (status, body) = answer(context.Request);
                context.Response.StatusCode = status;
                context.Response.ContentType = "application/vnd.inin.icws+JSON; charset=utf-8";
                await context.Response.WriteAsync(body);
            });
            await app.StartAsync();
            server.Address = new Uri($"http://127.0.0.1:{new Uri(app.Urls.First()).Port}/");
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                await _app.StopAsync();
                await _app.DisposeAsync();
            }
        }
    }
}
