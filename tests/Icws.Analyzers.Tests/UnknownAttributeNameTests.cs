using System.Threading.Tasks;
using Xunit;
using static Icws.Analyzers.Tests.AnalyzerHarness;

namespace Icws.Analyzers.Tests;

/// <summary>ICWS2001 and ICWS2002: names checked against the catalogs the generator emits (the package's and the project's own).</summary>
public sealed class UnknownAttributeNameTests
{
    [Fact]
    public Task Literal_in_select_collection_expression() => VerifyAsync(TestCode.InMethod("""
        var a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_State, {|ICWS2001:"Eic_RemoteNme"|}], ct);
        """));

    [Fact]
    public async Task Message_names_the_unknown_and_the_nearest_known_name()
    {
        var diagnostics = await GetDiagnosticsAsync(TestCode.InMethod("""
            var a = await icws.Interactions.GetAttributesAsync(id, new[] { "Eic_RemoteNme" }, ct);
            """));
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("ICWS2001", diagnostic.Id);
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("'Eic_RemoteNme'", diagnostic.GetMessage());
        Assert.Contains("'Eic_RemoteName'", diagnostic.GetMessage());
        Assert.Equal("https://github.com/icws-generated/icws-generated/blob/main/docs/rules/ICWS2001.md", diagnostic.Descriptor.HelpLinkUri);
    }

    [Fact]
    public Task Array_creation_and_params_and_list_initializer() => VerifyAsync(TestCode.InMethod("""
        await icws.Interactions.WatchAsync(id, new string[] { {|ICWS2001:"Eic_Stat"|} }, ct);
        var s = await icws.Queues.WatchAsync("s", [], new List<string> { Attr.Eic_State, {|ICWS2001:"Eic_ConectTime"|} }, cancellationToken: ct);
        Names({|ICWS2001:"Eic_Foo"|}, "Eic_State");
        """, members: """
            private static void Names([Icws.Metadata.IcwsAttributeNames] params string[] names) { }
        """));

    [Fact]
    public Task Comma_separated_select_string_reports_each_bad_name_in_place() => VerifyAsync(TestCode.InMethod("""
        var a = await icws.Interactions.GetAttributesAsync(id, ["Eic_State,{|ICWS2001:Eic_RemoteNme|}, {|ICWS2002:eic_callid|}"], ct);
        """));

    [Fact]
    public Task Const_fields_and_constant_interpolations() => VerifyAsync(TestCode.InMethod("""
        var a = await icws.Interactions.GetAttributesAsync(id, [{|ICWS2001:MyName|}, {|ICWS2001:$"Eic_{Suffix}"|}, Prefix + "State"], ct);
        """, members: """
            private const string MyName = "Eic_RemoteNmae";
            private const string Suffix = "Sate";
            private const string Prefix = "Eic_";
        """));

    [Fact]
    public Task Attribute_map_indexers_and_lookups() => VerifyAsync(TestCode.InMethod("""
        var a = await icws.Interactions.GetAttributesAsync(id, dynamicName.Split(','), ct);
        var x = a[{|ICWS2001:"Eic_Stat"|}];
        var y = a.Map[{|ICWS2001:"Eic_RemotName"|}];
        var has = a.Contains({|ICWS2002:"EIC_STATE"|}) && a.Map.ContainsKey(Attr.Eic_State) && a.Map.TryGetValue({|ICWS2001:"Eic_Mutd"|}, out _);
        var z = a.Map.GetValueOrDefault("Eic_RemoteName");
        """));

    [Fact]
    public Task Queue_subscription_parameters_property() => VerifyAsync(TestCode.InMethod("""
        var p = new QueueSubscriptionParameters { QueueIds = [], AttributeNames = [Attr.Eic_State, {|ICWS2001:"Eic_Bogus"|}] };
        """));

    [Fact]
    public Task Local_list_passed_as_attribute_names_is_reported_once() => VerifyAsync(TestCode.InMethod("""
        var names = new[] { "Eic_State", {|ICWS2001:"Eic_RemoteNme"|} };
        var a = await icws.Interactions.GetAttributesAsync(id, names, ct);
        var b = await icws.Interactions.GetAttributesAsync(id + "2", names, ct);
        """));

    [Fact]
    public Task Static_readonly_list_with_catalog_constants_is_checked() => VerifyAsync(TestCode.InMethod("""
        var a = await icws.Interactions.GetAttributesAsync(id, Watched, ct);
        """, members: """
            private static readonly string[] Watched = [Attr.Eic_State, {|ICWS2001:"Eic_RemoteNme"|}];
            private static readonly string[] Headers = [Attr.Eic_State, "Remote name"];
        """));

    [Fact]
    public Task Case_only_mismatch_is_info() => VerifyAsync(TestCode.InMethod("""
        var a = await icws.Interactions.GetAttributesAsync(id, [{|ICWS2002:"eic_state"|}], ct);
        """));

    [Fact]
    public async Task Case_only_mismatch_defaults_to_info_severity()
    {
        var diagnostic = Assert.Single(await GetDiagnosticsAsync(TestCode.InMethod("""
            var a = await icws.Interactions.GetAttributesAsync(id, ["EIC_REMOTENAME"], ct);
            """)));
        Assert.Equal("ICWS2002", diagnostic.Id);
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.Contains("'Eic_RemoteName'", diagnostic.GetMessage());
    }

    [Fact]
    public Task Raw_url_select_with_plain_HttpClient() => VerifyAsync(TestCode.InMethod("""
        var session = "abc";
        var r1 = await http.GetStringAsync($"https://cic:8019/icws/{session}/interactions/{id}?select=Eic_State,{|ICWS2001:Eic_RemoteNme|}", ct);
        var r2 = await http.GetStringAsync("interactions/" + id + "?select={|ICWS2001:Eic_Stat|}&other=1", ct);
        const string Template = "/icws/{0}/interactions/{1}?select=Eic_CallId,{|ICWS2002:EIC_STATE|}";
        var r3 = await http.GetStringAsync(string.Format(Template, session, id), ct);
        """));

    [Fact]
    public Task No_diagnostic_on_unrelated_strings_and_urls() => VerifyAsync(TestCode.InMethod("""
        var dict = new Dictionary<string, string> { ["Eic_Foo"] = "x" };
        var v = dict["Eic_Foo"];
        var columns = new[] { "Eic_Foo", "Name" };
        var url = $"https://example.com/search?select=Eic_Foo,bar";
        var rel = "interactions/" + id + "?select=Eic_Foo";
        Console.WriteLine(string.Join(",", columns) + url + rel + v);
        var other = await http.GetStringAsync("/api/interactions/" + id + "?select=Eic_Foo", ct);
        """));

    [Fact]
    public Task No_diagnostic_on_non_constant_names() => VerifyAsync(TestCode.InMethod("""
        var a = await icws.Interactions.GetAttributesAsync(id, [dynamicName, Attr.Eic_State], ct);
        var x = a[dynamicName];
        var names = ids.ToList();
        await icws.Interactions.WatchAsync(id, names, ct);
        var r = await http.GetStringAsync($"/icws/s/interactions/{id}?select={dynamicName}", ct);
        """));

    [Fact]
    public Task Custom_spec_attribute_is_known() => VerifyAsync("using Consumer;\n" + TestCode.InMethod("""
        var a = await icws.Interactions.GetAttributesAsync(id, ["Acme_CustomerId", RoutingAttr.Acme_RoutingPriority, {|ICWS2001:"Acme_CustomerIdd"|}], ct);
        var c = a["Acme_CustomerId"];
        long? p = a.RoutingPriority();
        """), CustomSpecs.Routing);
}
