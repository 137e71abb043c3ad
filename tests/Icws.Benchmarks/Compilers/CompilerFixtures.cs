using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Icws.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Icws.Benchmarks.Compilers;

/// <summary>What groups 4 and 5 compile: references, options, the spec, synthetic user code.</summary>
public static class CompilerFixtures
{
    /// <summary>Single-threaded, so that the shared cores do not decide the outcome.</summary>
    public static readonly CSharpCompilationOptions CompilationOptions = TestCompiler.CompilationOptions.WithConcurrentBuild(false);

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(() =>
        // What a project using Icws.Generated compiles against (with Microsoft.Extensions.*, as in an app that uses
        // dependency injection), and Refit for its interface.
        TestCompiler.References.Add(MetadataReference.CreateFromFile(typeof(Refit.RestService).Assembly.Location)));

    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    public static string SpecPath => Path.Combine(AppContext.BaseDirectory, "Specs", "icws.spec.json");

    public static AdditionalText Spec() => new InMemoryAdditionalText("/bench/icws.spec.json", File.ReadAllText(SpecPath));

    /// <summary>Ordinary C# files with no ICWS in them: the code a user edits while the generators stay put.</summary>
    public static ImmutableArray<SyntaxTree> UnrelatedFiles(int count)
        => Enumerable.Range(0, count).Select(i => CSharpSyntaxTree.ParseText(UnrelatedSource(i, edited: false), TestCompiler.ParseOptions, path: $"/bench/App/File{i}.cs")).ToImmutableArray();

    public static string UnrelatedSource(int index, bool edited) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;

        namespace Bench.App.Part{{index}}
        {
            public sealed class Order{{index}}
            {
                public int Id { get; init; }
                public string Customer { get; init; } = "";
                public List<decimal> Lines { get; } = new();

                public decimal Total() => Lines.Sum(){{(edited ? " * 1.0m" : "")}};

                public override string ToString() => $"Order {Id} for {Customer}: {Total()}";
            }

            public static class OrderRules{{index}}
            {
                public static bool IsLarge(Order{{index}} order) => order.Total() > {{100 + index}}m;

                public static IEnumerable<Order{{index}}> Large(IEnumerable<Order{{index}}> orders) => orders.Where(IsLarge).OrderBy(o => o.Id);
            }
        }
        """;

    /// <summary>A Refit interface with one method per endpoint of the default spec (same verbs, paths, path/query/header parameters and bodies).</summary>
    public static (string Source, int Endpoints) RefitInterfaceForSpec()
    {
        using var spec = JsonDocument.Parse(File.ReadAllText(SpecPath));
        var endpoints = spec.RootElement.GetProperty("endpoints").EnumerateArray().ToList();
        var dtos = new SortedSet<string>(StringComparer.Ordinal);
        var methods = new StringBuilder();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints)
        {
            var verb = endpoint.GetProperty("method").GetString()!;
            var path = endpoint.GetProperty("path").GetString()!;
            var name = endpoint.GetProperty("area").GetString() + endpoint.GetProperty("name").GetString();
            while (!names.Add(name))
            {
                name += "X";
            }

            var parameters = new List<string>();
            foreach (var segment in path.Split('/').Where(s => s.StartsWith('{')))
            {
                parameters.Add("string " + segment.Trim('{', '}'));
            }

            if (endpoint.TryGetProperty("parameters", out var declared))
            {
                foreach (var parameter in declared.EnumerateArray())
                {
                    var wire = parameter.GetProperty("name").GetString()!;
                    var csharp = parameter.TryGetProperty("csharpName", out var cs) ? cs.GetString()! : wire;
                    var identifier = "p" + new string(csharp.Where(char.IsLetterOrDigit).ToArray());
                    var type = parameter.GetProperty("type").GetString()!;
                    switch (parameter.GetProperty("in").GetString())
                    {
                        case "header":
                            parameters.Add($"[Header(\"{wire}\")] string? {identifier}");
                            break;
                        case "query":
                            parameters.Add(type.EndsWith("[]", StringComparison.Ordinal)
                                ? $"[Query(CollectionFormat.Csv), AliasAs(\"{wire}\")] IEnumerable<string>? {identifier}"
                                : $"[AliasAs(\"{wire}\")] string? {identifier}");
                            break;
                    }
                }
            }

            if (endpoint.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.Object && body.TryGetProperty("type", out var bodyType))
            {
                var dto = bodyType.GetString()! + "Dto";
                dtos.Add(dto);
                parameters.Add($"[Body] {dto} body");
            }

            parameters.Add("CancellationToken cancellationToken = default");
            var returns = "Task";
            if (endpoint.TryGetProperty("response", out var response) && response.ValueKind == JsonValueKind.String)
            {
                var dto = response.GetString()! + "Dto";
                dtos.Add(dto);
                returns = $"Task<{dto}>";
            }

            var attribute = verb[0] + verb.Substring(1).ToLowerInvariant();
            methods.Append($"        [{attribute}(\"{path}\")]\n        {returns} {name}Async({string.Join(", ", parameters)});\n\n");
        }

        var source = new StringBuilder();
        source.Append("using System.Collections.Generic;\nusing System.Threading;\nusing System.Threading.Tasks;\nusing Refit;\n\nnamespace Bench.RefitApi\n{\n");
        foreach (var dto in dtos)
        {
            source.Append($"    public sealed class {dto}\n    {{\n        public string? Id {{ get; set; }}\n        public string? Name {{ get; set; }}\n        public Dictionary<string, string>? Values {{ get; set; }}\n    }}\n\n");
        }

        source.Append("    [Headers(\"Accept: application/vnd.inin.icws+JSON\")]\n    public interface IIcwsApi\n    {\n");
        source.Append(methods);
        source.Append("    }\n}\n");
        return (source.ToString(), endpoints.Count);
    }

    /// <summary>Refit's source generator, loaded from the Refit package's analyzer DLL as the compiler would load it.</summary>
    public static ISourceGenerator LoadRefitGenerator()
    {
        var path = RefitGeneratorPath();
        var reference = new AnalyzerFileReference(path, new DefaultLoader());
        var generators = reference.GetGenerators(LanguageNames.CSharp);
        return generators.Single();
    }

    public static string RefitGeneratorPath()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(packages))
        {
            packages = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        }

        var version = typeof(Refit.RestService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "16.4.0";
        var root = Path.Combine(packages, "refit", version, "analyzers", "dotnet");
        var found = Directory.Exists(root) ? Directory.GetFiles(root, "InterfaceStubGeneratorV2.dll", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal).LastOrDefault() : null;
        return found ?? throw new FileNotFoundException($"Refit's generator (InterfaceStubGeneratorV2.dll) is not under {root}; restore the benchmark project first.");
    }

    private sealed class DefaultLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }
}
