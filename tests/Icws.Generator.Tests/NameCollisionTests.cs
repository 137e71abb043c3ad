using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Icws.Generator.Model;
using Icws.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Icws.Generator.Tests;

/// <summary>
/// Custom spec files whose names collide with every name the generator makes up (every constant, set and method of
/// <see cref="GeneratedNames"/>), with C# keywords and contextual keywords, with the standard API's types, areas,
/// endpoints, attributes and accessors, with the locals and parameters of generated methods, and with each other across
/// the constructs of a spec (a type named like an area's class, every construct of an entry named alike, ...).
/// <para>
/// Each slot of a spec (a type's name, a property's JSON name or csharpName, a parameter's wire name, an accessor, a code,
/// the file's name, ...) is filled with every candidate name, many at a time, and the generator run in a consumer's build
/// (and, for what the package's own build emits differently, in that build too). Every run must give: no ICWS1011 and no
/// exception; only diagnostics located inside a spec file; generated code that compiles with warnings as errors; and for
/// every declaration the spec makes, either its C# declaration in the output or a spec error located inside that
/// declaration (or, for a file's catalog, inside that file); in a consumer's build, a declaration that takes a name of the
/// standard API must not be generated at all, and must get a spec error. A control name that collides with nothing must
/// generate with no diagnostic at all, so that a broken template cannot pass by being rejected whole.
/// </para>
/// </summary>
public class NameCollisionTests
{
    private const int BatchSize = 48;

    private const string Control = "Zeta";

    private const string ConsumerNamespace = "Consumer";

    // A consumer's build binds against the standard spec embedded in the generator: the real one, every area.
    private static readonly Lazy<StandardNames> Standard = new(() => new StandardNames(GeneratorHarness.RealStandardSpecTexts()));

    public static TheoryData<string, bool> Slots()
    {
        var data = new TheoryData<string, bool>();
        foreach (var slot in AllSlots)
        {
            data.Add(slot.Name, false);
            if (slot.InStandardBuild)
            {
                data.Add(slot.Name, true);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Slots))]
    public void EveryCollidingName_CompilesOrGetsALocatedSpecDiagnostic(string slotName, bool standardBuild)
    {
        var slot = AllSlots.Single(s => s.Name == slotName);
        var candidates = slot.Candidates(standardBuild).Where(c => c != Control).Distinct(StringComparer.Ordinal).ToList();
        var batches = candidates.Chunk(BatchSize).ToList();
        var problems = new List<string>[batches.Count];
        Parallel.For(0, batches.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => problems[i] = Check(slot, batches[i], standardBuild));
        var all = problems.SelectMany(p => p).ToList();
        Assert.True(all.Count == 0, $"{slotName} in {(standardBuild ? "the package's" : "a consumer's")} build, {candidates.Count} names in {batches.Count} runs:\n" + string.Join("\n", all.Take(40)));
    }

    [Fact]
    public void TheCandidates_CoverEveryGeneratedName_EveryKeyword_AndTheStandardApi()
    {
        var universal = Universal().ToHashSet(StringComparer.Ordinal);
        Assert.Contains(GeneratedNames.ClientExtensionsClass, universal);
        Assert.Contains(GeneratedNames.UnknownClass("EmailContentBase"), universal);
        Assert.Contains("class", universal);
        Assert.Contains("nameof", universal);
        Assert.Contains("value__", universal);
        Assert.Subset(universal, GeneratedNames.MessageMembers.ToHashSet());
        Assert.Contains("QueueId", TypeNames(false).ToHashSet());
        Assert.Contains("Interactions", AllSlots.Single(s => s.Name == "area").Candidates(false).ToHashSet());
        Assert.Contains("Eic_State", AllSlots.Single(s => s.Name == "attribute name").Candidates(false).ToHashSet());
        Assert.Contains("State", AllSlots.Single(s => s.Name == "accessor").Candidates(false).ToHashSet());
    }

    // ---------------------------------------------------------------- candidates

    /// <summary>Every constant and set of <see cref="GeneratedNames"/>, and every name its methods make from names a spec may hold.</summary>
    private static IEnumerable<string> FromGeneratedNames()
    {
        var table = typeof(GeneratedNames);
        foreach (var field in table.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
        {
            switch (field.GetValue(null))
            {
                case string name:
                    yield return name;
                    break;
                case IEnumerable<string> set:
                    foreach (var name in set)
                    {
                        yield return name;
                    }

                    break;
            }
        }

        var arguments = new[] { "Interactions", "Queues", "Acme", "Collisions", "EmailContentBase", "Attr", "Zeta", "M0Root", string.Empty };
        foreach (var method in table.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                     .Where(m => m.ReturnType == typeof(string) && m.GetParameters().Length == 1 && m.GetParameters()[0].ParameterType == typeof(string)))
        {
            foreach (var argument in arguments)
            {
                yield return (string)method.Invoke(null, new object[] { argument })!;
            }
        }
    }

    private static IEnumerable<string> Keywords()
        => SyntaxFacts.GetKeywordKinds().Concat(SyntaxFacts.GetContextualKeywordKinds()).Select(SyntaxFacts.GetText)
            .Concat(new[] { "var", "dynamic", "value", "field", "record", "nameof", "global", "_", "__", "extension", "scoped", "file", "required", "args", "notnull", "unmanaged", "managed", "allows" })
            .Where(k => k.Length > 0);

    /// <summary>Names the generated code uses itself: locals, lambda parameters, parameters, members of the runtime it calls, and names that look alike.</summary>
    private static readonly string[] Special =
    {
        "path", "body", "request", "headers", "transport", "token", "api", "writer", "value", "reader", "item", "item0", "item1", "cancellationToken",
        "type", "typeUrn", "raw", "sink", "id", "code", "bits", "map", "name", "other", "obj", "session", "client", "added", "changed", "removed", "r",
        "_transport", "_map", "p_Id", "has_Id", "v_Id", "p_IsDelta", "__type", "isDelta", "IsDelta", "Urn", "TypeUrn", "ReadOwn", "value__", "None",
        "Unrecognized", "All", "Map", "Empty", "Contains", "Item", "Wrap", "Transport", "Dispose", "DisposeAsync", "Task", "CancellationToken", "String",
        "Object", "Nullable", "System", "Icws", "Microsoft", "Consumer", "Client", "Runtime", "Metadata", "MessageDecoder", "KnownTypeUrns", "Decoder",
        "Read", "Decode", "Register", "Segment", "AppendQuery", "QueryList", "QueryValue", "SendAsync", "Watches", "Upsert", "Merge", "Remove", "FeedKind",
        "FeedKey", "ApplyTo", "Get", "Async", "GetAsync", "Api", "ApiExtensions", "AttributeAccessors", "CollisionsAttr", "CollisionsAttributeAccessors",
        "ZetaApi", "ZetaAttr", "UnknownZeta", "IcwsClientRegistration", "AddIcwsClient", "Id", "Attributes", "InteractionId", "SubscriptionId", "Other",
        "One", "Alpha", "ticket", "Ticket", "TICKET", "tICKET", "attr", "a-b", "a b", "a_b", "1abc", "_1abc", "Ĉafé", "名前", "x\u200Dy", "xy", "A\u0301", "\u00C1", "",
        "Var", "Value", "Nameof", "Global", "Record", "Default", "Class",
        " ", "@class", "a.b", "a/b", "{x}", "x\"y", "x\\y", "</summary>", "M0Root", "M0Leaf",
    };

    /// <summary>Candidates for every slot.</summary>
    private static IEnumerable<string> Universal() => FromGeneratedNames().Concat(Keywords()).Concat(Special);

    /// <summary>Declared type names of the standard API (types, enums, messages, attribute enums): a project's declarations must not take them.</summary>
    private static IEnumerable<string> TypeNames(bool standardBuild)
        => standardBuild ? Universal() : Universal().Concat(Standard.Value.TypeNames);

    private sealed class StandardNames
    {
        public StandardNames(IEnumerable<string> specTexts)
        {
            var roots = specTexts.Select(t => JsonDocument.Parse(t).RootElement).ToList();
            IEnumerable<JsonElement> Items(string section) => roots.SelectMany(root => root.TryGetProperty(section, out var array) ? array.EnumerateArray() : Enumerable.Empty<JsonElement>());
            string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetString() : null;
            TypeNames = Items("types").Concat(Items("enums")).Concat(Items("messages")).Select(e => Text(e, "name")!)
                .Concat(Items("attributes").Select(a => Text(a, "enum")).OfType<string>()).ToList();
            Areas = Items("endpoints").Select(e => Text(e, "area")!).Distinct().ToList();
            ExtendableAreas = Items("endpoints").Where(e => Text(e, "runtime") is null).Select(e => Text(e, "area")!).ToHashSet(StringComparer.Ordinal);
            Endpoints = Items("endpoints").Select(e => Text(e, "name")!).Distinct().ToList();
            AreaEndpoints = Items("endpoints").Select(e => Text(e, "area") + "." + Text(e, "name")).ToHashSet(StringComparer.Ordinal);
            Attributes = Items("attributes").Select(a => Text(a, "name")!).ToList();
            Accessors = Items("attributes").Select(a => Text(a, "accessor") ?? Identifiers.AccessorFromAttributeName(Text(a, "name")!)).ToList();
            Codes = Items("attributes").SelectMany(a => a.TryGetProperty("codes", out var codes) ? codes.EnumerateArray().Select(c => Text(c, "name")!) : Enumerable.Empty<string>()).Distinct().ToList();
        }

        public List<string> TypeNames { get; }

        public List<string> Areas { get; }

        public HashSet<string> ExtendableAreas { get; }

        public List<string> Endpoints { get; }

        /// <summary>"Interactions.Hold": a project's endpoint of that name in that area would never be called.</summary>
        public HashSet<string> AreaEndpoints { get; }

        public List<string> Attributes { get; }

        public List<string> Accessors { get; }

        public List<string> Codes { get; }
    }

    // ---------------------------------------------------------------- slots

    /// <summary>
    /// A place a spec puts a name: its candidates, and how a batch of them is written into spec files with what each should
    /// generate. A slot that names several constructs alike on purpose has no control name (it would collide with itself).
    /// </summary>
    private sealed record Slot(string Name, bool InStandardBuild, Func<bool, IEnumerable<string>> Candidates, Action<Batch, IReadOnlyList<string>> Write, bool HasControl = true);

    private static Func<bool, IEnumerable<string>> Plus(Func<StandardNames, IEnumerable<string>> standard)
        => standardBuild => standardBuild ? Universal() : Universal().Concat(standard(Standard.Value));

    private static readonly Func<bool, IEnumerable<string>> Anything = _ => Universal();

    private static readonly Slot[] AllSlots =
    {
        new("enum", true, TypeNames, (b, names) => b.Main(
            Section("enums", b.Each(names, (k, c) => $$"""{ "name": {{Q(c)}}, "values": [ { "name": "One", "value": 1 } ] }""")),
            (k, c) => { b.ExpectType(k, c); b.ExpectMember(k, c, "One"); })),

        new("enum value", true, Anything, (b, names) => b.Main(
            Section("enums", $$"""{ "name": "Values", "values": [ {{b.Each(names, (k, c) => $$"""{ "name": {{Q(c)}}, "value": {{k + 1}} }""")}} ] }"""),
            (k, c) => b.ExpectMember(k, "Values", c))),

        new("type", true, TypeNames, (b, names) => b.Main(
            Section("types", b.Each(names, (k, c) => $$"""{ "name": {{Q(c)}}, "properties": [ { "name": "id", "type": "string", "required": true } ] }""")),
            (k, c) => { b.ExpectType(k, c); b.ExpectMember(k, c, "Id"); })),

        new("__type family root", true, TypeNames, (b, names) => b.Main(
            Section("types", b.Each(names, (k, c) => $$"""
                { "name": {{Q(c)}}, "urn": "urn:root:{{k}}", "polymorphic": true, "properties": [ { "name": "id", "type": "string", "required": true } ] },
                { "name": "M{{k}}Leaf", "base": {{Q(c)}}, "urn": "urn:leaf:{{k}}", "properties": [ { "name": "note", "type": "string" } ] }
                """)),
            (k, c) => { b.ExpectType(k, c); b.ExpectType(k, GeneratedNames.UnknownClass(c)); b.ExpectType(k, $"M{k}Leaf"); })),

        new("derived type", true, TypeNames, (b, names) => b.Main(
            Section("types", b.Each(names, (k, c) => $$"""
                { "name": "M{{k}}Root", "urn": "urn:root:{{k}}", "polymorphic": true },
                { "name": {{Q(c)}}, "base": "M{{k}}Root", "urn": "urn:derived:{{k}}", "properties": [ { "name": "note", "type": "string", "required": true } ] }
                """)),
            (k, c) => { b.ExpectType(k, c); b.ExpectType(k, $"M{k}Root"); })),

        // Every shape a property's code takes (optional, required, required and nullable, list, family root with an unknown member, message).
        new("property JSON name", true, Anything, (b, names) => b.Main(
            PropertyShapes(b, names, (k, c) => Q(c)),
            (k, c) => ExpectPropertyShapes(b, k, Identifiers.ToPascalCase(c)))),

        new("property csharpName", true, Anything, (b, names) => b.Main(
            PropertyShapes(b, names, (k, c) => $"\"p{k}\", \"csharpName\": {Q(c)}"),
            (k, c) => ExpectPropertyShapes(b, k, c))),

        new("message", true, TypeNames, (b, names) => b.Main(
            Section("messages", b.Each(names, (k, c) => $$"""{ "name": {{Q(c)}}, "urn": "urn:message:{{k}}", "properties": [ { "name": "id", "type": "string", "required": true } ] }""")),
            (k, c) => { b.ExpectType(k, c); b.ExpectMember(k, c, "Id"); })),

        // A message whose properties feed a watch (the feed code reads them through this. and keeps its locals apart).
        new("watch feed property csharpName", true, Anything, (b, names) => b.Main(
            Section("types", """{ "name": "FeedItem", "properties": [ { "name": "interactionId", "type": "string", "required": true }, { "name": "attributes", "type": "attributeMap", "required": true } ] }""")
            + Section("messages", b.Each(names, (k, c) => $$"""
                { "name": "M{{k}}Changed", "urn": "urn:changed:{{k}}", "feeds": { "kind": "interaction", "key": "id", "changed": "attributes", "removed": true },
                  "properties": [ { "name": "id", "csharpName": {{Q(c)}}, "type": "string", "required": true }, { "name": "attributes", "type": "attributeMap", "required": true } ] },
                { "name": "M{{k}}Queue", "urn": "urn:queue:{{k}}", "feeds": { "kind": "queue", "key": "subscriptionId", "added": "added", "changed": "changed", "removed": "removed" },
                  "properties": [ { "name": "subscriptionId", "type": "string", "required": true }, { "name": "added", "type": "FeedItem[]" },
                    { "name": "changed", "type": "FeedItem[]" }, { "name": "removed", "csharpName": {{Q(c)}}, "type": "string[]" } ] }
                """)),
            (k, c) => { b.ExpectMember(k, $"M{k}Changed", c); b.ExpectMember(k, $"M{k}Queue", c); })),

        new("area", true, Plus(s => s.Areas), (b, names) => b.Main(
            Section("areas", b.Each(names, (k, c) => $$"""{ "name": {{Q(c)}}, "description": "Area {{k}}." }"""))
            + Section("endpoints", b.Each(names, (k, c) => $$"""{ "area": {{Q(c)}}, "name": "M{{k}}Get", "method": "GET", "path": "/icws/{sessionId}/area{{k}}", "response": "string", "success": [200] }""")),
            (k, c) => b.ExpectEndpoint(k, c, $"M{k}Get"))),

        new("endpoint of a new area", true, Anything, (b, names) => b.Main(
            Section("endpoints", b.Each(names, (k, c) => $$"""{ "area": "Acme", "name": {{Q(c)}}, "method": "POST", "path": "/icws/{sessionId}/e{{k}}", "success": [204] }""")),
            (k, c) => b.ExpectEndpoint(k, "Acme", c))),

        new("endpoint of a standard area", true, Plus(s => s.Endpoints), (b, names) => b.Main(
            Section("endpoints", b.Each(names, (k, c) => $$"""{ "area": "Interactions", "name": {{Q(c)}}, "method": "POST", "path": "/icws/{sessionId}/e{{k}}", "response": "string[]", "success": [200] }""")),
            (k, c) => b.ExpectEndpoint(k, "Interactions", c))),

        new("path parameter", true, Anything, (b, names) => b.Main(
            Section("types", """{ "name": "PathBody", "properties": [ { "name": "note", "type": "string", "required": true }, { "name": "tags", "type": "string[]" } ] }""")
            + Section("endpoints", b.Each(names, (k, c) => $$"""
                { "area": "Paths", "name": "P{{k}}", "method": "PUT", "path": {{Q($"/icws/{{sessionId}}/p{k}/{{{c}}}")}},
                  "parameters": [ { "name": {{Q(c)}}, "in": "path", "type": "string" } ], "body": { "type": "PathBody", "flatten": true }, "response": "PathBody", "success": [200] }
                """)),
            (k, c) => b.ExpectEndpoint(k, "Paths", $"P{k}"))),

        new("path parameter csharpName", true, Anything, (b, names) => b.Main(
            Section("endpoints", b.Each(names, (k, c) => $$"""
                { "area": "Paths", "name": "P{{k}}", "method": "GET", "path": "/icws/{sessionId}/p{{k}}/{id}/{n}",
                  "parameters": [ { "name": "id", "csharpName": {{Q(c)}}, "in": "path", "type": "string" }, { "name": "n", "in": "path", "type": "int" } ], "response": "int[]", "success": [200] }
                """)),
            (k, c) => b.ExpectEndpoint(k, "Paths", $"P{k}"))),

        new("query parameter", true, Anything, (b, names) => b.Main(
            Section("endpoints", b.Each(names, (k, c) => $$"""
                { "area": "Queries", "name": "Q{{k}}", "method": "GET", "path": "/icws/{sessionId}/q{{k}}",
                  "parameters": [ { "name": {{Q(c)}}, "in": "query", "type": "int[]" } ], "response": "string", "success": [200] },
                { "area": "Queries", "name": "R{{k}}", "method": "GET", "path": "/icws/{sessionId}/r{{k}}",
                  "parameters": [ { "name": "q", "in": "query", "type": "string", "required": true }, { "name": {{Q(c)}}, "in": "query", "type": "string[]", "attributeNames": true } ], "success": [204] }
                """)),
            (k, c) => { b.ExpectEndpoint(k, "Queries", $"Q{k}"); b.ExpectEndpoint(k, "Queries", $"R{k}"); })),

        new("query parameter csharpName", true, Anything, (b, names) => b.Main(
            Section("enums", """{ "name": "Shade", "values": [ { "name": "Red", "value": 1 } ] }""")
            + Section("endpoints", b.Each(names, (k, c) => $$"""
                { "area": "Queries", "name": "Q{{k}}", "method": "GET", "path": "/icws/{sessionId}/q{{k}}",
                  "parameters": [ { "name": "shades", "csharpName": {{Q(c)}}, "in": "query", "type": "Shade[]" }, { "name": "when", "in": "query", "type": "dateTime" } ], "success": [204] }
                """)),
            (k, c) => b.ExpectEndpoint(k, "Queries", $"Q{k}"))),

        new("header", true, Anything, (b, names) => b.Main(
            Section("endpoints", b.Each(names, (k, c) => $$"""
                { "area": "Headers", "name": "H{{k}}", "method": "DELETE", "path": "/icws/{sessionId}/h{{k}}",
                  "parameters": [ { "name": {{Q(c)}}, "in": "header", "type": "int" }, { "name": "X-Other", "in": "header", "type": "string", "required": true } ], "success": [204] }
                """)),
            (k, c) => b.ExpectEndpoint(k, "Headers", $"H{k}"))),

        new("header csharpName", true, Anything, (b, names) => b.Main(
            Section("endpoints", b.Each(names, (k, c) => $$"""
                { "area": "Headers", "name": "H{{k}}", "method": "DELETE", "path": "/icws/{sessionId}/h{{k}}",
                  "parameters": [ { "name": "X-Trace", "csharpName": {{Q(c)}}, "in": "header", "type": "bool" } ], "success": [204] }
                """)),
            (k, c) => b.ExpectEndpoint(k, "Headers", $"H{k}"))),

        new("flattened body property", true, Anything, (b, names) => b.Main(
            Section("types", b.Each(names, (k, c) => $$"""{ "name": "B{{k}}", "properties": [ { "name": {{Q(c)}}, "type": "string", "required": true }, { "name": "opt", "type": "int[]" } ] }"""))
            + Section("endpoints", b.Each(names, (k, c) => $$"""
                { "area": "Bodies", "name": "B{{k}}", "method": "POST", "path": "/icws/{sessionId}/b{{k}}/{id}",
                  "parameters": [ { "name": "id", "in": "path", "type": "string" } ], "body": { "type": "B{{k}}", "flatten": true }, "response": "string", "success": [200] }
                """)),
            (k, c) => { b.ExpectMember(k, $"B{k}", Identifiers.ToPascalCase(c)); b.ExpectEndpoint(k, "Bodies", $"B{k}"); })),

        new("flattened body property csharpName", true, Anything, (b, names) => b.Main(
            Section("types", b.Each(names, (k, c) => $$"""{ "name": "B{{k}}", "properties": [ { "name": "v", "csharpName": {{Q(c)}}, "type": "double[]", "required": true }, { "name": "opt", "type": "guid" } ] }"""))
            + Section("endpoints", b.Each(names, (k, c) => $$"""
                { "area": "Bodies", "name": "B{{k}}", "method": "PUT", "path": "/icws/{sessionId}/b{{k}}", "body": { "type": "B{{k}}", "flatten": true }, "success": [204] }
                """)),
            (k, c) => { b.ExpectMember(k, $"B{k}", c); b.ExpectEndpoint(k, "Bodies", $"B{k}"); })),

        // The whole body is a parameter named after its type (camelCase; a list adds "List").
        new("body type", true, TypeNames, (b, names) => b.Main(
            Section("types", b.Each(names, (k, c) => $$"""{ "name": {{Q(c)}}, "properties": [ { "name": "id", "type": "string", "required": true } ] }"""))
            + Section("endpoints", b.Each(names, (k, c) => $$"""
                { "area": "Whole", "name": "W{{k}}", "method": "PUT", "path": "/icws/{sessionId}/w{{k}}/{id}",
                  "parameters": [ { "name": "id", "in": "path", "type": "string" } ], "body": { "type": {{Q(c)}} }, "success": [204] },
                { "area": "Whole", "name": "L{{k}}", "method": "POST", "path": "/icws/{sessionId}/l{{k}}", "body": { "type": {{Q(c + "[]")}} }, "response": {{Q(c + "[]")}}, "success": [200] }
                """)),
            (k, c) => { b.ExpectType(k, c); b.ExpectEndpoint(k, "Whole", $"W{k}"); b.ExpectEndpoint(k, "Whole", $"L{k}"); })),

        new("watch key csharpName", true, Anything, (b, names) => b.Main(
            Section("types", """{ "name": "WatchBody", "properties": [ { "name": "queueIds", "type": "string[]", "required": true }, { "name": "attributeNames", "type": "string[]", "attributeNames": true } ] }""")
            + Section("endpoints", b.Each(names, (k, c) => $$"""
                { "area": "Watches", "name": "Watch{{k}}", "method": "PUT", "path": "/icws/{sessionId}/messaging/subscriptions/w{{k}}/{subscriptionId}",
                  "parameters": [ { "name": "subscriptionId", "csharpName": {{Q(c)}}, "in": "path", "type": "string" } ], "body": { "type": "WatchBody", "flatten": true }, "success": [204], "watch": "queue" },
                { "area": "Watches", "name": "Unwatch{{k}}", "method": "DELETE", "path": "/icws/{sessionId}/messaging/subscriptions/w{{k}}/{subscriptionId}",
                  "parameters": [ { "name": "subscriptionId", "csharpName": {{Q(c)}}, "in": "path", "type": "string" } ], "success": [204], "unwatch": "queue" }
                """)),
            (k, c) => { b.ExpectEndpoint(k, "Watches", $"Watch{k}"); b.ExpectEndpoint(k, "Watches", $"Unwatch{k}"); })),

        new("attribute name", true, Plus(s => s.Attributes), (b, names) => b.Main(
            Section("attributes", b.Each(names, (k, c) => $$"""
                { "name": {{Q(c)}}, "accessor": "A{{k}}", "kind": "string" }, { "name": {{Q(c + "_Flag")}}, "kind": "boolean" }
                """)),
            (k, c) => { b.ExpectAttribute(k, c, $"A{k}"); b.ExpectAttribute(k, c + "_Flag", Identifiers.AccessorFromAttributeName(c + "_Flag")); })),

        new("accessor", true, Plus(s => s.Accessors), (b, names) => b.Main(
            Section("attributes", b.Each(names, (k, c) => $$"""{ "name": "Acme_A{{k}}", "accessor": {{Q(c)}}, "kind": "integer" }""")),
            (k, c) => b.ExpectAttribute(k, $"Acme_A{k}", c))),

        new("code enum", true, TypeNames, (b, names) => b.Main(
            Section("attributes", b.Each(names, (k, c) => $$"""
                { "name": "Acme_C{{k}}", "accessor": "C{{k}}", "kind": "code", "enum": {{Q(c)}}, "codes": [ { "name": "Alpha", "value": "A" } ] },
                { "name": "Acme_F{{k}}", "accessor": "F{{k}}", "kind": "flags", "enum": {{Q(c + "Flags")}}, "codes": [ { "name": "Alpha", "value": 1 } ] }
                """)),
            (k, c) => { b.ExpectMember(k, c, "Alpha"); b.ExpectMember(k, c + "Flags", "Alpha"); b.ExpectAttribute(k, $"Acme_C{k}", $"C{k}"); })),

        new("code", true, Plus(s => s.Codes), (b, names) => b.Main(
            Section("attributes", $$"""
                { "name": "Acme_Codes", "accessor": "Codes", "kind": "code", "enum": "CodeValues", "codes": [ {{b.Each(names, (k, c) => $$"""{ "name": {{Q(c)}}, "value": {{Q(((char)(0x4E00 + k)).ToString())}} }""")}} ] },
                { "name": "Acme_Flags", "accessor": "Flags", "kind": "flags", "enum": "FlagValues", "codes": [ {{b.Each(names, (k, c) => $$"""{ "name": {{Q(c)}}, "value": {{1L << k}} }""")}} ] }
                """),
            (k, c) => { b.ExpectMember(k, "CodeValues", c); b.ExpectMember(k, "FlagValues", c); })),

        // A project's catalog is named after its file ({Name}Attr, {Name}AttributeAccessors): one file per name.
        new("file name", false, Anything, (b, names) => b.EachFile(names,
            (k, c) => c.IndexOfAny(new[] { '/', '\\' }) >= 0 ? null : $"/project/{c}.icws.json",
            (k, c) => $$"""{ "specVersion": 1, "attributes": [ { "name": "F{{k}}_Attr", "accessor": "F{{k}}", "kind": "string" } ] }""",
            (k, c) => b.ExpectAttribute(k, $"F{k}_Attr", $"F{k}", Identifiers.ToPascalCase(c)))),

        new("spec file name", false, Anything, (b, names) => b.EachFile(names,
            (k, c) => $"/project/s{k}.icws.json",
            (k, c) => $$"""{ "specVersion": 1, "name": {{Q(c)}}, "attributes": [ { "name": "S{{k}}_Attr", "accessor": "S{{k}}", "kind": "string" } ] }""",
            (k, c) => b.ExpectAttribute(k, $"S{k}_Attr", $"S{k}", c))),

        // Every construct of one entry named alike: enum, its value, type, property, message, area, endpoint, parameters, attribute, accessor, code enum, code.
        new("every construct named alike", true, Anything, (b, names) => b.Main(
            Section("enums", b.Each(names, (k, c) => $$"""{ "name": {{Q(c)}}, "values": [ { "name": {{Q(c)}}, "value": 1 }, { "name": "Other", "value": 2 } ] }"""))
            + Section("types", b.Each(names, (k, c) => $$"""
                { "name": {{Q(c)}}, "urn": "urn:same:{{k}}", "polymorphic": true, "properties": [ { "name": {{Q(c)}}, "type": "string", "required": true }, { "name": "x{{k}}", "csharpName": {{Q(c)}}, "type": "int" } ] },
                { "name": {{Q(c + "Body")}}, "properties": [ { "name": {{Q(c)}}, "type": "string", "required": true } ] }
                """))
            + Section("messages", b.Each(names, (k, c) => $$"""{ "name": {{Q(c)}}, "urn": "urn:same-message:{{k}}", "properties": [ { "name": {{Q(c)}}, "type": "string" } ] }"""))
            + Section("areas", b.Each(names, (k, c) => $$"""{ "name": {{Q(c)}} }"""))
            + Section("endpoints", b.Each(names, (k, c) => $$"""
                { "area": {{Q(c)}}, "name": {{Q(c)}}, "method": "POST", "path": {{Q($"/icws/{{sessionId}}/same{k}/{{{c}}}")}},
                  "parameters": [ { "name": {{Q(c)}}, "in": "path", "type": "string" }, { "name": "q", "csharpName": {{Q(c)}}, "in": "query", "type": "string" } ],
                  "body": { "type": {{Q(c + "Body")}}, "flatten": true }, "response": {{Q(c)}}, "success": [200] },
                { "area": {{Q(c)}}, "name": {{Q(c + "Async")}}, "method": "GET", "path": "/icws/{sessionId}/same{{k}}", "response": {{Q(c + "Body")}}, "success": [200] }
                """))
            + Section("attributes", b.Each(names, (k, c) => $$"""{ "name": {{Q(c)}}, "accessor": {{Q(c)}}, "kind": "code", "enum": {{Q(c)}}, "codes": [ { "name": {{Q(c)}}, "value": "A" } ] }""")),
            (k, c) =>
            {
                b.ExpectMember(k, c, c);
                b.ExpectType(k, c + "Body");
                b.ExpectEndpoint(k, c, c);
                b.ExpectEndpoint(k, c, c + "Async");
                b.ExpectAttribute(k, c, c);
            }),
            HasControl: false),

        // One entry's name made into another's generated name: a type named like an area's class, a family's unknown
        // class, a catalog, an extension class; an accessor named like the catalog; an endpoint named like the area class.
        new("names made from other names", true, Anything, (b, names) => b.Main(
            Section("areas", b.Each(names, (k, c) => $$"""{ "name": {{Q(c)}} }"""))
            + Section("endpoints", b.Each(names, (k, c) => $$"""
                { "area": {{Q(c)}}, "name": "Get", "method": "GET", "path": "/icws/{sessionId}/d{{k}}", "response": "string", "success": [200] },
                { "area": {{Q(c)}}, "name": {{Q(GeneratedNames.AreaClass(c))}}, "method": "GET", "path": "/icws/{sessionId}/d{{k}}/x", "success": [204] }
                """))
            + Section("types", b.Each(names, (k, c) => $$"""
                { "name": {{Q(GeneratedNames.AreaClass(c))}} }, { "name": {{Q(GeneratedNames.AreaExtensionsClass(c))}} },
                { "name": {{Q(c + "Root")}}, "urn": "urn:d:{{k}}", "polymorphic": true }, { "name": {{Q(GeneratedNames.UnknownClass(c + "Root"))}} },
                { "name": {{Q(GeneratedNames.CatalogClass(c))}} }, { "name": {{Q(GeneratedNames.AccessorsClass(c))}} }
                """))
            + Section("attributes", b.Each(names, (k, c) => $$"""{ "name": "D{{k}}_Attr", "accessor": {{Q(GeneratedNames.CatalogClass(c))}}, "kind": "duration" }""")),
            (k, c) =>
            {
                b.ExpectEndpoint(k, c, "Get");
                b.ExpectEndpoint(k, c, GeneratedNames.AreaClass(c));
                b.ExpectType(k, GeneratedNames.AreaClass(c));
                b.ExpectType(k, GeneratedNames.AreaExtensionsClass(c));
                b.ExpectType(k, GeneratedNames.UnknownClass(c + "Root"));
                b.ExpectType(k, GeneratedNames.CatalogClass(c));
                b.ExpectType(k, GeneratedNames.AccessorsClass(c));
                b.ExpectAttribute(k, $"D{k}_Attr", GeneratedNames.CatalogClass(c));
            }),
            HasControl: false),
    };

    /// <summary>Types and a message with one property per name, in every shape the property code takes.</summary>
    private static string PropertyShapes(Batch b, IReadOnlyList<string> names, Func<int, string, string> name)
        => Section("types", $$"""
               { "name": "Optional", "properties": [ {{b.Each(names, (k, c) => $$"""{ "name": {{name(k, c)}}, "type": "string" }""")}} ] },
               { "name": "Required", "properties": [ {{b.Each(names, (k, c) => $$"""{ "name": {{name(k, c)}}, "type": "string[]", "required": true }""")}} ] },
               { "name": "RequiredNullable", "properties": [ {{b.Each(names, (k, c) => $$"""{ "name": {{name(k, c)}}, "type": "attributeMap", "required": true, "nullable": true }""")}} ] },
               { "name": "FamilyRoot", "urn": "urn:family:root", "polymorphic": true, "abstract": true, "properties": [ {{b.Each(names, (k, c) => $$"""{ "name": {{name(k, c)}}, "type": "string", "required": true }""")}} ] },
               { "name": "FamilyLeaf", "base": "FamilyRoot", "urn": "urn:family:leaf" }
               """)
           + Section("messages", $$"""
               { "name": "PropertyMessage", "urn": "urn:property:message", "properties": [ {{b.Each(names, (k, c) => $$"""{ "name": {{name(k, c)}}, "type": "string", "required": true }""")}} ] }
               """);

    private static void ExpectPropertyShapes(Batch b, int k, string csharpName)
    {
        foreach (var type in new[] { "Optional", "Required", "RequiredNullable", "FamilyRoot", "PropertyMessage" })
        {
            b.ExpectMember(k, type, csharpName);
        }
    }

    private static string Section(string name, string items) => $$""", "{{name}}": [ {{items}} ]""";

    private static string Q(string text) => JsonSerializer.Serialize(text);

    // ---------------------------------------------------------------- running a batch

    /// <summary>
    /// One run: spec files whose text marks each candidate's declarations (so that a diagnostic can be matched to the
    /// declaration it is about), and what each candidate should generate.
    /// </summary>
    private sealed class Batch
    {
        private const char Open = '\u0001';
        private const char Separator = '\u0002';
        private const char Close = '\u0003';

        public Batch(bool standardBuild)
        {
            StandardBuild = standardBuild;
            Namespace = standardBuild ? GeneratedNames.StandardNamespace : ConsumerNamespace;
        }

        public bool StandardBuild { get; }

        public string Namespace { get; }

        public List<(string Path, string MarkedText)> Files { get; } = new();

        /// <summary>What each name should generate; <c>Refused</c>: what must not be generated (a standard name a project redeclares) and must get a spec error.</summary>
        public List<(int Candidate, string What, Func<Compilation, bool> Exists, bool Refused)> Expectations { get; } = new();

        public IReadOnlyList<string> Names { get; private set; } = Array.Empty<string>();

        private string MainPath => StandardBuild ? "/package/collisions.spec.json" : "/project/collisions.icws.json";

        /// <summary>The batch's names, with the control name last when there is one.</summary>
        public IReadOnlyList<string> WithControl(IReadOnlyList<string> names, bool control) => Names = control ? names.Append(Control).ToList() : names.ToList();

        /// <summary>One item per name, each marked as that name's declaration, comma-separated.</summary>
        public string Each(IReadOnlyList<string> names, Func<int, string, string> item)
            => string.Join(",\n", names.Select((c, k) => Open + k.ToString(CultureInfo.InvariantCulture) + Separator + item(k, c) + Close));

        /// <summary>The main spec file: its sections, then what each name should generate.</summary>
        public void Main(string sections, Action<int, string> expect)
        {
            Files.Add((MainPath, "{ \"specVersion\": 1" + sections + " }"));
            for (var k = 0; k < Names.Count; k++)
            {
                expect(k, Names[k]);
            }
        }

        /// <summary>One spec file per name (a null path leaves the name out), the whole file its declaration.</summary>
        public void EachFile(IReadOnlyList<string> names, Func<int, string, string?> path, Func<int, string, string> text, Action<int, string> expect)
        {
            for (var k = 0; k < names.Count; k++)
            {
                if (path(k, names[k]) is { } p)
                {
                    Files.Add((p, Open + k.ToString(CultureInfo.InvariantCulture) + Separator + text(k, names[k]) + Close));
                    expect(k, names[k]);
                }
            }
        }

        public void ExpectType(int k, string type)
            => Expectations.Add((k, $"type {type}", c => Find(c, Namespace + "." + type) is not null, IsStandardType(type)));

        public void ExpectMember(int k, string type, string member)
            => Expectations.Add((k, $"{type}.{member}", c => Find(c, Namespace + "." + type)?.GetMembers(member).Any(m => !m.IsImplicitlyDeclared) == true, IsStandardType(type)));

        /// <summary>In a consumer's build the standard API's type names are taken: a project's declaration of one is refused.</summary>
        private bool IsStandardType(string type) => !StandardBuild && Standard.Value.TypeNames.Contains(type);

        public void ExpectEndpoint(int k, string area, string endpoint)
        {
            var method = GeneratedNames.Method(endpoint);
            string owner;
            if (StandardBuild)
            {
                owner = Namespace + "." + GeneratedNames.ClientClass + "+" + GeneratedNames.AreaClass(area);
                Expectations.Add((k, $"IcwsClient.{area}", c => Find(c, Namespace + "." + GeneratedNames.ClientClass)?.GetMembers(area).OfType<IPropertySymbol>().Any() == true, false));
            }
            else if (Standard.Value.ExtendableAreas.Contains(area))
            {
                owner = Namespace + "." + GeneratedNames.AreaExtensionsClass(area);
            }
            else
            {
                owner = Namespace + "." + GeneratedNames.AreaClass(area);
                Expectations.Add((k, $"icws.{area}()", c => Find(c, Namespace + "." + GeneratedNames.ClientExtensionsClass)?.GetMembers(area).OfType<IMethodSymbol>().Any() == true, false));
            }

            // An endpoint the standard area already has would be an extension method its instance method always hides.
            var refused = !StandardBuild && Standard.Value.AreaEndpoints.Contains(area + "." + endpoint);
            Expectations.Add((k, $"{owner}.{method}", c => Find(c, owner)?.GetMembers(method).OfType<IMethodSymbol>().Any() == true, refused));
        }

        /// <summary>The attribute's constant (found by its value) in its catalog, and its typed accessor.</summary>
        public void ExpectAttribute(int k, string attribute, string accessor, string? catalogName = null)
        {
            var catalog = Namespace + "." + (StandardBuild ? GeneratedNames.AttrClass : GeneratedNames.CatalogClass(catalogName ?? "Collisions"));
            var accessors = Namespace + "." + (StandardBuild ? GeneratedNames.AttributesView : GeneratedNames.AccessorsClass(catalogName ?? "Collisions"));
            // A standard attribute (names compare without case) or accessor redeclared by a project is refused.
            var refused = !StandardBuild && (Standard.Value.Attributes.Contains(attribute, StringComparer.OrdinalIgnoreCase) || Standard.Value.Accessors.Contains(accessor));
            Expectations.Add((k, $"constant \"{attribute}\" in {catalog}", c => Find(c, catalog)?.GetMembers().OfType<IFieldSymbol>().Any(f => f.IsConst && Equals(f.ConstantValue, attribute)) == true, refused));
            Expectations.Add((k, $"accessor {accessors}.{accessor}", c => Find(c, accessors)?.GetMembers(accessor).Any(m => m.Kind is SymbolKind.Method or SymbolKind.Property) == true, refused));

            // Its setter: a method of InteractionAttributes.Builder, or an extension method next to a project's accessor.
            var setters = StandardBuild ? accessors + "+" + GeneratedNames.AttributesBuilder : accessors;
            var setter = GeneratedNames.Setter(accessor);
            Expectations.Add((k, $"setter {setters}.{setter}", c => Find(c, setters)?.GetMembers(setter).OfType<IMethodSymbol>().Any() == true, refused));
        }

        private static INamedTypeSymbol? Find(Compilation compilation, string metadataName) => compilation.Assembly.GetTypeByMetadataName(metadataName);

        /// <summary>The file's text without marks, and the spans each name's declarations take in it.</summary>
        public static (string Text, Dictionary<int, List<(int Start, int End)>> Spans) Unmark(string marked)
        {
            var text = new StringBuilder(marked.Length);
            var spans = new Dictionary<int, List<(int, int)>>();
            var open = new Stack<(int Candidate, int Start)>();
            for (var i = 0; i < marked.Length; i++)
            {
                switch (marked[i])
                {
                    case Open:
                        var end = marked.IndexOf(Separator, i);
                        open.Push((int.Parse(marked.AsSpan(i + 1, end - i - 1), CultureInfo.InvariantCulture), text.Length));
                        i = end;
                        break;
                    case Close:
                        var (candidate, start) = open.Pop();
                        if (!spans.TryGetValue(candidate, out var list))
                        {
                            spans[candidate] = list = new List<(int, int)>();
                        }

                        list.Add((start, text.Length));
                        break;
                    default:
                        text.Append(marked[i]);
                        break;
                }
            }

            return (text.ToString(), spans);
        }
    }

    private static List<string> Check(Slot slot, IReadOnlyList<string> candidates, bool standardBuild)
    {
        var batch = new Batch(standardBuild);
        var names = batch.WithControl(candidates, slot.HasControl);
        slot.Write(batch, names);
        var files = batch.Files.Select(f => (f.Path, Unmarked: Batch.Unmark(f.MarkedText))).ToList();
        var result = GeneratorHarness.Run(
            files.Select(f => GeneratorHarness.Spec(f.Path, f.Unmarked.Text)),
            null,
            standardBuild ? GeneratorHarness.StandardOptions : GeneratorHarness.ConsumerOptions);

        var problems = new List<string>();
        if (result.RunResult.Results.Single().Exception is { } exception)
        {
            problems.Add("the generator threw " + exception);
        }

        // Every diagnostic is a spec diagnostic located inside a spec file; none is the generator's own failure.
        var located = new List<(string Path, int Start, Diagnostic Diagnostic)>();
        foreach (var diagnostic in result.GeneratorDiagnostics)
        {
            var message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
            var file = files.FirstOrDefault(f => f.Path == diagnostic.Location.GetLineSpan().Path);
            if (diagnostic.Id is "ICWS1011" or "CS8785" || !diagnostic.Id.StartsWith("ICWS10", StringComparison.Ordinal))
            {
                problems.Add($"generator failure {diagnostic.Id}: {message}");
            }
            else if (diagnostic.Location.Kind != LocationKind.ExternalFile || file.Path is null || diagnostic.Location.SourceSpan.End > file.Unmarked.Text.Length)
            {
                problems.Add($"{diagnostic.Id} is not located inside a spec file ({diagnostic.Location}): {message}");
            }
            else if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                located.Add((file.Path, diagnostic.Location.SourceSpan.Start, diagnostic));
            }
        }

        // The generated code compiles with warnings as errors.
        foreach (var error in result.CompileErrors.Take(10))
        {
            var line = error.Location.SourceTree?.GetText().Lines.GetLineFromPosition(error.Location.SourceSpan.Start).ToString().Trim();
            problems.Add($"generated code does not compile: {error.Id} {error.GetMessage(CultureInfo.InvariantCulture)} in {Path.GetFileName(error.Location.SourceTree?.FilePath)}: {line}");
        }

        // Each declaration is generated, or a spec error points inside it; the control name is generated with no diagnostic at all.
        var control = slot.HasControl ? names.Count - 1 : -1;
        foreach (var (candidate, what, exists, refused) in batch.Expectations)
        {
            var spans = files.SelectMany(f => f.Unmarked.Spans.TryGetValue(candidate, out var s) ? s.Select(x => (f.Path, x.Start, x.End)) : Enumerable.Empty<(string Path, int Start, int End)>()).ToList();
            var reasons = located.Where(d => spans.Any(s => s.Path == d.Path && d.Start >= s.Start && d.Start <= s.End)).ToList();
            if (candidate == control && reasons.Count > 0)
            {
                problems.Add($"the control name '{Control}' got {string.Join(", ", reasons.Select(r => r.Diagnostic.Id + " " + r.Diagnostic.GetMessage(CultureInfo.InvariantCulture)))}");
            }

            if (refused)
            {
                if (exists(result.Output) || reasons.Count == 0)
                {
                    problems.Add($"'{Show(names[candidate])}': {what} takes a name of the standard API, yet {(exists(result.Output) ? "it was generated" : "no spec error points inside its declaration")}");
                }
            }
            else if (!exists(result.Output) && (candidate == control || reasons.Count == 0))
            {
                problems.Add($"'{Show(names[candidate])}': {what} was not generated, and no spec error points inside its declaration");
            }
        }

        return problems.Distinct().ToList();
    }

    private static string Show(string name)
    {
        var builder = new StringBuilder();
        foreach (var c in name)
        {
            builder.Append(c < ' ' || c > '~' ? $"\\u{(int)c:X4}" : c.ToString());
        }

        return builder.ToString();
    }
}
