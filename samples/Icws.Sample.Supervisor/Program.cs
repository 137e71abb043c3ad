using System;
using System.Diagnostics;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Icws;
using Icws.Client;
using Icws.Supervisor;
using Icws.Simulator;

// A supervisor's board of one workgroup: the agents' statuses, the queue statistics and the calls waiting, live,
// from three watches (queue, statistics, status), each one subscription with every item.
var options = SupervisorOptions.Parse(args, out var parseError);
if (options is null)
{
    Console.Error.WriteLine(parseError is { Length: > 0 } ? "error: " + parseError + Environment.NewLine : string.Empty);
    Console.Error.WriteLine(SupervisorOptions.Usage);
    return parseError is { Length: > 0 } ? 2 : 0;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

// SIGTERM (a service manager, `timeout`) ends the board as Ctrl+C does: watches unsubscribed, session logged out.
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancel.Cancel();
});

// --once gives up after this long (CI): the snapshots and one change of each kind come within a second here.
var onceTimeout = TimeSpan.FromSeconds(30);
var started = Stopwatch.StartNew();
IcwsSimulator? simulator = null;
try
{
    Uri server;
    string password;
    var agents = options.Agents;
    if (options.Server is null)
    {
        simulator = await IcwsSimulator.StartAsync(cancellationToken: cancel.Token);
        server = simulator.BaseAddress;
        password = simulator.Options.Users.FirstOrDefault(u => string.Equals(u.UserId, options.User, StringComparison.OrdinalIgnoreCase))?.Password
            ?? throw new ArgumentException($"the simulator has no user {options.User}");
        agents ??= simulator.Options.Workgroups.FirstOrDefault(w => string.Equals(w.Name, options.Workgroup, StringComparison.OrdinalIgnoreCase))?.Members.ToArray()
            ?? throw new ArgumentException($"the simulator has no workgroup {options.Workgroup}");
        if (!options.Once)
        {
            // Calls arriving, answered and hung up, and agents changing status, so the board has something to show.
            simulator.StartActivity(TimeSpan.FromSeconds(3));
        }

        Console.WriteLine($"Started the ICWS simulator on {server}");
    }
    else
    {
        server = options.Server;
        password = options.Password!;
    }

    await using var session = await IcwsSession.ConnectAsync(new IcwsSessionOptions
    {
        Server = server,
        Credentials = IcwsCredentials.Password(options.User, password),
        ApplicationName = "Icws.Generated supervisor sample",
    }, cancel.Token);
    Console.WriteLine($"Logged in as {session.UserDisplayName ?? options.User} on {session.IcServer ?? session.Server.Host}; watching workgroup {options.Workgroup} and {agents!.Count} agent(s)");

    await using var monitor = await SupervisorMonitor.StartAsync(session, options.Workgroup, agents, cancel.Token);
    var view = monitor.View;

    if (options.Once)
    {
        return await OnceAsync(monitor, simulator, session.UserId ?? options.User, onceTimeout - started.Elapsed, cancel.Token);
    }

    await LiveAsync(view, cancel.Token);
    return 0;
}
catch (Exception ex) when (ex is IcwsException or TimeoutException or OperationCanceledException or ArgumentException or System.Net.Http.HttpRequestException)
{
    Console.Error.WriteLine($"FAILED: {ex.GetType().Name}: {ex.Message}");
    return 1;
}
finally
{
    if (simulator is not null)
    {
        await simulator.DisposeAsync();
    }
}

// Redraws the board every second until Ctrl+C: in place on a terminal, every 10 s when the output is redirected.
static async Task LiveAsync(SupervisorView view, CancellationToken cancellationToken)
{
    var inPlace = !Console.IsOutputRedirected;
    var lastHeight = 0;
    var top = inPlace ? Console.CursorTop : 0;
    for (var tick = 0; !cancellationToken.IsCancellationRequested; tick++)
    {
        var lines = view.Render(DateTimeOffset.UtcNow).TrimEnd().Split(Environment.NewLine);
        if (inPlace)
        {
            try
            {
                var width = Math.Max(Console.WindowWidth - 1, 40);
                if (top + Math.Max(lines.Length, lastHeight) >= Console.BufferHeight)
                {
                    Console.Clear();
                    top = 0;
                }

                Console.SetCursorPosition(0, top);
                foreach (var line in lines)
                {
                    Console.WriteLine(line.Length > width ? line[..width] : line.PadRight(width));
                }

                for (var i = lines.Length; i < lastHeight; i++)
                {
                    Console.WriteLine(new string(' ', width));
                }

                lastHeight = lines.Length;
            }
            catch (Exception ex) when (ex is System.IO.IOException or ArgumentOutOfRangeException)
            {
                inPlace = false;
            }
        }
        else if (tick % 10 == 0)
        {
            Console.WriteLine(string.Join(Environment.NewLine, lines));
            Console.WriteLine();
        }

        try
        {
            await Task.Delay(1000, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}

// --once: the three snapshots, then (with the simulator) one change of each kind provoked, then the board once.
static async Task<int> OnceAsync(SupervisorMonitor monitor, IcwsSimulator? simulator, string me, TimeSpan timeout, CancellationToken cancellationToken)
{
    var deadline = DateTime.UtcNow + timeout;
    TimeSpan Left() => deadline - DateTime.UtcNow;
    var view = monitor.View;

    if (!await monitor.WaitUntilAsync(v => v.HasAllSnapshots, Left(), cancellationToken))
    {
        return Fail($"no snapshot within {timeout.TotalSeconds:F0} s from {Missing(view)}");
    }

    if (simulator is not null)
    {
        // A status change through the typed client (the supervisor sets an agent's status), and a caller ringing the
        // workgroup (the simulator's hook), which the queue and the statistics see.
        var agent = view.Agents.FirstOrDefault(a => !string.Equals(a, me, StringComparison.OrdinalIgnoreCase)) ?? view.Agents[0];
        var before = view.GetAgent(agent)?.StatusId;
        var target = string.Equals(before, "Away from desk", StringComparison.OrdinalIgnoreCase) ? "Available" : "Away from desk";
        await monitor.Client.Status.SetUserStatusAsync(agent, new UserStatusUpdate { StatusId = target }, cancellationToken);
        var call = simulator.AddIncomingCall(view.Workgroup, "Ada Caller", "555-0100");

        var changed = await monitor.WaitUntilAsync(v =>
                v.StatusChanges > 0 && string.Equals(v.GetAgent(agent)?.StatusId, target, StringComparison.OrdinalIgnoreCase)
                && v.Queue!.TryGet(call, out _)
                && v.StatisticsChanges > 0 && v.TryGetStatistic("inin.workgroup:InteractionsWaiting", out var waiting) && waiting is StatisticIntValue { Value: > 0 },
            Left(), cancellationToken);
        if (!changed)
        {
            return Fail($"the changes did not reach the board within {timeout.TotalSeconds:F0} s: status of {agent} is {view.GetAgent(agent)?.StatusId ?? "unknown"} (expected {target}), " +
                $"call {call} {(view.Queue!.TryGet(call, out _) ? "in" : "not in")} the queue view, {view.StatisticsChanges} statistics change(s)");
        }
    }

    Console.WriteLine();
    Console.Write(view.Render(DateTimeOffset.UtcNow));
    Console.WriteLine($"Messages: {view.StatusSnapshots} status snapshot(s), {view.StatusChanges} status change(s), {view.StatisticsSnapshots} statistics snapshot(s), {view.StatisticsChanges} statistics change(s)");
    return 0;

    static string Missing(SupervisorView v) => string.Join(", ", new[]
    {
        v.HasQueueSnapshot ? null : "the queue watch",
        v.StatusSnapshots > 0 ? null : "the status watch",
        v.StatisticsSnapshots > 0 ? null : "the statistics watch",
    }.Where(s => s is not null));

    static int Fail(string message)
    {
        Console.Error.WriteLine("FAILED: " + message);
        return 1;
    }
}
