using System;
using System.Threading;
using System.Threading.Tasks;
using Icws.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Icws.Sample.Web;

/// <summary>
/// The HTTP surface. Reads come from the live view (no ICWS request per GET); actions are one ICWS request each.
/// The package's types are the request and response bodies as they are (their JSON is the ICWS wire form).
/// </summary>
internal static class BoardEndpoints
{
    public const string Help = """
        GET  /queue                                   the live queue view: interaction id -> watched attributes
        GET  /queue/{interactionId}                   one interaction's watched attributes
        POST /interactions                            create an interaction; body: ICWS JSON with __type, e.g.
                                                      {"__type":"urn:inin.com:interactions:createCallParameters","target":"555-0123"}
        POST /interactions/{interactionId}/pickup
        POST /interactions/{interactionId}/hold?on=true|false
        POST /interactions/{interactionId}/disconnect
        """;

    public static void Map(WebApplication app, QueueBoard board)
    {
        app.MapGet("/", () => Help);

        app.MapGet("/queue", () => TypedResults.Ok(board.View()));

        app.MapGet("/queue/{interactionId}", Results<Ok<InteractionAttributes>, NotFound<ErrorReply>> (string interactionId)
            => board.Watch.TryGet(interactionId, out var attributes)
                ? TypedResults.Ok(attributes)
                : TypedResults.NotFound(new ErrorReply($"Interaction {interactionId} is not in the watched queues.")));

        app.MapPost("/interactions", (CreateInteractionParameters parameters, CancellationToken cancellationToken)
            => ActAsync(async () => TypedResults.Ok(await board.Client.Interactions.CreateAsync(parameters, cancellationToken))));

        app.MapPost("/interactions/{interactionId}/pickup", (string interactionId, CancellationToken cancellationToken)
            => ActAsync(async () =>
            {
                await board.Client.Interactions.PickupAsync(interactionId, cancellationToken);
                return TypedResults.NoContent();
            }));

        app.MapPost("/interactions/{interactionId}/hold", (string interactionId, bool? on, CancellationToken cancellationToken)
            => ActAsync(async () =>
            {
                await board.Client.Interactions.HoldAsync(interactionId, on ?? true, cancellationToken);
                return TypedResults.NoContent();
            }));

        app.MapPost("/interactions/{interactionId}/disconnect", (string interactionId, CancellationToken cancellationToken)
            => ActAsync(async () =>
            {
                await board.Client.Interactions.DisconnectAsync(interactionId, cancellationToken);
                return TypedResults.NoContent();
            }));
    }

    /// <summary>
    /// Runs one ICWS action. An ICWS error becomes a JSON reply with the server's error id and message: a 4xx keeps its
    /// status (an unknown interaction is a 404 here too), anything else is a 502. The exception's own text is not sent:
    /// it describes the ICWS request.
    /// </summary>
    private static async Task<IResult> ActAsync(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (IcwsApiException ex)
        {
            var status = (int)ex.StatusCode is >= 400 and < 500 ? (int)ex.StatusCode : StatusCodes.Status502BadGateway;
            return TypedResults.Json(new ErrorReply(ex.ServerMessage ?? $"ICWS answered {(int)ex.StatusCode}.", ex.ErrorId), BoardJsonContext.Default.ErrorReply, statusCode: status);
        }
        catch (IcwsFeatureNotSupportedException ex)
        {
            return TypedResults.Json(new ErrorReply($"The server does not support {ex.Endpoint} (needs {ex.FeatureId} version {ex.RequiredVersion})."), BoardJsonContext.Default.ErrorReply, statusCode: StatusCodes.Status501NotImplemented);
        }
        catch (IcwsException)
        {
            return TypedResults.Json(new ErrorReply("The ICWS server could not be reached or answered something unreadable."), BoardJsonContext.Default.ErrorReply, statusCode: StatusCodes.Status502BadGateway);
        }
    }
}
