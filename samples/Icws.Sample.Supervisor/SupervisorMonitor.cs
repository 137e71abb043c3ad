using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Icws.Client;

namespace Icws.Supervisor;

/// <summary>
/// Starts and ends what the board needs, with the typed client only: the status catalogue, one queue watch over the
/// workgroup queue, one statistics watch with every statistic key, one status watch with every agent, and a reader of
/// the session's messages that applies them to the <see cref="SupervisorView"/>. ICWS keeps one status watch and one
/// statistics watch per session: each PUT replaces the list of the one before, so a watch per agent or per statistic
/// would leave only the last one watched (analyzer ICWS2003 reports such loops).
/// </summary>
internal sealed class SupervisorMonitor : IAsyncDisposable
{
    private readonly IcwsSession _session;
    private readonly IcwsClient _icws;
    private readonly CancellationTokenSource _stop = new();
    private Task _reading = Task.CompletedTask;
    private QueueWatch<InteractionAttributes>? _queue;
    private int _disposed;

    private SupervisorMonitor(IcwsSession session, SupervisorView view)
    {
        _session = session;
        _icws = new IcwsClient(session);
        View = view;
    }

    public SupervisorView View { get; }

    /// <summary>The typed client of the monitor's session.</summary>
    public IcwsClient Client => _icws;

    /// <summary>Why the message reader stopped, if it did before <see cref="DisposeAsync"/>.</summary>
    public Exception? ReaderFault { get; private set; }

    /// <summary>Renewals after which the status and statistics watches could not be taken back.</summary>
    public Exception? ResubscribeFault { get; private set; }

    public static async Task<SupervisorMonitor> StartAsync(IcwsSession session, string workgroup, IReadOnlyList<string> agents, CancellationToken cancellationToken)
    {
        var monitor = new SupervisorMonitor(session, new SupervisorView(workgroup, agents));
        try
        {
            await monitor.StartAsync(cancellationToken).ConfigureAwait(false);
            return monitor;
        }
        catch
        {
            await monitor.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        // The reader first: ReadMessagesAsync hands over what arrives from the moment it is read, and the first
        // messages of the watches (their snapshots) may follow the PUTs at once. It registers synchronously.
        _reading = ReadAsync(_stop.Token);

        if (_session.SupportsFeature("connection", 4))
        {
            var serverTime = await _icws.Connection.GetServerTimeAsync(cancellationToken).ConfigureAwait(false);
            View.ServerClockOffset = serverTime.ServerUtcTime - DateTimeOffset.UtcNow;
        }

        View.SetStatusCatalogue((await _icws.Status.GetStatusMessagesAsync(cancellationToken).ConfigureAwait(false)).StatusMessageList);

        _queue = await _icws.Queues.WatchAsync("supervisor-board",
            [new QueueId { QueueType = QueueType.Workgroup, QueueName = View.Workgroup }],
            SupervisorView.QueueAttributes, cancellationToken: cancellationToken).ConfigureAwait(false);
        View.Queue = _queue;

        await SubscribeAsync(cancellationToken).ConfigureAwait(false);

        // The session re-subscribes its queue watch after a re-login; the status and statistics watches are plain
        // subscriptions of the old session, so they are taken again here (their new snapshots reset the view).
        _session.Renewed += OnRenewed;
    }

    /// <summary>One statistics watch with every key and one status watch with every agent.</summary>
    private async Task SubscribeAsync(CancellationToken cancellationToken)
    {
        await _icws.Statistics.WatchStatisticValuesAsync(View.StatisticKeys, cancellationToken).ConfigureAwait(false);
        await _icws.Status.WatchUserStatusesAsync(View.Agents, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private void OnRenewed(object? sender, IcwsSessionRenewedEventArgs e) => _ = ResubscribeAsync();

    private async Task ResubscribeAsync()
    {
        try
        {
            await SubscribeAsync(_stop.Token).ConfigureAwait(false);
            ResubscribeFault = null;
        }
        catch (Exception ex) when (ex is IcwsException or OperationCanceledException or System.Net.Http.HttpRequestException)
        {
            ResubscribeFault = ex;
        }
    }

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in _session.ReadMessagesAsync(cancellationToken).ConfigureAwait(false))
            {
                View.Apply(message);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (IcwsException ex)
        {
            ReaderFault = ex;
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds, checking every 50 ms; false when the time is up.</summary>
    public async Task<bool> WaitUntilAsync(Func<SupervisorView, bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(View))
        {
            if (ReaderFault is { } fault)
            {
                throw new IcwsException("The session's messages stopped: " + fault.Message, fault);
            }

            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Ends the three watches (each DELETE once) and the reader. Never throws.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _session.Renewed -= OnRenewed;
        await Quietly(() => _icws.Status.UnwatchUserStatusesAsync()).ConfigureAwait(false);
        await Quietly(() => _icws.Statistics.UnwatchStatisticValuesAsync()).ConfigureAwait(false);
        if (_queue is not null)
        {
            await _queue.DisposeAsync().ConfigureAwait(false);
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _reading.ConfigureAwait(false);
        _stop.Dispose();
    }

    private static async Task Quietly(Func<Task> step)
    {
        try
        {
            await step().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IcwsException or OperationCanceledException or System.Net.Http.HttpRequestException or ObjectDisposedException)
        {
            // The session may be gone (logged out, faulted): its watches are gone with it.
        }
    }
}
