using Icws.Generator.Model;

namespace Icws.Generator.Emitting
{
    /// <summary>
    /// For each spec type: its C# type, the expression that reads it from a Utf8JsonReader, and the
    /// statements that write it. This is the one place that knows how a spec type travels as JSON.
    /// </summary>
    internal static class ValueCodec
    {
        /// <summary>The C# type of a single value (not a list).</summary>
        public static string ElementType(TypeRefModel type) => type.Kind switch
        {
            TypeRefKind.Enum or TypeRefKind.Object => type.Qualified,
            _ => type.Name switch
            {
                Primitives.String or Primitives.Uri => "string",
                Primitives.Int => "int",
                Primitives.Long => "long",
                Primitives.Double => "double",
                Primitives.Bool => "bool",
                Primitives.DateTime => Names.DateTimeOffset,
                Primitives.Duration => Names.TimeSpan,
                Primitives.Guid => Names.Guid,
                Primitives.AttributeMap => Names.AttributesView,
                Primitives.StringMap => Names.IReadOnlyDictionary + "<string, string>",
                Primitives.Json => Names.JsonElement,
                _ => "object",
            },
        };

        /// <summary>The C# type of a property or parameter, nullable when it may be absent.</summary>
        public static string CSharpType(TypeRefModel type, bool nullable)
        {
            var core = type.IsList ? Names.IReadOnlyList + "<" + ElementType(type) + ">" : ElementType(type);
            return nullable ? core + "?" : core;
        }

        /// <summary>Whether the single value is a C# value type (then T? is Nullable&lt;T&gt;).</summary>
        public static bool IsValueType(TypeRefModel type)
            => !type.IsList && (type.Kind == TypeRefKind.Enum || type.Name is Primitives.Int or Primitives.Long or Primitives.Double or Primitives.Bool
                or Primitives.DateTime or Primitives.Duration or Primitives.Guid or Primitives.AttributeMap or Primitives.Json);

        /// <summary>An expression reading the value the reader stands on.</summary>
        /// <param name="owner">The type or endpoint, for error messages.</param>
        /// <param name="name">The JSON name inside it (empty for the owner's whole value).</param>
        public static string Read(TypeRefModel type, string reader, string owner, string name)
        {
            var p = Path(owner, name);
            if (type.IsList)
            {
                if (type.Kind == TypeRefKind.Primitive && type.Name is Primitives.String or Primitives.Uri)
                {
                    return $"{Names.IcwsJson}.ReadStringList(ref {reader}, {p})";
                }

                return $"{Names.IcwsJson}.ReadList<{ElementType(type)}>(ref {reader}, {p}, {ElementReader(type, owner, name + "[]")})";
            }

            return ReadSingle(type, reader, p);
        }

        // The owner and the name as two literals: an assembly keeps each distinct literal once, and the whole API's
        // thousands of properties share a few hundred names (one literal per property would be a fifth of the assembly).
        private static string Path(string owner, string name)
            => name.Length == 0 ? Docs.Literal(owner) : $"new {Names.IcwsJsonPath}({Docs.Literal(owner)}, {Docs.Literal(name)})";

        private static string ElementReader(TypeRefModel type, string owner, string name)
        {
            if (type.Kind == TypeRefKind.Object)
            {
                return type.Qualified + ".ReadFrom";
            }

            return $"static (ref {Names.Utf8JsonReader} r) => {ReadSingle(type, "r", Path(owner, name))}";
        }

        private static string ReadSingle(TypeRefModel type, string reader, string p) => type.Kind switch
        {
            TypeRefKind.Object => $"{type.Qualified}.ReadFrom(ref {reader})",
            TypeRefKind.Enum => $"({type.Qualified}){Names.IcwsJson}.ReadInt32(ref {reader}, {p})",
            _ => type.Name switch
            {
                Primitives.String or Primitives.Uri => $"{Names.IcwsJson}.ReadString(ref {reader}, {p})",
                Primitives.Int => $"{Names.IcwsJson}.ReadInt32(ref {reader}, {p})",
                Primitives.Long => $"{Names.IcwsJson}.ReadInt64(ref {reader}, {p})",
                Primitives.Double => $"{Names.IcwsJson}.ReadDouble(ref {reader}, {p})",
                Primitives.Bool => $"{Names.IcwsJson}.ReadBoolean(ref {reader}, {p})",
                Primitives.DateTime => $"{Names.IcwsJson}.ReadDateTime(ref {reader}, {p})",
                Primitives.Duration => $"{Names.IcwsJson}.ReadDuration(ref {reader}, {p})",
                Primitives.Guid => $"{Names.IcwsJson}.ReadGuid(ref {reader}, {p})",
                Primitives.AttributeMap => $"new {Names.AttributesView}({Names.IcwsJson}.ReadAttributeMap(ref {reader}, {p}))",
                Primitives.StringMap => $"{Names.IcwsJson}.ReadStringMap(ref {reader}, {p})",
                _ => $"{Names.IcwsJson}.ReadElement(ref {reader}, {p})",
            },
        };

        /// <summary>Statements writing a property (name and value); <paramref name="value"/> is non-null here.</summary>
        public static void WriteProperty(SourceWriter w, TypeRefModel type, string jsonName, string value)
        {
            var name = Docs.Utf8(jsonName);
            if (!type.IsList)
            {
                switch (type.Kind)
                {
                    case TypeRefKind.Enum:
                        w.Line($"writer.WriteNumber({name}, (int){value});");
                        return;
                    case TypeRefKind.Primitive:
                        switch (type.Name)
                        {
                            case Primitives.String or Primitives.Uri or Primitives.Guid:
                                w.Line($"writer.WriteString({name}, {value});");
                                return;
                            case Primitives.Int or Primitives.Long or Primitives.Double:
                                w.Line($"writer.WriteNumber({name}, {value});");
                                return;
                            case Primitives.Bool:
                                w.Line($"writer.WriteBoolean({name}, {value});");
                                return;
                        }

                        break;
                }
            }

            w.Line($"writer.WritePropertyName({name});");
            WriteValue(w, type, value, 0);
        }

        /// <summary>Statements writing a bare value (array item or after a property name).</summary>
        public static void WriteValue(SourceWriter w, TypeRefModel type, string value, int depth)
        {
            if (type.IsList)
            {
                if (type.Kind == TypeRefKind.Primitive && type.Name is Primitives.String or Primitives.Uri)
                {
                    w.Line($"{Names.IcwsJson}.WriteStringList(writer, {value});");
                    return;
                }

                var item = "item" + depth;
                w.Line("writer.WriteStartArray();");
                w.Line($"foreach (var {item} in {value})");
                w.Open();
                WriteValue(w, type with { IsList = false }, item, depth + 1);
                w.Close();
                w.Line("writer.WriteEndArray();");
                return;
            }

            switch (type.Kind)
            {
                case TypeRefKind.Object:
                    w.Line($"{value}.WriteTo(writer);");
                    return;
                case TypeRefKind.Enum:
                    w.Line($"writer.WriteNumberValue((int){value});");
                    return;
            }

            switch (type.Name)
            {
                case Primitives.String or Primitives.Uri or Primitives.Guid:
                    w.Line($"writer.WriteStringValue({value});");
                    break;
                case Primitives.Int or Primitives.Long or Primitives.Double:
                    w.Line($"writer.WriteNumberValue({value});");
                    break;
                case Primitives.Bool:
                    w.Line($"writer.WriteBooleanValue({value});");
                    break;
                case Primitives.DateTime:
                    w.Line($"{Names.IcwsJson}.WriteDateTime(writer, {value});");
                    break;
                case Primitives.Duration:
                    w.Line($"{Names.IcwsJson}.WriteDuration(writer, {value});");
                    break;
                case Primitives.AttributeMap:
                    w.Line($"{value}.Map.WriteTo(writer);");
                    break;
                case Primitives.StringMap:
                    w.Line($"{Names.IcwsJson}.WriteStringMap(writer, {value});");
                    break;
                default:
                    w.Line($"{value}.WriteTo(writer);");
                    break;
            }
        }

        /// <summary>The text of a single query value.</summary>
        public static string QueryText(TypeRefModel type, string value) => type.Kind == TypeRefKind.Enum
            ? $"((int){value}).ToString(global::System.Globalization.CultureInfo.InvariantCulture)"
            : type.Name switch
            {
                Primitives.Bool => $"({value} ? \"true\" : \"false\")",
                Primitives.Int or Primitives.Long or Primitives.Double => $"{value}.ToString(global::System.Globalization.CultureInfo.InvariantCulture)",
                Primitives.DateTime => $"global::Icws.IcwsDateTime.Format({value})",
                Primitives.Guid => $"{value}.ToString()",
                _ => value,
            };
    }
}
