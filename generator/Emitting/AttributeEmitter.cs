using System.Globalization;
using System.Linq;
using Icws.Generator.Model;
using Icws.Generator.Parsing;

namespace Icws.Generator.Emitting
{
    /// <summary>
    /// Emits the attribute catalog: <c>Attr</c> (every known name as a constant, the set the analyzers
    /// check against), an enum per code or flags attribute, and <c>InteractionAttributes</c>, the typed
    /// view whose properties turn the string values into enums, booleans, times and durations.
    /// </summary>
    internal static class AttributeEmitter
    {
        public static string Emit(ModelIndex index)
        {
            var w = Emitter.StartFile(index.Namespace);
            var attributes = index.Model.Attributes;
            EmitCatalog(w, attributes);
            foreach (var attribute in attributes.Where(a => a.EnumName is not null))
            {
                w.Line();
                EmitCodeEnum(w, attribute);
            }

            w.Line();
            EmitView(w, index, attributes);
            Emitter.EndFile(w);
            return w.ToString();
        }

        // [IcwsAttributeCatalog]
        // public static partial class Attr
        // {
        //     public const string Eic_State = "Eic_State";
        //     public static IReadOnlyList<string> All { get; } = new[] { Eic_State, ... };
        // }
        private static void EmitCatalog(SourceWriter w, EquatableArray<AttributeModel> attributes)
        {
            w.Line("/// <summary>");
            w.Line("/// Names of the known interaction attributes: the default ICWS spec plus this project's own spec files.");
            w.Line("/// Use them in select lists and watches; the analyzers flag names that are not here.");
            w.Line("/// </summary>");
            w.Line(Names.GeneratedCode);
            w.Line(Names.IcwsAttributeCatalogAttribute);
            w.Line($"public static partial class {Names.AttrClass}");
            w.Open();
            foreach (var attribute in attributes)
            {
                Docs.Summary(w, attribute.Description, $"The attribute {attribute.Name}.");
                Docs.Raw(w, "remarks", Remarks(attribute));
                w.Line($"public const string {Identifiers.ConstantFromAttributeName(attribute.Name)} = {Docs.Literal(attribute.Name)};");
                w.Line();
            }

            w.Line("/// <summary>Every known attribute name, in spec order.</summary>");
            w.Line($"public static {Names.IReadOnlyList}<string> All {{ get; }} = new string[]");
            w.Open();
            foreach (var attribute in attributes)
            {
                w.Line(Identifiers.ConstantFromAttributeName(attribute.Name) + ",");
            }

            w.Close("};");
            w.Close();
        }

        private static string Remarks(AttributeModel attribute)
        {
            var kind = attribute.Kind switch
            {
                AttributeKinds.Boolean => "\"1\" or \"0\"; read as a bool",
                AttributeKinds.Code => $"a one-letter code; read as <see cref=\"{attribute.EnumName}\"/>",
                AttributeKinds.Flags => $"a decimal bitmask; read as <see cref=\"{attribute.EnumName}\"/>",
                AttributeKinds.Timestamp => "a UTC time (yyyyMMddTHHmmssZ); read as a DateTimeOffset",
                AttributeKinds.Duration => "a number of seconds; read as a TimeSpan",
                AttributeKinds.Integer => "a decimal number; read as a long",
                _ => "text",
            };
            var origin = attribute.IsCustom ? " Declared in this project's spec." : string.Empty;
            return $"Value: {kind}. Typed accessor: <see cref=\"{Names.AttributesView}.{attribute.Accessor}\"/>.{origin} {Docs.SourceNote(attribute.Source)}".TrimEnd();
        }

        // public enum InteractionStateCode : ushort { None = 0, Alerting = 65 /* 'A' */, ..., Unrecognized = 65535 }
        // [Flags] public enum InteractionCapabilities : long { None = 0, Disconnect = 2, ... }
        private static void EmitCodeEnum(SourceWriter w, AttributeModel attribute)
        {
            var isFlags = attribute.Kind == AttributeKinds.Flags;
            if (isFlags)
            {
                Docs.Summary(w, null, $"Bits of the attribute {attribute.Name}.");
                Docs.Raw(w, "remarks", "Bits the spec does not name are kept in the value, so nothing the server sent is lost.");
            }
            else
            {
                Docs.Summary(w, null, $"Codes of the attribute {attribute.Name}.");
                Docs.Raw(w, "remarks", "Each value is the code letter itself, so a letter the spec does not know is still kept (as an unnamed value).");
            }

            w.Line(Names.GeneratedCode);
            if (isFlags)
            {
                w.Line(Names.Flags);
            }

            w.Line($"public enum {attribute.EnumName} : {(isFlags ? "long" : "ushort")}");
            w.Open();
            w.Line(isFlags ? "/// <summary>No bit set.</summary>" : "/// <summary>The attribute is present but empty.</summary>");
            w.Line("None = 0,");
            foreach (var code in attribute.Codes)
            {
                Docs.Summary(w, code.Description, Humanize(code.Name) + ".");
                var note = isFlags ? string.Empty : $" // '{code.Text}'";
                w.Line($"{code.Name} = {code.Value.ToString(CultureInfo.InvariantCulture)},{note}");
            }

            if (!isFlags)
            {
                w.Line("/// <summary>The value has more than one character; read the raw text from the attribute map.</summary>");
                w.Line("Unrecognized = 65535,");
            }

            w.Close();
        }

        // public readonly partial struct InteractionAttributes : IAttributeView<InteractionAttributes>
        // {
        //     [IcwsAttributeAccessor("Eic_State")]
        //     public InteractionStateCode? State => AttributeValues.ToCode(Map.GetValueOrDefault(Attr.Eic_State)) is { } c ? (InteractionStateCode)c : null;
        // }
        private static void EmitView(SourceWriter w, ModelIndex index, EquatableArray<AttributeModel> attributes)
        {
            var view = Names.AttributesView;
            w.Line("/// <summary>");
            w.Line("/// Typed view over an interaction's attribute values. Each property reads one known attribute and");
            w.Line("/// is null when the attribute was not selected or watched. The raw strings stay available through");
            w.Line("/// the indexer and <see cref=\"Map\"/>, so a value the typed property cannot represent is never lost.");
            w.Line("/// </summary>");
            w.Line(Names.GeneratedCode);
            w.Line($"public readonly partial struct {view} : {Names.IAttributeView}<{view}>, global::System.IEquatable<{view}>");
            w.Open();
            w.Lines($$"""
                private readonly {{Names.AttributeMap}}? _map;

                /// <summary>Wraps attribute values.</summary>
                /// <param name="map">The values.</param>
                public {{view}}({{Names.AttributeMap}} map)
                {
                    {{Names.ArgumentNullException}}.ThrowIfNull(map);
                    _map = map;
                }

                /// <summary>No attributes.</summary>
                public static {{view}} Empty => new({{Names.AttributeMap}}.Empty);

                /// <summary>The raw attribute values (names case-insensitive).</summary>
                public {{Names.AttributeMap}} Map => _map ?? {{Names.AttributeMap}}.Empty;

                /// <summary>The raw value of any attribute, or null when it is not present.</summary>
                /// <param name="name">Attribute name (case-insensitive).</param>
                public string? this[{{Names.IcwsAttributeNamesAttribute}} string name] => Map.GetValueOrDefault(name);

                /// <summary>Whether the values include the attribute.</summary>
                /// <param name="name">Attribute name (case-insensitive).</param>
                /// <returns>True when present.</returns>
                public bool Contains({{Names.IcwsAttributeNamesAttribute}} string name) => Map.ContainsKey(name);

                /// <summary>Wraps attribute values.</summary>
                /// <param name="map">The values.</param>
                public static implicit operator {{view}}({{Names.AttributeMap}} map) => new(map);

                static {{view}} {{Names.IAttributeView}}<{{view}}>.Wrap({{Names.AttributeMap}} map) => new(map);

                /// <inheritdoc />
                public bool Equals({{view}} other) => ReferenceEquals(Map, other.Map);

                /// <inheritdoc />
                public override bool Equals(object? obj) => obj is {{view}} other && Equals(other);

                /// <inheritdoc />
                public override int GetHashCode() => global::System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Map);

                /// <summary>Shows the count only: attribute values can hold customer data.</summary>
                /// <returns>A short description.</returns>
                public override string ToString() => Map.ToString();
                """);
            foreach (var attribute in attributes)
            {
                w.Line();
                EmitAccessor(w, index, attribute);
            }

            w.Close();
        }

        private static void EmitAccessor(SourceWriter w, ModelIndex index, AttributeModel attribute)
        {
            var constant = Names.AttrClass + "." + Identifiers.ConstantFromAttributeName(attribute.Name);
            var raw = $"Map.GetValueOrDefault({constant})";
            var enumType = attribute.EnumName is { } e ? index.Qualified(e) : null;
            var (type, expression) = attribute.Kind switch
            {
                AttributeKinds.Integer => ("long?", $"{Names.AttributeValues}.ToInt64({raw})"),
                AttributeKinds.Boolean => ("bool?", $"{Names.AttributeValues}.ToBoolean({raw})"),
                AttributeKinds.Code => (enumType + "?", $"{Names.AttributeValues}.ToCode({raw}) is {{ }} code ? ({enumType})code : null"),
                AttributeKinds.Flags => (enumType + "?", $"{Names.AttributeValues}.ToInt64({raw}) is {{ }} bits ? ({enumType})bits : null"),
                AttributeKinds.Timestamp => (Names.DateTimeOffset + "?", $"{Names.AttributeValues}.ToDateTime({raw})"),
                AttributeKinds.Duration => (Names.TimeSpan + "?", $"{Names.AttributeValues}.ToDuration({raw})"),
                _ => ("string?", raw),
            };
            Docs.Summary(w, attribute.Description, $"The attribute {attribute.Name}.");
            var when = attribute.Kind == AttributeKinds.String
                ? "Null when the attribute is not present."
                : "Null when the attribute is not present or its text cannot be read as this type (the raw text is still in <see cref=\"Map\"/>).";
            Docs.Raw(w, "remarks", $"Reads <see cref=\"{constant}\"/>. {when}");
            w.Line($"[{Names.IcwsAttributeAccessorAttribute}({constant})]");
            w.Line($"public {type} {attribute.Accessor} => {expression};");
        }

        private static string Humanize(string name)
        {
            var builder = new System.Text.StringBuilder();
            foreach (var c in name)
            {
                if (char.IsUpper(c) && builder.Length > 0)
                {
                    builder.Append(' ');
                    builder.Append(char.ToLowerInvariant(c));
                }
                else
                {
                    builder.Append(c);
                }
            }

            return builder.ToString();
        }
    }
}
