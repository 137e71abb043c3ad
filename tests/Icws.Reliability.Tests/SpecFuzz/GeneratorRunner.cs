using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Icws.Testing;
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
    /// <summary>The namespace of the fuzzed consumer project (its RootNamespace).</summary>
    public const string ConsumerNamespace = "Fuzz.Consumer";

    /// <summary>Doc comments are checked: the generated code must document every public member.</summary>
    public static readonly CSharpParseOptions ParseOptions = TestCompiler.DocumentedParseOptions;

    private static readonly CSharpCompilation Empty = CSharpCompilation.Create("Fuzz", options: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    /// <summary>
    /// The package's own build (<see cref="IcwsBuild.Standard"/>: the standard spec into <c>Icws.Client</c>), or a
    /// consumer's (<see cref="IcwsBuild.Consumer"/>, RootNamespace <see cref="ConsumerNamespace"/>: only its own
    /// <c>*.icws.json</c> files, bound against the standard spec embedded in the generator).
    /// </summary>
    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> texts, IcwsBuild mode)
        => TestCompiler.CreateGeneratorDriver(texts, BuildProperties.For(mode, ConsumerNamespace), ParseOptions);

    public static GeneratorOutcome Run(IEnumerable<AdditionalText> texts, IcwsBuild mode, CancellationToken cancellationToken = default)
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
    /// Compiles generated sources against the runtime, failing on any warning (<see cref="TestCompiler.StrictCompilationOptions"/>:
    /// the warning waves on; CS0436 silenced for the standard API's own output, whose types Icws.Runtime.dll already
    /// holds); returns the errors and warnings.
    /// </summary>
    public static IReadOnlyList<Diagnostic> Compile(IEnumerable<string> sources, IcwsBuild mode)
    {
        // Adding trees to one empty compilation per mode keeps its bound references: each case binds only its own code.
        var compilation = (mode == IcwsBuild.Standard ? StandardCompilation : ConsumerCompilation).Value
            .AddSyntaxTrees(sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Generated{i}.g.cs")));
        return compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
    }

    private static readonly Lazy<CSharpCompilation> StandardCompilation = new(() => CreateCompilation(IcwsBuild.Standard));

    private static readonly Lazy<CSharpCompilation> ConsumerCompilation = new(() => CreateCompilation(IcwsBuild.Consumer));

    private static CSharpCompilation CreateCompilation(IcwsBuild mode)
    {
        var compilation = CSharpCompilation.Create(
            mode == IcwsBuild.Standard ? "FuzzStandardApi" : "FuzzConsumer",
            Array.Empty<SyntaxTree>(),
            TestCompiler.References,
            TestCompiler.StrictCompilationOptions(mode));
        _ = compilation.GetDiagnostics();
        return compilation;
    }
}
