namespace Icws.Benchmarks.Consumers;

/// <summary>
/// A consumer's own small spec file, as the README's "Extending the spec" shows one: three custom attributes, one of
/// them a code attribute with its enum. Group 4 feeds it to the generator in memory; group 6 writes it into an app.
/// Kept as text here: a real <c>*.icws.json</c> in this project would be picked up by its own build.
/// </summary>
public static class RoutingSpec
{
    public const string FileName = "routing.icws.json";

    /// <summary>What the generator makes of it: <c>RoutingAttr</c>, <c>RoutingAttributeAccessors</c>, the enum and the assembly metadata.</summary>
    public const string CatalogClass = "RoutingAttr";

    public const string AccessorsClass = "RoutingAttributeAccessors";

    public const string Text = """
        {
          "specVersion": 1,
          "description": "Attributes this contact centre's IVR sets on incoming calls.",
          "attributes": [
            { "name": "Acme_RoutingPriority", "accessor": "RoutingPriority", "kind": "integer", "description": "Priority the IVR gave the caller, 0 (low) to 9 (urgent)." },
            { "name": "Acme_IsVip", "accessor": "IsVip", "kind": "boolean", "description": "1 when the caller is a VIP." },
            {
              "name": "Acme_Segment", "accessor": "Segment", "kind": "code", "enum": "CustomerSegment", "description": "Customer segment letter.",
              "codes": [ { "name": "Consumer", "value": "C" }, { "name": "Business", "value": "B" }, { "name": "Government", "value": "G" } ]
            }
          ]
        }
        """;
}
