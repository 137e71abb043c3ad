using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;

namespace Icws.Benchmarks.Infrastructure;

/// <summary>
/// <c>measure</c>: runs a group in N separate processes (one <c>child</c> each, one at a time), then writes its
/// table into docs/benchmarks.md.
/// </summary>
public static class Measure
{
    public static async Task<int> RunAsync(IReadOnlyList<BenchGroup> groups, int runs, string docPath, string resultsDir)
    {
        if (typeof(Measure).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled == true)
        {
            Console.Error.WriteLine("Build in Release to measure: dotnet run -c Release --project tests/Icws.Benchmarks -- measure ...");
            return 2;
        }

        Directory.CreateDirectory(resultsDir);
        foreach (var group in groups)
        {
            var results = new List<RunResult>();
            for (var run = 1; run <= runs; run++)
            {
                var outPath = Path.Combine(resultsDir, $"{group.Key}-run{run}.json");
                var start = SelfProcess.StartInfo("child", "--group", group.Key, "--run", run.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", outPath);
                Console.WriteLine($"### {group.Key}: run {run} of {runs} (a process of its own)");
                using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start a run.");
                await process.WaitForExitAsync();
                if (process.ExitCode != 0)
                {
                    Console.Error.WriteLine($"### {group.Key}: run {run} failed with exit code {process.ExitCode}; the table is not written.");
                    return 1;
                }

                results.Add(RunResult.Load(outPath));
            }

            Report.Update(docPath, new Aggregate(group, results));
            Console.WriteLine($"### {group.Key}: table written to {docPath} (raw results in {resultsDir})");
        }

        return 0;
    }

    /// <summary>Rewrites the tables from saved results (no measuring).</summary>
    public static int Rewrite(IReadOnlyList<BenchGroup> groups, int runs, string docPath, string resultsDir)
    {
        foreach (var group in groups)
        {
            var paths = Enumerable.Range(1, runs).Select(r => Path.Combine(resultsDir, $"{group.Key}-run{r}.json")).Where(File.Exists).ToList();
            if (paths.Count == 0)
            {
                Console.Error.WriteLine($"No saved results for {group.Key} in {resultsDir}.");
                return 1;
            }

            Report.Update(docPath, new Aggregate(group, paths.Select(RunResult.Load).ToList()));
        }

        return 0;
    }
}
