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
using static Icws.Runtime.Tests.SpecSamples;

namespace Icws.Runtime.Tests;

/// <summary>
/// The JSON code the generator wrote, for every __type family member and every message of the spec: read with
/// __type last, written with __type first and otherwise unchanged, unknown __type kept raw, missing required
/// properties reported. The samples are built from the spec file by this test's own code (<see cref="SpecSamples"/>).
/// </summary>
public class GeneratedJsonTests
{
    private static readonly Assembly Generated = typeof(QueueId).Assembly;

    public static IEnumerable<object[]> FamilyMembers()
        => Types.Values.Where(t => t.TryGetProperty("urn", out _) && !IsAbstract(t) && Root(t) is not null)
            .Select(t => new object[] { Root(t)!, t.GetProperty("name").GetString()! });

    public static IEnumerable<object[]> Roots() => Types.Values.Where(t => Flag(t, "polymorphic")).Select(t => new object[] { t.GetProperty("name").GetString()! });

    public static IEnumerable<object[]> Messages() => MessageTypes.Values.Select(m => new object[] { m.GetProperty("name").GetString()! });

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

        // __type first: followed by the properties, or by the end of a member that has none.
        var typeFirst = "{\"__type\":\"" + Types[member].GetProperty("urn").GetString() + "\"";
        Assert.True(written.StartsWith(typeFirst + ",", StringComparison.Ordinal) || written == typeFirst + "}", written);
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
        var message = MessageTypes[name];
        var sample = Sample(message, typeLast: true);
        sample["isDelta"] = true;

        var bytes = Encoding.UTF8.GetBytes(sample.ToJsonString());
        var reader = new Utf8JsonReader(bytes);
        reader.Read();
        var decoded = DecoderFor(message.GetProperty("urn").GetString()!).Decode(ref reader);

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
