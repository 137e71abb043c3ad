using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Icws.Simulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Icws.Sample.Wallboard;

/// <summary>
/// <c>--once</c>: starts the wallboard on a free loopback port and checks it from outside, over HTTP, as a screen
/// would: the access key is enforced, the page is served with its security headers, a new event stream starts with
/// the board (a call already waiting is in it), then a new call arrives as a change, and a stream that reconnects with
/// its <c>Last-Event-ID</c> resumes without a new snapshot. No response may hold the ICWS password or session id.
/// With no access key configured, the check makes up one (it checks the gate too).
/// </summary>
internal static class SelfCheck
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static async Task<bool> RunAsync(WallboardOptions options, TextWriter output)
    {
        options.Urls = "http://127.0.0.1:0";
        options.AccessKey ??= Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        IcwsSimulator? simulator = null;
        string? waiting = null;
        if (options.Server is null)
        {
            simulator = await IcwsSimulator.StartAsync(new SimulatorOptions());
            waiting = simulator.AddIncomingCall(options.Queues[0], "Waiting Caller", "555-0100");
        }

        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await using var wallboard = await WallboardApp.StartAsync(options, simulator, logging => logging.SetMinimumLevel(LogLevel.Warning), cancel.Token);
            output.WriteLine($"Wallboard serving on {wallboard.Address} ({options})");
            var session = wallboard.Services.GetRequiredService<IcwsSession>();
            var bodies = new List<string>();
            using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = wallboard.Address, Timeout = Timeout.InfiniteTimeSpan };

            // The access key: nothing without it, the page with it.
            using (var denied = await http.GetAsync("/", cancel.Token))
            {
                Expect(denied.StatusCode == HttpStatusCode.Unauthorized, $"GET / without the key answered {(int)denied.StatusCode}, expected 401");
            }

            using (var deniedEvents = await http.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead, cancel.Token))
            {
                Expect(deniedEvents.StatusCode == HttpStatusCode.Unauthorized, $"GET /events without the key answered {(int)deniedEvents.StatusCode}, expected 401");
            }

            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.AccessKey);
            using (var page = await http.GetAsync("/", cancel.Token))
            {
                var html = await page.Content.ReadAsStringAsync(cancel.Token);
                bodies.Add(html);
                Expect(page.StatusCode == HttpStatusCode.OK && html.Contains("board.js", StringComparison.Ordinal), $"GET / answered {(int)page.StatusCode}");
                Expect(page.Headers.TryGetValues("Content-Security-Policy", out var csp) && csp.Single().Contains("script-src 'self'", StringComparison.Ordinal), "GET / has no Content-Security-Policy");
            }

            output.WriteLine("  ok  the access key is enforced (401 without it); the page is served with its CSP");

            // The panels' two watches (statistics, agent status) have sent their first values.
            await wallboard.Feed.PanelsReady.WaitAsync(TimeSpan.FromSeconds(30), cancel.Token);

            // A new screen: the board first, then a change.
            string lastId;
            await using (var stream = await EventStream.OpenAsync(http, null, cancel.Token))
            {
                var first = await stream.NextAsync(cancel.Token);
                bodies.Add(first.Data);
                Expect(first.EventType == "snapshot", $"the first event is '{first.EventType}', expected 'snapshot'");
                var snapshot = JsonSerializer.Deserialize(first.Data, BoardJsonContext.Default.SnapshotEvent)!;
                var rows = snapshot.Rows;
                Expect(waiting is null || rows.Any(r => r.Id == waiting && r.Name == "Waiting Caller"), $"the snapshot lacks the waiting call {waiting}: {first.Data}");
                output.WriteLine($"  ok  snapshot {stream.LastEventId}: {rows.Count} interaction(s){(waiting is null ? string.Empty : ", the waiting call among them")}");
                Expect(snapshot.Stats.Select(q => q.Queue).SequenceEqual(options.Queues) && snapshot.Stats.All(q => q.Waiting is not null && q.Total is not null),
                    $"the snapshot's statistics do not cover every queue with values: {first.Data}");
                Expect(waiting is null || snapshot.Stats[0].Waiting >= 1, $"the snapshot's statistics show nothing waiting in {options.Queues[0]}: {first.Data}");
                Expect(snapshot.Agents.Count == options.Agents.Count && snapshot.Agents.All(a => a.Status is not null),
                    $"the snapshot's agent panel lacks a status: {first.Data}");
                output.WriteLine($"  ok  snapshot statistics: {string.Join(", ", snapshot.Stats.Select(q => $"{q.Queue} {q.Waiting} waiting, {q.Available}/{q.Total} available"))}; {snapshot.Agents.Count} agent(s) with a status");

                var change = await stream.NextMatchingAsync(e => e.EventType is "upsert" or "remove", () => simulator?.AddIncomingCall(options.Queues[0], "Second Caller", "555-0101"), cancel.Token);
                bodies.Add(change.Data);
                output.WriteLine($"  ok  change {stream.LastEventId}: {change.EventType}");
                lastId = stream.LastEventId;
            }

            // The screen reconnects with its last id: it resumes from the recent events, without a snapshot.
            await using (var resumed = await EventStream.OpenAsync(http, lastId, cancel.Token))
            {
                var mark = await resumed.NextAsync(cancel.Token);
                Expect(mark.EventType == "heartbeat" && resumed.LastEventId == lastId, $"a reconnection with Last-Event-ID {lastId} began with '{mark.EventType}' {resumed.LastEventId}, expected a heartbeat with that id");
                // Panel events (stats, agents) may come before the change; a snapshot may not.
                var next = await resumed.NextMatchingAsync(e => e.EventType is not ("heartbeat" or "stats" or "agents"), () => simulator?.AddIncomingCall(options.Queues[0], "Third Caller", "555-0102"), cancel.Token);
                bodies.Add(next.Data);
                Expect(next.EventType is "upsert" or "remove", $"a reconnection with Last-Event-ID {lastId} got '{next.EventType}', expected the next change");
                output.WriteLine($"  ok  reconnected with Last-Event-ID {lastId}: resumed at {resumed.LastEventId} ({next.EventType}), no new snapshot");
            }

            using (var status = await http.GetAsync("/status", cancel.Token))
            {
                bodies.Add(await status.Content.ReadAsStringAsync(cancel.Token));
                Expect(status.StatusCode == HttpStatusCode.OK, $"GET /status answered {(int)status.StatusCode}");
            }

            var password = options.Password ?? simulator?.Password;
            Expect(!bodies.Any(b => (password is not null && b.Contains(password, StringComparison.Ordinal)) || b.Contains(session.SessionId, StringComparison.Ordinal)), "a response holds the ICWS password or session id");
            output.WriteLine($"  ok  {bodies.Count} responses, none with the ICWS password or session id");
            return true;
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or JsonException or OperationCanceledException or IcwsException or IOException)
        {
            output.WriteLine($"FAILED: {ex.GetType().Name}: {ex.Message}");
            return false;
        }
        finally
        {
            if (simulator is not null)
            {
                await simulator.DisposeAsync();
            }
        }
    }

    private static void Expect(bool condition, string failure)
    {
        if (!condition)
        {
            throw new InvalidOperationException(failure);
        }
    }

    /// <summary>One event stream read as a screen reads it, with the id of the last event.</summary>
    private sealed class EventStream : IAsyncDisposable
    {
        private readonly HttpResponseMessage _response;
        private readonly SseParser<string> _parser;
        private readonly IAsyncEnumerator<SseItem<string>> _items;

        private EventStream(HttpResponseMessage response, Stream body)
        {
            _response = response;
            _parser = SseParser.Create(body);
            _items = _parser.EnumerateAsync().GetAsyncEnumerator();
        }

        public string LastEventId => _parser.LastEventId;

        public static async Task<EventStream> OpenAsync(HttpClient http, string? lastEventId, CancellationToken cancellationToken)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/events");
            if (lastEventId is not null)
            {
                request.Headers.Add("Last-Event-ID", lastEventId);
            }

            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            Expect(response.StatusCode == HttpStatusCode.OK && response.Content.Headers.ContentType?.MediaType == "text/event-stream", $"GET /events answered {(int)response.StatusCode} {response.Content.Headers.ContentType}");
            return new EventStream(response, await response.Content.ReadAsStreamAsync(cancellationToken));
        }

        public async Task<SseItem<string>> NextAsync(CancellationToken cancellationToken)
        {
            Expect(await _items.MoveNextAsync().AsTask().WaitAsync(Patience, cancellationToken), "the event stream ended");
            Expect(_parser.LastEventId.Length > 0, $"the '{_items.Current.EventType}' event has no id");
            return _items.Current;
        }

        /// <summary>Runs <paramref name="cause"/>, then reads until an event matches (a real server: waits for one).</summary>
        public async Task<SseItem<string>> NextMatchingAsync(Func<SseItem<string>, bool> match, Func<string?> cause, CancellationToken cancellationToken)
        {
            cause();
            while (true)
            {
                var item = await NextAsync(cancellationToken);
                if (match(item))
                {
                    return item;
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _items.DisposeAsync();
            _response.Dispose();
        }
    }
}
