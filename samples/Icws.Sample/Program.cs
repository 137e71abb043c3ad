using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Icws;
using Icws.Client;
using Icws.Sample;
using Icws.Simulator;
using Microsoft.Extensions.Logging;

// The seed flows of Icws.Generated:
// log in -> watch the workgroup queue and the user's queue -> place a call to 555-0123 on behalf of Support ->
// read Eic_RemoteName and Eic_State -> hold -> mute -> record -> blind-transfer to user:John.Smith -> unsubscribe -> log out.
var options = SampleOptions.Parse(args, out var parseError);
if (options is null)
{
    Console.Error.WriteLine(parseError is { Length: > 0 } ? "error: " + parseError + Environment.NewLine : string.Empty);
    Console.Error.WriteLine(SampleOptions.Usage);
    return parseError is { Length: > 0 } ? 2 : 0;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

using var loggerFactory = LoggerFactory.Create(builder => builder
    .AddSimpleConsole(o => o.SingleLine = true)
    .SetMinimumLevel(LogLevel.Warning));

IcwsSimulator? simulator = null;
SeedFlow? flow = null;
try
{
    Uri server;
    string password;
    if (options.Server is null)
    {
        simulator = await IcwsSimulator.StartAsync(new SimulatorOptions { PollingOnly = options.PollingOnly }, cancel.Token);
        if (!options.Once)
        {
            // Incoming calls arriving in the workgroup queues, so the live table has something to show.
            simulator.StartActivity(TimeSpan.FromSeconds(3));
        }

        server = simulator.BaseAddress;
        password = simulator.Options.Users.First(u => u.UserId == options.User).Password;
        Console.WriteLine($"Started the ICWS simulator on {server}");
    }
    else
    {
        server = options.Server;
        password = options.Password!;
    }

    var connecting = Stopwatch.StartNew();
    await using var session = await IcwsSession.ConnectAsync(new IcwsSessionOptions
    {
        Server = server,
        Credentials = IcwsCredentials.Password(options.User, password),
        ApplicationName = "Icws.Generated sample",
        MessageRetrieval = options.PollingOnly ? MessageRetrieval.Polling : MessageRetrieval.Automatic,
        LoggerFactory = loggerFactory,
    }, cancel.Token);
    var me = session.UserId ?? options.User;
    Console.WriteLine($"Logged in as {session.UserDisplayName ?? me} (session {session.SessionId} on {session.IcServer ?? session.Server.Host}; server {session.ServerVersion ?? "version unknown"})");

    var icws = new IcwsClient(session);
    flow = new SeedFlow(icws, me, options.Workgroup, options.Target, options.TransferTarget);
    flow.Steps.Add(("log in", connecting.Elapsed));
    var watch = await flow.WatchQueuesAsync(cancel.Token);
    Console.WriteLine($"Watching workgroup {options.Workgroup} and user {me} ({session.ActiveMessageRetrieval}); {watch.Count} interaction(s) now");

    var table = new QueueTable();
    var drawing = Task.Run(async () =>
    {
        table.Draw(watch.GetSnapshot(), flow.WatchTitle);
        await foreach (var _ in watch.Changes.WithCancellation(cancel.Token))
        {
            table.Draw(watch.GetSnapshot(), flow.WatchTitle);
        }
    });

    var remote = await flow.HandleCallAsync(cancel.Token);
    var beforeTransfer = QueueTable.Render(watch.GetSnapshot(), flow.WatchTitle);
    await flow.TransferAsync(cancel.Token);

    if (!options.Once)
    {
        Console.WriteLine("Flows done. The table keeps following the queues; press Ctrl+C to unsubscribe and log out.");
        try
        {
            await Task.Delay(Timeout.Infinite, cancel.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    table.Release();
    await flow.UnsubscribeAsync();
    await flow.StepAsync("log out", () => session.DisposeAsync().AsTask());
    await IgnoreCancellation(drawing);

    Console.WriteLine();
    Console.WriteLine("Queue view before the transfer:");
    Console.Write(beforeTransfer);
    Console.WriteLine($"Call {flow.InteractionId}: {remote}; held, muted, recorded, transferred to {options.TransferTarget}.");
    Console.WriteLine("Summary:");
    foreach (var (step, took) in flow.Steps)
    {
        Console.WriteLine($"  ok  {step,-20} {took.TotalMilliseconds,8:F0} ms");
    }

    Console.WriteLine($"Messages: {session.MessageStatistics}");
    return 0;
}
catch (Exception ex) when (ex is IcwsException or TimeoutException or OperationCanceledException or System.Net.Http.HttpRequestException)
{
    Console.Error.WriteLine();
    foreach (var (step, took) in flow?.Steps ?? [])
    {
        Console.Error.WriteLine($"  ok  {step,-20} {took.TotalMilliseconds,8:F0} ms");
    }

    Console.Error.WriteLine($"FAILED after {flow?.Steps.Count ?? 0} step(s): {ex.GetType().Name}: {ex.Message}");
    return 1;
}
finally
{
    if (simulator is not null)
    {
        await simulator.DisposeAsync();
    }
}

static async Task IgnoreCancellation(Task task)
{
    try
    {
        await task;
    }
    catch (Exception ex) when (ex is OperationCanceledException or IcwsException)
    {
    }
}
