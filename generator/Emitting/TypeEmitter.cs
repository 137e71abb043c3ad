using System.Collections.Generic;
using System.Linq;
using Icws.Generator.Model;

namespace Icws.Generator.Emitting
{
    /// <summary>
    /// Emits representations and messages: one class per spec type, with its JSON reader and writer.
    /// Polymorphic families read <c>__type</c> wherever it stands in the object and write it first; an
    /// unknown <c>__type</c> becomes <c>Unknown{Root}</c>, which keeps and writes back the raw JSON.
    /// </summary>
    internal sealed class TypeEmitter
    {
        private readonly ModelIndex _index;
        private readonly ValueCodec _codec;

        public TypeEmitter(ModelIndex index)
        {
            _index = index;
            _codec = new ValueCodec(index);
        }

        public string EmitTypes()
        {
            var w = Emitter.StartFile(_index.Namespace);
            var first = true;
            foreach (var type in _index.Model.Types.Where(t => !t.IsMessage))
            {
                if (!first)
                {
                    w.Line();
                }

                first = false;
                EmitType(w, type);
                if (type.Polymorphic)
                {
                    w.Line();
                    EmitUnknown(w, type);
                }
            }

            Emitter.EndFile(w);
            return w.ToString();
        }

        public string EmitMessages()
        {
            var w = Emitter.StartFile(_index.Namespace);
            var messages = _index.Model.Types.Where(t => t.IsMessage).ToList();
            foreach (var message in messages)
            {
                EmitMessage(w, message);
                w.Line();
            }

            EmitDecoder(w, messages);
            Emitter.EndFile(w);
            return w.ToString();
        }

        // public [sealed|abstract] partial class Name : Base
        // {
        //     public override string TypeUrn => "urn:...";          (family members)
        //     public required string Target { get; init; }        (properties)
        //     public virtual void WriteTo(Utf8JsonWriter writer)   (JSON out; __type first)
        //     public static Name ReadFrom(ref Utf8JsonReader r)   (JSON in; dispatches on __type for a family root)
        // }
        private void EmitType(SourceWriter w, TypeModel type)
        {
            var root = _index.FamilyRoot(type);
            var hasChildren = _index.HasChildren(type);
            var modifier = type.Abstract ? "abstract " : hasChildren || type.Polymorphic ? string.Empty : "sealed ";
            Docs.Summary(w, type.Description, $"The ICWS representation {type.Name}.");
            Remarks(w, type);
            w.Line(Names.GeneratedCode);
            var baseClause = type.BaseName is { } b ? " : " + _index.Qualified(b) : string.Empty;
            w.Line($"public {modifier}partial class {type.Name}{baseClause}");
            w.Open();

            if (root is not null)
            {
                EmitTypeUrn(w, type, root);
            }

            foreach (var property in type.Properties)
            {
                EmitProperty(w, property);
            }

            EmitWriter(w, type, root, hasChildren);
            EmitReaders(w, type, root);
            w.Close();
        }

        private void EmitTypeUrn(SourceWriter w, TypeModel type, TypeModel root)
        {
            if (type == root)
            {
                w.Line("/// <summary>The <c>__type</c> written on the wire for this value.</summary>");
                w.Line(type.Abstract || type.Urn is null
                    ? "public abstract string TypeUrn { get; }"
                    : $"public virtual string TypeUrn => {Docs.Literal(type.Urn)};");
                w.Line();
            }
            else if (type.Urn is not null && !type.Abstract)
            {
                w.Line("/// <inheritdoc />");
                w.Line($"public override string TypeUrn => {Docs.Literal(type.Urn)};");
                w.Line();
            }
        }

        private void EmitProperty(SourceWriter w, PropertyModel property)
        {
            Docs.Summary(w, property.Description, $"The <c>{property.JsonName}</c> value.");
            var notes = new List<string> { $"JSON <c>{Docs.Escape(property.JsonName)}</c>" + (property.Required ? ", required" : ", optional (omitted when null)") + (property.Nullable ? ", may be null" : string.Empty) + "." };
            if (property.Feature is { } feature)
            {
                notes.Add($"Needs feature <c>{Docs.Escape(feature.Id)}</c> version {feature.Version}.");
            }

            if (property.AttributeNames)
            {
                notes.Add("Holds interaction attribute names (see <see cref=\"Attr\"/>).");
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

            var type = _codec.CSharpType(property.Type, nullable: !property.Required || property.Nullable);
            var required = property.Required ? "required " : string.Empty;
            w.Line($"public {required}{type} {property.CSharpName} {{ get; init; }}");
            w.Line();
        }

        private void EmitWriter(SourceWriter w, TypeModel type, TypeModel? root, bool hasChildren)
        {
            var isDerived = type.BaseName is not null;
            if (!isDerived)
            {
                var virtualModifier = root is not null ? "virtual " : string.Empty;
                w.Line(root is not null
                    ? "/// <summary>Writes this value as ICWS JSON, <c>__type</c> first.</summary>"
                    : "/// <summary>Writes this value as ICWS JSON.</summary>");
                w.Line("/// <param name=\"writer\">The writer.</param>");
                w.Line($"public {virtualModifier}void WriteTo({Names.Utf8JsonWriter} writer)");
                w.Open();
                w.Line($"{Names.ArgumentNullException}.ThrowIfNull(writer);");
                w.Line("writer.WriteStartObject();");
                if (root is not null)
                {
                    w.Line("writer.WriteString(\"__type\"u8, TypeUrn);");
                }

                w.Line("WriteProperties(writer);");
                w.Line("writer.WriteEndObject();");
                w.Close();
                w.Line();
            }

            w.Line("/// <summary>Writes the properties of this value, without braces.</summary>");
            w.Line("/// <param name=\"writer\">The writer.</param>");
            var signature = isDerived
                ? "protected override void WriteProperties"
                : hasChildren || root is not null ? "protected virtual void WriteProperties" : "private void WriteProperties";
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

        private void WritePropertyStatement(SourceWriter w, PropertyModel property)
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

                _codec.WriteProperty(w, property.Type, property.JsonName, value);
                return;
            }

            var local = "v_" + property.CSharpName;
            w.Line($"if ({value} is {{ }} {local})");
            w.Open();
            _codec.WriteProperty(w, property.Type, property.JsonName, local);
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

        private void EmitReaders(SourceWriter w, TypeModel type, TypeModel? root)
        {
            var qualified = _index.Qualified(type.Name);
            var hides = type.BaseName is not null ? "new " : string.Empty;
            w.Line();
            if (root is null)
            {
                w.Line("/// <summary>Reads a value from ICWS JSON; the reader stands on the value's first token and ends on its last.</summary>");
                w.Line("/// <param name=\"reader\">The reader.</param>");
                w.Line("/// <returns>The value read.</returns>");
                w.Line($"public static {hides}{qualified} ReadFrom(ref {Names.Utf8JsonReader} reader)");
                EmitReadBody(w, type);
                return;
            }

            if (type == root)
            {
                w.Line("/// <summary>Reads any member of this family by its <c>__type</c> (wherever it stands in the object); an unknown <c>__type</c> gives <see cref=\"Unknown" + root.Name + "\"/>.</summary>");
                w.Line("/// <param name=\"reader\">The reader.</param>");
                w.Line("/// <returns>The value read.</returns>");
                w.Line($"public static {qualified} ReadFrom(ref {Names.Utf8JsonReader} reader)");
                w.Open();
                // if (!IcwsJson.TryFindTypeUrn(ref reader, "Root", out var type)) -> no __type
                // if (type.ValueTextEquals("urn:..."u8)) return Member.ReadOwn(ref reader);   (bytes compared, nothing allocated)
                var unknown = $"new {_index.Qualified("Unknown" + root.Name)}({{0}}, {Names.IcwsJson}.ReadElement(ref reader, {Docs.Literal(type.Name)}))";
                w.Line($"if (!{Names.IcwsJson}.TryFindTypeUrn(ref reader, {Docs.Literal(type.Name)}, out var type))");
                w.Open();
                w.Line(root.Abstract || root.Urn is null
                    ? "return " + string.Format(System.Globalization.CultureInfo.InvariantCulture, unknown, "string.Empty") + ";"
                    : $"return {_index.Qualified(root.Name)}.ReadOwn(ref reader);   // a concrete root also reads values that carry no __type");
                w.Close();
                w.Line();
                foreach (var member in _index.ConcreteMembers(root))
                {
                    w.Line($"if (type.ValueTextEquals({Docs.Utf8(member.Urn!)}))");
                    w.Open();
                    w.Line($"return {_index.Qualified(member.Name)}.ReadOwn(ref reader);");
                    w.Close();
                    w.Line();
                }

                w.Line("return " + string.Format(System.Globalization.CultureInfo.InvariantCulture, unknown, "type.GetString()!") + ";");
                w.Close();
            }
            else
            {
                w.Line($"/// <summary>Reads a value of the {root.Name} family and checks that it is a {type.Name}.</summary>");
                w.Line("/// <param name=\"reader\">The reader.</param>");
                w.Line("/// <returns>The value read.</returns>");
                w.Line($"public static new {qualified} ReadFrom(ref {Names.Utf8JsonReader} reader)");
                w.Open();
                w.Line($"var value = {_index.Qualified(root.Name)}.ReadFrom(ref reader);");
                w.Line($"return value as {qualified} ?? throw new {Names.IcwsProtocolException}(\"Expected a {type.Name}, found __type '\" + value.TypeUrn + \"'.\");");
                w.Close();
            }

            if (!type.Abstract && type.Urn is not null)
            {
                w.Line();
                w.Line("/// <summary>Reads this type's own body (the family root has already looked at <c>__type</c>).</summary>");
                w.Line("/// <param name=\"reader\">The reader.</param>");
                w.Line("/// <returns>The value read.</returns>");
                w.Line(Names.EditorBrowsableNever);
                var hidesOwn = _index.Ancestors(type).Any(a => !a.Abstract && a.Urn is not null) ? "new " : string.Empty;
                w.Line($"public static {hidesOwn}{qualified} ReadOwn(ref {Names.Utf8JsonReader} reader)");
                EmitReadBody(w, type);
            }
        }

        // {
        //     IcwsJson.ExpectObject(ref reader, "T");
        //     string? p_Target = default;
        //     while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        //     {
        //         if (reader.ValueTextEquals("target"u8)) { reader.Read(); if (reader.TokenType != Null) p_Target = ...; }
        //         else { reader.Read(); reader.Skip(); }          (unknown properties and __type)
        //     }
        //     if (p_Target is null) throw IcwsJson.Missing("T", "target");
        //     return new T { Target = p_Target };
        // }
        private void EmitReadBody(SourceWriter w, TypeModel type)
        {
            var properties = _index.AllProperties(type);
            w.Open();
            w.Line($"{Names.IcwsJson}.ExpectObject(ref reader, {Docs.Literal(type.Name)});");
            if (type.IsMessage)
            {
                w.Line("bool p_IsDelta = false;");
            }

            foreach (var property in properties)
            {
                var local = "p_" + property.CSharpName;
                w.Line($"{_codec.CSharpType(property.Type, nullable: true)} {local} = default;");
                if (property.Required && property.Nullable)
                {
                    w.Line($"bool has_{property.CSharpName} = false;");
                }
            }

            w.Line($"while (reader.Read() && reader.TokenType != {Names.JsonTokenType}.EndObject)");
            w.Open();
            var keyword = "if";
            if (type.IsMessage)
            {
                w.Line("if (reader.ValueTextEquals(\"isDelta\"u8))");
                w.Open();
                w.Line("reader.Read();");
                w.Line($"p_IsDelta = reader.TokenType != {Names.JsonTokenType}.Null && {Names.IcwsJson}.ReadBoolean(ref reader, {Docs.Literal(type.Name + ".isDelta")});");
                w.Close();
                keyword = "else if";
            }

            foreach (var property in properties)
            {
                w.Line($"{keyword} (reader.ValueTextEquals({Docs.Utf8(property.JsonName)}))");
                w.Open();
                w.Line("reader.Read();");
                var read = _codec.Read(property.Type, "reader", type.Name + "." + property.JsonName);
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
                w.Line("reader.Skip();");
            }
            else
            {
                w.Line("else");
                w.Open();
                w.Line("reader.Read();");
                w.Line("reader.Skip();");
                w.Close();
            }

            w.Close();
            foreach (var property in properties.Where(p => p.Required))
            {
                var condition = property.Nullable ? $"!has_{property.CSharpName}" : $"p_{property.CSharpName} is null";
                w.Line($"if ({condition}) throw {Names.IcwsJson}.Missing({Docs.Literal(type.Name)}, {Docs.Literal(property.JsonName)});");
            }

            w.Line($"return new {_index.Qualified(type.Name)}");
            w.Open();
            if (type.IsMessage)
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

        private void EmitUnknown(SourceWriter w, TypeModel root)
        {
            var name = "Unknown" + root.Name;
            w.Line($"/// <summary>A <see cref=\"{root.Name}\"/> whose <c>__type</c> this spec does not know. It keeps the JSON as the server sent it and writes it back unchanged.</summary>");
            w.Line(Names.GeneratedCode);
            w.Line($"public sealed partial class {name} : {_index.Qualified(root.Name)}");
            w.Open();
            w.Line("/// <summary>Wraps a value of an unknown <c>__type</c>.</summary>");
            w.Line("/// <param name=\"typeUrn\">The <c>__type</c> found (empty when there was none).</param>");
            w.Line("/// <param name=\"raw\">The whole JSON object.</param>");
            w.Line(Names.SetsRequiredMembers);
            w.Line($"public {name}(string typeUrn, {Names.JsonElement} raw)");
            w.Open();
            w.Line("TypeUrn = typeUrn;");
            w.Line("Raw = raw;");
            foreach (var property in root.Properties.Where(p => p.Required && !p.Nullable))
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
            w.Close();
        }

        private string EmptyValue(TypeRefModel type)
        {
            if (type.IsList)
            {
                return $"global::System.Array.Empty<{_codec.ElementType(type)}>()";
            }

            return type.Kind == TypeRefKind.Primitive && type.Name is Primitives.String or Primitives.Uri ? "string.Empty"
                : type.Kind == TypeRefKind.Primitive && type.Name == Primitives.StringMap ? "new global::System.Collections.Generic.Dictionary<string, string>()"
                : ValueCodec.IsValueType(type) ? "default"
                : "default!";
        }

        // public sealed partial class QueueContentsMessage : IcwsMessage, IInteractionFeedMessage
        // {
        //     public const string Urn = "urn:inin.com:queues:queueContentsMessage";
        //     public override string TypeUrn => Urn;
        //     ...properties, WriteTo, ReadFrom...
        //     void IInteractionFeedMessage.ApplyTo(IInteractionFeedSink sink) { ...Upsert / Merge / Remove... }
        // }
        private void EmitMessage(SourceWriter w, TypeModel message)
        {
            Docs.Summary(w, message.Description, $"The ICWS message {message.Urn}.");
            Remarks(w, message);
            w.Line(Names.GeneratedCode);
            var interfaces = message.Feed is not null ? ", " + Names.IInteractionFeedMessage : string.Empty;
            w.Line($"public sealed partial class {message.Name} : {Names.IcwsMessage}{interfaces}");
            w.Open();
            w.Line("/// <summary>The <c>__type</c> of this message.</summary>");
            w.Line($"public const string Urn = {Docs.Literal(message.Urn!)};");
            w.Line();
            w.Line("/// <inheritdoc />");
            w.Line("public override string TypeUrn => Urn;");
            w.Line();
            foreach (var property in message.Properties)
            {
                EmitProperty(w, property);
            }

            w.Line("/// <summary>Writes this message as ICWS JSON, <c>__type</c> first.</summary>");
            w.Line("/// <param name=\"writer\">The writer.</param>");
            w.Line($"public void WriteTo({Names.Utf8JsonWriter} writer)");
            w.Open();
            w.Line($"{Names.ArgumentNullException}.ThrowIfNull(writer);");
            w.Line("writer.WriteStartObject();");
            w.Line("writer.WriteString(\"__type\"u8, Urn);");
            w.Line("writer.WriteBoolean(\"isDelta\"u8, IsDelta);");
            foreach (var property in message.Properties)
            {
                WritePropertyStatement(w, property);
            }

            w.Line("writer.WriteEndObject();");
            w.Close();
            w.Line();
            w.Line("/// <summary>Reads the message; the reader stands on its first token.</summary>");
            w.Line("/// <param name=\"reader\">The reader.</param>");
            w.Line("/// <returns>The message read.</returns>");
            w.Line($"public static {_index.Qualified(message.Name)} ReadFrom(ref {Names.Utf8JsonReader} reader)");
            EmitReadBody(w, message);
            if (message.Feed is { } feed)
            {
                EmitFeed(w, message, feed);
            }

            w.Close();
        }

        private void EmitFeed(SourceWriter w, TypeModel message, FeedModel feed)
        {
            PropertyModel Property(string jsonName) => message.Properties.First(p => p.JsonName == jsonName);
            var key = Property(feed.Key);
            w.Line();
            w.Line($"{Names.IcwsWatchKind} {Names.IInteractionFeedMessage}.FeedKind => {Names.IcwsWatchKind}.{(feed.Kind == "queue" ? "Queue" : "Interaction")};");
            w.Line();
            w.Line($"string {Names.IInteractionFeedMessage}.FeedKey => {key.CSharpName}{(key.Required ? string.Empty : " ?? string.Empty")};");
            w.Line();
            w.Line($"void {Names.IInteractionFeedMessage}.ApplyTo({Names.IInteractionFeedSink} sink)");
            w.Open();
            if (feed.Kind == "queue")
            {
                EmitFeedList(w, feed.Added, "Upsert", Property);
                EmitFeedList(w, feed.Changed, "Merge", Property);
                if (feed.Removed is { } removed)
                {
                    w.Line($"if ({Property(removed).CSharpName} is {{ }} removed)");
                    w.Open();
                    w.Line("foreach (var id in removed)");
                    w.Open();
                    w.Line("sink.Remove(id);");
                    w.Close();
                    w.Close();
                }
            }
            else
            {
                var keyValue = key.CSharpName + (key.Required ? string.Empty : " ?? string.Empty");
                if (feed.Changed is { } changed)
                {
                    var attributes = Property(changed);
                    var map = attributes.Required && !attributes.Nullable ? attributes.CSharpName + ".Map" : $"({attributes.CSharpName}?.Map ?? {Names.AttributeMap}.Empty)";
                    // A snapshot (isDelta false) replaces the interaction's attributes; a delta merges into them.
                    w.Line("if (IsDelta)");
                    w.Open();
                    w.Line($"sink.Merge({keyValue}, {map});");
                    w.Close();
                    w.Line("else");
                    w.Open();
                    w.Line($"sink.Upsert({keyValue}, {map});");
                    w.Close();
                }

                if (feed.RemovesKey)
                {
                    w.Line($"sink.Remove({keyValue});");
                }
            }

            w.Close();
        }

        private static void EmitFeedList(SourceWriter w, string? jsonName, string sinkMethod, System.Func<string, PropertyModel> property)
        {
            if (jsonName is null)
            {
                return;
            }

            var list = property(jsonName);
            var local = sinkMethod == "Upsert" ? "added" : "changed";
            w.Line($"if ({list.CSharpName} is {{ }} {local})");
            w.Open();
            w.Line($"foreach (var item in {local})");
            w.Open();
            w.Line($"sink.{sinkMethod}(item.InteractionId, item.Attributes.Map);");
            w.Close();
            w.Close();
        }

        // public static partial class IcwsMessages
        // {
        //     public static IcwsMessage Read(ref Utf8JsonReader reader) => switch on __type ... default: UnknownIcwsMessage
        //     public static IIcwsMessageDecoder Decoder { get; }
        // }
        private void EmitDecoder(SourceWriter w, List<TypeModel> messages)
        {
            w.Line("/// <summary>Decodes ICWS messages by their <c>__type</c>. A <c>__type</c> the spec does not know gives <see cref=\"global::Icws.UnknownIcwsMessage\"/> with the raw JSON.</summary>");
            w.Line(Names.GeneratedCode);
            w.Line($"public static partial class {Names.MessagesClass}");
            w.Open();
            w.Line("/// <summary>The <c>__type</c> of every message this spec declares.</summary>");
            w.Line($"public static {Names.IReadOnlyList}<string> KnownTypeUrns {{ get; }} = new string[]");
            w.Open();
            foreach (var message in messages)
            {
                w.Line(Docs.Literal(message.Urn!) + ",");
            }

            w.Close("};");
            w.Line();
            w.Line("/// <summary>The decoder the message pump uses.</summary>");
            w.Line($"public static {Names.IIcwsMessageDecoder} Decoder {{ get; }} = new MessageDecoder();");
            w.Line();
            w.Line("/// <summary>Reads one message; the reader stands on its first token.</summary>");
            w.Line("/// <param name=\"reader\">The reader.</param>");
            w.Line("/// <returns>The typed message, or an <see cref=\"global::Icws.UnknownIcwsMessage\"/>.</returns>");
            w.Line($"public static {Names.IcwsMessage} Read(ref {Names.Utf8JsonReader} reader)");
            w.Open();
            w.Line($"if (!{Names.IcwsJson}.TryFindTypeUrn(ref reader, \"message\", out var type))");
            w.Open();
            w.Line($"return new {Names.UnknownIcwsMessage}(string.Empty, {Names.IcwsJson}.ReadElement(ref reader, \"message\"));");
            w.Close();
            w.Line();
            foreach (var message in messages)
            {
                w.Line($"if (type.ValueTextEquals({Docs.Utf8(message.Urn!)}))");
                w.Open();
                w.Line($"return {_index.Qualified(message.Name)}.ReadFrom(ref reader);");
                w.Close();
                w.Line();
            }

            w.Line($"return new {Names.UnknownIcwsMessage}(type.GetString()!, {Names.IcwsJson}.ReadElement(ref reader, \"message\"));");
            w.Close();
            w.Line();
            w.Line($"private sealed class MessageDecoder : {Names.IIcwsMessageDecoder}");
            w.Open();
            w.Line($"public {Names.IcwsMessage} Decode(ref {Names.Utf8JsonReader} reader) => Read(ref reader);");
            w.Close();
            w.Close();
        }

        private static void Remarks(SourceWriter w, TypeModel type)
        {
            var notes = new List<string>();
            if (type.Urn is not null)
            {
                notes.Add($"ICWS contract <c>{Docs.Escape(type.Urn)}</c>.");
            }

            var source = Docs.SourceNote(type.Source);
            if (source.Length > 0)
            {
                notes.Add(source);
            }

            if (notes.Count > 0)
            {
                Docs.Raw(w, "remarks", string.Join(" ", notes));
            }
        }
    }
}
