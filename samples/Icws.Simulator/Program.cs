using System;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;

namespace Icws.Simulator;

/// <summary>
/// Standalone runner: <c>dotnet run --project samples/Icws.Simulator -- [--port 8018] [--activity 2s] [--polling-only] [--verbose]</c>.
/// Prints the servers, the demo users and the workgroups, then serves until Ctrl+C or SIGTERM. The simulator itself is
/// the library in <c>testing/</c> (package Icws.Generated.Testing); this is all the host adds.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var options = new SimulatorOptions { Port = 8018 };
        TimeSpan? activity = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var port):
                    options.Port = port;
                    i++;
                    break;
                case "--activity" when i + 1 < args.Length && TryParseDuration(args[i + 1], out var mean):
                    activity = mean;
                    i++;
                    break;
                case "--polling-only":
                    options.PollingOnly = true;
                    break;
                case "--verbose":
                    options.Log = Console.WriteLine; // method, path and status only: bodies (and passwords) are never logged
                    break;
                default:
                    Console.Error.WriteLine($"Unknown or incomplete argument '{args[i]}'.");
                    Console.Error.WriteLine("Usage: Icws.Simulator [--port 8018] [--activity 2s] [--polling-only] [--verbose]");
                    return 2;
            }
        }

        await using var simulator = await IcwsSimulator.StartAsync(options).ConfigureAwait(false);
        Console.WriteLine($"ICWS simulator listening on {simulator.BaseAddress} (bound to 127.0.0.1 only)");
        foreach (var backup in simulator.Servers.Skip(1))
        {
            Console.WriteLine($"  backup server: {backup} (answers 503 with alternateHostList until a switchover)");
        }
        Console.WriteLine($"  messaging: {(options.PollingOnly ? "polling only (messaging 1)" : "polling and server-sent events")}");
        // These are the simulator's own fixed demo accounts, printed so a person can log in; request bodies are never logged.
        Console.WriteLine("  demo users (userID / password):");
        foreach (var u in options.Users)
        {
            Console.WriteLine($"    {u.UserId} / {u.Password}   ({u.DisplayName}, station {u.Station})");
        }
        Console.WriteLine("  workgroups:");
        foreach (var w in options.Workgroups)
        {
            Console.WriteLine($"    {w.Name}: {string.Join(", ", w.Members)}");
        }
        if (activity is { } mean2)
        {
            simulator.StartActivity(mean2);
            Console.WriteLine($"  activity: an incoming call about every {mean2.TotalSeconds:0.###} s, now and then an agent changing status");
        }
        Console.WriteLine("Press Ctrl+C to stop.");

        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stopped.TrySetResult();
        };

        // SIGTERM (kill, CI scripts, containers) stops it the same way; the hosting layer would otherwise swallow it.
        using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stopped.TrySetResult();
        });
        await stopped.Task.ConfigureAwait(false);
        Console.WriteLine("Stopping.");
        return 0;
    }

    /// <summary>Parses <c>500ms</c>, <c>2s</c>, <c>1m</c> or a TimeSpan (<c>00:00:02</c>).</summary>
    internal static bool TryParseDuration(string text, out TimeSpan value)
    {
        value = default;
        (string suffix, double scale)[] units = [("ms", 1), ("s", 1000), ("m", 60_000)];
        foreach (var (suffix, scale) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0)
            {
                value = TimeSpan.FromMilliseconds(n * scale);
                return true;
            }
        }
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value) && value > TimeSpan.Zero;
    }
}
