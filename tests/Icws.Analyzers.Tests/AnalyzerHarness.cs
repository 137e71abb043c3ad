using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Icws.Analyzers;
using Icws.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace Icws.Analyzers.Tests;

/// <summary>
/// Compiles test code the way a user project is compiled: against the real Icws.Runtime.dll (which holds the standard
/// API, compiled once from the package's spec), with the generator's output for the project's own *.icws.json files
/// (if any; into namespace <see cref="ConsumerNamespace"/>, the project's RootNamespace), plus any libraries built
/// the same way; then the ICWS analyzers run over it. Generated trees and libraries are cached per spec set, so most
/// tests only parse and bind their own source.
/// </summary>
internal static class AnalyzerHarness
{
    /// <summary>The RootNamespace of the test project: where its own spec files' code goes.</summary>
    public const string ConsumerNamespace = "Consumer";

    public static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(
        new AttributeNameAnalyzer(), new InteractionWatchInLoopAnalyzer(), new AttributeNotSubscribedAnalyzer());

    private static readonly ConcurrentDictionary<string, Lazy<ImmutableArray<(string HintName, SyntaxTree Tree)>>> Generated = new();

    /// <summary>The generator's output with <c>IcwsNamespace</c> set (null: the project's RootNamespace, <see cref="ConsumerNamespace"/>).</summary>
    public static ImmutableArray<(string HintName, SyntaxTree Tree)> GeneratedTreesIn(string? ns, params (string Path, string Json)[] customSpecs)
        => GeneratedTreesFor(ConsumerNamespace, ns, TestCompiler.References, customSpecs);

    /// <summary>The generator's output for a project with this RootNamespace (and IcwsNamespace), compiled against <paramref name="references"/>.</summary>
    public static ImmutableArray<(string HintName, SyntaxTree Tree)> GeneratedTreesFor(string rootNamespace, string? ns, ImmutableArray<MetadataReference> references, params (string Path, string Json)[] customSpecs)
    {
        if (customSpecs.Length == 0)
        {
            // A project without spec files of its own gets nothing from the generator.
            return ImmutableArray<(string, SyntaxTree)>.Empty;
        }

        var key = rootNamespace + "\n" + ns + "\n" + string.Join("\n", customSpecs.Select(s => s.Path + "\n" + s.Json));
        return Generated.GetOrAdd(key, _ => new Lazy<ImmutableArray<(string, SyntaxTree)>>(() => RunGenerator(rootNamespace, ns, references, customSpecs))).Value;
    }

    public static CSharpCompilation CreateCompilation(string source, params (string Path, string Json)[] customSpecs)
        => CreateCompilation(source, TestProject.With(customSpecs));

    public static CSharpCompilation CreateCompilation(string source, TestProject project)
        => CSharpCompilation.Create(
            ConsumerNamespace,
            GeneratedTreesFor(ConsumerNamespace, null, project.References, project.Specs).Select(g => g.Tree).Append(CSharpSyntaxTree.ParseText(source, TestCompiler.ParseOptions, path: "Test0.cs")),
            project.References,
            TestCompiler.CompilationOptions);

    /// <summary>The ICWS diagnostics of <paramref name="source"/>; fails when the source does not compile or an analyzer throws.</summary>
    public static async Task<ImmutableArray<Diagnostic>> GetDiagnosticsAsync(string source, AnalyzerConfigOptionsProvider? options = null, params (string Path, string Json)[] customSpecs)
    {
        var compilation = CreateCompilation(source, customSpecs);
        return await AnalyzeAsync(compilation, options);
    }

    /// <summary>The ICWS diagnostics of <paramref name="source"/> in a project with its own spec files and libraries.</summary>
    public static Task<ImmutableArray<Diagnostic>> GetDiagnosticsAsync(string source, TestProject project)
        => AnalyzeAsync(CreateCompilation(source, project));

    /// <summary>
    /// Analyzes the test tree only (the generated files are not analyzed in a real build either): compiler errors
    /// of that tree, then the analyzers' diagnostics for it; fails when an analyzer throws.
    /// </summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation, AnalyzerConfigOptionsProvider? options = null, string testPath = "Test0.cs")
    {
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == testPath);
        var model = compilation.GetSemanticModel(tree);
        var errors = model.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error || (d.Severity == DiagnosticSeverity.Warning && d.Id != "CS1998"))
            .ToList();
        Assert.True(errors.Count == 0, "The test source does not compile:\n" + string.Join("\n", errors));

        var analyzerOptions = options is null
            ? new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty)
            : new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, options);
        var thrown = new ConcurrentQueue<Exception>();
        var withAnalyzers = compilation.WithAnalyzers(Analyzers, new CompilationWithAnalyzersOptions(analyzerOptions, onAnalyzerException: (exception, _, _) => thrown.Enqueue(exception), concurrentAnalysis: false, logAnalyzerExecutionTime: false));
        var diagnostics = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, filterSpan: null, CancellationToken.None);
        Assert.True(thrown.IsEmpty, "An analyzer threw:\n" + string.Join("\n", thrown));
        var failures = diagnostics.Where(d => d.Id == "AD0001").ToList();
        Assert.True(failures.Count == 0, "An analyzer threw:\n" + string.Join("\n", failures.Select(f => f.GetMessage())));
        return diagnostics.Where(d => d.Id.StartsWith("ICWS", StringComparison.Ordinal)).OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
    }

    /// <summary>
    /// Checks the diagnostics against markup: <c>{|ICWS2001:text|}</c> marks where each is expected. Any other
    /// ICWS diagnostic, or a missing one, fails the test with the actual list.
    /// </summary>
    public static Task VerifyAsync(string markup, params (string Path, string Json)[] customSpecs)
        => VerifyAsync(markup, TestProject.With(customSpecs));

    /// <summary>As <see cref="VerifyAsync(string, (string Path, string Json)[])"/>, in a project with its own spec files and libraries.</summary>
    public static async Task<ImmutableArray<Diagnostic>> VerifyAsync(string markup, TestProject project)
    {
        var (source, expected) = Markup.Parse(markup);
        var actual = await GetDiagnosticsAsync(source, project);
        AssertMatches(source, expected, actual);
        return actual;
    }

    public static void AssertMatches(string source, IReadOnlyList<(string Id, TextSpan Span)> expected, ImmutableArray<Diagnostic> actual)
    {
        var actualPairs = actual
            .Where(d => d.Location.SourceTree?.FilePath == "Test0.cs")
            .Select(d => (d.Id, d.Location.SourceSpan))
            .ToList();
        var notInTest = actual.Where(d => d.Location.SourceTree?.FilePath != "Test0.cs").ToList();
        var ok = notInTest.Count == 0 && expected.OrderBy(e => e.Span.Start).ThenBy(e => e.Id).SequenceEqual(actualPairs.OrderBy(e => e.SourceSpan.Start).ThenBy(e => e.Id));
        if (!ok)
        {
            var text = new StringBuilder();
            text.AppendLine("Expected:");
            foreach (var (id, span) in expected)
            {
                text.AppendLine($"  {id} at {span}: '{source.Substring(span.Start, span.Length)}'");
            }

            text.AppendLine("Actual:");
            foreach (var diagnostic in actual)
            {
                var span = diagnostic.Location.SourceSpan;
                var snippet = diagnostic.Location.SourceTree?.FilePath == "Test0.cs" ? source.Substring(span.Start, span.Length) : diagnostic.Location.SourceTree?.FilePath;
                text.AppendLine($"  {diagnostic.Id} at {span}: '{snippet}' - {diagnostic.GetMessage()}");
            }

            Assert.Fail(text.ToString());
        }
    }

    /// <summary>
    /// Runs the generator as a consumer's build does: the project's own spec files only (the standard spec is in the
    /// runtime), with the project's RootNamespace (and IcwsNamespace, when set) as MSBuild hands them over.
    /// </summary>
    private static ImmutableArray<(string, SyntaxTree)> RunGenerator(string rootNamespace, string? ns, ImmutableArray<MetadataReference> references, (string Path, string Json)[] customSpecs)
    {
        var specs = customSpecs.Select(s => (AdditionalText)new InMemoryAdditionalText(s.Path, s.Json)).ToList();
        var driver = TestCompiler.CreateGeneratorDriver(specs, BuildProperties.Consumer(rootNamespace, ns));
        var empty = CSharpCompilation.Create(rootNamespace, Array.Empty<SyntaxTree>(), references, TestCompiler.CompilationOptions);
        var result = driver.RunGenerators(empty).GetRunResult();
        var problems = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, "The generator reported:\n" + string.Join("\n", problems));
        return result.Results.Single().GeneratedSources
            .Select(s => (s.HintName, CSharpSyntaxTree.ParseText(s.SourceText, TestCompiler.ParseOptions, path: "Generated/" + s.HintName)))
            .ToImmutableArray();
    }
}

/// <summary><c>{|ID:text|}</c> markup: the source without the markers, and each marked span with its id.</summary>
internal static class Markup
{
    public static (string Source, List<(string Id, TextSpan Span)> Spans) Parse(string markup)
    {
        var source = new StringBuilder();
        var spans = new List<(string, TextSpan)>();
        var open = new Stack<(string Id, int Start)>();
        var i = 0;
        while (i < markup.Length)
        {
            if (markup[i] == '{' && i + 1 < markup.Length && markup[i + 1] == '|')
            {
                var colon = markup.IndexOf(':', i + 2);
                open.Push((markup.Substring(i + 2, colon - i - 2), source.Length));
                i = colon + 1;
                continue;
            }

            if (markup[i] == '|' && i + 1 < markup.Length && markup[i + 1] == '}' && open.Count > 0)
            {
                var (id, start) = open.Pop();
                spans.Add((id, TextSpan.FromBounds(start, source.Length)));
                i += 2;
                continue;
            }

            source.Append(markup[i]);
            i++;
        }

        return (source.ToString(), spans);
    }
}
