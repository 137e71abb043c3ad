using System.Threading.Tasks;
using Xunit;
using static Icws.Analyzers.Tests.AnalyzerHarness;

namespace Icws.Analyzers.Tests;

/// <summary>
/// ICWS2003 in lambdas: the framework helpers that run a lambda once per item are recognized by the method's name
/// first and their type only then (the types are looked up on first need). Every helper still counts, and a lambda
/// that no such helper runs still does not.
/// </summary>
public sealed class InteractionWatchPerItemHelperTests
{
    [Fact]
    public Task Every_per_item_helper() => VerifyAsync(TestCode.InMethod("""
        var nested = ids.SelectMany(i => new[] { {|ICWS2003:icws.Interactions.WatchAsync(i, [Attr.Eic_State], ct)|} });
        Array.ForEach(ids.ToArray(), i => _ = {|ICWS2003:icws.Interactions.WatchAsync(i, [Attr.Eic_State], ct)|});
        Parallel.For(0, ids.Count, n => _ = {|ICWS2003:icws.Interactions.WatchAsync(ids[n], [Attr.Eic_State], ct)|});
        Parallel.ForEach(ids, i => _ = {|ICWS2003:icws.Interactions.WatchAsync(i, [Attr.Eic_State], ct)|});
        var parallel = ids.AsParallel().Select(i => {|ICWS2003:icws.Interactions.WatchAsync(i, [Attr.Eic_State], ct)|});
        var queried = ids.AsQueryable().Select(i => {|ICWS2003:icws.Interactions.WatchAsync(i, new[] { Attr.Eic_State }, ct)|});
        """));

    [Fact]
    public Task No_diagnostic_for_a_lambda_that_no_per_item_helper_runs() => VerifyAsync(TestCode.InMethod("""
        Func<string, Task> start = i => icws.Interactions.WatchAsync(i, [Attr.Eic_State], ct);
        await start(id);
        await Task.Run(() => icws.Interactions.WatchAsync(id, [Attr.Eic_State], ct));
        var found = ids.ToList().Find(i => i.Length > 0 && icws.Interactions.WatchAsync(i, [Attr.Eic_State], ct) is not null);
        """));
}
