using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using Icws.Client;

namespace Icws.Sample.Web;

/// <summary>
/// What <c>GET /queue</c> returns. <see cref="Interactions"/> is the watch's snapshot as is: each
/// <see cref="InteractionAttributes"/> is written as its attribute map (<c>{"Eic_State":"C",...}</c>) by the package's
/// converter, and <see cref="Queues"/> in the ICWS wire form.
/// </summary>
/// <param name="Server">Host and port of the ICWS server (never credentials).</param>
/// <param name="Queues">The watched queues.</param>
/// <param name="State">Where the watch is in its life cycle.</param>
/// <param name="Count">Number of interactions.</param>
/// <param name="Interactions">Interaction id to its watched attributes.</param>
public sealed record BoardView(string Server, IReadOnlyList<QueueId> Queues, WatchState State, int Count, IReadOnlyDictionary<string, InteractionAttributes> Interactions);

/// <summary>An error: what ICWS said (its error id and message), never the request, the session or a credential.</summary>
/// <param name="Error">What went wrong.</param>
/// <param name="ErrorId">The ICWS error id, when the server sent one.</param>
public sealed record ErrorReply(string Error, string? ErrorId = null);

/// <summary>
/// Every type the app reads or writes as JSON, the package's among them: a JsonSerializerContext can name them because
/// they are compiled into the package's assembly, and their own converters (no reflection) do the work under AOT.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(BoardView))]
[JsonSerializable(typeof(ErrorReply))]
[JsonSerializable(typeof(InteractionAttributes))]
[JsonSerializable(typeof(CreateInteractionParameters))]
[JsonSerializable(typeof(InteractionCreated))]
public sealed partial class BoardJsonContext : JsonSerializerContext
{
}
