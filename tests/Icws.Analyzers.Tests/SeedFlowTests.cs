using System.Threading.Tasks;
using Xunit;
using static Icws.Analyzers.Tests.AnalyzerHarness;

namespace Icws.Analyzers.Tests;

/// <summary>The seed's flows, written the way the README shows them, raise nothing.</summary>
public sealed class SeedFlowTests
{
    [Fact]
    public Task Seed_flows_raise_nothing() => VerifyAsync(TestCode.InMethod("""
        var call = await icws.Interactions.CreateAsync(new CreateCallParameters { Target = "555-0123", Workgroup = "Support" }, ct);
        var a = await icws.Interactions.GetAttributesAsync(call.InteractionId, [Attr.Eic_RemoteName, Attr.Eic_State], ct);
        if (a.State == InteractionStateCode.Connected)
        {
            await icws.Interactions.HoldAsync(call.InteractionId, on: true, ct);
        }

        Console.WriteLine(a.RemoteName);
        await icws.Interactions.HoldAsync(call.InteractionId, on: false, ct);
        await icws.Interactions.MuteAsync(call.InteractionId, on: true, ct);
        await icws.Interactions.RecordAsync(call.InteractionId, on: true, supervisor: false, ct);
        await icws.Interactions.BlindTransferAsync(call.InteractionId, target: "user:John.Smith", cancellationToken: ct);

        await using var watch = await icws.Queues.WatchAsync(
            "SalesInteractionStatesAndTimes",
            [new QueueId { QueueType = QueueType.Workgroup, QueueName = "InsideSales" }, new QueueId { QueueType = QueueType.Workgroup, QueueName = "OutsideSales" }],
            [Attr.Eic_State, Attr.Eic_RemoteName, Attr.Eic_ConnectDurationTime],
            cancellationToken: ct);
        await foreach (var change in watch.Changes.WithCancellation(ct))
        {
            var attributes = change.Attributes;
            Console.WriteLine($"{change.Kind} {change.InteractionId} {attributes.State} {attributes.RemoteName} {attributes.ConnectDurationTime} {change.Attributes["Eic_State"]}");
        }

        foreach (var (interactionId, attrs) in watch.GetSnapshot())
        {
            Console.WriteLine($"{interactionId} {attrs.State} {attrs.RemoteName} {attrs.ConnectDurationTime}");
        }
        """));
}
