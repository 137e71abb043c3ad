using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Icws.Client;
using Icws.Supervisor;
using Microsoft.Extensions.Logging;

namespace Icws.Sample.Wallboard;

/// <summary>
/// The statistics and agent-status panels. The wallboard's session holds ONE statistics watch (every statistic of
/// every board queue, in one call) and ONE status watch (every agent of the board, in one call), however many screens
/// there are; ICWS keeps one of each per session, each PUT replacing the list before. Their messages are applied to one
/// <see cref="SupervisorView"/> per queue (the supervisor sample's view, linked into this project), and what the panels
/// show goes to the screens as <c>stats</c> and <c>agents</c> events of the same numbered stream as the rows (and in
/// every snapshot), so a screen that resumes misses none of them.
/// </summary>
public sealed partial class BoardFeed
{
    private SupervisorView[] _panelViews = [];
    private string _statsJson = "[]";
    private string _agentsJson = "[]";
    private int _panelResubscribes;
    private readonly TaskCompletionSource _panelsReady = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once both panel watches have sent their first values (the status watch only when there are agents).</summary>
    public Task PanelsReady => _panelsReady.Task;

    /// <summary>The user ids on the agent panel (<see cref="WallboardOptions.Agents"/>).</summary>
    public IReadOnlyList<string> Agents => _options.Agents;

    /// <summary>How many times the panels' two watches were taken (once at the start, once more after each re-login).</summary>
    public int PanelSubscriptions => Volatile.Read(ref _panelResubscribes);

    /// <summary>
    /// Once the session is up (the board is ready): the message reader, the status catalogue, then the two watches;
    /// after each re-login (<see cref="IcwsSession.Renewed"/>) the watches again, since they belonged to the old session.
    /// </summary>
    private async Task PanelsAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _ready.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        _panelViews = _options.Queues.Select(q => new SupervisorView(q, _options.Agents)).ToArray();

        // The reader first: the watches' first messages (their snapshots) may come right after the PUTs.
        var reading = ReadPanelMessagesAsync(stoppingToken);
        _session.Renewed += OnRenewed;
        try
        {
            var delay = TimeSpan.FromSeconds(1);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var catalogue = (await _client.Status.GetStatusMessagesAsync(stoppingToken).ConfigureAwait(false)).StatusMessageList;
                    foreach (var view in _panelViews)
                    {
                        view.SetStatusCatalogue(catalogue);
                    }

                    await SubscribePanelsAsync(stoppingToken).ConfigureAwait(false);
                    break;
                }
                catch (Exception ex) when (ex is IcwsException or System.Net.Http.HttpRequestException)
                {
                    Log.PanelsFailed(_logger, delay.TotalSeconds, ex);
                    await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
                    delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 30));
                }
            }

            await reading.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _session.Renewed -= OnRenewed;
        }
    }

    /// <summary>One statistics watch with every queue's keys and one status watch with every agent: two requests.</summary>
    private async Task SubscribePanelsAsync(CancellationToken cancellationToken)
    {
        var keys = _panelViews.SelectMany(v => v.StatisticKeys).ToArray();
        await _client.Statistics.WatchStatisticValuesAsync(keys, cancellationToken).ConfigureAwait(false);
        if (_options.Agents.Count > 0)
        {
            await _client.Status.WatchUserStatusesAsync(_options.Agents, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        Interlocked.Increment(ref _panelResubscribes);
    }

    private void OnRenewed(object? sender, IcwsSessionRenewedEventArgs e) => _ = ResubscribePanelsAsync();

    private async Task ResubscribePanelsAsync()
    {
        try
        {
            await SubscribePanelsAsync(_lifetime.ApplicationStopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IcwsException or OperationCanceledException or System.Net.Http.HttpRequestException)
        {
            Log.PanelsFailed(_logger, 0, ex);
        }
    }

    private async Task ReadPanelMessagesAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in _session.ReadMessagesAsync(cancellationToken).ConfigureAwait(false))
            {
                if (message is not (UserStatusMessage or StatisticValueMessage))
                {
                    continue;
                }

                lock (_gate)
                {
                    foreach (var view in _panelViews)
                    {
                        view.Apply(message);
                    }

                    PublishPanels(message is StatisticValueMessage);
                    if (_panelViews.All(v => v.StatisticsSnapshots > 0 && (_options.Agents.Count == 0 || v.StatusSnapshots > 0)))
                    {
                        _panelsReady.TrySetResult();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (IcwsException ex)
        {
            Log.PanelsFailed(_logger, 0, ex);
        }
    }

    /// <summary>Under the lock: the panel that a message changed, as an event, when it shows something new.</summary>
    private void PublishPanels(bool statistics)
    {
        if (statistics)
        {
            var json = JsonSerializer.Serialize(StatsRows(), BoardJsonContext.Default.IReadOnlyListQueueStats);
            if (json != _statsJson)
            {
                _statsJson = json;
                Publish("stats", JsonSerializer.Serialize(new StatsEvent(Now(), StatsRows()), BoardJsonContext.Default.StatsEvent));
            }
        }
        else
        {
            var json = JsonSerializer.Serialize(AgentRows(), BoardJsonContext.Default.IReadOnlyListAgentRow);
            if (json != _agentsJson)
            {
                _agentsJson = json;
                Publish("agents", JsonSerializer.Serialize(new AgentsEvent(Now(), AgentRows()), BoardJsonContext.Default.AgentsEvent));
            }
        }
    }

    /// <summary>Per queue, what its statistics say now (null where the server has sent no value).</summary>
    private IReadOnlyList<QueueStats> StatsRows() => _panelViews.Select(view =>
    {
        int? Int(string id) => view.TryGetStatistic(id, out var v) && v is StatisticIntValue i ? i.Value : null;
        view.TryGetStatistic("inin.workgroup:LongestWaitTime", out var longest);
        view.TryGetStatistic("inin.workgroup:PercentAvailable", out var percent);
        return new QueueStats(
            view.Workgroup,
            Int("inin.workgroup:InteractionsWaiting"),
            longest is StatisticTimeDurationValue since ? since.Value.ToUnixTimeMilliseconds() : null,
            longest is StatisticDurationValue duration ? (long)duration.Value.TotalMilliseconds : null,
            Int("inin.workgroup:NumberAvailableForACDInteractions"),
            Int("inin.workgroup:TotalAgents"),
            percent is StatisticPercentValue p ? (double)p.Value : null);
    }).ToArray();

    /// <summary>Every agent of the board with the status the status watch sent (status text from the catalogue).</summary>
    private IReadOnlyList<AgentRow> AgentRows()
    {
        if (_panelViews.Length == 0)
        {
            return [];
        }

        var view = _panelViews[0];
        return _options.Agents.Select(user => view.GetAgent(user) is { } s
            ? new AgentRow(user, view.StatusText(s.StatusId), s.OnPhone == true, s.LoggedIn == true, s.StatusChanged?.ToUnixTimeMilliseconds())
            : new AgentRow(user, null, false, false, null)).ToArray();
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "The statistics or status watch could not be taken; trying again in {Seconds} s")]
        public static partial void PanelsFailed(ILogger logger, double seconds, Exception exception);
    }
}
