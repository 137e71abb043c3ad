using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Icws.Benchmarks.Benchmarks;

namespace Icws.Benchmarks.Infrastructure;

/// <summary>Writes docs/benchmarks.md: a fixed introduction, then one section per group, each replaced when that group is measured again.</summary>
public static class Report
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Update(string docPath, Aggregate aggregate)
    {
        var sections = ReadSections(docPath);
        sections[aggregate.Group.Key] = Render(aggregate);
        var text = new StringBuilder();
        text.Append(Introduction);
        foreach (var group in BenchGroup.All)
        {
            text.Append("<!-- group:").Append(group.Key).Append(" -->\n");
            text.Append(sections.TryGetValue(group.Key, out var body) ? body : $"## {group.Title}\n\nNot measured yet: `{group.Command}`.\n\n");
            text.Append("<!-- /group:").Append(group.Key).Append(" -->\n\n");
        }

        // Hand-written notes (targets missed, causes) are kept as they are between the markers.
        text.Append("<!-- notes -->\n").Append(sections.TryGetValue("notes", out var notes) ? notes : "## Notes\n\nNone yet.\n\n").Append("<!-- /notes -->\n");

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(docPath))!);
        File.WriteAllText(docPath, text.ToString().TrimEnd() + "\n");
    }

    private static Dictionary<string, string> ReadSections(string docPath)
    {
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(docPath))
        {
            return sections;
        }

        var text = File.ReadAllText(docPath);
        foreach (var (key, start, end) in BenchGroup.All.Select(g => (g.Key, $"<!-- group:{g.Key} -->\n", $"<!-- /group:{g.Key} -->")).Append(("notes", "<!-- notes -->\n", "<!-- /notes -->")))
        {
            var i = text.IndexOf(start, StringComparison.Ordinal);
            var j = text.IndexOf(end, StringComparison.Ordinal);
            if (i >= 0 && j > i)
            {
                sections[key] = text.Substring(i + start.Length, j - i - start.Length);
            }
        }

        return sections;
    }

    private const string Introduction = """
        # Benchmarks

        Issue 6: our generated client, message processing, generator and analyzers, each measured side by side with
        what a user would use instead, **in the same run**. This machine has 2 cores shared with other developers'
        builds and tests, so absolute times are only indicative; the ratios are what to read.

        **Method.** BenchmarkDotNet 0.15.8, `[MemoryDiagnoser]`, job "Full": 12 warm-up and 10 measured iterations
        of about 250 ms each, in process (group 5, whose single compile takes seconds, uses 3 warm-ups and 5
        iterations of one compile each). Each group is run in **3 separate processes**; a ratio is computed within
        each run (mean of the case / mean of the baseline in that run) and the table gives the **median of the 3
        per-run ratios** with their range. Times are the median of the 3 per-run means. Allocations per operation
        are exact (they agree across runs unless marked) and are compared strictly. Tables are written by the
        benchmark program itself (`measure`); the command under each table reproduces it.

        Commands (from the repository root):

        - one group, 3 processes, table rewritten: `dotnet run -c Release --project tests/Icws.Benchmarks -- measure --group <client|loopback|messages|generator|analyzers>`
        - every group: `dotnet run -c Release --project tests/Icws.Benchmarks -- measure --group all`
        - CI smoke test (each group's checks, then every benchmark once in process; exit code 1 if anything throws): `dotnet run --project tests/Icws.Benchmarks --no-build -- smoke` after `dotnet build Icws.Generated.sln` (about 65 s here), or `dotnet run -c Release --project tests/Icws.Benchmarks -- smoke` on its own
        - plain BenchmarkDotNet (any of its options): `dotnet run -c Release --project tests/Icws.Benchmarks -- bdn --filter '*Message*'`


        """;

    private static string Render(Aggregate a)
    {
        var text = new StringBuilder();
        text.Append("## ").Append(a.Group.Title).Append("\n\n");
        switch (a.Group.Key)
        {
            case "client":
            case "loopback":
                RenderClients(a, text);
                break;
            case "messages":
                RenderMessages(a, text);
                break;
            case "generator":
                RenderGenerator(a, text);
                break;
            case "analyzers":
                RenderAnalyzers(a, text);
                break;
        }

        var first = a.Runs[0];
        text.Append("\nReproduce: `").Append(a.Group.Command).Append("`  \n");
        text.Append("Measured ").Append(first.StartedUtc.ToString("yyyy-MM-dd HH:mm", Inv)).Append(" UTC, ")
            .Append(a.Runs.Count).Append(" runs of ").Append(string.Join(" / ", a.Runs.Select(r => r.WallSeconds.ToString("F0", Inv) + " s")))
            .Append(", job ").Append(a.Group.WarmupCount).Append(" warm-ups + ").Append(a.Group.IterationCount).Append(" iterations of at least 250 ms")
            .Append(", on ").Append(first.Machine).Append(".\n\n");
        return text.ToString();
    }

    // ---------------------------------------------------------------- groups 1 and 2

    private static readonly Dictionary<string, string> ClientNames = new()
    {
        ["Floor"] = "floor: hand-written Utf8JsonWriter/Reader",
        ["Ours"] = "**ours**: generated `IcwsClient` on `IcwsSession`",
        ["Refit"] = "Refit 16.4 (STJ source-gen context)",
        ["Stj"] = "hand-written HttpClient + STJ source-gen",
    };

    private static readonly Dictionary<string, string> OperationNames = new()
    {
        ["GetAttributes2"] = "get attributes, select 2",
        ["GetAttributes12"] = "get attributes, select 12",
        ["Hold"] = "hold",
        ["CreateCall"] = "create call",
    };

    private static void RenderClients(Aggregate a, StringBuilder text)
    {
        var inMemory = a.Group.Key == "client";
        text.Append(inMemory
            ? "Each call goes through `HttpClient` to an in-memory `HttpMessageHandler` that reads the request body to its end and answers with a canned response: what is measured is the client's own work (URL, headers, body, response parsing) plus HttpClient's.\n"
            : "Each call is a real HTTP/1.1 exchange with a Kestrel server on 127.0.0.1, in another process (its CPU is not in the times, its allocations are not in the bytes, but it shares the 2 cores). Every client uses the same `SocketsHttpHandler` settings as the session's own.\n");
        text.Append("All four clients send the same requests - method, path, `select`, `Accept`, `Accept-Language`, `ININ-ICWS-CSRF-Token`, `Cookie`, and for bodies `Content-Type: application/vnd.inin.icws+JSON; charset=utf-8` with a `Content-Length` - which the setup checks before measuring; the results are checked too (same values from every client).\n\n");
        text.Append("\"Time × floor\" is BenchmarkDotNet's (median of the 3 per-run ratios, range in brackets). \"Interleaved\" is the cross-check run in the same processes: the four clients take turns in ~20 ms chunks for 25 rounds, so load from other builds on the shared cores hits all of them alike (median chunk per client, ratio per run, median of 3 runs).\n\n");
        text.Append("| Operation | Client | Time per call | Time × floor | Interleaved × floor | Allocated per call | Allocated × floor |\n");
        text.Append("|---|---|---:|---:|---:|---:|---:|\n");
        foreach (var param in a.Params)
        {
            var firstRow = true;
            foreach (var method in new[] { "Floor", "Ours", "Refit", "Stj" })
            {
                if (a.Means(method, param).Count == 0)
                {
                    continue;
                }

                var op = firstRow ? OperationNames.GetValueOrDefault(param, param) : string.Empty;
                firstRow = false;
                text.Append($"| {op} | {ClientNames[method]} | {Time(Aggregate.Median(a.Means(method, param)))} | {RatioCell(a.RatiosToBaseline(method, param), method == "Ours")} | {RatioCell(InterleavedRatios(a, param, method, "Floor"), method == "Ours")} | {Bytes(a.Allocations(method, param))} | {AllocRatio(a, method, param)} |\n");
            }
        }

        text.Append('\n');
        if (inMemory)
        {
            text.Append("**Target** (issue 6): ours within 1.1× the floor in time and allocations, and ahead of Refit and of the hand-written STJ client.\n\n");
        }

        text.Append("| Operation | ours ÷ floor, time (BDN / interleaved) | ours ÷ floor, bytes | ours ÷ Refit, time (BDN / interleaved) | ours ÷ STJ, time (BDN / interleaved) |\n|---|---:|---:|---:|---:|\n");
        foreach (var param in a.Params)
        {
            var time = Aggregate.Median(a.RatiosToBaseline("Ours", param));
            var bytes = AllocRatioValue(a, "Ours", param);
            var refit = Aggregate.Median(a.Ratios("Ours", "Refit", param));
            var stj = Aggregate.Median(a.Ratios("Ours", "Stj", param));
            string Pair(double bdn, double interleaved, double limit) => Verdict(bdn, limit, inMemory) + " / " + Verdict(interleaved, limit, inMemory);
            text.Append($"| {OperationNames.GetValueOrDefault(param, param)} | {Pair(time, Aggregate.Median(InterleavedRatios(a, param, "Ours", "Floor")), 1.1)} | {Verdict(bytes, 1.1, inMemory)} | {Pair(refit, Aggregate.Median(InterleavedRatios(a, param, "Ours", "Refit")), 1.0)} | {Pair(stj, Aggregate.Median(InterleavedRatios(a, param, "Ours", "Stj")), 1.0)} |\n");
        }

        text.Append('\n');
        if (a.Extra("headers.Ours") is { } ours)
        {
            text.Append("Request headers seen by the server in the check (per route), ours: ").Append(ours.Replace("|", "\\|")).Append(".  \n");
            foreach (var other in new[] { "Floor", "Refit", "Stj" })
            {
                if (a.Extra("headers." + other) is { } seen && seen != ours)
                {
                    text.Append(other).Append(": ").Append(seen.Replace("|", "\\|")).Append(".  \n");
                }
            }

            text.Append('\n');
        }
    }

    private static List<double> InterleavedRatios(Aggregate a, string param, string method, string other)
        => a.Runs.Select(r => r.Extras.TryGetValue($"interleaved.{param}.{method}", out var x) && r.Extras.TryGetValue($"interleaved.{param}.{other}", out var y)
                ? double.Parse(x, Inv) / double.Parse(y, Inv)
                : double.NaN)
            .Where(v => !double.IsNaN(v)).ToList();

    // ---------------------------------------------------------------- group 3

    private static void RenderMessages(Aggregate a, StringBuilder text)
    {
        var messages = a.Extra("messages") ?? "?";
        text.Append($"The same bytes for every approach: one `queueContentsMessage` snapshot of 1,000 interactions × 8 attributes ({Bytes(a.Extra("bytes." + MessageBenchmarks.SnapshotOnly))}), then 10,000 delta messages (80% one interaction with 1-3 changed attributes, 10% one added, 10% one removed), {messages} messages and {Bytes(a.Extra("bytes." + MessageBenchmarks.SnapshotThenDeltas))} in all, one buffer per message as the event stream delivers them. Each invocation starts from an empty view.\n\n");
        text.Append("- **raw reader** (floor): one `Utf8JsonReader` pass over the bytes, every token read, nothing materialized or kept;\n");
        text.Append("- **ours**: the generated decoder `IcwsMessages.Read` and the runtime's live `QueueWatch<InteractionAttributes>`, wired as the message pump wires them (decode, then `IcwsWatchRegistry.Dispatch`), without HTTP;\n");
        text.Append("- **naive**: `JsonDocument.Parse` per message and a `Dictionary<string, Dictionary<string, string>>` updated in place (no immutable snapshots, no change records).\n\n");
        text.Append("The checks before measuring: ours and the naive view end with the same interactions and values (" + (a.Extra("interactionsAtEnd") ?? "?") + " interactions).\n\n");
        text.Append("| Workload | Approach | Time | Time × raw | Throughput | Throughput ÷ raw | Allocated | Held by the view per interaction |\n");
        text.Append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        var names = new Dictionary<string, string> { ["RawReader"] = "raw reader (floor)", ["Ours"] = "**ours**", ["NaiveJsonDocument"] = "naive JsonDocument + dictionaries" };
        foreach (var param in a.Params)
        {
            var bytes = double.Parse(a.Extra("bytes." + param) ?? "0", Inv);
            var firstRow = true;
            foreach (var method in new[] { "RawReader", "Ours", "NaiveJsonDocument" })
            {
                var means = a.Means(method, param);
                if (means.Count == 0)
                {
                    continue;
                }

                var throughput = means.Select(m => bytes / (m / 1e9) / 1e6).ToList();
                var share = a.RatiosToBaseline(method, param).Select(r => 1 / r).ToList();
                var held = method == "RawReader" ? "nothing" : Bytes((long)Aggregate.Median(a.ExtraNumbers($"heldPerInteraction.{method}.{param}")));
                var label = firstRow ? (param == MessageBenchmarks.SnapshotOnly ? "snapshot (1 message)" : "snapshot + 10,000 deltas") : string.Empty;
                firstRow = false;
                text.Append($"| {label} | {names[method]} | {Time(Aggregate.Median(means))} | {RatioCell(a.RatiosToBaseline(method, param), method == "Ours")} | {Aggregate.Median(throughput).ToString("F0", Inv)} MB/s | {RatioCell(share, method == "Ours")} | {Bytes(a.Allocations(method, param))} | {held} |\n");
            }
        }

        text.Append("\nMB = 10^6 bytes. \"Held per interaction\": bytes still reachable from the view after full garbage collections, divided by the interactions it holds (measured once per run, median shown).\n\n");
        text.Append("**Target** (issue 6): ours at least half the raw reader's throughput.\n\n");
        text.Append("| Workload | ours ÷ raw reader, throughput | ours ÷ naive, time | ours ÷ naive, bytes allocated |\n|---|---:|---:|---:|\n");
        foreach (var param in a.Params)
        {
            var share = 1 / Aggregate.Median(a.RatiosToBaseline("Ours", param));
            var naive = Aggregate.Median(a.Ratios("Ours", "NaiveJsonDocument", param));
            var ours = a.Allocations("Ours", param).FirstOrDefault();
            var naiveBytes = a.Allocations("NaiveJsonDocument", param).FirstOrDefault();
            text.Append($"| {(param == MessageBenchmarks.SnapshotOnly ? "snapshot" : "snapshot + deltas")} | {(share >= 0.5 ? "✅" : "❌")} {share.ToString("F2", Inv)} | {naive.ToString("F2", Inv)} | {(naiveBytes > 0 ? (ours / (double)naiveBytes).ToString("F2", Inv) : "n/a")} |\n");
        }

        text.Append('\n');
    }

    // ---------------------------------------------------------------- group 4

    private static void RenderGenerator(Aggregate a, StringBuilder text)
    {
        text.Append($"Ours: `IcwsGenerator` over the full default spec ({a.Extra("endpoints")} endpoints; it writes {a.Extra("generatedFiles.Ours")} files, {a.Extra("generatedLines.Ours")} lines). Refit: its `InterfaceStubGeneratorV2`, loaded from the package's analyzer DLL, over one interface with the same {a.Extra("endpoints")} endpoints (same verbs, paths, path/query/header parameters and bodies; it writes {a.Extra("generatedFiles.Refit")} files, {a.Extra("generatedLines.Refit")} lines). Both projects also hold the same {a.Extra("unrelatedFiles")} ordinary C# files.\n\n");
        text.Append("- **cold**: a new `CSharpGeneratorDriver` on a new compilation (trees already parsed, metadata cached, as in a compiler server);\n");
        text.Append("- **unrelated edit**: the driver that already ran, rerun after one ordinary file changed (a method body) - what the IDE does on every edit.\n\n");
        text.Append("| Scenario | Generator | Time | ours ÷ Refit | Allocated | Outputs redone after the edit |\n|---|---|---:|---:|---:|---:|\n");
        foreach (var param in a.Params)
        {
            var firstRow = true;
            foreach (var method in new[] { "Refit", "Ours" })
            {
                var label = firstRow ? (param == GeneratorBenchmarks.Cold ? "cold run" : "one unrelated edit") : string.Empty;
                firstRow = false;
                var redone = param == GeneratorBenchmarks.UnrelatedEdit ? $"{a.Extra("afterEdit.outputsRedone." + method)} of {a.Extra("afterEdit.outputs." + method)}" : "";
                text.Append($"| {label} | {(method == "Ours" ? "**ours**" : "Refit 16.4")} | {Time(Aggregate.Median(a.Means(method, param)))} | {(method == "Ours" ? RatioCell(a.RatiosToBaseline(method, param), true) : "1.00")} | {Bytes(a.Allocations(method, param))} | {redone} |\n");
            }
        }

        var editRatio = Aggregate.Median(a.RatiosToBaseline("Ours", GeneratorBenchmarks.UnrelatedEdit));
        var redoneOurs = a.Extra("afterEdit.outputsRedone.Ours");
        text.Append("\nSteps Refit's generator reran after the edit: ").Append(string.IsNullOrEmpty(a.Extra("afterEdit.stepsRerun.Refit")) ? "none" : a.Extra("afterEdit.stepsRerun.Refit")).Append("; ours: ")
            .Append(string.IsNullOrEmpty(a.Extra("afterEdit.stepsRerun.Ours")) ? "none" : a.Extra("afterEdit.stepsRerun.Ours")).Append(".\n\n");
        text.Append($"**Target** (issue 6): an unrelated edit regenerates nothing - {(redoneOurs == "0" ? "✅" : "❌")} {redoneOurs} outputs redone - and costs less than Refit's - {(editRatio < 1 ? "✅" : "❌")} {Ratio(editRatio)}× Refit's time (about 1/{(1 / editRatio).ToString("F0", Inv)}).\n\n");
    }

    // ---------------------------------------------------------------- group 5

    private static void RenderAnalyzers(Aggregate a, StringBuilder text)
    {
        text.Append($"A synthetic project of {a.Extra("files")} files ({a.Extra("lines.user")} lines) of agent flows using the generated client, plus the generated client itself ({a.Extra("lines.generated")} lines). Analyzers: {a.Extra("analyzers")}. Compile = `CSharpCompilation.Create` over the parsed trees and `Emit` to memory; with analyzers = the same with `CompilationWithAnalyzers` over it, as csc runs them. Single-threaded (`concurrentBuild` and `concurrentAnalysis` off) so that the shared cores do not decide the result.\n\n");
        text.Append("| Case | Time | × compile | Allocated |\n|---|---:|---:|---:|\n");
        text.Append($"| compile | {Time(Aggregate.Median(a.Means("Compile", string.Empty)))} | 1.00 | {Bytes(a.Allocations("Compile", string.Empty))} |\n");
        text.Append($"| compile + ICWS analyzers | {Time(Aggregate.Median(a.Means("CompileWithAnalyzers", string.Empty)))} | {RatioCell(a.RatiosToBaseline("CompileWithAnalyzers", string.Empty), true)} | {Bytes(a.Allocations("CompileWithAnalyzers", string.Empty))} |\n\n");

        // Per run: the analyzers' own execution time (Roslyn telemetry) over that run's compile time.
        var shares = a.Runs.Select(r => (r.Extras.TryGetValue("executionMs.total", out var v) ? double.Parse(v, Inv) : double.NaN) * 1e6 / (a.Case(r, "Compile", string.Empty)?.MeanNs ?? double.NaN)).Where(v => !double.IsNaN(v)).ToList();
        var wall = a.Runs.Select(r => ((a.Case(r, "CompileWithAnalyzers", string.Empty)?.MeanNs ?? double.NaN) - (a.Case(r, "Compile", string.Empty)?.MeanNs ?? double.NaN)) / (a.Case(r, "CompileWithAnalyzers", string.Empty)?.MeanNs ?? double.NaN)).Where(v => !double.IsNaN(v)).ToList();
        text.Append("| Analyzer | Own execution time (each run: median of 3 analyses; median of the runs) |\n|---|---:|\n");
        foreach (var key in a.Runs[0].Extras.Keys.Where(k => k.StartsWith("executionMs.", StringComparison.Ordinal) && k != "executionMs.total").OrderBy(k => k, StringComparer.Ordinal))
        {
            text.Append($"| {key.Substring("executionMs.".Length)} | {Aggregate.Median(a.ExtraNumbers(key)).ToString("F1", Inv)} ms |\n");
        }

        text.Append($"| **all ICWS analyzers** | **{Aggregate.Median(a.ExtraNumbers("executionMs.total")).ToString("F1", Inv)} ms** |\n\n");
        var diagnostics = string.Join(", ", a.Runs[0].Extras.Where(p => p.Key.StartsWith("diagnostics.ICWS", StringComparison.Ordinal)).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key.Substring("diagnostics.".Length) + " ×" + p.Value));
        text.Append($"Findings in the project: {(diagnostics.Length == 0 ? "none" : diagnostics)} (seeded: {a.Extra("diagnostics.expected")}).\n\n");
        var share = Aggregate.Median(shares);
        var wallShare = Aggregate.Median(wall);
        text.Append($"**Target** (issue 6): the analyzers' time under 5% of compile time. Analyzers' own execution time ÷ compile time: {(share < 0.05 ? "✅" : "❌")} **{Percent(share)}** (runs: {string.Join(", ", shares.Select(Percent))}). ");
        text.Append($"Wall-clock cost including the analyzer driver's own binding of the code for `IOperation` callbacks, (with - without) ÷ with: {Percent(wallShare)} (runs: {string.Join(", ", wall.Select(Percent))}); in a real build that binding is shared with the SDK's built-in analyzers.\n\n");
    }

    // ---------------------------------------------------------------- formatting

    private static string Percent(double value) => double.IsNaN(value) ? "n/a" : (value * 100).ToString("F1", Inv) + "%";

    private static string RatioCell(List<double> ratios, bool bold)
    {
        if (ratios.Count == 0)
        {
            return "n/a";
        }

        var median = Ratio(Aggregate.Median(ratios));
        var range = ratios.Count > 1 ? $" ({Ratio(ratios.Min())}-{Ratio(ratios.Max())})" : string.Empty;
        return bold ? $"**{median}**{range}" : median + range;
    }

    private static string Ratio(double value) => value.ToString(value < 0.1 ? "F4" : "F2", Inv);

    private static double AllocRatioValue(Aggregate a, string method, string param)
    {
        var mine = a.Allocations(method, param);
        var floor = a.Allocations(a.Group.Baseline, param);
        return mine.Count == 0 || floor.Count == 0 || floor[0] == 0 ? double.NaN : mine[0] / (double)floor[0];
    }

    private static string AllocRatio(Aggregate a, string method, string param)
    {
        var value = AllocRatioValue(a, method, param);
        return double.IsNaN(value) ? "n/a" : method == "Ours" ? $"**{value.ToString("F2", Inv)}**" : value.ToString("F2", Inv);
    }

    private static string Verdict(double value, double limit, bool judge)
    {
        if (double.IsNaN(value))
        {
            return "n/a";
        }

        var number = value.ToString("F2", Inv);
        return judge ? (value <= limit ? "✅ " : "❌ ") + number : number;
    }

    public static string Time(double ns)
    {
        if (double.IsNaN(ns))
        {
            return "n/a";
        }

        return ns switch
        {
            < 1e3 => ns.ToString("F0", Inv) + " ns",
            < 1e6 => (ns / 1e3).ToString(ns < 1e4 ? "F2" : "F1", Inv) + " µs",
            < 1e9 => (ns / 1e6).ToString(ns < 1e7 ? "F2" : "F1", Inv) + " ms",
            _ => (ns / 1e9).ToString("F2", Inv) + " s",
        };
    }

    private static string Bytes(List<long> values)
    {
        if (values.Count == 0)
        {
            return "n/a";
        }

        var text = Bytes(values[0]);
        if (values.Distinct().Count() == 1)
        {
            return text;
        }

        // Multi-millisecond operations pick up a little of the runtime's own allocation (JIT, thread pool) now and then.
        var spread = (values.Max() - values.Min()) / (double)values.Min();
        return spread < 0.01
            ? $"{text} (±{(spread < 0.001 ? "<0.1" : (spread * 100).ToString("F1", Inv))}% between runs)"
            : text + $" (runs differ: {string.Join(" / ", values.Select(Bytes))})";
    }

    private static string Bytes(string? value) => value is not null && double.TryParse(value, NumberStyles.Float, Inv, out var d) ? Bytes((long)d) : "n/a";

    public static string Bytes(long bytes) => bytes switch
    {
        < 10_000 => bytes.ToString("N0", Inv) + " B",
        < 10_000_000 => (bytes / 1024.0).ToString("F1", Inv) + " KB",
        _ => (bytes / (1024.0 * 1024)).ToString("F1", Inv) + " MB",
    };
}
