using System.Threading.Tasks;
using Icws.CodeFixes;
using Xunit;
using static Icws.Analyzers.Tests.AnalyzerHarness;

namespace Icws.Analyzers.Tests;

/// <summary>
/// The rules match endpoints by the wire names the generated parameters carry (<c>[IcwsPathParameter]</c>,
/// <c>[IcwsQueryParameter]</c>), not by their C# names: here a project's own endpoints whose spec renames them
/// (<c>"csharpName"</c>): <c>{interactionId}</c> is filled by <c>callId</c>, the attribute-name query <c>attrs</c> by
/// <c>fields</c>.
/// </summary>
public sealed class WireNameTests
{
    private static TestProject Project => TestProject.With(CustomSpecs.RenamedParameters);

    private static string InMethod(string body) => "using Consumer;\n" + TestCode.InMethod(body);

    [Fact]
    public Task Raw_url_query_is_read_by_its_wire_name() => VerifyAsync(InMethod("""
        var byWire = await http.GetStringAsync($"/icws/s/acme/calls/{id}?attrs=Eic_State,{|ICWS2001:Eic_Stat|}", ct);
        var relative = await http.GetStringAsync("acme/calls/" + id + "?other=1&attrs={|ICWS2002:EIC_STATE|}", ct);
        var byCSharpName = await http.GetStringAsync($"/icws/s/acme/calls/{id}?fields=Eic_Stat", ct);
        """), Project);

    [Fact]
    public Task Generated_call_is_checked() => VerifyAsync(InMethod("""
        var a = await icws.Interactions.GetCallAttributesAsync(id, [Attr.Eic_State, {|ICWS2001:"Eic_RemoteNme"|}], ct);
        var b = await icws.Interactions.GetCallAttributesAsync(callId: id, fields: [Attr.Eic_State], cancellationToken: ct);
        Console.WriteLine($"{b.State} {{|ICWS2004:b.Muted|}}");
        """), Project);

    [Fact]
    public Task Interaction_watch_in_a_loop_is_found_by_the_path_wire_name() => VerifyAsync(InMethod("""
        foreach (var each in ids)
        {
            await {|ICWS2003:icws.Interactions.WatchCallAsync(each, [Attr.Eic_State], ct)|};
            await {|ICWS2003:http.PutAsJsonAsync($"/icws/s/messaging/subscriptions/acme-calls/{each}", new { attributeNames = new[] { "Eic_State" } }, ct)|};
            await icws.Interactions.UnwatchCallAsync(each, ct);
        }

        for (var attempt = 0; attempt < 3; attempt++)
        {
            await icws.Interactions.WatchCallAsync(id, [Attr.Eic_State], ct);
        }
        """), Project);

    [Fact]
    public async Task Watch_message_names_the_wire_template()
    {
        var diagnostic = Assert.Single(await GetDiagnosticsAsync(InMethod("""
            foreach (var each in ids) await icws.Interactions.WatchCallAsync(each, [Attr.Eic_State], ct);
            """), Project));
        Assert.Equal("ICWS2003", diagnostic.Id);
        Assert.Contains("'WatchCallAsync' (PUT /icws/{sessionId}/messaging/subscriptions/acme-calls/{interactionId})", diagnostic.GetMessage());
    }

    [Fact]
    public Task Queue_watch_fix_finds_the_id_by_the_wire_name() => CodeFixHarness.VerifyFixAsync(new InteractionWatchInLoopCodeFixProvider(),
        InMethod("""
            await using var queue = await icws.Queues.WatchAsync("sub", [], [Attr.Eic_State], cancellationToken: ct);
            foreach (var (iid, _) in queue.GetSnapshot())
            {
                await using var w = await {|ICWS2003:icws.Interactions.WatchCallAsync(iid, [Attr.Eic_State, Attr.Eic_RemoteName], ct)|};
                if (w.TryGetCurrent(out var now))
                {
                    Console.WriteLine(w.InteractionId + now.RemoteName);
                }
            }
            """),
        InMethod("""
            await using var queue = await icws.Queues.WatchAsync("sub", [], [Attr.Eic_State, Attr.Eic_RemoteName], cancellationToken: ct);
            foreach (var (iid, _) in queue.GetSnapshot())
            {
                if (queue.TryGet(iid, out var now))
                {
                    Console.WriteLine(iid + now.RemoteName);
                }
            }
            """),
        project: Project);
}
