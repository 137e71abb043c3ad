using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Icws.Benchmarks.Clients;
using Icws.Benchmarks.Infrastructure;
using Icws.Benchmarks.Loopback;

namespace Icws.Benchmarks.Benchmarks;

/// <summary>
/// Group 2: the same clients and calls end to end, over HTTP/1.1 to a Kestrel server on 127.0.0.1 that runs in
/// a separate process (its work is not in the client's time or allocations, but it shares the two cores).
/// Every client gets the handler settings the session uses for its own HttpClient.
/// </summary>
[MemoryDiagnoser]
public class ClientLoopbackBenchmarks : IHasExtras
{
    private ClientSet _clients = null!;

    [ParamsAllValues]
    public Operation Operation { get; set; }

    public static HttpClient NewHttpClient() => new(new SocketsHttpHandler
    {
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.All,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    });

    [GlobalSetup]
    public void Setup()
    {
        var server = LoopbackServerProcess.Instance;
        _clients = ClientSet.CreateAsync(server.Address, NewHttpClient).GetAwaiter().GetResult();
        server.ControlAsync("/__bench/verify?on=1").GetAwaiter().GetResult();
        _clients.CheckResultsAsync().GetAwaiter().GetResult();
        var problems = server.ControlAsync("/__bench/problems").GetAwaiter().GetResult();
        server.ControlAsync("/__bench/verify?on=0").GetAwaiter().GetResult();
        if (problems.Length > 0)
        {
            throw new InvalidOperationException("The clients do not send the same requests:\n" + problems);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _clients.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public Task Floor() => _clients.CallFloor(Operation);

    [Benchmark]
    public Task Ours() => _clients.CallOurs(Operation);

    [Benchmark]
    public Task Refit() => _clients.CallRefit(Operation);

    [Benchmark]
    public Task Stj() => _clients.CallStj(Operation);

    public async Task CollectExtrasAsync(IDictionary<string, string> extras)
    {
        var server = LoopbackServerProcess.Instance;
        foreach (var (name, call) in new (string, Func<ClientSet, Operation, Task>)[]
        {
            ("Floor", (c, o) => c.CallFloor(o)), ("Ours", (c, o) => c.CallOurs(o)), ("Refit", (c, o) => c.CallRefit(o)), ("Stj", (c, o) => c.CallStj(o)),
        })
        {
            await using var clients = await ClientSet.CreateAsync(server.Address, NewHttpClient);
            await server.ControlAsync("/__bench/verify?on=1");
            foreach (var operation in Enum.GetValues<Operation>())
            {
                await call(clients, operation);
            }

            var problems = await server.ControlAsync("/__bench/problems");
            extras["headers." + name] = await server.ControlAsync("/__bench/headers");
            await server.ControlAsync("/__bench/verify?on=0");
            if (problems.Length > 0)
            {
                throw new InvalidOperationException($"{name} does not send the expected requests:\n" + problems);
            }
        }

        // The interleaved cross-check (see Interleaved).
        await using var all = await ClientSet.CreateAsync(server.Address, NewHttpClient);
        foreach (var operation in Enum.GetValues<Operation>())
        {
            await Interleaved.MeasureAsync(all, operation, extras, rounds: BenchSettings.Smoke ? 1 : 25, warmup: TimeSpan.FromSeconds(BenchSettings.Smoke ? 0 : 1.5));
        }
    }
}
