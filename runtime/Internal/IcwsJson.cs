using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text.Json;

namespace Icws.Runtime
{
    /// <summary>Reads one value; the reader stands on the value's first token and must end on its last.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public delegate T IcwsJsonReader<T>(ref Utf8JsonReader reader);

    /// <summary>
    /// Helpers for the JSON code the generator writes. Not for user code. Every reader here expects the
    /// whole document in one buffer (the transport reads bodies completely), and reports a problem as an
    /// <see cref="IcwsProtocolException"/> naming the property, never as a bare <see cref="JsonException"/>.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class IcwsJson
    {
        /// <summary>Most nesting a response may have; ICWS bodies need fewer than 10 levels.</summary>
        public const int MaxDepth = 64;

        /// <summary>Reader options for server responses.</summary>
        public static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow };

        /// <summary>Writer options for request bodies.</summary>
        public static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = true };

        /// <summary>Reads a whole document with <paramref name="read"/>.</summary>
        public static T Deserialize<T>(ReadOnlySpan<byte> utf8Json, IcwsJsonReader<T> read)
        {
            var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
            try
            {
                if (!reader.Read())
                {
                    throw new IcwsProtocolException("The response body is empty; a JSON value was expected.");
                }

                var value = read(ref reader);
                if (reader.Read())
                {
                    throw new IcwsProtocolException("The response body has more after its JSON value.");
                }

                return value;
            }
            catch (JsonException ex)
            {
                throw new IcwsProtocolException("The response is not valid JSON: " + ex.Message, ex);
            }
            catch (InvalidOperationException ex)
            {
                throw new IcwsProtocolException("The response does not have the expected JSON shape: " + ex.Message, ex);
            }
        }

        /// <summary>Writes a value to UTF-8 JSON.</summary>
        public static byte[] Serialize<T>(T value, Action<Utf8JsonWriter, T> write)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                write(writer, value);
            }

            return buffer.WrittenSpan.ToArray();
        }

        /// <summary>Fails unless the reader stands on the start of an object.</summary>
        public static void ExpectObject(ref Utf8JsonReader reader, string typeName)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new IcwsProtocolException($"Expected a {typeName} object, found {Describe(reader.TokenType)}.");
            }
        }

        /// <summary>
        /// Finds the <c>__type</c> of the object the reader stands on, wherever it is in the object, without
        /// moving the reader (it scans a copy). On success <paramref name="typeValue"/> stands on the
        /// <c>__type</c> string, so callers compare it with <c>ValueTextEquals</c> and allocate nothing.
        /// </summary>
        public static bool TryFindTypeUrn(ref Utf8JsonReader reader, string typeName, out Utf8JsonReader typeValue)
        {
            ExpectObject(ref reader, typeName);
            var probe = reader;
            while (probe.Read() && probe.TokenType != JsonTokenType.EndObject)
            {
                var isType = probe.ValueTextEquals("__type"u8);
                probe.Read();
                if (isType)
                {
                    typeValue = probe.TokenType == JsonTokenType.String
                        ? probe
                        : throw new IcwsProtocolException($"{typeName}.__type must be a string, found {Describe(probe.TokenType)}.");
                    return true;
                }

                SkipValue(ref probe);
            }

            typeValue = default;
            return false;
        }

        /// <summary>
        /// Skips the value the reader stands on (its children too). Unlike <see cref="Utf8JsonReader.Skip"/> it works on a
        /// reader over a partial buffer that holds the whole value, which is how System.Text.Json hands a value to a
        /// converter when it reads a stream.
        /// </summary>
        public static void SkipValue(ref Utf8JsonReader reader)
        {
            if (!reader.TrySkip())
            {
                throw new IcwsProtocolException("The JSON ends inside a value.");
            }
        }

        /// <summary>The error for a required property that is missing.</summary>
        public static IcwsProtocolException Missing(string typeName, string jsonName)
            => new($"{typeName} has no '{jsonName}', which ICWS requires.");

        /// <summary>Reads a string (the reader stands on the value).</summary>
        public static string ReadString(ref Utf8JsonReader reader, IcwsJsonPath path)
            => reader.TokenType == JsonTokenType.String ? Utf8StringCache.Value(ref reader) : throw WrongType(path, "a string", reader.TokenType);

        /// <summary>Reads a string or null.</summary>
        public static string? ReadNullableString(ref Utf8JsonReader reader, IcwsJsonPath path)
            => reader.TokenType == JsonTokenType.Null ? null : ReadString(ref reader, path);

        /// <summary>Reads a 32-bit integer (also the wire form of every ICWS enum).</summary>
        public static int ReadInt32(ref Utf8JsonReader reader, IcwsJsonPath path)
            => reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : throw WrongType(path, "a 32-bit whole number", reader.TokenType);

        /// <summary>Reads a 64-bit integer.</summary>
        public static long ReadInt64(ref Utf8JsonReader reader, IcwsJsonPath path)
            => reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) ? value : throw WrongType(path, "a whole number", reader.TokenType);

        /// <summary>Reads a number.</summary>
        public static double ReadDouble(ref Utf8JsonReader reader, IcwsJsonPath path)
            => reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value) ? value : throw WrongType(path, "a number", reader.TokenType);

        /// <summary>Reads true or false.</summary>
        public static bool ReadBoolean(ref Utf8JsonReader reader, IcwsJsonPath path)
            => reader.TokenType switch
            {
                JsonTokenType.True => true,
                JsonTokenType.False => false,
                _ => throw WrongType(path, "true or false", reader.TokenType),
            };

        /// <summary>Reads an ICWS time (<c>yyyyMMddTHHmmssZ</c>).</summary>
        public static DateTimeOffset ReadDateTime(ref Utf8JsonReader reader, IcwsJsonPath path)
        {
            var text = ReadString(ref reader, path);
            return IcwsDateTime.TryParse(text, out var value) ? value : throw new IcwsProtocolException($"{path} is '{Truncate(text)}', which is not an ICWS time (yyyyMMddTHHmmssZ).");
        }

        /// <summary>Reads an ICWS duration: a number of seconds.</summary>
        public static TimeSpan ReadDuration(ref Utf8JsonReader reader, IcwsJsonPath path)
        {
            var seconds = ReadDouble(ref reader, path);
            return seconds is >= -922337203685 and <= 922337203685 ? TimeSpan.FromSeconds(seconds) : throw new IcwsProtocolException($"{path} is {seconds} seconds, out of range.");
        }

        /// <summary>Reads a GUID string.</summary>
        public static Guid ReadGuid(ref Utf8JsonReader reader, IcwsJsonPath path)
        {
            var text = ReadString(ref reader, path);
            return Guid.TryParse(text, out var value) ? value : throw new IcwsProtocolException($"{path} is '{Truncate(text)}', which is not a GUID.");
        }

        /// <summary>Reads any value and keeps it as a <see cref="JsonElement"/>.</summary>
        public static JsonElement ReadElement(ref Utf8JsonReader reader, IcwsJsonPath path) => JsonElement.ParseValue(ref reader);

        /// <summary>The <c>__type</c> string of a JSON object kept raw; empty when it has none (or it is not a string).</summary>
        public static string TypeUrnOf(JsonElement raw)
        {
            if (raw.ValueKind != JsonValueKind.Object || !raw.TryGetProperty("__type"u8, out var type) || type.ValueKind != JsonValueKind.String)
            {
                return string.Empty;
            }

            try
            {
                return type.GetString()!;
            }
            catch (InvalidOperationException)
            {
                // Not valid UTF-8: JSON readers only find out when the string is read.
                return string.Empty;
            }
        }

        /// <summary>Reads an interaction attribute map.</summary>
        public static AttributeMap ReadAttributeMap(ref Utf8JsonReader reader, IcwsJsonPath path)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw WrongType(path, "an object of attribute values", reader.TokenType);
            }

            return AttributeMap.ReadFrom(ref reader);
        }

        /// <summary>Reads a JSON object of string values.</summary>
        public static IReadOnlyDictionary<string, string> ReadStringMap(ref Utf8JsonReader reader, IcwsJsonPath path)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw WrongType(path, "an object", reader.TokenType);
            }

            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader.GetString()!;
                reader.Read();
                map[name] = ReadNullableString(ref reader, path.Then(name)) ?? string.Empty;
            }

            return map;
        }

        /// <summary>Reads a JSON array with <paramref name="readItem"/>.</summary>
        public static IReadOnlyList<T> ReadList<T>(ref Utf8JsonReader reader, IcwsJsonPath path, IcwsJsonReader<T> readItem)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw WrongType(path, "an array", reader.TokenType);
            }

            var list = new List<T>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                list.Add(readItem(ref reader));
            }

            return list;
        }

        /// <summary>Reads a JSON array of strings.</summary>
        public static IReadOnlyList<string> ReadStringList(ref Utf8JsonReader reader, IcwsJsonPath path)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw WrongType(path, "an array of strings", reader.TokenType);
            }

            var list = new List<string>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                list.Add(ReadString(ref reader, path.Then("[]")));
            }

            return list;
        }

        /// <summary>Writes an ICWS time.</summary>
        public static void WriteDateTime(Utf8JsonWriter writer, DateTimeOffset value) => writer.WriteStringValue(IcwsDateTime.Format(value));

        /// <summary>Writes an ICWS duration in seconds.</summary>
        public static void WriteDuration(Utf8JsonWriter writer, TimeSpan value) => writer.WriteNumberValue(value.TotalSeconds);

        /// <summary>Writes a map of strings as an object.</summary>
        public static void WriteStringMap(Utf8JsonWriter writer, IReadOnlyDictionary<string, string> map)
        {
            writer.WriteStartObject();
            foreach (var pair in map)
            {
                writer.WriteString(pair.Key, pair.Value);
            }

            writer.WriteEndObject();
        }

        /// <summary>Writes strings as an array.</summary>
        public static void WriteStringList(Utf8JsonWriter writer, IEnumerable<string> values)
        {
            writer.WriteStartArray();
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        /// <summary>The error for a value of the wrong JSON kind.</summary>
        public static IcwsProtocolException WrongType(IcwsJsonPath path, string expected, JsonTokenType found)
            => new($"{path} must be {expected}, found {Describe(found)}.");

        private static string Describe(JsonTokenType token) => token switch
        {
            JsonTokenType.StartObject => "an object",
            JsonTokenType.StartArray => "an array",
            JsonTokenType.String => "a string",
            JsonTokenType.Number => "a number",
            JsonTokenType.True or JsonTokenType.False => "a boolean",
            JsonTokenType.Null => "null",
            _ => token.ToString(),
        };

        private static string Truncate(string text) => text.Length <= 40 ? text : text.Substring(0, 40) + "…";
    }
}
