using System.Collections.Generic;
using Icws.Generator.Diagnostics;
using Icws.Generator.Json;
using Icws.Generator.Model;
using Microsoft.CodeAnalysis.Text;

namespace Icws.Generator.Parsing
{
    /// <summary>A value read from a spec field, with the span to report problems at.</summary>
    internal sealed class Field<T>
    {
        public Field(T value, TextSpan span)
        {
            Value = value;
            Span = span;
        }

        public T Value { get; }

        public TextSpan Span { get; }
    }

    internal sealed partial class SpecFileReader
    {
        /// <summary>
        /// Typed access to the members of one JSON object. Remembers which members were asked for, so
        /// that a misspelled key ("descripton") is reported instead of silently ignored.
        /// </summary>
        private sealed class ObjectFields
        {
            private readonly SpecFileReader _reader;
            private readonly JsonObject _object;
            private readonly string _what;
            private readonly HashSet<string> _known = new();

            public ObjectFields(SpecFileReader reader, JsonObject obj, string what)
            {
                _reader = reader;
                _object = obj;
                _what = what;
            }

            public void MarkKnown(string name) => _known.Add(name);

            public Field<string>? String(string name, bool required = false)
            {
                var node = Get(name, required);
                if (node is null)
                {
                    return null;
                }

                if (node is JsonString s)
                {
                    return new Field<string>(s.Value, s.Span);
                }

                WrongKind(name, node, "a string");
                return null;
            }

            public Field<string>? Identifier(string name, bool required = false)
            {
                var field = String(name, required);
                if (field is null)
                {
                    return null;
                }

                if (!Identifiers.IsValid(field.Value))
                {
                    _reader.Report(DiagnosticDescriptors.SpecInvalidIdentifier, field.Span, field.Value);
                    return null;
                }

                return field;
            }

            public Field<bool>? Boolean(string name)
            {
                var node = Get(name, required: false);
                if (node is null)
                {
                    return null;
                }

                if (node is JsonBoolean b)
                {
                    return new Field<bool>(b.Value, b.Span);
                }

                WrongKind(name, node, "true or false");
                return null;
            }

            public Field<long>? Integer(string name, bool required = false)
            {
                var node = Get(name, required);
                if (node is null)
                {
                    return null;
                }

                if (node is JsonNumber { Integer: { } value } n)
                {
                    return new Field<long>(value, n.Span);
                }

                WrongKind(name, node, "a whole number");
                return null;
            }

            public JsonArray? Array(string name, bool required = false)
            {
                var node = Get(name, required);
                if (node is null || node is JsonArray)
                {
                    return (JsonArray?)node;
                }

                WrongKind(name, node, "an array");
                return null;
            }

            public JsonObject? Object(string name)
            {
                var node = Get(name, required: false);
                if (node is null || node is JsonObject)
                {
                    return (JsonObject?)node;
                }

                WrongKind(name, node, "an object");
                return null;
            }

            /// <summary>A type reference such as "string", "QueueId" or "QueueId[]".</summary>
            public TypeRefModel? TypeRef(string name, bool required = false)
            {
                var field = String(name, required);
                if (field is null)
                {
                    return null;
                }

                var text = field.Value;
                var isList = text.EndsWith("[]", System.StringComparison.Ordinal);
                var element = isList ? text.Substring(0, text.Length - 2) : text;
                if (!Primitives.IsPrimitive(element) && !Identifiers.IsValid(element))
                {
                    _reader.Report(DiagnosticDescriptors.SpecWrongShape, field.Span, $"\"{name}\" of {_what}", "a type reference (a name, optionally followed by [])", "'" + text + "'");
                    return null;
                }

                var kind = Primitives.IsPrimitive(element) ? TypeRefKind.Primitive : TypeRefKind.Unresolved;
                return new TypeRefModel(element, isList, kind, _reader.Locate(field.Span));
            }

            /// <summary>Reports members nobody asked for; call once all fields are read.</summary>
            public void ReportUnknown()
            {
                foreach (var member in _object.Members)
                {
                    if (!_known.Contains(member.Name))
                    {
                        _reader.Report(DiagnosticDescriptors.SpecUnknownMember, member.NameSpan, member.Name, _what);
                    }
                }
            }

            private JsonNode? Get(string name, bool required)
            {
                _known.Add(name);
                JsonMember? found = null;
                foreach (var member in _object.Members)
                {
                    if (member.Name != name)
                    {
                        continue;
                    }

                    if (found is null)
                    {
                        found = member;
                    }
                    else
                    {
                        _reader.Report(DiagnosticDescriptors.SpecDuplicate, member.NameSpan, "Property", name);
                    }
                }

                if (found is null)
                {
                    if (required)
                    {
                        _reader.Report(DiagnosticDescriptors.SpecMissingField, new TextSpan(_object.Span.Start, 1), Capitalize(_what), name);
                    }

                    return null;
                }

                // An explicit null is the same as leaving the field out.
                if (found.Value is JsonNull)
                {
                    if (required)
                    {
                        _reader.Report(DiagnosticDescriptors.SpecMissingField, found.Value.Span, Capitalize(_what), name);
                    }

                    return null;
                }

                return found.Value;
            }

            private void WrongKind(string name, JsonNode node, string expected)
                => _reader.Report(DiagnosticDescriptors.SpecWrongShape, node.Span, $"\"{name}\" of {_what}", expected, node.KindName);

            private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);
        }
    }
}
