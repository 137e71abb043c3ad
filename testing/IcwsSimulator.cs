using System.Net;
using Icws.Simulator.Http;
using Icws.Simulator.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Icws.Simulator;

/// <summary>
/// An in-process ICWS server (Kestrel on 127.0.0.1, free ports) that stands in for a CIC server in tests: sessions,
/// interactions and their attributes, queue/interaction/alerting and other watches, messages by polling and
/// server-sent events, test hooks (<see cref="AddIncomingCall(string, string, string)"/>, <see cref="StartActivity"/>)
/// and fault switches (<see cref="Faults"/>). It reads and writes the ICWS wire JSON with its own code, so a client
/// tested against it is checked by an independent implementation.
/// </summary>
/// <remarks>
/// <para>
/// It is its own test fixture and needs no test framework: <see cref="StartAsync"/> starts it, <see cref="DisposeAsync"/>
/// (or <see cref="StopAsync"/>) stops it; log in to <see cref="BaseAddress"/> as <see cref="UserName"/> /
/// <see cref="Password"/>. Each instance has its own state and ports, so tests may run several side by side.
/// </para>
/// <para>
/// Shared by the tests of an xunit class (xunit 2; in xunit 3 the two methods return <see cref="ValueTask"/>):
/// </para>
/// <code>
/// public sealed class SimulatorFixture : IAsyncLifetime
/// {
///     public IcwsSimulator Simulator { get; private set; } = null!;
///     public async Task InitializeAsync() => Simulator = await IcwsSimulator.StartAsync();
///     public async Task DisposeAsync() => await Simulator.DisposeAsync();
/// }
///
/// public class QueueTests(SimulatorFixture fixture) : IClassFixture&lt;SimulatorFixture&gt;
/// {
///     [Fact]
///     public async Task AnIncomingCallShowsUp()
///     {
///         var sim = fixture.Simulator;
///         await using var session = await IcwsSession.ConnectAsync(sim.BaseAddress, IcwsCredentials.Password(sim.UserName, sim.Password));
///         var id = sim.AddIncomingCall("Support", "Ada Caller", "555-0100");
///         // ... watch the Support queue with new IcwsClient(session) and expect id ...
///     }
/// }
/// </code>
/// </remarks>
public sealed class IcwsSimulator : IAsyncDisposable
{
    private readonly SimulatorCore _core;
    private readonly Lock _activityGate = new();
    private WebApplication? _app;
    private ActivityGenerator? _activity;
    private int _disposed;

    private IcwsSimulator(SimulatorOptions options)
    {
        _core = new SimulatorCore(options);
    }

    /// <summary>Starts the primary server and its backups on free loopback ports (or <see cref="SimulatorOptions.Port"/> for the primary).</summary>
    /// <param name="options">Configuration; null uses the defaults.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    public static async Task<IcwsSimulator> StartAsync(SimulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        var simulator = new IcwsSimulator(options ?? new SimulatorOptions());
        try
        {
            await simulator.StartCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await simulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return simulator;
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        var serverCount = _core.State.ServerCount;
        var listeners = new ListenOptions[serverCount];
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ApplicationName = typeof(IcwsSimulator).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        // Open event streams must not hold shutdown for the default 30 s.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            for (var i = 0; i < serverCount; i++)
            {
                var index = i;
                kestrel.Listen(IPAddress.Loopback, i == 0 ? _core.Options.Port : 0, listen =>
                {
                    listeners[index] = listen;
                    // Tag each connection with its server, so one Kestrel host can play primary and backups.
                    listen.Use(next => connection =>
                    {
                        connection.Items[RequestPipeline.ServerIndexItem] = index;
                        return next(connection);
                    });
                });
            }
        });
        var app = builder.Build();
        var pipeline = new RequestPipeline(_core);
        app.Run(pipeline.HandleAsync);
        _app = app;
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        _core.Hosts = listeners.Select(l => $"127.0.0.1:{l.IPEndPoint!.Port}").ToArray();
        Servers = _core.Hosts.Select(h => new Uri($"http://{h}/")).ToArray();
        if (_core.Options.SessionIdleTimeout is { } idle)
        {
            _ = SweepIdleSessionsAsync(idle);
        }
    }

    /// <summary>The primary server, e.g. <c>http://127.0.0.1:54321/</c>: the address a client logs in to.</summary>
    public Uri BaseAddress => Servers[0];

    /// <summary>
    /// The user id a test logs in with: the first of <see cref="SimulatorOptions.Users"/> (<c>agent</c> by default, a
    /// member of the Support and InsideSales workgroups, station 7001).
    /// </summary>
    /// <exception cref="InvalidOperationException"><see cref="SimulatorOptions.Users"/> is empty.</exception>
    public string UserName => TestUser.UserId;

    /// <summary>The password of <see cref="UserName"/> (<c>agent-pass</c> by default). A fixed test value, not a secret.</summary>
    /// <exception cref="InvalidOperationException"><see cref="SimulatorOptions.Users"/> is empty.</exception>
    public string Password => TestUser.Password;

    private SimulatedUser TestUser => _core.Options.Users.FirstOrDefault()
        ?? throw new InvalidOperationException("SimulatorOptions.Users is empty: no user can log in.");

    /// <summary>All servers: the primary first, then the backups. They share one CIC state; only the active one answers.</summary>
    public IReadOnlyList<Uri> Servers { get; private set; } = [];

    /// <summary>The server that answers requests now (changes with <see cref="SimulatorFaults.Switchover"/>).</summary>
    public Uri ActiveServer
    {
        get
        {
            lock (_core.State.Gate)
            {
                return Servers[_core.State.ActiveServer];
            }
        }
    }

    /// <summary>Fault injection switches.</summary>
    public SimulatorFaults Faults => _core.Faults;

    /// <summary>The options the simulator runs with.</summary>
    public SimulatorOptions Options => _core.Options;

    /// <summary>What the simulator did so far.</summary>
    public SimulatorCounters Counters => _core.Counters;

    /// <summary>Interactions now in a queue (0 system, 1 user, 2 workgroup, 3 station), ordered by id, each a snapshot of all its attributes.</summary>
    public IReadOnlyList<SimulatedInteraction> GetQueue(int queueType, string queueName)
    {
        var key = new QueueKey(queueType, queueName);
        lock (_core.State.Gate)
        {
            var now = _core.State.Now;
            return _core.State.Interactions.Values
                .Where(ia => !ia.Removed && ia.Queues.Contains(key))
                .OrderBy(ia => ia.Id, StringComparer.Ordinal)
                .Select(ia => ia.ToPublic(now))
                .ToArray();
        }
    }

    /// <summary>A snapshot of one interaction, or null when it does not exist (or was removed).</summary>
    public SimulatedInteraction? GetInteraction(string interactionId)
    {
        lock (_core.State.Gate)
        {
            return _core.State.Interactions.TryGetValue(interactionId, out var ia) && !ia.Removed ? ia.ToPublic(_core.State.Now) : null;
        }
    }

    /// <summary>Ids of the sessions that are logged in and not expired.</summary>
    public IReadOnlyCollection<string> ActiveSessionIds
    {
        get
        {
            lock (_core.State.Gate)
            {
                return _core.State.Sessions.Keys.ToArray();
            }
        }
    }

    /// <summary>
    /// A session's watches: <c>queue:&lt;subscriptionId&gt;</c>, <c>interaction:&lt;interactionId&gt;</c>, <c>alerting</c>,
    /// <c>callback:&lt;id&gt;</c>, <c>chat:&lt;id&gt;</c>, <c>email:&lt;id&gt;</c>, <c>history</c>, <c>station</c>, <c>licenses</c>,
    /// <c>assistance</c>, <c>assistance:&lt;assistanceId&gt;</c>, one <c>user-status:&lt;userId&gt;</c> per user of the
    /// user-status watch, <c>status-messages</c>, and one <c>statistic:&lt;identifier&gt;[&lt;parameter values&gt;]</c> per key
    /// of the statistic-values watch (e.g. <c>statistic:inin.workgroup:InteractionsWaiting[Support]</c>). Empty for unknown sessions.
    /// </summary>
    public IReadOnlyList<string> GetSubscriptions(string sessionId)
    {
        lock (_core.State.Gate)
        {
            return _core.State.Sessions.TryGetValue(sessionId, out var s) ? s.DescribeSubscriptions() : [];
        }
    }

    /// <summary>
    /// Test hook: sets a user's status as if the user had chosen it (notes, forward number and until cleared). User-status
    /// watches on the user get a delta, and workgroup availability statistics follow.
    /// </summary>
    /// <param name="userId">One of <see cref="SimulatorOptions.Users"/> (case-insensitive).</param>
    /// <param name="statusId">A status of the catalogue (<c>GET status/status-messages</c>), e.g. <c>Available</c>, <c>At Lunch</c>, <c>Do Not Disturb</c>.</param>
    /// <exception cref="ArgumentException">The user or the status is unknown.</exception>
    public void SetUserStatus(string userId, string statusId)
    {
        lock (_core.State.Gate)
        {
            var user = _core.State.FindUser(userId) ?? throw new ArgumentException($"Unknown user '{userId}'.", nameof(userId));
            var status = StatusCatalog.Find(statusId) ?? throw new ArgumentException($"Unknown status '{statusId}'.", nameof(statusId));
            _core.State.Presence.SetStatus(user, status);
        }
    }

    /// <summary>A user's current status id (every user starts <c>Available</c>), or null for an unknown user.</summary>
    public string? GetUserStatus(string userId)
    {
        lock (_core.State.Gate)
        {
            return _core.State.FindUser(userId) is { } user ? _core.State.Presence.Of(user).Status.StatusId : null;
        }
    }

    /// <summary>
    /// Test hook: a caller from outside rings a workgroup. The new call is in the workgroup's queue (queue type 2) in
    /// state Offering (<c>Eic_State</c> <c>O</c>), inbound and external (<c>Eic_CallDirection</c> <c>I</c>,
    /// <c>Eic_CallType</c> <c>E</c>), with <c>Eic_RemoteName</c>, <c>Eic_RemoteAddress</c>, <c>Eic_WorkgroupName</c> and
    /// <c>Eic_WorkgroupQueueTimestamp</c> set. Queue watches on the workgroup see it added, and the workgroup's members'
    /// alerting watches are told. A member picks it up with the pickup action. Returns the interaction id.
    /// </summary>
    /// <param name="workgroup">One of <see cref="SimulatorOptions.Workgroups"/> (case-insensitive): Support, InsideSales or OutsideSales by default.</param>
    /// <param name="remoteName">The caller's name (<c>Eic_RemoteName</c>).</param>
    /// <param name="remoteNumber">The caller's number (<c>Eic_RemoteAddress</c>).</param>
    /// <exception cref="ArgumentException">The workgroup is not configured.</exception>
    public string AddIncomingCall(string workgroup, string remoteName, string remoteNumber) => AddIncomingCall(workgroup, remoteName, remoteNumber, null);

    /// <summary>
    /// Test hook: an incoming call (see <see cref="AddIncomingCall(string, string, string)"/>) with extra attributes
    /// already set, as an IVR would set them before the call reaches the workgroup queue (a custom routing attribute,
    /// say). The extra attributes are set last, so they may also override the standard ones. Returns the interaction id.
    /// </summary>
    /// <param name="workgroup">One of <see cref="SimulatorOptions.Workgroups"/> (case-insensitive).</param>
    /// <param name="remoteName">The caller's name (<c>Eic_RemoteName</c>).</param>
    /// <param name="remoteNumber">The caller's number (<c>Eic_RemoteAddress</c>).</param>
    /// <param name="attributes">Attribute names and their string values as on the wire; null for none.</param>
    /// <exception cref="ArgumentException">The workgroup is not configured.</exception>
    public string AddIncomingCall(string workgroup, string remoteName, string remoteNumber, IReadOnlyDictionary<string, string>? attributes)
    {
        lock (_core.State.Gate)
        {
            var wg = _core.State.FindWorkgroup(workgroup) ?? throw new ArgumentException($"Unknown workgroup '{workgroup}'.", nameof(workgroup));
            return _core.Factory.IncomingCall(wg, remoteName, remoteNumber, attributes).Id;
        }
    }

    /// <summary>
    /// Test hook: starts generated traffic. Incoming calls arrive in random workgroup queues about every
    /// <paramref name="meanInterval"/> (Offering), a random member answers each a moment later (Connected, moved to the
    /// member's queue) unless a client acted on it first, and the caller hangs up after a few intervals (disconnected,
    /// then removed after <see cref="SimulatorOptions.DisconnectLinger"/>). With each call, one random workgroup member's
    /// status may change as well (<see cref="SimulatorOptions.ActivityStatusChangeRate"/>). Replaces running activity; stop it with
    /// <see cref="StopActivityAsync"/> or by disposing the simulator.
    /// </summary>
    /// <param name="meanInterval">Mean time between two calls; every other phase is a multiple of it. Zero or less means one second.</param>
    /// <param name="seed">Seed of the random choices (workgroup, member, number, timing, status changes) for a repeatable order; null for a fresh one.</param>
    public void StartActivity(TimeSpan meanInterval, int? seed = null)
    {
        ActivityGenerator? old;
        lock (_activityGate)
        {
            old = _activity;
            _activity = new ActivityGenerator(_core, meanInterval, seed);
            _activity.Start();
        }
        _ = old?.StopAsync();
    }

    /// <summary>Stops generated traffic; calls already in the system stay where they are.</summary>
    public async Task StopActivityAsync()
    {
        ActivityGenerator? activity;
        lock (_activityGate)
        {
            activity = _activity;
            _activity = null;
        }
        if (activity is not null)
        {
            await activity.StopAsync().ConfigureAwait(false);
        }
    }

    private async Task SweepIdleSessionsAsync(TimeSpan idle)
    {
        var period = TimeSpan.FromMilliseconds(Math.Clamp(idle.TotalMilliseconds / 4, 50, 1000));
        var token = _core.State.Scheduler.ShutdownToken;
        try
        {
            while (!token.IsCancellationRequested)
            {
                await Task.Delay(period, token).ConfigureAwait(false);
                lock (_core.State.Gate)
                {
                    var now = _core.State.Now;
                    foreach (var s in _core.State.Sessions.Values.ToList())
                    {
                        // An open event stream counts as activity.
                        if (s.Stream is null && now - s.LastActivity > idle)
                        {
                            _core.State.EndSession(s, "The session timed out.");
                        }
                        else if (s.Stream is not null)
                        {
                            s.LastActivity = now;
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // shutting down
        }
    }

    /// <summary>Stops the simulator: the same as <see cref="DisposeAsync"/>, for test frameworks whose tear-down methods return a <see cref="Task"/>.</summary>
    public Task StopAsync() => DisposeAsync().AsTask();

    /// <summary>Stops activity, closes event streams and stops the servers. Later calls do nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await StopActivityAsync().ConfigureAwait(false);
        _core.State.Scheduler.Shutdown();
        lock (_core.State.Gate)
        {
            foreach (var stream in _core.State.OpenStreams)
            {
                stream.Closing.Cancel();
            }
        }
        if (_app is not null)
        {
            try
            {
                await _app.StopAsync().ConfigureAwait(false);
            }
            finally
            {
                await _app.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
