using Microsoft.CodeAnalysis;

namespace Icws.Analyzers.Tests;

/// <summary>Spec files of a project's own (next to the package's standard spec) and of libraries built with Icws.Generated.</summary>
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

    /// <summary>
    /// A project's own endpoints whose C# parameter names differ from their wire names ("csharpName"): a GET whose
    /// attribute-name query is <c>attrs</c> (C# <c>fields</c>), and an interaction watch whose <c>{interactionId}</c> is
    /// filled by <c>callId</c>.
    /// </summary>
    public static readonly (string Path, string Json) RenamedParameters = ("/project/calls.icws.json", """
        {
          "specVersion": 1,
          "endpoints": [
            {
              "area": "Interactions", "name": "GetCallAttributes", "method": "GET", "path": "/icws/{sessionId}/acme/calls/{interactionId}",
              "description": "Reads attributes through the Acme handler.",
              "parameters": [
                { "name": "interactionId", "csharpName": "callId", "in": "path", "type": "string", "description": "Interaction id." },
                { "name": "attrs", "csharpName": "fields", "in": "query", "type": "string[]", "attributeNames": true, "description": "Attribute names." }
              ],
              "response": "InteractionAttributesResult", "responseProperty": "attributes", "success": [200]
            },
            {
              "area": "Interactions", "name": "WatchCall", "method": "PUT", "path": "/icws/{sessionId}/messaging/subscriptions/acme-calls/{interactionId}",
              "description": "Starts an Acme watch of one interaction.",
              "parameters": [ { "name": "interactionId", "csharpName": "callId", "in": "path", "type": "string", "description": "Interaction id." } ],
              "body": { "type": "InteractionSubscriptionParameters", "flatten": true }, "success": [204], "watch": "interaction"
            },
            {
              "area": "Interactions", "name": "UnwatchCall", "method": "DELETE", "path": "/icws/{sessionId}/messaging/subscriptions/acme-calls/{interactionId}",
              "description": "Stops an Acme watch of one interaction.",
              "parameters": [ { "name": "interactionId", "csharpName": "callId", "in": "path", "type": "string", "description": "Interaction id." } ],
              "success": [204], "unwatch": "interaction"
            }
          ]
        }
        """);

    /// <summary>
    /// A project's own list-taking watches in an area of its own (<c>icws.Presence()</c>): a user-status watch, one
    /// per session, whose body property <c>userIds</c> carries the users (<c>"watchItems": "userIds"</c>); a statistics
    /// watch keyed by a subscription id whose query list <c>keys</c> (C# <c>statisticKeys</c>) carries the keys; a seat
    /// watch in the package's Licenses area (an extension method there); and a twin of the status watch without
    /// <c>watchItems</c>, which the rule must leave alone.
    /// </summary>
    public static readonly (string Path, string Json) ItemWatches = ("/project/presence.icws.json", """
        {
          "specVersion": 1,
          "types": [
            {
              "name": "UserStatusWatchParameters", "description": "Users whose status is watched.",
              "properties": [ { "name": "userIds", "type": "string[]", "required": true, "description": "User ids." } ]
            }
          ],
          "endpoints": [
            {
              "area": "Presence", "name": "WatchUserStatuses", "method": "PUT", "path": "/icws/{sessionId}/messaging/subscriptions/acme/user-statuses",
              "description": "Starts status messages for the given users (one such watch per session).",
              "body": { "type": "UserStatusWatchParameters", "flatten": true }, "success": [200], "watchItems": "userIds"
            },
            {
              "area": "Presence", "name": "WatchStatistics", "method": "PUT", "path": "/icws/{sessionId}/messaging/subscriptions/acme/statistics/{subscriptionId}",
              "description": "Starts statistic messages for the given keys.",
              "parameters": [
                { "name": "subscriptionId", "in": "path", "type": "string", "description": "Id chosen by the application." },
                { "name": "keys", "csharpName": "statisticKeys", "in": "query", "type": "string[]", "required": true, "description": "Statistic keys." }
              ],
              "success": [200], "watchItems": "keys"
            },
            {
              "area": "Licenses", "name": "WatchSeats", "method": "PUT", "path": "/icws/{sessionId}/messaging/subscriptions/acme/seats",
              "description": "Starts seat messages for the given licences (an extension method on the package's Licenses area).",
              "body": { "type": "LicenseListParameters", "flatten": true }, "success": [200], "watchItems": "licenseList"
            },
            {
              "area": "Presence", "name": "WatchUserStatusesUnmarked", "method": "PUT", "path": "/icws/{sessionId}/messaging/subscriptions/acme/other-statuses",
              "description": "The same shape as WatchUserStatuses, without watchItems.",
              "body": { "type": "UserStatusWatchParameters", "flatten": true }, "success": [200]
            }
          ]
        }
        """);

    /// <summary>The spec of library Contoso.Routing: two attributes with accessors and an endpoint in an area of its own.</summary>
    public static readonly (string Path, string Json) Contoso = ("/contoso/routing.icws.json", """
        {
          "specVersion": 1,
          "attributes": [
            { "name": "Contoso_Priority", "accessor": "Priority", "kind": "integer", "description": "Routing priority." },
            { "name": "Contoso_Region", "accessor": "Region", "kind": "string", "description": "Region of the caller." }
          ],
          "endpoints": [
            {
              "area": "Routing", "name": "GetRoutedAttributes", "method": "GET", "path": "/icws/{sessionId}/contoso/routed/{interactionId}",
              "description": "Reads attributes through the routing handler.",
              "parameters": [
                { "name": "interactionId", "in": "path", "type": "string", "description": "Interaction id." },
                { "name": "select", "in": "query", "type": "string[]", "attributeNames": true, "description": "Attribute names." }
              ],
              "response": "InteractionAttributesResult", "responseProperty": "attributes", "success": [200]
            }
          ]
        }
        """);

    /// <summary>The spec of library Fabrikam.Crm.</summary>
    public static readonly (string Path, string Json) Fabrikam = ("/fabrikam/crm.icws.json", """
        {
          "specVersion": 1,
          "attributes": [
            { "name": "Fabrikam_AccountId", "accessor": "AccountId", "kind": "string", "description": "CRM account." },
            { "name": "Fabrikam_Vip", "accessor": "IsVip", "kind": "boolean", "description": "A VIP caller." }
          ]
        }
        """);

    /// <summary>Library Contoso.Routing (namespace Contoso.Routing: <c>RoutingAttr</c>, <c>RoutingAttributeAccessors</c>, <c>RoutingApi</c>).</summary>
    public static MetadataReference ContosoLibrary => Library.Build("Contoso.Routing", "Contoso.Routing", Contoso);

    /// <summary>Library Fabrikam.Crm (namespace Fabrikam.Crm: <c>CrmAttr</c>, <c>CrmAttributeAccessors</c>).</summary>
    public static MetadataReference FabrikamLibrary => Library.Build("Fabrikam.Crm", "Fabrikam.Crm", Fabrikam);
}
