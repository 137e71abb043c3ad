using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace Icws.SpecImporter;

/// <summary>
/// Merges the facts into the spec. What the facts say (methods, paths, bodies, responses, URNs, bases, property
/// names, types, required, nullable, enum values) is taken from the facts, except where differences.json lists a
/// difference; what people curate (names, descriptions, C# names, feature versions, flattening, watch semantics,
/// success codes, optional query parameters, sensitivity, feeds) is kept as it is. New operations and contracts get
/// names and short descriptions from their SDK names; an entry the facts do not know is kept.
/// </summary>
public sealed class Importer
{
    /// <summary>The area whose file holds contracts shared by every area (the facts' <c>Common</c> module).</summary>
    public const string CommonArea = "Common";

    // Names the runtime or the generator already use in Icws / Icws.Client: a contract with such a name gets a prefix.
    private static readonly HashSet<string> ReservedNames = new(StringComparer.Ordinal)
    {
        "Attr", "AttributeMap", "IcwsClient", "IcwsSession", "IcwsMessage", "IcwsError", "InteractionAttributes", "QueueWatch",
        "InteractionWatch", "IcwsException", "IcwsApiException", "Message", "Type", "Object", "String", "Task", "Version",
        "Features", "Connection", "Messaging", "Interactions", "Queues", "Licenses", "Status", "Statistics", "System",
    };

    private readonly FactsFile _facts;
    private readonly Differences _differences;
    private readonly List<string> _log = [];

    public Importer(FactsFile facts, Differences differences)
    {
        _facts = facts;
        _differences = differences;
    }

    /// <summary>What the import did, one line per notable step (names given, collisions resolved).</summary>
    public IReadOnlyList<string> Log => _log;

    /// <summary>Imports the facts into the spec; returns every spec file's new text by file name.</summary>
    public SortedDictionary<string, string> Import(SpecSet spec)
    {
        var names = NameContracts(spec);
        string NameOf(string key) => key.EndsWith("[]", StringComparison.Ordinal) ? NameOf(key[..^2]) + "[]"
            : names.TryGetValue(key, out var n) ? n : throw new InvalidOperationException("No spec name for " + key);

        // Every entry lands in the file of its area; existing entries keep their order, new ones follow in facts order.
        var files = new SortedDictionary<string, FileBuilder>(StringComparer.Ordinal);
        FileBuilder FileFor(string area) => files.TryGetValue(Naming.FileOf(area), out var f) ? f : files[Naming.FileOf(area)] = new FileBuilder(area);

        foreach (var entry in spec.Entries.Where(e => e.Section == "areas"))
        {
            FileFor(entry.Name).Areas.Add(entry.Node.DeepClone().AsObject());
        }

        foreach (var entry in spec.Entries.Where(e => e.Section is "types" or "messages" or "enums"))
        {
            var node = entry.Node.DeepClone().AsObject();
            var area = spec.ContractOf.TryGetValue(entry, out var key)
                ? AreaOfContract(_facts.Contracts[key])
                : AreaOfUrn(entry.Urn, files.Values.Select(f => f.Area));
            if (key is not null)
            {
                var contract = _facts.Contracts[key];
                if (contract.IsEnum)
                {
                    MergeEnum(node, contract);
                }
                else
                {
                    MergeContract(node, contract, entry.Section == "messages", NameOf);
                }
            }

            FileFor(area).Section(entry.Section).Add(node);
        }

        foreach (var contract in _facts.Contracts.Values)
        {
            if (spec.EntryOfContract.ContainsKey(contract.Key) || contract.Key == FactsFile.MessageRoot || _differences.Contains($"contract {contract.Key}: not in the spec"))
            {
                continue;
            }

            var isMessage = !contract.IsEnum && _facts.IsMessage(contract);
            var node = new JsonObject { ["name"] = NameOf(contract.Key), ["urn"] = contract.Urn, ["source"] = "S" };
            if (!isMessage && !contract.IsEnum && contract.Base is null && _facts.HasDerived(contract))
            {
                node["polymorphic"] = true;
            }

            node["description"] = Naming.DescribeContract(contract, isMessage);
            if (contract.IsEnum)
            {
                if (contract.Flags)
                {
                    node["flags"] = true;
                }

                node["values"] = new JsonArray();
                MergeEnum(node, contract);
            }
            else
            {
                node["properties"] = new JsonArray();
                MergeContract(node, contract, isMessage, NameOf);
            }

            FileFor(AreaOfContract(contract)).Section(contract.IsEnum ? "enums" : isMessage ? "messages" : "types").Add(node);
        }

        // Endpoints: existing ones first (their names are curated), then the operations the spec does not have yet.
        var takenNames = new HashSet<string>(spec.Entries.Where(e => e.Section == "endpoints").Select(e => (string)e.Node["area"]! + "." + e.Name), StringComparer.Ordinal);
        foreach (var entry in spec.Entries.Where(e => e.Section == "endpoints"))
        {
            var node = entry.Node.DeepClone().AsObject();
            var key = FactsFile.OperationKey((string)node["method"]!, (string)node["path"]!);
            var op = _facts.Operations.FirstOrDefault(o => o.Key == key && o.Method != "GET(SSE)");
            if (op is not null)
            {
                MergeEndpoint(node, op, NameOf);
            }

            FileFor((string)node["area"]!).Section("endpoints").Add(node);
        }

        var newOps = _facts.Operations.Where(o => !spec.EndpointsByKey.ContainsKey(o.Key) && !_differences.Contains($"operation {o.Method} {o.Url}: not in the spec")).ToList();
        var firstNames = newOps.GroupBy(o => Naming.AreaOf(o.Module) + "." + Naming.EndpointName(o)).ToDictionary(g => g.Key, g => g.Count());
        foreach (var op in newOps)
        {
            var area = Naming.AreaOf(op.Module);
            var name = Naming.EndpointName(op);
            if (firstNames[area + "." + name] > 1 || takenNames.Contains(area + "." + name))
            {
                name = Naming.DisambiguatedEndpointName(op);
            }

            if (!takenNames.Add(area + "." + name))
            {
                _log.Add($"name collision: {area}.{name} for {op.Method} {op.Url}; named {name}{op.Method}");
                name += Naming.Pascal(op.Method.ToLowerInvariant());
                takenNames.Add(area + "." + name);
            }

            var node = new JsonObject
            {
                ["area"] = area,
                ["name"] = name,
                ["method"] = op.Method,
                ["path"] = op.Url,
                ["source"] = "S",
                ["description"] = Naming.DescribeEndpoint(op, name),
            };
            var parameters = new JsonArray();
            foreach (var template in op.Templates.Where(t => t != "sessionId"))
            {
                parameters.Add(new JsonObject { ["name"] = template, ["in"] = "path", ["type"] = "string", ["description"] = Describe(template) + "." });
            }

            foreach (var query in op.RequiredQuery)
            {
                parameters.Add(new JsonObject { ["name"] = query, ["in"] = "query", ["type"] = "string", ["required"] = true, ["description"] = Describe(query) + "." });
            }

            if (parameters.Count > 0)
            {
                node["parameters"] = parameters;
            }

            if (op.Content is { } content)
            {
                var body = new JsonObject { ["type"] = NameOf(content) };
                if (Flattens(op, _facts.Contracts[content]))
                {
                    body["flatten"] = true;
                }

                node["body"] = body;
            }

            if (op.SuccessBodies.FirstOrDefault() is { Value: { } response } && response != FactsFile.ErrorContract)
            {
                node["response"] = NameOf(response);
            }

            var success = op.SuccessBodies.Select(s => s.Key).ToList();
            node["success"] = new JsonArray((success.Count > 0 ? success : op.Method == "GET" ? [200] : [200, 204]).Select(s => (JsonNode)s).ToArray());
            if (op.ErrorStatuses.Any())
            {
                node["errors"] = new JsonArray(op.ErrorStatuses.Select(s => (JsonNode)s).ToArray());
            }

            if (!op.Csrf && op.Url.Contains("{sessionId}", StringComparison.Ordinal))
            {
                node["csrf"] = false;
            }

            FileFor(area).Section("endpoints").Add(node);
        }

        foreach (var entry in spec.Entries.Where(e => e.Section == "attributes"))
        {
            FileFor("Interactions").Section("attributes").Add(entry.Node.DeepClone().AsObject());
        }

        var descriptions = spec.Files.ToDictionary(f => f.File, f => (string?)f.Root["description"], StringComparer.Ordinal);
        return new SortedDictionary<string, string>(files.ToDictionary(f => f.Key, f => SpecJsonWriter.Write(f.Value.Build(descriptions.GetValueOrDefault(f.Key)))), StringComparer.Ordinal);
    }

    // A small body whose fields read well as parameters becomes the method's parameters; a family member never does.
    private bool Flattens(FactsOperation op, FactsContract body)
        => body.Base is null && !_facts.HasDerived(body) && body.Properties.Count is > 0 and <= 3 && (Naming.IsWatchModule(op.Module) || body.Properties.Count <= 2);

    private Dictionary<string, string> NameContracts(SpecSet spec)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var taken = new HashSet<string>(spec.Entries.Where(e => e.Section is "types" or "messages" or "enums").Select(e => e.Name), StringComparer.Ordinal);
        foreach (var (entry, key) in spec.ContractOf)
        {
            names[key] = entry.Name;
        }

        names[FactsFile.MessageRoot] = "IcwsMessage";
        var fresh = _facts.Contracts.Values.Where(c => !names.ContainsKey(c.Key)).ToList();
        var counts = fresh.GroupBy(c => c.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var contract in fresh.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var name = contract.Name;
            if (counts[name] > 1 || taken.Contains(name) || ReservedNames.Contains(name))
            {
                var modules = contract.Module.Split('.');
                var prefix = Naming.Pascal(modules[^1]);
                name = name.StartsWith(prefix, StringComparison.Ordinal) ? Naming.Pascal(string.Join("", modules)) + name : prefix + name;
                if (taken.Contains(name))
                {
                    name = Naming.Pascal(string.Join("", modules)) + contract.Name;
                }

                _log.Add($"contract {contract.Key} named {name}");
            }

            if (!taken.Add(name))
            {
                throw new InvalidOperationException($"Two contracts would be named {name}; give {contract.Key} a curated name.");
            }

            names[contract.Key] = name;
        }

        return names;
    }

    private void MergeEnum(JsonObject node, FactsContract contract)
    {
        var values = (JsonArray)node["values"]!;
        foreach (var value in contract.Values)
        {
            // A member curated under another name (the SDK misspells a few) is found by its value.
            var existing = values.OfType<JsonObject>().FirstOrDefault(v => string.Equals((string?)v["name"], value.Name, StringComparison.Ordinal))
                ?? values.OfType<JsonObject>().FirstOrDefault(v => v["value"] is { } n && SpecSet.Integer(n) == value.Value && !contract.Values.Any(f => f.Name == (string?)v["name"]));
            if (existing is null)
            {
                values.Add(new JsonObject { ["name"] = value.Name, ["value"] = value.Value });
            }
            else if (!_differences.Keeps($"contract {contract.Key}: value {value.Name} "))
            {
                existing["value"] = value.Value;
            }
        }
    }

    private void MergeContract(JsonObject node, FactsContract contract, bool isMessage, Func<string, string> nameOf)
    {
        if (node["urn"] is not null && !_differences.Keeps($"contract {contract.Key}: urn "))
        {
            node["urn"] = contract.Urn;
        }

        if (!isMessage && !_differences.Keeps($"contract {contract.Key}: base "))
        {
            if (contract.Base is { } baseKey)
            {
                node["base"] = nameOf(baseKey);
            }
            else
            {
                node.Remove("base");
            }
        }

        // Properties keep the order they have (a flattened body's parameters follow it); new ones follow in facts order.
        var properties = (JsonArray)node["properties"]!;
        var existing = properties.OfType<JsonObject>().ToList();
        var facts = ContractProperties(contract, isMessage).ToList();
        var ordered = existing.Select(e => facts.FirstOrDefault(f => f.Name == (string?)e["name"])).OfType<FactsProperty>().Concat(facts).Distinct().ToList();
        properties.Clear();
        foreach (var property in ordered)
        {
            var prefix = $"contract {contract.Key}: property {property.Name} ";
            var p = existing.FirstOrDefault(e => (string?)e["name"] == property.Name);
            if (p is null)
            {
                p = new JsonObject { ["name"] = property.Name, ["type"] = FactsTypes.ToSpec(property.Type, nameOf), ["description"] = Describe(property.Name) + "." };
            }
            else
            {
                existing.Remove(p);
                p.Parent?.AsArray().Remove(p);
                if (!FactsTypes.Conforms((string)p["type"]!, property.Type, nameOf) && !_differences.Keeps(prefix + "type "))
                {
                    p["type"] = FactsTypes.ToSpec(property.Type, nameOf);
                }
            }

            if (!_differences.Keeps(prefix + "required "))
            {
                SetFlag(p, "required", property.Required);
            }

            if (!_differences.Keeps(prefix + "nullable "))
            {
                SetFlag(p, "nullable", property.Nullable);
            }

            properties.Add(Ordered(p));
        }

        // What the facts do not know (found in other clients or on the wire) stays; the conformance check lists it.
        foreach (var extra in existing)
        {
            properties.Add(extra);
        }
    }

    /// <summary>A contract's properties as the spec declares them: a message carries its bases' too (not the root's).</summary>
    public IEnumerable<FactsProperty> ContractProperties(FactsContract contract, bool isMessage)
        => isMessage
            ? _facts.Ancestors(contract).Reverse().Where(a => a.Key != FactsFile.MessageRoot).SelectMany(a => a.Properties).Concat(contract.Properties)
            : contract.Properties;

    private void MergeEndpoint(JsonObject node, FactsOperation op, Func<string, string> nameOf)
    {
        var prefix = $"operation {op.Method} {op.Url}: ";
        if (op.Content is { } content && !_differences.Keeps(prefix + "body "))
        {
            if (node["body"] is JsonObject body)
            {
                body["type"] = nameOf(content);
            }
            else
            {
                node["body"] = new JsonObject { ["type"] = nameOf(content) };
            }
        }

        if (op.SuccessBodies.FirstOrDefault() is { Value: { } response } && !_differences.Keeps(prefix + "response "))
        {
            node["response"] = nameOf(response);
        }

        var success = (node["success"] as JsonArray)?.Select(s => (int)SpecSet.Integer(s!)).ToHashSet() ?? [];
        var errors = (node["errors"] as JsonArray)?.Select(s => (int)SpecSet.Integer(s!)).ToHashSet() ?? [];
        if (op.SuccessBodies.Any(s => !success.Contains(s.Key)))
        {
            node["success"] = new JsonArray(success.Union(op.SuccessBodies.Select(s => s.Key)).OrderBy(s => s).Select(s => (JsonNode)s).ToArray());
        }

        if (op.ErrorStatuses.Any(s => !errors.Contains(s)))
        {
            node["errors"] = new JsonArray(errors.Union(op.ErrorStatuses).OrderBy(s => s).Select(s => (JsonNode)s).ToArray());
        }
    }

    private static void SetFlag(JsonObject node, string name, bool value)
    {
        if (value)
        {
            node[name] = true;
        }
        else
        {
            node.Remove(name);
        }
    }

    // Keeps a property's members in the order people write them: name, C# name, type, flags, then the rest.
    private static JsonObject Ordered(JsonObject p)
    {
        string[] order = ["name", "csharpName", "type", "required", "nullable"];
        var ordered = new JsonObject();
        foreach (var key in order.Where(p.ContainsKey).Concat(p.Select(m => m.Key).Where(k => !order.Contains(k))).ToList())
        {
            var value = p[key];
            p.Remove(key);
            ordered[key] = value;
        }

        return ordered;
    }

    private static string Describe(string jsonName)
    {
        var words = Naming.Words(jsonName);
        if (words.Count > 1 && words[^1] == "id")
        {
            words[^1] = "ID";
        }

        var text = string.Join(" ", words);
        return text.Length == 0 ? jsonName : char.ToUpperInvariant(text[0]) + text[1..];
    }

    private string AreaOfContract(FactsContract contract) => (_shared ??= SharedConfigurationContracts()).Contains(contract.Key) ? CommonArea : Naming.AreaOf(contract.Module);

    private HashSet<string>? _shared;

    // The Configuration area is a third of the API. Its basic vocabulary (configuration ids, inherited values) is used by
    // other areas too; those contracts live with the common ones, so an area's files need Common and not Configuration.
    private HashSet<string> SharedConfigurationContracts()
    {
        var uses = new List<(string FromArea, string Contract)>();
        foreach (var c in _facts.Contracts.Values)
        {
            uses.AddRange(c.Properties.Select(p => FactsTypes.Reference(p.Type)).Append(c.Base).OfType<string>().Select(r => (c.Key, r)));
        }

        var shared = new HashSet<string>(StringComparer.Ordinal);
        bool IsConfiguration(string key) => _facts.Contracts.TryGetValue(key, out var c) && Naming.AreaOf(c.Module) == "Configuration" && !shared.Contains(key);
        string AreaOfKey(string key) => shared.Contains(key) ? CommonArea : Naming.AreaOf(_facts.Contracts[key].Module);
        var roots = _facts.Operations.Where(o => Naming.AreaOf(o.Module) != "Configuration")
            .SelectMany(o => o.Responses.Values.Append(o.Content).OfType<string>().Select(r => r.TrimEnd('[', ']')))
            .Where(IsConfiguration).ToList();
        roots.AddRange(uses.Where(u => AreaOfKey(u.FromArea) != "Configuration" && IsConfiguration(u.Contract)).Select(u => u.Contract));
        var todo = new Stack<string>(roots);
        while (todo.TryPop(out var key))
        {
            if (IsConfiguration(key) && shared.Add(key))
            {
                foreach (var use in uses.Where(u => u.FromArea == key))
                {
                    todo.Push(use.Contract);
                }
            }
        }

        return shared;
    }

    private static string AreaOfUrn(string? urn, IEnumerable<string> areas)
    {
        var module = urn?.Split(':') is { Length: >= 4 } parts ? parts[2] : null;
        return areas.FirstOrDefault(a => string.Equals(a, module, StringComparison.OrdinalIgnoreCase)) ?? CommonArea;
    }

    private sealed class FileBuilder(string area)
    {
        private readonly Dictionary<string, JsonArray> _sections = new(StringComparer.Ordinal);

        public string Area { get; } = area;

        public JsonArray Areas => Section("areas");

        public JsonArray Section(string name) => _sections.TryGetValue(name, out var s) ? s : _sections[name] = [];

        public JsonObject Build(string? description)
        {
            var root = new JsonObject
            {
                ["$schema"] = "./icws.spec.schema.json",
                ["specVersion"] = 1,
                ["description"] = description ?? (Area == CommonArea ? "ICWS contracts shared by every area." : "ICWS " + string.Join(" ", Naming.Words(Area)) + ": its endpoints, contracts and messages."),
            };
            // An area is what a client groups endpoints by: a file of contracts only (common, or an SDK module whose
            // operations live elsewhere) declares none.
            if (Section("endpoints").Count == 0)
            {
                Section("areas").Clear();
            }
            else if (Section("areas").Count == 0)
            {
                // A new area's messages wait for one of its watches, so trimmed apps that never watch it drop them.
                Section("areas").Add(new JsonObject { ["name"] = Area, ["description"] = "The " + string.Join(" ", Naming.Words(Area)) + " area of ICWS.", ["messagesOnWatch"] = true });
            }

            foreach (var section in SpecSet.Sections)
            {
                if (_sections.TryGetValue(section, out var entries) && entries.Count > 0)
                {
                    root[section] = entries;
                }
            }

            return root;
        }
    }
}
