using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Icws.Runtime.Tests;

/// <summary>
/// Sample wire JSON for every type and message of the standard spec, built from the spec file by this code (not by
/// the generated types): every property filled (required and optional), a concrete member where a property is typed
/// as a family root, <c>__type</c> first or last.
/// </summary>
internal static class SpecSamples
{
    /// <summary>Every file of the standard spec (one per area).</summary>
    internal static readonly JsonDocument[] SpecFiles = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Specs"), "*.spec.json")
        .OrderBy(f => f, StringComparer.Ordinal).Select(f => JsonDocument.Parse(File.ReadAllText(f))).ToArray();
    internal static readonly Dictionary<string, JsonElement> Types = Section("types").ToDictionary(t => t.GetProperty("name").GetString()!);
    internal static readonly Dictionary<string, JsonElement> MessageTypes = Section("messages").ToDictionary(m => m.GetProperty("name").GetString()!);
    internal static readonly HashSet<string> Enums = Section("enums").Select(e => e.GetProperty("name").GetString()!).ToHashSet();

    /// <summary>The entries of one section (types, messages, enums, ...) of every spec file.</summary>
    internal static IEnumerable<JsonElement> Section(string name)
        => SpecFiles.SelectMany(f => f.RootElement.TryGetProperty(name, out var section) ? section.EnumerateArray() : Enumerable.Empty<JsonElement>());

    /// <summary>
    /// The one decoder that knows a message type: the standard one (always on), or the class of the area whose watches
    /// register its messages (<c>IcwsMessages.Status</c>, ...).
    /// </summary>
    internal static Icws.Runtime.IIcwsMessageDecoder DecoderFor(string urn)
    {
        var decoders = new[] { typeof(Icws.Client.IcwsMessages) }.Concat(typeof(Icws.Client.IcwsMessages).GetNestedTypes().Where(t => t.GetProperty("KnownTypeUrns") is not null))
            .Where(t => ((IReadOnlyList<string>)t.GetProperty("KnownTypeUrns")!.GetValue(null)!).Contains(urn))
            .Select(t => (Icws.Runtime.IIcwsMessageDecoder)t.GetProperty("Decoder")!.GetValue(null)!)
            .ToList();
        return decoders.Count == 1 ? decoders[0] : throw new InvalidOperationException($"{decoders.Count} decoders know {urn}");
    }

    /// <summary>Builds a JSON object with every property of a type (required and optional) from its spec declaration.</summary>
    internal static JsonObject Sample(string typeName, bool typeLast) => Sample(Types[typeName], typeLast);

    /// <summary>Deeper than this only required properties are filled and lists are empty: some types nest themselves (filter groups).</summary>
    internal const int MaxDepth = 3;

    internal static JsonObject Sample(JsonElement type, bool typeLast, int depth = 0)
    {
        var result = new JsonObject();
        foreach (var property in AllProperties(type))
        {
            if (depth >= MaxDepth && !Flag(property, "required"))
            {
                continue;
            }

            result[property.GetProperty("name").GetString()!] = SampleValue(property.GetProperty("type").GetString()!, depth);
        }

        if (type.TryGetProperty("urn", out var urn) && (Root(type) is not null || type.TryGetProperty("feeds", out _) || IsMessage(type)))
        {
            if (typeLast)
            {
                result["__type"] = urn.GetString();
            }
            else
            {
                var ordered = new JsonObject { ["__type"] = urn.GetString() };
                foreach (var (k, v) in result.ToList())
                {
                    result.Remove(k);
                    ordered[k] = v;
                }

                return ordered;
            }
        }

        return result;
    }

    internal static JsonNode? SampleValue(string type, int depth)
    {
        if (type.EndsWith("[]", StringComparison.Ordinal))
        {
            return depth >= MaxDepth ? new JsonArray() : new JsonArray(SampleValue(type[..^2], depth));
        }

        return type switch
        {
            "string" or "uri" => "text",
            "int" or "long" => 7,
            "double" or "duration" => 1.5,
            "bool" => true,
            "dateTime" => "20240131T142500Z",
            "guid" => "0f8fad5b-d9cb-469f-a165-70867728950e",
            "attributeMap" => new JsonObject { ["Eic_State"] = "C", ["Eic_RemoteName"] = "Pat" },
            "stringMap" => new JsonObject { ["key"] = "value" },
            "json" => new JsonObject { ["any"] = new JsonArray(1, "two") },
            _ when Enums.Contains(type) => 1,
            _ when Types.TryGetValue(type, out var t) => Sample(ConcreteOf(t), typeLast: false, depth + 1),
            _ => throw new InvalidOperationException("No sample for " + type),
        };
    }

    /// <summary>For a property typed as a family root, a concrete member to put there.</summary>
    internal static JsonElement ConcreteOf(JsonElement type)
    {
        if (!IsAbstract(type))
        {
            return type;
        }

        var name = type.GetProperty("name").GetString();
        return Types.Values.First(t => !IsAbstract(t) && t.TryGetProperty("urn", out _) && Chain(t).Any(a => a.GetProperty("name").GetString() == name));
    }

    internal static IEnumerable<JsonElement> AllProperties(JsonElement type)
        => Chain(type).Reverse().SelectMany(t => t.TryGetProperty("properties", out var p) ? p.EnumerateArray() : Enumerable.Empty<JsonElement>());

    /// <summary>The type and its bases, nearest first.</summary>
    internal static IEnumerable<JsonElement> Chain(JsonElement type)
    {
        var current = type;
        while (true)
        {
            yield return current;
            if (!current.TryGetProperty("base", out var b))
            {
                yield break;
            }

            current = Types[b.GetString()!];
        }
    }

    internal static string? Root(JsonElement type) => Chain(type).LastOrDefault(t => Flag(t, "polymorphic")) is { ValueKind: JsonValueKind.Object } root ? root.GetProperty("name").GetString() : null;

    internal static bool IsAbstract(JsonElement type) => Flag(type, "abstract");

    internal static bool IsMessage(JsonElement type) => type.TryGetProperty("feeds", out _) || !Types.ContainsKey(type.GetProperty("name").GetString()!);

    internal static bool Flag(JsonElement type, string name) => type.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

}
