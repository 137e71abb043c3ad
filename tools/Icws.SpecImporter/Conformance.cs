using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace Icws.SpecImporter;

/// <summary>
/// Compares the spec with the facts, entry by entry: every operation (method, path, body, response, CSRF, success and
/// error statuses), every contract (URN, base, each property's JSON name, type, required, nullable), every enum value.
/// The result is the list of differences, each a stable line that differences.json can list with its reason.
/// </summary>
public static class Conformance
{
    public static List<string> Compare(FactsFile facts, SpecSet spec)
    {
        var differences = new List<string>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal) { [FactsFile.MessageRoot] = "IcwsMessage" };
        foreach (var (entry, key) in spec.ContractOf)
        {
            names[key] = entry.Name;
        }

        string NameOf(string key) => key.EndsWith("[]", StringComparison.Ordinal) ? NameOf(key[..^2]) + "[]"
            : names.TryGetValue(key, out var n) ? n : "<" + key + " not in the spec>";
        var importer = new Importer(facts, Differences.None);

        foreach (var contract in facts.Contracts.Values.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (contract.Key == FactsFile.MessageRoot)
            {
                continue;
            }

            var at = $"contract {contract.Key}: ";
            if (!spec.EntryOfContract.TryGetValue(contract.Key, out var entry))
            {
                differences.Add(at + "not in the spec");
                continue;
            }

            var node = entry.Node;
            var isMessage = entry.Section == "messages";
            if (contract.IsEnum != (entry.Section == "enums") || !contract.IsEnum && isMessage != facts.IsMessage(contract))
            {
                differences.Add(at + "declared as " + entry.Section);
                continue;
            }

            if (entry.Urn is { } urn && urn != contract.Urn)
            {
                differences.Add(at + $"urn {urn} (facts {contract.Urn})");
            }

            if (contract.IsEnum)
            {
                var values = ((JsonArray)node["values"]!).OfType<JsonObject>().ToDictionary(v => (string)v["name"]!, v => SpecSet.Integer(v["value"]!), StringComparer.Ordinal);
                foreach (var value in contract.Values)
                {
                    if (!values.Remove(value.Name, out var specValue))
                    {
                        var renamed = values.FirstOrDefault(v => v.Value == value.Value && !contract.Values.Any(f => f.Name == v.Key)).Key;
                        differences.Add(at + (renamed is null ? $"value {value.Name} not in the spec" : $"value {value.Name} named {renamed}"));
                        if (renamed is not null)
                        {
                            values.Remove(renamed);
                        }
                    }
                    else if (specValue != value.Value)
                    {
                        differences.Add(at + $"value {value.Name} {specValue} (facts {value.Value})");
                    }
                }

                differences.AddRange(values.Keys.Select(v => at + $"value {v} not in the facts"));
                if (((bool?)node["flags"] ?? false) != contract.Flags)
                {
                    differences.Add(at + $"flags {!contract.Flags} (facts {contract.Flags})");
                }

                continue;
            }

            var specBase = (string?)node["base"];
            var factsBase = isMessage || contract.Base is null ? null : NameOf(contract.Base);
            if (!isMessage && specBase != factsBase)
            {
                differences.Add(at + $"base {specBase ?? "none"} (facts {factsBase ?? "none"})");
            }

            var properties = ((JsonArray)node["properties"]!).OfType<JsonObject>().ToDictionary(p => (string)p["name"]!, StringComparer.Ordinal);
            foreach (var property in importer.ContractProperties(contract, isMessage))
            {
                var p = $"property {property.Name} ";
                if (!properties.Remove(property.Name, out var sp))
                {
                    differences.Add(at + p + "not in the spec");
                    continue;
                }

                var type = (string)sp["type"]!;
                if (!FactsTypes.Conforms(type, property.Type, NameOf))
                {
                    differences.Add(at + p + $"type {type} (facts {property.Type})");
                }

                if (((bool?)sp["required"] ?? false) != property.Required)
                {
                    differences.Add(at + p + $"required {!property.Required} (facts {property.Required})");
                }

                if (((bool?)sp["nullable"] ?? false) != property.Nullable)
                {
                    differences.Add(at + p + $"nullable {!property.Nullable} (facts {property.Nullable})");
                }
            }

            differences.AddRange(properties.Keys.Select(name => at + $"property {name} not in the facts"));
        }

        foreach (var entry in spec.Entries.Where(e => e.Section is "types" or "messages" or "enums" && !spec.ContractOf.ContainsKey(e)))
        {
            differences.Add($"{entry.Section} {entry.Name}: not in the facts");
        }

        foreach (var op in facts.Operations)
        {
            var at = $"operation {op.Method} {op.Url}: ";
            if (!spec.EndpointsByKey.TryGetValue(op.Key, out var entry) || op.Method == "GET(SSE)")
            {
                differences.Add(at + "not in the spec");
                continue;
            }

            var node = entry.Node;
            var body = (string?)node["body"]?["type"];
            var factsBody = op.Content is null ? null : NameOf(op.Content);
            if (body != factsBody)
            {
                differences.Add(at + $"body {body ?? "none"} (facts {factsBody ?? "none"})");
            }

            var response = (string?)node["response"];
            var factsResponse = op.SuccessBodies.FirstOrDefault().Value is { } r ? NameOf(r) : null;
            if (response != factsResponse)
            {
                differences.Add(at + $"response {response ?? "none"} (facts {factsResponse ?? "none"})");
            }

            var csrf = (bool?)node["csrf"] ?? op.Url.Contains("{sessionId}", StringComparison.Ordinal);
            if (csrf != op.Csrf)
            {
                differences.Add(at + $"csrf {csrf} (facts {op.Csrf})");
            }

            var success = (node["success"] as JsonArray)?.Select(s => (int)SpecSet.Integer(s!)).ToHashSet() ?? [];
            differences.AddRange(op.SuccessBodies.Where(s => !success.Contains(s.Key)).Select(s => at + $"success {s.Key} not declared"));
            var errors = (node["errors"] as JsonArray)?.Select(s => (int)SpecSet.Integer(s!)).ToHashSet() ?? [];
            differences.AddRange(op.ErrorStatuses.Where(s => !errors.Contains(s)).Select(s => at + $"error {s} not declared"));
            var templates = System.Text.RegularExpressions.Regex.Matches((string)node["path"]!, @"\{([^}]*)\}").Select(m => m.Groups[1].Value).ToList();
            if (templates.Count != op.Templates.Count)
            {
                differences.Add(at + $"path {(string)node["path"]!} has other placeholders");
            }
        }

        var operationKeys = facts.Operations.Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, entry) in spec.EndpointsByKey.Where(e => !operationKeys.Contains(e.Key)))
        {
            differences.Add($"endpoint {(string)entry.Node["area"]!}.{entry.Name}: not in the facts");
        }

        return differences;
    }
}
