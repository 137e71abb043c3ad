using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using BenchmarkDotNet.Running;
using Icws.Benchmarks.Infrastructure;
using Icws.Benchmarks.Loopback;

namespace Icws.Benchmarks;

/// <summary>
/// Commands (arguments after <c>dotnet run -c Release --project tests/Icws.Benchmarks --</c>):
/// <list type="bullet">
/// <item><c>measure --group client|loopback|messages|generator|analyzers|build|all [--runs 3] [--doc docs/benchmarks.md]</c>: the full measurement, 3 processes per group, table written.</item>
/// <item><c>smoke</c>: every benchmark once (BenchmarkDotNet dry job, in process) plus each group's checks; exit code 1 if anything throws.</item>
/// <item><c>rewrite --group ...</c>: rewrite the tables from the saved raw results.</item>
/// <item><c>bdn ...</c>: plain BenchmarkDotNet with its own command line (e.g. <c>bdn --filter '*Message*' --job short</c>).</item>
/// <item><c>child</c> and <c>serve</c>: used by <c>measure</c> and by the loopback group.</item>
/// </list>
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var command = args.Length > 0 ? args[0] : "help";
        var options = ParseOptions(args.Skip(1).ToArray());
        switch (command)
        {
            case "measure":
                return await Measure.RunAsync(Groups(options), Int(options, "runs", 3), Doc(options), ResultsDir(options));
            case "rewrite":
                return Measure.Rewrite(Groups(options), Int(options, "runs", 3), Doc(options), ResultsDir(options));
            case "child":
                return await ChildRun.RunAsync(BenchGroup.Find(options["group"]), Int(options, "run", 1), options["out"], options.ContainsKey("dry"));
            case "smoke":
                return await SmokeAsync(Groups(options));
            case "serve":
                return await LoopbackServer.ServeAsync();
            case "bdn":
                var summaries = BenchmarkSwitcher.FromTypes(BenchGroup.All.Select(g => g.Type).ToArray()).Run(args.Skip(1).ToArray());
                return summaries.SelectMany(ChildRun.Failures).Any() ? 1 : 0;
            default:
                Console.WriteLine("Usage: dotnet run -c Release --project tests/Icws.Benchmarks -- measure --group <client|loopback|messages|generator|analyzers|build|all> [--runs 3]");
                Console.WriteLine("       ... -- smoke            every benchmark once (CI); exit code 1 if any throws");
                Console.WriteLine("       ... -- bdn <BenchmarkDotNet options>");
                return command == "help" ? 0 : 2;
        }
    }

    /// <summary>Every group's checks, then every benchmark once in process; fails on the first broken group but reports all.</summary>
    private static async Task<int> SmokeAsync(IReadOnlyList<BenchGroup> groups)
    {
        var clock = Stopwatch.StartNew();
        BenchSettings.Smoke = true;
        var failures = new List<string>();
        foreach (var group in groups)
        {
            try
            {
                await ChildRun.CollectExtrasAsync(group, new Dictionary<string, string>());
            }
            catch (Exception ex)
            {
                failures.Add($"{group.Key} checks: {ex}");
            }
        }

        // The dry job, one batch per kind (groups whose invocation is a whole build skip its warm-up invocation and
        // the memory diagnoser's extra invocation: each of their cases runs exactly once).
        var summaries = groups.GroupBy(g => g.OneInvocation)
            .SelectMany(batch => BenchmarkRunner.Run(batch.Select(g => g.Type).ToArray(), BenchConfig.Create(batch.First().DryJob, allowDebugBuild: true, memory: !batch.Key)))
            .ToArray();
        failures.AddRange(summaries.SelectMany(ChildRun.Failures));
        foreach (var failure in failures)
        {
            Console.Error.WriteLine("SMOKE FAILED: " + failure);
        }

        var cases = summaries.Sum(s => s.BenchmarksCases.Length);
        Console.WriteLine(failures.Count == 0
            ? $"Smoke test passed: {cases} benchmark cases of {groups.Count} groups ran once, and the checks held, in {clock.Elapsed.TotalSeconds:F0} s."
            : $"Smoke test FAILED: {failures.Count} problem(s) in {clock.Elapsed.TotalSeconds:F0} s.");
        return failures.Count == 0 ? 0 : 1;
    }

    private static Dictionary<string, string> ParseOptions(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                var key = args[i].Substring(2);
                var value = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
                options[key] = options.TryGetValue(key, out var previous) ? previous + "," + value : value;
            }
        }

        return options;
    }

    private static IReadOnlyList<BenchGroup> Groups(Dictionary<string, string> options)
    {
        var value = options.TryGetValue("group", out var g) ? g : "all";
        return value == "all" ? BenchGroup.All : value.Split(',').Select(BenchGroup.Find).ToList();
    }

    private static int Int(Dictionary<string, string> options, string key, int fallback) => options.TryGetValue(key, out var v) ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;

    private static string Doc(Dictionary<string, string> options) => options.TryGetValue("doc", out var doc) ? doc : Path.Combine(RepoRoot(), "docs", "benchmarks.md");

    private static string ResultsDir(Dictionary<string, string> options) => options.TryGetValue("results", out var dir) ? dir : Path.Combine(Path.GetTempPath(), "icws-benchmarks", "results");

    /// <summary>The repository root: the nearest folder up from here (or from the binaries) with Icws.Generated.sln.</summary>
    internal static string RepoRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Icws.Generated.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
