using System;
using System.Linq;
using Icws.Testing;
using Xunit;

namespace Icws.Generator.Tests;

/// <summary>The two builds the generator serves: the package's (the whole standard API) and a consumer's (only its own spec files).</summary>
public class StandardAndConsumerBuildTests
{
    [Fact]
    public void StandardSpec_GeneratesWithoutDiagnostics_OneFilePerType_AndCompilesWithWarningsAsErrors()
    {
        var result = GeneratorHarness.RunStandard();

        Assert.True(result.GeneratorDiagnostics.IsEmpty, string.Join("\n", result.GeneratorDiagnostics));
        Assert.True(result.CompileErrors.Count == 0, string.Join("\n", result.CompileErrors.Take(40)));
        foreach (var file in new[] { "Attr.g.cs", "InteractionAttributes.g.cs", "IcwsClient.g.cs", "IcwsClient.Interactions.g.cs", "IcwsMessages.g.cs", "QueueId.g.cs", "IcwsClientRegistration.g.cs", "IcwsAssemblyMetadata.g.cs" })
        {
            Assert.Contains(file, result.Files.Keys);
        }

        // No file holds much: the largest is an area of the client.
        Assert.All(result.Files, f => Assert.True(f.Value.Split('\n').Length < 1500, $"{f.Key} has {f.Value.Split('\n').Length} lines"));
        Assert.All(result.Files.Where(f => f.Key != "IcwsAssemblyMetadata.g.cs"), f => Assert.Contains("namespace Icws.Client", f.Value));
    }

    [Fact]
    public void AnAccessorNamedLikeAnotherAttributesSetter_IsAnOverloadOnAnotherReceiver_AndCompiles()
    {
        var result = GeneratorHarness.RunConsumer(GeneratorHarness.Spec("/project/tiers.icws.json", """
            { "specVersion": 1, "attributes": [
              { "name": "Acme_SetTier", "accessor": "SetTier", "kind": "boolean", "description": "1 when the IVR set the tier." },
              { "name": "Acme_Tier", "accessor": "Tier", "kind": "integer", "description": "The tier." } ] }
            """));

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.True(result.CompileErrors.Count == 0, string.Join("\n", result.CompileErrors.Take(10)));
        var accessors = result.Output.Assembly.GetTypeByMetadataName("Consumer.TiersAttributeAccessors")!;
        var setTier = accessors.GetMembers("SetTier").OfType<Microsoft.CodeAnalysis.IMethodSymbol>().Select(m => m.Parameters[0].Type.ToDisplayString()).OrderBy(t => t, StringComparer.Ordinal);
        Assert.Equal(["Icws.Client.InteractionAttributes", "Icws.Client.InteractionAttributes.Builder"], setTier);
        Assert.Single(accessors.GetMembers("SetSetTier"));
    }

    [Fact]
    public void ConsumerWithoutSpecFiles_GetsNothing()
    {
        var result = GeneratorHarness.RunConsumer();

        Assert.Empty(result.Files);
        Assert.Empty(result.GeneratorDiagnostics);
    }

    [Fact]
    public void ConsumerSpec_GeneratesOnlyItsOwnDeclarations_InItsNamespace_UsingTheStandardTypes()
    {
        var result = GeneratorHarness.Run(
            new[] { GeneratorHarness.Spec("/p/routing.icws.json", GeneratorHarness.SpecText("routing.icws.json")) },
            new[]
            {
                """
                using Icws;
                using Icws.Client;
                namespace Contoso.Routing
                {
                    internal static class UsesIt
                    {
                        public static long? Read(InteractionAttributes a) => a.RoutingPriority() + (a.Segment() == CustomerSegment.Business ? 1 : 0);
                        public static string Name => RoutingAttr.Acme_RoutingPriority + Attr.Eic_State;
                        public static InteractionAttributes View => AttributeMap.Of((RoutingAttr.Acme_IsVip, "1"));
                    }
                }
                """,
            },
            BuildProperties.Consumer("Contoso.Routing"));

        Assert.True(result.GeneratorDiagnostics.IsEmpty, string.Join("\n", result.GeneratorDiagnostics));
        Assert.True(result.CompileErrors.Count == 0, string.Join("\n", result.CompileErrors.Take(10)));
        Assert.Equal(
            new[] { "CustomerSegment.g.cs", "IcwsAssemblyMetadata.g.cs", "RoutingAttr.g.cs", "RoutingAttributeAccessors.g.cs", "RoutingTier.g.cs" },
            result.Files.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.All(result.Files.Values.Where(f => !f.Contains("[assembly:", StringComparison.Ordinal)), f => Assert.Contains("namespace Contoso.Routing", f));
        Assert.DoesNotContain(result.Files.Values, f => f.Contains("class Attr", StringComparison.Ordinal) || f.Contains("class IcwsClient", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Contoso.Icws", null, "Contoso.Icws")]
    [InlineData(null, "Contoso.App", "Contoso.App")]
    [InlineData("Contoso.Icws", "Contoso.App", "Contoso.Icws")]
    [InlineData("not a namespace", "Contoso.App", "Contoso.App")]
    [InlineData("Icws.Client", null, "IcwsExtensions")]
    [InlineData(null, null, "IcwsExtensions")]
    public void ConsumerNamespace_IsIcwsNamespace_ElseRootNamespace(string? icwsNamespace, string? rootNamespace, string expected)
    {
        var result = GeneratorHarness.Run(new[] { GeneratorHarness.Spec("/p/routing.icws.json", GeneratorHarness.SpecText("routing.icws.json")) }, null, BuildProperties.Consumer(rootNamespace, icwsNamespace));

        Assert.True(result.CompileErrors.Count == 0, string.Join("\n", result.CompileErrors.Take(10)));
        Assert.Contains("namespace " + expected + "\n", result.Files["RoutingAttr.g.cs"].ReplaceLineEndings("\n"));
    }

    [Fact]
    public void CopyOfTheStandardSpecInAConsumer_IsIgnoredWithAWarning()
    {
        var result = GeneratorHarness.RunConsumer(GeneratorHarness.Spec("/p/icws.spec.json", GeneratorHarness.DefaultSpecText));

        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("ICWS1009", diagnostic.Id);
        Assert.Equal("/p/icws.spec.json", diagnostic.Location.GetLineSpan().Path);
        Assert.Empty(result.Files);
    }

    [Theory]
    [InlineData("Consult", "\"interactions\", 6)")]
    [InlineData("Hold", "\"Interactions.Hold\", null)")]
    public void EndpointsNeedingMoreThanVersionOne_LetTheSessionCheckTheServersFeatures(string endpoint, string expectedEnd)
    {
        var client = GeneratorHarness.RunStandard().Files["IcwsClient.Interactions.g.cs"];
        var start = client.IndexOf(" " + endpoint + "Async(", StringComparison.Ordinal);
        var request = client.IndexOf("new global::Icws.Runtime.IcwsRequest(", start, StringComparison.Ordinal);
        var line = client.Substring(request, client.IndexOf('\n', request) - request);

        Assert.EndsWith(expectedEnd + ";", line.TrimEnd());
    }
}
