using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.IO.Pipelines;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using Icws.Client;
using Xunit;
using static Icws.Runtime.Tests.SpecSamples;

namespace Icws.Runtime.Tests;

/// <summary>
/// System.Text.Json over the generated types: every type of the package with its own JSON code (found in the
/// assembly, so a new spec type is covered without touching this file) is written by the serializer byte for byte as
/// its own <c>WriteTo</c> writes it, and read back (from a string, a stream, and a pipe that completes late, as a
/// request body does) into a value that writes the same bytes, with reflection, with a source-generated
/// <see cref="JsonSerializerContext"/> and with ASP.NET Core's web defaults. The sample of each type is wire JSON
/// built from the spec (<see cref="SpecSamples"/>), so every property is filled.
/// </summary>
/// <remarks>
/// The source-generated context (<see cref="StandardApiJsonContext"/>) must name every type; when the spec gains a
/// type, <see cref="SourceGeneratedContext_NamesEveryType"/> fails and says how to regenerate it:
/// <c>ICWS_UPDATE_BASELINES=1 dotnet test tests/Icws.Runtime.Tests --filter JsonConverterTests</c>.
/// </remarks>
public class JsonConverterTests
{
    private static readonly Assembly Standard = typeof(QueueId).Assembly;

    /// <summary>The ways an application meets the converters.</summary>
    private static readonly (string Name, JsonSerializerOptions Options)[] OptionSets =
    [
        ("reflection", new JsonSerializerOptions()),
        ("reflection, streams read a byte at a time", new JsonSerializerOptions { DefaultBufferSize = 1 }),
        ("source-generated context", new JsonSerializerOptions { TypeInfoResolver = StandardApiJsonContext.Default }),
        ("web defaults (camelCase, nulls ignored) with the context", new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            TypeInfoResolver = StandardApiJsonContext.Default,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        }),
    ];

    public static IEnumerable<object[]> StandardJsonTypes() => JsonTypes(Standard).Select(t => new object[] { t.FullName! });

    public static IEnumerable<object[]> MessageNames() => MessageTypes.Keys.Select(n => new object[] { n });

    [Fact]
    public void EveryTypeWithItsOwnJsonCode_CarriesItsConverter()
    {
        var standard = JsonTypes(Standard).ToList();
        var extension = JsonTypes(typeof(JsonConverterTests).Assembly).ToList();

        // Not vacuous: the standard API has 105 representations (plus an Unknown per family) and 20 messages.
        Assert.True(standard.Count >= 125, $"only {standard.Count} types found");
        Assert.Contains(typeof(AcmeNoticeMessage), extension);
        Assert.Contains(typeof(AcmeNoteParameters), extension);
        var missing = standard.Concat(extension)
            .Where(t => t.GetCustomAttribute<JsonConverterAttribute>(inherit: false)?.ConverterType != typeof(IcwsJsonConverter<>).MakeGenericType(t)
                || !typeof(IIcwsJsonValue<>).MakeGenericType(t).IsAssignableFrom(t))
            .Select(t => t.FullName)
            .ToList();
        Assert.True(missing.Count == 0, "without [JsonConverter(typeof(IcwsJsonConverter<T>))] and IIcwsJsonValue<T>: " + string.Join(", ", missing));
        Assert.Equal(typeof(IcwsAttributeViewJsonConverter<InteractionAttributes>), typeof(InteractionAttributes).GetCustomAttribute<JsonConverterAttribute>()?.ConverterType);
    }

    [Theory]
    [MemberData(nameof(StandardJsonTypes))]
    public void StandardType_RoundTripsThroughSystemTextJson_ByteForByte(string typeName)
    {
        var type = Standard.GetType(typeName, throwOnError: true)!;
        var sample = SampleFor(type);

        var wire = Invoke<string>(nameof(RoundTrip), type, sample, OptionSets);

        // The sample is the wire JSON with every property: the round trip kept all of it (__type moved first).
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(sample), JsonNode.Parse(wire)), $"wrote {wire}\nread  {sample}");
    }

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void AnyMessage_ReadAsIcwsMessage_IsItsOwnType(string name)
    {
        var sample = MessageSample(name);
        IcwsMessages.DecodeEveryArea(); // a message of an area is typed once the area is in use (here: every area)

        foreach (var (label, options) in OptionSets)
        {
            var message = JsonSerializer.Deserialize<IcwsMessage>(sample, options)!;

            Assert.True(name == message.GetType().Name, $"{label}: {message.GetType().Name}");
            Assert.True(message.IsDelta, label);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(sample), JsonNode.Parse(JsonSerializer.Serialize(message, options))), label);
        }
    }

    [Fact]
    public void UnknownMessageAndUnknownTypeUrn_AreKeptRaw_AndWrittenBackUnchanged()
    {
        const string json = """{"isDelta":true,"__type":"urn:inin.com:future:newMessage","x":[1,"two",null]}""";

        foreach (var (label, options) in OptionSets)
        {
            var message = Assert.IsType<UnknownIcwsMessage>(JsonSerializer.Deserialize<IcwsMessage>(json, options));
            Assert.True(message.TypeUrn == "urn:inin.com:future:newMessage", label);
            Assert.True(json == JsonSerializer.Serialize<IcwsMessage>(message, options), label);

            var auth = Assert.IsType<UnknownBaseAuthConnectionRequestSettings>(JsonSerializer.Deserialize<BaseAuthConnectionRequestSettings>(json, options));
            Assert.True(json == JsonSerializer.Serialize(auth, options), label);
        }
    }

    [Fact]
    public void AttributeMap_EmptyAndWithValues_RoundTrip()
    {
        foreach (var (label, options) in OptionSets)
        {
            var empty = JsonSerializer.Deserialize<AttributeMap>("{}", options)!;
            Assert.True(empty.Count == 0, label);
            Assert.True(JsonSerializer.Serialize(empty, options) == "{}", label);

            const string json = """{"Eic_State":"C","Eic_RemoteName":"Pat \u00FC \"quoted\"","Acme_Segment":""}""";
            var map = JsonSerializer.Deserialize<AttributeMap>(json, options)!;
            Assert.Equal(new[] { "Eic_State", "Eic_RemoteName", "Acme_Segment" }, map.Keys);
            Assert.Equal("Pat ü \"quoted\"", map["eic_remotename"]);
            Assert.True(ToJson(map.WriteTo) == JsonSerializer.Serialize(map, options), label);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(JsonSerializer.Serialize(map, options))), label);
            Assert.Null(JsonSerializer.Deserialize<AttributeMap>("null", options));
        }
    }

    [Fact]
    public void InteractionAttributes_IsWrittenAsItsAttributeMap_AndReadBackTyped()
    {
        var view = new InteractionAttributes(AttributeMap.Of((Attr.Eic_State, "C"), (Attr.Eic_RemoteName, "Pat"), (Attr.Eic_CallDirection, "I")));

        foreach (var (label, options) in OptionSets)
        {
            var json = JsonSerializer.Serialize(view, options);
            Assert.True(json == """{"Eic_State":"C","Eic_RemoteName":"Pat","Eic_CallDirection":"I"}""", $"{label}: {json}");

            var back = JsonSerializer.Deserialize<InteractionAttributes>(json, options);
            Assert.True(back.State == InteractionStateCode.Connected, label);
            Assert.True(back.RemoteName == "Pat", label);
            Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<InteractionAttributes>("null", options));
            Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<InteractionAttributes>("""{"Eic_State":["C"]}""", options));
        }
    }

    [Fact]
    public async Task QueueWatchSnapshot_IsWrittenAsInteractionIdToAttributeMap_AndReadBack()
    {
        await using var h = await Harness.StartAsync();
        var ada = h.Simulator.AddIncomingCall("Support", "Ada Lovelace", "555-0101");
        var grace = h.Simulator.AddIncomingCall("Support", "Grace Hopper", "555-0102");
        await using var watch = await h.Client.Queues.WatchAsync("json", [new QueueId { QueueType = QueueType.Workgroup, QueueName = "Support" }], [Attr.Eic_State, Attr.Eic_RemoteName]);
        await watch.WaitForSnapshotAsync();
        await Wait.UntilAsync(() => watch.Count == 2, "both calls in the view");
        var snapshot = watch.GetSnapshot();

        foreach (var (label, options) in OptionSets)
        {
            var json = JsonSerializer.Serialize(snapshot, options);

            // Two properties per interaction (the watched attributes as the server sent them), not one per typed accessor.
            var parsed = JsonNode.Parse(json)!.AsObject();
            Assert.True(parsed.Count == 2, $"{label}: {json}");
            Assert.True(parsed[ada]!.AsObject().Select(p => p.Key).OrderBy(k => k).SequenceEqual(["Eic_RemoteName", "Eic_State"]), $"{label}: {json}");
            Assert.True((string?)parsed[ada]!["Eic_State"] == "O", $"{label}: {json}");
            var back = JsonSerializer.Deserialize<IReadOnlyDictionary<string, InteractionAttributes>>(json, options)!;
            Assert.True(back[grace].RemoteName == "Grace Hopper" && back[grace].State == InteractionStateCode.Offering, label);
            Assert.True(json == JsonSerializer.Serialize(back, options), label);
        }

        // The README's line: the context's own property for the snapshot type.
        Assert.Equal(JsonSerializer.Serialize(snapshot), JsonSerializer.Serialize(snapshot, StandardApiJsonContext.Default.IReadOnlyDictionaryStringInteractionAttributes));
    }

    [Fact]
    public void JsonThatBreaksTheSpec_IsAJsonException_SayingWhat()
    {
        foreach (var (label, options) in OptionSets)
        {
            var missing = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<QueueId>("""{"queueType":2}""", options));
            Assert.True(missing.Message.Contains("queueName", StringComparison.Ordinal), label + ": " + missing.Message);
            Assert.IsType<IcwsProtocolException>(missing.InnerException);

            var wrongType = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<QueueId>("""{"queueType":"2","queueName":"Support"}""", options));
            Assert.True(wrongType.Message.Contains("QueueId.queueType", StringComparison.Ordinal), label + ": " + wrongType.Message);

            // A member of a family read as another member names the __type it found.
            var member = MemberSample(nameof(AuthConnectionRequestSettings));
            var mismatch = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<AuthTokenConnectionRequestSettings>(member, options));
            Assert.True(mismatch.Message.Contains("urn:inin.com:connection:authConnectionRequestSettings", StringComparison.Ordinal), label + ": " + mismatch.Message);
        }
    }

    [Fact]
    public void ValuesInsideAnApplicationsOwnTypes_UseTheWireForm()
    {
        var reply = new BoardReply("Support", new QueueId { QueueType = QueueType.Workgroup, QueueName = "Support" }, new CreateCallParameters { Target = "555-0123", Workgroup = "Support" });

        var json = JsonSerializer.Serialize(reply);

        Assert.Equal("""{"Name":"Support","Queue":{"queueType":2,"queueName":"Support"},"Call":{"__type":"urn:inin.com:interactions:createCallParameters","target":"555-0123","workgroup":"Support"}}""", json);
        var back = JsonSerializer.Deserialize<BoardReply>(json)!;
        Assert.Equal("555-0123", back.Call.Target);
        Assert.Equal(QueueType.Workgroup, back.Queue.QueueType);
    }

    [Fact]
    public void AProjectsOwnTypesAndMessages_RoundTripWithReflection()
    {
        // Declared in extensions.icws.json and generated into this test project: a JsonSerializerContext cannot see
        // them (one generator cannot see another's output), so reflection is the way here; a library's types can be named.
        var options = new JsonSerializerOptions();
        const string note = """{"text":"called back"}""";
        const string notice = """{"__type":"urn:acme:notices:noticeMessage","isDelta":true,"text":"maintenance at 6","level":2}""";

        Assert.Equal(note, JsonSerializer.Serialize(JsonSerializer.Deserialize<AcmeNoteParameters>(note, options), options));
        Assert.Equal(notice, JsonSerializer.Serialize(JsonSerializer.Deserialize<AcmeNoticeMessage>(notice, options), options));

        // Read as any message: the project's decoder (registered when this assembly loaded) knows the __type.
        var message = Assert.IsType<AcmeNoticeMessage>(JsonSerializer.Deserialize<IcwsMessage>(notice, options));
        Assert.Equal(2, message.Level);
        Assert.Equal(notice, JsonSerializer.Serialize<IcwsMessage>(message, options));
    }

    [Fact]
    public void SourceGeneratedContext_NamesEveryType()
    {
        var needed = JsonTypes(Standard).Append(typeof(InteractionAttributes)).Append(typeof(IReadOnlyDictionary<string, InteractionAttributes>)).ToList();
        var missing = needed.Where(t => StandardApiJsonContext.Default.GetTypeInfo(t) is null).ToList();
        if (missing.Count > 0 && Environment.GetEnvironmentVariable("ICWS_UPDATE_BASELINES") == "1")
        {
            WriteContext(needed);
            return;
        }

        Assert.True(missing.Count == 0, $"StandardApiJsonContext does not name {string.Join(", ", missing.Select(t => t.Name))}. Regenerate it: ICWS_UPDATE_BASELINES=1 dotnet test tests/Icws.Runtime.Tests --filter JsonConverterTests, then build again.");
    }

    /// <summary>An application's own reply type holding package types.</summary>
    public sealed record BoardReply(string Name, QueueId Queue, CreateCallParameters Call);

    /// <summary>
    /// Reads the sample with the type's own code, then checks the serializer against it under every option set:
    /// serializing writes the same bytes as WriteTo; deserializing those bytes gives a value of the same runtime type
    /// whose WriteTo and serialization give them again.
    /// </summary>
    private static string RoundTrip<T>(string sample, (string Name, JsonSerializerOptions Options)[] optionSets)
        where T : IIcwsJsonValue<T>
    {
        var value = IcwsJson.Deserialize<T>(Encoding.UTF8.GetBytes(sample), static (ref Utf8JsonReader r) => T.ReadFrom(ref r));
        var wire = ToJson(value.WriteTo);
        foreach (var (label, options) in optionSets)
        {
            var serialized = JsonSerializer.Serialize(value, options);
            Assert.True(wire == serialized, $"{typeof(T).Name}, {label}:\n  WriteTo    {wire}\n  serializer {serialized}");

            // From a string, a stream and a pipe of one-byte segments: read from a stream or a pipe (as ASP.NET Core reads a
            // request body), the converter gets a reader over a buffer that is not the final block, or a multi-segment one.
            var utf8 = Encoding.UTF8.GetBytes(wire);
            var reads = new (string How, T Value)[]
            {
                ("string", JsonSerializer.Deserialize<T>(wire, options)!),
                ("stream", JsonSerializer.Deserialize<T>(new MemoryStream(utf8), options)!),
                ("pipe", JsonSerializer.DeserializeAsync<T>(new UnfinishedPipeReader(OneByteSegments(utf8)), options).AsTask().GetAwaiter().GetResult()!),
            };
            foreach (var (how, back) in reads)
            {
                Assert.True(value.GetType() == back.GetType(), $"{typeof(T).Name}, {label}, from a {how}: read back a {back.GetType().Name}, not a {value.GetType().Name}");
                Assert.True(wire == ToJson(back.WriteTo), $"{typeof(T).Name}, {label}, from a {how}: what was read back writes {ToJson(back.WriteTo)}");
                Assert.True(wire == JsonSerializer.Serialize(back, options), $"{typeof(T).Name}, {label}, from a {how}: serializing it again differs");
            }
        }

        return wire;
    }

    /// <summary>Public types with their own ICWS JSON code (a public WriteTo(Utf8JsonWriter)), generated or not.</summary>
    private static IEnumerable<Type> JsonTypes(Assembly assembly)
        => assembly.GetExportedTypes()
            .Where(t => t.IsClass && t.GetMethod("WriteTo", BindingFlags.Public | BindingFlags.Instance, [typeof(Utf8JsonWriter)]) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal);

    /// <summary>Wire JSON for a type: its spec sample, a concrete member's for an abstract type, a raw value for the unknowns.</summary>
    private static string SampleFor(Type type)
    {
        if (type == typeof(AttributeMap))
        {
            return """{"Eic_State":"C","Eic_RemoteName":"Pat"}""";
        }

        if (type == typeof(IcwsMessage))
        {
            return MessageSample(MessageTypes.Keys.First());
        }

        if (type == typeof(UnknownIcwsMessage) || (type.Name.StartsWith("Unknown", StringComparison.Ordinal) && type.BaseType is { } root && Types.TryGetValue(root.Name, out var r) && Flag(r, "polymorphic")))
        {
            return """{"__type":"urn:inin.com:future:notYetKnown","first":1,"nested":{"list":[1,"two",null]}}""";
        }

        if (MessageTypes.ContainsKey(type.Name))
        {
            return MessageSample(type.Name);
        }

        if (Types.TryGetValue(type.Name, out var spec) && type.Namespace == "Icws.Client")
        {
            return Sample(ConcreteOf(spec), typeLast: true).ToJsonString();
        }

        throw new InvalidOperationException($"No sample for {type.FullName}: say in SampleFor how to build one.");
    }

    private static string MessageSample(string name)
    {
        var sample = Sample(MessageTypes[name], typeLast: true);
        sample["isDelta"] = true;
        return sample.ToJsonString();
    }

    private static string MemberSample(string name) => Sample(name, typeLast: true).ToJsonString();

    /// <summary>The bytes as a sequence of one-byte segments: every value longer than a byte spans segments.</summary>
    private static ReadOnlySequence<byte> OneByteSegments(byte[] utf8)
    {
        if (utf8.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(utf8.AsMemory(0, 1), 0);
        var last = first;
        for (var i = 1; i < utf8.Length; i++)
        {
            last = last.Append(utf8.AsMemory(i, 1));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>
    /// Hands out the whole JSON in one-byte segments before it says the body is complete, as a request body arrives
    /// in ASP.NET Core: the serializer then gives the converter a reader over a multi-segment, non-final buffer.
    /// </summary>
    private sealed class UnfinishedPipeReader(ReadOnlySequence<byte> data) : PipeReader
    {
        private ReadOnlySequence<byte> _data = data;
        private int _reads;

        public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
            => new(new ReadResult(_data, isCanceled: false, isCompleted: _reads++ > 0));

        public override bool TryRead(out ReadResult result)
        {
            result = new ReadResult(_data, isCanceled: false, isCompleted: _reads++ > 0);
            return true;
        }

        public override void AdvanceTo(SequencePosition consumed) => _data = _data.Slice(consumed);

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => _data = _data.Slice(consumed);

        public override void CancelPendingRead()
        {
        }

        public override void Complete(Exception? exception = null)
        {
        }
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }

    private static string ToJson(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static TResult Invoke<TResult>(string method, Type type, params object[] arguments)
    {
        try
        {
            return (TResult)typeof(JsonConverterTests).GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(type).Invoke(null, arguments)!;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
    }

    private static void WriteContext(IEnumerable<Type> types, [CallerFilePath] string thisFile = "")
    {
        static string Name(Type t) => t.IsGenericType
            ? $"global::{t.Namespace}.{t.Name[..t.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", t.GenericTypeArguments.Select(a => a == typeof(string) ? "string" : Name(a)))}>"
            : $"global::{t.FullName}";

        var text = new StringBuilder()
            .AppendLine("// Every type of the standard API with its own JSON code, for JsonConverterTests' source-generated round trip.")
            .AppendLine("// Written by JsonConverterTests.SourceGeneratedContext_NamesEveryType: ICWS_UPDATE_BASELINES=1 dotnet test tests/Icws.Runtime.Tests --filter JsonConverterTests")
            .AppendLine("using System.Text.Json.Serialization;")
            .AppendLine()
            .AppendLine("namespace Icws.Runtime.Tests;")
            .AppendLine();
        foreach (var type in types)
        {
            text.AppendLine($"[JsonSerializable(typeof({Name(type)}))]");
        }

        text.AppendLine("internal sealed partial class StandardApiJsonContext : JsonSerializerContext")
            .AppendLine("{")
            .AppendLine("}");
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(thisFile)!, "StandardApiJsonContext.cs"), text.ToString());
    }
}
