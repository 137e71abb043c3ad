using System.Threading.Tasks;
using Icws.CodeFixes;
using Xunit;
using static Icws.Analyzers.Tests.CodeFixHarness;

namespace Icws.Analyzers.Tests;

/// <summary>The ICWS2004 fix adds the read attribute to the list, in the list's style.</summary>
public sealed class AttributeNotSubscribedCodeFixTests
{
    private static readonly AttributeNotSubscribedCodeFixProvider Provider = new();

    [Fact]
    public Task Adds_the_catalog_constant_to_a_list_of_constants() => VerifyFixAsync(Provider,
        TestCode.InMethod("""
            var a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_RemoteName, Attr.Eic_State], ct);
            var m = {|ICWS2004:a.Muted|};
            """),
        TestCode.InMethod("""
            var a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_RemoteName, Attr.Eic_State, Attr.Eic_Muted], ct);
            var m = a.Muted;
            """));

    [Fact]
    public Task Adds_a_literal_to_a_list_of_literals() => VerifyFixAsync(Provider,
        TestCode.InMethod("""
            await using var w = await icws.Queues.WatchAsync("s", [], new[] { "Eic_State" }, cancellationToken: ct);
            if (w.TryGet(id, out var a)) Console.WriteLine({|ICWS2004:a.RemoteName|});
            """),
        TestCode.InMethod("""
            await using var w = await icws.Queues.WatchAsync("s", [], new[] { "Eic_State", "Eic_RemoteName" }, cancellationToken: ct);
            if (w.TryGet(id, out var a)) Console.WriteLine(a.RemoteName);
            """));

    [Fact]
    public Task Fix_all_adds_each_missing_name_once() => VerifyFixAsync(Provider,
        TestCode.InMethod("""
            var a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_State], ct);
            Console.WriteLine($"{{|ICWS2004:a.Muted|}} {{|ICWS2004:a.RemoteName|}} {{|ICWS2004:a.Muted|}} {a[{|ICWS2004:{|ICWS2002:"eic_remotename"|}|}]}");
            """),
        TestCode.InMethod("""
            var a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_State, Attr.Eic_Muted, Attr.Eic_RemoteName], ct);
            Console.WriteLine($"{a.Muted} {a.RemoteName} {a.Muted} {a["eic_remotename"]}");
            """),
        fixAll: true);

    [Fact]
    public Task Adds_the_projects_catalog_constant_for_an_extension_accessor() => VerifyFixAsync(Provider,
        "using Consumer;\n" + TestCode.InMethod("""
            var a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_State], ct);
            var p = {|ICWS2004:a.RoutingPriority()|};
            """),
        "using Consumer;\n" + TestCode.InMethod("""
            var a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_State, RoutingAttr.Acme_RoutingPriority], ct);
            var p = a.RoutingPriority();
            """),
        project: TestProject.With(CustomSpecs.Routing));

    [Fact]
    public Task Adds_a_literal_for_an_extension_accessor_to_a_list_of_literals() => VerifyFixAsync(Provider,
        "using Consumer;\n" + TestCode.InMethod("""
            var a = await icws.Interactions.GetAttributesAsync(id, new[] { "Eic_State" }, ct);
            var p = {|ICWS2004:a.RoutingPriority()|};
            """),
        "using Consumer;\n" + TestCode.InMethod("""
            var a = await icws.Interactions.GetAttributesAsync(id, new[] { "Eic_State", "Acme_RoutingPriority" }, ct);
            var p = a.RoutingPriority();
            """),
        project: TestProject.With(CustomSpecs.Routing));

    [Fact]
    public Task No_fix_when_the_list_is_a_local() => VerifyNoFixAsync(Provider, TestCode.InMethod("""
        string[] select = [Attr.Eic_State];
        var a = await icws.Interactions.GetAttributesAsync(id, select, ct);
        var m = {|ICWS2004:a.Muted|};
        """));
}
