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
var steps = new List<(string Step, TimeSpan Took)>();
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

    var clock = Stopwatch.StartNew();
    async Task<T> Step<T>(string name, Func<Task<T>> action)
    {
        clock.Restart();
        var result = await action();
        steps.Add((name, clock.Elapsed));
        return result;
    }

    Task Run(string name, Func<Task> action) => Step<bool>(name, async () =>
    {
        await action();
        return true;
    });

    await using var session = await Step("log in", () => IcwsSession.ConnectAsync(new IcwsSessionOptions
    {
        Server = server,
        Credentials = IcwsCredentials.Password(options.User, password),
        ApplicationName = "Icws.Generated sample",
        MessageRetrieval = options.PollingOnly ? MessageRetrieval.Polling : MessageRetrieval.Automatic,
        LoggerFactory = loggerFactory,
    }, cancel.Token));
    var me = session.UserId ?? options.User;
    Console.WriteLine($"Logged in as {session.UserDisplayName ?? me} (session {session.SessionId} on {session.IcServer ?? session.Server.Host}; server {session.ServerVersion ?? "version unknown"})");

    var icws = new IcwsClient(session);
    var watch = await Step("watch queues", () => icws.Queues.WatchAsync(
        "icws-sample-" + Guid.NewGuid().ToString("N")[..8],
        [new QueueId { QueueType = QueueType.Workgroup, QueueName = options.Workgroup }, new QueueId { QueueType = QueueType.User, QueueName = me }],
        [Attr.Eic_State, Attr.Eic_RemoteName, Attr.Eic_ConnectDurationTime, Attr.Eic_UserName, Attr.Eic_WorkgroupName, Attr.Eic_Muted, Attr.Eic_Recorders],
        cancellationToken: cancel.Token));
    await watch.WaitForSnapshotAsync(cancel.Token);
    Console.WriteLine($"Watching workgroup {options.Workgroup} and user {me} ({session.ActiveMessageRetrieval}); {watch.Count} interaction(s) now");

    var table = new QueueTable();
    var title = $"Queues: workgroup {options.Workgroup} + user {me}";
    var drawing = Task.Run(async () =>
    {
        table.Draw(watch.GetSnapshot(), title);
        await foreach (var _ in watch.Changes.WithCancellation(cancel.Token))
        {
            table.Draw(watch.GetSnapshot(), title);
        }
    });

    var call = await Step("create call", () => icws.Interactions.CreateAsync(new CreateCallParameters { Target = options.Target, Workgroup = options.Workgroup }, cancel.Token));
    var id = call.InteractionId;
    await Run("wait for connected", () => WaitFor(watch, id, a => a?.State == InteractionStateCode.Connected, "the call to connect", cancel.Token));

    var attributes = await Step("get attributes", () => icws.Interactions.GetAttributesAsync(id, [Attr.Eic_RemoteName, Attr.Eic_State], cancel.Token));
    var remote = $"{attributes.RemoteName} is {attributes.State}";

    await Run("hold", async () =>
    {
        await icws.Interactions.HoldAsync(id, on: true, cancel.Token);
        await WaitFor(watch, id, a => a?.State == InteractionStateCode.Held, "Eic_State H", cancel.Token);
    });
    await Run("mute", async () =>
    {
        await icws.Interactions.MuteAsync(id, on: true, cancel.Token);
        await WaitFor(watch, id, a => a?.Muted == true, "Eic_Muted 1", cancel.Token);
    });
    await Run("record", async () =>
    {
        await icws.Interactions.RecordAsync(id, on: true, supervisor: false, cancel.Token);
        await WaitFor(watch, id, a => !string.IsNullOrEmpty(a?.Recorders), "Eic_Recorders", cancel.Token);
    });

    var beforeTransfer = QueueTable.Render(watch.GetSnapshot(), title);
    await Run("blind transfer", async () =>
    {
        await icws.Interactions.BlindTransferAsync(id, target: options.TransferTarget, cancellationToken: cancel.Token);
        // The call leaves this user's queue for the target's.
        await WaitFor(watch, id, a => a is null, "the call to leave the queue", cancel.Token);
    });

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
    await Run("unsubscribe", () => watch.DisposeAsync().AsTask());
    await Run("log out", () => session.DisposeAsync().AsTask());
    await IgnoreCancellation(drawing);

    Console.WriteLine();
    Console.WriteLine("Queue view before the transfer:");
    Console.Write(beforeTransfer);
    Console.WriteLine($"Call {id}: {remote}; held, muted, recorded, transferred to {options.TransferTarget}.");
    Console.WriteLine("Summary:");
    foreach (var (step, took) in steps)
    {
        Console.WriteLine($"  ok  {step,-20} {took.TotalMilliseconds,8:F0} ms");
    }

    Console.WriteLine($"Messages: {session.MessageStatistics}");
    return 0;
}
catch (Exception ex) when (ex is IcwsException or TimeoutException or OperationCanceledException or System.Net.Http.HttpRequestException)
{
    Console.Error.WriteLine();
    foreach (var (step, took) in steps)
    {
        Console.Error.WriteLine($"  ok  {step,-20} {took.TotalMilliseconds,8:F0} ms");
    }

    Console.Error.WriteLine($"FAILED after {steps.Count} step(s): {ex.GetType().Name}: {ex.Message}");
    return 1;
}
finally
{
    if (simulator is not null)
    {
        await simulator.DisposeAsync();
    }
}

// Waits until the live view shows what we expect (the view is local memory, so checking it often is cheap).
static async Task WaitFor(QueueWatch<InteractionAttributes> watch, string id, Func<InteractionAttributes?, bool> done, string what, CancellationToken cancellationToken)
{
    var deadline = Stopwatch.StartNew();
    while (!done(watch.TryGet(id, out var attributes) ? attributes : (InteractionAttributes?)null))
    {
        if (deadline.Elapsed > TimeSpan.FromSeconds(15))
        {
            throw new TimeoutException($"Waited 15 s for {what} on interaction {id}.");
        }

        await Task.Delay(20, cancellationToken);
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
