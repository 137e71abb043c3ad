using System.Text.Json;

namespace Icws
{
    /// <summary>
    /// A message from the server (polling or server-sent events). The generator derives one class per
    /// message <c>__type</c> of the spec; a message nobody declared arrives as <see cref="UnknownIcwsMessage"/>.
    /// </summary>
    public abstract class IcwsMessage
    {
        /// <summary>The message's <c>__type</c> URN.</summary>
        public abstract string TypeUrn { get; }

        /// <summary>False: this message replaces what the subscription showed so far (always the first one). True: it only carries changes.</summary>
        public bool IsDelta { get; init; }
    }

    /// <summary>A message whose <c>__type</c> is not in the spec, or that could not be decoded. Keeps the raw JSON.</summary>
    public sealed class UnknownIcwsMessage : IcwsMessage
    {
        /// <summary>Creates the message.</summary>
        public UnknownIcwsMessage(string typeUrn, JsonElement raw, string? error = null)
        {
            TypeUrn = typeUrn;
            Raw = raw;
            Error = error;
        }

        /// <inheritdoc />
        public override string TypeUrn { get; }

        /// <summary>The message as the server sent it.</summary>
        public JsonElement Raw { get; }

        /// <summary>Why it could not be decoded, when its <c>__type</c> is known but the body was not as the spec says; null for a merely unknown type.</summary>
        public string? Error { get; }

        /// <inheritdoc />
        public override string ToString() => Error is null ? $"Unknown ICWS message {TypeUrn}" : $"Undecodable ICWS message {TypeUrn}: {Error}";
    }
}
