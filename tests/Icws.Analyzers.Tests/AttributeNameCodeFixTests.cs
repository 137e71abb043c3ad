using System.Threading.Tasks;
using Icws.CodeFixes;
using Xunit;
using static Icws.Analyzers.Tests.CodeFixHarness;

namespace Icws.Analyzers.Tests;

/// <summary>The ICWS2001/ICWS2002 fix keeps the way a name was written.</summary>
public sealed class AttributeNameCodeFixTests
{
    private static readonly AttributeNameCodeFixProvider Provider = new();

    [Fact]
    public Task Literal_stays_a_literal() => VerifyFixAsync(Provider,
        TestCode.InMethod("""var a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_State, {|ICWS2001:"Eic_RemoteNme"|}], ct);"""),
        TestCode.InMethod("""var a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_State, "Eic_RemoteName"], ct);"""));

    [Fact]
    public Task User_constant_becomes_the_catalog_constant() => VerifyFixAsync(Provider,
        TestCode.InMethod("""var a = await icws.Interactions.GetAttributesAsync(id, [{|ICWS2001:MyName|}], ct);""", members: """    private const string MyName = "Eic_RemoteNmae";"""),
        TestCode.InMethod("""var a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_RemoteName], ct);""", members: """    private const string MyName = "Eic_RemoteNmae";"""));

    [Fact]
    public Task User_constant_becomes_the_constant_of_the_projects_own_catalog() => VerifyFixAsync(Provider,
        "using Consumer;\n" + TestCode.InMethod("""var a = await icws.Interactions.GetAttributesAsync(id, [{|ICWS2001:MyName|}], ct);""", members: """    private const string MyName = "Acme_CustomerIdd";"""),
        "using Consumer;\n" + TestCode.InMethod("""var a = await icws.Interactions.GetAttributesAsync(id, [RoutingAttr.Acme_CustomerId], ct);""", members: """    private const string MyName = "Acme_CustomerIdd";"""),
        project: TestProject.With(CustomSpecs.Routing));

    [Fact]
    public Task User_constant_becomes_a_qualified_constant_without_the_using() => VerifyFixAsync(Provider,
        TestCode.InMethod("""var a = await icws.Interactions.GetAttributesAsync(id, [{|ICWS2001:MyName|}], ct);""", members: """    private const string MyName = "Acme_CustomerIdd";"""),
        TestCode.InMethod("""var a = await icws.Interactions.GetAttributesAsync(id, [Consumer.RoutingAttr.Acme_CustomerId], ct);""", members: """    private const string MyName = "Acme_CustomerIdd";"""),
        project: TestProject.With(CustomSpecs.Routing));

    [Fact]
    public Task Name_inside_a_comma_list_is_replaced_in_place() => VerifyFixAsync(Provider,
        TestCode.InMethod("""var a = await icws.Interactions.GetAttributesAsync(id, ["Eic_State, {|ICWS2001:Eic_RemoteNme|}"], ct);"""),
        TestCode.InMethod("""var a = await icws.Interactions.GetAttributesAsync(id, ["Eic_State, Eic_RemoteName"], ct);"""));

    [Fact]
    public Task Name_inside_a_raw_url_is_replaced_in_place() => VerifyFixAsync(Provider,
        TestCode.InMethod("""var r = await http.GetStringAsync($"/icws/s/interactions/{id}?select=Eic_State,{|ICWS2001:Eic_RemotName|}", ct);"""),
        TestCode.InMethod("""var r = await http.GetStringAsync($"/icws/s/interactions/{id}?select=Eic_State,Eic_RemoteName", ct);"""));

    [Fact]
    public Task Case_fix_uses_the_spec_spelling() => VerifyFixAsync(Provider,
        TestCode.InMethod("""var a = await icws.Interactions.GetAttributesAsync(id, [{|ICWS2002:"EIC_remotename"|}], ct);"""),
        TestCode.InMethod("""var a = await icws.Interactions.GetAttributesAsync(id, ["Eic_RemoteName"], ct);"""));

    [Fact]
    public Task Fix_all_unknown_names_in_a_document() => VerifyFixAsync(Provider,
        TestCode.InMethod("""
            var a = await icws.Interactions.GetAttributesAsync(id, [{|ICWS2001:"Eic_RemoteNme"|}, "Eic_State,{|ICWS2001:Eic_Mutd|}"], ct);
            var b = a[{|ICWS2001:"Eic_Stat"|}] + a[{|ICWS2002:"eic_state"|}];
            await icws.Interactions.WatchAsync(id, [{|ICWS2001:MyName|}], ct);
            """, members: """    private const string MyName = "Eic_LocalNam";"""),
        TestCode.InMethod("""
            var a = await icws.Interactions.GetAttributesAsync(id, ["Eic_RemoteName", "Eic_State,Eic_Muted"], ct);
            var b = a["Eic_State"] + a["eic_state"];
            await icws.Interactions.WatchAsync(id, [Attr.Eic_LocalName], ct);
            """, members: """    private const string MyName = "Eic_LocalNam";"""),
        fixAll: true);

    [Fact]
    public Task Fix_all_case_mismatches_in_a_document() => VerifyFixAsync(Provider,
        TestCode.InMethod("""
            var a = await icws.Interactions.GetAttributesAsync(id, [{|ICWS2002:"eic_state"|}, {|ICWS2002:"EIC_REMOTENAME"|}, {|ICWS2001:"Eic_Stat"|}], ct);
            """),
        TestCode.InMethod("""
            var a = await icws.Interactions.GetAttributesAsync(id, ["Eic_State", "Eic_RemoteName", "Eic_Stat"], ct);
            """),
        fixAll: true);
}
