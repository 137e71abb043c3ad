using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
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
    /// </remarks>
    public sealed class AttributeMap : IReadOnlyDictionary<string, string>
    {
        /// <summary>A map with no attributes.</summary>
        public static readonly AttributeMap Empty = new(Array.Empty<string>(), Array.Empty<string>(), 0);

        private readonly string[] _names;
        private readonly string[] _values;
        private readonly int _count;

        private AttributeMap(string[] names, string[] values, int count)
        {
            _names = names;
            _values = values;
            _count = count;
        }

        /// <summary>Creates a map from name/value pairs; a later pair wins over an earlier one with the same name (ignoring case).</summary>
        public AttributeMap(IEnumerable<KeyValuePair<string, string>> values)
        {
            ArgumentNullException.ThrowIfNull(values);
            var builder = new Builder(8);
            foreach (var pair in values)
            {
                builder.Set(pair.Key, pair.Value);
            }

            (_names, _values, _count) = builder.Take();
        }

        /// <summary>Creates a map from (name, value) tuples: <c>AttributeMap.Of((Attr.Eic_Notes, "VIP"), ("RoutingPriority", "5"))</c>.</summary>
        public static AttributeMap Of(params (string Name, string Value)[] values)
        {
            ArgumentNullException.ThrowIfNull(values);
            var builder = new Builder(values.Length);
            foreach (var (name, value) in values)
            {
                builder.Set(name, value);
            }

            var (names, vals, count) = builder.Take();
            return new AttributeMap(names, vals, count);
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
                    yield return _names[i];
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
                    yield return _values[i];
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

            value = _values[index];
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
            for (var i = 0; i < _count; i++)
            {
                builder.Append(_names[i], _values[i]);
            }

            for (var i = 0; i < changes._count; i++)
            {
                builder.Set(changes._names[i], changes._values[i]);
            }

            var (names, values, count) = builder.Take();
            return new AttributeMap(names, values, count);
        }

        /// <summary>Names whose values differ between this map and <paramref name="other"/> (present in either).</summary>
        public IReadOnlyList<string> DifferentNames(AttributeMap other)
        {
            ArgumentNullException.ThrowIfNull(other);
            List<string>? different = null;
            for (var i = 0; i < other._count; i++)
            {
                if (!TryGetValue(other._names[i], out var mine) || !string.Equals(mine, other._values[i], StringComparison.Ordinal))
                {
                    (different ??= new List<string>()).Add(other._names[i]);
                }
            }

            for (var i = 0; i < _count; i++)
            {
                if (other.IndexOf(_names[i]) < 0)
                {
                    (different ??= new List<string>()).Add(_names[i]);
                }
            }

            return (IReadOnlyList<string>?)different ?? Array.Empty<string>();
        }

        /// <inheritdoc />
        public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
        {
            for (var i = 0; i < _count; i++)
            {
                yield return new KeyValuePair<string, string>(_names[i], _values[i]);
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

            var builder = new Builder(8);
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader.GetString()!;
                reader.Read();
                string value;
                switch (reader.TokenType)
                {
                    case JsonTokenType.String:
                        value = reader.GetString()!;
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

            var (names, values, count) = builder.Take();
            return count == 0 ? Empty : new AttributeMap(names, values, count);
        }

        /// <summary>Writes the map as a JSON object.</summary>
        public void WriteTo(Utf8JsonWriter writer)
        {
            ArgumentNullException.ThrowIfNull(writer);
            writer.WriteStartObject();
            for (var i = 0; i < _count; i++)
            {
                writer.WriteString(_names[i], _values[i]);
            }

            writer.WriteEndObject();
        }

        private int IndexOf(string name)
        {
            ArgumentNullException.ThrowIfNull(name);
            for (var i = 0; i < _count; i++)
            {
                if (string.Equals(_names[i], name, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Collects pairs into right-sized arrays.</summary>
        private struct Builder
        {
            private string[] _names;
            private string[] _values;
            private int _count;

            public Builder(int capacity)
            {
                capacity = Math.Max(capacity, 1);
                _names = new string[capacity];
                _values = new string[capacity];
                _count = 0;
            }

            public void Set(string name, string value)
            {
                ArgumentNullException.ThrowIfNull(name);
                ArgumentNullException.ThrowIfNull(value);
                for (var i = 0; i < _count; i++)
                {
                    if (string.Equals(_names[i], name, StringComparison.OrdinalIgnoreCase))
                    {
                        _values[i] = value;
                        return;
                    }
                }

                Append(name, value);
            }

            public void Append(string name, string value)
            {
                if (_count == _names.Length)
                {
                    Array.Resize(ref _names, _count * 2);
                    Array.Resize(ref _values, _count * 2);
                }

                _names[_count] = name;
                _values[_count] = value;
                _count++;
            }

            public (string[] Names, string[] Values, int Count) Take()
            {
                if (_count != _names.Length)
                {
                    Array.Resize(ref _names, _count);
                    Array.Resize(ref _values, _count);
                }

                return (_names, _values, _count);
            }
        }
    }
}
