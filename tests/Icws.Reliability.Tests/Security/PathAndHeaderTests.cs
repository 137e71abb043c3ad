using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Icws.Client;
using Icws.Reliability.Tests.Infrastructure;
using Icws.Reliability.Tests.WireFuzz;
using Xunit;
using Xunit.Abstractions;

namespace Icws.Reliability.Tests.Security;

/// <summary>
/// Ids cannot leave their path segment, and the CSRF header is on every session call except GET messages
/// (checked on every endpoint of the generated client, found by reflection, against a recording fake server).
/// </summary>
public class PathAndHeaderTests
{
    public static readonly string[] HostileIds =
    [
        "a/b", "..", ".", "../..", "../../connection", "%2e%2e", "%2E%2E%2Fconnection", "x/../y", "?logout=1", "id?x=1", "#frag", "id#frag", "a%2Fb", "%",
        "%%", "%zz", "a b", "ü名", "a\\b", "..\\..", ";jsessionid=1", "a;b", "\u0000", "line\r\nInjected: 1", "~", "/", "//", "http://evil.example/",
    ];

    private readonly ITestOutputHelper _output;

    public PathAndHeaderTests(ITestOutputHelper output) => _output = output;

    public static IEnumerable<object[]> Ids() => HostileIds.Select(id => new object[] { id });

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task HostileIds_StayInTheirPathSegment(string id)
    {
        var fake = new FakeIcwsServer();
        fake.Respond = (_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.NoContent));
        await using var session = await ClientResponseFuzzTests.ConnectFakeAsync(fake, retrieval: MessageRetrieval.Polling);
        var client = new IcwsClient(session);
        var sessionPrefix = "/icws/" + session.SessionId + "/";
        var calls = new (string Template, Func<Task> Call)[]
        {
            ("interactions/{0}", () => client.Interactions.GetAttributesAsync(id, [Attr.Eic_State])),
            ("interactions/{0}/hold", () => client.Interactions.HoldAsync(id, on: true)),
            ("interactions/{0}/disconnect", () => client.Interactions.DisconnectAsync(id)),
            ("interactions/{0}/consult/{0}", () => client.Interactions.CancelConsultAsync(id, id)),
            ("messaging/subscriptions/interactions/{0}", () => client.Interactions.UnwatchAsync(id)),
            ("messaging/subscriptions/queues/{0}", () => client.Queues.UnwatchAsync(id)),
            ("interactions/conferences/{0}/invite-party", () => client.Interactions.InviteToConferenceAsync(id, "target")),
        };

        foreach (var (template, call) in calls)
        {
            var before = fake.Requests.Count;
            try
            {
                await call();
            }
            catch (IcwsException)
            {
                // 204 where a body was expected: the request is what matters here.
            }
            catch (ArgumentException) when (id.Length == 0)
            {
                continue;
            }

            var sent = fake.Requests.Skip(before).Single();
            var uri = new Uri(sent.Uri);
            Assert.Equal(string.Empty, uri.Fragment);
            var pathAndQuery = sent.Uri[(sent.Uri.IndexOf("/icws/", StringComparison.Ordinal))..];
            var path = pathAndQuery.Split('?')[0];
            Assert.StartsWith(sessionPrefix, path, StringComparison.Ordinal);
            var expected = template.Split('/');
            var segments = path[sessionPrefix.Length..].Split('/');
            Assert.True(expected.Length == segments.Length, $"{template} with '{id}' was sent as {sent.Uri}");
            for (var i = 0; i < expected.Length; i++)
            {
                if (expected[i] == "{0}")
                {
                    // The id's segment decodes back to the id, and holds nothing that a server or proxy would read as structure.
                    Assert.Equal(id, Uri.UnescapeDataString(segments[i]));
                    Assert.DoesNotContain(segments[i], c => c is '/' or '?' or '#' or '\\' or ' ' or '\r' or '\n' || c > 127);
                    Assert.False(segments[i] is "." or "..", $"a dot segment: {sent.Uri}");
                }
                else
                {
                    Assert.Equal(expected[i], segments[i]);
                }
            }

            // Only the endpoint's own query, if any.
            Assert.DoesNotContain("logout", uri.Query, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task HostileSelectNames_StayInTheirListItem_AndInTheSelectParameter()
    {
        var fake = new FakeIcwsServer();
        fake.Respond = (_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.NoContent));
        await using var session = await ClientResponseFuzzTests.ConnectFakeAsync(fake, retrieval: MessageRetrieval.Polling);
        var client = new IcwsClient(session);
        foreach (var name in HostileIds.Append("a,b").Append("x&logout=1").Append("=").Append(","))
        {
            var before = fake.Requests.Count;
            try
            {
                await client.Interactions.GetAttributesAsync("1001", [Attr.Eic_State, name, Attr.Eic_RemoteName]);
            }
            catch (IcwsException)
            {
                // 204 where a body was expected: the request is what matters here.
            }

            var sent = fake.Requests.Skip(before).Single();
            var uri = new Uri(sent.Uri);
            Assert.Equal(string.Empty, uri.Fragment);
            Assert.EndsWith("/interactions/1001", uri.AbsolutePath, StringComparison.Ordinal);
            var query = uri.Query.TrimStart('?');
            Assert.DoesNotContain('&', query);
            Assert.StartsWith("select=", query, StringComparison.Ordinal);
            var items = query["select=".Length..].Split(',');
            Assert.Equal(new[] { Attr.Eic_State, name, Attr.Eic_RemoteName }, items.Select(Uri.UnescapeDataString));
        }
    }

    [Fact]
    public async Task EmptyIds_AreRefused_BeforeAnythingIsSent()
    {
        var fake = new FakeIcwsServer();
        await using var session = await ClientResponseFuzzTests.ConnectFakeAsync(fake);
        var client = new IcwsClient(session);
        var before = fake.Requests.Count;

        await Assert.ThrowsAnyAsync<ArgumentException>(() => client.Interactions.HoldAsync(string.Empty, on: true));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => client.Queues.UnwatchAsync(string.Empty));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => client.Queues.WatchAsync(string.Empty, [SimulatorHarness.Workgroup("Support")], [Attr.Eic_State]));
        Assert.Equal(before, fake.Requests.Count);
    }

    [Fact]
    public async Task HostileIds_AgainstTheSimulator_NeverReachAnotherResource()
    {
        await using var sim = await SimulatorHarness.StartSimulatorAsync();
        await using var connected = await SimulatorHarness.ConnectAsync(sim);
        var call = (await connected.Client.Interactions.CreateAsync(new CreateCallParameters { Target = "555-0100", Workgroup = "Support" })).InteractionId;
        foreach (var id in HostileIds.Append(call + "/../" + call).Append("../" + call))
        {
            // Hold and disconnect with a hostile id: the server must see an unknown interaction, never the real call
            // (through "..") nor the session itself (DELETE connection through "../../connection").
            await Assert.ThrowsAsync<IcwsApiException>(() => connected.Client.Interactions.DisconnectAsync(id));
            await Assert.ThrowsAsync<IcwsApiException>(() => connected.Client.Interactions.HoldAsync(id, on: true));
            try
            {
                await connected.Client.Queues.UnwatchAsync(id);
            }
            catch (IcwsApiException)
            {
                // Unknown subscription: refused or ignored, either is fine.
            }
        }

        Assert.Equal("C", sim.GetInteraction(call)!.State);
        Assert.Contains(connected.Session.SessionId, sim.ActiveSessionIds);
        Assert.Equal(0, connected.Session.Renewals);
        Assert.Equal(0, sim.Counters.Logouts);
    }

    [Theory]
    [InlineData(MessageRetrieval.Polling)]
    [InlineData(MessageRetrieval.ServerSentEvents)]
    public async Task EveryEndpoint_SendsTheCsrfHeaderAndCookie_ExceptGetMessages_AndNothingOutsideTheSession(MessageRetrieval mode)
    {
        var fake = new FakeIcwsServer(mode == MessageRetrieval.Polling ? 1 : 2);
        var invoked = new List<string>();
        var skipped = new List<string>();
        fake.Respond = (request, _) =>
        {
            var events = request.Headers.Accept.Any(a => a.MediaType == "text/event-stream");
            return Task.FromResult(request.RequestUri!.AbsolutePath.EndsWith("/messaging/messages", StringComparison.Ordinal)
                ? FakeIcwsServer.Bytes(HttpStatusCode.OK, events ? "retry: 50\n\n"u8.ToArray() : "[]"u8.ToArray(), events ? "text/event-stream" : "application/vnd.inin.icws+JSON")
                : new HttpResponseMessage(HttpStatusCode.NoContent));
        };
        await using (var session = await ClientResponseFuzzTests.ConnectFakeAsync(fake, retrieval: mode))
        {
            var client = new IcwsClient(session);
            foreach (var api in typeof(IcwsClient).GetProperties().Where(p => p.PropertyType.IsNested))
            {
                var target = api.GetValue(client)!;
                foreach (var method in api.PropertyType.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Where(m => typeof(Task).IsAssignableFrom(m.ReturnType)))
                {
                    var name = api.Name + "." + method.Name;
                    object?[] arguments;
                    try
                    {
                        arguments = method.GetParameters().Select(Sample).ToArray();
                    }
                    catch (NotSupportedException)
                    {
                        skipped.Add(name);
                        continue;
                    }

                    try
                    {
                        var task = (Task)method.Invoke(target, arguments)!;
                        await task;
                        if (task.GetType().GetProperty("Result")?.GetValue(task) is IAsyncDisposable watch)
                        {
                            await watch.DisposeAsync();
                        }
                    }
                    catch (Exception ex) when (ex is IcwsException or ArgumentException or TargetInvocationException or NullReferenceException or InvalidOperationException)
                    {
                        // 204 where a body was expected, or a sample the body writer refused: the request (if sent) is what matters.
                    }

                    invoked.Add(name);
                }
            }

            await Wait.UntilAsync(() => fake.Requests.Any(r => r.Method == "GET" && r.Uri.Contains("/messaging/messages", StringComparison.Ordinal)), "the pump to fetch messages");
        }

        var sessionId = fake.SessionId;
        var requests = fake.Requests.ToList();
        var sessionCalls = requests.Where(r => new Uri(r.Uri).AbsolutePath.StartsWith("/icws/" + sessionId + "/", StringComparison.Ordinal)).ToList();
        var getMessages = sessionCalls.Where(r => r.Method == "GET" && new Uri(r.Uri).AbsolutePath.EndsWith("/messaging/messages", StringComparison.Ordinal)).ToList();
        var others = sessionCalls.Except(getMessages).ToList();
        var outside = requests.Where(r => !new Uri(r.Uri).AbsolutePath.StartsWith("/icws/" + sessionId + "/", StringComparison.Ordinal)).ToList();

        Report.Write(_output, nameof(EveryEndpoint_SendsTheCsrfHeaderAndCookie_ExceptGetMessages_AndNothingOutsideTheSession),
            $"{mode}: endpoints invoked {invoked.Count} (skipped {skipped.Count}: {string.Join(", ", skipped)}); session calls {sessionCalls.Count} ({others.Select(r => r.Method + " " + new Uri(r.Uri).AbsolutePath.Split('/')[3]).Distinct().Count()} distinct first segments), GET messages {getMessages.Count}, outside the session {outside.Count}");
        Assert.True(invoked.Count >= 70, $"only {invoked.Count} endpoints invoked");
        Assert.NotEmpty(getMessages);
        Assert.Contains(others, r => r.Method == "DELETE" && r.Uri.EndsWith("/connection", StringComparison.Ordinal));
        Assert.All(others, r => Assert.True(r.Headers.TryGetValue("ININ-ICWS-CSRF-Token", out var csrf) && csrf == fake.CsrfToken, $"{r.Method} {r.Uri} has no (or the wrong) CSRF header"));
        Assert.All(sessionCalls, r => Assert.True(r.Headers.TryGetValue("Cookie", out var cookie) && cookie == $"icws_{sessionId}={fake.CookieValue}", $"{r.Method} {r.Uri} has no (or the wrong) cookie"));
        Assert.All(getMessages, r => Assert.False(r.Headers.ContainsKey("ININ-ICWS-CSRF-Token"), $"GET messages carries the CSRF token: {r.Uri}"));
        // Outside the session (login, features, version, server-info...): neither the CSRF token nor the cookie.
        Assert.All(outside, r => Assert.False(r.Headers.ContainsKey("ININ-ICWS-CSRF-Token") || r.Headers.ContainsKey("Cookie"), $"{r.Method} {r.Uri} carries session secrets"));
    }

    /// <summary>A value for any parameter of a generated endpoint method.</summary>
    private static object? Sample(ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        var underlying = Nullable.GetUnderlyingType(type);
        if (type == typeof(CancellationToken))
        {
            return CancellationToken.None;
        }

        if (type == typeof(string))
        {
            return "1001234567";
        }

        if (type == typeof(bool) || underlying == typeof(bool))
        {
            return true;
        }

        if (type == typeof(int) || underlying == typeof(int))
        {
            return 1;
        }

        if (type == typeof(Guid) || underlying == typeof(Guid))
        {
            return Guid.NewGuid();
        }

        if ((underlying ?? type).IsEnum)
        {
            return Enum.GetValues(underlying ?? type).GetValue(0);
        }

        if (type == typeof(IEnumerable<string>) || type == typeof(IReadOnlyList<string>))
        {
            return new[] { Attr.Eic_State };
        }

        if (type == typeof(IReadOnlyList<QueueId>))
        {
            return new[] { SimulatorHarness.Workgroup("Support") };
        }

        if (parameter.HasDefaultValue)
        {
            return parameter.DefaultValue;
        }

        if (type.IsClass && !type.IsAbstract && type.GetConstructor(Type.EmptyTypes) is { } constructor)
        {
            // Required members stay unset: the body writer may refuse it, which is fine for this test.
            return constructor.Invoke(null);
        }

        if (type.IsAbstract && type.Assembly == typeof(IcwsClient).Assembly)
        {
            var concrete = type.Assembly.GetTypes().FirstOrDefault(t => type.IsAssignableFrom(t) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null);
            if (concrete is not null)
            {
                return Activator.CreateInstance(concrete);
            }
        }

        throw new NotSupportedException(type.FullName);
    }
}
