using System;
using System.Linq;
using System.Threading;
using Icws;
using Icws.Sample.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Icws.Sample.Web: one ICWS session and one queue watch for the app's whole life, served as JSON.
//   GET /queue -> the live view; POST /interactions/{id}/pickup|hold|disconnect, POST /interactions -> ICWS actions.
var options = WebSampleOptions.Parse(args, out var parseError);
if (options is null)
{
    Console.Error.WriteLine(parseError is { Length: > 0 } ? "error: " + parseError + Environment.NewLine : string.Empty);
    Console.Error.WriteLine(WebSampleOptions.Usage);
    return parseError is { Length: > 0 } ? 2 : 0;
}

// The command line is ours (--once has no value), so the host gets none of it.
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
builder.Logging.SetMinimumLevel(options.Once ? LogLevel.Warning : LogLevel.Information);
if (options.Once)
{
    // The self-check's deliberate 404 is logged by the session as a warning; keep the check's output to its own lines.
    builder.Logging.AddFilter("Icws", LogLevel.Error);
}

builder.WebHost.UseUrls(options.Once ? "http://127.0.0.1:0" : options.Urls);
builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, BoardJsonContext.Default));
await using var app = builder.Build();

QueueBoard board;
using (var starting = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
{
    try
    {
        board = await QueueBoard.StartAsync(options, app.Services.GetRequiredService<ILoggerFactory>(), starting.Token);
    }
    catch (Exception ex) when (ex is IcwsException or OperationCanceledException or System.Net.Http.HttpRequestException)
    {
        Console.Error.WriteLine($"Could not start the queue watch ({options}): {ex.GetType().Name}: {ex.Message}");
        return 1;
    }
}

await using (board)
{
    BoardEndpoints.Map(app, board);
    await app.StartAsync();
    var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    Console.WriteLine($"Watching {string.Join(" and ", board.Queues.Select(q => $"{q.QueueType} {q.QueueName}"))} on {board.Session.Server.Authority}; serving on {address}");
    if (options.Once)
    {
        var passed = await SelfCheck.RunAsync(new Uri(address), board, options, Console.Out);
        await app.StopAsync();
        return passed ? 0 : 1;
    }

    Console.WriteLine(BoardEndpoints.Help);
    await app.WaitForShutdownAsync();
    return 0;
}
