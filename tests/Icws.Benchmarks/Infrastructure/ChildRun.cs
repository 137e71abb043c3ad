using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Icws.Benchmarks.Infrastructure;

/// <summary>One run of one group inside one process: the extras, then BenchmarkDotNet over the class.</summary>
public static class ChildRun
{
    public static async Task<int> RunAsync(BenchGroup group, int run, string outPath, bool dry)
    {
        var result = new RunResult { Group = group.Key, Run = run, StartedUtc = DateTime.UtcNow, Machine = MachineInfo.Current() };
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"== {group.Title}: run {run}, {(dry ? "dry" : "full")} job, {result.Machine}");

        await CollectExtrasAsync(group, result.Extras);
        var summary = BenchmarkRunner.Run(group.Type, BenchConfig.Create(dry ? group.DryJob : group.FullJob, allowDebugBuild: dry, memory: !group.OneInvocation));
        var failures = Failures(summary);
        result.Cases = summary.Reports.Where(r => r.Success && r.ResultStatistics is not null).Select(r => ToCase(r, group)).ToList();
        result.WallSeconds = clock.Elapsed.TotalSeconds;
        result.Save(outPath);
        foreach (var failure in failures)
        {
            Console.Error.WriteLine("FAILED: " + failure);
        }

        return failures.Count == 0 ? 0 : 1;
    }

    public static async Task CollectExtrasAsync(BenchGroup group, IDictionary<string, string> extras)
    {
        if (Activator.CreateInstance(group.Type) is IHasExtras withExtras)
        {
            var clock = Stopwatch.StartNew();
            await withExtras.CollectExtrasAsync(extras);
            Console.WriteLine($"   extras of {group.Key} in {clock.Elapsed.TotalSeconds:F1} s: {string.Join("; ", extras.Select(p => p.Key + "=" + p.Value))}");
        }
    }

    /// <summary>Every reason a summary is not a complete, clean run.</summary>
    public static List<string> Failures(Summary summary)
    {
        var failures = new List<string>();
        if (summary.HasCriticalValidationErrors)
        {
            failures.AddRange(summary.ValidationErrors.Where(e => e.IsCritical).Select(e => "validation: " + e.Message));
        }

        if (summary.BenchmarksCases.Length == 0)
        {
            failures.Add($"{summary.Title}: no benchmark ran");
        }

        foreach (var benchmark in summary.BenchmarksCases)
        {
            var report = summary.Reports.FirstOrDefault(r => r.BenchmarkCase == benchmark);
            if (report is null || !report.Success || report.ResultStatistics is null || report.ExecuteResults.Any(e => !e.IsSuccess))
            {
                failures.Add($"{benchmark.DisplayInfo}: did not complete (see the log above for its exception)");
            }
        }

        return failures;
    }

    private static CaseResult ToCase(BenchmarkReport report, BenchGroup group)
    {
        var statistics = report.ResultStatistics!;
        var param = group.ParamName is null ? string.Empty : report.BenchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == group.ParamName)?.Value?.ToString() ?? string.Empty;
        return new CaseResult
        {
            Method = report.BenchmarkCase.Descriptor.WorkloadMethod.Name,
            Param = param,
            MeanNs = statistics.Mean,
            MedianNs = statistics.Median,
            StdDevNs = statistics.StandardDeviation,
            IterationNs = statistics.OriginalValues.ToArray(),
            AllocatedBytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase),
        };
    }
}
