using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Icws.Client;
using Icws.Reliability.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Icws.Reliability.Tests.WireFuzz;

/// <summary>
/// Wire fuzzing of the generated client's calls. Real response bodies are captured from the simulator once, then a
/// <see cref="FakeIcwsServer"/> answers each call with a mutated copy (see <see cref="WireMutator"/>) or with an error
/// status and a mutated error body. Every call must succeed, or fail with <see cref="IcwsApiException"/> (error
/// status) or <see cref="IcwsProtocolException"/> (unreadable body); nothing else may come out, and no exception text
/// may carry the session's secrets. The login response is fuzzed the same way (only <see cref="IcwsException"/>s).
/// Size: <c>ICWS_WIRE_CASES</c> per test (CI 300, full 5,000); seed <c>ICWS_FUZZ_SEED</c>.
/// </summary>
public class ClientResponseFuzzTests
{
    private static readonly SemaphoreSlim CaptureGate = new(1, 1);
    private static IReadOnlyList<Sample>? _samples;

    private readonly ITestOutputHelper _output;

    public ClientResponseFuzzTests(ITestOutputHelper output) => _output = output;

    /// <summary>Calls with a response body (and a few without), each replayable against any server.</summary>
    private static readonly (string Name, Func<IcwsClient, string, Task> Run)[] Calls =
    [
        ("Connection.GetConnection", (c, _) => c.Connection.GetConnectionAsync()),
        ("Connection.GetFeatures", (c, _) => c.Connection.GetFeaturesAsync()),
        ("Connection.GetFeature", (c, _) => c.Connection.GetFeatureAsync("interactions")),
        ("Connection.GetVersion", (c, _) => c.Connection.GetVersionAsync()),
        ("Connection.GetServerTime", (c, _) => c.Connection.GetServerTimeAsync()),
        ("Connection.GetServerInfo", (c, _) => c.Connection.GetServerInfoAsync()),
        ("Connection.GetSwitchoverStatus", (c, _) => c.Connection.GetSwitchoverStatusAsync()),
        ("Connection.CreateUniqueAuthToken", (c, _) => c.Connection.CreateUniqueAuthTokenAsync(Guid.NewGuid())),
        ("Connection.GetStation", (c, _) => c.Connection.GetStationAsync()),
        ("Interactions.Create", (c, _) => c.Interactions.CreateAsync(new CreateCallParameters { Target = "555-0123", Workgroup = "Support" })),
        ("Interactions.GetAttributes", (c, id) => c.Interactions.GetAttributesAsync(id, [Attr.Eic_State, Attr.Eic_RemoteName, Attr.Eic_CallDirection, Attr.Eic_Capabilities, Attr.Eic_ConnectDurationTime, Attr.Eic_InitiationTime, Attr.Eic_Muted])),
        ("Interactions.Consult", (c, id) => c.Interactions.ConsultAsync(id, new CreateConsultParameters { Target = "John.Smith" })),
        ("Interactions.RequestAssistance", (c, id) => c.Interactions.RequestAssistanceAsync(id, "help please")),
        ("Interactions.Hold", (c, id) => c.Interactions.HoldAsync(id, on: true)),
        ("Licenses.Acquire", (c, _) => c.Licenses.AcquireAsync(["I3_ACCESS_CLIENT", "I3_NOPE"])),
    ];

    [Fact]
    public async Task MutatedResponses_GiveTypedErrorsOnly()
    {
        var samples = await CaptureSamplesAsync();
        var seed = Sizes.FuzzSeed;
        var cases = Sizes.WireFuzzCases;
        var outcomes = new ConcurrentDictionary<string, int>();
        var violations = new ConcurrentBag<string>();
        var clock = Stopwatch.StartNew();

        await Parallel.ForEachAsync(Enumerable.Range(0, Math.Max(1, Environment.ProcessorCount)), async (worker, _) =>
        {
            var fake = new FakeIcwsServer();
            await using var session = await ConnectFakeAsync(fake);
            var client = new IcwsClient(session);
            for (var index = worker; index < cases; index += Math.Max(1, Environment.ProcessorCount))
            {
                var random = new Random(unchecked(seed * 31 + index));
                var sample = samples[random.Next(samples.Count)];
                var call = Calls.Single(c => c.Name == sample.Call);
                var (status, mutation) = Answer(random, sample);
                fake.Respond = (_, _) => Task.FromResult(FakeIcwsServer.Bytes(status, mutation.Bytes));
                var outcome = await RunAsync(() => call.Run(client, "1001234567"));
                var kind = outcome switch
                {
                    null => "succeeded",
                    IcwsApiException api when (int)api.StatusCode == (int)status => "IcwsApiException",
                    IcwsProtocolException => "IcwsProtocolException",
                    _ => "VIOLATION " + outcome.GetType().Name,
                };
                outcomes.AddOrUpdate(kind, 1, (_, n) => n + 1);
                if (kind.StartsWith("VIOLATION", StringComparison.Ordinal) || (outcome is IcwsApiException && status is >= HttpStatusCode.OK and < HttpStatusCode.MultipleChoices))
                {
                    violations.Add($"case {index} {sample.Call} answered {(int)status} with {mutation.Description}: {outcome}");
                }

                if (outcome is not null && Leaks(outcome.ToString(), fake) is { } leak)
                {
                    violations.Add($"case {index} {sample.Call}: the exception shows the {leak}: {outcome.Message}");
                }
            }
        });

        var text = $"seed {seed}; client calls fuzzed: {cases} over {samples.Count} captured responses in {clock.Elapsed.TotalSeconds:F1} s\n" +
            $"outcomes: {string.Join(", ", outcomes.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}"))}\n" +
            $"violations: {violations.Count}\n" + string.Join("\n", violations.Take(15));
        Report.Write(_output, nameof(MutatedResponses_GiveTypedErrorsOnly), text);
        Assert.True(violations.IsEmpty, text);
    }

    [Fact]
    public async Task MutatedLoginResponses_GiveIcwsExceptionsOnly()
    {
        var seed = Sizes.FuzzSeed;
        var cases = Math.Max(50, Sizes.WireFuzzCases / 3);
        var outcomes = new ConcurrentDictionary<string, int>();
        var violations = new ConcurrentBag<string>();
        var valid = """
            {"sessionId":"1234567","csrfToken":"csrf-login-secret","userID":"agent","userDisplayName":"Alex Agent","icServer":"FAKE","alternateHostList":["backup:8018"],
             "features":[{"featureId":"connection","version":11},{"featureId":"messaging","version":2}],
             "version":{"majorVersion":"25","minorVersion":"1","su":"0","productReleaseDisplayString":"Fake 2025 R1"}}
            """;
        await Parallel.ForEachAsync(Enumerable.Range(0, cases), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, async (index, _) =>
        {
            var random = new Random(unchecked(seed * 17 + index));
            var mutation = WireMutator.Mutate(random, valid);
            var status = random.Next(10) switch { 0 => HttpStatusCode.ServiceUnavailable, 1 => HttpStatusCode.BadRequest, 2 => HttpStatusCode.InternalServerError, _ => HttpStatusCode.Created };
            var headers = random.Next(3);
            var fake = new FakeIcwsServer
            {
                LoginOverride = _ =>
                {
                    var response = FakeIcwsServer.Bytes(status, mutation.Bytes);
                    if (headers == 1)
                    {
                        response.Headers.TryAddWithoutValidation("ININ-ICWS-Session-ID", "7654321");
                        response.Headers.TryAddWithoutValidation("ININ-ICWS-CSRF-Token", "csrf-header-secret");
                        response.Headers.TryAddWithoutValidation("Set-Cookie", random.Next(2) == 0 ? "icws_7654321=cookie-login-secret; Path=/" : "garbage;;; =; Path");
                    }

                    return response;
                },
            };
            var outcome = await RunAsync(async () =>
            {
                await using var session = await ConnectFakeAsync(fake, maxLoginAttempts: 2);
            });
            var kind = outcome switch
            {
                null => "logged in",
                IcwsApiException => "IcwsApiException",
                IcwsProtocolException => "IcwsProtocolException",
                IcwsException => "IcwsException",
                _ => "VIOLATION " + outcome.GetType().Name,
            };
            outcomes.AddOrUpdate(kind, 1, (_, n) => n + 1);
            if (kind.StartsWith("VIOLATION", StringComparison.Ordinal))
            {
                violations.Add($"case {index}: login answered {(int)status} (headers {headers}) with {mutation.Description}: {outcome}");
            }

            if (outcome is not null && new[] { "csrf-login-secret", "csrf-header-secret", "cookie-login-secret", "agent-pass" }.FirstOrDefault(outcome.ToString().Contains) is { } secret)
            {
                violations.Add($"case {index}: the exception shows {secret}");
            }
        });

        var text = $"seed {seed}; login responses fuzzed: {cases}\noutcomes: {string.Join(", ", outcomes.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}"))}\nviolations: {violations.Count}\n" + string.Join("\n", violations.Take(15));
        Report.Write(_output, nameof(MutatedLoginResponses_GiveIcwsExceptionsOnly), text);
        Assert.True(violations.IsEmpty, text);
    }

    internal static async Task<IcwsSession> ConnectFakeAsync(FakeIcwsServer fake, int maxLoginAttempts = 3, int maxResponseBytes = 1024 * 1024, MessageRetrieval retrieval = MessageRetrieval.Automatic, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory = null)
        => await IcwsSession.ConnectAsync(new IcwsSessionOptions
        {
            Server = new Uri(FakeIcwsServer.Host),
            Credentials = IcwsCredentials.Password("agent", "agent-pass"),
            HttpClient = new HttpClient(fake, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(30) },
            MaxLoginAttempts = maxLoginAttempts,
            RetryDelay = TimeSpan.FromMilliseconds(1),
            MaxRetryDelay = TimeSpan.FromMilliseconds(5),
            MaxResponseBytes = maxResponseBytes,
            MessageRetrieval = retrieval,
            PollingInterval = TimeSpan.FromMilliseconds(1),
            LoggerFactory = loggerFactory,
        });

    private static string? Leaks(string text, FakeIcwsServer fake)
        => text.Contains("csrf-secret", StringComparison.Ordinal) ? "CSRF token"
            : text.Contains("cookie-secret", StringComparison.Ordinal) ? "cookie"
            : text.Contains("agent-pass", StringComparison.Ordinal) ? "password"
            : null;

    private static (HttpStatusCode Status, WireMutation Body) Answer(Random random, Sample sample)
    {
        var roll = random.Next(100);
        if (roll < 70 && sample.Status is >= 200 and < 300)
        {
            var body = sample.Body.Length == 0 ? "{}" : Encoding.UTF8.GetString(sample.Body);
            return ((HttpStatusCode)sample.Status, WireMutator.Mutate(random, body));
        }

        // An error status with a (mutated) ICWS error body; 401, 410 and 503 also make the session renew and retry once.
        var statuses = new[] { 400, 400, 403, 404, 409, 415, 500, 500, 502, 504, 401, 410, 503 };
        var status = (HttpStatusCode)statuses[random.Next(statuses.Length)];
        const string error = """{"__type":"urn:inin.com:common:invalidPropertyError","errorId":"error.request.invalidRepresentation.invalidProperty","message":"The property is not valid.","propertyName":"queueID","errorCode":-2147221496}""";
        return (status, random.Next(5) == 0 ? new WireMutation(Encoding.UTF8.GetBytes(error), "valid error body") : WireMutator.Mutate(random, error));
    }

    private static async Task<Exception?> RunAsync(Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    /// <summary>One real response per call, captured from the simulator (its JSON is written by its own code, from the reference).</summary>
    private static async Task<IReadOnlyList<Sample>> CaptureSamplesAsync()
    {
        await CaptureGate.WaitAsync();
        try
        {
            if (_samples is not null)
            {
                return _samples;
            }

            await using var sim = await SimulatorHarness.StartSimulatorAsync();
            await using var connected = await SimulatorHarness.ConnectAsync(sim);
            connected.Recorder.CaptureBodies = true;
            var id = (await connected.Client.Interactions.CreateAsync(new CreateCallParameters { Target = "555-0100", Workgroup = "Support" })).InteractionId;
            var samples = new List<Sample>();
            foreach (var (name, run) in Calls)
            {
                var before = connected.Recorder.Requests.Count;
                try
                {
                    await run(connected.Client, id);
                }
                catch (IcwsException)
                {
                    // An error body is a sample too.
                }

                var response = connected.Recorder.Requests.Skip(before).LastOrDefault(r => r.ResponseBody is not null);
                if (response is not null)
                {
                    samples.Add(new Sample(name, response.Status, response.ResponseBody!));
                }
            }

            _samples = samples;
            return samples;
        }
        finally
        {
            CaptureGate.Release();
        }
    }

    private sealed record Sample(string Call, int Status, byte[] Body);
}
