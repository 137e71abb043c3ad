using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Icws
{
    /// <summary>
    /// The System.Text.Json converter of every generated ICWS type: it calls the type's own
    /// <see cref="IIcwsJsonValue{TSelf}.WriteTo"/> and <see cref="IIcwsJsonValue{TSelf}.ReadFrom"/>, so the serializer
    /// produces the ICWS wire form (<c>__type</c> first, null properties left out, enums as their numbers) and reads it
    /// back into the same value; an unknown <c>__type</c> is kept raw and written back unchanged. The generator puts
    /// <c>[JsonConverter(typeof(IcwsJsonConverter&lt;T&gt;))]</c> on each type, so nothing needs registering; the
    /// serializer's naming and null-handling options do not change the wire form.
    /// </summary>
    /// <typeparam name="T">The ICWS type.</typeparam>
    /// <remarks>No reflection: it works in trimmed and native AOT applications and from a <c>JsonSerializerContext</c>.</remarks>
    public sealed class IcwsJsonConverter<T> : JsonConverter<T>
        where T : IIcwsJsonValue<T>
    {
        /// <inheritdoc />
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            try
            {
                return T.ReadFrom(ref reader);
            }
            catch (IcwsProtocolException ex)
            {
                // The serializer's callers catch JsonException (and it adds the path); the ICWS message says what was wrong.
                throw new JsonException(ex.Message, ex);
            }
        }

        /// <inheritdoc />
        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            ArgumentNullException.ThrowIfNull(writer);
            ArgumentNullException.ThrowIfNull(value);
            value.WriteTo(writer);
        }
    }

    /// <summary>
    /// The System.Text.Json converter of a typed attribute view (the generated <c>InteractionAttributes</c>): the view
    /// is written as its attribute map, a JSON object of the raw attribute strings as the server sent them
    /// (<c>{"Eic_State":"C","Eic_RemoteName":"Pat"}</c>), and read back from one. The typed accessors are computed from
    /// the map, so they are not written.
    /// </summary>
    /// <typeparam name="TView">The view type.</typeparam>
    public sealed class IcwsAttributeViewJsonConverter<TView> : JsonConverter<TView>
        where TView : IAttributeView<TView>
    {
        /// <inheritdoc />
        public override TView Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                // A view (a struct) has no null: an object of attribute values is the only form.
                throw new JsonException($"Expected an object of attribute values, found {reader.TokenType}.");
            }

            try
            {
                return TView.Wrap(AttributeMap.ReadFrom(ref reader));
            }
            catch (IcwsProtocolException ex)
            {
                throw new JsonException(ex.Message, ex);
            }
        }

        /// <inheritdoc />
        public override void Write(Utf8JsonWriter writer, TView value, JsonSerializerOptions options)
        {
            ArgumentNullException.ThrowIfNull(writer);
            ArgumentNullException.ThrowIfNull(value);
            value.Map.WriteTo(writer);
        }
    }
}
