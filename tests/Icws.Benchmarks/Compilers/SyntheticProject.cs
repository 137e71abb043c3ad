using System.Collections.Immutable;
using System.Linq;
using Icws.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Icws.Benchmarks.Compilers;

/// <summary>
/// The 500-file project of group 5: each file is an agent flow written against the generated client (reads
/// attributes with a select, acts on the call, watches a queue, creates a call). A few files carry the mistakes
/// the analyzers look for, as real code would: every 50th a misspelt attribute name (ICWS2001), every 25th a
/// read of an attribute the select did not ask for (ICWS2004), every 100th a per-interaction watch in a loop
/// (ICWS2003).
/// </summary>
public static class SyntheticProject
{
    /// <summary>500 files; 50 in the smoke test, which only proves that everything runs.</summary>
    public static int FileCount => Infrastructure.BenchSettings.Smoke ? 50 : 500;

    public static ImmutableArray<SyntaxTree> Files() => Enumerable.Range(0, FileCount)
        .Select(i => CSharpSyntaxTree.ParseText(Source(i), TestCompiler.ParseOptions, path: $"/bench/Agent/Flow{i}.cs"))
        .ToImmutableArray();

    public static int ExpectedUnknownNames => Count(50, 7);

    /// <summary>The unselected reads, plus the files whose misspelt select leaves Eic_CallDirection unselected while it is read.</summary>
    public static int ExpectedUnselectedReads => Count(25, 3) + Count(50, 7);

    public static int ExpectedWatchesInLoops => Count(100, 11);

    private static int Count(int every, int remainder) => Enumerable.Range(0, FileCount).Count(i => i % every == remainder);

    public static string Source(int i)
    {
        var direction = i % 50 == 7 ? "\"Eic_CallDirecton\"" : "\"Eic_CallDirection\"";
        var unselectedRead = i % 25 == 3 ? "\n            Console.WriteLine(a.WorkgroupName);" : string.Empty;
        var loopWatch = i % 100 == 11
            ? """

                        foreach (var id in watch.GetSnapshot().Keys)
                        {
                            await using var single = await _icws.Interactions.WatchAsync(id, [Attr.Eic_State], ct);
                            held += single.Count;
                        }
            """
            : string.Empty;
        return $$"""
            using System;
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using Icws;
            using Icws.Client;

            namespace Bench.Agent.Part{{i}}
            {
                public sealed class AgentFlow{{i}}
                {
                    private readonly IcwsClient _icws;

                    public AgentFlow{{i}}(IcwsClient icws) => _icws = icws;

                    public async Task<string?> AnswerAsync(string interactionId, CancellationToken ct)
                    {
                        var a = await _icws.Interactions.GetAttributesAsync(interactionId, [Attr.Eic_State, Attr.Eic_RemoteName, {{direction}}], ct);
                        if (a.State == InteractionStateCode.Alerting)
                        {
                            await _icws.Interactions.PickupAsync(interactionId, ct);
                        }

                        if (a.State == InteractionStateCode.Connected && a.CallDirection == CallDirectionCode.Inbound)
                        {
                            await _icws.Interactions.HoldAsync(interactionId, on: true, ct);
                        }{{unselectedRead}}

                        return a.RemoteName ?? "flow {{i}}";
                    }

                    public async Task<int> WatchQueueAsync(string workgroup, CancellationToken ct)
                    {
                        await using var watch = await _icws.Queues.WatchAsync(
                            "flow-{{i}}",
                            [new QueueId { QueueType = QueueType.Workgroup, QueueName = workgroup }],
                            [Attr.Eic_State, Attr.Eic_RemoteName, Attr.Eic_ConnectDurationTime],
                            cancellationToken: ct);
                        await watch.WaitForSnapshotAsync(ct);
                        var held = 0;
                        foreach (var pair in watch.GetSnapshot())
                        {
                            if (pair.Value.State == InteractionStateCode.Held && pair.Value.ConnectDurationTime > TimeSpan.FromMinutes({{i % 7 + 1}}))
                            {
                                held++;
                            }
                        }{{loopWatch}}

                        return held;
                    }

                    public async Task<string> CallAsync(string number, CancellationToken ct)
                    {
                        var created = await _icws.Interactions.CreateAsync(new CreateCallParameters { Target = number, Workgroup = "Support{{i % 9}}" }, ct);
                        return created.InteractionId;
                    }
                }
            }
            """;
    }
}
