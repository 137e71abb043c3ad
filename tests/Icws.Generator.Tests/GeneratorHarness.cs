using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Icws.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Icws.Generator.Tests;

/// <summary>Runs the generator over in-memory spec files and C# sources, the way the compiler would.</summary>
internal static class GeneratorHarness
{
    /// <summary>Doc comments are checked: the generated code must document every public member.</summary>
    public static readonly CSharpParseOptions ParseOptions = TestCompiler.DocumentedParseOptions;

    public static string DefaultSpecPath => Path.Combine(AppContext.BaseDirectory, "Specs", "icws.spec.json");

    public static string DefaultSpecText => File.ReadAllText(DefaultSpecPath);

    /// <summary>The real standard spec, every area's file: what the generator embeds and binds a consumer's files against.</summary>
    public static IEnumerable<string> RealStandardSpecTexts()
        => Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "StandardSpec"), "*.spec.json").OrderBy(f => f, StringComparer.Ordinal).Select(File.ReadAllText);

    public static string SpecText(string fileName) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Specs", fileName));

    /// <summary>The build properties of the package's own build, which compiles the standard spec.</summary>
    public static BuildProperties StandardOptions => BuildProperties.Standard;

    /// <summary>The build properties of a consumer project named Consumer (its spec files generate into that namespace).</summary>
    public static BuildProperties ConsumerOptions { get; } = BuildProperties.Consumer("Consumer");

    /// <summary>
    /// A compilation referencing the framework and the runtime assembly, which holds the standard API, that fails on
    /// any warning at the warning level of a net10.0 project (<see cref="TestCompiler.StrictCompilationOptions"/>; for
    /// the standard API's own output, <paramref name="standard"/>, CS0436 is silenced).
    /// </summary>
    public static CSharpCompilation CreateCompilation(bool standard, params string[] sources)
        => CSharpCompilation.Create(
            standard ? "StandardApi" : "Consumer",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            TestCompiler.References,
            TestCompiler.StrictCompilationOptions(standard ? IcwsBuild.Standard : IcwsBuild.Consumer));

    public static CSharpCompilation CreateCompilation(params string[] sources) => CreateCompilation(false, sources);

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> specs, BuildProperties? options = null, bool trackSteps = true)
        => TestCompiler.CreateGeneratorDriver(specs, options ?? ConsumerOptions, ParseOptions, trackSteps);

    /// <summary>Runs the generator once and compiles its output with warnings as errors (a consumer's build unless the options say otherwise).</summary>
    public static GeneratorResult Run(IEnumerable<AdditionalText> specs, string[]? sources = null, BuildProperties? options = null)
    {
        options ??= ConsumerOptions;
        var compilation = CreateCompilation(options.Build == IcwsBuild.Standard, sources ?? Array.Empty<string>());
        var driver = CreateDriver(specs, options).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        return new GeneratorResult(driver.GetRunResult(), (CSharpCompilation)output, generatorDiagnostics);
    }

    /// <summary>The package's own build: the standard spec (plus <paramref name="extra"/> files) into Icws.Client.</summary>
    public static GeneratorResult RunStandard(params AdditionalText[] extra)
        => Run(new[] { Spec(DefaultSpecPath, DefaultSpecText) }.Concat(extra), null, StandardOptions);

    /// <summary>A consumer's build with these spec files of its own (namespace Consumer).</summary>
    public static GeneratorResult RunConsumer(params AdditionalText[] specs) => Run(specs);

    public static AdditionalText Spec(string path, string text) => new InMemoryAdditionalText(path, text);

    public static string Scrub(string generated)
        => System.Text.RegularExpressions.Regex.Replace(generated, "GeneratedCode\\(\"Icws.Generator\", \"[^\"]*\"\\)", "GeneratedCode(\"Icws.Generator\", \"VERSION\")");
}

internal sealed record GeneratorResult(GeneratorDriverRunResult RunResult, CSharpCompilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    public IReadOnlyList<Diagnostic> CompileErrors => Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    public IReadOnlyDictionary<string, string> Files => RunResult.Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
}
