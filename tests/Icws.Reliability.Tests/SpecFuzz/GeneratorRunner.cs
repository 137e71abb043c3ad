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

/// <summary>The outcome of one generator run, reduced to what the fuzz invariants look at.</summary>
internal sealed record GeneratorOutcome(ImmutableArray<Diagnostic> Diagnostics, Exception? Exception, IReadOnlyDictionary<string, string> Sources, TimeSpan Elapsed);

/// <summary>Runs the ICWS generator over spec files only, as the compiler would (no C# sources are needed).</summary>
internal static class GeneratorRunner
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private static readonly CSharpCompilation Empty = CSharpCompilation.Create("Fuzz", options: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(System.IO.Path.PathSeparator);
        return trusted
            .Where(p => System.IO.Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || System.IO.Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll" or "Microsoft.Extensions.Logging.Abstractions.dll")
            .Append(typeof(Icws.AttributeMap).Assembly.Location)
            .Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    });

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> texts)
        => CSharpGeneratorDriver.Create(
            new[] { new IcwsGenerator().AsSourceGenerator() },
            texts,
            ParseOptions,
            optionsProvider: null,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

    public static GeneratorOutcome Run(IEnumerable<AdditionalText> texts, CancellationToken cancellationToken = default)
        => Run(CreateDriver(texts), out _, cancellationToken);

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

    /// <summary>Compiles generated sources against the runtime; returns the errors and warnings.</summary>
    public static IReadOnlyList<Diagnostic> Compile(IEnumerable<string> sources)
    {
        var compilation = CSharpCompilation.Create(
            "FuzzOutput",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Generated{i}.g.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
                .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress }));
        return compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
    }
}
