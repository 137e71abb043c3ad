using System.Threading.Tasks;
using Xunit;
using static Icws.Analyzers.Tests.AnalyzerHarness;

namespace Icws.Analyzers.Tests;

/// <summary>ICWS2003: interaction watches started per item.</summary>
public sealed class InteractionWatchInLoopTests
{
    [Fact]
    public Task Foreach_over_ids() => VerifyAsync(TestCode.InMethod("""
        var watches = new List<InteractionWatch<InteractionAttributes>>();
        foreach (var each in ids)
        {
            watches.Add(await {|ICWS2003:icws.Interactions.WatchAsync(each, [Attr.Eic_State], ct)|});
        }
        """));

    [Fact]
    public Task For_and_while_and_do_loops() => VerifyAsync(TestCode.InMethod("""
        for (var i = 0; i < ids.Count; i++)
        {
            await {|ICWS2003:icws.Interactions.WatchAsync(ids[i], [Attr.Eic_State], ct)|};
        }

        var pending = new Queue<string>(ids);
        while (pending.TryDequeue(out var next))
        {
            await {|ICWS2003:icws.Interactions.WatchAsync(next, [Attr.Eic_State], ct)|};
        }

        var n = 0;
        do
        {
            var current = ids[n++];
            await {|ICWS2003:icws.Interactions.WatchAsync(current, [Attr.Eic_State], ct)|};
        }
        while (n < ids.Count);
        """));

    [Fact]
    public Task Linq_select_foreach_and_task_whenall() => VerifyAsync(TestCode.InMethod("""
        var all = await Task.WhenAll(ids.Select(i => {|ICWS2003:icws.Interactions.WatchAsync(i, [Attr.Eic_State], ct)|}));
        ids.ToList().ForEach(i => _ = {|ICWS2003:icws.Interactions.WatchAsync(i, [Attr.Eic_State], ct)|});
        var query = from i in ids select {|ICWS2003:icws.Interactions.WatchAsync(i, [Attr.Eic_State], ct)|};
        await Parallel.ForEachAsync(ids, ct, async (i, token) => await {|ICWS2003:icws.Interactions.WatchAsync(i, [Attr.Eic_State], token)|});
        """));

    [Fact]
    public Task Raw_urls_with_HttpClient() => VerifyAsync(TestCode.InMethod("""
        var session = "s1";
        foreach (var each in ids)
        {
            await {|ICWS2003:http.PutAsJsonAsync($"/icws/{session}/messaging/subscriptions/interactions/{each}", new { attributeNames = new[] { "Eic_State" } }, ct)|};
            var url = "messaging/subscriptions/interactions/" + each;
            using var request = {|ICWS2003:new HttpRequestMessage(HttpMethod.Put, url)|};
            await http.SendAsync(request, ct);
            await {|ICWS2003:http.PutAsync(new Uri(new Uri("https://cic:8019/icws/s/"), "messaging/subscriptions/interactions/" + each), null, ct)|};
        }
        """));

    [Fact]
    public async Task Message_explains_why_a_queue_watch_is_cheaper()
    {
        var diagnostic = Assert.Single(await GetDiagnosticsAsync(TestCode.InMethod("""
            foreach (var each in ids) await icws.Interactions.WatchAsync(each, [Attr.Eic_State], ct);
            """)));
        Assert.Equal("ICWS2003", diagnostic.Id);
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("WatchAsync", diagnostic.GetMessage());
        Assert.Contains("messaging/subscriptions/interactions/{interactionId}", diagnostic.GetMessage());
        Assert.Contains("queue watch", diagnostic.GetMessage());
        Assert.Contains("single subscription", diagnostic.GetMessage());
    }

    [Fact]
    public Task No_diagnostic_outside_loops_or_for_other_calls() => VerifyAsync(TestCode.InMethod("""
        await using var one = await icws.Interactions.WatchAsync(id, [Attr.Eic_State], ct);
        foreach (var each in ids)
        {
            var a = await icws.Interactions.GetAttributesAsync(each, [Attr.Eic_State], ct);
            await icws.Interactions.HoldAsync(each, true, ct);
            await icws.Interactions.UnwatchAsync(each, ct);
            await http.DeleteAsync($"/icws/s/messaging/subscriptions/interactions/{each}", ct);
            await http.PutAsJsonAsync($"/icws/s/messaging/subscriptions/queues/{each}", new { }, ct);
            await using var q = await icws.Queues.WatchAsync(each, [], [Attr.Eic_State], cancellationToken: ct);
        }

        var all = await Task.WhenAll(ids.Select(i => icws.Interactions.GetAttributesAsync(i, [Attr.Eic_State], ct)));
        """));

    [Fact]
    public Task No_diagnostic_for_a_retry_loop_on_one_interaction() => VerifyAsync(TestCode.InMethod("""
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                await using var w = await icws.Interactions.WatchAsync(id, [Attr.Eic_State], ct);
                break;
            }
            catch (IcwsException)
            {
                await Task.Delay(100, ct);
            }
        }

        while (!ct.IsCancellationRequested)
        {
            await icws.Interactions.WatchAsync(id, [Attr.Eic_State], ct);
            await Task.Delay(1000, ct);
        }
        """));
}
