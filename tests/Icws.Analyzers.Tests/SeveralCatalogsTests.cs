using System.Linq;
using System.Threading.Tasks;
using Icws.CodeFixes;
using Xunit;
using static Icws.Analyzers.Tests.AnalyzerHarness;

namespace Icws.Analyzers.Tests;

/// <summary>
/// Four catalogs at once: the package's, the project's own (<c>Consumer.RoutingAttr</c>) and two libraries'
/// (<c>Contoso.Routing.RoutingAttr</c>, which has the same simple name, and <c>Fabrikam.Crm.CrmAttr</c>). Every
/// name is known, each typo is matched against all of them, every accessor counts, and the fixes write each
/// constant from the catalog that holds it, qualified where the simple name is ambiguous.
/// </summary>
public sealed class SeveralCatalogsTests
{
    private const string Usings = "using Consumer;\nusing Contoso.Routing;\nusing Fabrikam.Crm;\n";

    private static TestProject Project => TestProject.With(CustomSpecs.Routing).WithLibraries(CustomSpecs.ContosoLibrary, CustomSpecs.FabrikamLibrary);

    [Fact]
    public async Task Names_of_every_catalog_are_known_and_typos_find_the_right_one()
    {
        var diagnostics = await VerifyAsync(Usings + TestCode.InMethod("""
            var a = await icws.Interactions.GetAttributesAsync(id, [
                Attr.Eic_State, Consumer.RoutingAttr.Acme_RoutingPriority, Contoso.Routing.RoutingAttr.Contoso_Priority, CrmAttr.Fabrikam_AccountId,
                "Acme_CustomerId", "Contoso_Region", "Fabrikam_Vip",
                {|ICWS2001:"Acme_CustomerIdd"|}, {|ICWS2001:"Contoso_Regoin"|}, {|ICWS2001:"Fabrikam_Vipp"|}, {|ICWS2001:"Eic_Stat"|}], ct);
            """), Project);

        var suggestions = diagnostics.Select(d => d.Properties["Suggestion"]).ToArray();
        Assert.Equal(new[] { "Acme_CustomerId", "Contoso_Region", "Fabrikam_Vip", "Eic_State" }, suggestions);
    }

    [Fact]
    public Task Accessors_of_every_catalog_count() => VerifyAsync(Usings + TestCode.InMethod("""
        var a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_State, CrmAttr.Fabrikam_Vip], ct);
        Console.WriteLine($"{a.State} {a.IsVip()} {{|ICWS2004:a.RoutingPriority()|}} {{|ICWS2004:a.Priority()|}} {{|ICWS2004:a.AccountId()|}} {{|ICWS2004:a.Muted|}}");
        """), Project);

    [Fact]
    public Task Fix_all_adds_the_constant_of_each_catalog() => CodeFixHarness.VerifyFixAsync(new AttributeNotSubscribedCodeFixProvider(),
        Usings + TestCode.InMethod("""
            var a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_State], ct);
            Console.WriteLine($"{{|ICWS2004:a.RoutingPriority()|}} {{|ICWS2004:a.Priority()|}} {{|ICWS2004:a.AccountId()|}} {{|ICWS2004:a.Muted|}}");
            """),
        Usings + TestCode.InMethod("""
            var a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_State, Consumer.RoutingAttr.Acme_RoutingPriority, Contoso.Routing.RoutingAttr.Contoso_Priority, CrmAttr.Fabrikam_AccountId, Attr.Eic_Muted], ct);
            Console.WriteLine($"{a.RoutingPriority()} {a.Priority()} {a.AccountId()} {a.Muted}");
            """),
        fixAll: true,
        project: Project);

    [Fact]
    public Task Fix_all_names_write_the_constant_of_each_catalog() => CodeFixHarness.VerifyFixAsync(new AttributeNameCodeFixProvider(),
        Usings + TestCode.InMethod("""
            var a = await icws.Interactions.GetAttributesAsync(id, [{|ICWS2001:Mine|}, {|ICWS2001:Theirs|}, {|ICWS2001:Others|}, {|ICWS2002:Standard|}], ct);
            """, members: """
                private const string Mine = "Acme_CustomerIdd";
                private const string Theirs = "Contoso_Regoin";
                private const string Others = "Fabrikam_AcountId";
                private const string Standard = "EIC_STATE";
            """),
        Usings + TestCode.InMethod("""
            var a = await icws.Interactions.GetAttributesAsync(id, [Consumer.RoutingAttr.Acme_CustomerId, Contoso.Routing.RoutingAttr.Contoso_Region, CrmAttr.Fabrikam_AccountId, Standard], ct);
            """, members: """
                private const string Mine = "Acme_CustomerIdd";
                private const string Theirs = "Contoso_Regoin";
                private const string Others = "Fabrikam_AcountId";
                private const string Standard = "EIC_STATE";
            """),
        fixAll: true,
        project: Project);
}
