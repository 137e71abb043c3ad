using System.Text.Json;

namespace Icws
{
    /// <summary>
    /// A value with its own ICWS JSON code: every generated representation and message, <see cref="IcwsMessage"/>
    /// and <see cref="AttributeMap"/>. <see cref="IcwsJsonConverter{T}"/> hands this code to System.Text.Json, so the
    /// serializer writes and reads exactly the ICWS wire form (with reflection, with a <c>JsonSerializerContext</c>,
    /// and under native AOT).
    /// </summary>
    /// <typeparam name="TSelf">The type itself.</typeparam>
    public interface IIcwsJsonValue<TSelf>
        where TSelf : IIcwsJsonValue<TSelf>
    {
        /// <summary>Reads a value from ICWS JSON; the reader stands on the value's first token and ends on its last.</summary>
        /// <param name="reader">The reader.</param>
        /// <returns>The value read.</returns>
        /// <exception cref="IcwsProtocolException">The JSON is not a value of this type.</exception>
        static abstract TSelf ReadFrom(ref Utf8JsonReader reader);

        /// <summary>Writes this value as ICWS JSON (a <c>__type</c> first where the type has one).</summary>
        /// <param name="writer">The writer.</param>
        void WriteTo(Utf8JsonWriter writer);
    }
}
