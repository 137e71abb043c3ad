using System.Linq;
using System.Threading.Tasks;
using Icws.Testing;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Icws.Analyzers.Tests;

/// <summary>
/// The analyzers find the catalogs from the assemblies' <c>[assembly: IcwsGeneratedType]</c> lists, not by namespace: the
/// package's <c>Icws.Client.Attr</c> always, and a project's own catalog wherever <c>IcwsNamespace</c> put it, whether or
/// not the analyzers are handed that build property (it only names the namespace of the project's own code).
/// </summary>
public sealed class CatalogDiscoveryTests
{
    private const string Source = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Icws.Client;
        using Acme.Telephony;

        public sealed class Sample
        {
            public async Task Run(IcwsClient icws, string id, CancellationToken ct)
            {
                var a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_State, RoutingAttr.Acme_RoutingPriority, {|ICWS2001:"Acme_RoutingPriorty"|}, {|ICWS2001:"Eic_RemoteNme"|}], ct);
                Console.WriteLine($"{a.State} {a.RoutingPriority()} {{|ICWS2004:a.Muted|}} {a[{|ICWS2004:RoutingAttr.Acme_CustomerId|}]}");
            }
        }
        """;

    [Theory]
    [InlineData(null)]
    [InlineData("Acme.Telephony")]
    [InlineData("Icws.Client")]
    public async Task Project_catalog_in_a_custom_namespace_is_found_whatever_the_analyzers_are_told(string? analyzerProperty)
    {
        var (source, expected) = Markup.Parse(Source);
        var compilation = CSharpCompilation.Create(
            AnalyzerHarness.ConsumerNamespace,
            AnalyzerHarness.GeneratedTreesIn("Acme.Telephony", CustomSpecs.Routing).Select(g => g.Tree).Append(CSharpSyntaxTree.ParseText(source, TestCompiler.ParseOptions, path: "Test0.cs")),
            TestCompiler.References,
            TestCompiler.CompilationOptions);
        var options = analyzerProperty is null ? null : BuildProperties.Consumer(rootNamespace: null, icwsNamespace: analyzerProperty);
        var diagnostics = await AnalyzerHarness.AnalyzeAsync(compilation, options);
        AnalyzerHarness.AssertMatches(source, expected, diagnostics);

        // The typo of the project's name is matched against the project's catalog, the standard one against the package's.
        Assert.Contains("'Acme_RoutingPriority'", diagnostics.First(d => d.GetMessage().Contains("'Acme_RoutingPriorty'")).GetMessage());
        Assert.Contains("'Eic_RemoteName'", diagnostics.First(d => d.GetMessage().Contains("'Eic_RemoteNme'")).GetMessage());
    }
}
