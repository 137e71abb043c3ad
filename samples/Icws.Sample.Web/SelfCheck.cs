using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Icws.Client;

namespace Icws.Sample.Web;

/// <summary>
/// <c>--once</c>: the app's own HTTP surface checked from outside, over a real socket: POST a call in the ICWS wire form,
/// GET the queue until the call shows up in the live view, POST a disconnect, GET it until the view shows it gone or
/// disconnected. Every body must read back through the app's JsonSerializerContext and hold neither the password nor
/// the session id.
/// </summary>
internal static class SelfCheck
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static async Task<bool> RunAsync(Uri baseAddress, QueueBoard board, WebSampleOptions options, TextWriter output)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var bodies = new List<string>();
        try
        {
            // POST /interactions: a generated type in (a CreateCallParameters, written with its __type) and one out.
            CreateInteractionParameters call = new CreateCallParameters { Target = options.Target, Workgroup = options.Workgroup };
            using var created = await http.PostAsync("/interactions", JsonContent.Create(call, BoardJsonContext.Default.CreateInteractionParameters), cancel.Token);
            var createdBody = await ReadAsync(created, HttpStatusCode.OK, bodies, cancel.Token);
            var interactionId = JsonSerializer.Deserialize(createdBody, BoardJsonContext.Default.InteractionCreated)!.InteractionId;
            output.WriteLine($"  ok  POST /interactions               call {interactionId} to {options.Target}");

            // GET /queue: the live view, read back into the same types.
            var view = await PollAsync(http, bodies, v => v.Interactions.ContainsKey(interactionId), "the call in GET /queue", cancel.Token);
            var attributes = view.Interactions[interactionId];
            if (attributes.State is null || attributes.RemoteAddress is null)
            {
                throw new InvalidOperationException($"GET /queue shows the call without Eic_State or Eic_RemoteAddress: {bodies[^1]}");
            }

            output.WriteLine($"  ok  GET /queue                       {view.Count} interaction(s), watch {view.State}; the call is {attributes.State}");

            // POST an action by id, then see it in the view.
            using var disconnected = await http.PostAsync($"/interactions/{Uri.EscapeDataString(interactionId)}/disconnect", content: null, cancel.Token);
            await ReadAsync(disconnected, HttpStatusCode.NoContent, bodies, cancel.Token);
            await PollAsync(http, bodies, v => !v.Interactions.TryGetValue(interactionId, out var a) || a.State is InteractionStateCode.InternalDisconnect or InteractionStateCode.ExternalDisconnect, "the disconnect in GET /queue", cancel.Token);
            output.WriteLine($"  ok  POST /interactions/{{id}}/disconnect and the view follows");

            // An unknown id is the server's 404, as JSON.
            using var unknown = await http.PostAsync("/interactions/no-such-interaction/pickup", content: null, cancel.Token);
            var error = JsonSerializer.Deserialize(await ReadAsync(unknown, HttpStatusCode.NotFound, bodies, cancel.Token), BoardJsonContext.Default.ErrorReply)!;
            output.WriteLine($"  ok  POST for an unknown id           404 {error.ErrorId}");

            foreach (var body in bodies)
            {
                if (board.Reveals(body))
                {
                    throw new InvalidOperationException("A response carried the password or the session id.");
                }
            }

            output.WriteLine($"  ok  {bodies.Count} responses, none with the password or the session id");
            return true;
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or JsonException or OperationCanceledException or IcwsException)
        {
            output.WriteLine($"FAILED: {ex.GetType().Name}: {ex.Message}");
            return false;
        }
    }

    private static async Task<BoardView> PollAsync(HttpClient http, List<string> bodies, Func<BoardView, bool> until, string what, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            using var response = await http.GetAsync("/queue", cancellationToken);
            var view = JsonSerializer.Deserialize(await ReadAsync(response, HttpStatusCode.OK, bodies, cancellationToken), BoardJsonContext.Default.BoardView)!;
            if (until(view))
            {
                return view;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Timed out waiting for {what}; last view: {bodies[^1]}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private static async Task<string> ReadAsync(HttpResponseMessage response, HttpStatusCode expected, List<string> bodies, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        bodies.Add(body);
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} answered {(int)response.StatusCode}, expected {(int)expected}: {body}");
        }

        return body;
    }
}
