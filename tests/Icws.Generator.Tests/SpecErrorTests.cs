using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Icws.Generator.Tests;

/// <summary>Bad spec input never crashes the generator: every problem is a diagnostic at the spec's line and column, and the rest still generates.</summary>
public class SpecErrorTests
{
    private const string CustomPath = "/project/custom.icws.json";

    // § marks where the diagnostic must point (it is removed before the spec is read).
    [Theory]
    [InlineData("{ \"specVersion\": 1, \"attributes\": [ §", "ICWS1001")]
    [InlineData("{ \"specVersion\": 1,\n  \"attributes\": [ { \"name\": \"A\", \"kind\": \"string\" } ]\n  §trailing }", "ICWS1001")]
    [InlineData("{ \"specVersion\": §2 }", "ICWS1008")]
    [InlineData("{ \"specVersion\": 1, \"attributes\": §5 }", "ICWS1002")]
    [InlineData("{ \"specVersion\": 1,\n \"attributes\": [ { \"name\": §\"Eic_Mine\", \"kind\": \"string\" } ] }", "ICWS1005")]
    [InlineData("{ \"specVersion\": 1,\n \"attributes\": [ { \"name\": §\"eic_state\", \"kind\": \"string\" } ] }", "ICWS1005")]
    [InlineData("{ \"specVersion\": 1,\n \"attributes\": [ { \"name\": \"Acme_X\", \"kind\": \"code\", \"enum\": \"X\", \"codes\": [ { \"name\": \"Two\", \"value\": §\"AB\" } ] } ] }", "ICWS1017")]
    [InlineData("{ \"specVersion\": 1,\n \"attributes\": [ { \"name\": \"Acme_F\", \"kind\": \"flags\", \"enum\": \"F\", \"codes\": [ { \"name\": \"Three\", \"value\": §3 } ] } ] }", "ICWS1017")]
    [InlineData("{ \"specVersion\": 1,\n \"attributes\": [ { \"name\": \"Acme_A\", \"kind\": §\"fancy\" } ] }", "ICWS1007")]
    [InlineData("{ \"specVersion\": 1,\n \"types\": [ { \"name\": \"Box\", \"properties\": [ { \"name\": \"x\", \"type\": §\"Nope\" } ] } ] }", "ICWS1003")]
    [InlineData("{ \"specVersion\": 1,\n \"types\": [ { \"name\": §\"QueueId\" } ] }", "ICWS1006")]
    [InlineData("{ \"specVersion\": 1,\n \"types\": [ { \"name\": \"Box\" }, { \"name\": §\"Box\" } ] }", "ICWS1004")]
    [InlineData("{ \"specVersion\": 1,\n \"types\": [ { \"name\": §\"Attr\" } ] }", "ICWS1016")]
    [InlineData("{ \"specVersion\": 1,\n \"types\": [ { \"name\": \"Box\", §\"descripton\": \"typo\" } ] }", "ICWS1010")]
    [InlineData("{ \"specVersion\": 1,\n \"types\": [ { \"name\": §\"class\" } ] }", "ICWS1014")]
    [InlineData("{ \"specVersion\": 1,\n \"attributes\": [ { \"name\": §\"Eic_State\", \"kind\": \"string\" } ] }", "ICWS1005")]
    [InlineData("{ \"specVersion\": 1,\n \"attributes\": [ { \"name\": \"Acme_Dup\", \"kind\": \"string\" }, { \"name\": §\"ACME_DUP\", \"kind\": \"string\" } ] }", "ICWS1004")]
    [InlineData("{ \"specVersion\": 1,\n \"attributes\": [ { \"name\": §\"Acme_State\", \"accessor\": \"State\", \"kind\": \"string\" } ] }", "ICWS1016")]
    [InlineData("{ \"specVersion\": 1,\n \"endpoints\": [ { \"area\": \"Acme\", \"name\": §\"Get\", \"method\": \"GET\", \"path\": \"/icws/{sessionId}/acme/{id}\", \"success\": [200] } ] }", "ICWS1018")]
    [InlineData("{ \"specVersion\": 1,\n \"endpoints\": [ { \"area\": \"Acme\", \"name\": \"Get\", \"method\": §\"FETCH\", \"path\": \"/icws/x\", \"success\": [200] } ] }", "ICWS1007")]
    [InlineData("{ \"specVersion\": 1,\n \"endpoints\": [ { \"area\": \"Interactions\", \"name\": §\"Hold\", \"method\": \"GET\", \"path\": \"/icws/x\", \"success\": [200] } ] }", "ICWS1006")]
    [InlineData("§[ 1, 2 ]", "ICWS1002")]
    [InlineData("{ \"specVersion\": 1, \"enums\": [ { \"name\": \"E\", \"values\": [ { \"name\": \"A\", \"value\": §1.5 } ] } ] }", "ICWS1002")]
    [InlineData("{ \"specVersion\": 1,\n \"types\": [ { \"name\": §\"Box\", \"base\": \"QueueId\" } ] }", "ICWS1035")]
    [InlineData("{ \"specVersion\": 1,\n \"endpoints\": [ { \"area\": \"Acme\", \"name\": §\"W\", \"method\": \"PUT\", \"path\": \"/icws/{sessionId}/acme/{id}\", \"parameters\": [ { \"name\": \"id\", \"in\": \"path\", \"type\": \"string\" } ], \"success\": [204], \"watch\": \"queue\" } ] }", "ICWS1034")]
    [InlineData("{ \"specVersion\": 1,\n \"endpoints\": [ { \"area\": \"Acme\", \"name\": \"Q\", \"method\": \"GET\", \"path\": \"/icws/x\", \"parameters\": [ { \"name\": §\"q\", \"in\": \"query\", \"type\": \"QueueId\" } ], \"success\": [200] } ] }", "ICWS1021")]
    public void CustomSpecError_IsADiagnosticAtItsLineAndColumn_AndNothingThrows(string markedSpec, string id)
    {
        var marker = markedSpec.IndexOf('§');
        var customSpec = markedSpec.Remove(marker, 1);
        var before = customSpec.Substring(0, marker);
        var line = before.Count(c => c == '\n') + 1;
        var column = marker - (before.LastIndexOf('\n') + 1) + 1;

        var result = GeneratorHarness.RunConsumer(GeneratorHarness.Spec(CustomPath, customSpec));

        var diagnostic = Assert.Single(result.GeneratorDiagnostics, d => d.Id == id);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(CustomPath, span.Path);
        Assert.Equal((line, column), (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1));
        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Id == "ICWS1011");
        Assert.True(result.CompileErrors.Count == 0, string.Join("\n", result.CompileErrors.Take(10)));
    }

    [Fact]
    public void TheRestOfABrokenSpec_StillGeneratesAndCompiles()
    {
        var result = GeneratorHarness.RunConsumer(GeneratorHarness.Spec(CustomPath, "{ \"specVersion\": 1, \"types\": [ { \"name\": \"Box\", \"properties\": [ { \"name\": \"x\", \"type\": \"Nope\" }, { \"name\": \"y\", \"type\": \"QueueId\" } ] } ], \"attributes\": [ { \"name\": \"Eic_Mine\", \"kind\": \"string\" }, { \"name\": \"Acme_Fine\", \"kind\": \"string\" } ] }"));

        Assert.Equal(new[] { "ICWS1003", "ICWS1005" }, result.GeneratorDiagnostics.Select(d => d.Id).OrderBy(i => i));
        Assert.Contains("public sealed partial class Box", result.Files["Box.g.cs"]);
        Assert.Contains("global::Icws.Client.QueueId? Y", result.Files["Box.g.cs"]);
        Assert.Contains("Acme_Fine", result.Files["CustomAttr.g.cs"]);
        Assert.True(result.CompileErrors.Count == 0, string.Join("\n", result.CompileErrors.Take(10)));
    }

    [Fact]
    public void OneBadEntry_DropsOnlyThatEntry()
    {
        const string spec = """
            { "specVersion": 1,
              "attributes": [
                { "name": "Acme_Good", "kind": "integer" },
                { "name": "Acme_Bad", "kind": 42 },
                { "name": "Acme_AlsoGood", "kind": "boolean" }
              ] }
            """;
        var result = GeneratorHarness.RunConsumer(GeneratorHarness.Spec(CustomPath, spec));

        Assert.Single(result.GeneratorDiagnostics, d => d.Id == "ICWS1002");
        var attributes = result.Files["CustomAttr.g.cs"];
        Assert.Contains("public const string Acme_Good = \"Acme_Good\";", attributes);
        Assert.Contains("public const string Acme_AlsoGood = \"Acme_AlsoGood\";", attributes);
        Assert.DoesNotContain("Acme_Bad", attributes);
    }

    [Fact]
    public void CustomAttributeConflictingWithAnotherCustomFile_NamesTheOtherFile()
    {
        var first = GeneratorHarness.Spec("/project/a.icws.json", "{ \"specVersion\": 1, \"attributes\": [ { \"name\": \"Acme_X\", \"kind\": \"string\" } ] }");
        var second = GeneratorHarness.Spec("/project/b.icws.json", "{ \"specVersion\": 1, \"attributes\": [ { \"name\": \"acme_x\", \"kind\": \"string\" } ] }");
        var result = GeneratorHarness.RunConsumer(first, second);

        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("ICWS1006", diagnostic.Id);
        Assert.Equal("/project/b.icws.json", diagnostic.Location.GetLineSpan().Path);
        Assert.Contains("a.icws.json", diagnostic.GetMessage());
    }

    [Fact]
    public void BrokenStandardSpec_IsReported_AndNothingThrows()
    {
        var truncated = GeneratorHarness.DefaultSpecText.Substring(0, GeneratorHarness.DefaultSpecText.Length / 2);
        var result = GeneratorHarness.Run(new[] { GeneratorHarness.Spec("/p/icws.spec.json", truncated) }, null, GeneratorHarness.StandardOptions);

        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("ICWS1001", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);

        // What is left (the empty catalog, view and client) still compiles.
        Assert.DoesNotContain("IcwsClient.Interactions.g.cs", result.Files.Keys);
        Assert.True(result.CompileErrors.Count == 0, string.Join("\n", result.CompileErrors.Take(10)));
    }

    [Fact]
    public void SameFileTwice_IsReadOnce()
    {
        var result = GeneratorHarness.RunConsumer(
            GeneratorHarness.Spec("/p/routing.icws.json", GeneratorHarness.SpecText("routing.icws.json")),
            GeneratorHarness.Spec("/p/routing.icws.json", GeneratorHarness.SpecText("routing.icws.json")));

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.True(result.CompileErrors.Count == 0, string.Join("\n", result.CompileErrors.Take(10)));
    }

    // Found by the spec fuzzer with master seed 777 (case 7091): a body whose type is a list crashed the emitter
    // (FormatException: the list-writing lambda's braces went through string.Format) and emptied the output.
    [Theory]
    [InlineData("double[]")]
    [InlineData("string[]")]
    [InlineData("QueueId[]")]
    [InlineData("int[]")]
    public void AListBody_GeneratesACompilingMethod(string bodyType)
    {
        var spec = $$"""{ "specVersion": 1, "endpoints": [ { "area": "Acme", "name": "Put", "method": "PUT", "path": "/icws/{sessionId}/acme", "body": { "type": "{{bodyType}}" }, "success": [204] } ] }""";
        var result = GeneratorHarness.RunConsumer(GeneratorHarness.Spec(CustomPath, spec));

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Contains("PutAsync(", result.Files["AcmeApi.g.cs"]);
        Assert.True(result.CompileErrors.Count == 0, string.Join("\n", result.CompileErrors.Take(10)));
    }

    [Fact]
    public void OldLanguageVersion_IsReported_InsteadOfUncompilableOutput()
    {
        var compilation = GeneratorHarness.CreateCompilation();
        var options = GeneratorHarness.ParseOptions.WithLanguageVersion(Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp10);
        var driver = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create(
            new[] { new IcwsGenerator().AsSourceGenerator() },
            new[] { GeneratorHarness.Spec("/p/routing.icws.json", GeneratorHarness.SpecText("routing.icws.json")) },
            options);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out _, out var diagnostics);

        Assert.Equal("ICWS1012", Assert.Single(diagnostics).Id);
    }
    // Found by the spec fuzzer (tests/Icws.Reliability.Tests): a polymorphic base left out for an error of its own
    // was still found by the references resolved before the check, and the emitter then failed (ICWS1011).
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ATypeLeftOutForItsOwnError_TakesItsSubtypesAndReferencesAlong_AndTheRestCompiles(bool baseFirst)
    {
        var ticket = """{ "name": "Ticket", "urn": false, "polymorphic": true, "properties": [ { "name": "ticketId", "type": "string" } ] }""";
        var phone = """{ "name": "PhoneTicket", "base": "Ticket", "urn": "urn:acme:phoneTicket" }""";
        var spec = $$"""
            { "specVersion": 1,
              "types": [ {{(baseFirst ? ticket + ", " + phone : phone + ", " + ticket)}},
                { "name": "Holder", "properties": [ { "name": "ticket", "type": "Ticket" }, { "name": "n", "type": "int" } ] } ],
              "endpoints": [ { "area": "Acme", "name": "GetTicket", "method": "GET", "path": "/icws/{sessionId}/acme/tickets", "response": "Ticket", "success": [200] } ] }
            """;
        var result = GeneratorHarness.RunConsumer(GeneratorHarness.Spec(CustomPath, spec));

        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Id == "ICWS1011");
        Assert.All(result.GeneratorDiagnostics, d => Assert.Equal(CustomPath, d.Location.GetLineSpan().Path));
        Assert.Contains(result.GeneratorDiagnostics, d => d.Id == "ICWS1026" && d.GetMessage().Contains("because 'Ticket'", System.StringComparison.Ordinal));
        Assert.DoesNotContain("PhoneTicket.g.cs", result.Files.Keys);
        Assert.Contains("public sealed partial class Holder", result.Files["Holder.g.cs"]);
        Assert.True(result.CompileErrors.Count == 0, string.Join("\n", result.CompileErrors.Take(10)));
    }

    // Found by the spec fuzzer: an abstract type outside any __type family generated `new` of an abstract class (CS0144).
    // The diagnostic points at the type's name.
    [Fact]
    public void AnAbstractTypeOutsideAFamily_IsASpecError_NotUncompilableCode()
    {
        var spec = "{ \"specVersion\": 1,\n \"types\": [ { \"name\": \"Loose\", \"abstract\": true, \"properties\": [ { \"name\": \"x\", \"type\": \"string\" } ] } ] }";
        var result = GeneratorHarness.RunConsumer(GeneratorHarness.Spec(CustomPath, spec));

        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("ICWS1023", diagnostic.Id);
        Assert.Equal((2, 23), (diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1, diagnostic.Location.GetLineSpan().StartLinePosition.Character + 1));
        Assert.Empty(result.Files);
        Assert.True(result.CompileErrors.Count == 0, string.Join("\n", result.CompileErrors.Take(10)));
    }
}
