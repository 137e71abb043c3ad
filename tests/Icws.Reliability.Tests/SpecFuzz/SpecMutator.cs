using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Icws.Testing;

namespace Icws.Reliability.Tests.SpecFuzz;

/// <summary>How the fuzzed bytes are turned into the text the generator sees.</summary>
internal enum Decoding
{
    /// <summary><c>SourceText.From(stream)</c>: BOM detection, UTF-8 otherwise, invalid bytes become U+FFFD.</summary>
    Stream,

    /// <summary>As the compiler reads AdditionalFiles: strict UTF-8, else the fallback code page (Latin-1); binary files are unreadable (null text).</summary>
    Compiler,

    /// <summary>The host could not read the file at all: <c>GetText</c> returns null.</summary>
    Unreadable,
}

/// <summary>
/// One fuzz case: the mutated spec file, the build it runs in, and how it was made (to reproduce it).
/// <see cref="MasterSeed"/> and <see cref="Index"/> name it (ICWS_FUZZ_SEED / ICWS_FUZZ_CASE); <see cref="Seed"/> is the
/// case's own random seed derived from them. <see cref="CustomSeed"/> is the index of the custom seed spec it mutates
/// (consumer mode only).
/// </summary>
internal sealed record SpecFuzzCase(int Index, int MasterSeed, int Seed, IcwsBuild Mode, string MutatedPath, byte[] Bytes, Decoding Decoding, int CustomSeed, IReadOnlyList<string> Mutations)
{
    public string BaseName => Mode == IcwsBuild.Standard ? "standard spec" : $"custom seed {CustomSeed}";

    /// <summary>The file name its bytes are kept under (spec-fuzz-failures/, SpecFuzz/Regressions/): everything needed to replay it.</summary>
    public string FileName => $"case-{Index}-seed-{MasterSeed}.{(Mode == IcwsBuild.Standard ? "standard" : "consumer" + CustomSeed)}.{Decoding}.bytes";

    public override string ToString() => $"case {Index} of master seed {MasterSeed} ({Mode} mode, {BaseName}, {Decoding}, case seed {Seed}): {string.Join("; ", Mutations)}";
}

/// <summary>
/// Seeded, reproducible spec mutations. A case is fully determined by (master seed, case index): which build it runs in
/// (30%: the standard spec in the package's own build; 70%: a custom seed spec in a consumer's build), structural
/// mutations of the JSON tree (wrong JSON types, duplicate names, unknown or malformed type references, odd
/// names, huge strings, deep nesting, removed and added members and entries, values swapped) and then byte
/// mutations of the file (truncation, byte flips, invalid UTF-8, BOMs, other encodings, deleted and repeated ranges).
/// </summary>
internal static class SpecMutator
{
    private const string RawMarker = "@@RAW";

    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = false };
    private static readonly JsonSerializerOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true };

    private static readonly Lazy<JsonObject> DefaultTree = new(() => (JsonObject)JsonNode.Parse(SeedSpecs.Standard.Value)!);

    private static readonly string[] OddNames =
    [
        "", " ", "1abc", "class", "@class", "Eic_State", "eic_mine", "EIC_X", "Attr", "IcwsClient", "InteractionAttributes", "IcwsMessages", "IcwsJson",
        "Map", "Value", "value", "_", "var", "field", "a.b", "a-b", "a b", "a,b", " lead", "trail ", "Ĉafé", "名前", "x\u0000y", "x\u2028y", "x\ry", "x\u0085y",
        "x\"y", "x\\y", "*/", "</summary>", "{sessionId}", "System", "Object", "String", "Task", "global", "Icws", "Client", "ToString", "Equals",
        "GetHashCode", "TypeUrn", "WriteTo", "ReadFrom", "UnknownIcwsError", "ConnectionApi", "Interactions", "Dispose", "IsDelta", "Raw",
        "\uD800", "x\uDC00", "A\u0301", "a\u200Db", "🙂", new string('A', 600), new string('b', 5000), "QueueId", "queueid", "InteractionsApi", "Item",
    ];

    private static readonly string[] OddTypeRefs =
    [
        "Nope", "Nope[]", "[]", "string[][]", "", " ", "int?", "List<int>", "global::System.String", "System.String", "class", "QueueId[] ",
        "queueid", "STRING", "attributeMap[]", "json[]", "stringMap[]", "QueueContentsMessage", "QueueContentsMessage[]", "QueueType[]", "IcwsError[]",
        "\uD800", new string('T', 700), "Ticket", "RoutingTier", "BaseAuthConnectionRequestSettings", "guid[]", "uri", "duration[]", "long", "double[]",
    ];

    private static readonly string[] OddTexts =
    [
        "a */ b", "</summary><script>x</script>", "line\rcode();", "line\u2028public class Injected {}", "x\u0085y", "x\u2029y", "&amp; &lt; &", "{0} {1} {",
        "\"", "\\", "x\u0000y", "\uD800", "<![CDATA[ x", "<!-- x", "\n#if NEVER\n", "#endregion", "\t\v\f", "<see cref=\"Nope\"/>", "<c>", "</c>", "]]>",
        "/// <summary>", "\r\n\r\n", "@\"", "\"\"\"", "{{", "}}", "u8", "\\u0041", "🙂 ünïcödé",
    ];

    private static readonly string[] OddNumbers =
    [
        "1e400", "-0", "1.5", "9223372036854775808", "-9223372036854775809", "2147483648", "-2147483649", "1E2", "0.0", "1e-400", "00", "-", "0x10",
        "NaN", "Infinity", "1.", ".5", "+1", "123456789012345678901234567890",
    ];

    private static readonly byte[][] InvalidUtf8 =
    [
        [0xFF], [0xFE], [0xC0, 0x80], [0x80], [0xBF], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80],
        [0xC3], [0xE0, 0x80, 0xAF], [0x00], [0x00, 0x00], [0xEF, 0xBB, 0xBF], [0xF0, 0x9F, 0x98],
    ];

    private static readonly string[] Tokens = ["{", "}", "[", "]", ",", ":", "\"", "\\", "null", "true", "/*", "//", "\r", "\uFEFF", "1", "-", "\"\":", ",,", "{}", "[]"];

    private static readonly string[] KnownFields =
    [
        "name", "type", "required", "nullable", "base", "urn", "polymorphic", "abstract", "properties", "values", "value", "codes", "kind", "enum", "accessor",
        "feeds", "key", "added", "changed", "removed", "area", "method", "path", "parameters", "in", "body", "flatten", "response", "responseProperty",
        "success", "errors", "feature", "id", "version", "csrf", "watch", "unwatch", "watchItems", "runtime", "csharpName", "attributeNames", "sensitive", "flags",
        "specVersion", "types", "enums", "messages", "endpoints", "attributes", "areas", "description", "source", "$schema",
    ];

    /// <summary>Builds case <paramref name="index"/> of the run with <paramref name="masterSeed"/>.</summary>
    public static SpecFuzzCase Create(int masterSeed, int index)
    {
        var seed = unchecked((masterSeed * 1_000_003) ^ (index * 7_919) ^ 0x5bd1e995);
        var random = new Random(seed);
        var mutations = new List<string>();

        // Which file: the standard spec (the package's own build, alone), or a custom spec (a consumer's build, next to
        // the pristine companion file). The draws below are the same as before the two modes existed, so a (seed, index)
        // pair reported then still names the same bytes.
        var mutateDefault = random.Next(100) < 30;
        var customIndex = random.Next(SeedSpecs.Custom.Count);
        var path = mutateDefault ? SeedSpecs.StandardPath : SeedSpecs.CustomPath;
        var raw = new Dictionary<string, string>();

        string text;
        var structural = random.Next(100) < 80 ? 1 + Skewed(random, 4) : 0;
        if (structural > 0)
        {
            var tree = mutateDefault ? DefaultTree.Value.DeepClone() : JsonNode.Parse(SeedSpecs.Custom[customIndex])!;
            for (var i = 0; i < structural; i++)
            {
                mutations.Add(MutateTree(random, tree, raw, mutateDefault));
            }

            text = tree.ToJsonString(random.Next(2) == 0 ? Compact : Indented);
            foreach (var pair in raw)
            {
                text = text.Replace("\"" + pair.Key + "\"", pair.Value, StringComparison.Ordinal);
            }
        }
        else
        {
            text = mutateDefault ? SeedSpecs.Standard.Value : SeedSpecs.Custom[customIndex];
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        var textual = structural == 0 ? 1 + Skewed(random, 3) : (random.Next(100) < 30 ? 1 : 0);
        for (var i = 0; i < textual; i++)
        {
            bytes = MutateBytes(random, bytes, mutations);
        }

        var roll = random.Next(100);
        var decoding = roll < 55 ? Decoding.Stream : roll < 98 ? Decoding.Compiler : Decoding.Unreadable;
        return new SpecFuzzCase(index, masterSeed, seed, mutateDefault ? IcwsBuild.Standard : IcwsBuild.Consumer, path, bytes, decoding, mutateDefault ? -1 : customIndex, mutations);
    }

    /// <summary>0 most often, up to <paramref name="max"/> - 1 rarely.</summary>
    private static int Skewed(Random random, int max)
    {
        var n = 0;
        while (n < max - 1 && random.Next(100) < 35)
        {
            n++;
        }

        return n;
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    // ---------------------------------------------------------------- structural mutations

    /// <summary>A place in the tree: a member of an object or an item of an array.</summary>
    private sealed record Slot(JsonNode Parent, string? Key, int Index, string Path)
    {
        public JsonNode? Get() => Parent is JsonObject o ? o[Key!] : ((JsonArray)Parent)[Index];

        public void Set(JsonNode? value)
        {
            if (Parent is JsonObject o)
            {
                o[Key!] = value;
            }
            else
            {
                ((JsonArray)Parent)[Index] = value;
            }
        }

        public void Remove()
        {
            if (Parent is JsonObject o)
            {
                o.Remove(Key!);
            }
            else
            {
                ((JsonArray)Parent).RemoveAt(Index);
            }
        }
    }

    private static List<Slot> Slots(JsonNode root)
    {
        var slots = new List<Slot>();
        void Walk(JsonNode? node, string path)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var pair in o.ToList())
                    {
                        var p = path + "." + pair.Key;
                        slots.Add(new Slot(o, pair.Key, -1, p));
                        Walk(pair.Value, p);
                    }

                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++)
                    {
                        var p = path + "[" + i + "]";
                        slots.Add(new Slot(a, null, i, p));
                        Walk(a[i], p);
                    }

                    break;
            }
        }

        Walk(root, "$");
        return slots;
    }

    private static string MutateTree(Random random, JsonNode root, Dictionary<string, string> raw, bool isDefault)
    {
        var slots = Slots(root);
        if (slots.Count == 0)
        {
            return "nothing to mutate";
        }

        switch (random.Next(15))
        {
            case 0:
            case 1:
            {
                var slot = Pick(random, slots);
                var value = RandomValue(random, slot.Get());
                slot.Set(value);
                return $"wrong type at {slot.Path}: {Describe(value)}";
            }

            case 2:
            {
                var members = slots.Where(s => s.Key is not null).ToList();
                var slot = Pick(random, members);
                slot.Remove();
                return $"removed {slot.Path}";
            }

            case 3:
            {
                var objects = AllObjects(root);
                var target = Pick(random, objects);
                var name = random.Next(3) == 0 ? "unknownMember" + random.Next(100) : Pick(random, KnownFields);
                var value = RandomValue(random, null);
                target[name] = value;
                return $"added member '{name}' = {Describe(value)}";
            }

            case 4:
            {
                // Duplicate an entry (maybe with its name's case changed): duplicate names.
                var arrays = AllArrays(root).Where(a => a.Count > 0 && a.Any(x => x is JsonObject)).ToList();
                if (arrays.Count == 0)
                {
                    return "no array to duplicate in";
                }

                var array = Pick(random, arrays);
                var item = array[random.Next(array.Count)]?.DeepClone();
                var note = string.Empty;
                if (item is JsonObject o && o["name"] is JsonValue v && v.TryGetValue<string>(out var n) && random.Next(2) == 0)
                {
                    o["name"] = random.Next(2) == 0 ? n.ToUpperInvariant() : n.ToLowerInvariant();
                    note = " (case changed)";
                }

                array.Insert(random.Next(array.Count + 1), item);
                return $"duplicated an entry of {array.GetPath()}{note}";
            }

            case 5:
            {
                var named = slots.Where(s => s.Key == "name" && s.Get() is JsonValue).ToList();
                if (named.Count == 0)
                {
                    return "no name to change";
                }

                var slot = Pick(random, named);
                var name = random.Next(4) == 0 ? (OtherName(random, slots) ?? Pick(random, OddNames)) : Pick(random, OddNames);
                slot.Set(JsonValue.Create(name));
                return $"name at {slot.Path} = {Show(name)}";
            }

            case 6:
            {
                var refs = slots.Where(s => s.Key is "type" or "base" or "response" or "enum" or "responseProperty" or "key" or "added" or "changed" or "removed" or "watch" or "unwatch" or "watchItems" or "runtime" or "kind" or "in" or "method" or "path" && s.Get() is JsonValue).ToList();
                if (refs.Count == 0)
                {
                    return "no reference to change";
                }

                var slot = Pick(random, refs);
                var value = slot.Key == "path" ? Pick(random, new[] { "/icws/{sessionId}/{x}", "/icws/{sessionId}", "icws/x", "/icws/{a}/{sessionId}", "/icws/{sessionId}/a/{ticketId}/{ticketId}", "/icws/{sessionId}/a b/{ticketId}", "/icws/{sessionId}/\"/{ticketId}", "", "/icws/{sessionId}/{}", "/icws/{sessionId}/{{ticketId}}" })
                    : random.Next(3) == 0 ? Pick(random, OddNames) : Pick(random, OddTypeRefs);
                slot.Set(JsonValue.Create(value));
                return $"reference at {slot.Path} = {Show(value)}";
            }

            case 7:
            {
                var strings = slots.Where(s => s.Get() is JsonValue v && v.GetValueKind() == JsonValueKind.String).ToList();
                if (strings.Count == 0)
                {
                    return "no string";
                }

                var slot = Pick(random, strings);
                var length = random.Next(10) switch { 0 => 1_000_000, < 4 => 100_000, _ => 10_000 };
                var huge = new StringBuilder(length);
                var alphabet = random.Next(3) switch { 0 => "ab", 1 => "Ab_9", _ => "ä€😀 <>&\"\\\n" };
                while (huge.Length < length)
                {
                    huge.Append(alphabet[random.Next(alphabet.Length)]);
                }

                slot.Set(JsonValue.Create(huge.ToString()));
                return $"huge string ({length} chars) at {slot.Path}";
            }

            case 8:
            {
                var slot = Pick(random, slots);
                var depth = Pick(random, new[] { 62, 63, 64, 65, 66, 100, 1_000, 10_000, 100_000 });
                var open = random.Next(2) == 0 ? "[" : "{\"a\":";
                var close = open == "[" ? "]" : "}";
                var key = RawMarker + raw.Count + "@@";
                raw[key] = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));
                slot.Set(JsonValue.Create(key));
                return $"nesting {depth} deep ({open}) at {slot.Path}";
            }

            case 9:
            {
                var objects = AllObjects(root);
                var target = Pick(random, objects);
                var text = Pick(random, OddTexts);
                target["description"] = text;
                return $"description at {target.GetPath()} = {Show(text)}";
            }

            case 10:
            {
                var numbers = slots.Where(s => s.Get() is JsonValue v && v.GetValueKind() == JsonValueKind.Number).ToList();
                if (numbers.Count == 0)
                {
                    return "no number";
                }

                var slot = Pick(random, numbers);
                var number = Pick(random, OddNumbers);
                var key = RawMarker + raw.Count + "@@";
                raw[key] = number;
                slot.Set(JsonValue.Create(key));
                return $"number at {slot.Path} = {number}";
            }

            case 11:
            {
                var a = Pick(random, slots);
                var b = Pick(random, slots);
                if (a.Path.StartsWith(b.Path, StringComparison.Ordinal) || b.Path.StartsWith(a.Path, StringComparison.Ordinal))
                {
                    return "swap skipped (nested)";
                }

                var va = a.Get()?.DeepClone();
                var vb = b.Get()?.DeepClone();
                a.Set(vb);
                b.Set(va);
                return $"swapped {a.Path} and {b.Path}";
            }

            case 12:
            {
                var arrays = AllArrays(root).Where(x => x.Count > 0).ToList();
                if (arrays.Count == 0)
                {
                    return "no array";
                }

                var array = Pick(random, arrays);
                if (random.Next(4) == 0)
                {
                    array.Clear();
                    return $"emptied {array.GetPath()}";
                }

                var at = random.Next(array.Count);
                array.RemoveAt(at);
                return $"removed item {at} of {array.GetPath()}";
            }

            case 13:
            {
                var value = random.Next(6) switch { 0 => (JsonNode?)JsonValue.Create(0), 1 => JsonValue.Create(2), 2 => JsonValue.Create("1"), 3 => null, 4 => JsonValue.Create(-1), _ => JsonValue.Create(1.0) };
                if (root is JsonObject o)
                {
                    if (random.Next(5) == 0)
                    {
                        o.Remove("specVersion");
                        return "removed specVersion";
                    }

                    o["specVersion"] = value;
                }

                return $"specVersion = {Describe(value)}";
            }

            default:
            {
                // Bring in a declaration of the standard spec (conflicts with the standard API), or a fresh one with odd content.
                if (root is not JsonObject file)
                {
                    return "root is not an object";
                }

                var section = Pick(random, new[] { "types", "enums", "messages", "endpoints", "attributes", "areas" });
                var source = DefaultTree.Value[section] as JsonArray;
                var entry = source is { Count: > 0 } ? source[random.Next(source.Count)]!.DeepClone() : new JsonObject { ["name"] = "X" };
                if (file[section] is not JsonArray target)
                {
                    target = new JsonArray();
                    file[section] = target;
                }

                target.Add(entry);
                return $"added a copy of a standard {section} entry ({Show((entry as JsonObject)?["name"]?.ToJsonString() ?? "?")}){(isDefault ? " to the standard spec" : string.Empty)}";
            }
        }
    }

    private static string? OtherName(Random random, List<Slot> slots)
    {
        var names = slots.Where(s => s.Key == "name").Select(s => s.Get()).OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var n) ? n : null).Where(n => n is not null).ToList();
        return names.Count == 0 ? null : names[random.Next(names.Count)];
    }

    private static List<JsonObject> AllObjects(JsonNode root)
    {
        var list = new List<JsonObject>();
        void Walk(JsonNode? node)
        {
            if (node is JsonObject o)
            {
                list.Add(o);
                foreach (var pair in o)
                {
                    Walk(pair.Value);
                }
            }
            else if (node is JsonArray a)
            {
                foreach (var item in a)
                {
                    Walk(item);
                }
            }
        }

        Walk(root);
        return list;
    }

    private static List<JsonArray> AllArrays(JsonNode root)
    {
        var list = new List<JsonArray>();
        void Walk(JsonNode? node)
        {
            if (node is JsonArray a)
            {
                list.Add(a);
                foreach (var item in a)
                {
                    Walk(item);
                }
            }
            else if (node is JsonObject o)
            {
                foreach (var pair in o)
                {
                    Walk(pair.Value);
                }
            }
        }

        Walk(root);
        return list;
    }

    private static JsonNode? RandomValue(Random random, JsonNode? current)
    {
        for (var attempt = 0; attempt < 4; attempt++)
        {
            JsonNode? value = random.Next(9) switch
            {
                0 => null,
                1 => JsonValue.Create(random.Next(2) == 0),
                2 => JsonValue.Create(random.Next(-3, 300)),
                3 => JsonValue.Create(random.NextDouble() * 1e6),
                4 => JsonValue.Create(Pick(random, OddNames)),
                5 => new JsonArray(),
                6 => new JsonArray(JsonValue.Create(1), JsonValue.Create("x"), null),
                7 => new JsonObject(),
                _ => new JsonObject { ["name"] = Pick(random, OddNames), ["type"] = Pick(random, OddTypeRefs) },
            };
            if (Kind(value) != Kind(current))
            {
                return value;
            }
        }

        return null;
    }

    private static string Kind(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind().ToString(),
        _ => "?",
    };

    private static string Describe(JsonNode? value) => value is null ? "null" : Show(value.ToJsonString());

    private static string Show(string text)
    {
        var shown = text.Length > 40 ? text[..40] + $"…({text.Length} chars)" : text;
        var builder = new StringBuilder(shown.Length + 2).Append('\'');
        foreach (var c in shown)
        {
            builder.Append(c < ' ' || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\u0085' ? $"\\u{(int)c:X4}" : c.ToString());
        }

        return builder.Append('\'').ToString();
    }

    // ---------------------------------------------------------------- byte mutations

    private static byte[] MutateBytes(Random random, byte[] bytes, List<string> mutations)
    {
        var list = new List<byte>(bytes);
        int Position() => list.Count == 0 ? 0 : random.Next(list.Count + 1);
        switch (random.Next(12))
        {
            case 0:
            case 1:
            {
                var keep = list.Count == 0 ? 0 : random.Next(list.Count);
                mutations.Add($"truncated to {keep} of {list.Count} bytes");
                return list.Take(keep).ToArray();
            }

            case 2:
            {
                var flips = 1 + Skewed(random, 10);
                for (var i = 0; i < flips && list.Count > 0; i++)
                {
                    list[random.Next(list.Count)] = (byte)random.Next(256);
                }

                mutations.Add($"{flips} random byte(s) replaced");
                return list.ToArray();
            }

            case 3:
            case 4:
            {
                var sequence = Pick(random, InvalidUtf8);
                int at;
                string where;
                var quotes = Enumerable.Range(0, list.Count).Where(i => list[i] == (byte)'"').ToList();
                if (quotes.Count > 0 && random.Next(3) > 0)
                {
                    at = quotes[random.Next(quotes.Count)] + 1;
                    where = "inside a string";
                }
                else
                {
                    at = Position();
                    where = "at a random place";
                }

                list.InsertRange(at, sequence);
                mutations.Add($"invalid UTF-8 {Convert.ToHexString(sequence)} {where} (byte {at})");
                return list.ToArray();
            }

            case 5:
            {
                if (list.Count == 0)
                {
                    break;
                }

                var start = random.Next(list.Count);
                var length = Math.Min(list.Count - start, 1 + random.Next(200));
                list.RemoveRange(start, length);
                mutations.Add($"deleted {length} bytes at {start}");
                return list.ToArray();
            }

            case 6:
            {
                if (list.Count == 0)
                {
                    break;
                }

                var start = random.Next(list.Count);
                var length = Math.Min(list.Count - start, 1 + random.Next(400));
                list.InsertRange(start, list.GetRange(start, length));
                mutations.Add($"repeated {length} bytes at {start}");
                return list.ToArray();
            }

            case 7:
            {
                var token = Pick(random, Tokens);
                var at = Position();
                list.InsertRange(at, Encoding.UTF8.GetBytes(token));
                mutations.Add($"inserted {Show(token)} at {at}");
                return list.ToArray();
            }

            case 8:
            {
                byte[][] boms = [[0xEF, 0xBB, 0xBF], [0xFE, 0xFF], [0xFF, 0xFE], [0x00, 0x00, 0xFE, 0xFF], [0xFF, 0xFE, 0x00, 0x00], [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF]];
                var bom = Pick(random, boms);
                mutations.Add($"prefixed {Convert.ToHexString(bom)}");
                return bom.Concat(list).ToArray();
            }

            case 9:
            {
                // A valid file in another encoding, with its BOM: must read as well as the UTF-8 one.
                var text = Encoding.UTF8.GetString(bytes);
                Encoding encoding = random.Next(3) switch { 0 => new UnicodeEncoding(false, true), 1 => new UnicodeEncoding(true, true), _ => new UTF32Encoding(false, true) };
                mutations.Add($"re-encoded as {encoding.WebName} with BOM");
                return encoding.GetPreamble().Concat(encoding.GetBytes(text)).ToArray();
            }

            case 10:
            {
                var choice = random.Next(4);
                mutations.Add(choice switch { 0 => "emptied the file", 1 => "whitespace only", 2 => "a lone BOM", _ => "NUL bytes only" });
                return choice switch { 0 => [], 1 => " \r\n\t "u8.ToArray(), 2 => [0xEF, 0xBB, 0xBF], _ => new byte[64] };
            }

            default:
            {
                var depth = Pick(random, new[] { 65, 1_000, 50_000 });
                var at = Position();
                list.InsertRange(at, Encoding.ASCII.GetBytes(new string('[', depth)));
                mutations.Add($"inserted {depth} '[' at {at}");
                return list.ToArray();
            }
        }

        mutations.Add("byte mutation skipped (empty file)");
        return list.ToArray();
    }
}
