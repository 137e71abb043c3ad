using System.Text.Json;
using Icws.Simulator.Http;

namespace Icws.Simulator.Json;

/// <summary>
/// Strict reader over one JSON object of a request body. Property names are case-sensitive; booleans must be
/// JSON true/false and enums JSON integers; <c>null</c> is rejected because none of the
/// properties read here is nullable. Errors name the property, dotted for nested objects (<c>targetQueue.queueName</c>;
/// the nesting notation is the simulator's choice [U]).
/// </summary>
internal readonly struct RequestJson
{
    private readonly JsonElement _element;
    private readonly string _path;

    public RequestJson(JsonElement element, string path = "")
    {
        _element = element;
        _path = path;
    }

    public JsonElement Element => _element;

    /// <summary>Wraps the body root, which must be an object.</summary>
    public static RequestJson Root(JsonElement? root)
    {
        if (root is not { } e)
        {
            throw IcwsError.InvalidRepresentation("A request body is required.");
        }
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw IcwsError.InvalidRepresentation("The request body must be a JSON object.");
        }
        return new RequestJson(e);
    }

    public string NameOf(string property) => _path.Length == 0 ? property : _path + "." + property;

    public bool Has(string property) => _element.TryGetProperty(property, out _);

    private bool TryGet(string property, out JsonElement value)
    {
        if (!_element.TryGetProperty(property, out value))
        {
            return false;
        }
        if (value.ValueKind == JsonValueKind.Null)
        {
            throw IcwsError.InvalidProperty(NameOf(property), "null is not allowed.");
        }
        return true;
    }

    /// <summary>The <c>__type</c> value, which may appear anywhere in the object; null when absent.</summary>
    public string? TypeUrn => _element.TryGetProperty("__type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;

    /// <summary>Checks <c>__type</c> against the allowed URNs: missing → missingPropertyError, other → invalidPropertyError.</summary>
    public string RequireType(params string[] allowed)
    {
        if (!_element.TryGetProperty("__type", out var t))
        {
            throw IcwsError.MissingProperty(NameOf("__type"));
        }
        var urn = t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var match = urn is null ? null : allowed.FirstOrDefault(a => string.Equals(a, urn, StringComparison.Ordinal));
        return match ?? throw IcwsError.InvalidProperty(NameOf("__type"), $"'{t.GetRawText()}' is not one of the expected types.");
    }

    public string RequiredString(string property, bool allowEmpty = false) =>
        OptionalString(property, allowEmpty) ?? throw IcwsError.MissingProperty(NameOf(property));

    public string? OptionalString(string property, bool allowEmpty = true)
    {
        if (!TryGet(property, out var v))
        {
            return null;
        }
        if (v.ValueKind != JsonValueKind.String)
        {
            throw IcwsError.InvalidProperty(NameOf(property), "a JSON string is expected.");
        }
        var s = v.GetString()!;
        if (!allowEmpty && s.Length == 0)
        {
            throw IcwsError.InvalidProperty(NameOf(property), "an empty string is not allowed.");
        }
        return s;
    }

    /// <summary>A GUID in its usual 8-4-4-4-12 text form (any hex case); other forms are rejected [U].</summary>
    public Guid RequiredGuid(string property)
    {
        var text = RequiredString(property);
        return Guid.TryParseExact(text, "D", out var g)
            ? g
            : throw IcwsError.InvalidProperty(NameOf(property), "a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx) is expected.");
    }

    /// <summary>A DateTime in the basic ISO form <c>yyyyMMddTHHmmssZ</c> (see <see cref="Wire.TryParseTimestamp"/>).</summary>
    public DateTimeOffset RequiredDateTime(string property)
    {
        var text = RequiredString(property);
        return Wire.TryParseTimestamp(text, out var t)
            ? t
            : throw IcwsError.InvalidProperty(NameOf(property), "a DateTime like 20240131T142500Z is expected.");
    }

    public bool RequiredBool(string property) => OptionalBool(property) ?? throw IcwsError.MissingProperty(NameOf(property));

    public bool? OptionalBool(string property)
    {
        if (!TryGet(property, out var v))
        {
            return null;
        }
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            // Peers that sent "1" or "true" relied on lenient parsing; the contract says Boolean.
            _ => throw IcwsError.InvalidProperty(NameOf(property), "a JSON boolean (true/false) is expected."),
        };
    }

    public int RequiredInt(string property, int min = int.MinValue, int max = int.MaxValue) =>
        OptionalInt(property, min, max) ?? throw IcwsError.MissingProperty(NameOf(property));

    /// <summary>An integer (enums included); strings such as <c>"1"</c> are rejected.</summary>
    public int? OptionalInt(string property, int min = int.MinValue, int max = int.MaxValue)
    {
        if (!TryGet(property, out var v))
        {
            return null;
        }
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var n))
        {
            throw IcwsError.InvalidProperty(NameOf(property), "a JSON integer is expected.");
        }
        if (n < min || n > max)
        {
            throw IcwsError.InvalidProperty(NameOf(property), $"{n} is outside {min}..{max}.");
        }
        return n;
    }

    public RequestJson RequiredObject(string property) =>
        OptionalObject(property) ?? throw IcwsError.MissingProperty(NameOf(property));

    public RequestJson? OptionalObject(string property)
    {
        if (!TryGet(property, out var v))
        {
            return null;
        }
        if (v.ValueKind != JsonValueKind.Object)
        {
            throw IcwsError.InvalidProperty(NameOf(property), "a JSON object is expected.");
        }
        return new RequestJson(v, NameOf(property));
    }

    public IReadOnlyList<JsonElement>? OptionalArray(string property)
    {
        if (!TryGet(property, out var v))
        {
            return null;
        }
        if (v.ValueKind != JsonValueKind.Array)
        {
            throw IcwsError.InvalidProperty(NameOf(property), "a JSON array is expected.");
        }
        return v.EnumerateArray().ToArray();
    }

    public IReadOnlyList<JsonElement> RequiredArray(string property, bool allowEmpty = false)
    {
        var items = OptionalArray(property) ?? throw IcwsError.MissingProperty(NameOf(property));
        if (!allowEmpty && items.Count == 0)
        {
            throw IcwsError.InvalidProperty(NameOf(property), "at least one element is required.");
        }
        return items;
    }

    public IReadOnlyList<string> RequiredStringArray(string property, bool allowEmpty = false)
    {
        var result = new List<string>();
        foreach (var e in RequiredArray(property, allowEmpty))
        {
            if (e.ValueKind != JsonValueKind.String || e.GetString()!.Length == 0)
            {
                throw IcwsError.InvalidProperty(NameOf(property), "every element must be a non-empty JSON string.");
            }
            result.Add(e.GetString()!);
        }
        return result;
    }

    /// <summary>A String→String dictionary (attribute maps): every value must be a JSON string.</summary>
    public Dictionary<string, string>? OptionalStringMap(string property)
    {
        if (!TryGet(property, out var v))
        {
            return null;
        }
        if (v.ValueKind != JsonValueKind.Object)
        {
            throw IcwsError.InvalidProperty(NameOf(property), "a JSON object of strings is expected.");
        }
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in v.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String)
            {
                throw IcwsError.InvalidProperty(NameOf(property), $"the value of '{p.Name}' must be a JSON string (attribute values are always strings).");
            }
            map[p.Name] = p.Value.GetString()!;
        }
        return map;
    }

    public RequestJson ElementAsObject(JsonElement e, string property, int index)
    {
        var name = $"{NameOf(property)}[{index}]";
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw IcwsError.InvalidProperty(name, "a JSON object is expected.");
        }
        return new RequestJson(e, name);
    }
}
