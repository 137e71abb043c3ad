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
        what a user would use instead, **in the same run**; and what the package costs a consumer's build (group 6).
        This machine has 2 cores shared with other developers' builds and tests, so absolute times are only
        indicative; the ratios are what to read.

        **Method.** BenchmarkDotNet 0.15.8, `[MemoryDiagnoser]`, job "Full": 12 warm-up and 10 measured iterations
        of about 250 ms each, in process (group 5, whose single compile takes seconds, uses 3 warm-ups and 5
        iterations of one compile each; group 6 times whole `dotnet build` commands, 2 warm-ups and 5 builds per
        app, see its section). Each group is run in **3 separate processes**; a ratio is computed within
        each run (mean of the case / mean of the baseline in that run) and the table gives the **median of the 3
        per-run ratios** with their range. Times are the median of the 3 per-run means. Allocations per operation
        are exact (they agree across runs unless marked) and are compared strictly. Tables are written by the
        benchmark program itself (`measure`); the command under each table reproduces it.

        Commands (from the repository root):

        - one group, 3 processes, table rewritten: `dotnet run -c Release --project tests/Icws.Benchmarks -- measure --group <client|loopback|messages|generator|analyzers|build>`
        - every group: `dotnet run -c Release --project tests/Icws.Benchmarks -- measure --group all`
        - CI smoke test (each group's checks, then every benchmark once in process; exit code 1 if anything throws): `dotnet run --project tests/Icws.Benchmarks --no-build -- smoke` after `dotnet build Icws.Generated.sln` (about 35 s here under a light load, 17 s of it group 6's packing and builds), or `dotnet run -c Release --project tests/Icws.Benchmarks -- smoke` on its own
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
            case "build":
                RenderBuild(a, text);
                break;
        }

        var first = a.Runs[0];
        text.Append("\nReproduce: `").Append(a.Group.Command).Append("`  \n");
        text.Append("Measured ").Append(first.StartedUtc.ToString("yyyy-MM-dd HH:mm", Inv)).Append(" UTC, ")
            .Append(a.Runs.Count).Append(" runs of ").Append(string.Join(" / ", a.Runs.Select(r => r.WallSeconds.ToString("F0", Inv) + " s")))
            .Append(", job ").Append(a.Group.WarmupCount).Append(" warm-ups + ").Append(a.Group.IterationCount).Append(" iterations ").Append(a.Group.IterationDescription)
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
        text.Append($"Ours, in the two builds it serves: **the package's own build** (`IcwsGenerateStandardApi=true`), which compiles the standard spec into the package, once ({a.Extra("endpoints")} endpoints; it writes {a.Extra("generatedFiles.Ours")} files, {a.Extra("generatedLines.Ours")} lines); and **a consumer's build** with one spec file of its own (`build_property.RootNamespace` set; a `routing.icws.json` of {a.Extra("customSpec.attributes") ?? "3"} attributes, one of them a code attribute with its enum; it writes {a.Extra("generatedFiles.OursConsumer")} files, {a.Extra("generatedLines.OursConsumer")} lines), what every consumer build with a spec file runs (one without spec files reads nothing and writes nothing). ");
        text.Append($"Refit: its `InterfaceStubGeneratorV2`, loaded from the package's analyzer DLL, over one interface with the same {a.Extra("endpoints")} endpoints as the standard spec (same verbs, paths, path/query/header parameters and bodies; it writes {a.Extra("generatedFiles.Refit")} files, {a.Extra("generatedLines.Refit")} lines). Every project also holds the same {a.Extra("unrelatedFiles")} ordinary C# files.\n\n");
        text.Append("- **cold**: a new `CSharpGeneratorDriver` on a new compilation (trees already parsed, metadata cached, as in a compiler server);\n");
        text.Append("- **unrelated edit**: the driver that already ran, rerun after one ordinary file changed (a method body) - what the IDE does on every edit.\n\n");
        text.Append("| Scenario | Generator | Time | ÷ Refit | Allocated | Outputs redone after the edit |\n|---|---|---:|---:|---:|---:|\n");
        var names = new Dictionary<string, string> { ["Refit"] = "Refit 16.4 (80 endpoints)", ["Ours"] = "**ours**, the package's build (standard spec, 80 endpoints)", ["OursConsumer"] = "**ours**, a consumer's build (one spec file)" };
        foreach (var param in a.Params)
        {
            var firstRow = true;
            foreach (var method in new[] { "Refit", "Ours", "OursConsumer" })
            {
                if (a.Means(method, param).Count == 0)
                {
                    continue;
                }

                var label = firstRow ? (param == GeneratorBenchmarks.Cold ? "cold run" : "one unrelated edit") : string.Empty;
                firstRow = false;
                var redone = param == GeneratorBenchmarks.UnrelatedEdit ? $"{a.Extra("afterEdit.outputsRedone." + method)} of {a.Extra("afterEdit.outputs." + method)}" : "";
                text.Append($"| {label} | {names[method]} | {Time(Aggregate.Median(a.Means(method, param)))} | {(method == "Refit" ? "1.00" : RatioCell(a.RatiosToBaseline(method, param), true))} | {Bytes(a.Allocations(method, param))} | {redone} |\n");
            }
        }

        text.Append("\nSteps rerun after the edit - Refit's generator: ").Append(Steps(a, "Refit")).Append("; ours in the package's build: ").Append(Steps(a, "Ours"))
            .Append("; ours in a consumer's build: ").Append(Steps(a, "OursConsumer")).Append(".\n\n");
        text.Append("**Target** (issue 6): an unrelated edit regenerates nothing and costs less than Refit's rerun -");
        foreach (var (method, name) in new[] { ("Ours", "the package's build"), ("OursConsumer", "a consumer's build") })
        {
            var editRatio = Aggregate.Median(a.RatiosToBaseline(method, GeneratorBenchmarks.UnrelatedEdit));
            var redone = a.Extra("afterEdit.outputsRedone." + method);
            text.Append($" {name}: {(redone == "0" ? "✅" : "❌")} {redone ?? "?"} outputs redone, {(editRatio < 1 ? "✅" : "❌")} {Ratio(editRatio)}× Refit's time{(editRatio > 0 && editRatio < 1 ? $" (about 1/{(1 / editRatio).ToString("F0", Inv)})" : string.Empty)}{(method == "Ours" ? ";" : ".")}");
        }

        text.Append("\n\n");
    }

    private static string Steps(Aggregate a, string method) => string.IsNullOrEmpty(a.Extra("afterEdit.stepsRerun." + method)) ? "none" : a.Extra("afterEdit.stepsRerun." + method)!;

    // ---------------------------------------------------------------- group 5

    private static void RenderAnalyzers(Aggregate a, StringBuilder text)
    {
        text.Append($"A synthetic project of {a.Extra("files")} files ({a.Extra("lines.user")} lines) of agent flows using the standard API, compiled against the package's assembly, which holds it (the project has no spec files, so nothing is generated). Analyzers: {a.Extra("analyzers")}. Compile = `CSharpCompilation.Create` over the parsed trees and `Emit` to memory; with analyzers = the same with `CompilationWithAnalyzers` over it, as csc runs them. Single-threaded (`concurrentBuild` and `concurrentAnalysis` off) so that the shared cores do not decide the result.\n\n");
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

    // ---------------------------------------------------------------- group 6

    private static readonly (string Method, string Name)[] BuildApps =
    {
        ("WithoutPackage", "without the package (baseline)"),
        ("WithPackage", "**with Icws.Generated**"),
        ("WithSpec", "**with Icws.Generated + one spec file**"),
    };

    private static void RenderBuild(Aggregate a, StringBuilder text)
    {
        text.Append("What the package costs a consumer's incremental `dotnet build` (the issue: \"Every build pays for the whole spec\"). ");
        text.Append($"The setup packs `runtime/Icws.Runtime.csproj` ({a.Extra("package.configuration")}) as Icws.Generated under a prerelease version of its own (e.g. {a.Extra("package.version")}) into a feed of its own, and creates three console apps outside the repository - own `nuget.config` adding the feed, own `NUGET_PACKAGES`, empty `Directory.Build.props`/`.targets` - as `dotnet new console` makes them (net10.0, implicit usings, nullable):\n\n");
        text.Append("- **without the package** (baseline): a 6-line `Program.cs`;\n");
        text.Append("- **with Icws.Generated**: the same app with `<PackageReference Include=\"Icws.Generated\" />` and one more line that uses a standard type (`Console.WriteLine(Icws.Client.Attr.Eic_State);`);\n");
        text.Append("- **with Icws.Generated + one spec file**: that app plus `routing.icws.json` (three attributes, one of them a code attribute with its enum) and two lines that read them through the generated accessors.\n\n");
        text.Append("Each app is restored and built once, then every build is: `Program.cs` changed (a comment with a counter), `dotnet build --no-restore`, timed from start to exit, with the compiler server and MSBuild node reuse on as a developer's shell has them. ");
        text.Append($"BenchmarkDotNet (Monitoring strategy, one build per iteration, no memory diagnoser: {a.Group.WarmupCount} warm-up builds and {a.Group.IterationCount} measured builds per app, the apps one after another; per run the median build) and, in the same processes, the interleaved cross-check: the three apps take turns, one build each per round, the order rotating, {ConsumerBuildBenchmarks.InterleavedRounds} rounds after one warm-up round (per run the median build). Ratios are per run, then the median of the {a.Runs.Count} runs (range in brackets).\n\n");
        text.Append("| App | Build | × without | Build, interleaved | × without, interleaved | App assembly | ICWS files generated |\n|---|---:|---:|---:|---:|---:|---:|\n");
        foreach (var (method, name) in BuildApps)
        {
            var bold = method != "WithoutPackage";
            var medians = a.Runs.Select(r => a.Case(r, method, string.Empty)?.MedianNs ?? double.NaN).Where(v => !double.IsNaN(v)).ToList();
            var interleaved = a.ExtraNumbers("interleaved." + method);
            var files = a.Extra("generatedFiles." + method) ?? "?";
            var lines = a.Extra("generatedLines." + method);
            text.Append($"| {name} | {Time(Aggregate.Median(medians))} | {RatioCell(BuildRatios(a, method), bold)} | {Time(Aggregate.Median(interleaved))} | {RatioCell(InterleavedBuildRatios(a, method), bold)} | {Bytes(a.Extra("assemblyBytes." + method))} | {files}{(files != "0" && lines is not null ? $" ({lines} lines)" : string.Empty)} |\n");
        }

        string Judged(string method, double limit)
        {
            var bdn = Aggregate.Median(BuildRatios(a, method));
            var interleaved = Aggregate.Median(InterleavedBuildRatios(a, method));
            return Report.Verdict(bdn, limit, judge: true) + " / " + Report.Verdict(interleaved, limit, judge: true) + " (BenchmarkDotNet / interleaved)";
        }

        text.Append("\n**Target** (the issue): with the package ÷ without ≤ 1.15 - ").Append(Judged("WithPackage", 1.15))
            .Append("; with one spec file ÷ without ≤ 1.2 - ").Append(Judged("WithSpec", 1.2)).Append(".\n\n");
        text.Append("Before (version 0.1, which generated the whole client into every project; the issue's figures, median of 5 builds): 5.4 s with the package against 3.1 s without, 1.75× (1.5× with the analyzers off); the app's assembly grew from 6 KB to 320 KB.\n\n");

        if (a.Extra("generatedFileNames.WithSpec") is { Length: > 0 } names)
        {
            text.Append("Generated in the app with the spec file: ").Append(names).Append("; in the app with the package alone: nothing (the setup checks that its assembly defines the same types as the app without the package, and that the spec file's app runs and prints what its accessors read).\n\n");
        }

        string Ms(string key)
        {
            var values = a.Runs.Select(r => r.Extras.TryGetValue(key, out var v) ? v : null).Where(v => v is not null).ToList();
            if (values.Count == 0)
            {
                return "n/a";
            }

            if (values.Any(v => v == "<1"))
            {
                return "<1 ms";
            }

            return Aggregate.Median(values.Select(v => double.Parse(v!, Inv)).ToList()).ToString("F0", Inv) + " ms";
        }

        if (a.Extra("reportAnalyzerMs.generatorsTotal.WithoutPackage") is not null)
        {
            text.Append("Own execution times in one more build of each app (csc `-reportanalyzer`, read from the detailed log; median of the runs):\n\n");
            text.Append("| App | Icws.Generator | Icws.Analyzers | all generators | all analyzers |\n|---|---:|---:|---:|---:|\n");
            foreach (var (method, name) in BuildApps)
            {
                var generator = method == "WithoutPackage" ? "-" : Ms("reportAnalyzerMs.Icws.Generator." + method);
                var analyzers = method == "WithoutPackage" ? "-" : Ms("reportAnalyzerMs.Icws.Analyzers." + method);
                text.Append($"| {name.Replace("**", string.Empty)} | {generator} | {analyzers} | {Ms("reportAnalyzerMs.generatorsTotal." + method)} | {Ms("reportAnalyzerMs.analyzersTotal." + method)} |\n");
            }

            text.Append("\nWith the package the build also gets its dependencies (Microsoft.Extensions.Http, Options, Logging.Abstractions, DependencyInjection.Abstractions and what they bring): more references, and the logging and options source generators those packages carry.\n\n");
        }
    }

    /// <summary>Per run: the app's median build over the baseline's median build (BenchmarkDotNet's iterations).</summary>
    private static List<double> BuildRatios(Aggregate a, string method)
        => a.Runs.Select(r => (a.Case(r, method, string.Empty)?.MedianNs ?? double.NaN) / (a.Case(r, a.Group.Baseline, string.Empty)?.MedianNs ?? double.NaN)).Where(v => !double.IsNaN(v)).ToList();

    /// <summary>Per run: the app's median interleaved build over the baseline's.</summary>
    private static List<double> InterleavedBuildRatios(Aggregate a, string method)
        => a.Runs.Select(r => r.Extras.TryGetValue("interleaved." + method, out var x) && r.Extras.TryGetValue("interleaved." + a.Group.Baseline, out var y)
                ? double.Parse(x, Inv) / double.Parse(y, Inv)
                : double.NaN)
            .Where(v => !double.IsNaN(v)).ToList();

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
