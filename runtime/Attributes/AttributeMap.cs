using System;
using System.Buffers;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using Icws.Metadata;

namespace Icws
{
    /// <summary>
    /// Interaction attribute values by name. ICWS attribute names are case-insensitive and every value
    /// is a string. A map is immutable: merging changes returns a new map, so a map handed out by a live
    /// view never changes under its reader.
    /// </summary>
    /// <remarks>
    /// Stored as two parallel arrays with a linear, case-insensitive search: watches typically ask for
    /// 5 to 20 attributes, where this beats a dictionary in both lookup time and memory per interaction.
    /// System.Text.Json writes and reads a map as the JSON object ICWS uses (<see cref="IcwsJsonConverter{T}"/>).
    /// </remarks>
    [JsonConverter(typeof(IcwsJsonConverter<AttributeMap>))]
    public sealed class AttributeMap : IReadOnlyDictionary<string, string>, IIcwsJsonValue<AttributeMap>
    {
        /// <summary>A map with no attributes.</summary>
        public static readonly AttributeMap Empty = new(Array.Empty<string>(), 0);

        // Names and values interleaved (name0, value0, name1, value1, ...): one array per map.
        private readonly string[] _items;
        private readonly int _count;

        private AttributeMap(string[] items, int count)
        {
            _items = items;
            _count = count;
        }

        /// <summary>Creates a map from name/value pairs; a later pair wins over an earlier one with the same name (ignoring case).</summary>
        public AttributeMap(IEnumerable<KeyValuePair<string, string>> values)
        {
            ArgumentNullException.ThrowIfNull(values);
            var builder = new Builder(8);
            try
            {
                foreach (var pair in values)
                {
                    builder.Set(pair.Key, pair.Value);
                }

                (_items, _count) = builder.ToArray();
            }
            finally
            {
                builder.Dispose();
            }
        }

        /// <summary>
        /// Creates a map from (name, value) tuples: <c>AttributeMap.Of((Attr.Eic_Subject, "VIP"), ("Acme_Priority", "5"))</c>.
        /// To write attributes, <c>InteractionAttributes.Builder</c> has a typed setter for every known attribute
        /// (an integer as a number, a boolean as a bool, a code as its enum).
        /// </summary>
        public static AttributeMap Of([IcwsAttributeNames] params (string Name, string Value)[] values)
        {
            ArgumentNullException.ThrowIfNull(values);
            var builder = new Builder(values.Length);
            try
            {
                foreach (var (name, value) in values)
                {
                    builder.Set(name, value);
                }

                var (items, count) = builder.ToArray();
                return new AttributeMap(items, count);
            }
            finally
            {
                builder.Dispose();
            }
        }

        /// <summary>Number of attributes.</summary>
        public int Count => _count;

        /// <summary>Attribute names, as the server spelled them.</summary>
        public IEnumerable<string> Keys
        {
            get
            {
                for (var i = 0; i < _count; i++)
                {
                    yield return _items[2 * i];
                }
            }
        }

        /// <summary>Attribute values.</summary>
        public IEnumerable<string> Values
        {
            get
            {
                for (var i = 0; i < _count; i++)
                {
                    yield return _items[(2 * i) + 1];
                }
            }
        }

        /// <summary>The value of an attribute (name case-insensitive).</summary>
        /// <exception cref="KeyNotFoundException">The map has no such attribute: it was not selected or watched, or the server did not send it.</exception>
        public string this[[IcwsAttributeNames] string key]
            => TryGetValue(key, out var value)
                ? value
                : throw new KeyNotFoundException($"The attribute '{key}' is not in this map: it was not selected or watched, or the server did not send it.");

        /// <summary>The value of an attribute, or null when the map does not hold it.</summary>
        public string? GetValueOrDefault([IcwsAttributeNames] string name) => TryGetValue(name, out var value) ? value : null;

        /// <inheritdoc />
        public bool ContainsKey([IcwsAttributeNames] string key) => IndexOf(key) >= 0;

        /// <inheritdoc />
        public bool TryGetValue([IcwsAttributeNames] string key, [MaybeNullWhen(false)] out string value)
        {
            var index = IndexOf(key);
            if (index < 0)
            {
                value = null;
                return false;
            }

            value = _items[(2 * index) + 1];
            return true;
        }

        /// <summary>Returns a map with <paramref name="changes"/> applied over this one (a delta merge).</summary>
        public AttributeMap Merge(AttributeMap changes)
        {
            ArgumentNullException.ThrowIfNull(changes);
            if (changes._count == 0)
            {
                return this;
            }

            if (_count == 0)
            {
                return changes;
            }

            var builder = new Builder(_count + changes._count);
            try
            {
                for (var i = 0; i < _count; i++)
                {
                    builder.Append(_items[2 * i], _items[(2 * i) + 1]);
                }

                for (var i = 0; i < changes._count; i++)
                {
                    builder.Set(changes._items[2 * i], changes._items[(2 * i) + 1]);
                }

                var (items, count) = builder.ToArray();
                return new AttributeMap(items, count);
            }
            finally
            {
                builder.Dispose();
            }
        }

        /// <summary>Names whose values differ between this map and <paramref name="other"/> (present in either).</summary>
        public IReadOnlyList<string> DifferentNames(AttributeMap other)
        {
            ArgumentNullException.ThrowIfNull(other);
            List<string>? different = null;
            for (var i = 0; i < other._count; i++)
            {
                if (!TryGetValue(other._items[2 * i], out var mine) || !string.Equals(mine, other._items[(2 * i) + 1], StringComparison.Ordinal))
                {
                    (different ??= new List<string>()).Add(other._items[2 * i]);
                }
            }

            for (var i = 0; i < _count; i++)
            {
                if (other.IndexOf(_items[2 * i]) < 0)
                {
                    (different ??= new List<string>()).Add(_items[2 * i]);
                }
            }

            return (IReadOnlyList<string>?)different ?? Array.Empty<string>();
        }

        /// <inheritdoc />
        public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
        {
            for (var i = 0; i < _count; i++)
            {
                yield return new KeyValuePair<string, string>(_items[2 * i], _items[(2 * i) + 1]);
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        /// <summary>Shows the attribute count only: attribute values can hold customer data.</summary>
        public override string ToString() => $"AttributeMap ({_count} attributes)";

        /// <summary>Reads a JSON object of attribute values. Numbers and booleans are kept as their text, null as "".</summary>
        public static AttributeMap ReadFrom(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new IcwsProtocolException($"Expected an object of attribute values, found {reader.TokenType}.");
            }

            var builder = new Builder(16);
            try
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = Icws.Runtime.Utf8StringCache.Name(ref reader);
                    reader.Read();
                    string value;
                    switch (reader.TokenType)
                    {
                        case JsonTokenType.String:
                            value = Icws.Runtime.Utf8StringCache.Value(ref reader);
                            break;
                        case JsonTokenType.Null:
                            value = string.Empty;
                            break;
                        case JsonTokenType.Number:
                        case JsonTokenType.True:
                        case JsonTokenType.False:
                            // Values are strings by contract; keep what a lenient server sent rather than fail the whole message.
                            value = System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan);
                            break;
                        default:
                            throw new IcwsProtocolException($"Attribute '{name}' has a {reader.TokenType} value; attribute values are strings.");
                    }

                    builder.Set(name, value);
                }

                if (builder.Count == 0)
                {
                    return Empty;
                }

                var (items, count) = builder.ToArray();
                return new AttributeMap(items, count);
            }
            finally
            {
                builder.Dispose();
            }
        }

        /// <summary>Writes the map as a JSON object.</summary>
        public void WriteTo(Utf8JsonWriter writer)
        {
            ArgumentNullException.ThrowIfNull(writer);
            writer.WriteStartObject();
            for (var i = 0; i < _count; i++)
            {
                writer.WriteString(_items[2 * i], _items[(2 * i) + 1]);
            }

            writer.WriteEndObject();
        }

        private int IndexOf(string name)
        {
            ArgumentNullException.ThrowIfNull(name);
            for (var i = 0; i < _count; i++)
            {
                if (string.Equals(_items[2 * i], name, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Collects pairs in a pooled scratch array; the map gets one exactly sized array at the end.</summary>
        private struct Builder
        {
            private string[] _scratch;
            private ulong _lengths;

            public Builder(int capacity)
            {
                _scratch = ArrayPool<string>.Shared.Rent(Math.Max(capacity, 4) * 2);
                _lengths = 0;
                Count = 0;
            }

            public int Count { get; private set; }

            public void Set(string name, string value)
            {
                ArgumentNullException.ThrowIfNull(name);
                ArgumentNullException.ThrowIfNull(value);
                // Names of a length not seen yet cannot repeat an earlier one: skip the search (most names, as
                // attribute names vary in length), so that reading n names is not n²/2 comparisons.
                if ((_lengths & LengthBit(name)) == 0)
                {
                    Append(name, value);
                    return;
                }

                for (var i = 0; i < Count; i++)
                {
                    if (string.Equals(_scratch[2 * i], name, StringComparison.OrdinalIgnoreCase))
                    {
                        _scratch[(2 * i) + 1] = value;
                        return;
                    }
                }

                Append(name, value);
            }

            /// <summary>Adds a pair known not to repeat a name already here.</summary>
            public void Append(string name, string value)
            {
                _lengths |= LengthBit(name);
                if ((2 * Count) + 2 > _scratch.Length)
                {
                    var bigger = ArrayPool<string>.Shared.Rent(_scratch.Length * 2);
                    Array.Copy(_scratch, bigger, 2 * Count);
                    ArrayPool<string>.Shared.Return(_scratch, clearArray: true);
                    _scratch = bigger;
                }

                _scratch[2 * Count] = name;
                _scratch[(2 * Count) + 1] = value;
                Count++;
            }

            private static ulong LengthBit(string name) => 1UL << (name.Length & 63);

            public readonly (string[] Items, int Count) ToArray() => (_scratch.AsSpan(0, 2 * Count).ToArray(), Count);

            public void Dispose()
            {
                if (_scratch.Length > 0)
                {
                    ArrayPool<string>.Shared.Return(_scratch, clearArray: true);
                    _scratch = Array.Empty<string>();
                }
            }
        }
    }
}
