using System;
using System.Collections.Generic;
using System.IO;

namespace Icws.Reliability.Tests.SpecFuzz;

/// <summary>
/// What the spec fuzzer mutates: the standard spec (in the package's own build), and small custom specs that use every
/// construct a custom file may have (attributes of every kind, enums, types with a __type family, messages with watch
/// feeds, endpoints with path, query and header parameters and bodies), in a consumer's build next to a pristine
/// <see cref="Companion"/> file of the same project. Kept here as text, not as *.icws.json files, which Consumer.props
/// would pick up into this project.
/// </summary>
/// <remarks>
/// The order and text of <see cref="Custom"/> are part of every case's identity (a case picks a seed by index): changing
/// them changes what a (seed, index) pair means, and old failure reports no longer reproduce.
/// </remarks>
internal static class SeedSpecs
{
    public const string StandardPath = "/fuzz/spec/icws.spec.json";

    public const string CustomPath = "/fuzz/project/custom.icws.json";

    /// <summary>The other spec file of the fuzzed consumer project; it sorts after <see cref="CustomPath"/>, so the mutated file is bound first.</summary>
    public const string CompanionPath = "/fuzz/project/ledger.icws.json";

    public static readonly Lazy<string> Standard = new(() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Specs", "icws.spec.json")));

    /// <summary>
    /// A pristine custom file beside the mutated one: every construct again, under names (Ledger*) that neither the seeds
    /// nor the mutator's lists use, so that whatever the mutated file holds, this file's output must come out unchanged.
    /// </summary>
    public const string Companion = """
        {
          "specVersion": 1,
          "name": "Ledger",
          "description": "The pristine neighbour of the mutated file.",
          "areas": [ { "name": "Ledger", "description": "Ledger endpoints." } ],
          "enums": [
            { "name": "LedgerKind", "values": [ { "name": "Debit", "value": 1 }, { "name": "Credit", "value": 2 } ] }
          ],
          "types": [
            { "name": "LedgerEntry", "urn": "urn:ledger:entry", "polymorphic": true,
              "properties": [
                { "name": "entryId", "type": "string", "required": true },
                { "name": "kind", "type": "LedgerKind" },
                { "name": "amounts", "type": "double[]" },
                { "name": "queue", "type": "QueueId", "nullable": true }
              ] },
            { "name": "LedgerCorrection", "base": "LedgerEntry", "urn": "urn:ledger:correction", "properties": [ { "name": "reason", "type": "string" } ] },
            { "name": "LedgerLine", "properties": [
                { "name": "interactionId", "type": "string", "required": true },
                { "name": "attributes", "type": "attributeMap", "required": true } ] },
            { "name": "LedgerWatchRequest", "properties": [ { "name": "accounts", "type": "string[]", "required": true } ] }
          ],
          "messages": [
            { "name": "LedgerLinesMessage", "urn": "urn:ledger:linesMessage",
              "feeds": { "kind": "queue", "key": "subscriptionId", "added": "added", "changed": "changed", "removed": "removed" },
              "properties": [
                { "name": "subscriptionId", "type": "string", "required": true },
                { "name": "added", "type": "LedgerLine[]" },
                { "name": "changed", "type": "LedgerLine[]" },
                { "name": "removed", "type": "string[]" }
              ] }
          ],
          "endpoints": [
            { "area": "Ledger", "name": "GetEntry", "method": "GET", "path": "/icws/{sessionId}/ledger/entries/{entryId}",
              "parameters": [ { "name": "entryId", "in": "path", "type": "string" }, { "name": "kinds", "in": "query", "type": "LedgerKind[]" } ],
              "response": "LedgerEntry", "success": [200], "feature": { "id": "ledger", "version": 2 } },
            { "area": "Ledger", "name": "PostAmounts", "method": "POST", "path": "/icws/{sessionId}/ledger/amounts", "body": { "type": "double[]" }, "success": [204] },
            { "area": "Ledger", "name": "WatchLines", "method": "PUT", "path": "/icws/{sessionId}/messaging/subscriptions/ledger/{subscriptionId}",
              "parameters": [ { "name": "subscriptionId", "in": "path", "type": "string" } ],
              "body": { "type": "LedgerWatchRequest", "flatten": true }, "success": [204], "watch": "queue", "watchItems": "accounts" },
            { "area": "Ledger", "name": "UnwatchLines", "method": "DELETE", "path": "/icws/{sessionId}/messaging/subscriptions/ledger/{subscriptionId}",
              "parameters": [ { "name": "subscriptionId", "in": "path", "type": "string" } ], "success": [204], "unwatch": "queue" },
            { "area": "Licenses", "name": "GetLedgerSeats", "method": "GET", "path": "/icws/{sessionId}/ledger/seats", "response": "int", "success": [200] }
          ],
          "attributes": [
            { "name": "Ledger_Balance", "accessor": "LedgerBalance", "kind": "integer" },
            { "name": "Ledger_Side", "accessor": "LedgerSide", "kind": "code", "enum": "LedgerSideCode",
              "codes": [ { "name": "Left", "value": "L" }, { "name": "Right", "value": "R" } ] }
          ]
        }
        """;

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
