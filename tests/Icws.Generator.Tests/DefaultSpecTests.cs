using System.Linq;
using Xunit;

namespace Icws.Generator.Tests;

public class DefaultSpecTests
{
    [Fact]
    public void DefaultSpec_GeneratesWithoutDiagnostics_AndCompilesWithWarningsAsErrors()
    {
        var result = GeneratorHarness.RunDefault();

        Assert.True(result.GeneratorDiagnostics.IsEmpty, string.Join("\n", result.GeneratorDiagnostics));
        Assert.True(result.CompileErrors.Count == 0, string.Join("\n", result.CompileErrors.Take(40)));
        Assert.Equal(
            new[] { "IcwsAttributes.g.cs", "IcwsClient.g.cs", "IcwsClientRegistration.g.cs", "IcwsEnums.g.cs", "IcwsMessages.g.cs", "IcwsTypes.g.cs" },
            result.Files.Keys.OrderBy(k => k, System.StringComparer.Ordinal));
    }

    [Fact]
    public void NamespaceOption_MovesTheGeneratedCode()
    {
        var result = GeneratorHarness.Run(
            new[] { GeneratorHarness.Spec("/p/icws.spec.json", GeneratorHarness.DefaultSpecText) },
            new[] { "internal sealed class UsesIt { public Contoso.Icws.IcwsClient? Client { get; set; } public object A => Contoso.Icws.Attr.Eic_State; }" },
            new System.Collections.Generic.Dictionary<string, string> { ["build_property.IcwsNamespace"] = "Contoso.Icws" });

        Assert.True(result.CompileErrors.Count == 0, string.Join("\n", result.CompileErrors.Take(10)));
        Assert.All(result.Files.Values, f => Assert.Contains("namespace Contoso.Icws", f));
    }

    [Fact]
    public void MinimumFeatureVersions_DecideWhichEndpointsCheckTheServer()
    {
        static string Consult(string? minimums)
        {
            var options = new System.Collections.Generic.Dictionary<string, string>();
            if (minimums is not null)
            {
                options["build_property.IcwsMinimumFeatureVersions"] = minimums;
            }

            var client = GeneratorHarness.Run(new[] { GeneratorHarness.Spec("/p/icws.spec.json", GeneratorHarness.DefaultSpecText) }, null, options).Files["IcwsClient.g.cs"];
            var start = client.IndexOf("ConsultAsync(", System.StringComparison.Ordinal);
            return client.Substring(start, client.IndexOf("return _transport", start, System.StringComparison.Ordinal) - start);
        }

        // Consult needs interactions 6: checked unless the project says every server has at least that.
        Assert.Contains("\"Interactions.Consult\", null, \"interactions\", 6)", Consult(null));
        Assert.Contains("\"Interactions.Consult\", null, \"interactions\", 6)", Consult("interactions=5;queues=1"));
        Assert.Contains("\"Interactions.Consult\", null)", Consult("interactions=6"));
        Assert.Contains("\"Interactions.Consult\", null)", Consult("Interactions = 13 , nonsense, queues=x"));
    }
}
