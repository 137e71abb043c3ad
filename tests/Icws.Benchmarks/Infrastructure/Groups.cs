using System;
using System.Linq;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Icws.Benchmarks.Benchmarks;

namespace Icws.Benchmarks.Infrastructure;

/// <summary>
/// One group of issue 6: one benchmark class, its baseline method and the parameter its rows are grouped by.
/// <paramref name="OneInvocation"/>: each iteration is exactly one invocation (BenchmarkDotNet's Monitoring strategy,
/// no pilot or overhead stage), for benchmarks that run a whole process such as a build.
/// </summary>
public sealed record BenchGroup(string Key, string Title, Type Type, string Baseline, string? ParamName, int WarmupCount = 12, int IterationCount = 10, bool OneInvocation = false)
{
    public static readonly BenchGroup[] All =
    {
        new("client", "1. Client overhead per call (in-memory handler)", typeof(ClientInMemoryBenchmarks), nameof(ClientInMemoryBenchmarks.Floor), nameof(ClientInMemoryBenchmarks.Operation)),
        new("loopback", "2. End to end over loopback (Kestrel on 127.0.0.1)", typeof(ClientLoopbackBenchmarks), nameof(ClientLoopbackBenchmarks.Floor), nameof(ClientLoopbackBenchmarks.Operation)),
        new("messages", "3. Message processing (queue contents into a live view)", typeof(MessageBenchmarks), nameof(MessageBenchmarks.RawReader), nameof(MessageBenchmarks.Workload)),
        new("generator", "4. Generator (ours vs Refit's)", typeof(GeneratorBenchmarks), nameof(GeneratorBenchmarks.Refit), nameof(GeneratorBenchmarks.Scenario)),
        new("analyzers", "5. Analyzers (share of compile time)", typeof(AnalyzerBenchmarks), nameof(AnalyzerBenchmarks.Compile), null, WarmupCount: 3, IterationCount: 5),
        new("build", "6. Consumer build", typeof(ConsumerBuildBenchmarks), nameof(ConsumerBuildBenchmarks.WithoutPackage), null, WarmupCount: 2, IterationCount: 5, OneInvocation: true),
    };

    public static BenchGroup Find(string key) => All.FirstOrDefault(g => string.Equals(g.Key, key, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown group '{key}'. Groups: {string.Join(", ", All.Select(g => g.Key))}.");

    /// <summary>The job of a full run: 12 warm-ups and 10 iterations, fewer where one invocation takes seconds (groups 5 and 6).</summary>
    public Job FullJob => OneInvocation
        ? BenchConfig.FullJob.WithWarmupCount(WarmupCount).WithIterationCount(IterationCount).WithStrategy(RunStrategy.Monitoring).WithInvocationCount(1).WithUnrollFactor(1)
        : BenchConfig.FullJob.WithWarmupCount(WarmupCount).WithIterationCount(IterationCount);

    /// <summary>The smoke test's job: one invocation of each case (no warm-up invocation where one is a whole build).</summary>
    public Job DryJob => OneInvocation ? BenchConfig.DryJob.WithWarmupCount(0) : BenchConfig.DryJob;

    /// <summary>What one iteration is, for the table's footer.</summary>
    public string IterationDescription => OneInvocation ? "of one build each" : "of at least 250 ms";

    /// <summary>The command that measures this group and writes its table.</summary>
    public string Command => $"dotnet run -c Release --project tests/Icws.Benchmarks -- measure --group {Key}";
}
