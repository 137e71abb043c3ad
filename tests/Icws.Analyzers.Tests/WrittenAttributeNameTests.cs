using System.Threading.Tasks;
using Icws.CodeFixes;
using Xunit;
using static Icws.Analyzers.Tests.AnalyzerHarness;

namespace Icws.Analyzers.Tests;

/// <summary>
/// ICWS2001/ICWS2002 on the write path: the names of (name, value) tuples (<c>AttributeMap.Of</c>) and of
/// <c>InteractionAttributes.Builder.Set</c>, which the package marks <c>[IcwsAttributeNames]</c> like the read path's
/// parameters; values are not names. The fix works there as on the read path.
/// </summary>
public sealed class WrittenAttributeNameTests
{
    private static readonly AttributeNameCodeFixProvider Provider = new();

    [Fact]
    public Task Tuple_names_passed_to_SetAttributes_are_checked() => VerifyAsync(TestCode.InMethod("""
        await icws.Interactions.SetAttributesAsync(id, AttributeMap.Of(({|ICWS2001:"Eic_Subjct"|}, "VIP"), (Attr.Eic_Private, "1"), ({|ICWS2002:"eic_details"|}, "x")), cancellationToken: ct);
        var update = new InteractionAttributesUpdate { Attributes = AttributeMap.Of((Name: {|ICWS2001:"Eic_Detals"|}, Value: "y")) };
        """));

    [Fact]
    public Task Builder_Set_names_are_checked_against_every_catalog() => VerifyAsync("using Consumer;\n" + TestCode.InMethod("""
        var b = new InteractionAttributes.Builder()
            .Set({|ICWS2001:"Acme_CustomerIdd"|}, "1")
            .Set({|ICWS2001:MyName|}, "2")
            .Set("Acme_CustomerId", "3")
            .SetRoutingPriority(4);
        await icws.Interactions.SetAttributesAsync(id, b, cancellationToken: ct);
        """, members: """
            private const string MyName = "Eic_Subjet";
        """), CustomSpecs.Routing);

    [Fact]
    public Task A_local_list_of_pairs_written_later_is_checked_at_its_declaration() => VerifyAsync(TestCode.InMethod("""
        var pairs = new[] { (Attr.Eic_Subject, "VIP"), ({|ICWS2001:"Eic_Detals"|}, "x") };
        await icws.Interactions.SetAttributesAsync(id, AttributeMap.Of(pairs), cancellationToken: ct);
        """));

    [Fact]
    public Task A_static_list_of_pairs_with_a_catalog_constant_is_checked() => VerifyAsync(TestCode.InMethod("""
        await icws.Interactions.SetAttributesAsync(id, AttributeMap.Of(Defaults), cancellationToken: ct);
        """, members: """
            private static readonly (string Name, string Value)[] Defaults = [(Attr.Eic_Subject, "VIP"), ({|ICWS2001:"Eic_Detals"|}, "x")];
            private static readonly (string Name, string Value)[] Labels = [("Subject", "Eic_Bogus")];
        """));

    [Fact]
    public Task Values_typed_setters_and_tuples_that_are_not_written_are_not_checked() => VerifyAsync(TestCode.InMethod("""
        var map = AttributeMap.Of((Attr.Eic_Subject, "Eic_Bogus"), ("Eic_Details", "Eic_Other"));
        var b = new InteractionAttributes.Builder().Set(Attr.Eic_Subject, "Eic_Bogus").SetSubject("Eic_Bogus").SetPrivate(true).Set(dynamicName, "x");
        var pair = ("Eic_Bogus", "x");
        var list = new List<(string, string)> { ("Eic_Bogus", "y") };
        Console.WriteLine(pair.Item1 + list.Count + map.Count);
        await icws.Interactions.SetAttributesAsync(id, b, cancellationToken: ct);
        """));

    [Fact]
    public Task Writing_a_name_the_select_did_not_ask_for_is_not_an_unsubscribed_read() => VerifyAsync(TestCode.InMethod("""
        var a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_State], ct);
        var b = new InteractionAttributes.Builder().Set(Attr.Eic_Subject, "x").SetDetails("y");
        if (a.State == InteractionStateCode.Connected) await icws.Interactions.SetAttributesAsync(id, b, cancellationToken: ct);
        """));

    [Fact]
    public Task Fix_replaces_a_tuple_name_literal() => CodeFixHarness.VerifyFixAsync(Provider,
        TestCode.InMethod("""var map = AttributeMap.Of(({|ICWS2001:"Eic_Subjct"|}, "VIP"));"""),
        TestCode.InMethod("""var map = AttributeMap.Of(("Eic_Subject", "VIP"));"""));

    [Fact]
    public Task Fix_turns_a_constant_passed_to_Set_into_the_projects_catalog_constant() => CodeFixHarness.VerifyFixAsync(Provider,
        "using Consumer;\n" + TestCode.InMethod("""var b = new InteractionAttributes.Builder().Set({|ICWS2001:MyName|}, "1");""", members: """    private const string MyName = "Acme_CustomerIdd";"""),
        "using Consumer;\n" + TestCode.InMethod("""var b = new InteractionAttributes.Builder().Set(RoutingAttr.Acme_CustomerId, "1");""", members: """    private const string MyName = "Acme_CustomerIdd";"""),
        project: TestProject.With(CustomSpecs.Routing));

    [Fact]
    public Task Fix_all_covers_written_and_read_names() => CodeFixHarness.VerifyFixAsync(Provider,
        TestCode.InMethod("""
            var a = await icws.Interactions.GetAttributesAsync(id, [{|ICWS2001:"Eic_RemoteNme"|}], ct);
            await icws.Interactions.SetAttributesAsync(id, AttributeMap.Of(({|ICWS2001:"Eic_Subjct"|}, "VIP")), cancellationToken: ct);
            var b = new InteractionAttributes.Builder().Set({|ICWS2001:"Eic_Detals"|}, "x");
            """),
        TestCode.InMethod("""
            var a = await icws.Interactions.GetAttributesAsync(id, ["Eic_RemoteName"], ct);
            await icws.Interactions.SetAttributesAsync(id, AttributeMap.Of(("Eic_Subject", "VIP")), cancellationToken: ct);
            var b = new InteractionAttributes.Builder().Set("Eic_Details", "x");
            """),
        fixAll: true);
}
