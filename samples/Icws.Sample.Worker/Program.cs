using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Icws;
using Icws.Client;
using Icws.Sample.Worker;
using Icws.Simulator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// dotnet run --project samples/Icws.Sample.Worker [-- --Icws:Server https://cic:8019 --Icws:User agent --Icws:Password ... ] [--RunFor 00:00:10]
// Settings come from appsettings.json, environment variables (Icws__Password) or the command line.
// Content root = the app's folder, so appsettings.json is found whatever the current directory.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
var settings = builder.Configuration.GetSection("Icws");
IcwsSimulator? simulator = null;
Uri server;
string user = settings["User"] ?? "agent";
string? password = settings["Password"];
if (settings["Server"] is { } configured)
{
    server = new Uri(configured);
}
else
{
    // Demo: an in-process simulator, with an "IVR" that tags incoming calls with the custom routing attributes.
    simulator = await IcwsSimulator.StartAsync(new SimulatorOptions());
    server = simulator.BaseAddress;
    password = simulator.Options.Users.First(u => u.UserId == user).Password;
    builder.Services.AddHostedService(_ => new DemoIvr(simulator));
}

builder.Services.AddIcwsClient(o =>
{
    o.Server = server;
    o.Credentials = IcwsCredentials.Password(user, password ?? throw new InvalidOperationException("Set Icws:Password (e.g. the environment variable Icws__Password)."));
    o.ApplicationName = "Icws.Generated routing worker";
});
builder.Services.AddIcwsSharedWatches();     // queue watches shared by every service, unsubscribed when the host stops
builder.Services.Configure<RoutingOptions>(builder.Configuration.GetSection("Routing"));
builder.Services.AddSingleton<RoutingWorker>();
builder.Services.AddHostedService(provider => provider.GetRequiredService<RoutingWorker>());

using var host = builder.Build();
if (builder.Configuration["RunFor"] is { } runFor && TimeSpan.TryParse(runFor, System.Globalization.CultureInfo.InvariantCulture, out var duration))
{
    // A bounded run (smoke tests, demos): stop after the given time and report.
    _ = Task.Delay(duration).ContinueWith(_ => host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication(), TaskScheduler.Default);
}

var worker = host.Services.GetRequiredService<RoutingWorker>();
await host.RunAsync();
Console.WriteLine($"Routing worker stopped: {worker.Escalated} escalated, {worker.LeftInQueue} left in the queue.");
if (simulator is not null)
{
    await simulator.DisposeAsync();

    // The demo IVR tags a call every 700 ms: a bounded demo run that routed none is a failure (CI runs one).
    if (builder.Configuration["RunFor"] is not null && worker.Escalated + worker.LeftInQueue == 0)
    {
        Console.Error.WriteLine("The demo routed no calls.");
        return 1;
    }
}

return 0;

/// <summary>Stands in for the IVR handler: incoming calls reach Support with Acme_RoutingPriority and Acme_CustomerTier set.</summary>
internal sealed class DemoIvr(IcwsSimulator simulator) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var random = new Random(7);
        string[] tiers = ["G", "S", "B", "B"];
        for (var n = 1; !stoppingToken.IsCancellationRequested; n++)
        {
            simulator.AddIncomingCall("Support", $"Caller {n}", $"555-01{n % 100:00}", new Dictionary<string, string>
            {
                [RoutingAttr.Acme_RoutingPriority] = random.Next(0, 10).ToString(System.Globalization.CultureInfo.InvariantCulture),
                [RoutingAttr.Acme_CustomerTier] = tiers[random.Next(tiers.Length)],
            });
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(700), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
