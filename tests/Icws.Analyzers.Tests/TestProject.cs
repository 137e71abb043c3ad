using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Icws.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Icws.Analyzers.Tests;

/// <summary>What a test's project holds besides its source: its own spec files and the libraries it references.</summary>
internal sealed class TestProject
{
    public static readonly TestProject Default = new(Array.Empty<(string, string)>(), ImmutableArray<MetadataReference>.Empty);

    private TestProject((string Path, string Json)[] specs, ImmutableArray<MetadataReference> libraries)
    {
        Specs = specs;
        Libraries = libraries;
    }

    /// <summary>The project's own *.icws.json files (path, JSON).</summary>
    public (string Path, string Json)[] Specs { get; }

    /// <summary>Libraries the project references, compiled (see <see cref="Library"/>).</summary>
    public ImmutableArray<MetadataReference> Libraries { get; }

    /// <summary>The framework, Icws.Runtime.dll and the libraries.</summary>
    public ImmutableArray<MetadataReference> References => TestCompiler.References.AddRange(Libraries);

    public static TestProject With(params (string Path, string Json)[] specs) => new(specs, ImmutableArray<MetadataReference>.Empty);

    public TestProject WithLibraries(params MetadataReference[] libraries) => new(Specs, Libraries.AddRange(libraries));
}

/// <summary>
/// A library built with Icws.Generated from its own spec file (the generator's output in its RootNamespace, compiled
/// against Icws.Runtime.dll), handed to a test project as a compiled assembly, the way a NuGet or project reference is.
/// </summary>
internal static class Library
{
    private static readonly ConcurrentDictionary<string, Lazy<MetadataReference>> Built = new();

    public static MetadataReference Build(string assemblyName, string rootNamespace, (string Path, string Json) spec)
        => Built.GetOrAdd(assemblyName + "\n" + rootNamespace + "\n" + spec.Path + "\n" + spec.Json, _ => new Lazy<MetadataReference>(() => Compile(assemblyName, rootNamespace, spec))).Value;

    private static MetadataReference Compile(string assemblyName, string rootNamespace, (string Path, string Json) spec)
    {
        var references = TestCompiler.References;
        var trees = AnalyzerHarness.GeneratedTreesFor(rootNamespace, null, references, spec).Select(g => g.Tree);
        var compilation = CSharpCompilation.Create(assemblyName, trees, references, TestCompiler.CompilationOptions);
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        var problems = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(result.Success && problems.Count == 0, $"Library {assemblyName} does not compile:\n" + string.Join("\n", problems));
        return MetadataReference.CreateFromImage(image.ToArray(), filePath: assemblyName + ".dll");
    }
}
