using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Icws.Generator.Model;

namespace Icws.Generator.Emitting
{
    /// <summary>
    /// Emits representations, one file per class, with their JSON reader and writer. Polymorphic families read
    /// <c>__type</c> wherever it stands in the object and write it first; an unknown <c>__type</c> becomes
    /// <c>Unknown{Root}</c> (in the root's file), which keeps and writes back the raw JSON. Each class implements
    /// <c>IIcwsJsonValue&lt;Self&gt;</c> and names <c>IcwsJsonConverter&lt;Self&gt;</c> as its System.Text.Json
    /// converter, so the serializer uses this reader and writer (with reflection, from a context, under AOT).
    /// </summary>
    internal static class TypeEmitter
    {
        public static IEnumerable<GeneratedFile> Emit(ApiModel model)
        {
            foreach (var type in model.Types)
            {
                var w = Emitter.StartFile(model);
                EmitType(w, model, type);
                if (type.Family is { IsRoot: true } family)
                {
                    w.Line();
                    EmitUnknown(w, model, type, family);
                }

                yield return new GeneratedFile(type.Name, Emitter.EndFile(w));
            }
        }

        // [JsonConverter(typeof(IcwsJsonConverter<Name>))]                 (System.Text.Json uses WriteTo / ReadFrom)
        // public [sealed|abstract] partial class Name : Base, IIcwsJsonValue<Name>
        // {
        //     public override string TypeUrn => "urn:...";          (family members)
        //     public required string Target { get; init; }        (properties)
        //     public virtual void WriteTo(Utf8JsonWriter writer)   (JSON out; __type first)
        //     public static Name ReadFrom(ref Utf8JsonReader r)   (JSON in; dispatches on __type for a family root)
        // }
        private static void EmitType(SourceWriter w, ApiModel model, ClassModel type)
        {
            var modifier = type.Kind switch
            {
                ClassKind.Abstract => "abstract ",
                ClassKind.Sealed => "sealed ",
                _ => string.Empty,
            };
            Docs.Summary(w, type.Description, $"The ICWS representation {type.Name}.");
            Remarks(w, type.Urn, type.Source);
            w.Line(Names.GeneratedCode);
            var qualified = Emitter.Qualified(model, type.Name);
            w.Line(Names.JsonConverter(qualified));
            var jsonValue = $"{Names.IIcwsJsonValue}<{qualified}>";
            var baseClause = type.BaseName is { } b ? " : " + Emitter.Qualified(model, b) + ", " + jsonValue : " : " + jsonValue;
            w.Line($"public {modifier}partial class {type.Name}{baseClause}");
            w.Open();

            if (type.Family is { } family)
            {
                EmitTypeUrn(w, type, family);
            }

            foreach (var property in type.Properties)
            {
                EmitProperty(w, property);
            }

            EmitWriter(w, type);
            EmitReaders(w, model, type);
            w.Close();
        }

        private static void EmitTypeUrn(SourceWriter w, ClassModel type, FamilyModel family)
        {
            if (family.IsRoot)
            {
                w.Line("/// <summary>The <c>__type</c> written on the wire for this value.</summary>");
                w.Line(!family.RootReadsUntyped
                    ? "public abstract string TypeUrn { get; }"
                    : $"public virtual string TypeUrn => {Docs.Literal(type.Urn!)};");
                w.Line();
            }
            else if (type.Urn is not null && type.Kind != ClassKind.Abstract)
            {
                w.Line("/// <inheritdoc />");
                w.Line($"public override string TypeUrn => {Docs.Literal(type.Urn)};");
                w.Line();
            }
        }

        public static void EmitProperty(SourceWriter w, PropertyModel property)
        {
            Docs.Summary(w, property.Description, $"The <c>{property.JsonName}</c> value.");
            var notes = new List<string> { $"JSON <c>{Docs.Escape(property.JsonName)}</c>" + (property.Required ? ", required" : ", optional (omitted when null)") + (property.Nullable ? ", may be null" : string.Empty) + "." };
            if (property.Feature is { } feature)
            {
                notes.Add($"Needs feature <c>{Docs.Escape(feature.Id)}</c> version {feature.Version}.");
            }

            if (property.AttributeNames)
            {
                notes.Add("Holds interaction attribute names (see <see cref=\"global::Icws.Client.Attr\"/>).");
            }

            Docs.Raw(w, "remarks", string.Join(" ", notes));
            if (property.AttributeNames)
            {
                w.Line(Names.IcwsAttributeNamesAttribute);
            }

            if (property.Sensitive)
            {
                // A secret: keep it out of debugger windows (generated classes have no ToString showing values).
                w.Line(Names.DebuggerBrowsableNever);
            }

            var type = ValueCodec.CSharpType(property.Type, nullable: !property.Required || property.Nullable);
            var required = property.Required ? "required " : string.Empty;
            w.Line($"public {required}{type} {property.CSharpName} {{ get; init; }}");
            w.Line();
        }

        private static void EmitWriter(SourceWriter w, ClassModel type)
        {
            var isDerived = type.BaseName is not null;
            var inFamily = type.Family is not null;
            if (!isDerived)
            {
                var virtualModifier = inFamily ? "virtual " : string.Empty;
                // IIcwsJsonValue<T>.WriteTo: its docs serve here (a thousand copies would weigh down the package's XML file).
                w.Line("/// <inheritdoc />");
                w.Line($"public {virtualModifier}void WriteTo({Names.Utf8JsonWriter} writer)");
                w.Open();
                w.Line($"{Names.ArgumentNullException}.ThrowIfNull(writer);");
                w.Line("writer.WriteStartObject();");
                if (inFamily)
                {
                    w.Line("writer.WriteString(\"__type\"u8, TypeUrn);");
                }

                w.Line("WriteProperties(writer);");
                w.Line("writer.WriteEndObject();");
                w.Close();
                w.Line();
            }

            var signature = isDerived
                ? "protected override void WriteProperties"
                : type.HasChildren || inFamily ? "protected virtual void WriteProperties" : "private void WriteProperties";
            if (isDerived)
            {
                w.Line("/// <inheritdoc />");
            }
            else if (type.HasChildren || inFamily)
            {
                w.Line("/// <summary>Writes the properties of this value, without braces.</summary>");
                w.Line("/// <param name=\"writer\">The writer.</param>");
            }
            else
            {
                w.Line("// Writes the properties of this value, without braces.");
            }

            w.Line($"{signature}({Names.Utf8JsonWriter} writer)");
            w.Open();
            if (isDerived)
            {
                w.Line("base.WriteProperties(writer);");
            }

            foreach (var property in type.Properties)
            {
                WritePropertyStatement(w, property);
            }

            w.Close();
        }

        public static void WritePropertyStatement(SourceWriter w, PropertyModel property)
        {
            var value = "this." + property.CSharpName;
            var mayBeNull = !property.Required || property.Nullable;
            if (!mayBeNull)
            {
                if (!ValueCodec.IsValueType(property.Type))
                {
                    // A required reference can still be null if a caller bypassed the compiler's check: say which one.
                    w.Line($"if ({value} is null) throw new {Names.ArgumentException}(\"{property.CSharpName} is required.\", nameof({property.CSharpName}));");
                }

                ValueCodec.WriteProperty(w, property.Type, property.JsonName, value);
                return;
            }

            var local = "v_" + property.CSharpName;
            w.Line($"if ({value} is {{ }} {local})");
            w.Open();
            ValueCodec.WriteProperty(w, property.Type, property.JsonName, local);
            w.Close();
            if (property.Required)
            {
                // Required but nullable: the contract wants an explicit null.
                w.Line("else");
                w.Open();
                w.Line($"writer.WriteNull({Docs.Utf8(property.JsonName)});");
                w.Close();
            }
        }

        private static void EmitReaders(SourceWriter w, ApiModel model, ClassModel type)
        {
            var qualified = Emitter.Qualified(model, type.Name);
            var hides = type.BaseName is not null ? "new " : string.Empty;
            w.Line();
            if (type.Family is not { } family)
            {
                w.Line("/// <inheritdoc />");
                w.Line($"public static {hides}{qualified} ReadFrom(ref {Names.Utf8JsonReader} reader)");
                EmitReadBody(w, qualified, type.Name, type.AllProperties, isMessage: false);
                return;
            }

            if (family.IsRoot)
            {
                var unknown = Emitter.Qualified(model, family.UnknownName);
                w.Line("/// <summary>Reads any member of this family by its <c>__type</c> (wherever it stands in the object); an unknown <c>__type</c> gives <see cref=\"" + family.UnknownName + "\"/>.</summary>");
                w.Line("/// <param name=\"reader\">The reader.</param>");
                w.Line("/// <returns>The value read.</returns>");
                w.Line($"public static {qualified} ReadFrom(ref {Names.Utf8JsonReader} reader)");
                w.Open();
                // if (!IcwsJson.TryFindTypeUrn(ref reader, "Root", out var type)) -> no __type
                // if (type.ValueTextEquals("urn:..."u8)) return Member.ReadOwn(ref reader);   (bytes compared, nothing allocated)
                w.Line($"if (!{Names.IcwsJson}.TryFindTypeUrn(ref reader, {Docs.Literal(type.Name)}, out var type))");
                w.Open();
                w.Line(!family.RootReadsUntyped
                    ? $"return new {unknown}(string.Empty, {Names.IcwsJson}.ReadElement(ref reader, {Docs.Literal(type.Name)}));"
                    : $"return {qualified}.ReadOwn(ref reader);   // a concrete root also reads values that carry no __type");
                w.Close();
                w.Line();
                foreach (var member in family.Members)
                {
                    w.Line($"if (type.ValueTextEquals({Docs.Utf8(member.Urn)}))");
                    w.Open();
                    w.Line($"return {Emitter.Qualified(model, member.Name)}.ReadOwn(ref reader);");
                    w.Close();
                    w.Line();
                }

                w.Line($"return new {unknown}(type.GetString()!, {Names.IcwsJson}.ReadElement(ref reader, {Docs.Literal(type.Name)}));");
                w.Close();
            }
            else
            {
                w.Line($"/// <summary>Reads a value of the {family.RootName} family and checks that it is a {type.Name}.</summary>");
                w.Line("/// <param name=\"reader\">The reader.</param>");
                w.Line("/// <returns>The value read.</returns>");
                w.Line($"public static new {qualified} ReadFrom(ref {Names.Utf8JsonReader} reader)");
                w.Open();
                w.Line($"var value = {Emitter.Qualified(model, family.RootName)}.ReadFrom(ref reader);");
                w.Line($"return value as {qualified} ?? throw new {Names.IcwsProtocolException}(\"Expected a {type.Name}, found __type '\" + value.TypeUrn + \"'.\");");
                w.Close();
            }

            if (type.Kind != ClassKind.Abstract && type.Urn is not null)
            {
                w.Line();
                w.Line("/// <summary>Reads this type's own body (the family root has already looked at <c>__type</c>).</summary>");
                w.Line("/// <param name=\"reader\">The reader.</param>");
                w.Line("/// <returns>The value read.</returns>");
                w.Line(Names.EditorBrowsableNever);
                var hidesOwn = type.HidesReadOwn ? "new " : string.Empty;
                w.Line($"public static {hidesOwn}{qualified} ReadOwn(ref {Names.Utf8JsonReader} reader)");
                EmitReadBody(w, qualified, type.Name, type.AllProperties, isMessage: false);
            }
        }

        // {
        //     IcwsJson.ExpectObject(ref reader, "T");
        //     string? p_Target = default;
        //     while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        //     {
        //         if (reader.ValueTextEquals("target"u8)) { reader.Read(); if (reader.TokenType != Null) p_Target = ...; }
        //         else { reader.Read(); IcwsJson.SkipValue(ref reader); }   (unknown properties and __type)
        //     }
        //     if (p_Target is null) throw IcwsJson.Missing("T", "target");
        //     return new T { Target = p_Target };
        // }
        public static void EmitReadBody(SourceWriter w, string qualified, string name, EquatableArray<PropertyModel> properties, bool isMessage)
        {
            w.Open();
            w.Line($"{Names.IcwsJson}.ExpectObject(ref reader, {Docs.Literal(name)});");
            if (isMessage)
            {
                w.Line("bool p_IsDelta = false;");
            }

            foreach (var property in properties)
            {
                var local = "p_" + property.CSharpName;
                w.Line($"{ValueCodec.CSharpType(property.Type, nullable: true)} {local} = default;");
                if (property.Required && property.Nullable)
                {
                    w.Line($"bool has_{property.CSharpName} = false;");
                }
            }

            w.Line($"while (reader.Read() && reader.TokenType != {Names.JsonTokenType}.EndObject)");
            w.Open();
            var keyword = "if";
            if (isMessage)
            {
                w.Line("if (reader.ValueTextEquals(\"isDelta\"u8))");
                w.Open();
                w.Line("reader.Read();");
                w.Line($"p_IsDelta = reader.TokenType != {Names.JsonTokenType}.Null && {Names.IcwsJson}.ReadBoolean(ref reader, {Docs.Literal(name + ".isDelta")});");
                w.Close();
                keyword = "else if";
            }

            foreach (var property in properties)
            {
                w.Line($"{keyword} (reader.ValueTextEquals({Docs.Utf8(property.JsonName)}))");
                w.Open();
                w.Line("reader.Read();");
                var read = ValueCodec.Read(property.Type, "reader", name, property.JsonName);
                w.Line($"if (reader.TokenType != {Names.JsonTokenType}.Null)");
                w.Open();
                w.Line($"p_{property.CSharpName} = {read};");
                w.Close();
                if (property.Required && property.Nullable)
                {
                    w.Line($"has_{property.CSharpName} = true;");
                }

                w.Close();
                keyword = "else if";
            }

            if (keyword == "if")
            {
                w.Line("reader.Read();");
                w.Line($"{Names.IcwsJson}.SkipValue(ref reader);");
            }
            else
            {
                w.Line("else");
                w.Open();
                w.Line("reader.Read();");
                w.Line($"{Names.IcwsJson}.SkipValue(ref reader);");
                w.Close();
            }

            w.Close();
            foreach (var property in properties.Where(p => p.Required))
            {
                var condition = property.Nullable ? $"!has_{property.CSharpName}" : $"p_{property.CSharpName} is null";
                w.Line($"if ({condition}) throw {Names.IcwsJson}.Missing({Docs.Literal(name)}, {Docs.Literal(property.JsonName)});");
            }

            w.Line($"return new {qualified}");
            w.Open();
            if (isMessage)
            {
                w.Line("IsDelta = p_IsDelta,");
            }

            foreach (var property in properties)
            {
                var local = "p_" + property.CSharpName;
                var value = property.Required && !property.Nullable && ValueCodec.IsValueType(property.Type) ? local + ".Value" : local;
                w.Line($"{property.CSharpName} = {value},");
            }

            w.Close("};");
            w.Close();
        }

        private static void EmitUnknown(SourceWriter w, ApiModel model, ClassModel root, FamilyModel family)
        {
            var name = family.UnknownName;
            var qualified = Emitter.Qualified(model, name);
            w.Line($"/// <summary>A <see cref=\"{root.Name}\"/> whose <c>__type</c> this spec does not know. It keeps the JSON as the server sent it and writes it back unchanged.</summary>");
            w.Line(Names.GeneratedCode);
            w.Line(Names.JsonConverter(qualified));
            w.Line($"public sealed partial class {name} : {Emitter.Qualified(model, root.Name)}, {Names.IIcwsJsonValue}<{qualified}>");
            w.Open();

            // The parameters must not hide a required property the constructor sets (a property's csharpName may be "raw").
            var locals = new LocalNames(family.RootRequiredProperties.Select(p => p.CSharpName));
            var typeUrn = locals.Take("typeUrn");
            var raw = locals.Take("raw");
            w.Line("/// <summary>Wraps a value of an unknown <c>__type</c>.</summary>");
            w.Line($"/// <param name=\"{typeUrn}\">The <c>__type</c> found (empty when there was none).</param>");
            w.Line($"/// <param name=\"{raw}\">The whole JSON object.</param>");
            w.Line(Names.SetsRequiredMembers);
            w.Line($"public {name}(string {typeUrn}, {Names.JsonElement} {raw})");
            w.Open();
            w.Line($"TypeUrn = {typeUrn};");
            w.Line($"Raw = {raw};");
            foreach (var property in family.RootRequiredProperties)
            {
                // Required members of the root are not decoded for an unknown type; they get empty values.
                w.Line($"{property.CSharpName} = {EmptyValue(property.Type)};");
            }

            w.Close();
            w.Line();
            w.Line("/// <inheritdoc />");
            w.Line("public override string TypeUrn { get; }");
            w.Line();
            w.Line("/// <summary>The JSON object as the server sent it.</summary>");
            w.Line($"public {Names.JsonElement} Raw {{ get; }}");
            w.Line();
            w.Line("/// <summary>Writes the raw JSON back unchanged.</summary>");
            w.Line("/// <param name=\"writer\">The writer.</param>");
            w.Line($"public override void WriteTo({Names.Utf8JsonWriter} writer)");
            w.Open();
            w.Line($"{Names.ArgumentNullException}.ThrowIfNull(writer);");
            w.Line("Raw.WriteTo(writer);");
            w.Close();
            w.Line();
            w.Line("/// <summary>Reads any JSON value as it is, keeping it raw (its <c>__type</c>, if any, is not looked up).</summary>");
            w.Line("/// <param name=\"reader\">The reader.</param>");
            w.Line("/// <returns>The value read.</returns>");
            w.Line($"public static new {qualified} ReadFrom(ref {Names.Utf8JsonReader} reader)");
            w.Open();
            w.Line($"var element = {Names.IcwsJson}.ReadElement(ref reader, {Docs.Literal(root.Name)});");
            w.Line($"return new {qualified}({Names.IcwsJson}.TypeUrnOf(element), element);");
            w.Close();
            w.Close();
        }

        private static string EmptyValue(TypeRefModel type)
        {
            if (type.IsList)
            {
                return $"global::System.Array.Empty<{ValueCodec.ElementType(type)}>()";
            }

            return type.Kind == TypeRefKind.Primitive && type.Name is Primitives.String or Primitives.Uri ? "string.Empty"
                : type.Kind == TypeRefKind.Primitive && type.Name == Primitives.StringMap ? "new global::System.Collections.Generic.Dictionary<string, string>()"
                : ValueCodec.IsValueType(type) ? "default"
                : "default!";
        }

        public static void Remarks(SourceWriter w, string? urn, string? source)
        {
            var notes = new List<string>();
            if (urn is not null)
            {
                notes.Add($"ICWS contract <c>{Docs.Escape(urn)}</c>.");
            }

            var sourceNote = Docs.SourceNote(source);
            if (sourceNote.Length > 0)
            {
                notes.Add(sourceNote);
            }

            if (notes.Count > 0)
            {
                Docs.Raw(w, "remarks", string.Join(" ", notes));
            }
        }
    }
}
