using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Icws.Client;
using Icws.Reliability.Tests.Infrastructure;
using Icws.Simulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Icws.Reliability.Tests.Security;

/// <summary>
/// No password, CSRF token or cookie value appears in logs (Trace level, message text and structured values), in
/// exception messages and ToString(), in ToString() of sessions, credentials, options, attribute maps, watch changes,
/// messages, pump statistics, nor in trace activities - through logins, renewals after expiry and switchover,
/// server errors, dropped streams and logout, with the session used directly and through dependency injection.
/// </summary>
public class SecretsTests
{
    private const string Password = "Pa55-Secret-Word!";
    private const string WrongPassword = "Wrong-Pa55-Guess";

    [Fact]
    public async Task SecretsNeverAppear_InLogsExceptionsOrToString()
    {
        var texts = new ConcurrentQueue<string>();
        using var activities = ListenToActivities(texts);
        await using var sim = await SimulatorHarness.StartSimulatorAsync(o => o.Users.Add(new SimulatedUser("secret.agent", Password, "Secret Agent", "7009")));

        // A refused login: the wrong password must not show either.
        var refused = await Assert.ThrowsAsync<IcwsApiException>(() => IcwsSession.ConnectAsync(sim.BaseAddress, IcwsCredentials.Password("secret.agent", WrongPassword)));
        texts.Enqueue(refused.ToString());
        var sso = IcwsCredentials.SingleSignOnToken("sso-secret-token-123");
        var ssoError = await Assert.ThrowsAnyAsync<IcwsException>(() => IcwsSession.ConnectAsync(new IcwsSessionOptions { Server = sim.BaseAddress, Credentials = sso, MaxLoginAttempts = 1 }));
        texts.Enqueue(ssoError.ToString());
        texts.Enqueue(sso.ToString());
        texts.Enqueue(IcwsCredentials.AuthToken(Guid.NewGuid(), "auth-secret-token-456", "1234567").ToString());

        var credentials = IcwsCredentials.Password("secret.agent", Password);
        texts.Enqueue(credentials.ToString());
        var connected = await SimulatorHarness.ConnectAsync(sim, "agent", o =>
        {
            o.Credentials = credentials;
            texts.Enqueue(o.ToString()!);
        });
        var errors = new ConcurrentQueue<IcwsErrorEventArgs>();
        connected.Session.Error += (_, e) => errors.Enqueue(e);
        await using (connected)
        {
            var client = connected.Client;
            await using var messages = new Recorder<IcwsMessage>(token => connected.Session.ReadMessagesAsync(token));
            await using var watch = await client.Queues.WatchAsync("secrets", [new QueueId { QueueType = QueueType.User, QueueName = "secret.agent" }], [Attr.Eic_State, Attr.Eic_RemoteName]);
            await using var changes = new Recorder<WatchChange<InteractionAttributes>>(token => watch.ReadChangesAsync(includeCurrent: true, token));
            await watch.WaitForSnapshotAsync();
            var call = (await client.Interactions.CreateAsync(new CreateCallParameters { Target = "555-0100" })).InteractionId;
            var attributes = await client.Interactions.GetAttributesAsync(call, [Attr.Eic_State, Attr.Eic_RemoteName]);
            texts.Enqueue(attributes.Map.ToString());
            texts.Enqueue(attributes.ToString()!);
            texts.Enqueue(connected.Session.ToString());

            // Renewals: after expiry, after a switchover; server errors; a dropped stream; an unknown message.
            sim.Faults.ExpireAllSessions();
            await client.Interactions.HoldAsync(call, on: true);
            sim.Faults.Switchover();
            await client.Interactions.HoldAsync(call, on: false);
            sim.Faults.FailNextRequests(500, 1, "/mute"); // only the mute: the pump and re-subscriptions must not take it
            texts.Enqueue((await Assert.ThrowsAsync<IcwsApiException>(() => client.Interactions.MuteAsync(call, on: true))).ToString());
            texts.Enqueue((await Assert.ThrowsAsync<IcwsApiException>(() => client.Interactions.GetAttributesAsync("1", [Attr.Eic_State]))).ToString());
            sim.Faults.DropEventStreams();
            sim.Faults.InjectRawMessage(connected.Session.SessionId, """{"__type":"urn:inin.com:future:x","isDelta":true}""");
            sim.Faults.InjectRawMessage(connected.Session.SessionId, "{ broken");
            await client.Interactions.DisconnectAsync(call);
            await Wait.UntilAsync(() => connected.Session.MessageStatistics.Malformed >= 1 && !watch.TryGet(call, out _), "the messages after the faults");
            texts.Enqueue(connected.Session.ToString());
            texts.Enqueue(connected.Session.MessageStatistics.ToString());
            foreach (var message in messages.Snapshot())
            {
                texts.Enqueue(message.ToString()!);
            }

            foreach (var change in changes.Snapshot())
            {
                texts.Enqueue(change.ToString());
            }
        }

        foreach (var error in errors)
        {
            texts.Enqueue(error.Exception.ToString());
            texts.Enqueue(error.Context);
        }

        foreach (var line in connected.Logs.Lines)
        {
            texts.Enqueue(line);
        }

        var secrets = Secrets(connected.Recorder).Concat([Password, WrongPassword, "sso-secret-token-123", "auth-secret-token-456"]).ToList();
        Assert.True(secrets.Count >= 8, $"expected several CSRF tokens and cookies, found {secrets.Count}");
        // Every answer is logged at Debug, every renewal and fault above it: enough text for a secret to hide in.
        Assert.True(connected.Logs.Lines.Count > 20, $"Debug logging should have produced lines, got {connected.Logs.Lines.Count}");
        AssertNoSecrets(texts, secrets);
    }

    [Fact]
    public async Task SecretsNeverAppear_InTheLogsOfTheDependencyInjectionSetup()
    {
        await using var sim = await SimulatorHarness.StartSimulatorAsync(o => o.Users.Add(new SimulatedUser("secret.agent", Password, "Secret Agent", "7009")));
        var logs = new CapturingLoggerProvider();
        var recorder = new RecordingHandler(new SocketsHttpHandler { UseCookies = false });
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        services.AddIcwsClient(o =>
        {
            o.Server = sim.BaseAddress;
            o.Credentials = IcwsCredentials.Password("secret.agent", Password);
        }).AddHttpMessageHandler(() => new PassThrough(recorder));
        var texts = new ConcurrentQueue<string>();
        await using (var provider = services.BuildServiceProvider())
        {
            var client = provider.GetRequiredService<IcwsClient>();
            var call = (await client.Interactions.CreateAsync(new CreateCallParameters { Target = "555-0100" })).InteractionId;
            sim.Faults.ExpireAllSessions();
            await client.Interactions.HoldAsync(call, on: true);
            texts.Enqueue((await Assert.ThrowsAsync<IcwsApiException>(() => client.Interactions.GetAttributesAsync("1", [Attr.Eic_State]))).ToString());
            texts.Enqueue(provider.GetRequiredService<IcwsSession>().ToString());
        }

        foreach (var line in logs.Lines)
        {
            texts.Enqueue(line);
        }

        var secrets = Secrets(recorder).Append(Password).ToList();
        Assert.True(secrets.Count >= 5, $"expected CSRF tokens and cookies, found {secrets.Count}");
        Assert.Contains(logs.Lines, l => l.Contains("System.Net.Http.HttpClient", StringComparison.Ordinal));
        AssertNoSecrets(texts, secrets);
    }

    /// <summary>Every CSRF token and cookie value the session sent.</summary>
    internal static IEnumerable<string> Secrets(RecordingHandler recorder)
    {
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var request in recorder.Requests)
        {
            if (request.Headers.TryGetValue("ININ-ICWS-CSRF-Token", out var csrf))
            {
                secrets.Add(csrf);
            }

            if (request.Headers.TryGetValue("Cookie", out var cookie))
            {
                foreach (var pair in cookie.Split(';'))
                {
                    var value = pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..].Trim();
                    if (value.Length >= 8)
                    {
                        secrets.Add(value);
                    }
                }
            }
        }

        return secrets;
    }

    internal static void AssertNoSecrets(IEnumerable<string> texts, IReadOnlyCollection<string> secrets)
    {
        foreach (var text in texts)
        {
            foreach (var secret in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"A secret ({secret[..3]}…) appears in: {text}");
                // Also as the URL-encoded form (a token in a query string or a cookie written out).
                Assert.False(text.Contains(Uri.EscapeDataString(secret), StringComparison.Ordinal), $"An encoded secret appears in: {text}");
            }
        }
    }

    private static ActivityListener ListenToActivities(ConcurrentQueue<string> texts)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("Icws", StringComparison.Ordinal) || source.Name.StartsWith("System.Net", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => texts.Enqueue($"{activity.Source.Name} {activity.DisplayName} {string.Join(";", activity.TagObjects.Select(t => t.Key + "=" + t.Value))}"),
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    /// <summary>Puts the recording handler inside the factory's pipeline (the factory owns the primary handler).</summary>
    private sealed class PassThrough(RecordingHandler recorder) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, System.Threading.CancellationToken cancellationToken)
        {
            recorder.Requests.Enqueue(new RecordedRequest(
                request.Method.Method,
                request.RequestUri!.OriginalString,
                request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase)));
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }
}
