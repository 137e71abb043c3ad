using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Icws.SpecImporter;

/// <summary>One operation of the facts file: where the SDK declares it and what goes over the wire.</summary>
public sealed record FactsOperation(
    string Module,
    string Namespace,
    string Name,
    string Method,
    string Url,
    IReadOnlyList<string> Templates,
    IReadOnlyList<string> RequiredQuery,
    bool Csrf,
    bool UrlOnly,
    string? Content,
    IReadOnlyDictionary<int, string> Responses)
{
    /// <summary>The operation's identity for matching: method and path with every placeholder reduced to <c>{}</c>.</summary>
    public string Key => FactsFile.OperationKey(Method, Url);

    /// <summary>The 2xx statuses that carry a JSON body, with that body's contract.</summary>
    public IEnumerable<KeyValuePair<int, string>> SuccessBodies => Responses.Where(r => r.Key is >= 200 and < 300).OrderBy(r => r.Key);

    /// <summary>The statuses answered with an ICWS error body.</summary>
    public IEnumerable<int> ErrorStatuses => Responses.Where(r => r.Value == FactsFile.ErrorContract).Select(r => r.Key).OrderBy(s => s);
}

/// <summary>One property of a contract: its JSON name and facts type (<c>String</c>, <c>ref:Module.Name[]</c>, ...).</summary>
public sealed record FactsProperty(string Name, string Type, bool Required, bool Nullable);

/// <summary>One enum member with its integer value.</summary>
public sealed record FactsEnumValue(string Name, long Value);

/// <summary>A contract or an enum, keyed <c>Module.Name</c>.</summary>
public sealed record FactsContract(
    string Key,
    string Module,
    string Name,
    bool IsEnum,
    string Urn,
    string? Base,
    bool TypeRequired,
    IReadOnlyList<FactsProperty> Properties,
    IReadOnlyList<FactsEnumValue> Values,
    bool Flags);

/// <summary>The facts file, read once.</summary>
public sealed class FactsFile
{
    public const string ErrorContract = "Common.Error";

    /// <summary>The contract every server message derives from.</summary>
    public const string MessageRoot = "Messaging.Message";

    private FactsFile(IReadOnlyList<FactsOperation> operations, IReadOnlyDictionary<string, FactsContract> contracts)
    {
        Operations = operations;
        Contracts = contracts;
    }

    public IReadOnlyList<FactsOperation> Operations { get; }

    public IReadOnlyDictionary<string, FactsContract> Contracts { get; }

    /// <summary>The default location, relative to the repository root.</summary>
    public const string DefaultPath = "spec/facts/icws-sdk-facts.json";

    public static string OperationKey(string method, string url)
        => method + " " + System.Text.RegularExpressions.Regex.Replace(url, @"\{[^}]*\}", "{}");

    public static FactsFile Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream);
        var root = document.RootElement;

        var operations = new List<FactsOperation>();
        foreach (var op in root.GetProperty("ops").EnumerateArray())
        {
            var responses = new SortedDictionary<int, string>();
            if (op.TryGetProperty("dc", out var dc) && dc.ValueKind == JsonValueKind.Object)
            {
                foreach (var status in dc.EnumerateObject())
                {
                    responses[int.Parse(status.Name, System.Globalization.CultureInfo.InvariantCulture)] = status.Value.GetString()!;
                }
            }

            operations.Add(new FactsOperation(
                op.GetProperty("module").GetString()!,
                op.GetProperty("namespace").GetString()!.TrimStart('$'),
                op.GetProperty("name").GetString()!,
                op.GetProperty("method").GetString()!,
                op.GetProperty("url").GetString()!,
                Strings(op, "templates"),
                Strings(op, "requiredQuery"),
                op.GetProperty("csrf").GetBoolean(),
                op.TryGetProperty("urlOnly", out var urlOnly) && urlOnly.GetBoolean(),
                op.GetProperty("content").ValueKind == JsonValueKind.String ? op.GetProperty("content").GetString() : null,
                responses));
        }

        var contracts = new Dictionary<string, FactsContract>(StringComparer.Ordinal);
        foreach (var entry in root.GetProperty("contracts").EnumerateObject())
        {
            var c = entry.Value;
            var isEnum = c.GetProperty("kind").GetString() == "enum";
            var properties = new List<FactsProperty>();
            if (c.TryGetProperty("props", out var props) && props.ValueKind == JsonValueKind.Array)
            {
                foreach (var p in props.EnumerateArray())
                {
                    properties.Add(new FactsProperty(p.GetProperty("name").GetString()!, p.GetProperty("type").GetString()!, p.GetProperty("required").GetBoolean(), p.GetProperty("nullable").GetBoolean()));
                }
            }

            var values = new List<FactsEnumValue>();
            if (c.TryGetProperty("values", out var vals) && vals.ValueKind == JsonValueKind.Array)
            {
                foreach (var v in vals.EnumerateArray())
                {
                    values.Add(new FactsEnumValue(v.GetProperty("name").GetString()!, v.GetProperty("value").GetInt64()));
                }
            }

            contracts[entry.Name] = new FactsContract(
                entry.Name,
                c.GetProperty("module").GetString()!,
                c.GetProperty("name").GetString()!,
                isEnum,
                c.TryGetProperty("urn", out var urn) && urn.ValueKind == JsonValueKind.String ? urn.GetString()! : string.Empty,
                c.TryGetProperty("base", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString() : null,
                c.TryGetProperty("typeRequired", out var tr) && tr.GetBoolean(),
                properties,
                values,
                c.TryGetProperty("flags", out var flags) && flags.GetBoolean());
        }

        return new FactsFile(operations, contracts);
    }

    /// <summary>Whether the contract is a server message (derives from <see cref="MessageRoot"/>).</summary>
    public bool IsMessage(FactsContract contract) => Ancestors(contract).Any(a => a.Key == MessageRoot);

    /// <summary>The contract's bases, nearest first.</summary>
    public IEnumerable<FactsContract> Ancestors(FactsContract contract)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { contract.Key };
        var current = contract;
        while (current.Base is { } baseKey && Contracts.TryGetValue(baseKey, out var parent) && seen.Add(baseKey))
        {
            yield return parent;
            current = parent;
        }
    }

    /// <summary>Whether any contract derives from this one.</summary>
    public bool HasDerived(FactsContract contract) => Contracts.Values.Any(c => c.Base == contract.Key);

    private static IReadOnlyList<string> Strings(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select(v => v.GetString()!).ToArray() : [];
}
