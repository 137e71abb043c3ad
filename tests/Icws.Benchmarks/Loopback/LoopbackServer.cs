using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Icws.Benchmarks.Clients;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Icws.Benchmarks.Loopback;

/// <summary>
/// The Kestrel server of group 2, run in its own process (<c>Icws.Benchmarks serve</c>) so that its CPU and
/// allocations are not counted as the client's. It answers the canned exchange on 127.0.0.1; with
/// <c>/__bench/verify?on=1</c> it checks every request like the in-memory handler does.
/// </summary>
public static class LoopbackServer
{
    private static readonly object Gate = new();
    private static readonly List<string> Problems = new();
    private static readonly Dictionary<string, SortedSet<string>> HeadersSeen = new();
    private static volatile bool _verify;

    /// <summary>Runs the server until standard input closes (or says "quit").</summary>
    public static async Task<int> ServeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.WriteLine("LISTENING " + address);
        Console.Out.Flush();
        await Task.Run(() =>
        {
            while (Console.ReadLine() is { } line && line != "quit")
            {
            }
        });
        await app.StopAsync();
        return 0;
    }

    private static async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? string.Empty;
        var query = request.QueryString.Value ?? string.Empty;
        if (path.StartsWith("/__bench/", StringComparison.Ordinal))
        {
            await ControlAsync(context, path, query);
            return;
        }

        byte[] body;
        if (_verify)
        {
            using var copy = new MemoryStream();
            await request.Body.CopyToAsync(copy);
            body = copy.ToArray();
        }
        else
        {
            body = Array.Empty<byte>();
            var reader = request.BodyReader;
            while (true)
            {
                var read = await reader.ReadAsync();
                reader.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted)
                {
                    break;
                }
            }
        }

        var route = Exchange.Classify(request.Method, path);
        if (_verify)
        {
            var problems = Exchange.Check(request.Method, path, query, name => request.Headers.TryGetValue(name, out var v) ? v.ToString() : null, body);
            lock (Gate)
            {
                Problems.AddRange(problems);
                if (!HeadersSeen.TryGetValue(route.ToString(), out var set))
                {
                    HeadersSeen[route.ToString()] = set = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
                }

                set.UnionWith(request.Headers.Keys);
            }
        }

        var (status, answer) = Exchange.Answer(route, route == Exchange.Route.GetAttributes ? Exchange.DecodedSelect(query) : null);
        var response = context.Response;
        response.StatusCode = (int)status;
        if (route == Exchange.Route.Login)
        {
            response.Headers["ININ-ICWS-Session-ID"] = Canned.SessionId;
            response.Headers[Canned.CsrfHeader] = Canned.CsrfToken;
            response.Headers.SetCookie = Canned.CookieName + "=" + Canned.CookieValue + "; Path=/icws/" + Canned.SessionId + "; HttpOnly";
        }

        if (answer is null)
        {
            response.ContentLength = 0;
            return;
        }

        response.ContentType = Canned.ContentType;
        response.ContentLength = answer.Length;
        await response.Body.WriteAsync(answer);
    }

    private static async Task ControlAsync(HttpContext context, string path, string query)
    {
        string text;
        lock (Gate)
        {
            switch (path)
            {
                case "/__bench/verify":
                    _verify = query.Contains("on=1", StringComparison.Ordinal);
                    Problems.Clear();
                    HeadersSeen.Clear();
                    text = "ok";
                    break;
                case "/__bench/problems":
                    text = string.Join("\n", Problems);
                    break;
                case "/__bench/headers":
                    text = string.Join("; ", HeadersSeen.OrderBy(p => p.Key).Select(p => p.Key + ": " + string.Join(", ", p.Value)));
                    break;
                default:
                    text = "unknown control " + path;
                    break;
            }
        }

        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(text);
    }
}

/// <summary>Starts the server process once per benchmark process and stops it when that process ends.</summary>
public sealed class LoopbackServerProcess
{
    private static readonly Lazy<LoopbackServerProcess> Shared = new(Start);
    private readonly Process _process;
    private readonly HttpClient _control = new();

    private LoopbackServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        _control.BaseAddress = address;
    }

    public static LoopbackServerProcess Instance => Shared.Value;

    public Uri Address { get; }

    public async Task<string> ControlAsync(string pathAndQuery) => await _control.GetStringAsync(pathAndQuery);

    private static LoopbackServerProcess Start()
    {
        var start = Infrastructure.SelfProcess.StartInfo("serve");
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the loopback server.");
        var line = process.StandardOutput.ReadLine();
        if (line is null || !line.StartsWith("LISTENING ", StringComparison.Ordinal))
        {
            process.Kill();
            throw new InvalidOperationException("The loopback server did not start: " + line);
        }

        var server = new LoopbackServerProcess(process, new Uri(line.Substring("LISTENING ".Length)));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        return server;
    }

    private void Stop()
    {
        try
        {
            _process.StandardInput.WriteLine("quit");
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000))
            {
                _process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
        }
    }
}
