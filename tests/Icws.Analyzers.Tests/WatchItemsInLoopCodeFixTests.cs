using System.Threading.Tasks;
using Icws.CodeFixes;
using Xunit;
using static Icws.Analyzers.Tests.CodeFixHarness;

namespace Icws.Analyzers.Tests;

/// <summary>The ICWS2003 fix for list-taking watches: one call with every item instead of one per item.</summary>
public sealed class WatchItemsInLoopCodeFixTests
{
    private static readonly WatchItemsInLoopCodeFixProvider Provider = new();

    [Fact]
    public Task Foreach_of_the_item_itself_passes_the_collection() => VerifyFixAsync(Provider,
        TestCode.InMethod("""
            Console.WriteLine("before");
            // one licence watch per name
            foreach (var name in ids)
            {
                await {|ICWS2003:icws.Licenses.WatchAsync([name], ct)|};
            }

            Console.WriteLine("after");
            """),
        TestCode.InMethod("""
            Console.WriteLine("before");
            // one licence watch per name
            await icws.Licenses.WatchAsync(ids, ct);

            Console.WriteLine("after");
            """));

    [Fact]
    public Task Foreach_without_braces_and_an_array() => VerifyFixAsync(Provider,
        TestCode.InMethod("""
            string[] names = ["I3_ACCESS_CLIENT", "I3_LICENSE_BASIC_STATION"];
            foreach (var name in names)
                await {|ICWS2003:icws.Licenses.WatchAsync(new[] { name }, ct)|};
            """),
        TestCode.InMethod("""
            string[] names = ["I3_ACCESS_CLIENT", "I3_LICENSE_BASIC_STATION"];
            await icws.Licenses.WatchAsync(names, ct);
            """));

    [Fact]
    public Task Transformed_item_becomes_a_select_spread_into_the_list() => VerifyFixAsync(Provider,
        TestCode.InMethod("""
            foreach (var name in ids)
            {
                await {|ICWS2003:icws.Queues.WatchAsync("board", [new QueueId { QueueType = QueueType.Workgroup, QueueName = name }], [Attr.Eic_State], cancellationToken: ct)|};
            }
            """),
        TestCode.InMethod("""
            await icws.Queues.WatchAsync("board", [.. ids.Select(name => new QueueId { QueueType = QueueType.Workgroup, QueueName = name })], [Attr.Eic_State], cancellationToken: ct);
            """));

    [Fact]
    public Task Task_whenall_over_a_projection() => VerifyFixAsync(Provider,
        TestCode.InMethod("""
            await Task.WhenAll(ids.Select(name => {|ICWS2003:icws.Licenses.WatchAsync([name], ct)|}));
            await Task.WhenAll(ids.Where(n => n.Length > 0).Select(async n => await {|ICWS2003:icws.Licenses.WatchAsync(["I3_" + n], ct)|}));
            """),
        TestCode.InMethod("""
            await icws.Licenses.WatchAsync(ids, ct);
            await icws.Licenses.WatchAsync([.. ids.Where(n => n.Length > 0).Select(n => "I3_" + n)], ct);
            """),
        fixAll: true);

    [Fact]
    public Task Project_watch_learned_from_its_spec() => VerifyFixAsync(Provider,
        "using Consumer;\n" + TestCode.InMethod("""
            foreach (var user in ids)
            {
                await {|ICWS2003:icws.Presence().WatchUserStatusesAsync([user], ct)|};
            }
            """),
        "using Consumer;\n" + TestCode.InMethod("""
            await icws.Presence().WatchUserStatusesAsync(ids, ct);
            """),
        project: TestProject.With(CustomSpecs.ItemWatches));

    [Fact]
    public Task Using_for_linq_is_added_when_missing() => VerifyFixAsync(Provider,
        """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Icws.Client;

        public sealed class Sample
        {
            public async Task Run(IcwsClient icws, List<string> ids, CancellationToken ct)
            {
                foreach (var name in ids)
                {
                    await {|ICWS2003:icws.Licenses.WatchAsync(["I3_" + name], ct)|};
                }
            }
        }
        """,
        """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Icws.Client;
        using System.Linq;

        public sealed class Sample
        {
            public async Task Run(IcwsClient icws, List<string> ids, CancellationToken ct)
            {
                await icws.Licenses.WatchAsync([.. ids.Select(name => "I3_" + name)], ct);
            }
        }
        """);

    [Fact]
    public Task No_fix_when_more_than_the_call_depends_on_the_item() => VerifyNoFixAsync(Provider, TestCode.InMethod("""
        foreach (var name in ids)
        {
            await using var w = await {|ICWS2003:icws.Queues.WatchAsync("board-" + name, [new QueueId { QueueType = QueueType.Workgroup, QueueName = name }], [Attr.Eic_State], cancellationToken: ct)|};
        }

        foreach (var name in ids)
        {
            await {|ICWS2003:icws.Queues.WatchAsync("board-" + name, [new QueueId { QueueType = QueueType.Workgroup, QueueName = name }], [Attr.Eic_State], cancellationToken: ct)|};
        }

        foreach (var name in ids)
        {
            Console.WriteLine(name);
            await {|ICWS2003:icws.Licenses.WatchAsync([name], ct)|};
        }

        foreach (var name in ids)
        {
            await {|ICWS2003:icws.Licenses.WatchAsync([name, "I3_ACCESS_CLIENT"], ct)|};
        }

        for (var i = 0; i < ids.Count; i++)
        {
            await {|ICWS2003:icws.Licenses.WatchAsync([ids[i]], ct)|};
        }

        var all = await Task.WhenAll(ids.Select(name => {|ICWS2003:icws.Queues.WatchAsync("board", [new QueueId { QueueType = QueueType.User, QueueName = name }], [Attr.Eic_State], cancellationToken: ct)|}));
        """));

    [Fact]
    public Task Per_interaction_watches_are_left_to_their_own_fix() => VerifyNoFixAsync(Provider, TestCode.InMethod("""
        foreach (var each in ids)
        {
            await {|ICWS2003:icws.Interactions.WatchAsync(each, [Attr.Eic_State], ct)|};
        }
        """));

    [Fact]
    public Task The_queue_watch_fix_leaves_item_lists_alone() => VerifyNoFixAsync(new InteractionWatchInLoopCodeFixProvider(), TestCode.InMethod("""
        await using var queue = await icws.Queues.WatchAsync("sub", [], [Attr.Eic_State], cancellationToken: ct);
        foreach (var (iid, _) in queue.GetSnapshot())
        {
            await {|ICWS2003:icws.Licenses.WatchAsync([iid], ct)|};
        }
        """));
}
