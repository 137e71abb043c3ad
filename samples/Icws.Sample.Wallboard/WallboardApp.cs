using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.ServerSentEvents;
using System.Threading;
using System.Threading.Tasks;
using Icws.Client;
using Icws.Simulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Icws.Sample.Wallboard;

/// <summary>
/// The wallboard as a running web app: the ICWS client and the shared queue watch from dependency injection, the
/// board feed, the page and the event stream - and the in-process simulator when no server is given. The program runs
/// one; the browser tests and the load test start their own.
/// </summary>
public sealed class WallboardApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _ownsSimulator;

    private WallboardApp(WebApplication app, IcwsSimulator? simulator, bool ownsSimulator, Uri address)
    {
        _app = app;
        Simulator = simulator;
        _ownsSimulator = ownsSimulator;
        Address = address;
    }

    /// <summary>Where the board is served, e.g. <c>http://127.0.0.1:5090/</c>.</summary>
    public Uri Address { get; }

    /// <summary>The simulator the board watches, when it runs against one.</summary>
    public IcwsSimulator? Simulator { get; }

    /// <summary>The board and its event stream.</summary>
    public BoardFeed Feed => _app.Services.GetRequiredService<BoardFeed>();

    /// <summary>The app's services (the ICWS session among them).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts the wallboard. With no <see cref="WallboardOptions.Server"/> it runs against <paramref name="simulator"/>,
    /// or a simulator of its own (with <see cref="WallboardOptions.Activity"/>), which it stops when disposed.
    /// </summary>
    public static async Task<WallboardApp> StartAsync(WallboardOptions options, IcwsSimulator? simulator = null, Action<ILoggingBuilder>? logging = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { } invalid)
        {
            throw new ArgumentException(invalid, nameof(options));
        }

        var ownsSimulator = false;
        Uri server;
        string password;
        if (options.Server is { } given)
        {
            server = given;
            password = options.Password!;
        }
        else
        {
            if (simulator is null)
            {
                simulator = await IcwsSimulator.StartAsync(new SimulatorOptions(), cancellationToken);
                ownsSimulator = true;
                if (options.Activity is { } interval)
                {
                    simulator.StartActivity(interval, options.ActivitySeed);
                }
            }

            server = simulator.BaseAddress;
            if (options.Agents.Count == 0)
            {
                // The agent panel shows every member of the board's workgroups.
                options.Agents = simulator.Options.Workgroups
                    .Where(w => options.Queues.Contains(w.Name, StringComparer.OrdinalIgnoreCase))
                    .SelectMany(w => w.Members)
                    .Distinct(StringComparer.OrdinalIgnoreCase)
                    .ToArray();
            }

            password = simulator.Options.Users.FirstOrDefault(u => string.Equals(u.UserId, options.User, StringComparison.OrdinalIgnoreCase))?.Password
                ?? throw new ArgumentException($"The simulator has no user '{options.User}'.", nameof(options));
        }

        try
        {
            var app = Build(options, server, password, logging);
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new WallboardApp(app, simulator, ownsSimulator, new Uri(address.EndsWith('/') ? address : address + "/"));
        }
        catch
        {
            if (ownsSimulator)
            {
                await simulator!.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Completes when the app is asked to stop (Ctrl+C, SIGTERM).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops serving (open streams end), unsubscribes the watch, logs out, and stops its own simulator.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync();
        }
        finally
        {
            await _app.DisposeAsync();
            if (_ownsSimulator && Simulator is not null)
            {
                await Simulator.DisposeAsync();
            }
        }
    }

    private static WebApplication Build(WallboardOptions options, Uri server, string password, Action<ILoggingBuilder>? logging)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });

        // The request log names every URL, the access key in /?key= among them: keep it to warnings.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        logging?.Invoke(builder.Logging);
        builder.WebHost.UseUrls(options.Urls);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));

        // One session and one queue watch for every screen.
        builder.Services.AddIcwsClient(o =>
        {
            o.Server = server;
            o.Credentials = IcwsCredentials.Password(options.User, password);
            o.ApplicationName = "Icws.Generated wallboard";
        });
        QueueId[] queues = options.Queues.Select(q => new QueueId { QueueType = QueueType.Workgroup, QueueName = q }).ToArray();
        builder.Services.AddIcwsQueueWatch(BoardFeed.WatchName, queues, BoardFeed.WatchedAttributes);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<BoardFeed>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<BoardFeed>());

        var app = builder.Build();
        app.Use(SecurityHeaders);
        if (options.AccessKey is { } key)
        {
            var gate = new AccessKeyGate(key);
            app.Use((context, next) => gate.InvokeAsync(context, next));
        }

        WallboardEndpoints.Map(app);
        return app;
    }

    /// <summary>
    /// Every response: the page may load only its own script and style and talk only to its own server, so even a
    /// value that slipped past the page's escaping could not run as script.
    /// </summary>
    private static Task SecurityHeaders(HttpContext context, RequestDelegate next)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        return next(context);
    }
}

/// <summary>The HTTP surface: the page, the event stream and the status. Nothing here sends an ICWS request.</summary>
internal static class WallboardEndpoints
{
    public static void Map(WebApplication app)
    {
        var assets = LoadAssets();
        foreach (var (path, asset) in assets)
        {
            app.MapGet(path, (HttpContext context) =>
            {
                context.Response.Headers.CacheControl = "no-cache";
                return Results.Bytes(asset.Content, asset.ContentType);
            });
        }

        // Server-sent events: a snapshot (or, with Last-Event-ID, what was missed), then every change.
        app.MapGet("/events", (HttpContext context, BoardFeed feed, CancellationToken cancellationToken) => WriteEventsAsync(context, feed, cancellationToken));

        app.MapGet("/status", (BoardFeed feed) => Results.Json(feed.GetStatus(), BoardJsonContext.Default.StatusReply));

        // The statistics and agent-status panels come in the same event stream (stats and agents events).
    }

    /// <summary>
    /// The event stream, written with System.Net.ServerSentEvents' formatter through a <see cref="CoalescingStream"/>:
    /// events that are ready together go out in one send, so a screen that is behind catches up in a few large writes
    /// rather than one per event (what ASP.NET Core's own result does).
    /// </summary>
    private static async Task WriteEventsAsync(HttpContext context, BoardFeed feed, CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var lastEventId = context.Request.Headers["Last-Event-ID"].ToString();
        var output = new CoalescingStream(response.Body);
        try
        {
            await SseFormatter.WriteAsync(feed.StreamAsync(lastEventId.Length > 0 ? lastEventId : null, output, cancellationToken), output, cancellationToken);
            await output.SendAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The screen went away.
        }
    }

    /// <summary>The page's files, embedded from wwwroot/ (see the project file).</summary>
    private static Dictionary<string, (byte[] Content, string ContentType)> LoadAssets()
    {
        var assembly = typeof(WallboardEndpoints).Assembly;
        (byte[], string) Read(string file, string contentType)
        {
            using var stream = assembly.GetManifestResourceStream("wwwroot/" + file) ?? throw new InvalidOperationException($"wwwroot/{file} is not embedded.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return (copy.ToArray(), contentType);
        }

        var page = Read("index.html", "text/html; charset=utf-8");
        return new Dictionary<string, (byte[], string)>(StringComparer.Ordinal)
        {
            ["/"] = page,
            ["/index.html"] = page,
            ["/board.css"] = Read("board.css", "text/css; charset=utf-8"),
            ["/board.js"] = Read("board.js", "text/javascript; charset=utf-8"),
        };
    }
}
