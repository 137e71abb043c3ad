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

namespace Icws.Reliability.Tests.Infrastructure;

/// <summary>Starting the simulator and logging in to it (the patterns of tests/Icws.Runtime.Tests/TestSupport.cs).</summary>
internal static class SimulatorHarness
{
    public static async Task<IcwsSimulator> StartSimulatorAsync(Action<SimulatorOptions>? configure = null)
    {
        // Deterministic by default: call progress and disconnects happen within the request that caused them.
        var options = new SimulatorOptions { CallProgressDelay = TimeSpan.Zero, DisconnectLinger = TimeSpan.Zero, KeepAliveInterval = TimeSpan.FromSeconds(2) };
        configure?.Invoke(options);
        return await IcwsSimulator.StartAsync(options);
    }

    public static async Task<Connected> ConnectAsync(IcwsSimulator sim, string user = "agent", Action<IcwsSessionOptions>? configure = null, HttpMessageHandler? inner = null)
    {
        var recorder = new RecordingHandler(inner ?? new SocketsHttpHandler { UseCookies = false });
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
        var session = await IcwsSession.ConnectAsync(options);
        return new Connected(session, new IcwsClient(session), recorder, logs, loggerFactory);
    }

    public static QueueId Workgroup(string name) => new() { QueueType = QueueType.Workgroup, QueueName = name };
}

/// <summary>A logged-in session with its client, request recorder and captured logs.</summary>
internal sealed record Connected(IcwsSession Session, IcwsClient Client, RecordingHandler Recorder, CapturingLoggerProvider Logs, ILoggerFactory LoggerFactory) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
        LoggerFactory.Dispose();
    }
}

/// <summary>Records every request (method, address, headers) the session sends, and optionally the response bodies.</summary>
internal sealed class RecordingHandler : DelegatingHandler
{
    public RecordingHandler(HttpMessageHandler inner)
        : base(inner)
    {
    }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>When true, non-streaming response bodies are read and kept (they stay readable by the caller).</summary>
    public bool CaptureBodies { get; set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var record = new RecordedRequest(
            request.Method.Method,
            request.RequestUri!.OriginalString,
            request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase));
        Requests.Enqueue(record);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (CaptureBodies && response.Content.Headers.ContentType?.MediaType != "text/event-stream")
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            record.Status = (int)response.StatusCode;
            record.ResponseBody = body;
            record.ResponseContentType = response.Content.Headers.ContentType?.ToString();
            var copy = new ByteArrayContent(body);
            foreach (var header in response.Content.Headers)
            {
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content = copy;
        }

        return response;
    }
}

internal sealed record RecordedRequest(string Method, string Uri, IReadOnlyDictionary<string, string> Headers)
{
    public string Path => new Uri(Uri).AbsolutePath;

    public int Status { get; set; }

    public byte[]? ResponseBody { get; set; }

    public string? ResponseContentType { get; set; }
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
        {
            // The structured values too: a secret must not hide in a property that the message text leaves out.
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(";", pairs.Select(p => p.Key + "=" + p.Value)) : string.Empty;
            owner.Lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} [{values}] {exception}");
        }
    }
}

internal static class Wait
{
    /// <summary>Polls a condition (used on local views that the pump updates in the background).</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, int timeoutMs = 15_000)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.ElapsedMilliseconds > timeoutMs)
            {
                throw new TimeoutException($"Timed out after {timeoutMs} ms waiting for {what}.");
            }

            await Task.Delay(5);
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
            catch (IcwsException ex)
            {
                Fault = ex;
            }
            finally
            {
                await enumerator.DisposeAsync();
            }
        });
    }

    public Exception? Fault { get; private set; }

    public int Count
    {
        get
        {
            lock (_items)
            {
                return _items.Count;
            }
        }
    }

    public List<T> Snapshot()
    {
        lock (_items)
        {
            return _items.ToList();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _reading;
        _stop.Dispose();
    }
}
