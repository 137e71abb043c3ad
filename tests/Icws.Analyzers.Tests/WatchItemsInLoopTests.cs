using System.Threading.Tasks;
using Xunit;
using static Icws.Analyzers.Tests.AnalyzerHarness;

namespace Icws.Analyzers.Tests;

/// <summary>
/// ICWS2003 on watches that take a list of items (<c>[IcwsEndpoint(WatchItems = ...)]</c>, from the spec's
/// <c>watchItems</c>): the package's queue and licence watches, and a project's own (<see cref="CustomSpecs.ItemWatches"/>),
/// called per item with a list built from that item.
/// </summary>
public sealed class WatchItemsInLoopTests
{
    private static TestProject Presence => TestProject.With(CustomSpecs.ItemWatches);

    private static string InPresenceMethod(string body) => "using Consumer;\n" + TestCode.InMethod(body);

    [Fact]
    public Task Loops_with_a_list_of_the_item() => VerifyAsync(TestCode.InMethod("""
        foreach (var name in ids)
        {
            await {|ICWS2003:icws.Licenses.WatchAsync([name], ct)|};
        }

        for (var i = 0; i < ids.Count; i++)
        {
            await {|ICWS2003:icws.Licenses.WatchAsync(new[] { ids[i] }, ct)|};
        }

        var pending = new Queue<string>(ids);
        while (pending.TryDequeue(out var next))
        {
            await {|ICWS2003:icws.Licenses.WatchAsync(new List<string> { next }, ct)|};
        }

        var n = 0;
        do
        {
            var current = ids[n++];
            await {|ICWS2003:icws.Licenses.WatchAsync(new string[] { "I3_ACCESS_CLIENT", current }, ct)|};
        }
        while (n < ids.Count);
        """));

    [Fact]
    public Task Linq_projections_and_task_whenall() => VerifyAsync(TestCode.InMethod("""
        await Task.WhenAll(ids.Select(name => {|ICWS2003:icws.Licenses.WatchAsync([name], ct)|}));
        await Task.WhenAll(ids.Select(async name => await {|ICWS2003:icws.Licenses.WatchAsync([name], ct)|}));
        var query = from name in ids select {|ICWS2003:icws.Licenses.WatchAsync([name], ct)|};
        ids.ToList().ForEach(name => _ = {|ICWS2003:icws.Licenses.WatchAsync([name], ct)|});
        var watches = await Task.WhenAll(ids.Select(name => {|ICWS2003:icws.Queues.WatchAsync("board-" + name, [new QueueId { QueueType = QueueType.Workgroup, QueueName = name }], [Attr.Eic_State], cancellationToken: ct)|}));
        """));

    [Fact]
    public Task Queue_watch_per_queue() => VerifyAsync(TestCode.InMethod("""
        var watches = new List<QueueWatch<InteractionAttributes>>();
        foreach (var name in ids)
        {
            watches.Add(await {|ICWS2003:icws.Queues.WatchAsync("board-" + name, [new QueueId { QueueType = QueueType.Workgroup, QueueName = name }], [Attr.Eic_State], cancellationToken: ct)|});
        }
        """));

    [Fact]
    public Task No_diagnostic_when_the_list_does_not_change_per_item_or_the_call_is_outside_a_loop() => VerifyAsync(TestCode.InMethod("""
        await icws.Licenses.WatchAsync([id], ct);
        await icws.Licenses.WatchAsync(ids, ct);
        await Task.WhenAll(ids.Select(name => icws.Licenses.WatchAsync(["I3_ACCESS_CLIENT"], ct)));
        foreach (var name in ids)
        {
            await icws.Licenses.WatchAsync([dynamicName], ct);
            await icws.Licenses.WatchAsync(ids, ct);
            await icws.Licenses.WatchAsync([.. ids], ct);
            await using var q = await icws.Queues.WatchAsync(name, [], [Attr.Eic_State], cancellationToken: ct);
        }

        for (var attempt = 0; attempt < 3; attempt++)
        {
            await icws.Licenses.WatchAsync([id], ct);
        }
        """));

    [Fact]
    public Task No_diagnostic_for_list_taking_endpoints_without_watch_items() => VerifyAsync(TestCode.InMethod("""
        foreach (var name in ids)
        {
            await icws.Licenses.AcquireAsync([name], ct);
            await icws.Licenses.ReplaceAsync(new[] { name }, ct);
            await icws.Interactions.GetAttributesAsync(id, [name], ct);
        }

        await Task.WhenAll(ids.Select(name => icws.Licenses.AcquireAsync([name], ct)));
        """));

    [Fact]
    public async Task Message_for_a_watch_with_one_subscription_per_session()
    {
        var diagnostic = Assert.Single(await GetDiagnosticsAsync(TestCode.InMethod("""
            foreach (var name in ids) await icws.Licenses.WatchAsync([name], ct);
            """)));
        Assert.Equal("ICWS2003", diagnostic.Id);
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(
            "'WatchAsync' (PUT /icws/{sessionId}/messaging/subscriptions/licenses) takes a list of items, but gets a list built from one item, here once per item; "
            + "ICWS keeps one such watch per session, so each call replaces the list of the call before and only the last item stays watched. "
            + "Call it once with every item in 'licenseList'.",
            diagnostic.GetMessage());
    }

    [Fact]
    public async Task Message_for_a_keyed_watch_with_a_key_per_item_or_one_key()
    {
        var diagnostics = await GetDiagnosticsAsync(TestCode.InMethod("""
            foreach (var name in ids)
            {
                await using var perItem = await icws.Queues.WatchAsync("board-" + name, [new QueueId { QueueType = QueueType.User, QueueName = name }], [Attr.Eic_State], cancellationToken: ct);
                await using var sameKey = await icws.Queues.WatchAsync("board", [new QueueId { QueueType = QueueType.User, QueueName = name }], [Attr.Eic_State], cancellationToken: ct);
            }
            """));
        Assert.Equal(2, diagnostics.Length);
        Assert.Contains("each call is a subscription of its own", diagnostics[0].GetMessage());
        Assert.Contains("one per item where one would do", diagnostics[0].GetMessage());
        Assert.EndsWith("Call it once with every item in 'queueIds'.", diagnostics[0].GetMessage());
        Assert.Contains("each call names the same subscription, so it replaces the list of the call before", diagnostics[1].GetMessage());
        Assert.Contains("only the last item stays watched", diagnostics[1].GetMessage());
    }

    [Fact]
    public Task Project_endpoints_are_learned_from_their_generated_metadata() => VerifyAsync(InPresenceMethod("""
        foreach (var user in ids)
        {
            await {|ICWS2003:icws.Presence().WatchUserStatusesAsync([user], ct)|};
            await icws.Presence().WatchUserStatusesUnmarkedAsync([user], ct);
            await {|ICWS2003:icws.Presence().WatchStatisticsAsync("stats", statisticKeys: ["waiting:" + user], cancellationToken: ct)|};
            await {|ICWS2003:icws.Licenses.WatchSeatsAsync([user], ct)|};
            await {|ICWS2003:LicensesApiExtensions.WatchSeatsAsync(icws.Licenses, [user], ct)|};
        }

        await Task.WhenAll(ids.Select(user => {|ICWS2003:icws.Presence().WatchUserStatusesAsync([user], ct)|}));
        await Task.WhenAll(ids.Select(user => icws.Presence().WatchUserStatusesUnmarkedAsync([user], ct)));
        await icws.Presence().WatchUserStatusesAsync(ids, ct);
        """), Presence);

    [Fact]
    public async Task Project_watch_messages_name_the_csharp_parameter_and_the_subscription_kind()
    {
        var diagnostics = await GetDiagnosticsAsync(InPresenceMethod("""
            foreach (var user in ids)
            {
                await icws.Presence().WatchUserStatusesAsync([user], ct);
                await icws.Presence().WatchStatisticsAsync("stats-" + user, [user], ct);
            }
            """), Presence);
        Assert.Equal(2, diagnostics.Length);
        Assert.Contains("ICWS keeps one such watch per session", diagnostics[0].GetMessage());
        Assert.EndsWith("every item in 'userIds'.", diagnostics[0].GetMessage());
        Assert.Contains("each call is a subscription of its own", diagnostics[1].GetMessage());
        Assert.EndsWith("every item in 'statisticKeys'.", diagnostics[1].GetMessage());
    }
}
