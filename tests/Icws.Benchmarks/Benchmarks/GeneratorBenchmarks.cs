using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Icws.Benchmarks.Compilers;
using Icws.Benchmarks.Infrastructure;
using Icws.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Icws.Benchmarks.Benchmarks;

/// <summary>
/// Group 4: our incremental generator over the full default spec against Refit's generator over an interface
/// with the same 80 endpoints, both in a project with the same 20 ordinary C# files.
/// <list type="bullet">
/// <item>Cold: a new driver on a new compilation (already parsed trees, metadata cached: a warm compiler server's first build of the project).</item>
/// <item>UnrelatedEdit: the driver that already ran, rerun after one ordinary file changed (what the IDE does on a keystroke).</item>
/// </list>
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks : IHasExtras
{
    public const string Cold = "Cold";
    public const string UnrelatedEdit = "UnrelatedEdit";
    private const int UnrelatedFileCount = 20;

    private ImmutableArray<SyntaxTree> _files;
    private SyntaxTree _edited = null!;
    private SyntaxTree _refitInterface = null!;
    private AdditionalText _spec = null!;
    private ISourceGenerator _refitGenerator = null!;
    private CSharpCompilation _oursBase = null!;
    private CSharpCompilation _refitBase = null!;
    private GeneratorDriver _oursWarm = null!;
    private GeneratorDriver _refitWarm = null!;

    [Params(Cold, UnrelatedEdit)]
    public string Scenario { get; set; } = Cold;

    [GlobalSetup]
    public void Setup()
    {
        _files = CompilerFixtures.UnrelatedFiles(UnrelatedFileCount);
        _edited = CSharpSyntaxTree.ParseText(CompilerFixtures.UnrelatedSource(0, edited: true), CompilerFixtures.ParseOptions, path: _files[0].FilePath);
        _refitInterface = CSharpSyntaxTree.ParseText(CompilerFixtures.RefitInterfaceForSpec().Source, CompilerFixtures.ParseOptions, path: "/bench/App/IIcwsApi.cs");
        _spec = CompilerFixtures.Spec();
        _refitGenerator = CompilerFixtures.LoadRefitGenerator();
        _oursBase = OursCompilation();
        _refitBase = RefitCompilation();
        _oursWarm = OursDriver(trackSteps: false).RunGenerators(_oursBase);
        _refitWarm = RefitDriver(trackSteps: false).RunGenerators(_refitBase);
        Check(_oursWarm, "ours", expectedSources: 5);
        Check(_refitWarm, "Refit", expectedSources: 1);
    }

    [Benchmark(Baseline = true)]
    public GeneratorDriver Refit() => Scenario == Cold
        ? RefitDriver(trackSteps: false).RunGenerators(RefitCompilation())
        : _refitWarm.RunGenerators(_refitBase.ReplaceSyntaxTree(_files[0], _edited));

    [Benchmark]
    public GeneratorDriver Ours() => Scenario == Cold
        ? OursDriver(trackSteps: false).RunGenerators(OursCompilation())
        : _oursWarm.RunGenerators(_oursBase.ReplaceSyntaxTree(_files[0], _edited));

    /// <summary>What each generator produces, and what it redoes after the unrelated edit (tracked steps).</summary>
    public Task CollectExtrasAsync(IDictionary<string, string> extras)
    {
        Setup();
        extras["endpoints"] = CompilerFixtures.RefitInterfaceForSpec().Endpoints.ToString(CultureInfo.InvariantCulture);
        extras["unrelatedFiles"] = UnrelatedFileCount.ToString(CultureInfo.InvariantCulture);
        extras["refitGenerator"] = CompilerFixtures.RefitGeneratorPath();
        foreach (var (name, driver, compilation) in new[] { ("Ours", OursDriver(trackSteps: true), _oursBase), ("Refit", RefitDriver(trackSteps: true), _refitBase) })
        {
            var first = driver.RunGenerators(compilation);
            var firstResult = first.GetRunResult().Results.Single();
            extras["generatedFiles." + name] = firstResult.GeneratedSources.Length.ToString(CultureInfo.InvariantCulture);
            extras["generatedLines." + name] = firstResult.GeneratedSources.Sum(s => s.SourceText.Lines.Count).ToString(CultureInfo.InvariantCulture);
            var second = first.RunGenerators(compilation.ReplaceSyntaxTree(_files[0], _edited)).GetRunResult().Results.Single();
            var outputs = second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).ToList();
            var redone = outputs.Count(o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
            extras["afterEdit.outputs." + name] = outputs.Count.ToString(CultureInfo.InvariantCulture);
            extras["afterEdit.outputsRedone." + name] = redone.ToString(CultureInfo.InvariantCulture);
            // Roslyn's own input node "Compilation" is always new after an edit; list the generator's steps.
            var steps = second.TrackedSteps.Where(s => s.Key != "Compilation").SelectMany(s => s.Value.SelectMany(v => v.Outputs).Select(o => (s.Key, o.Reason))).ToList();
            extras["afterEdit.stepsRerun." + name] = string.Join(", ", steps.Where(s => s.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
                .GroupBy(s => s.Key).Select(g => $"{g.Key} ×{g.Count()}"));
            if (name == "Ours" && redone > 0)
            {
                throw new InvalidOperationException($"An unrelated edit made our generator redo {redone} outputs.");
            }
        }

        return Task.CompletedTask;
    }

    private CSharpCompilation OursCompilation() => CSharpCompilation.Create("Bench.App", _files, CompilerFixtures.References, CompilerFixtures.CompilationOptions);

    private CSharpCompilation RefitCompilation() => CSharpCompilation.Create("Bench.App", _files.Add(_refitInterface), CompilerFixtures.References, CompilerFixtures.CompilationOptions);

    private GeneratorDriver OursDriver(bool trackSteps) => CSharpGeneratorDriver.Create(
        new[] { new IcwsGenerator().AsSourceGenerator() },
        new[] { _spec },
        CompilerFixtures.ParseOptions,
        CompilerFixtures.Options,
        new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    private GeneratorDriver RefitDriver(bool trackSteps) => CSharpGeneratorDriver.Create(
        new[] { _refitGenerator },
        ImmutableArray<AdditionalText>.Empty,
        CompilerFixtures.ParseOptions,
        CompilerFixtures.Options,
        new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    private static void Check(GeneratorDriver driver, string name, int expectedSources)
    {
        var result = driver.GetRunResult().Results.Single();
        if (result.Exception is not null)
        {
            throw new InvalidOperationException($"The {name} generator threw.", result.Exception);
        }

        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0 || result.GeneratedSources.Length < expectedSources)
        {
            throw new InvalidOperationException($"The {name} generator produced {result.GeneratedSources.Length} files and {errors.Count} errors: {string.Join("; ", errors)}");
        }
    }
}
