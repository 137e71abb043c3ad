using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Icws.Reliability.Tests.WireFuzz;

/// <summary>A mutated server body and how it was made.</summary>
internal sealed record WireMutation(byte[] Bytes, string Description)
{
    public string Text => Encoding.UTF8.GetString(Bytes);
}

/// <summary>
/// Seeded mutations of a valid ICWS JSON body (a response or a message): truncated JSON, wrong JSON types, unknown
/// <c>__type</c>, missing (required) members, very long strings, deep nesting, invalid UTF-8, edge numbers, nulls,
/// duplicate members, other documents altogether (HTML, empty, a bare value), trailing garbage.
/// </summary>
internal static class WireMutator
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] Numbers = ["1e400", "-1", "2147483648", "-2147483649", "9223372036854775808", "1.5", "0.0", "-0", "1E2", "123456789012345678901234567890"];

    private static readonly byte[][] InvalidUtf8 = [[0xFF], [0xC0, 0x80], [0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80], [0xC3]];

    private static readonly string[] Documents =
    [
        "", " ", "null", "[]", "{}", "\"text\"", "42", "true", "<html><body>502 Bad Gateway</body></html>", "{\"__type\":\"urn:fuzz:unknown\"}",
        "\uFEFF{}", "{\"message\":null}", "[{}]", "{\"a\":", "{\"a\":1}}", "{'a':1}", "{\"a\":1,}", "{\"a\":NaN}", "/* c */ {}",
    ];

    /// <summary>Mutates <paramref name="json"/>; <paramref name="allowTextOnly"/> false keeps the result parseable JSON text (for a transport that cannot carry bytes).</summary>
    public static WireMutation Mutate(Random random, string json, bool allowInvalidUtf8 = true)
    {
        var roll = random.Next(100);
        if (roll < 55)
        {
            return Structural(random, json);
        }

        var bytes = Encoding.UTF8.GetBytes(json);
        switch (random.Next(allowInvalidUtf8 ? 8 : 6))
        {
            case 0:
            case 1:
            {
                var keep = bytes.Length == 0 ? 0 : random.Next(bytes.Length);
                return new WireMutation(bytes[..keep], $"truncated to {keep} of {bytes.Length} bytes");
            }

            case 2:
            {
                var document = Documents[random.Next(Documents.Length)];
                return new WireMutation(Encoding.UTF8.GetBytes(document), $"replaced by '{document}'");
            }

            case 3:
            {
                var depth = new[] { 63, 64, 65, 200, 10_000, 200_000 }[random.Next(6)];
                var nested = string.Concat(Enumerable.Repeat("{\"a\":[", depth)) + "1" + string.Concat(Enumerable.Repeat("]}", depth));
                var at = InsertionPoint(random, json);
                return new WireMutation(Encoding.UTF8.GetBytes(json[..at] + "\"deep\":" + nested + "," + json[at..]), $"nesting {depth * 2} deep");
            }

            case 4:
            {
                var garbage = new[] { " x", "}", "]", ",", "{}", "\u0000", " \"more\"" }[random.Next(7)];
                return new WireMutation(Encoding.UTF8.GetBytes(json + garbage), $"trailing '{garbage}'");
            }

            case 5:
            {
                var list = new List<byte>(bytes);
                var flips = 1 + random.Next(6);
                for (var i = 0; i < flips && list.Count > 0; i++)
                {
                    list[random.Next(list.Count)] = (byte)random.Next(32, 127);
                }

                return new WireMutation(list.ToArray(), $"{flips} ASCII byte(s) replaced");
            }

            default:
            {
                var sequence = InvalidUtf8[random.Next(InvalidUtf8.Length)];
                var quotes = Enumerable.Range(0, bytes.Length).Where(i => bytes[i] == (byte)'"').ToList();
                var at = quotes.Count > 0 ? quotes[random.Next(quotes.Count)] + 1 : 0;
                var list = new List<byte>(bytes);
                list.InsertRange(at, sequence);
                return new WireMutation(list.ToArray(), $"invalid UTF-8 {Convert.ToHexString(sequence)} at byte {at}");
            }
        }
    }

    private static int InsertionPoint(Random random, string json)
    {
        var braces = Enumerable.Range(0, json.Length).Where(i => json[i] == '{').ToList();
        return braces.Count == 0 ? 0 : braces[random.Next(braces.Count)] + 1;
    }

    private static WireMutation Structural(Random random, string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return new WireMutation(Encoding.UTF8.GetBytes(json), "unchanged (not JSON)");
        }

        var raw = new Dictionary<string, string>();
        var descriptions = new List<string>();
        var count = 1 + (random.Next(3) == 0 ? random.Next(3) : 0);
        for (var i = 0; i < count; i++)
        {
            descriptions.Add(MutateTree(random, ref root, raw));
        }

        var text = root?.ToJsonString(Options) ?? "null";
        foreach (var pair in raw)
        {
            text = text.Replace("\"" + pair.Key + "\"", pair.Value, StringComparison.Ordinal);
        }

        return new WireMutation(Encoding.UTF8.GetBytes(text), string.Join("; ", descriptions));
    }

    private static string MutateTree(Random random, ref JsonNode? root, Dictionary<string, string> raw)
    {
        var slots = new List<(JsonNode Parent, string? Key, int Index, string Path)>();
        void Walk(JsonNode? node, string path)
        {
            if (node is JsonObject o)
            {
                foreach (var pair in o.ToList())
                {
                    slots.Add((o, pair.Key, -1, path + "." + pair.Key));
                    Walk(pair.Value, path + "." + pair.Key);
                }
            }
            else if (node is JsonArray a)
            {
                for (var i = 0; i < a.Count; i++)
                {
                    slots.Add((a, null, i, path + "[" + i + "]"));
                    Walk(a[i], path + "[" + i + "]");
                }
            }
        }

        Walk(root, "$");
        if (slots.Count == 0)
        {
            root = new JsonObject { ["__type"] = "urn:fuzz:unknown" };
            return "replaced the value by an unknown object";
        }

        var slot = slots[random.Next(slots.Count)];
        JsonNode? Get() => slot.Parent is JsonObject o ? o[slot.Key!] : ((JsonArray)slot.Parent)[slot.Index];
        void Set(JsonNode? value)
        {
            if (slot.Parent is JsonObject o)
            {
                o[slot.Key!] = value;
            }
            else
            {
                ((JsonArray)slot.Parent)[slot.Index] = value;
            }
        }

        switch (random.Next(9))
        {
            case 0:
            case 1:
            {
                JsonNode? value = random.Next(7) switch
                {
                    0 => null,
                    1 => JsonValue.Create(random.Next(2) == 0),
                    2 => JsonValue.Create(random.Next(-5, 100)),
                    3 => JsonValue.Create("x"),
                    4 => new JsonArray(JsonValue.Create(1), null),
                    5 => new JsonObject { ["k"] = "v" },
                    _ => JsonValue.Create(random.NextDouble()),
                };
                Set(value);
                return $"{slot.Path} = {value?.ToJsonString() ?? "null"}";
            }

            case 2:
            {
                var members = slots.Where(s => s.Key is not null).ToList();
                if (members.Count == 0)
                {
                    goto case 0;
                }

                var member = members[random.Next(members.Count)];
                ((JsonObject)member.Parent).Remove(member.Key!);
                return $"removed {member.Path}";
            }

            case 3:
            {
                // Unknown __type: on an object that has one, or added to any object.
                var typed = slots.Where(s => s.Key == "__type").ToList();
                var urn = new[] { "urn:fuzz:unknown", "", "urn:inin.com:common:error", "urn:inin.com:queues:queueContentsMessage", "urn:inin.com:interactions:interactionChangedMessage", "x" }[random.Next(6)];
                if (typed.Count > 0 && random.Next(3) > 0)
                {
                    var t = typed[random.Next(typed.Count)];
                    ((JsonObject)t.Parent)["__type"] = random.Next(8) == 0 ? JsonValue.Create(5) : JsonValue.Create(urn);
                    return $"{t.Path} = '{urn}'";
                }

                var objects = slots.Select(s => s.Key is null ? ((JsonArray)s.Parent)[s.Index] : ((JsonObject)s.Parent)[s.Key]).OfType<JsonObject>().Append(root as JsonObject).Where(o => o is not null).ToList();
                if (objects.Count == 0)
                {
                    goto case 0;
                }

                var target = objects[random.Next(objects.Count)]!;
                target["__type"] = urn;
                return $"__type '{urn}' added at {target.GetPath()}";
            }

            case 4:
            {
                var length = new[] { 10_000, 100_000, 1_000_000, 3_000_000 }[random.Next(4)];
                var text = new string(random.Next(2) == 0 ? 'a' : 'é', length);
                Set(JsonValue.Create(text));
                return $"{slot.Path} = a {length}-char string";
            }

            case 5:
            {
                var number = Numbers[random.Next(Numbers.Length)];
                var key = "@@RAW" + raw.Count + "@@";
                raw[key] = number;
                Set(JsonValue.Create(key));
                return $"{slot.Path} = {number}";
            }

            case 6:
            {
                // Duplicate member: the same name twice in one object.
                var members = slots.Where(s => s.Key is not null).ToList();
                if (members.Count == 0)
                {
                    goto case 0;
                }

                var member = members[random.Next(members.Count)];
                var key = "@@RAW" + raw.Count + "@@";
                var value = ((JsonObject)member.Parent)[member.Key!]?.ToJsonString(Options) ?? "null";
                raw[key] = "0, \"" + member.Key + "\": " + (random.Next(2) == 0 ? value : "\"dup\"");
                ((JsonObject)member.Parent)["@@dup" + raw.Count] = JsonValue.Create(key);
                return $"duplicate member {member.Path}";
            }

            case 7:
            {
                var arrays = slots.Select(s => s.Key is null ? ((JsonArray)s.Parent)[s.Index] : ((JsonObject)s.Parent)[s.Key]).OfType<JsonArray>().ToList();
                if (arrays.Count == 0)
                {
                    goto case 0;
                }

                var array = arrays[random.Next(arrays.Count)];
                var copies = random.Next(2) == 0 ? 1 : 2_000;
                if (array.Count > 0)
                {
                    var item = array[random.Next(array.Count)];
                    // Keep bodies to a few megabytes: an item may already hold a huge string.
                    copies = Math.Max(1, Math.Min(copies, 4_000_000 / Math.Max(1, item?.ToJsonString(Options).Length ?? 4)));
                    for (var i = 0; i < copies; i++)
                    {
                        array.Add(item?.DeepClone());
                    }
                }

                return $"{array.GetPath()}: an item repeated {copies} times";
            }

            default:
            {
                var current = Get();
                Set(current is JsonArray or JsonObject ? JsonValue.Create("flattened") : new JsonArray(current?.DeepClone()));
                return $"{slot.Path} wrapped or flattened";
            }
        }
    }
}
