using System;
using System.Collections.Generic;
using System.Linq;

namespace Icws.Benchmarks.Infrastructure;

/// <summary>The runs of one group, combined: per-run ratios and their median, as issue 6 asks.</summary>
public sealed class Aggregate
{
    public Aggregate(BenchGroup group, IReadOnlyList<RunResult> runs)
    {
        Group = group;
        Runs = runs;
    }

    public BenchGroup Group { get; }

    public IReadOnlyList<RunResult> Runs { get; }

    public IEnumerable<string> Params => Runs[0].Cases.Select(c => c.Param).Distinct();

    public IEnumerable<string> Methods => Runs[0].Cases.Select(c => c.Method).Distinct();

    public CaseResult? Case(RunResult run, string method, string param) => run.Cases.FirstOrDefault(c => c.Method == method && c.Param == param);

    /// <summary>The mean time of a case in each run.</summary>
    public List<double> Means(string method, string param) => Runs.Select(r => Case(r, method, param)?.MeanNs ?? double.NaN).Where(v => !double.IsNaN(v)).ToList();

    /// <summary>mean(method) / mean(other) within each run.</summary>
    public List<double> Ratios(string method, string other, string param)
        => Runs.Select(r => (Case(r, method, param)?.MeanNs ?? double.NaN) / (Case(r, other, param)?.MeanNs ?? double.NaN)).Where(v => !double.IsNaN(v)).ToList();

    public List<double> RatiosToBaseline(string method, string param) => Ratios(method, Group.Baseline, param);

    /// <summary>Allocated bytes per operation in each run (exact, so they should agree).</summary>
    public List<long> Allocations(string method, string param) => Runs.Select(r => Case(r, method, param)?.AllocatedBytes).Where(v => v.HasValue).Select(v => v!.Value).ToList();

    public string? Extra(string key) => Runs.Select(r => r.Extras.TryGetValue(key, out var v) ? v : null).FirstOrDefault(v => v is not null);

    public List<double> ExtraNumbers(string key) => Runs.Select(r => r.Extras.TryGetValue(key, out var v) && double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : double.NaN).Where(v => !double.IsNaN(v)).ToList();

    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
