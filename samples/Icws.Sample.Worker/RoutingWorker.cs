using System;
using System.Threading;
using System.Threading.Tasks;
using Icws;
using Icws.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Icws.Sample.Worker;

/// <summary>Where urgent calls go.</summary>
public sealed class RoutingOptions
{
    /// <summary>Workgroup whose queue is watched.</summary>
    public string Workgroup { get; set; } = "Support";

    /// <summary>Target for urgent and gold-tier calls.</summary>
    public string EscalationTarget { get; set; } = "user:supervisor";

    /// <summary>Calls at or above this Acme_RoutingPriority are escalated.</summary>
    public int EscalateFromPriority { get; set; } = 8;
}

/// <summary>
/// Watches the workgroup queue and escalates calls whose custom routing attributes (declared in routing.icws.json,
/// read through the generated typed accessors) say they are urgent. The watch is the host's shared one for this
/// queue and these attributes (any other service asking for them gets the same), survives session renewals and is
/// unsubscribed when the host stops; the worker reacts to each interaction once, when it enters its picture.
/// </summary>
public sealed partial class RoutingWorker(IcwsClient icws, IcwsSharedWatches watches, IOptions<RoutingOptions> options, ILogger<RoutingWorker> logger) : BackgroundService
{
    /// <summary>Calls escalated so far.</summary>
    public int Escalated => _escalated;

    /// <summary>Calls left in the queue so far.</summary>
    public int LeftInQueue => _leftInQueue;

    private int _escalated;
    private int _leftInQueue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var routing = options.Value;
        try
        {
            var watch = await watches.GetQueueWatchAsync(
                [new QueueId { QueueType = QueueType.Workgroup, QueueName = routing.Workgroup }],
                [Attr.Eic_State, Attr.Eic_RemoteName, RoutingAttr.Acme_RoutingPriority, RoutingAttr.Acme_CustomerTier],
                stoppingToken);
            Log.Watching(logger, routing.Workgroup, watch.Count);

            // The calls already waiting come first (as Added), then each new one; after a re-login
            // (Resynchronized) only the calls this loop has not seen come as Added, so none is routed twice.
            await foreach (var change in watch.Changes.WithCancellation(stoppingToken))
            {
                if (change.Kind != WatchChangeKind.Added)
                {
                    continue;
                }

                var call = change.Attributes;
                var urgent = call.RoutingPriority() >= routing.EscalateFromPriority || call.CustomerTier() == CustomerTier.Gold;
                if (!urgent)
                {
                    Interlocked.Increment(ref _leftInQueue);
                    Log.LeftInQueue(logger, change.InteractionId, call.RemoteName, call.RoutingPriority(), call.CustomerTier()?.ToString());
                    continue;
                }

                try
                {
                    await icws.Interactions.BlindTransferAsync(change.InteractionId, target: routing.EscalationTarget, cancellationToken: stoppingToken);
                    Interlocked.Increment(ref _escalated);
                    Log.Escalated(logger, change.InteractionId, call.RemoteName, call.RoutingPriority(), call.CustomerTier()?.ToString(), routing.EscalationTarget);
                }
                catch (IcwsApiException ex)
                {
                    // The call may have been answered or hung up meanwhile: log it and carry on with the queue.
                    Log.EscalationFailed(logger, change.InteractionId, (int)ex.StatusCode, ex.ErrorId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    // The tier is logged as text: the logging generator cannot see types another generator produces (CustomerTier comes
    // from this project's routing.icws.json; the standard types, compiled into the package, it can see).
    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Watching the {Workgroup} queue ({Count} calls waiting)")]
        public static partial void Watching(ILogger logger, string workgroup, int count);

        [LoggerMessage(Level = LogLevel.Information, Message = "{Id} from {Caller} (priority {Priority}, tier {Tier}) escalated to {Target}")]
        public static partial void Escalated(ILogger logger, string id, string? caller, long? priority, string? tier, string target);

        [LoggerMessage(Level = LogLevel.Information, Message = "{Id} from {Caller} (priority {Priority}, tier {Tier}) left in the queue")]
        public static partial void LeftInQueue(ILogger logger, string id, string? caller, long? priority, string? tier);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Escalating {Id} failed with {Status} ({ErrorId})")]
        public static partial void EscalationFailed(ILogger logger, string id, int status, string? errorId);
    }
}
