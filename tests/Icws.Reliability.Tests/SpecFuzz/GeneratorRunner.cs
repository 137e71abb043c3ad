using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Icws.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Icws.Reliability.Tests.SpecFuzz;

/// <summary>A spec file given to the generator as bytes, decoded the way a compiler host would.</summary>
internal sealed class ByteAdditionalText : AdditionalText
{
    private readonly Lazy<SourceText?> _text;

    public ByteAdditionalText(string path, byte[] bytes, Decoding decoding)
    {
        Path = path;
        _text = new Lazy<SourceText?>(() => Decode(bytes, decoding));
    }

    public override string Path { get; }

    public override SourceText? GetText(CancellationToken cancellationToken = default) => _text.Value;

    /// <summary>Decodes like the host: <see cref="Decoding.Compiler"/> follows the compiler's reading of AdditionalFiles.</summary>
    public static SourceText? Decode(byte[] bytes, Decoding decoding)
    {
        switch (decoding)
        {
            case Decoding.Unreadable:
                return null;
            case Decoding.Stream:
                return SourceText.From(new MemoryStream(bytes, writable: false));
            default:
                // The compiler tries strict UTF-8 (or the BOM's encoding), falls back to a code page (Latin-1 here), and
                // refuses binary files (two NULs in a row) with a diagnostic of its own: the generator then gets no text.
                SourceText text;
                try
                {
                    text = SourceText.From(new MemoryStream(bytes, writable: false), new UTF8Encoding(false, throwOnInvalidBytes: true));
                }
                catch (DecoderFallbackException)
                {
                    text = SourceText.From(new MemoryStream(bytes, writable: false), Encoding.Latin1);
                }

                return text.ToString().Contains("\0\0", StringComparison.Ordinal) ? null : text;
        }
    }
}

/// <summary>
/// Which build the generator runs in: the package's own (<c>IcwsGenerateStandardApi=true</c>: the standard spec into
/// <c>Icws.Client</c>), or a consumer's (<c>RootNamespace</c> set: only its own <c>*.icws.json</c> files, bound against
/// the standard spec embedded in the generator).
/// </summary>
internal enum FuzzMode
{
    Standard,
    Consumer,
}

/// <summary>The outcome of one generator run, reduced to what the fuzz invariants look at.</summary>
internal sealed record GeneratorOutcome(ImmutableArray<Diagnostic> Diagnostics, Exception? Exception, IReadOnlyDictionary<string, string> Sources, TimeSpan Elapsed);

/// <summary>Runs the ICWS generator over spec files only, as the compiler would (no C# sources are needed).</summary>
internal static class GeneratorRunner
{
    /// <summary>The namespace of the fuzzed consumer project (its RootNamespace).</summary>
    public const string ConsumerNamespace = "Fuzz.Consumer";

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private static readonly CSharpCompilation Empty = CSharpCompilation.Create("Fuzz", options: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    private static readonly OptionsProvider StandardOptions = new(new Dictionary<string, string> { ["build_property.IcwsGenerateStandardApi"] = "true" });

    private static readonly OptionsProvider ConsumerOptions = new(new Dictionary<string, string> { ["build_property.RootNamespace"] = ConsumerNamespace });

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        // The framework, the runtime (which holds the standard API) and the runtime's own dependencies (logging,
        // dependency injection, options, HttpClientFactory), as a project referencing the package has them.
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(System.IO.Path.PathSeparator);
        return trusted
            .Concat(Directory.GetFiles(AppContext.BaseDirectory, "Microsoft.Extensions.*.dll"))
            .Where(p => System.IO.Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || System.IO.Path.GetFileName(p).StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)
                || System.IO.Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Append(typeof(Icws.AttributeMap).Assembly.Location)
            .GroupBy(p => System.IO.Path.GetFileName(p), StringComparer.OrdinalIgnoreCase)
            .Select(g => (MetadataReference)MetadataReference.CreateFromFile(g.First()))
            .ToImmutableArray();
    });

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> texts, FuzzMode mode)
        => CSharpGeneratorDriver.Create(
            new[] { new IcwsGenerator().AsSourceGenerator() },
            texts,
            ParseOptions,
            mode == FuzzMode.Standard ? StandardOptions : ConsumerOptions,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

    public static GeneratorOutcome Run(IEnumerable<AdditionalText> texts, FuzzMode mode, CancellationToken cancellationToken = default)
        => Run(CreateDriver(texts, mode), out _, cancellationToken);

    /// <summary>Runs (or re-runs, incrementally) a driver; any exception that escapes it is part of the outcome.</summary>
    public static GeneratorOutcome Run(GeneratorDriver driver, out GeneratorDriver updated, CancellationToken cancellationToken = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            updated = driver.RunGenerators(Empty, cancellationToken);
            var result = updated.GetRunResult();
            var generator = result.Results.Single();
            var sources = generator.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);
            return new GeneratorOutcome(result.Diagnostics, generator.Exception, sources, clock.Elapsed);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            updated = driver;
            return new GeneratorOutcome(ImmutableArray<Diagnostic>.Empty, ex, new Dictionary<string, string>(), clock.Elapsed);
        }
    }

    /// <summary>
    /// Compiles generated sources against the runtime, warnings as errors at the warning level of a net10.0 project (the
    /// warning waves on: CS8981 and the like); returns the errors and warnings. The standard
    /// API's own output redeclares the types Icws.Runtime.dll already holds: CS0436 (the source type wins) is expected
    /// there and silenced, as in the package's build, where that source is the assembly's own.
    /// </summary>
    public static IReadOnlyList<Diagnostic> Compile(IEnumerable<string> sources, FuzzMode mode)
    {
        // Adding trees to one empty compilation per mode keeps its bound references: each case binds only its own code.
        var compilation = (mode == FuzzMode.Standard ? StandardCompilation : ConsumerCompilation).Value
            .AddSyntaxTrees(sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Generated{i}.g.cs")));
        return compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
    }

    private static readonly Lazy<CSharpCompilation> StandardCompilation = new(() => CreateCompilation(FuzzMode.Standard));

    private static readonly Lazy<CSharpCompilation> ConsumerCompilation = new(() => CreateCompilation(FuzzMode.Consumer));

    private static CSharpCompilation CreateCompilation(FuzzMode mode)
    {
        var specific = new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress };
        if (mode == FuzzMode.Standard)
        {
            specific["CS0436"] = ReportDiagnostic.Suppress;
        }

        var compilation = CSharpCompilation.Create(
            mode == FuzzMode.Standard ? "FuzzStandardApi" : "FuzzConsumer",
            Array.Empty<SyntaxTree>(),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, generalDiagnosticOption: ReportDiagnostic.Error, warningLevel: 10)
                .WithSpecificDiagnosticOptions(specific));
        _ = compilation.GetDiagnostics();
        return compilation;
    }

    /// <summary>The MSBuild properties the generator sees, as build_property.* global options.</summary>
    private sealed class OptionsProvider : AnalyzerConfigOptionsProvider
    {
        private static readonly Options None = new(new Dictionary<string, string>());

        private readonly Options _global;

        public OptionsProvider(IReadOnlyDictionary<string, string> values) => _global = new Options(values);

        public override AnalyzerConfigOptions GlobalOptions => _global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => None;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => None;

        private sealed class Options : AnalyzerConfigOptions
        {
            private readonly IReadOnlyDictionary<string, string> _values;

            public Options(IReadOnlyDictionary<string, string> values) => _values = values;

            public override bool TryGetValue(string key, out string value)
            {
                if (_values.TryGetValue(key, out var found))
                {
                    value = found;
                    return true;
                }

                value = string.Empty;
                return false;
            }
        }
    }
}
