using System.Threading.Tasks;
using Icws.CodeFixes;
using Xunit;
using static Icws.Analyzers.Tests.CodeFixHarness;

namespace Icws.Analyzers.Tests;

/// <summary>The ICWS2003 fix: fold per-interaction watches into the queue watch the loop already reads.</summary>
public sealed class InteractionWatchInLoopCodeFixTests
{
    private static readonly InteractionWatchInLoopCodeFixProvider Provider = new();

    [Fact]
    public Task Snapshot_loop_with_try_get_current() => VerifyFixAsync(Provider,
        TestCode.InMethod("""
            await using var queue = await icws.Queues.WatchAsync("sub", [], [Attr.Eic_State], cancellationToken: ct);
            foreach (var (iid, _) in queue.GetSnapshot())
            {
                await using var w = await {|ICWS2003:icws.Interactions.WatchAsync(iid, [Attr.Eic_State, Attr.Eic_RemoteName], ct)|};
                if (w.TryGetCurrent(out var now))
                {
                    Console.WriteLine(w.InteractionId + now.RemoteName);
                }
            }
            """),
        TestCode.InMethod("""
            await using var queue = await icws.Queues.WatchAsync("sub", [], [Attr.Eic_State, Attr.Eic_RemoteName], cancellationToken: ct);
            foreach (var (iid, _) in queue.GetSnapshot())
            {
                if (queue.TryGet(iid, out var now))
                {
                    Console.WriteLine(iid + now.RemoteName);
                }
            }
            """));

    [Fact]
    public Task Changes_loop_with_a_discarded_watch() => VerifyFixAsync(Provider,
        TestCode.InMethod("""
            var queue = await icws.Queues.WatchAsync("sub", [], new[] { Attr.Eic_State }, cancellationToken: ct);
            await foreach (var change in queue.Changes.WithCancellation(ct))
            {
                Console.WriteLine(change.Kind);
                await {|ICWS2003:icws.Interactions.WatchAsync(change.InteractionId, ["Eic_RemoteName", {|ICWS2002:"eic_state"|}], ct)|};
            }
            """),
        TestCode.InMethod("""
            var queue = await icws.Queues.WatchAsync("sub", [], new[] { Attr.Eic_State, "Eic_RemoteName" }, cancellationToken: ct);
            await foreach (var change in queue.Changes.WithCancellation(ct))
            {
                Console.WriteLine(change.Kind);
            }
            """));

    [Fact]
    public Task Fix_all_in_a_document() => VerifyFixAsync(Provider,
        TestCode.InMethod("""
            await using var sales = await icws.Queues.WatchAsync("sales", [], [Attr.Eic_State], cancellationToken: ct);
            foreach (var (iid, _) in sales.GetSnapshot())
            {
                await {|ICWS2003:icws.Interactions.WatchAsync(iid, [Attr.Eic_Muted], ct)|};
            }

            await using var support = await icws.Queues.WatchAsync("support", [], [Attr.Eic_State], cancellationToken: ct);
            foreach (var (iid, _) in support.GetSnapshot())
            {
                await {|ICWS2003:icws.Interactions.WatchAsync(iid, [Attr.Eic_RemoteName], ct)|};
            }
            """),
        TestCode.InMethod("""
            await using var sales = await icws.Queues.WatchAsync("sales", [], [Attr.Eic_State, Attr.Eic_Muted], cancellationToken: ct);
            foreach (var (iid, _) in sales.GetSnapshot())
            {
            }

            await using var support = await icws.Queues.WatchAsync("support", [], [Attr.Eic_State, Attr.Eic_RemoteName], cancellationToken: ct);
            foreach (var (iid, _) in support.GetSnapshot())
            {
            }
            """),
        fixAll: true);

    [Fact]
    public Task No_fix_when_the_queue_is_not_known() => VerifyNoFixAsync(Provider, TestCode.InMethod("""
        foreach (var each in ids)
        {
            await {|ICWS2003:icws.Interactions.WatchAsync(each, [Attr.Eic_State], ct)|};
        }
        """));

    [Fact]
    public Task No_fix_when_the_watch_escapes_the_loop() => VerifyNoFixAsync(Provider, TestCode.InMethod("""
        await using var queue = await icws.Queues.WatchAsync("sub", [], [Attr.Eic_State], cancellationToken: ct);
        var kept = new List<InteractionWatch<InteractionAttributes>>();
        foreach (var (iid, _) in queue.GetSnapshot())
        {
            var w = await {|ICWS2003:icws.Interactions.WatchAsync(iid, [Attr.Eic_State], ct)|};
            kept.Add(w);
        }
        """));

    [Fact]
    public Task No_fix_for_raw_urls_or_linq() => VerifyNoFixAsync(Provider, TestCode.InMethod("""
        await using var queue = await icws.Queues.WatchAsync("sub", [], [Attr.Eic_State], cancellationToken: ct);
        var all = await Task.WhenAll(queue.GetSnapshot().Keys.Select(i => {|ICWS2003:icws.Interactions.WatchAsync(i, [Attr.Eic_State], ct)|}));
        foreach (var (iid, _) in queue.GetSnapshot())
        {
            await {|ICWS2003:http.PutAsJsonAsync($"/icws/s/messaging/subscriptions/interactions/{iid}", new { attributeNames = new[] { "Eic_State" } }, ct)|};
        }
        """));
}
