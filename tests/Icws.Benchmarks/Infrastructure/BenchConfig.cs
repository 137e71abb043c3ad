using System;
using System.IO;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Icws.Benchmarks.Infrastructure;

/// <summary>
/// The jobs. Full: what issue 6 asks for on two shared cores - 12 warm-ups and 10 measured iterations of about
/// 250 ms, in process (each run is already its own process, started by <c>measure</c>). Dry: one invocation of
/// every benchmark, for the CI smoke test.
/// </summary>
public static class BenchConfig
{
    public static string ArtifactsPath => Path.Combine(Path.GetTempPath(), "icws-benchmarks", "artifacts");

    public static Job FullJob => Job.Default
        .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true))
        .WithWarmupCount(12)
        .WithIterationCount(10)
        .WithIterationTime(TimeInterval.FromMilliseconds(250))
        .WithId("Full");

    public static Job DryJob => Job.Dry
        .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(5), logOutput: true))
        .WithId("Dry");

    /// <summary>
    /// The configuration. <paramref name="memory"/>: with the memory diagnoser, whose figures BenchmarkDotNet takes
    /// from one more invocation after the measured ones (no use where one invocation is a whole build).
    /// </summary>
    public static IConfig Create(Job job, bool allowDebugBuild, bool memory = true)
    {
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(ConsoleLogger.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .WithArtifactsPath(ArtifactsPath)
            .WithOptions(allowDebugBuild ? ConfigOptions.DisableOptimizationsValidator : ConfigOptions.Default);
        return memory ? config.AddDiagnoser(MemoryDiagnoser.Default) : config;
    }
}
