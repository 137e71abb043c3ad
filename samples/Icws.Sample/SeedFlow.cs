using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Icws;
using Icws.Client;

namespace Icws.Sample;

/// <summary>
/// The seed flows, shared by the main sample and the AOT sample: watch the workgroup queue and the user's queue,
/// place a call on behalf of the workgroup, read Eic_RemoteName and Eic_State, hold, mute, record, blind-transfer,
/// unsubscribe. Each step is timed; a step that does not show its effect in the live view within 15 s fails.
/// </summary>
internal sealed class SeedFlow(IcwsClient icws, string user, string workgroup, string target, string transferTarget)
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(15);
    private readonly Stopwatch _clock = new();

    public List<(string Step, TimeSpan Took)> Steps { get; } = new();

    public QueueWatch<InteractionAttributes>? Watch { get; private set; }

    public string? InteractionId { get; private set; }

    public string WatchTitle => $"Queues: workgroup {workgroup} + user {user}";

    /// <summary>Times one step and records it.</summary>
    public async Task<T> StepAsync<T>(string name, Func<Task<T>> action)
    {
        _clock.Restart();
        var result = await action();
        Steps.Add((name, _clock.Elapsed));
        return result;
    }

    public Task StepAsync(string name, Func<Task> action) => StepAsync(name, async () =>
    {
        await action();
        return true;
    });

    /// <summary>One queue watch for both queues (cheaper than two, and far cheaper than one watch per interaction).</summary>
    public async Task<QueueWatch<InteractionAttributes>> WatchQueuesAsync(CancellationToken cancellationToken)
    {
        Watch = await StepAsync("watch queues", () => icws.Queues.WatchAsync(
            "icws-sample-" + Guid.NewGuid().ToString("N")[..8],
            [new QueueId { QueueType = QueueType.Workgroup, QueueName = workgroup }, new QueueId { QueueType = QueueType.User, QueueName = user }],
            [Attr.Eic_State, Attr.Eic_RemoteName, Attr.Eic_ConnectDurationTime, Attr.Eic_UserName, Attr.Eic_WorkgroupName, Attr.Eic_Muted, Attr.Eic_Recorders],
            cancellationToken: cancellationToken));
        await Watch.WaitForSnapshotAsync(cancellationToken);
        return Watch;
    }

    /// <summary>Creates the call and works it until it is recorded; returns "remote name is state".</summary>
    public async Task<string> HandleCallAsync(CancellationToken cancellationToken)
    {
        var watch = Watch ?? throw new InvalidOperationException("Watch the queues first.");
        var call = await StepAsync("create call", () => icws.Interactions.CreateAsync(new CreateCallParameters { Target = target, Workgroup = workgroup }, cancellationToken));
        var id = InteractionId = call.InteractionId;
        await StepAsync("wait for connected", () => WaitForAsync(id, a => a?.State == InteractionStateCode.Connected, "the call to connect", cancellationToken));

        var attributes = await StepAsync("get attributes", () => icws.Interactions.GetAttributesAsync(id, [Attr.Eic_RemoteName, Attr.Eic_State], cancellationToken));
        await StepAsync("hold", async () =>
        {
            await icws.Interactions.HoldAsync(id, on: true, cancellationToken);
            await WaitForAsync(id, a => a?.State == InteractionStateCode.Held, "Eic_State H", cancellationToken);
        });
        await StepAsync("mute", async () =>
        {
            await icws.Interactions.MuteAsync(id, on: true, cancellationToken);
            await WaitForAsync(id, a => a?.Muted == true, "Eic_Muted 1", cancellationToken);
        });
        await StepAsync("record", async () =>
        {
            await icws.Interactions.RecordAsync(id, on: true, supervisor: false, cancellationToken);
            await WaitForAsync(id, a => !string.IsNullOrEmpty(a?.Recorders), "Eic_Recorders", cancellationToken);
        });
        return $"{attributes.RemoteName} is {attributes.State}";
    }

    /// <summary>Blind-transfers the call; it leaves this user's queue for the target's.</summary>
    public Task TransferAsync(CancellationToken cancellationToken) => StepAsync("blind transfer", async () =>
    {
        var id = InteractionId ?? throw new InvalidOperationException("Place the call first.");
        await icws.Interactions.BlindTransferAsync(id, target: transferTarget, cancellationToken: cancellationToken);
        await WaitForAsync(id, a => a is null, "the call to leave the queue", cancellationToken);
    });

    public Task UnsubscribeAsync() => StepAsync("unsubscribe", () => Watch?.DisposeAsync().AsTask() ?? Task.CompletedTask);

    // The live view is local memory: checking it often is cheap, and simpler than following the change stream.
    private async Task WaitForAsync(string id, Func<InteractionAttributes?, bool> done, string what, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (!done(Watch!.TryGet(id, out var attributes) ? attributes : (InteractionAttributes?)null))
        {
            if (deadline.Elapsed > StepTimeout)
            {
                throw new TimeoutException($"Waited {StepTimeout.TotalSeconds} s for {what} on interaction {id}.");
            }

            await Task.Delay(20, cancellationToken);
        }
    }
}
