using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;

namespace Icws.SpecImporter;

/// <summary>One entry of a spec file's section (an endpoint, type, message, enum, attribute or area).</summary>
public sealed record SpecEntry(string File, string Section, JsonObject Node)
{
    public string Name => (string?)Node["name"] ?? string.Empty;

    public string? Urn => (string?)Node["urn"];

    /// <summary>The facts contract named explicitly by a curated <c>sdk</c> member (for types that carry no URN).</summary>
    public string? Sdk => (string?)Node["sdk"];
}

/// <summary>
/// The spec files of a folder, read as JSON trees, and the links between their entries and the facts: a type, message
/// or enum is the contract with its URN (or the one its <c>sdk</c> member names); an endpoint is the operation with its
/// method and path.
/// </summary>
public sealed class SpecSet
{
    public static readonly string[] Sections = ["areas", "enums", "types", "messages", "endpoints", "attributes"];

    private SpecSet(IReadOnlyList<(string File, JsonObject Root)> files, FactsFile facts)
    {
        Files = files;
        Entries = files.SelectMany(f => Sections.SelectMany(s => (f.Root[s] as JsonArray ?? []).OfType<JsonObject>().Select(n => new SpecEntry(f.File, s, n)))).ToList();
        var byUrn = facts.Contracts.Values.Where(c => c.Urn.Length > 0).GroupBy(c => c.Urn, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Key, StringComparer.Ordinal);
        foreach (var entry in Entries.Where(e => e.Section is "types" or "messages" or "enums"))
        {
            var key = entry.Sdk ?? (entry.Urn is { } urn && byUrn.TryGetValue(urn, out var k) ? k : null);
            if (key is not null && facts.Contracts.ContainsKey(key))
            {
                ContractOf[entry] = key;
                EntryOfContract.TryAdd(key, entry);
            }
        }

        foreach (var entry in Entries.Where(e => e.Section == "endpoints"))
        {
            EndpointsByKey.TryAdd(FactsFile.OperationKey((string)entry.Node["method"]!, (string)entry.Node["path"]!), entry);
        }
    }

    public IReadOnlyList<(string File, JsonObject Root)> Files { get; }

    public IReadOnlyList<SpecEntry> Entries { get; }

    public Dictionary<SpecEntry, string> ContractOf { get; } = new(ReferenceEqualityComparer.Instance);

    public Dictionary<string, SpecEntry> EntryOfContract { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, SpecEntry> EndpointsByKey { get; } = new(StringComparer.Ordinal);

    /// <summary>Reads every <c>*.spec.json</c> of <paramref name="folder"/>, in file-name order.</summary>
    public static SpecSet Load(string folder, FactsFile facts)
    {
        var files = Directory.GetFiles(folder, "*.spec.json").OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), (JsonObject)JsonNode.Parse(File.ReadAllText(f), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!))
            .ToList();
        return new SpecSet(files, facts);
    }

    /// <summary>An integer member, however the node holds it (parsed text, or a number set by code).</summary>
    public static long Integer(JsonNode node) => long.Parse(node.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    public static SpecSet From(IReadOnlyList<(string File, JsonObject Root)> files, FactsFile facts) => new(files, facts);
}
