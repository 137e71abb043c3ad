using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Icws.Client;
using Xunit;

namespace Icws.Runtime.Tests;

/// <summary>The session against the simulator: headers, re-login, switchover, errors, logout.</summary>
public class SessionTests
{
    [Fact]
    public async Task EverySessionCall_CarriesCookieAndCsrf_ExceptGetMessages_WhichCarriesOnlyTheCookie()
    {
        await using var h = await Harness.StartAsync(session: o => o.MessageRetrieval = MessageRetrieval.Polling);
        var id = await h.CallAsync();
        await h.Client.Interactions.GetAttributesAsync(id, [Attr.Eic_State]);
        await h.Client.Interactions.HoldAsync(id, on: true);
        await using (var watch = await h.Client.Queues.WatchAsync("w1", [new QueueId { QueueType = QueueType.User, QueueName = "agent" }], [Attr.Eic_State]))
        {
            await watch.WaitForSnapshotAsync();
        }

        var requests = h.Recorder.Requests.ToList();
        var login = Assert.Single(requests, r => r.Method == "POST" && r.Path == "/icws/connection");
        Assert.Equal("en-us", login.Headers["Accept-Language"]);
        Assert.False(login.Headers.ContainsKey("Cookie"));
        Assert.False(login.Headers.ContainsKey("ININ-ICWS-CSRF-Token"));

        var sessionCalls = requests.Where(r => r.Path.StartsWith("/icws/" + h.Session.SessionId + "/", StringComparison.Ordinal)).ToList();
        var messages = sessionCalls.Where(r => r.Path.EndsWith("/messaging/messages", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(messages);
        var prefix = "/icws/" + h.Session.SessionId + "/";
        Assert.Equal(
            new[] { "POST interactions", $"GET interactions/{id}", $"POST interactions/{id}/hold", "PUT messaging/subscriptions/queues/w1", "DELETE messaging/subscriptions/queues/w1" },
            sessionCalls.Except(messages).Select(r => r.Method + " " + r.Path[prefix.Length..]));
        Assert.All(sessionCalls, r => Assert.StartsWith("icws_" + h.Session.SessionId + "=", r.Headers["Cookie"], StringComparison.Ordinal));
        Assert.All(sessionCalls.Except(messages), r => Assert.True(r.Headers.ContainsKey("ININ-ICWS-CSRF-Token"), r.Path));
        Assert.All(messages, r => Assert.False(r.Headers.ContainsKey("ININ-ICWS-CSRF-Token")));
    }

    [Fact]
    public async Task ExpiredSession_IsRenewed_AndTheCallRetriedOnce()
    {
        await using var h = await Harness.StartAsync();
        var id = await h.CallAsync();
        var oldSession = h.Session.SessionId;

        Assert.True(h.Simulator.Faults.ExpireSession(oldSession));
        await h.Client.Interactions.HoldAsync(id, on: true);

        Assert.Equal(1, h.Session.Renewals);
        Assert.NotEqual(oldSession, h.Session.SessionId);
        Assert.Equal("H", h.Simulator.GetInteraction(id)!.State);
        Assert.Equal(2, h.Simulator.Counters.Logins);
    }

    [Fact]
    public async Task ConcurrentCallers_ShareOneRenewal()
    {
        await using var h = await Harness.StartAsync();
        var id = await h.CallAsync();
        h.Simulator.Faults.ExpireAllSessions();

        var calls = Enumerable.Range(0, 20).Select(_ => h.Client.Interactions.GetAttributesAsync(id, [Attr.Eic_State])).ToArray();
        var results = await Task.WhenAll(calls);

        Assert.All(results, a => Assert.Equal(InteractionStateCode.Connected, a.State));
        Assert.Equal(1, h.Session.Renewals);
        Assert.Equal(2, h.Simulator.Counters.Logins);
    }

    [Fact]
    public async Task Switchover_MovesTheSessionToTheBackupServer()
    {
        await using var h = await Harness.StartAsync();
        var id = await h.CallAsync();
        Assert.Equal(h.Simulator.Servers[0].Authority, h.Session.Server.Authority);

        h.Simulator.Faults.Switchover();
        var a = await h.Client.Interactions.GetAttributesAsync(id, [Attr.Eic_RemoteName]);

        Assert.Equal("Pat Caller", a.RemoteName);
        Assert.Equal(h.Simulator.Servers[1].Authority, h.Session.Server.Authority);
        Assert.Equal(1, h.Session.Renewals);
    }

    [Fact]
    public async Task Login503_WalksTheAlternateHosts()
    {
        await using var sim = await Harness.StartSimulatorAsync();
        sim.Faults.RejectLogins503(1);

        var (session, recorder, _) = await Harness.ConnectAsync(sim);
        await using (session)
        {
            var logins = recorder.Requests.Where(r => r.Path == "/icws/connection").Select(r => new Uri(r.Uri).Authority).ToList();
            Assert.True(logins.Count >= 2, string.Join(", ", logins));
            Assert.Equal(sim.Servers[0].Authority, logins[0]);
            Assert.Contains(sim.Servers[1].Authority, logins);
            Assert.Equal(sim.ActiveServer.Authority, session.Server.Authority);
        }
    }

    [Fact]
    public async Task SingleUseToken_SurvivesA503Redirect_AndExpiryNeedsAProvider()
    {
        await using var sim = await Harness.StartSimulatorAsync();
        sim.Faults.RejectLogins503(1);

        // The 503 did not spend the token, so the same one logs in on the next host.
        var (session, _, _) = await Harness.ConnectAsync(sim, configure: o => o.Credentials = IcwsCredentials.SingleSignOnToken("sso-token-agent"));
        await using (session)
        {
            Assert.Equal("agent", session.UserId);

            // After expiry a single-use token cannot log in again by itself: the session says so instead of looping.
            sim.Faults.ExpireAllSessions();
            var client = new IcwsClient(session);
            var error = await Assert.ThrowsAsync<IcwsException>(() => client.Interactions.GetAttributesAsync("1", [Attr.Eic_State]));
            Assert.Contains("CredentialsProvider", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CredentialsProvider_IsAskedAgainForEachRenewal()
    {
        await using var sim = await Harness.StartSimulatorAsync();
        var asked = 0;
        var password = sim.Options.Users.First(u => u.UserId == "agent").Password;
        var (session, _, _) = await Harness.ConnectAsync(sim, configure: o =>
        {
            o.Credentials = null;
            o.CredentialsProvider = _ =>
            {
                System.Threading.Interlocked.Increment(ref asked);
                return ValueTask.FromResult(IcwsCredentials.Password("agent", password));
            };
        });
        await using (session)
        {
            sim.Faults.ExpireAllSessions();
            await new IcwsClient(session).Connection.GetConnectionAsync();

            Assert.Equal(2, asked);
            Assert.Equal(1, session.Renewals);
        }
    }

    [Fact]
    public async Task LoginAttempts_AreBounded()
    {
        await using var sim = await Harness.StartSimulatorAsync();
        sim.Faults.RejectLogins503(1000);

        var error = await Assert.ThrowsAsync<IcwsConnectionException>(() => Harness.ConnectAsync(sim, configure: o => o.MaxLoginAttempts = 5));

        Assert.Contains("5 attempts", error.Message, StringComparison.Ordinal);
        Assert.Contains("answered 503", error.Message, StringComparison.Ordinal);
        Assert.True(error.IsTransient);
        Assert.Equal(0, sim.Counters.Logins);
    }

    [Fact]
    public async Task WrongPassword_IsATypedError_WithoutThePassword()
    {
        await using var sim = await Harness.StartSimulatorAsync();
        var error = await Assert.ThrowsAsync<IcwsApiException>(() => IcwsSession.ConnectAsync(sim.BaseAddress, IcwsCredentials.Password("agent", "hunter2-wrong")));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("error.request.connection.authenticationFailure", error.ErrorId);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerErrors_CarryStatusErrorIdMessageAndPropertyName()
    {
        await using var h = await Harness.StartAsync();
        var id = await h.CallAsync();

        var error = await Assert.ThrowsAsync<IcwsApiException>(() => h.Client.Interactions.BlindTransferAsync(id, target: "user:John.Smith", queueId: new QueueId { QueueType = QueueType.User, QueueName = "John.Smith" }));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("queueID", error.PropertyName);
        Assert.NotNull(error.ErrorId);
        Assert.False(string.IsNullOrEmpty(error.ServerMessage));
        Assert.Equal("urn:inin.com:common:invalidPropertyError", error.ErrorTypeUrn);
    }

    [Fact]
    public async Task OlderServersWithoutErrorId_StillGiveATypedError()
    {
        await using var h = await Harness.StartAsync(simulator: o => o.LegacyErrors = true);

        var error = await Assert.ThrowsAsync<IcwsApiException>(() => h.Client.Interactions.GetAttributesAsync("1234567890", [Attr.Eic_State]));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Null(error.ErrorId);
        Assert.False(string.IsNullOrEmpty(error.ServerMessage));
    }

    [Fact]
    public async Task Dispose_LogsOut()
    {
        var h = await Harness.StartAsync();
        var sessionId = h.Session.SessionId;
        Assert.Contains(sessionId, h.Simulator.ActiveSessionIds);

        await h.Session.DisposeAsync();

        Assert.DoesNotContain(sessionId, h.Simulator.ActiveSessionIds);
        Assert.Equal(1, h.Simulator.Counters.Logouts);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => h.Client.Interactions.GetAttributesAsync("1", [Attr.Eic_State]));
        await h.Simulator.DisposeAsync();
    }

    [Fact]
    public async Task Cancellation_StopsACall()
    {
        await using var h = await Harness.StartAsync();
        h.Simulator.Faults.ResponseDelay = TimeSpan.FromSeconds(5);
        using var cancel = new System.Threading.CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.Client.Interactions.GetAttributesAsync("1", [Attr.Eic_State], cancel.Token));
        h.Simulator.Faults.ResponseDelay = TimeSpan.Zero;
    }

    [Fact]
    public async Task ServerInformation_ComesFromTheLogin()
    {
        await using var h = await Harness.StartAsync();

        Assert.Equal("agent", h.Session.UserId);
        Assert.False(string.IsNullOrEmpty(h.Session.UserDisplayName));
        Assert.True(h.Session.SupportsFeature("messaging", 2));
        Assert.Equal(MessageRetrieval.ServerSentEvents, h.Session.ActiveMessageRetrieval);
        var features = await h.Client.Connection.GetFeaturesAsync();
        Assert.Contains(features.FeatureInfoList, f => f.FeatureId == "interactions" && f.Version == h.Session.Features["interactions"]);
    }
}
