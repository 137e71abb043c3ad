using System;
using System.Threading;
using Icws;
using Icws.Client;
using Icws.Sample;

// Icws.Sample.Aot --server URL --user NAME [--password PASSWORD | ICWS_PASSWORD] [--workgroup NAME]
// The seed flows, compiled ahead of time. Exit code 0 when every step succeeded.
string? server = null, user = null, password = Environment.GetEnvironmentVariable("ICWS_PASSWORD"), workgroup = "Support";
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--server": server = args[i + 1]; break;
        case "--user": user = args[i + 1]; break;
        case "--password": password = args[i + 1]; break;
        case "--workgroup": workgroup = args[i + 1]; break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]}");
            return 2;
    }
}

if (server is null || user is null || password is null || !Uri.TryCreate(server, UriKind.Absolute, out var serverUri))
{
    Console.Error.WriteLine("usage: Icws.Sample.Aot --server URL --user NAME [--password PASSWORD | ICWS_PASSWORD] [--workgroup NAME]");
    return 2;
}

using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
SeedFlow? flow = null;
try
{
    await using var session = await IcwsSession.ConnectAsync(new IcwsSessionOptions
    {
        Server = serverUri,
        Credentials = IcwsCredentials.Password(user, password),
        ApplicationName = "Icws.Generated AOT sample",
    }, cancel.Token);
    flow = new SeedFlow(new IcwsClient(session), session.UserId ?? user, workgroup, "555-0123", "user:John.Smith");
    await flow.WatchQueuesAsync(cancel.Token);
    var remote = await flow.HandleCallAsync(cancel.Token);
    await flow.TransferAsync(cancel.Token);
    await flow.UnsubscribeAsync();
    await flow.StepAsync("log out", () => session.DisposeAsync().AsTask());

    Console.WriteLine($"AOT seed flows on {serverUri.Authority}: {remote}; {session.ActiveMessageRetrieval}; {session.MessageStatistics}");
    foreach (var (step, took) in flow.Steps)
    {
        Console.WriteLine($"  ok  {step,-20} {took.TotalMilliseconds,8:F0} ms");
    }

    return 0;
}
catch (Exception ex) when (ex is IcwsException or TimeoutException or OperationCanceledException or System.Net.Http.HttpRequestException)
{
    Console.Error.WriteLine($"FAILED after {flow?.Steps.Count ?? 0} step(s): {ex.GetType().Name}: {ex.Message}");
    return 1;
}
