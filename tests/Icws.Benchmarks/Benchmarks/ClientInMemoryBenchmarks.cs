using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Icws.Benchmarks.Clients;
using Icws.Benchmarks.Infrastructure;

namespace Icws.Benchmarks.Benchmarks;

/// <summary>
/// Group 1: the cost of one call through each client, over an in-memory <see cref="HttpMessageHandler"/> with
/// canned responses (no network, no server: what is left is the client's own work plus HttpClient's).
/// </summary>
[MemoryDiagnoser]
public class ClientInMemoryBenchmarks : IHasExtras
{
    private static readonly Uri Server = new("http://icws.bench:8018");
    private InMemoryIcwsHandler _handler = null!;
    private ClientSet _clients = null!;

    [ParamsAllValues]
    public Operation Operation { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _handler = new InMemoryIcwsHandler { Verify = true };
        _clients = ClientSet.CreateAsync(Server, () => new HttpClient(_handler, disposeHandler: false)).GetAwaiter().GetResult();
        _clients.CheckResultsAsync().GetAwaiter().GetResult();
        if (_handler.Problems.Count > 0)
        {
            throw new InvalidOperationException("The clients do not send the same requests:\n" + string.Join("\n", _handler.Problems));
        }

        _handler.Verify = false;
        _handler.Fixed = Operation;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _handler.Fixed = null;
        _clients.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _handler.Dispose();
    }

    [Benchmark(Baseline = true)]
    public Task Floor() => _clients.CallFloor(Operation);

    [Benchmark]
    public Task Ours() => _clients.CallOurs(Operation);

    [Benchmark]
    public Task Refit() => _clients.CallRefit(Operation);

    [Benchmark]
    public Task Stj() => _clients.CallStj(Operation);

    /// <summary>Checks the requests of each client on its own and records which headers each one sent.</summary>
    public async Task CollectExtrasAsync(IDictionary<string, string> extras)
    {
        foreach (var (name, calls) in new (string, Func<ClientSet, Operation, Task>)[]
        {
            ("Floor", (c, o) => c.CallFloor(o)), ("Ours", (c, o) => c.CallOurs(o)), ("Refit", (c, o) => c.CallRefit(o)), ("Stj", (c, o) => c.CallStj(o)),
        })
        {
            using var handler = new InMemoryIcwsHandler();
            await using var clients = await ClientSet.CreateAsync(Server, () => new HttpClient(handler, disposeHandler: false));
            handler.Verify = true;
            foreach (var operation in Enum.GetValues<Operation>())
            {
                await calls(clients, operation);
            }

            if (handler.Problems.Count > 0)
            {
                throw new InvalidOperationException($"{name} does not send the expected requests:\n" + string.Join("\n", handler.Problems));
            }

            extras["headers." + name] = string.Join("; ", handler.HeadersSeen.OrderBy(p => p.Key).Select(p => p.Key + ": " + string.Join(", ", p.Value)));
        }

        // The interleaved cross-check (see Interleaved).
        using var shared = new InMemoryIcwsHandler();
        await using var all = await ClientSet.CreateAsync(Server, () => new HttpClient(shared, disposeHandler: false));
        foreach (var operation in Enum.GetValues<Operation>())
        {
            shared.Fixed = operation;
            await Interleaved.MeasureAsync(all, operation, extras, rounds: BenchSettings.Smoke ? 1 : 25, warmup: TimeSpan.FromSeconds(BenchSettings.Smoke ? 0 : 1.5));
        }

        shared.Fixed = null;
    }
}
