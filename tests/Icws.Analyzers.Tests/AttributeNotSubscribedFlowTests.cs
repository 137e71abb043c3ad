using System.Threading.Tasks;
using Xunit;
using static Icws.Analyzers.Tests.AnalyzerHarness;

namespace Icws.Analyzers.Tests;

/// <summary>
/// ICWS2004 shares its work within a method: each local is traced once and every later read reuses the answer,
/// and whether a local of the flow is assigned again is decided, once per method, only for a read that would be
/// reported. These cases pin what that relies on: every read still counts, and any reassignment along the flow
/// (of the value, of a watch, of the select list), wherever it is in the method, still silences the rule.
/// </summary>
public sealed class AttributeNotSubscribedFlowTests
{
    [Fact]
    public Task Every_read_of_a_traced_local_is_checked() => VerifyAsync(TestCode.InMethod("""
        var a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_State], ct);
        Console.WriteLine(a.State);
        Console.WriteLine({|ICWS2004:a.Muted|});
        Console.WriteLine(a.State);
        Console.WriteLine({|ICWS2004:a.Muted|});
        Console.WriteLine({|ICWS2004:a.RemoteName|} + a[{|ICWS2004:"Eic_CallId"|}]);
        """));

    [Fact]
    public Task Reads_in_lambdas_and_loops_of_the_method() => VerifyAsync(TestCode.InMethod("""
        await using var watch = await icws.Queues.WatchAsync("sub", [], [Attr.Eic_State], cancellationToken: ct);
        foreach (var pair in watch.GetSnapshot())
        {
            Func<string> show = () => $"{pair.Value.State} {{|ICWS2004:pair.Value.Muted|}}";
            Console.WriteLine(show() + {|ICWS2004:pair.Value.RemoteName|});
        }

        var a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_State], ct);
        Action log = () => Console.WriteLine({|ICWS2004:a.RemoteName|});
        log();
        """));

    [Fact]
    public Task No_diagnostic_when_the_value_is_assigned_after_the_read() => VerifyAsync(TestCode.InMethod("""
        var a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_State], ct);
        Console.WriteLine(a.Muted);
        a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_Muted], ct);
        """));

    [Fact]
    public Task No_diagnostic_when_the_value_is_assigned_in_a_lambda_or_a_local_function() => VerifyAsync(TestCode.InMethod("""
        var a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_State], ct);
        Func<Task> refresh = async () => a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_Muted], ct);
        await refresh();
        Console.WriteLine(a.Muted);

        var b = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_State], ct);
        Replace(ref b);
        Console.WriteLine(b.Muted);

        var c = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_State], ct);
        Reset();
        Console.WriteLine(c.Muted);

        void Reset() => c = default;
        """, members: """
            private static void Replace(ref InteractionAttributes attributes) => attributes = default;
        """));

    [Fact]
    public Task No_diagnostic_when_an_out_variable_is_filled_again() => VerifyAsync(TestCode.InMethod("""
        await using var w = await icws.Interactions.WatchAsync(id, [Attr.Eic_State], ct);
        if (w.TryGetCurrent(out var now))
        {
            Console.WriteLine(now.Muted);
        }

        w.TryGetCurrent(out now);
        """));

    [Fact]
    public Task No_diagnostic_when_the_watch_is_assigned_again() => VerifyAsync(TestCode.InMethod("""
        var watch = await icws.Queues.WatchAsync("sub", [], [Attr.Eic_State], cancellationToken: ct);
        foreach (var pair in watch.GetSnapshot())
        {
            Console.WriteLine(pair.Value.Muted);
        }

        watch = await icws.Queues.WatchAsync("sub2", [], [Attr.Eic_Muted], cancellationToken: ct);
        """));

    [Fact]
    public Task No_diagnostic_when_the_select_list_is_assigned_again() => VerifyAsync(TestCode.InMethod("""
        string[] select = [Attr.Eic_State];
        if (ids.Count > 1)
        {
            select = [Attr.Eic_State, Attr.Eic_Muted];
        }

        var a = await icws.Interactions.GetAttributesAsync(id, select, ct);
        Console.WriteLine(a.Muted);
        """));

    [Fact]
    public Task A_same_named_local_assigned_in_another_method_changes_nothing() => VerifyAsync(TestCode.InMethod("""
        var a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_State], ct);
        Console.WriteLine({|ICWS2004:a.Muted|});
        """, members: """
            private static int Other()
            {
                var a = 1;
                a = 2;
                return a;
            }
        """));

    [Fact]
    public Task Each_method_has_its_own_answers() => VerifyAsync(TestCode.Usings + """
        public sealed class Two
        {
            public async Task First(IcwsClient icws, string id, CancellationToken ct)
            {
                var a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_State], ct);
                Console.WriteLine({|ICWS2004:a.Muted|});
            }

            public async Task Second(IcwsClient icws, string id, CancellationToken ct)
            {
                var a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_Muted], ct);
                Console.WriteLine(a.Muted);
                Console.WriteLine(a.State);
                a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_State], ct);
            }

            public async Task Third(IcwsClient icws, string id, CancellationToken ct)
            {
                var a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_Muted], ct);
                Console.WriteLine({|ICWS2004:a.State|});
            }
        }
        """);
}
