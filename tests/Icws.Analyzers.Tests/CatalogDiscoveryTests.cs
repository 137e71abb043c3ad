using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Icws.Analyzers.Tests;

/// <summary>The analyzers find the catalog wherever IcwsNamespace puts the generated code.</summary>
public sealed class CatalogDiscoveryTests
{
    private const string Source = """
        using System.Threading;
        using System.Threading.Tasks;
        using Acme.Telephony;

        public sealed class Sample
        {
            public async Task Run(IcwsClient icws, string id, CancellationToken ct)
            {
                var a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_State, {|ICWS2001:"Eic_RemoteNme"|}], ct);
                var m = {|ICWS2004:a.Muted|};
            }
        }
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Custom_namespace_with_or_without_the_build_property(bool passProperty)
    {
        var (source, expected) = Markup.Parse(Source);
        var compilation = CSharpCompilation.Create(
            "Consumer",
            AnalyzerHarness.GeneratedTreesIn("Acme.Telephony").Select(g => g.Tree).Append(CSharpSyntaxTree.ParseText(source, AnalyzerHarness.ParseOptions, path: "Test0.cs")),
            AnalyzerHarness.References.Value,
            AnalyzerHarness.CompilationOptions);
        var options = passProperty ? new AnalyzerHarness.BuildProperties(new Dictionary<string, string> { ["build_property.IcwsNamespace"] = "Acme.Telephony" }) : null;
        AnalyzerHarness.AssertMatches(source, expected, await AnalyzerHarness.AnalyzeAsync(compilation, options));
    }
}
