using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Icws.Generator.Model;

namespace Icws.Generator.Emitting
{
    /// <summary>
    /// Emits the attribute catalogs, one file per class: the constants (<c>Attr</c>, or a project's <c>{Name}Attr</c>:
    /// every known name, the set the analyzers check against), an enum per code or flags attribute, and the typed
    /// accessors: the <c>InteractionAttributes</c> view in the standard API, extension methods on it for a project's
    /// own attributes (they work on what <c>GetAttributesAsync</c> and the watches hand back, in any C# version). Writing
    /// mirrors reading: <c>InteractionAttributes.Builder</c> has a typed setter per standard attribute, and a project's
    /// own attributes get setters as extension methods on it, next to their readers.
    /// </summary>
    internal static class AttributeEmitter
    {
        public static IEnumerable<GeneratedFile> Emit(ApiModel model)
        {
            foreach (var catalog in model.Catalogs)
            {
                var w = Emitter.StartFile(model);
                EmitCatalog(w, model, catalog);
                yield return new GeneratedFile(catalog.ClassName, Emitter.EndFile(w));

                foreach (var attribute in catalog.Attributes.Where(a => a.EnumName is not null))
                {
                    w = Emitter.StartFile(model);
                    EmitCodeEnum(w, attribute);
                    yield return new GeneratedFile(attribute.EnumName!, Emitter.EndFile(w));
                }

                w = Emitter.StartFile(model);
                if (model.IsStandard)
                {
                    EmitView(w, model, catalog);
                }
                else
                {
                    EmitExtensionAccessors(w, model, catalog);
                }

                yield return new GeneratedFile(catalog.AccessorsClassName, Emitter.EndFile(w));

                if (model.IsStandard)
                {
                    w = Emitter.StartFile(model);
                    EmitBuilder(w, model, catalog);
                    yield return new GeneratedFile(catalog.AccessorsClassName + "." + GeneratedNames.AttributesBuilder, Emitter.EndFile(w));
                }
            }
        }

        // [IcwsAttributeCatalog]
        // public static partial class Attr
        // {
        //     public const string Eic_State = "Eic_State";
        //     public static IReadOnlyList<string> All { get; } = new[] { Eic_State, ... };
        // }
        private static void EmitCatalog(SourceWriter w, ApiModel model, CatalogModel catalog)
        {
            var isStandard = model.IsStandard;
            w.Line("/// <summary>");
            w.Line(isStandard
                ? "/// Names of the known interaction attributes of the standard ICWS spec."
                : $"/// Names of the interaction attributes declared in {Docs.Escape(catalog.FileName!)}.");
            w.Line("/// Use them in select lists and watches; the analyzers flag names that no catalog holds.");
            w.Line("/// </summary>");
            w.Line(Names.GeneratedCode);
            w.Line(Names.IcwsAttributeCatalogAttribute);
            w.Line($"public static partial class {catalog.ClassName}");
            w.Open();
            foreach (var attribute in catalog.Attributes)
            {
                Docs.Summary(w, attribute.Description, $"The attribute {attribute.Name}.");
                Docs.Raw(w, "remarks", Remarks(model, attribute, catalog));
                w.Line($"public const string {attribute.ConstantName} = {Docs.Literal(attribute.Name)};");
                w.Line();
            }

            w.Line("/// <summary>Every attribute name of this catalog, in spec order.</summary>");
            w.Line($"public static {Names.IReadOnlyList}<string> {GeneratedNames.CatalogAll} {{ get; }} = new string[]");
            w.Open();
            foreach (var attribute in catalog.Attributes)
            {
                w.Line(attribute.ConstantName + ",");
            }

            w.Close("};");
            w.Close();
        }

        private static string Remarks(ApiModel model, BoundAttributeModel attribute, CatalogModel catalog)
        {
            var enumType = attribute.EnumName is { } e ? Emitter.Qualified(model, e) : null;
            var kind = attribute.Kind switch
            {
                AttributeKinds.Boolean => "\"1\" or \"0\"; read as a bool",
                AttributeKinds.Code => $"a one-letter code; read as <see cref=\"{enumType}\"/>",
                AttributeKinds.Flags => $"a decimal bitmask; read as <see cref=\"{enumType}\"/>",
                AttributeKinds.Timestamp => "a UTC time (yyyyMMddTHHmmssZ); read as a DateTimeOffset",
                AttributeKinds.Duration => "a number of seconds; read as a TimeSpan",
                AttributeKinds.Integer => "a decimal number; read as a long",
                _ => "text",
            };
            // A project's reader and setter are extension methods of one class, where an accessor may be named like another
            // attribute's setter (Acme_SetTier's SetTier() next to Acme_Tier's SetTier(value)): crefs give the parameters.
            var accessor = model.IsStandard
                ? $"<see cref=\"{Emitter.Qualified(model, GeneratedNames.AttributesView)}.{attribute.Accessor}\"/>"
                : $"<see cref=\"{Emitter.Qualified(model, catalog.AccessorsClassName)}.{attribute.Accessor}({Names.AttributesView})\"/> (an extension method on InteractionAttributes)";
            var setter = model.IsStandard
                ? $"<see cref=\"{Emitter.Qualified(model, GeneratedNames.AttributesView)}.{GeneratedNames.AttributesBuilder}.{GeneratedNames.Setter(attribute.Accessor)}\"/>"
                : $"<see cref=\"{Emitter.Qualified(model, catalog.AccessorsClassName)}.{GeneratedNames.Setter(attribute.Accessor)}({Names.AttributesBuilder}, {Setter(model, attribute).Type})\"/>";
            var origin = attribute.IsCustom ? " Declared in this project's spec." : string.Empty;
            return $"Value: {kind}. Typed accessor: {accessor}; written by {setter}.{origin} {Docs.SourceNote(attribute.Source)}".TrimEnd();
        }

        // public enum InteractionStateCode : ushort { None = 0, Alerting = 65 /* 'A' */, ..., Unrecognized = 65535 }
        // [Flags] public enum InteractionCapabilities : long { None = 0, Disconnect = 2, ... }
        private static void EmitCodeEnum(SourceWriter w, BoundAttributeModel attribute)
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
                var note = isFlags ? string.Empty : " // " + Docs.CharNote(code.Text[0]);
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
        private static void EmitView(SourceWriter w, ApiModel model, CatalogModel catalog)
        {
            var view = GeneratedNames.AttributesView;
            w.Line("/// <summary>");
            w.Line("/// Typed view over an interaction's attribute values. Each property reads one known attribute and");
            w.Line("/// is null when the attribute was not selected or watched. The raw strings stay available through");
            w.Line("/// the indexer and <see cref=\"Map\"/>, so a value the typed property cannot represent is never lost.");
            w.Line("/// A project's own attributes (its <c>*.icws.json</c> files) get typed accessors as extension methods on this view.");
            w.Line("/// </summary>");
            w.Line("/// <remarks>System.Text.Json writes and reads a view as its attribute map: <c>{\"Eic_State\":\"C\",\"Eic_RemoteName\":\"Pat\"}</c>.</remarks>");
            w.Line(Names.GeneratedCode);
            w.Line(Names.AttributeViewJsonConverter(Emitter.Qualified(model, view)));
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
            foreach (var attribute in catalog.Attributes)
            {
                w.Line();
                var (type, expression) = Accessor(model, catalog, attribute, "Map");
                var constant = Constant(model, catalog, attribute);
                Docs.Summary(w, attribute.Description, $"The attribute {attribute.Name}.");
                Docs.Raw(w, "remarks", $"Reads <see cref=\"{constant}\"/>. {NullWhen(attribute, "<see cref=\"Map\"/>")}");
                w.Line($"[{Names.IcwsAttributeAccessorAttribute}({constant})]");
                w.Line($"public {type} {attribute.Accessor} => {expression};");
            }

            w.Close();
        }

        // public static partial class RoutingAttributeAccessors
        // {
        //     [IcwsAttributeAccessor("Acme_RoutingPriority")]
        //     public static long? RoutingPriority(this InteractionAttributes attributes) => AttributeValues.ToInt64(attributes.Map.GetValueOrDefault(RoutingAttr.Acme_RoutingPriority));
        // }
        private static void EmitExtensionAccessors(SourceWriter w, ApiModel model, CatalogModel catalog)
        {
            var receiver = GeneratedNames.AccessorReceiver;
            w.Line("/// <summary>");
            w.Line($"/// Typed accessors of the attributes declared in {Docs.Escape(catalog.FileName!)}: extension methods on");
            w.Line("/// <see cref=\"global::Icws.Client.InteractionAttributes\"/>, which <c>GetAttributesAsync</c>, the watches and their changes hand out.");
            w.Line("/// </summary>");
            w.Line(Names.GeneratedCode);
            w.Line($"public static partial class {catalog.AccessorsClassName}");
            w.Open();
            var first = true;
            foreach (var attribute in catalog.Attributes)
            {
                if (!first)
                {
                    w.Line();
                }

                first = false;
                var (type, expression) = Accessor(model, catalog, attribute, receiver + ".Map");
                var constant = Constant(model, catalog, attribute);
                Docs.Summary(w, attribute.Description, $"The attribute {attribute.Name}.");
                w.Line($"/// <param name=\"{receiver}\">The attribute values, e.g. from <c>GetAttributesAsync</c> or a watch.</param>");
                w.Line("/// <returns>The typed value, or null.</returns>");
                Docs.Raw(w, "remarks", $"Reads <see cref=\"{constant}\"/>. {NullWhen(attribute, "the view's Map")}");
                w.Line($"[{Names.IcwsAttributeAccessorAttribute}({constant})]");
                w.Line($"public static {type} {attribute.Accessor}(this {Names.AttributesView} {receiver}) => {expression};");

                // public static InteractionAttributes.Builder SetRoutingPriority(this InteractionAttributes.Builder attributes, long value)
                // {
                //     ArgumentNullException.ThrowIfNull(attributes);
                //     return attributes.Set(RoutingAttr.Acme_RoutingPriority, AttributeValues.FromInt64(value));
                // }
                w.Line();
                var (valueType, text) = Setter(model, attribute);
                var reader = $"{Emitter.Qualified(model, catalog.AccessorsClassName)}.{attribute.Accessor}({Names.AttributesView})";
                SetterDocs(w, attribute, constant, reader);
                w.Line($"/// <param name=\"{receiver}\">The values to write, e.g. <c>new InteractionAttributes.Builder()</c>.</param>");
                w.Line($"/// <param name=\"value\">{ValueDoc(attribute)}</param>");
                w.Line("/// <returns>The same builder.</returns>");
                SetterExceptions(w, attribute);
                w.Line($"public static {Names.AttributesBuilder} {GeneratedNames.Setter(attribute.Accessor)}(this {Names.AttributesBuilder} {receiver}, {valueType} value)");
                w.Open();
                w.Line($"{Names.ArgumentNullException}.ThrowIfNull({receiver});");
                w.Line($"return {receiver}.Set({constant}, {text});");
                w.Close();
            }

            w.Close();
        }

        // public readonly partial struct InteractionAttributes
        // {
        //     public sealed partial class Builder
        //     {
        //         public Builder Set([IcwsAttributeNames] string name, string value) { ... }
        //         public InteractionAttributes ToAttributes() => ...;
        //         public static implicit operator InteractionAttributes(Builder builder) => ...;
        //         public Builder SetState(InteractionStateCode value) => Set(Attr.Eic_State, AttributeValues.FromCode((ushort)value));
        //     }
        // }
        private static void EmitBuilder(SourceWriter w, ApiModel model, CatalogModel catalog)
        {
            var view = GeneratedNames.AttributesView;
            var builder = GeneratedNames.AttributesBuilder;
            w.Line($"public readonly partial struct {view}");
            w.Open();
            w.Lines($$"""
                /// <summary>
                /// Attribute values to write with <c>SetAttributesAsync</c>, set through the same typed accessors as reading
                /// them: each setter writes the text its accessor on <see cref="{{view}}"/> reads back as the same value (a
                /// bool as "1" or "0", a code as its letter, a time as yyyyMMddTHHmmssZ in UTC, a duration in seconds). A
                /// project's own attributes (its <c>*.icws.json</c> files) get setters as extension methods on this builder.
                /// A later value for a name replaces an earlier one (names are case-insensitive).
                /// </summary>
                /// <example>
                /// <code>
                /// await icws.Interactions.SetAttributesAsync(id, new InteractionAttributes.Builder().SetPrivate(true).SetSubject("Refund"), cancellationToken: ct);
                /// </code>
                /// </example>
                {{Names.GeneratedCode}}
                """);
            w.Line($"public sealed partial class {builder}");
            w.Open();
            w.Lines($$"""
                private readonly global::System.Collections.Generic.List<global::System.Collections.Generic.KeyValuePair<string, string>> _values = new();

                /// <summary>Sets an attribute to a text, by name: an attribute no spec declares, or a text no typed setter writes (such as "" to empty one).</summary>
                /// <param name="name">Attribute name (case-insensitive).</param>
                /// <param name="value">The text to write.</param>
                /// <returns>This builder.</returns>
                public {{builder}} Set({{Names.IcwsAttributeNamesAttribute}} string name, string value)
                {
                    {{Names.ArgumentNullException}}.ThrowIfNull(name);
                    {{Names.ArgumentNullException}}.ThrowIfNull(value);
                    _values.Add(new global::System.Collections.Generic.KeyValuePair<string, string>(name, value));
                    return this;
                }

                /// <summary>The values set so far; the builder stays usable, and later changes to it do not change the result.</summary>
                /// <returns>The values, e.g. for <c>SetAttributesAsync</c>.</returns>
                public {{view}} ToAttributes() => new(new {{Names.AttributeMap}}(_values));

                /// <summary>The values set so far (<see cref="ToAttributes"/>), so that a builder can be passed where attribute values are taken.</summary>
                /// <param name="builder">The builder.</param>
                public static implicit operator {{view}}({{builder}} builder)
                {
                    {{Names.ArgumentNullException}}.ThrowIfNull(builder);
                    return builder.ToAttributes();
                }
                """);
            foreach (var attribute in catalog.Attributes)
            {
                w.Line();
                var constant = Constant(model, catalog, attribute);
                var (valueType, text) = Setter(model, attribute);
                SetterDocs(w, attribute, constant, $"{Emitter.Qualified(model, view)}.{attribute.Accessor}");
                w.Line($"/// <param name=\"value\">{ValueDoc(attribute)}</param>");
                w.Line("/// <returns>This builder.</returns>");
                SetterExceptions(w, attribute);
                w.Line($"public {builder} {GeneratedNames.Setter(attribute.Accessor)}({valueType} value) => Set({constant}, {text});");
            }

            w.Close();
            w.Close();
        }

        private static void SetterDocs(SourceWriter w, BoundAttributeModel attribute, string constant, string reader)
        {
            Docs.Summary(w, string.IsNullOrWhiteSpace(attribute.Description) ? null : $"Sets {attribute.Name}: {attribute.Description}", $"Sets the attribute {attribute.Name}.");
            Docs.Raw(w, "remarks", $"Writes <see cref=\"{constant}\"/>; <see cref=\"{reader}\"/> reads it back.");
        }

        private static void SetterExceptions(SourceWriter w, BoundAttributeModel attribute)
        {
            switch (attribute.Kind)
            {
                case AttributeKinds.String:
                    w.Line($"/// <exception cref=\"{Names.ArgumentNullException}\">The value is null.</exception>");
                    break;
                case AttributeKinds.Code:
                    w.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\">The value is Unrecognized (it stands for text of several characters), or no letter.</exception>");
                    break;
                case AttributeKinds.Duration:
                    w.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\">The duration is negative.</exception>");
                    break;
            }
        }

        private static string ValueDoc(BoundAttributeModel attribute) => attribute.Kind switch
        {
            AttributeKinds.Integer => "The number, written in decimal.",
            AttributeKinds.Boolean => "The value, written as \"1\" or \"0\".",
            AttributeKinds.Code => "The code, written as its letter (None as an empty value).",
            AttributeKinds.Flags => "The bits, written as a decimal bitmask.",
            AttributeKinds.Timestamp => "The time, written in UTC as yyyyMMddTHHmmssZ (to the second).",
            AttributeKinds.Duration => "The duration, written as whole seconds.",
            _ => "The text to write.",
        };

        /// <summary>The setter's value type, and the expression that turns <c>value</c> into the attribute's text.</summary>
        private static (string Type, string Text) Setter(ApiModel model, BoundAttributeModel attribute)
        {
            var enumType = attribute.EnumName is { } e ? Emitter.Qualified(model, e) : null;
            return attribute.Kind switch
            {
                AttributeKinds.Integer => ("long", $"{Names.AttributeValues}.FromInt64(value)"),
                AttributeKinds.Boolean => ("bool", $"{Names.AttributeValues}.FromBoolean(value)"),
                AttributeKinds.Code => (enumType!, $"{Names.AttributeValues}.FromCode((ushort)value)"),
                AttributeKinds.Flags => (enumType!, $"{Names.AttributeValues}.FromInt64((long)value)"),
                AttributeKinds.Timestamp => (Names.DateTimeOffset, $"{Names.AttributeValues}.FromDateTime(value)"),
                AttributeKinds.Duration => (Names.TimeSpan, $"{Names.AttributeValues}.FromDuration(value)"),
                _ => ("string", "value"),
            };
        }

        private static string NullWhen(BoundAttributeModel attribute, string map) => attribute.Kind == AttributeKinds.String
            ? "Null when the attribute is not present."
            : $"Null when the attribute is not present or its text cannot be read as this type (the raw text is still in {map}).";

        private static (string Type, string Expression) Accessor(ApiModel model, CatalogModel catalog, BoundAttributeModel attribute, string map)
        {
            var raw = $"{map}.GetValueOrDefault({Constant(model, catalog, attribute)})";
            var enumType = attribute.EnumName is { } e ? Emitter.Qualified(model, e) : null;
            return attribute.Kind switch
            {
                AttributeKinds.Integer => ("long?", $"{Names.AttributeValues}.ToInt64({raw})"),
                AttributeKinds.Boolean => ("bool?", $"{Names.AttributeValues}.ToBoolean({raw})"),
                AttributeKinds.Code => (enumType + "?", $"{Names.AttributeValues}.ToCode({raw}) is {{ }} code ? ({enumType})code : null"),
                AttributeKinds.Flags => (enumType + "?", $"{Names.AttributeValues}.ToInt64({raw}) is {{ }} bits ? ({enumType})bits : null"),
                AttributeKinds.Timestamp => (Names.DateTimeOffset + "?", $"{Names.AttributeValues}.ToDateTime({raw})"),
                AttributeKinds.Duration => (Names.TimeSpan + "?", $"{Names.AttributeValues}.ToDuration({raw})"),
                _ => ("string?", raw),
            };
        }

        /// <summary>The qualified constant: an accessor may share the catalog class's name.</summary>
        private static string Constant(ApiModel model, CatalogModel catalog, BoundAttributeModel attribute)
            => Emitter.Qualified(model, catalog.ClassName) + "." + attribute.ConstantName;

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
