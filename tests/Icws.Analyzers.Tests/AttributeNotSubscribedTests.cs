using System.Threading.Tasks;
using Xunit;
using static Icws.Analyzers.Tests.AnalyzerHarness;

namespace Icws.Analyzers.Tests;

/// <summary>ICWS2004: reads of attributes the select or watch did not ask for.</summary>
public sealed class AttributeNotSubscribedTests
{
    [Fact]
    public Task Typed_accessor_after_select() => VerifyAsync(TestCode.InMethod("""
        var a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_RemoteName, Attr.Eic_State], ct);
        Console.WriteLine($"{a.State} {a.RemoteName} {{|ICWS2004:a.CallId|}}");
        """));

    [Fact]
    public async Task Message_names_the_attribute_and_the_list()
    {
        var diagnostic = Assert.Single(await GetDiagnosticsAsync(TestCode.InMethod("""
            var a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_RemoteName, Attr.Eic_State], ct);
            var muted = a.Muted;
            """)));
        Assert.Equal("ICWS2004", diagnostic.Id);
        Assert.Contains("'Eic_Muted'", diagnostic.GetMessage());
        Assert.Contains("Eic_RemoteName, Eic_State", diagnostic.GetMessage());
        Assert.Contains("GetAttributesAsync", diagnostic.GetMessage());
        Assert.Single(diagnostic.AdditionalLocations);
    }

    [Fact]
    public Task Indexers_and_lookups_with_constant_names() => VerifyAsync(TestCode.InMethod("""
        var a = await icws.Interactions.GetAttributesAsync(id, ["Eic_State,Eic_RemoteName"], ct);
        var x = a[{|ICWS2004:"Eic_Muted"|}] + a.Map[{|ICWS2004:Attr.Eic_CallId|}] + a[{|ICWS2002:"eic_state"|}] + a.Map["Eic_RemoteName"];
        var has = a.Contains({|ICWS2004:Attr.Eic_Private|});
        """));

    [Fact]
    public Task Select_list_in_a_local() => VerifyAsync(TestCode.InMethod("""
        string[] select = [Attr.Eic_State];
        var a = await icws.Interactions.GetAttributesAsync(id, select, ct);
        var r = {|ICWS2004:a.RemoteName|};
        """));

    [Fact]
    public Task Queue_watch_changes_snapshot_and_tryget() => VerifyAsync(TestCode.InMethod("""
        await using var watch = await icws.Queues.WatchAsync("sub", [], [Attr.Eic_State, Attr.Eic_RemoteName], cancellationToken: ct);
        foreach (var (iid, attrs) in watch.GetSnapshot())
        {
            Console.WriteLine($"{iid} {attrs.State} {{|ICWS2004:attrs.RemoteAddress|}}");
        }

        var snapshot = watch.GetSnapshot();
        var first = snapshot[id];
        Console.WriteLine($"{first.RemoteName} {{|ICWS2004:first.Muted|}}");
        if (watch.TryGet(id, out var one))
        {
            Console.WriteLine($"{one.State} {{|ICWS2004:one.ConnectDurationTime|}}");
        }

        await foreach (var change in watch.Changes.WithCancellation(ct))
        {
            Console.WriteLine($"{change.Attributes.State} {{|ICWS2004:change.Attributes.LocalName|}}");
        }
        """));

    [Fact]
    public Task Interaction_watch_try_get_current() => VerifyAsync(TestCode.InMethod("""
        await using var w = await icws.Interactions.WatchAsync(id, [Attr.Eic_State], ct);
        if (w.TryGetCurrent(out var now))
        {
            Console.WriteLine($"{now.State} {{|ICWS2004:now.Muted|}}");
        }
        """));

    [Fact]
    public Task Extension_accessor_of_a_projects_own_attribute() => VerifyAsync("using Consumer;\n" + TestCode.InMethod("""
        var a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_State], ct);
        Console.WriteLine($"{a.State} {{|ICWS2004:a.RoutingPriority()|}} {{|ICWS2004:RoutingAttributeAccessors.RoutingPriority(a)|}} {a[{|ICWS2004:RoutingAttr.Acme_CustomerId|}]}");
        var b = await icws.Interactions.GetAttributesAsync(id, [RoutingAttr.Acme_RoutingPriority], ct);
        Console.WriteLine($"{b.RoutingPriority()} {{|ICWS2004:b.State|}}");
        await using var watch = await icws.Queues.WatchAsync("sub", [], ["Acme_RoutingPriority"], cancellationToken: ct);
        foreach (var (iid, attrs) in watch.GetSnapshot())
        {
            Console.WriteLine($"{iid} {attrs.RoutingPriority()}");
        }
        """), CustomSpecs.Routing);

    [Fact]
    public async Task Message_names_the_attribute_an_extension_accessor_reads()
    {
        var diagnostic = Assert.Single(await GetDiagnosticsAsync("using Consumer;\n" + TestCode.InMethod("""
            var a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_State], ct);
            var p = a.RoutingPriority();
            """), null, CustomSpecs.Routing));
        Assert.Equal("ICWS2004", diagnostic.Id);
        Assert.Contains("'Acme_RoutingPriority'", diagnostic.GetMessage());
        Assert.Equal("Acme_RoutingPriority", diagnostic.Properties["Suggestion"]);
    }

    [Fact]
    public Task No_diagnostic_when_the_list_or_the_flow_is_not_certain() => VerifyAsync(TestCode.InMethod("""
        var a = await icws.Interactions.GetAttributesAsync(id, [dynamicName, Attr.Eic_State], ct);
        Console.WriteLine(a.Muted);
        var b = await icws.Interactions.GetAttributesAsync(id, cancellationToken: ct);
        Console.WriteLine(b.Muted);
        var c = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_State], ct);
        c = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_Muted], ct);
        Console.WriteLine(c.Muted);
        var d = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_State], ct);
        Console.WriteLine(d.Map.Merge(Icws.AttributeMap.Of(("Eic_Muted", "1")))["Eic_Muted"]);
        Show(d);
        var names = ids.ToArray();
        var e = await icws.Interactions.GetAttributesAsync(id, names, ct);
        Console.WriteLine(e.Muted);
        """, members: """
            private static void Show(InteractionAttributes attributes) => Console.WriteLine(attributes.Muted);
        """));
}
