using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Icws.Client;
using Icws.Simulator;
using Microsoft.Extensions.Logging;

namespace Icws.Runtime.Tests;

/// <summary>A simulator plus a logged-in session and client, torn down together.</summary>
internal sealed class Harness : IAsyncDisposable
{
    private Harness(IcwsSimulator simulator, IcwsSession session, RecordingHandler recorder, CapturingLoggerProvider logs)
    {
        Simulator = simulator;
        Session = session;
        Recorder = recorder;
        Logs = logs;
        Client = new IcwsClient(session);
    }

    public IcwsSimulator Simulator { get; }

    public IcwsSession Session { get; }

    public IcwsClient Client { get; }

    public RecordingHandler Recorder { get; }

    public CapturingLoggerProvider Logs { get; }

    public static async Task<IcwsSimulator> StartSimulatorAsync(Action<SimulatorOptions>? configure = null)
    {
        // Deterministic by default: call progress and disconnects happen within the request that caused them.
        var options = new SimulatorOptions { CallProgressDelay = TimeSpan.Zero, DisconnectLinger = TimeSpan.Zero, KeepAliveInterval = TimeSpan.FromSeconds(2) };
        configure?.Invoke(options);
        return await IcwsSimulator.StartAsync(options);
    }

    public static async Task<Harness> StartAsync(Action<SimulatorOptions>? simulator = null, Action<IcwsSessionOptions>? session = null, string user = "agent")
    {
        var sim = await StartSimulatorAsync(simulator);
        try
        {
            var (connected, recorder, logs) = await ConnectAsync(sim, user, session);
            return new Harness(sim, connected, recorder, logs);
        }
        catch
        {
            await sim.DisposeAsync();
            throw;
        }
    }

    public static async Task<(IcwsSession Session, RecordingHandler Recorder, CapturingLoggerProvider Logs)> ConnectAsync(IcwsSimulator sim, string user = "agent", Action<IcwsSessionOptions>? configure = null)
    {
        var recorder = new RecordingHandler(new SocketsHttpHandler { UseCookies = false });
        var logs = new CapturingLoggerProvider();
        var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var options = new IcwsSessionOptions
        {
            Server = sim.BaseAddress,
            Credentials = IcwsCredentials.Password(user, sim.Options.Users.First(u => u.UserId == user).Password),
            HttpClient = new HttpClient(recorder) { Timeout = TimeSpan.FromSeconds(30) },
            LoggerFactory = loggerFactory,
            RetryDelay = TimeSpan.FromMilliseconds(5),
            MaxRetryDelay = TimeSpan.FromMilliseconds(200),
            PollingInterval = TimeSpan.FromMilliseconds(20),
        };
        configure?.Invoke(options);
        return (await IcwsSession.ConnectAsync(options), recorder, logs);
    }

    /// <summary>Places an outbound call and returns its id (connected at once: the simulator runs with no progress delay).</summary>
    public async Task<string> CallAsync(string target = "555-0123", string workgroup = "Support")
        => (await Client.Interactions.CreateAsync(new CreateCallParameters { Target = target, Workgroup = workgroup })).InteractionId;

    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
        await Simulator.DisposeAsync();
    }
}

/// <summary>Records every request (method, address, headers, body) the session sends.</summary>
internal sealed class RecordingHandler : DelegatingHandler
{
    public RecordingHandler(HttpMessageHandler inner)
        : base(inner)
    {
    }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // The session's bodies are buffered, so reading one here leaves it for the real send.
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Enqueue(new RecordedRequest(
            request.Method.Method,
            request.RequestUri!.OriginalString,
            request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase),
            body));
        return await base.SendAsync(request, cancellationToken);
    }
}

internal sealed record RecordedRequest(string Method, string Uri, IReadOnlyDictionary<string, string> Headers, string? Body = null)
{
    public string Path => new Uri(Uri).AbsolutePath;
}

/// <summary>Keeps every formatted log line, with its exception text.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => owner.Lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}

internal static class Wait
{
    /// <summary>Polls a condition (used on local views that the pump updates in the background).</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, int timeoutMs = 10_000)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.ElapsedMilliseconds > timeoutMs)
            {
                throw new TimeoutException($"Timed out after {timeoutMs} ms waiting for {what}.");
            }

            await Task.Delay(10);
        }
    }
}

/// <summary>
/// Collects an async stream into a list. The first MoveNextAsync runs on the caller's thread, so the reader is
/// registered before the constructor returns: nothing sent afterwards can be missed.
/// </summary>
internal sealed class Recorder<T> : IAsyncDisposable
{
    private readonly List<T> _items = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;

    public Recorder(Func<CancellationToken, IAsyncEnumerable<T>> source)
    {
        var enumerator = source(_stop.Token).GetAsyncEnumerator(_stop.Token);
        var first = enumerator.MoveNextAsync();
        _reading = Task.Run(async () =>
        {
            try
            {
                for (var more = await first; more; more = await enumerator.MoveNextAsync())
                {
                    lock (_items)
                    {
                        _items.Add(enumerator.Current);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                await enumerator.DisposeAsync();
            }
        });
    }

    public List<T> Snapshot()
    {
        lock (_items)
        {
            return _items.ToList();
        }
    }

    public Task WaitForAsync(Func<T, bool> match, string what) => Wait.UntilAsync(() => Snapshot().Any(match), what);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _reading;
        _stop.Dispose();
    }
}
