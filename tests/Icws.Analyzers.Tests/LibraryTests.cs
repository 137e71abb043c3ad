using System.Linq;
using System.Threading.Tasks;
using Icws.CodeFixes;
using Xunit;
using static Icws.Analyzers.Tests.AnalyzerHarness;

namespace Icws.Analyzers.Tests;

/// <summary>
/// A library built with Icws.Generated carries its own attributes, accessors and endpoints in its assembly (listed by
/// <c>[assembly: IcwsGeneratedType]</c>); a project that references the compiled library is checked against them
/// as against its own, and the fixes write the library's constants.
/// </summary>
public sealed class LibraryTests
{
    private static TestProject Project => TestProject.Default.WithLibraries(CustomSpecs.ContosoLibrary);

    private static string InMethod(string body, string members = "") => "using Contoso.Routing;\n" + TestCode.InMethod(body, members);

    [Fact]
    public async Task Library_names_are_known_and_a_typo_gets_the_library_name()
    {
        var diagnostics = await VerifyAsync(InMethod("""
            var a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_State, RoutingAttr.Contoso_Priority, "Contoso_Region", {|ICWS2001:"Contoso_Regoin"|}, {|ICWS2002:"contoso_priority"|}], ct);
            Console.WriteLine($"{a.State} {a.Priority()} {a.Region()} {a["Contoso_Region"]}");
            """), Project);

        Assert.Contains("'Contoso_Region'", diagnostics.Single(d => d.Id == "ICWS2001").GetMessage());
        Assert.Contains("'Contoso_Priority'", diagnostics.Single(d => d.Id == "ICWS2002").GetMessage());
    }

    [Fact]
    public async Task Without_the_library_its_names_are_unknown()
    {
        // The same names in a project that does not reference the library: the library is where they come from.
        var diagnostics = await GetDiagnosticsAsync(TestCode.InMethod("""
            var a = await icws.Interactions.GetAttributesAsync(id, ["Contoso_Region"], ct);
            """), TestProject.Default);
        Assert.Equal("ICWS2001", Assert.Single(diagnostics).Id);
    }

    [Fact]
    public async Task Library_extension_accessor_counts_as_a_read()
    {
        var diagnostics = await VerifyAsync(InMethod("""
            var a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_State, RoutingAttr.Contoso_Priority], ct);
            Console.WriteLine($"{a.Priority()} {{|ICWS2004:a.Region()|}}");

            await using var w = await icws.Queues.WatchAsync("s", [], [RoutingAttr.Contoso_Region], cancellationToken: ct);
            if (w.TryGet(id, out var q))
            {
                Console.WriteLine($"{q.Region()} {{|ICWS2004:q.Priority()|}} {{|ICWS2004:RoutingAttributeAccessors.Priority(q)|}}");
            }
            """), Project);

        var first = diagnostics.First();
        Assert.Contains("'Contoso_Region'", first.GetMessage());
        Assert.Contains("Eic_State, Contoso_Priority", first.GetMessage());
    }

    [Fact]
    public Task Library_endpoint_is_checked_like_a_standard_one() => VerifyAsync(InMethod("""
        var r = await icws.Routing().GetRoutedAttributesAsync(id, [RoutingAttr.Contoso_Priority], ct);
        Console.WriteLine($"{r.Priority()} {{|ICWS2004:r.State|}}");
        var bad = await icws.Routing().GetRoutedAttributesAsync(id, [{|ICWS2001:"Contoso_Priorty"|}], ct);
        var raw = await http.GetStringAsync($"/icws/s/contoso/routed/{id}?select=Contoso_Priority,{|ICWS2001:Contoso_Regon|}", ct);
        """), Project);

    [Fact]
    public Task Not_subscribed_fix_adds_the_library_constant() => CodeFixHarness.VerifyFixAsync(new AttributeNotSubscribedCodeFixProvider(),
        InMethod("""
            var a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_State, RoutingAttr.Contoso_Priority], ct);
            var r = {|ICWS2004:a.Region()|};
            """),
        InMethod("""
            var a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_State, RoutingAttr.Contoso_Priority, RoutingAttr.Contoso_Region], ct);
            var r = a.Region();
            """),
        project: Project);

    [Fact]
    public Task Not_subscribed_fix_qualifies_the_library_constant_without_its_using() => CodeFixHarness.VerifyFixAsync(new AttributeNotSubscribedCodeFixProvider(),
        TestCode.InMethod("""
            var a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_State], ct);
            var r = {|ICWS2004:Contoso.Routing.RoutingAttributeAccessors.Region(a)|};
            """),
        TestCode.InMethod("""
            var a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_State, Contoso.Routing.RoutingAttr.Contoso_Region], ct);
            var r = Contoso.Routing.RoutingAttributeAccessors.Region(a);
            """),
        project: Project);

    [Fact]
    public Task Name_fix_writes_the_library_constant() => CodeFixHarness.VerifyFixAsync(new AttributeNameCodeFixProvider(),
        InMethod("""var a = await icws.Interactions.GetAttributesAsync(id, [{|ICWS2001:MyName|}], ct);""", members: """    private const string MyName = "Contoso_Regoin";"""),
        InMethod("""var a = await icws.Interactions.GetAttributesAsync(id, [RoutingAttr.Contoso_Region], ct);""", members: """    private const string MyName = "Contoso_Regoin";"""),
        project: Project);
}
