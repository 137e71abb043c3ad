using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Icws.Client;
using Icws.Runtime;
using Xunit;

namespace Icws.Runtime.Tests;

/// <summary>
/// The JSON code the generator wrote, for every __type family member and every message of the spec: read with
/// __type last, written with __type first and otherwise unchanged, unknown __type kept raw, missing required
/// properties reported. The samples are built from the spec file by this test's own code.
/// </summary>
public class GeneratedJsonTests
{
    private static readonly JsonDocument Spec = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Specs", "icws.spec.json")));
    private static readonly Assembly Generated = typeof(QueueId).Assembly;
    private static readonly Dictionary<string, JsonElement> Types = Spec.RootElement.GetProperty("types").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
    private static readonly HashSet<string> Enums = Spec.RootElement.GetProperty("enums").EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToHashSet();

    public static IEnumerable<object[]> FamilyMembers()
        => Types.Values.Where(t => t.TryGetProperty("urn", out _) && !IsAbstract(t) && Root(t) is not null)
            .Select(t => new object[] { Root(t)!, t.GetProperty("name").GetString()! });

    public static IEnumerable<object[]> Roots() => Types.Values.Where(t => Flag(t, "polymorphic")).Select(t => new object[] { t.GetProperty("name").GetString()! });

    public static IEnumerable<object[]> Messages() => Spec.RootElement.GetProperty("messages").EnumerateArray().Select(m => new object[] { m.GetProperty("name").GetString()! });

    [Fact]
    public void TheReferenceCreateCallExample_SerializesToTheSameJson()
    {
        var json = IcwsJson.Serialize(new CreateCallParameters { Target = "555-0123", Workgroup = "Support" }, static (w, v) => v.WriteTo(w));

        Assert.Equal("""{"__type":"urn:inin.com:interactions:createCallParameters","target":"555-0123","workgroup":"Support"}""", Encoding.UTF8.GetString(json));
    }

    [Theory]
    [MemberData(nameof(FamilyMembers))]
    public void FamilyMember_IsReadWithTypeLast_AndWrittenWithTypeFirst(string root, string member)
    {
        var sample = Sample(member, typeLast: true);

        var value = ReadWith(root, sample.ToJsonString());
        Assert.Equal(member, value.GetType().Name);
        var written = Write(value);

        Assert.StartsWith($$"""{"__type":"{{Types[member].GetProperty("urn").GetString()}}",""", written, StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(sample, JsonNode.Parse(written)), $"wrote {written}\nread  {sample.ToJsonString()}");
    }

    [Theory]
    [MemberData(nameof(Roots))]
    public void UnknownTypeUrn_IsKeptRaw_AndWrittenBackUnchanged(string root)
    {
        const string json = """{"first":1,"__type":"urn:inin.com:future:notYetKnown","nested":{"list":[1,"two",null]}}""";

        var value = ReadWith(root, json);

        Assert.Equal("Unknown" + root, value.GetType().Name);
        Assert.Equal("urn:inin.com:future:notYetKnown", value.GetType().GetProperty("TypeUrn")!.GetValue(value));
        Assert.Equal(json, Write(value));
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Message_IsDecodedByTypeUrn_AndRoundTrips(string name)
    {
        var message = Spec.RootElement.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("name").GetString() == name);
        var sample = Sample(message, typeLast: true);
        sample["isDelta"] = true;

        var bytes = Encoding.UTF8.GetBytes(sample.ToJsonString());
        var reader = new Utf8JsonReader(bytes);
        reader.Read();
        var decoded = IcwsMessages.Read(ref reader);

        Assert.Equal(name, decoded.GetType().Name);
        Assert.True(decoded.IsDelta);
        var written = Write(decoded);
        Assert.True(JsonNode.DeepEquals(sample, JsonNode.Parse(written)), $"wrote {written}\nread  {sample.ToJsonString()}");
    }

    [Fact]
    public void UnknownMessage_IsKeptRaw()
    {
        var bytes = """{"isDelta":true,"__type":"urn:inin.com:future:newMessage","x":[1]}"""u8.ToArray();
        var reader = new Utf8JsonReader(bytes);
        reader.Read();

        var message = Assert.IsType<UnknownIcwsMessage>(IcwsMessages.Read(ref reader));

        Assert.Equal("urn:inin.com:future:newMessage", message.TypeUrn);
        Assert.Equal(1, message.Raw.GetProperty("x")[0].GetInt32());
    }

    [Fact]
    public void MissingRequiredProperty_IsAProtocolErrorNamingIt()
    {
        var error = Assert.Throws<IcwsProtocolException>(() => IcwsJson.Deserialize("""{"queueType":2}"""u8, QueueId.ReadFrom));

        Assert.Contains("queueName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongJsonType_IsAProtocolErrorNamingTheProperty()
    {
        var error = Assert.Throws<IcwsProtocolException>(() => IcwsJson.Deserialize("""{"queueType":"2","queueName":"Support"}"""u8, QueueId.ReadFrom));

        Assert.Contains("QueueId.queueType", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedJson_IsAProtocolError()
        => Assert.Throws<IcwsProtocolException>(() => IcwsJson.Deserialize("""{"queueType":2,"queueNa"""u8, QueueId.ReadFrom));

    [Fact]
    public void UnknownEnumValues_AndUnknownProperties_AreTolerated()
    {
        var value = IcwsJson.Deserialize("""{"queueName":"X","extra":{"deep":[1]},"queueType":9}"""u8, QueueId.ReadFrom);

        Assert.Equal((QueueType)9, value.QueueType);
        Assert.Equal("X", value.QueueName);
    }

    /// <summary>Builds a JSON object with every property of a type (required and optional) from its spec declaration.</summary>
    private static JsonObject Sample(string typeName, bool typeLast) => Sample(Types[typeName], typeLast);

    /// <summary>Deeper than this only required properties are filled and lists are empty: some types nest themselves (filter groups).</summary>
    private const int MaxDepth = 3;

    private static JsonObject Sample(JsonElement type, bool typeLast, int depth = 0)
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

    private static JsonNode? SampleValue(string type, int depth)
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
    private static JsonElement ConcreteOf(JsonElement type)
    {
        if (!IsAbstract(type))
        {
            return type;
        }

        var name = type.GetProperty("name").GetString();
        return Types.Values.First(t => !IsAbstract(t) && t.TryGetProperty("urn", out _) && Chain(t).Any(a => a.GetProperty("name").GetString() == name));
    }

    private static IEnumerable<JsonElement> AllProperties(JsonElement type)
        => Chain(type).Reverse().SelectMany(t => t.TryGetProperty("properties", out var p) ? p.EnumerateArray() : Enumerable.Empty<JsonElement>());

    /// <summary>The type and its bases, nearest first.</summary>
    private static IEnumerable<JsonElement> Chain(JsonElement type)
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

    private static string? Root(JsonElement type) => Chain(type).LastOrDefault(t => Flag(t, "polymorphic")) is { ValueKind: JsonValueKind.Object } root ? root.GetProperty("name").GetString() : null;

    private static bool IsAbstract(JsonElement type) => Flag(type, "abstract");

    private static bool IsMessage(JsonElement type) => type.TryGetProperty("feeds", out _) || !Types.ContainsKey(type.GetProperty("name").GetString()!);

    private static bool Flag(JsonElement type, string name) => type.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    /// <summary>Calls the generated static ReadFrom of a type (a ref-struct parameter, so through a typed delegate).</summary>
    private static object ReadWith(string typeName, string json)
    {
        var type = Generated.GetType("Icws.Client." + typeName, throwOnError: true)!;
        var readFrom = type.GetMethod("ReadFrom", BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)!;
        var reader = readFrom.CreateDelegate(typeof(IcwsJsonReader<>).MakeGenericType(type));
        return typeof(GeneratedJsonTests).GetMethod(nameof(Deserialize), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(type).Invoke(null, [Encoding.UTF8.GetBytes(json), reader])!;
    }

    private static object Deserialize<T>(byte[] json, IcwsJsonReader<T> reader) => IcwsJson.Deserialize(json, reader)!;

    private static string Write(object value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            value.GetType().GetMethod("WriteTo", [typeof(Utf8JsonWriter)])!.Invoke(value, [writer]);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
