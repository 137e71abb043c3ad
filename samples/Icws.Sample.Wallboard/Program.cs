using System;
using System.Threading;
using Icws;
using Icws.Sample.Wallboard;
using Microsoft.Extensions.Logging;

// Icws.Sample.Wallboard: a live queue board in the browser. One ICWS session and one shared queue watch serve every
// screen, over server-sent events (GET /events); the page is GET /.
var options = WallboardOptions.Parse(args, out var parseError);
if (options is null)
{
    Console.Error.WriteLine(parseError is { Length: > 0 } ? "error: " + parseError + Environment.NewLine : string.Empty);
    Console.Error.WriteLine(WallboardOptions.Usage);
    return parseError is { Length: > 0 } ? 2 : 0;
}

if (options.Once)
{
    return await SelfCheck.RunAsync(options, Console.Out) ? 0 : 1;
}

WallboardApp wallboard;
try
{
    using var starting = new CancellationTokenSource(TimeSpan.FromMinutes(1));
    wallboard = await WallboardApp.StartAsync(options, cancellationToken: starting.Token);
}
catch (Exception ex) when (ex is IcwsException or OperationCanceledException or System.IO.IOException or ArgumentException)
{
    Console.Error.WriteLine($"Could not start the wallboard ({options}): {ex.GetType().Name}: {ex.Message}");
    return 1;
}

await using (wallboard)
{
    Console.WriteLine($"Wallboard of {string.Join(", ", options.Queues)} on {(options.Server is null ? "the in-process simulator" : options.Server.Authority)}; serving on {wallboard.Address}");
    Console.WriteLine(options.AccessKey is null ? $"Open {wallboard.Address} in a browser." : $"Open {wallboard.Address}?key=<access key> once in each browser.");
    await wallboard.WaitForShutdownAsync();
}

return 0;
