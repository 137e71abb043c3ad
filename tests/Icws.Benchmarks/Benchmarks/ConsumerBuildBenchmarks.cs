using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Icws.Benchmarks.Consumers;
using Icws.Benchmarks.Infrastructure;

namespace Icws.Benchmarks.Benchmarks;

/// <summary>
/// Group 6: what the package costs a consumer's incremental <c>dotnet build</c>. Three fresh console apps (see
/// <see cref="ConsumerApps"/>): without the package (baseline), with it, and with it plus one small spec file. One
/// iteration = Program.cs changed (a comment) + <c>dotnet build --no-restore</c> of that app, timed as a whole, with
/// the build servers on as a user has them. BenchmarkDotNet runs the apps one after another; the extras add an
/// interleaved cross-check (the apps take turns, one build each per round), so that load from other processes on the
/// shared cores hits all three alike.
/// </summary>
public class ConsumerBuildBenchmarks : IHasExtras
{
    /// <summary>Rounds of the interleaved cross-check, after one warm-up round.</summary>
    public const int InterleavedRounds = 7;

    private ConsumerApps _apps = null!;

    [GlobalSetup]
    public void Setup() => _apps = ConsumerApps.Shared;

    [Benchmark(Baseline = true)]
    public TimeSpan WithoutPackage() => _apps[ConsumerCase.WithoutPackage].TouchAndBuild();

    [Benchmark]
    public TimeSpan WithPackage() => _apps[ConsumerCase.WithPackage].TouchAndBuild();

    [Benchmark]
    public TimeSpan WithSpec() => _apps[ConsumerCase.WithSpec].TouchAndBuild();

    /// <summary>The checks, the apps' sizes and generated files, the generator's own time, and the interleaved builds (not in the smoke test).</summary>
    public Task CollectExtrasAsync(IDictionary<string, string> extras)
    {
        var apps = ConsumerApps.Shared;
        var inv = CultureInfo.InvariantCulture;
        extras["setupSeconds"] = apps.SetupTime.TotalSeconds.ToString("F1", inv);
        extras["package.version"] = apps.Version;
        extras["package.configuration"] = apps.Configuration;
        extras["package.reusedBuild"] = apps.PackReusedBuild ? "true" : "false";
        apps.Check();
        foreach (var app in apps.Apps)
        {
            extras["assemblyBytes." + app.Case] = app.AssemblyBytes.ToString(inv);
            extras["generatedFiles." + app.Case] = app.IcwsGeneratedFiles().Count.ToString(inv);
            extras["generatedLines." + app.Case] = app.IcwsGeneratedLines.ToString(inv);
            extras["generatedFilesAllGenerators." + app.Case] = app.AllGeneratedFiles.ToString(inv);
        }

        extras["generatedFileNames." + ConsumerCase.WithSpec] = string.Join(", ", apps[ConsumerCase.WithSpec].IcwsGeneratedFiles());
        if (!BenchSettings.Smoke)
        {
            apps.CollectAnalyzerTimes(extras);
            Interleave(apps, extras, InterleavedRounds);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The three apps take turns, one build each per round, the order rotating every round; one warm-up round first.
    /// Recorded per app: the median build (ns) and every build (ms).
    /// </summary>
    public static void Interleave(ConsumerApps apps, IDictionary<string, string> extras, int rounds)
    {
        var times = apps.Apps.Select(_ => new List<double>()).ToArray();
        for (var round = -1; round < rounds; round++)
        {
            for (var k = 0; k < apps.Apps.Count; k++)
            {
                var index = (k + round + apps.Apps.Count) % apps.Apps.Count;
                var elapsed = apps.Apps[index].TouchAndBuild();
                if (round >= 0)
                {
                    times[index].Add(elapsed.TotalMilliseconds);
                }
            }
        }

        for (var index = 0; index < apps.Apps.Count; index++)
        {
            var app = apps.Apps[index];
            extras["interleaved." + app.Case] = (Aggregate.Median(times[index]) * 1e6).ToString("F0", CultureInfo.InvariantCulture);
            extras["interleaved.builds." + app.Case] = string.Join(" ", times[index].Select(t => t.ToString("F0", CultureInfo.InvariantCulture)));
        }

        Debug.Assert(times.All(t => t.Count == rounds), "every app builds once per round");
    }
}
