using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Icws.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Icws.Generator.Tests;

/// <summary>Runs the generator over in-memory spec files and C# sources, the way the compiler would.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        // The running framework's assemblies plus the runtime library the generated code calls.
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return trusted
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Append(typeof(Icws.AttributeMap).Assembly.Location)
            // The runtime's dependencies (dependency injection, options, HttpClientFactory), as a package consumer has them.
            .Concat(Directory.GetFiles(AppContext.BaseDirectory, "Microsoft.Extensions.*.dll"))
            .Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    });

    public static string DefaultSpecPath => Path.Combine(AppContext.BaseDirectory, "Specs", "icws.spec.json");

    public static string DefaultSpecText => File.ReadAllText(DefaultSpecPath);

    public static string SpecText(string fileName) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Specs", fileName));

    /// <summary>The build properties of the package's own build, which compiles the standard spec.</summary>
    public static IReadOnlyDictionary<string, string> StandardOptions { get; } = new Dictionary<string, string> { ["build_property.IcwsGenerateStandardApi"] = "true" };

    /// <summary>The build properties of a consumer project named Consumer (its spec files generate into that namespace).</summary>
    public static IReadOnlyDictionary<string, string> ConsumerOptions { get; } = new Dictionary<string, string> { ["build_property.RootNamespace"] = "Consumer" };

    /// <summary>
    /// A compilation referencing the framework and the runtime assembly, which holds the standard API. For the standard
    /// API's own output (<paramref name="standard"/>), whose types the runtime already has, CS0436 (a source type wins
    /// over the imported one of that name) is expected and silenced: the generated source is what gets compiled.
    /// Warning level 10, as the SDK sets for a net10.0 project: the warning waves (e.g. CS8981, a type named in lower case)
    /// are on, as they are in a consumer's build.
    /// </summary>
    public static CSharpCompilation CreateCompilation(bool standard, params string[] sources)
    {
        var specific = new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress };
        if (standard)
        {
            specific["CS0436"] = ReportDiagnostic.Suppress;
        }

        return CSharpCompilation.Create(
            standard ? "StandardApi" : "Consumer",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, generalDiagnosticOption: ReportDiagnostic.Error, warningLevel: 10)
                .WithSpecificDiagnosticOptions(specific));
    }

    public static CSharpCompilation CreateCompilation(params string[] sources) => CreateCompilation(false, sources);

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> specs, IReadOnlyDictionary<string, string>? options = null, bool trackSteps = true)
        => CSharpGeneratorDriver.Create(
            new[] { new IcwsGenerator().AsSourceGenerator() },
            specs,
            ParseOptions,
            new TestOptionsProvider(options ?? ConsumerOptions),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator once and compiles its output with warnings as errors (a consumer's build unless the options say otherwise).</summary>
    public static GeneratorResult Run(IEnumerable<AdditionalText> specs, string[]? sources = null, IReadOnlyDictionary<string, string>? options = null)
    {
        options ??= ConsumerOptions;
        var standard = options.TryGetValue("build_property.IcwsGenerateStandardApi", out var value) && value == "true";
        var compilation = CreateCompilation(standard, sources ?? Array.Empty<string>());
        var driver = CreateDriver(specs, options).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        return new GeneratorResult(driver, driver.GetRunResult(), (CSharpCompilation)output, generatorDiagnostics);
    }

    /// <summary>The package's own build: the standard spec (plus <paramref name="extra"/> files) into Icws.Client.</summary>
    public static GeneratorResult RunStandard(params AdditionalText[] extra)
        => Run(new[] { Spec(DefaultSpecPath, DefaultSpecText) }.Concat(extra), null, StandardOptions);

    /// <summary>A consumer's build with these spec files of its own (namespace Consumer).</summary>
    public static GeneratorResult RunConsumer(params AdditionalText[] specs) => Run(specs);

    public static AdditionalText Spec(string path, string text) => new InMemoryAdditionalText(path, text);

    public static string Scrub(string generated)
        => System.Text.RegularExpressions.Regex.Replace(generated, "GeneratedCode\\(\"Icws.Generator\", \"[^\"]*\"\\)", "GeneratedCode(\"Icws.Generator\", \"VERSION\")");

    internal sealed class InMemoryAdditionalText : AdditionalText
    {
        private readonly SourceText _text;

        public InMemoryAdditionalText(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text, System.Text.Encoding.UTF8);
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    private sealed class TestOptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly TestOptions _global;

        public TestOptionsProvider(IReadOnlyDictionary<string, string> values) => _global = new TestOptions(values);

        public override AnalyzerConfigOptions GlobalOptions => _global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => TestOptions.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => TestOptions.Empty;
    }

    private sealed class TestOptions : AnalyzerConfigOptions
    {
        public static readonly TestOptions Empty = new(new Dictionary<string, string>());

        private readonly IReadOnlyDictionary<string, string> _values;

        public TestOptions(IReadOnlyDictionary<string, string> values) => _values = values;

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

internal sealed record GeneratorResult(GeneratorDriver Driver, GeneratorDriverRunResult RunResult, CSharpCompilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    public IReadOnlyList<Diagnostic> CompileErrors => Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    public IReadOnlyDictionary<string, string> Files => RunResult.Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
}
