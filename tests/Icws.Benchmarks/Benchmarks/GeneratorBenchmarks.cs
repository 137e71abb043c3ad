using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Icws.Benchmarks.Compilers;
using Icws.Benchmarks.Consumers;
using Icws.Benchmarks.Infrastructure;
using Icws.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Icws.Benchmarks.Benchmarks;

/// <summary>
/// Group 4: our incremental generator in the two builds it now serves, against Refit's generator over an interface
/// with the same 80 endpoints as the standard spec, each in a project with the same 20 ordinary C# files.
/// <list type="bullet">
/// <item>Ours: the package's own build (<c>build_property.IcwsGenerateStandardApi=true</c>) over the standard spec, which it compiles into the package.</item>
/// <item>OursConsumer: a consumer's build (<c>build_property.RootNamespace</c> set) with one small spec file of its own (<see cref="RoutingSpec"/>): what every consumer build with a spec file runs.</item>
/// </list>
/// Scenarios:
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

    /// <summary>The package's own build: it compiles the standard spec into Icws.Client.</summary>
    private static readonly BuildProperties StandardOptions = BuildProperties.Standard;

    /// <summary>A consumer's build: its own spec files generate into its root namespace.</summary>
    private static readonly BuildProperties ConsumerOptions = BuildProperties.Consumer("Bench.App");

    private ImmutableArray<SyntaxTree> _files;
    private SyntaxTree _edited = null!;
    private SyntaxTree _refitInterface = null!;
    private AdditionalText _spec = null!;
    private AdditionalText _customSpec = null!;
    private ISourceGenerator _refitGenerator = null!;
    private CSharpCompilation _oursBase = null!;
    private CSharpCompilation _refitBase = null!;
    private GeneratorDriver _oursWarm = null!;
    private GeneratorDriver _refitWarm = null!;
    private GeneratorDriver _consumerWarm = null!;

    [Params(Cold, UnrelatedEdit)]
    public string Scenario { get; set; } = Cold;

    [GlobalSetup]
    public void Setup()
    {
        _files = CompilerFixtures.UnrelatedFiles(UnrelatedFileCount);
        _edited = CSharpSyntaxTree.ParseText(CompilerFixtures.UnrelatedSource(0, edited: true), TestCompiler.ParseOptions, path: _files[0].FilePath);
        _refitInterface = CSharpSyntaxTree.ParseText(CompilerFixtures.RefitInterfaceForSpec().Source, TestCompiler.ParseOptions, path: "/bench/App/IIcwsApi.cs");
        _spec = CompilerFixtures.Spec();
        _customSpec = new InMemoryAdditionalText("/bench/App/" + RoutingSpec.FileName, RoutingSpec.Text);
        _refitGenerator = CompilerFixtures.LoadRefitGenerator();
        _oursBase = OursCompilation();
        _refitBase = RefitCompilation();
        _oursWarm = OursDriver(trackSteps: false).RunGenerators(_oursBase);
        _refitWarm = RefitDriver(trackSteps: false).RunGenerators(_refitBase);
        _consumerWarm = ConsumerDriver(trackSteps: false).RunGenerators(_oursBase);
        Check(_oursWarm, "ours (standard API)", new[] { "Attr.g.cs", "InteractionAttributes.g.cs", "IcwsClient.g.cs", "IcwsMessages.g.cs" });
        Check(_consumerWarm, "ours (consumer)", new[] { RoutingSpec.CatalogClass + ".g.cs", RoutingSpec.AccessorsClass + ".g.cs", "CustomerSegment.g.cs" });
        Check(_refitWarm, "Refit", Array.Empty<string>());
    }

    [Benchmark(Baseline = true)]
    public GeneratorDriver Refit() => Scenario == Cold
        ? RefitDriver(trackSteps: false).RunGenerators(RefitCompilation())
        : _refitWarm.RunGenerators(_refitBase.ReplaceSyntaxTree(_files[0], _edited));

    [Benchmark]
    public GeneratorDriver Ours() => Scenario == Cold
        ? OursDriver(trackSteps: false).RunGenerators(OursCompilation())
        : _oursWarm.RunGenerators(_oursBase.ReplaceSyntaxTree(_files[0], _edited));

    [Benchmark]
    public GeneratorDriver OursConsumer() => Scenario == Cold
        ? ConsumerDriver(trackSteps: false).RunGenerators(OursCompilation())
        : _consumerWarm.RunGenerators(_oursBase.ReplaceSyntaxTree(_files[0], _edited));

    /// <summary>What each generator produces, and what it redoes after the unrelated edit (tracked steps).</summary>
    public Task CollectExtrasAsync(IDictionary<string, string> extras)
    {
        Setup();
        extras["endpoints"] = CompilerFixtures.RefitInterfaceForSpec().Endpoints.ToString(CultureInfo.InvariantCulture);
        extras["unrelatedFiles"] = UnrelatedFileCount.ToString(CultureInfo.InvariantCulture);
        extras["refitGenerator"] = CompilerFixtures.RefitGeneratorPath();
        using (var custom = System.Text.Json.JsonDocument.Parse(RoutingSpec.Text))
        {
            extras["customSpec.attributes"] = custom.RootElement.GetProperty("attributes").GetArrayLength().ToString(CultureInfo.InvariantCulture);
        }

        foreach (var (name, driver, compilation) in new[] { ("Ours", OursDriver(trackSteps: true), _oursBase), ("OursConsumer", ConsumerDriver(trackSteps: true), _oursBase), ("Refit", RefitDriver(trackSteps: true), _refitBase) })
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
            if (name != "Refit" && redone > 0)
            {
                throw new InvalidOperationException($"An unrelated edit made our generator ({name}) redo {redone} outputs.");
            }
        }

        return Task.CompletedTask;
    }

    private CSharpCompilation OursCompilation() => CSharpCompilation.Create("Bench.App", _files, CompilerFixtures.References, CompilerFixtures.CompilationOptions);

    private CSharpCompilation RefitCompilation() => CSharpCompilation.Create("Bench.App", _files.Add(_refitInterface), CompilerFixtures.References, CompilerFixtures.CompilationOptions);

    private GeneratorDriver OursDriver(bool trackSteps) => TestCompiler.CreateGeneratorDriver(new[] { _spec }, StandardOptions, trackSteps: trackSteps);

    private GeneratorDriver ConsumerDriver(bool trackSteps) => TestCompiler.CreateGeneratorDriver(new[] { _customSpec }, ConsumerOptions, trackSteps: trackSteps);

    private GeneratorDriver RefitDriver(bool trackSteps) => CSharpGeneratorDriver.Create(
        new[] { _refitGenerator },
        ImmutableArray<AdditionalText>.Empty,
        TestCompiler.ParseOptions,
        BuildProperties.None,
        new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>The generator ran without an exception or a warning and wrote (at least) the expected files; Refit's wrote something.</summary>
    private static void Check(GeneratorDriver driver, string name, string[] expectedFiles)
    {
        var result = driver.GetRunResult().Results.Single();
        if (result.Exception is not null)
        {
            throw new InvalidOperationException($"The {name} generator threw.", result.Exception);
        }

        // Ours must be clean (a warning such as ICWS1009 would mean it generated nothing); Refit's only free of errors.
        var problems = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error || (d.Severity == DiagnosticSeverity.Warning && d.Id.StartsWith("ICWS", StringComparison.Ordinal))).ToList();
        var files = result.GeneratedSources.Select(s => s.HintName).ToHashSet(StringComparer.Ordinal);
        var missing = expectedFiles.Where(f => !files.Contains(f)).ToList();
        if (problems.Count > 0 || missing.Count > 0 || files.Count == 0)
        {
            throw new InvalidOperationException($"The {name} generator produced {files.Count} files (missing: {string.Join(", ", missing)}) and {problems.Count} warnings or errors: {string.Join("; ", problems)}");
        }
    }
}
