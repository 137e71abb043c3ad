using System;
using System.Linq;
using System.Threading.Tasks;
using Icws.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xunit;

namespace Icws.Runtime.Tests;

/// <summary>
/// The session's health check (services.AddHealthChecks().AddIcwsSession()) through a session's life against the simulator:
/// before first use, logged in, re-logging in, reconnecting its messages, stopped, disposed.
/// </summary>
public class HealthCheckTests
{
    [Fact]
    public async Task Health_FollowsTheSession_FromFirstUseThroughRenewalAndReconnection_ToDisposal()
    {
        await using var sim = await Harness.StartSimulatorAsync();
        var password = sim.Options.Users.First(u => u.UserId == "agent").Password;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddIcwsClient(o =>
        {
            o.Server = sim.BaseAddress;
            o.Credentials = IcwsCredentials.Password("agent", password);

            // Each failed fetch waits 150-300 ms: long enough to see the session reconnecting.
            o.RetryDelay = TimeSpan.FromMilliseconds(300);
            o.MaxRetryDelay = TimeSpan.FromMilliseconds(300);
        });
        services.AddHealthChecks().AddIcwsSession(tags: ["ready"]);
        await using var provider = services.BuildServiceProvider();
        var health = provider.GetRequiredService<HealthCheckService>();
        var session = provider.GetRequiredService<IcwsSession>();
        var client = provider.GetRequiredService<IcwsClient>();

        // Before first use: not logged in yet, which is not a failure.
        var entry = await CheckAsync(health);
        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal("NotConnected", entry.Data["status"]);
        Assert.Contains("ready", entry.Tags);

        // Logged in; nothing needs messages yet.
        var id = (await client.Interactions.CreateAsync(new CreateCallParameters { Target = "555-0123", Workgroup = "Support" })).InteractionId;
        entry = await CheckAsync(health);
        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal("not running", entry.Data["messagePump"]);
        Assert.Equal(sim.BaseAddress.Authority, entry.Data["server"]);

        // A watch starts the message pump.
        await using var watch = await client.Queues.WatchAsync("health", [new QueueId { QueueType = QueueType.User, QueueName = "agent" }], [Attr.Eic_State]);
        await watch.WaitForSnapshotAsync();
        entry = await CheckAsync(health);
        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal("running", entry.Data["messagePump"]);
        Assert.Equal("ServerSentEvents", entry.Data["messageRetrieval"]);

        // The session expires and the re-login is slow: renewing.
        sim.Faults.SetPathDelay("/icws/connection", TimeSpan.FromSeconds(1));
        Assert.True(sim.Faults.ExpireSession(session.SessionId));
        var hold = client.Interactions.HoldAsync(id, on: true);
        await Wait.UntilAsync(() => session.Status == IcwsSessionStatus.Renewing, "the session renewing");
        entry = await CheckAsync(health);
        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal("Renewing", entry.Data["status"]);
        sim.Faults.SetPathDelay("/icws/connection", TimeSpan.Zero);
        await hold;
        await Wait.UntilAsync(() => session.Status == IcwsSessionStatus.Connected, "the session connected again");
        entry = await CheckAsync(health);
        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal(1L, entry.Data["renewals"]);

        // The event stream is cut and the next three tries fail: reconnecting, then messages flow again. (Right after the
        // renewal the stream may be between two connections: then there is none to cut, and its next connection fails.)
        sim.Faults.FailNextRequests(500, 3, "messaging/messages");
        sim.Faults.DropEventStreams();
        await Wait.UntilAsync(() => session.Status == IcwsSessionStatus.Reconnecting, "the message pump reconnecting");
        entry = await CheckAsync(health);
        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal("Reconnecting", entry.Data["status"]);
        await Wait.UntilAsync(() => session.Status == IcwsSessionStatus.Connected, "the message stream open again");
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(health)).Status);

        // Disposed with the container (disposing it again at the end of the test does nothing): unhealthy.
        await provider.DisposeAsync();
        Assert.Equal(IcwsSessionStatus.Disposed, session.Status);
        var result = await new IcwsSessionHealthCheck(session).CheckHealthAsync(Context());
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("Disposed", result.Data["status"]);
    }

    [Fact]
    public async Task AFailedLogin_IsUnhealthy_AndSaysWhyWithoutThePassword()
    {
        await using var sim = await Harness.StartSimulatorAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddIcwsClient(o =>
        {
            o.Server = sim.BaseAddress;
            o.Credentials = IcwsCredentials.Password("agent", "hunter2-wrong");
        });
        services.AddHealthChecks().AddIcwsSession(failureStatus: HealthStatus.Degraded);
        await using var provider = services.BuildServiceProvider();
        var session = provider.GetRequiredService<IcwsSession>();

        await Assert.ThrowsAsync<IcwsApiException>(() => session.ConnectAsync());

        Assert.Equal(IcwsSessionStatus.LoginFailed, session.Status);
        var entry = await CheckAsync(provider.GetRequiredService<HealthCheckService>());
        Assert.Equal(HealthStatus.Degraded, entry.Status); // the registration's failure status
        Assert.StartsWith("The login failed: ", entry.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", entry.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", string.Join(",", entry.Data.Values), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASessionThatCannotLogInAgain_IsUnhealthy()
    {
        await using var sim = await Harness.StartSimulatorAsync();

        // A single-use token without a provider: after expiry nothing can log in again, and the session stops.
        var (session, _, _) = await Harness.ConnectAsync(sim, configure: o => o.Credentials = IcwsCredentials.SingleSignOnToken("sso-token-agent"));
        await using (session)
        {
            var check = new IcwsSessionHealthCheck(session);
            Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(Context())).Status);

            sim.Faults.ExpireAllSessions();
            await Assert.ThrowsAsync<IcwsException>(() => new IcwsClient(session).Interactions.GetAttributesAsync("1", [Attr.Eic_State]));

            Assert.Equal(IcwsSessionStatus.Faulted, session.Status);
            var result = await check.CheckHealthAsync(Context());
            Assert.Equal(HealthStatus.Unhealthy, result.Status);
            Assert.Contains("CredentialsProvider", result.Description, StringComparison.Ordinal);
        }
    }

    private static async Task<HealthReportEntry> CheckAsync(HealthCheckService health)
    {
        var report = await health.CheckHealthAsync();
        return report.Entries["icws"];
    }

    private static HealthCheckContext Context()
        => new() { Registration = new HealthCheckRegistration("icws", _ => throw new InvalidOperationException("not used"), failureStatus: null, tags: null) };
}
