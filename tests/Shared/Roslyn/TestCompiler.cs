using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Icws.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Icws.Testing;

/// <summary>
/// What the test projects compile with, the way a project using Icws.Generated is compiled: the references, the parse
/// and compilation options, and the ICWS generator's driver for either build. Shared as source by the generator,
/// analyzer, reliability tests and the benchmarks (no test framework here).
/// </summary>
internal static class TestCompiler
{
    /// <summary>C# as the SDK's compiler parses it (latest language version; doc comments parsed, not checked).</summary>
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>As <see cref="ParseOptions"/>, with doc comments checked as a build with a documentation file does (CS1591, CS1570...): for generated code.</summary>
    public static readonly CSharpParseOptions DocumentedParseOptions = ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose);

    /// <summary>A library with nullable reference types on; CS1701/CS1702 (assembly version unification) silenced, as the SDK does.</summary>
    public static readonly CSharpCompilationOptions CompilationOptions = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
        .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress });

    private static readonly CSharpCompilationOptions StrictConsumerOptions = CompilationOptions.WithGeneralDiagnosticOption(ReportDiagnostic.Error).WithWarningLevel(10);

    private static readonly CSharpCompilationOptions StrictStandardOptions = StrictConsumerOptions.WithSpecificDiagnosticOptions(
        StrictConsumerOptions.SpecificDiagnosticOptions.SetItem("CS0436", ReportDiagnostic.Suppress));

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(() =>
        ReferencePaths().Append(typeof(AttributeMap).Assembly.Location).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray());

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyFrameworkReferences = new(() =>
        ReferencePaths().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray());

    /// <summary>
    /// The running framework, the Microsoft.Extensions packages (logging, dependency injection, options,
    /// HttpClientFactory) and Icws.Runtime.dll, which holds the standard API: what a project using Icws.Generated
    /// compiles against.
    /// </summary>
    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    /// <summary>As <see cref="References"/> without Icws.Runtime.dll: a project that does not use Icws.Generated.</summary>
    public static ImmutableArray<MetadataReference> FrameworkReferences => LazyFrameworkReferences.Value;

    /// <summary>
    /// Options that fail on any warning at the warning level of a net10.0 project (the warning waves on: CS8981 and
    /// the like). The standard API's own output redeclares the types Icws.Runtime.dll already holds: in
    /// <see cref="IcwsBuild.Standard"/>, CS0436 (a source type wins over the imported one) is expected and silenced,
    /// as in the package's build, where that source is the assembly's own.
    /// </summary>
    public static CSharpCompilationOptions StrictCompilationOptions(IcwsBuild build)
        => build == IcwsBuild.Standard ? StrictStandardOptions : StrictConsumerOptions;

    /// <summary>A driver running the ICWS generator over these spec files with these build properties.</summary>
    public static GeneratorDriver CreateGeneratorDriver(IEnumerable<AdditionalText> specs, BuildProperties properties, CSharpParseOptions? parseOptions = null, bool trackSteps = false)
        => CSharpGeneratorDriver.Create(
            new[] { new IcwsGenerator().AsSourceGenerator() },
            specs,
            parseOptions ?? ParseOptions,
            properties,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>
    /// The framework's assemblies from the trusted platform list, with the Microsoft.Extensions packages of the test
    /// project's output folder, one file per name.
    /// </summary>
    private static IEnumerable<string> ReferencePaths()
        => ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(Directory.GetFiles(AppContext.BaseDirectory, "Microsoft.Extensions.*.dll"))
            .Where(p => Path.GetFileName(p) is var name
                        && (name.StartsWith("System.", StringComparison.Ordinal)
                            || name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)
                            || name is "netstandard.dll" or "mscorlib.dll"))
            .GroupBy(p => Path.GetFileName(p), StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First());
}
