using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;

namespace Icws.Benchmarks.Clients;

/// <summary>
/// A cross-check of groups 1 and 2 that the shared machine cannot skew: the four clients take turns in short
/// chunks (about 20 ms each, the order rotating every round), so a burst of load from someone else's build hits
/// all of them alike. Recorded per operation as the median time per call over the rounds.
/// </summary>
public static class Interleaved
{
    public static readonly (string Name, Func<ClientSet, Operation, Task> Call)[] Clients =
    {
        ("Floor", (c, o) => c.CallFloor(o)), ("Ours", (c, o) => c.CallOurs(o)), ("Refit", (c, o) => c.CallRefit(o)), ("Stj", (c, o) => c.CallStj(o)),
    };

    public static async Task MeasureAsync(ClientSet clients, Operation operation, IDictionary<string, string> extras, int rounds, TimeSpan warmup)
    {
        // Warm up every client (tiered JIT reaches its final code after a second or two of calls).
        foreach (var (_, call) in Clients)
        {
            var until = Stopwatch.StartNew();
            while (until.Elapsed < warmup)
            {
                await call(clients, operation);
            }
        }

        // Calls per chunk: about 20 ms of the floor's calls.
        var probe = Stopwatch.StartNew();
        var calls = 0;
        while (probe.ElapsedMilliseconds < 20)
        {
            await Clients[0].Call(clients, operation);
            calls++;
        }

        var perClient = Clients.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var k = 0; k < Clients.Length; k++)
            {
                var index = (k + round) % Clients.Length;
                var call = Clients[index].Call;
                var clock = Stopwatch.StartNew();
                for (var i = 0; i < calls; i++)
                {
                    await call(clients, operation);
                }

                perClient[index].Add(clock.Elapsed.TotalMilliseconds * 1e6 / calls);
            }
        }

        for (var index = 0; index < Clients.Length; index++)
        {
            var sorted = perClient[index].OrderBy(v => v).ToList();
            extras[$"interleaved.{operation}.{Clients[index].Name}"] = sorted[sorted.Count / 2].ToString("F1", CultureInfo.InvariantCulture);
        }
    }
}
