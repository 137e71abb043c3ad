using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Icws.Benchmarks.Compilers;
using Icws.Benchmarks.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Icws.Benchmarks.Benchmarks;

/// <summary>
/// Group 5: the ICWS analyzers on a 500-file project that uses the standard API (compiled into the package's
/// assembly, so the project generates nothing). Compile = a new compilation of the 500 parsed files against the
/// package's assembly, emitted to memory; with analyzers =
/// the same plus the ICWS analyzers over it, as csc runs them. Single-threaded (concurrentBuild and
/// concurrentAnalysis off) so that the shared cores do not decide the outcome. The analyzers' own time
/// (Roslyn's per-analyzer execution time, what -p:ReportAnalyzer=true reports) is collected as an extra.
/// </summary>
[MemoryDiagnoser]
public class AnalyzerBenchmarks : IHasExtras
{
    private ImmutableArray<SyntaxTree> _trees;
    private ImmutableArray<DiagnosticAnalyzer> _analyzers;

    [GlobalSetup]
    public void Setup()
    {
        _analyzers = LoadAnalyzers();
        _trees = SyntheticProject.Files();
    }

    [Benchmark(Baseline = true)]
    public bool Compile() => Emit(NewCompilation());

    [Benchmark]
    public int CompileWithAnalyzers()
    {
        var compilation = NewCompilation();
        var withAnalyzers = compilation.WithAnalyzers(_analyzers, new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: false));
        if (!Emit(withAnalyzers.Compilation))
        {
            throw new InvalidOperationException("Emit failed.");
        }

        return withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult().Length;
    }

    /// <summary>The analyzers' own execution time (median of 3 analyses), their findings, and the project's size.</summary>
    public async Task CollectExtrasAsync(IDictionary<string, string> extras)
    {
        Setup();
        extras["files"] = SyntheticProject.FileCount.ToString(CultureInfo.InvariantCulture);
        extras["lines.user"] = _trees.Take(SyntheticProject.FileCount).Sum(t => t.GetText().Lines.Count).ToString(CultureInfo.InvariantCulture);
        extras["analyzers"] = string.Join(", ", _analyzers.Select(a => a.GetType().Name));

        var perAnalyzer = new Dictionary<string, List<double>>();
        var totals = new List<double>();
        var compiles = new List<double>();
        ImmutableArray<Diagnostic> diagnostics = default;
        for (var i = 0; i < (BenchSettings.Smoke ? 1 : 3); i++)
        {
            var watch = Stopwatch.StartNew();
            Emit(NewCompilation());
            compiles.Add(watch.Elapsed.TotalMilliseconds);

            var analysis = NewCompilation().WithAnalyzers(_analyzers, new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
            diagnostics = await analysis.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
            var total = 0.0;
            foreach (var analyzer in _analyzers)
            {
                var info = await analysis.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
                var ms = info.ExecutionTime.TotalMilliseconds;
                total += ms;
                var name = analyzer.GetType().Name;
                (perAnalyzer.TryGetValue(name, out var list) ? list : perAnalyzer[name] = new List<double>()).Add(ms);
            }

            totals.Add(total);
        }

        foreach (var (name, values) in perAnalyzer)
        {
            extras["executionMs." + name] = Median(values).ToString("F1", CultureInfo.InvariantCulture);
        }

        extras["executionMs.total"] = Median(totals).ToString("F1", CultureInfo.InvariantCulture);
        extras["compileMs.stopwatch"] = Median(compiles).ToString("F1", CultureInfo.InvariantCulture);
        foreach (var group in diagnostics.GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            extras["diagnostics." + group.Key] = group.Count().ToString(CultureInfo.InvariantCulture);
        }

        extras["diagnostics.expected"] = $"ICWS2001 {SyntheticProject.ExpectedUnknownNames}, ICWS2003 {SyntheticProject.ExpectedWatchesInLoops}, ICWS2004 {SyntheticProject.ExpectedUnselectedReads}";
    }

    /// <summary>Every DiagnosticAnalyzer in Icws.Analyzers.dll, found the way the compiler finds them.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> LoadAnalyzers()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Icws.Analyzers.dll");
        var assembly = File.Exists(path) ? Assembly.LoadFrom(path) : throw new FileNotFoundException("Icws.Analyzers.dll is not next to the benchmarks; build analyzers/Icws.Analyzers first.", path);
        var analyzers = assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttributes<DiagnosticAnalyzerAttribute>().Any(a => a.Languages.Contains(LanguageNames.CSharp)))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        return analyzers.IsEmpty ? throw new InvalidOperationException("Icws.Analyzers.dll has no analyzers.") : analyzers;
    }

    private CSharpCompilation NewCompilation() => CSharpCompilation.Create("Bench.Agent", _trees, CompilerFixtures.References, CompilerFixtures.CompilationOptions);

    private static bool Emit(Compilation compilation)
    {
        using var peStream = new MemoryStream();
        var result = compilation.Emit(peStream);
        return result.Success ? true : throw new InvalidOperationException("The synthetic project does not compile: " + string.Join("; ", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5)));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
