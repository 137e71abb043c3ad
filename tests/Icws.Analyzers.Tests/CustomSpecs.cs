namespace Icws.Analyzers.Tests;

/// <summary>A project's own spec file, as a user adds it next to the default one.</summary>
internal static class CustomSpecs
{
    public static readonly (string Path, string Json) Routing = ("/project/routing.icws.json", """
        {
          "specVersion": 1,
          "description": "A project's own attributes.",
          "attributes": [
            { "name": "Acme_RoutingPriority", "accessor": "RoutingPriority", "kind": "integer", "description": "Priority the IVR gave the caller." },
            { "name": "Acme_CustomerId", "kind": "string", "description": "Customer number from the CRM lookup." }
          ]
        }
        """);
}
