using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Icws.SpecImporter;

/// <summary>
/// Writes spec JSON the way people keep it by hand: an object or array on one line while it fits, otherwise one
/// member per line, two spaces per level. Same input, same bytes.
/// </summary>
public static class SpecJsonWriter
{
    private const int LineWidth = 140;

    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = false };

    public static string Write(JsonNode node)
    {
        var builder = new StringBuilder();
        WriteNode(builder, node, 0);
        builder.Append('\n');
        return builder.ToString();
    }

    private static void WriteNode(StringBuilder builder, JsonNode? node, int indent)
    {
        var inline = Inline(node);
        if (node is not (JsonObject or JsonArray) || indent * 2 + inline.Length <= LineWidth && !HasObjectArray(node))
        {
            builder.Append(inline);
            return;
        }

        var pad = new string(' ', (indent + 1) * 2);
        if (node is JsonObject obj)
        {
            builder.Append("{\n");
            var i = 0;
            foreach (var (key, value) in obj)
            {
                builder.Append(pad).Append(JsonSerializer.Serialize(key, Compact)).Append(": ");
                WriteNode(builder, value, indent + 1);
                builder.Append(++i < obj.Count ? ",\n" : "\n");
            }

            builder.Append(' ', indent * 2).Append('}');
        }
        else
        {
            var array = (JsonArray)node;
            builder.Append("[\n");
            for (var i = 0; i < array.Count; i++)
            {
                builder.Append(pad);
                WriteNode(builder, array[i], indent + 1);
                builder.Append(i + 1 < array.Count ? ",\n" : "\n");
            }

            builder.Append(' ', indent * 2).Append(']');
        }
    }

    // An object holding a list of objects (properties, values, parameters) reads better spread out.
    private static bool HasObjectArray(JsonNode node)
        => node is JsonObject obj && obj.Any(m => m.Value is JsonArray a && a.Count > 1 && a.Any(e => e is JsonObject));

    private static string Inline(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                return obj.Count == 0 ? "{}" : "{ " + string.Join(", ", obj.Select(m => JsonSerializer.Serialize(m.Key, Compact) + ": " + Inline(m.Value))) + " }";
            case JsonArray array:
                return array.Count == 0 ? "[]" : "[" + (array.Any(e => e is JsonObject) ? " " : string.Empty) + string.Join(", ", array.Select(Inline)) + (array.Any(e => e is JsonObject) ? " " : string.Empty) + "]";
            case null:
                return "null";
            default:
                return node.ToJsonString(Compact);
        }
    }
}
