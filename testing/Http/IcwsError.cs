using Icws.Simulator.Json;

namespace Icws.Simulator.Http;

/// <summary>
/// An ICWS error answer: status code plus the ICWS error body
/// (<c>__type</c>, <c>errorId</c>, <c>message</c>, <c>propertyName</c>). Thrown by handlers, written by the pipeline.
/// </summary>
/// <remarks>
/// The dotted <c>errorId</c> values below are the simulator's own choices except
/// <c>error.request.connection.authenticationFailure</c> (seen on the wire) — ICWS documentation does not list the others [U].
/// </remarks>
internal sealed class IcwsError : Exception
{
    public IcwsError(int status, string errorId, string message, string type = Wire.ErrorType, string? propertyName = null)
        : base(message)
    {
        Status = status;
        ErrorId = errorId;
        Type = type;
        PropertyName = propertyName;
    }

    public int Status { get; }
    public string ErrorId { get; }
    public string Type { get; }
    public string? PropertyName { get; }

    public static IcwsError BadRequest(string errorId, string message) => new(400, errorId, message);

    public static IcwsError MissingProperty(string propertyName) =>
        new(400, "error.request.invalidRepresentation.missingRequiredProperty",
            $"The required property '{propertyName}' is missing.", Wire.MissingPropertyErrorType, propertyName);

    public static IcwsError InvalidProperty(string propertyName, string why) =>
        new(400, "error.request.invalidRepresentation.invalidPropertyValue",
            $"The property '{propertyName}' is invalid: {why}", Wire.InvalidPropertyErrorType, propertyName);

    public static IcwsError InvalidRepresentation(string message) =>
        new(400, "error.request.invalidRepresentation", message);

    public static IcwsError NotFound(string errorId, string message) => new(404, errorId, message);

    public static IcwsError InteractionNotFound(string id) =>
        NotFound("error.request.interaction.notFound", $"The interaction '{id}' does not exist.");

    public static IcwsError InvalidState(string id, string action, string state) =>
        BadRequest("error.request.interaction.invalidState",
            $"The action '{action}' is not allowed on interaction '{id}' in state '{state}'.");

    public static IcwsError Unauthorized(string errorId, string message) => new(401, errorId, message);
}
