using System.Text.Json;
using System.Text.Json.Serialization;
using Icws.Runtime;

namespace Icws
{
    /// <summary>
    /// A message from the server (polling or server-sent events). The generator derives one class per
    /// message <c>__type</c> of the spec; a message nobody declared arrives as <see cref="UnknownIcwsMessage"/>.
    /// System.Text.Json writes a message as its ICWS JSON and reads any message by its <c>__type</c>
    /// (<see cref="IcwsJsonConverter{T}"/>).
    /// </summary>
    [JsonConverter(typeof(IcwsJsonConverter<IcwsMessage>))]
    public abstract class IcwsMessage : IIcwsJsonValue<IcwsMessage>
    {
        /// <summary>The message's <c>__type</c> URN.</summary>
        public abstract string TypeUrn { get; }

        /// <summary>False: this message replaces what the subscription showed so far (always the first one). True: it only carries changes.</summary>
        public bool IsDelta { get; init; }

        /// <summary>Writes the message as ICWS JSON, <c>__type</c> first.</summary>
        /// <param name="writer">The writer.</param>
        public abstract void WriteTo(Utf8JsonWriter writer);

        /// <summary>
        /// Reads any message by its <c>__type</c>: a message of the standard API, one declared by a loaded project's own
        /// spec files, or else an <see cref="UnknownIcwsMessage"/> with the raw JSON.
        /// </summary>
        /// <param name="reader">The reader, standing on the message's first token; it ends on the last.</param>
        /// <returns>The message read.</returns>
        /// <exception cref="IcwsProtocolException">The JSON is not an object, or a known message's body breaks the spec.</exception>
        public static IcwsMessage ReadFrom(ref Utf8JsonReader reader)
        {
            var message = Icws.Client.IcwsMessages.Read(ref reader);
            if (message is UnknownIcwsMessage { Error: null } unknown && IcwsMessageTypes.TryGet(unknown.TypeUrn, out var extension))
            {
                return DecodeAgain(extension, unknown.Raw);
            }

            return message;
        }

        /// <summary>A project's own message type (rare): its raw JSON read again, by the project's decoder.</summary>
        internal static IcwsMessage DecodeAgain(IIcwsMessageDecoder decoder, JsonElement raw)
        {
            var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(raw.GetRawText()), IcwsJson.ReaderOptions);
            reader.Read();
            return decoder.Decode(ref reader);
        }
    }

    /// <summary>A message whose <c>__type</c> is not in the spec, or that could not be decoded. Keeps the raw JSON.</summary>
    [JsonConverter(typeof(IcwsJsonConverter<UnknownIcwsMessage>))]
    public sealed class UnknownIcwsMessage : IcwsMessage, IIcwsJsonValue<UnknownIcwsMessage>
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

        /// <summary>Writes the raw JSON back unchanged.</summary>
        /// <param name="writer">The writer.</param>
        public override void WriteTo(Utf8JsonWriter writer)
        {
            System.ArgumentNullException.ThrowIfNull(writer);
            Raw.WriteTo(writer);
        }

        /// <summary>Reads any JSON value as it is, keeping it raw (its <c>__type</c>, if any, is not looked up).</summary>
        /// <param name="reader">The reader, standing on the value's first token; it ends on the last.</param>
        /// <returns>The message.</returns>
        public static new UnknownIcwsMessage ReadFrom(ref Utf8JsonReader reader)
        {
            var raw = IcwsJson.ReadElement(ref reader, "message");
            return new UnknownIcwsMessage(IcwsJson.TypeUrnOf(raw), raw);
        }

        /// <inheritdoc />
        public override string ToString() => Error is null ? $"Unknown ICWS message {TypeUrn}" : $"Undecodable ICWS message {TypeUrn}: {Error}";
    }
}
