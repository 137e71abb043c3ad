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
    [InlineData("{ \"specVersion\": 1,\n \"attributes\": [ { \"name\": §\"Acme_Builder\", \"accessor\": \"Builder\", \"kind\": \"string\" } ] }", "ICWS1016")]
    [InlineData("{ \"specVersion\": 1,\n \"endpoints\": [ { \"area\": \"Acme\", \"name\": §\"Get\", \"method\": \"GET\", \"path\": \"/icws/{sessionId}/acme/{id}\", \"success\": [200] } ] }", "ICWS1018")]
    [InlineData("{ \"specVersion\": 1,\n \"endpoints\": [ { \"area\": \"Acme\", \"name\": \"Get\", \"method\": §\"FETCH\", \"path\": \"/icws/x\", \"success\": [200] } ] }", "ICWS1007")]
    [InlineData("{ \"specVersion\": 1,\n \"endpoints\": [ { \"area\": \"Interactions\", \"name\": §\"Hold\", \"method\": \"GET\", \"path\": \"/icws/x\", \"success\": [200] } ] }", "ICWS1006")]
    [InlineData("§[ 1, 2 ]", "ICWS1002")]
    [InlineData("{ \"specVersion\": 1, \"enums\": [ { \"name\": \"E\", \"values\": [ { \"name\": \"A\", \"value\": §1.5 } ] } ] }", "ICWS1002")]
    [InlineData("{ \"specVersion\": 1,\n \"types\": [ { \"name\": §\"Box\", \"base\": \"QueueId\" } ] }", "ICWS1035")]
    [InlineData("{ \"specVersion\": 1,\n \"endpoints\": [ { \"area\": \"Acme\", \"name\": §\"W\", \"method\": \"PUT\", \"path\": \"/icws/{sessionId}/acme/{id}\", \"parameters\": [ { \"name\": \"id\", \"in\": \"path\", \"type\": \"string\" } ], \"success\": [204], \"watch\": \"queue\" } ] }", "ICWS1034")]
    [InlineData("{ \"specVersion\": 1,\n \"endpoints\": [ { \"area\": \"Acme\", \"name\": \"Q\", \"method\": \"GET\", \"path\": \"/icws/x\", \"parameters\": [ { \"name\": §\"q\", \"in\": \"query\", \"type\": \"QueueId\" } ], \"success\": [200] } ] }", "ICWS1021")]
    [InlineData("{ \"specVersion\": 1,\n \"endpoints\": [ { \"area\": \"Acme\", \"name\": \"W\", \"method\": \"PUT\", \"path\": \"/icws/{sessionId}/acme/w\", \"parameters\": [ { \"name\": \"q\", \"in\": \"query\", \"type\": \"string\" } ], \"success\": [200], \"watchItems\": §\"q\" } ] }", "ICWS1038")]
    [InlineData("{ \"specVersion\": 1,\n \"endpoints\": [ { \"area\": \"Acme\", \"name\": \"W\", \"method\": \"PUT\", \"path\": \"/icws/{sessionId}/acme/w\", \"body\": { \"type\": \"QueueSubscriptionParameters\", \"flatten\": true }, \"success\": [200], \"watchItems\": §\"QueueIds\" } ] }", "ICWS1038")]
    [InlineData("{ \"specVersion\": 1,\n \"endpoints\": [ { \"area\": \"Acme\", \"name\": \"W\", \"method\": \"PUT\", \"path\": \"/icws/{sessionId}/acme/w\", \"body\": { \"type\": \"QueueSubscriptionParameters\" }, \"success\": [200], \"watchItems\": §\"queueIds\" } ] }", "ICWS1038")]
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

    // Found by NameCollisionTests (a body type named "string"): a single-value body was written as if it were a class (value.WriteTo).
    [Theory]
    [InlineData("string", "writer.WriteStringValue(value);")]
    [InlineData("int", "writer.WriteNumberValue(value);")]
    [InlineData("QueueType", "writer.WriteNumberValue((int)value);")]
    [InlineData("dateTime", "global::Icws.Runtime.IcwsJson.WriteDateTime(writer, value);")]
    [InlineData("json", "value.WriteTo(writer);")]
    public void ASingleValueBody_GeneratesACompilingMethod(string bodyType, string written)
    {
        var spec = $$"""{ "specVersion": 1, "endpoints": [ { "area": "Acme", "name": "Put", "method": "PUT", "path": "/icws/{sessionId}/acme", "body": { "type": "{{bodyType}}" }, "success": [204] } ] }""";
        var result = GeneratorHarness.RunConsumer(GeneratorHarness.Spec(CustomPath, spec));

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Contains("static (writer, value) => { " + written + " }", result.Files["AcmeApi.g.cs"]);
        Assert.True(result.CompileErrors.Count == 0, string.Join("\n", result.CompileErrors.Take(10)));
    }

    // Found by the spec fuzzer (case 25 of master seed 20240607): a description holding U+0000 made the doc comment
    // badly formed XML (CS1570, an error where warnings are). Characters XML forbids become U+FFFD.
    [Fact]
    public void DescriptionsWithCharactersXmlForbids_StillGiveWellFormedDocComments()
    {
        const string spec = """
            { "specVersion": 1, "description": "x\u0000",
              "enums": [ { "name": "Shade", "description": "lone \ud800 surrogate", "values": [ { "name": "Red", "value": 1, "description": "\u000b\u000c\uffff" } ] } ],
              "types": [ { "name": "Box", "description": "a\u0000b", "properties": [ { "name": "x", "type": "string", "description": "x\u0001y" } ] } ] }
            """;
        var result = GeneratorHarness.RunConsumer(GeneratorHarness.Spec(CustomPath, spec));

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Contains("/// <summary>a\uFFFDb</summary>", result.Files["Box.g.cs"]);
        Assert.Contains("/// <summary>lone \uFFFD surrogate</summary>", result.Files["Shade.g.cs"]);
        Assert.True(result.CompileErrors.Count == 0, string.Join("\n", result.CompileErrors.Take(10)));
    }

    // Found by the spec fuzzer (case 262 of master seed 803717131): two enums whose names differ only in case (C# allows
    // them) got one file name, and the generator failed (CS8785: hint names are unique without regard to case).
    [Fact]
    public void TypesWhoseNamesDifferOnlyInCase_OrNamedLikeAGeneratedFile_GetFilesOfTheirOwn()
    {
        const string spec = """
            { "specVersion": 1,
              "enums": [ { "name": "TicketState", "values": [ { "name": "Open", "value": 1 } ] }, { "name": "TICKETSTATE", "values": [ { "name": "Open", "value": 1 } ] } ],
              "types": [ { "name": "IcwsAssemblyMetadata", "properties": [ { "name": "x", "type": "TICKETSTATE" } ] } ],
              "attributes": [ { "name": "Acme_X", "kind": "string" } ] }
            """;
        var result = GeneratorHarness.RunConsumer(GeneratorHarness.Spec(CustomPath, spec));

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Contains("public enum TicketState", result.Files["TicketState.g.cs"]);
        Assert.Contains("public enum TICKETSTATE", result.Files["TICKETSTATE.2.g.cs"]);
        Assert.Contains("partial class IcwsAssemblyMetadata", result.Files["IcwsAssemblyMetadata.g.cs"]);
        Assert.Contains("[assembly: ", result.Files["IcwsAssemblyMetadata.2.g.cs"]);
        Assert.True(result.CompileErrors.Count == 0, string.Join("\n", result.CompileErrors.Take(10)));
    }

    // Found by NameCollisionTests: of two files whose names differ only in case (two files on Linux), the second was
    // silently dropped as if it were the first given twice. Now it is read unless its text is the same.
    [Fact]
    public void FilesWhoseNamesDifferOnlyInCase_AreBothRead_UnlessTheirTextIsTheSame()
    {
        var routing = GeneratorHarness.SpecText("routing.icws.json");
        const string other = """{ "specVersion": 1, "attributes": [ { "name": "Acme_Other", "accessor": "Other", "kind": "string" } ] }""";

        var two = GeneratorHarness.RunConsumer(GeneratorHarness.Spec("/p/Routing.icws.json", routing), GeneratorHarness.Spec("/p/routing.icws.json", other));
        var diagnostic = Assert.Single(two.GeneratorDiagnostics);
        Assert.Equal(("ICWS1016", "/p/routing.icws.json"), (diagnostic.Id, diagnostic.Location.GetLineSpan().Path));
        Assert.Contains("RoutingAttr", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));

        var once = GeneratorHarness.RunConsumer(GeneratorHarness.Spec("/p/Routing.icws.json", routing), GeneratorHarness.Spec("/p/routing.icws.json", routing));
        Assert.Empty(once.GeneratorDiagnostics);
        Assert.True(once.CompileErrors.Count == 0, string.Join("\n", once.CompileErrors.Take(10)));
    }

    // Found by the spec fuzzer (case 594 of master seed 151066659): a project's enum named like a standard type (QueueId)
    // took the name, because enums are declared before types: the conflict was reported on the standard spec (which a
    // project never sees) and every QueueId in the project's other files silently meant the enum.
    [Fact]
    public void AProjectsDeclaration_NamedLikeAStandardOneOfAnotherKind_IsTheOneRefused()
    {
        var mine = GeneratorHarness.Spec("/p/a.icws.json", """
            { "specVersion": 1, "enums": [ { "name": "QueueId", "values": [ { "name": "A", "value": 1 } ] } ], "types": [ { "name": "InteractionStateCode" } ] }
            """);
        var other = GeneratorHarness.Spec("/p/b.icws.json", """
            { "specVersion": 1, "types": [ { "name": "Holder", "properties": [ { "name": "queue", "type": "QueueId" } ] } ] }
            """);
        var result = GeneratorHarness.RunConsumer(mine, other);

        Assert.Equal(
            new[] { "ICWS1006 /p/a.icws.json Attribute enum 'InteractionStateCode' is already declared", "ICWS1006 /p/a.icws.json Type 'QueueId' is already declared" },
            result.GeneratorDiagnostics.Select(d => $"{d.Id} {d.Location.GetLineSpan().Path} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}")
                .Select(m => m.Substring(0, m.IndexOf(" in ", System.StringComparison.Ordinal))).OrderBy(m => m, System.StringComparer.Ordinal));
        Assert.Contains("global::Icws.Client.QueueId? Queue { get; init; }", result.Files["Holder.g.cs"]);
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

    [Fact]
    public void WatchItems_IsEmittedAsTheCSharpParameter_AndAnUnknownOneLeavesTheEndpointWithoutIt()
    {
        const string spec = """
            { "specVersion": 1,
              "endpoints": [
                { "area": "Acme", "name": "WatchStats", "method": "PUT", "path": "/icws/{sessionId}/acme/stats",
                  "parameters": [ { "name": "keys", "csharpName": "statisticKeys", "in": "query", "type": "string[]", "required": true } ],
                  "success": [200], "watchItems": "keys" },
                { "area": "Acme", "name": "WatchQueues", "method": "PUT", "path": "/icws/{sessionId}/acme/queues",
                  "body": { "type": "QueueSubscriptionParameters", "flatten": true }, "success": [200], "watchItems": "attributeNamez" }
              ] }
            """;

        var result = GeneratorHarness.RunConsumer(GeneratorHarness.Spec(CustomPath, spec));

        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("ICWS1038", diagnostic.Id);
        Assert.Equal(
            "watchItems 'attributeNamez' of endpoint Acme.WatchQueues must name, by its spec name, a list-typed query parameter or flattened body property of the endpoint; its list parameters are: queueIds, attributeNames",
            diagnostic.GetMessage());
        var api = result.Files["AcmeApi.g.cs"];
        Assert.Contains("[global::Icws.Metadata.IcwsEndpointAttribute(\"PUT\", \"/icws/{sessionId}/acme/stats\", WatchItems = \"statisticKeys\")]", api);
        Assert.Contains("[global::Icws.Metadata.IcwsEndpointAttribute(\"PUT\", \"/icws/{sessionId}/acme/queues\")]", api);
        Assert.Contains("WatchQueuesAsync(", api);
        Assert.True(result.CompileErrors.Count == 0, string.Join("\n", result.CompileErrors.Take(10)));
    }
}
