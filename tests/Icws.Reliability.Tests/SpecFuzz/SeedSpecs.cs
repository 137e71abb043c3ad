using System;
using System.Collections.Generic;
using System.IO;

namespace Icws.Reliability.Tests.SpecFuzz;

/// <summary>
/// What the spec fuzzer mutates: the default spec, and small custom specs that use every construct a custom file may
/// have (attributes of every kind, enums, types with a __type family, messages with watch feeds, endpoints with path,
/// query and header parameters and bodies). Kept here as text, not as *.icws.json files, which Consumer.props would
/// pick up into this project.
/// </summary>
internal static class SeedSpecs
{
    public const string DefaultPath = "/fuzz/spec/icws.spec.json";

    public const string CustomPath = "/fuzz/project/custom.icws.json";

    public static readonly Lazy<string> Default = new(() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Specs", "icws.spec.json")));

    public static readonly IReadOnlyList<string> Custom = new[]
    {
        """
        {
          "$schema": "../../spec/icws.spec.schema.json",
          "specVersion": 1,
          "description": "Routing data set by the IVR.",
          "enums": [
            { "name": "RoutingTier", "description": "Service tier.", "values": [ { "name": "Standard", "value": 0 }, { "name": "Gold", "value": 1 }, { "name": "Platinum", "value": 2 } ] }
          ],
          "attributes": [
            { "name": "Acme_RoutingPriority", "accessor": "RoutingPriority", "kind": "integer", "description": "Priority 0-9." },
            { "name": "Acme_CustomerId", "kind": "string", "description": "CRM customer number." },
            { "name": "Acme_IsVip", "accessor": "IsVip", "kind": "boolean", "description": "1 for a VIP." },
            { "name": "Acme_LastContact", "accessor": "LastContact", "kind": "timestamp", "description": "Last call (UTC)." },
            { "name": "Acme_Handle", "accessor": "HandleTime", "kind": "duration" },
            { "name": "Acme_Segment", "accessor": "Segment", "kind": "code", "enum": "CustomerSegment", "description": "Segment letter.",
              "codes": [ { "name": "Consumer", "value": "C" }, { "name": "Business", "value": "B" }, { "name": "Government", "value": "G" } ] },
            { "name": "Acme_Skills", "accessor": "Skills", "kind": "flags", "enum": "AcmeSkills",
              "codes": [ { "name": "Billing", "value": 1 }, { "name": "Tech", "value": 2 }, { "name": "Spanish", "value": 4 } ] }
          ]
        }
        """,
        """
        {
          "specVersion": 1,
          "areas": [ { "name": "Acme", "description": "Acme's own endpoints." } ],
          "enums": [
            { "name": "TicketState", "urn": "urn:acme:ticketState", "values": [ { "name": "Open", "value": 1 }, { "name": "Closed", "value": 2, "description": "Done." } ] }
          ],
          "types": [
            { "name": "Ticket", "urn": "urn:acme:ticket", "polymorphic": true, "description": "A ticket.",
              "properties": [
                { "name": "ticketId", "type": "string", "required": true, "description": "Id." },
                { "name": "state", "type": "TicketState" },
                { "name": "opened", "type": "dateTime" },
                { "name": "tags", "type": "string[]" },
                { "name": "owner", "type": "QueueId", "nullable": true },
                { "name": "extra", "type": "json" },
                { "name": "attributes", "type": "attributeMap", "attributeNames": true }
              ] },
            { "name": "PhoneTicket", "base": "Ticket", "urn": "urn:acme:phoneTicket", "properties": [ { "name": "number", "type": "string", "sensitive": true } ] },
            { "name": "AbstractTicket", "base": "Ticket", "abstract": true },
            { "name": "TicketRequest", "properties": [ { "name": "subject", "type": "string", "required": true }, { "name": "priority", "type": "int" }, { "name": "when", "type": "duration" } ] }
          ],
          "messages": [
            { "name": "TicketQueueMessage", "urn": "urn:acme:ticketQueueMessage",
              "feeds": { "kind": "queue", "key": "subscriptionId", "added": "added", "changed": "changed", "removed": "removed" },
              "properties": [
                { "name": "subscriptionId", "type": "string", "required": true },
                { "name": "added", "type": "QueueInteraction[]" },
                { "name": "changed", "type": "QueueInteraction[]" },
                { "name": "removed", "type": "string[]" }
              ] },
            { "name": "TicketChangedMessage", "urn": "urn:acme:ticketChangedMessage",
              "feeds": { "kind": "interaction", "key": "ticketId", "changed": "attributes" },
              "properties": [ { "name": "ticketId", "type": "string", "required": true }, { "name": "attributes", "type": "attributeMap", "required": true } ] }
          ],
          "endpoints": [
            { "area": "Acme", "name": "GetTicket", "method": "GET", "path": "/icws/{sessionId}/acme/tickets/{ticketId}", "description": "Reads a ticket.",
              "parameters": [
                { "name": "ticketId", "in": "path", "type": "string" },
                { "name": "select", "in": "query", "type": "string[]", "attributeNames": true },
                { "name": "X-Acme-Trace", "csharpName": "Trace", "in": "header", "type": "string" },
                { "name": "limit", "in": "query", "type": "int" }
              ],
              "response": "Ticket", "success": [200], "errors": [400, 401, 404], "feature": { "id": "acme", "version": 2 } },
            { "area": "Acme", "name": "CreateTicket", "method": "POST", "path": "/icws/{sessionId}/acme/tickets", "body": { "type": "TicketRequest", "flatten": true },
              "response": "Ticket", "responseProperty": "ticketId", "success": [201] },
            { "area": "Acme", "name": "Update", "method": "PUT", "path": "/icws/{sessionId}/acme/tickets/{ticketId}/state", "csrf": true,
              "parameters": [ { "name": "ticketId", "in": "path", "type": "string" } ], "body": { "type": "TicketRequest" }, "success": [200, 204] },
            { "area": "Acme", "name": "Ping", "method": "GET", "path": "/icws/acme/ping", "success": [200] }
          ]
        }
        """,
        """
        { "specVersion": 1, "attributes": [ { "name": "Acme_Note", "accessor": "Note", "kind": "string", "description": "Line one.\nLine two with <xml> & \"quotes\"." } ] }
        """,
    };
}
