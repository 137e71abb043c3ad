using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Icws.Reliability.Tests.Lifecycle;

/// <summary>
/// Sits between one session and its server: counts the requests in flight (the session's background work shows as
/// requests), and once <see cref="Closed"/> is set (DisposeAsync has returned) records every request that still starts.
/// </summary>
internal sealed class SessionProbe : DelegatingHandler
{
    private readonly ConcurrentDictionary<HttpRequestMessage, string> _inFlight = new();
    private int _closed;

    public SessionProbe(HttpMessageHandler inner)
        : base(inner)
    {
    }

    /// <summary>Requests started after <see cref="Close"/>.</summary>
    public ConcurrentQueue<string> Late { get; } = new();

    public bool Closed => Volatile.Read(ref _closed) != 0;

    public int InFlight => _inFlight.Count;

    public IReadOnlyList<string> InFlightRequests => _inFlight.Values.ToList();

    public void Close() => Volatile.Write(ref _closed, 1);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var what = request.Method.Method + " " + request.RequestUri!.AbsolutePath;
        if (Closed)
        {
            Late.Enqueue(what);
        }

        _inFlight[request] = what;
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _inFlight.TryRemove(request, out _);
        }
    }
}

/// <summary>
/// The log of one case, cheaply (no DI container per session): counts every warning and error by event, and keeps the
/// lines that must never appear, a dispose step that failed (117) and an event handler that threw (115).
/// </summary>
internal sealed class CaseLogs : ILoggerFactory, ILogger
{
    private readonly ConcurrentDictionary<string, int> _counts;

    public CaseLogs(ConcurrentDictionary<string, int> counts) => _counts = counts;

    public ConcurrentQueue<string> Problems { get; } = new();

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        _counts.AddOrUpdate($"{eventId.Id} {eventId.Name}{(exception is null ? string.Empty : " (" + exception.GetType().Name + ")")}", 1, (_, n) => n + 1);
        if (eventId.Id is 115 or 117)
        {
            Problems.Enqueue($"log {eventId.Id} {eventId.Name}: {formatter(state, exception)} {exception?.GetType().Name}: {exception?.Message}");
        }
    }
}
