using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Icws.SpecImporter;
using Xunit;

namespace Icws.Spec.Tests;

/// <summary>
/// The spec (spec/*.spec.json) against the ICWS facts (spec/facts/icws-sdk-facts.json): every operation, contract,
/// property, URN and enum value. The only differences allowed are those listed, with their reasons, in
/// spec/facts/differences.json; a listed difference that no longer exists fails too, so the list stays true.
/// </summary>
public class SpecConformanceTests
{
    internal static readonly Lazy<FactsFile> Facts = new(() => FactsFile.Load(Repository.File(FactsFile.DefaultPath)));

    internal static SpecSet LoadSpec() => SpecSet.Load(Repository.File("spec"), Facts.Value);

    [Fact]
    public void TheFactsAreTheWholeApi()
    {
        Assert.Equal(673, Facts.Value.Operations.Count);
        Assert.Equal(1125, Facts.Value.Contracts.Count);
        Assert.Equal(152, Facts.Value.Contracts.Values.Count(c => c.IsEnum));
    }

    [Fact]
    public void TheSpec_DiffersFromTheFacts_OnlyWhereDifferencesJsonSaysWhy()
    {
        var differences = Differences.Load(Repository.File(Differences.DefaultPath));
        var found = Conformance.Compare(Facts.Value, LoadSpec());

        var unlisted = found.Where(d => !differences.Contains(d)).ToList();
        var gone = differences.Listed.Keys.Where(d => !found.Contains(d)).ToList();
        Assert.True(unlisted.Count == 0, "differences not in spec/facts/differences.json:\n" + string.Join("\n", unlisted));
        Assert.True(gone.Count == 0, "listed in spec/facts/differences.json but no longer a difference:\n" + string.Join("\n", gone));
        Assert.All(differences.Listed.Values, reason => Assert.True(reason.Length >= 20, "a difference needs a reason: " + reason));
    }

    [Fact]
    public void EveryOperationAndContract_HasItsEntry_OrAListedReason()
    {
        var spec = LoadSpec();
        var differences = Differences.Load(Repository.File(Differences.DefaultPath));
        var missingOps = Facts.Value.Operations.Where(o => !spec.EndpointsByKey.ContainsKey(o.Key)).Select(o => $"operation {o.Method} {o.Url}: not in the spec").ToList();
        Assert.All(missingOps, m => Assert.True(differences.Contains(m), m));
        Assert.True(spec.EndpointsByKey.Count >= 672, $"{spec.EndpointsByKey.Count} endpoints");

        var missingContracts = Facts.Value.Contracts.Keys.Where(k => k != FactsFile.MessageRoot && !spec.EntryOfContract.ContainsKey(k)).ToList();
        Assert.Empty(missingContracts);

        // Every message type the facts know is a message of the spec (the pump dispatches it by __type).
        var messages = spec.Entries.Where(e => e.Section == "messages").Select(e => spec.ContractOf[e]).ToHashSet();
        Assert.All(Facts.Value.Contracts.Values.Where(c => c.Key != FactsFile.MessageRoot && !c.IsEnum && Facts.Value.IsMessage(c)), c => Assert.Contains(c.Key, messages));
    }

    [Theory]
    [InlineData("type", "contract Status.UserStatus: property statusId type int (facts String)")]
    [InlineData("required", "contract Status.UserStatus: property statusId required False (facts True)")]
    [InlineData("urn", "types UserStatus: not in the facts")]
    [InlineData("extra", "contract Status.UserStatus: property invented not in the facts")]
    [InlineData("missing", "contract Status.UserStatus: property statusId not in the spec")]
    [InlineData("enum", "contract Queues.QueueType: value User 7 (facts 1)")]
    [InlineData("body", "operation PUT /icws/{sessionId}/status/user-statuses/{userId}: body UserStatus (facts UserStatusUpdate)")]
    [InlineData("endpoint", "operation GET /icws/{sessionId}/status/status-messages: not in the spec")]
    public void TheCheck_FindsEachKindOfDifference(string change, string expected)
    {
        var spec = LoadSpec();
        JsonObject Entry(string name) => spec.Entries.Single(e => e.Name == name && e.Section != "endpoints").Node;
        JsonObject Property(string type, string name) => ((JsonArray)Entry(type)["properties"]!).OfType<JsonObject>().Single(p => (string?)p["name"] == name);
        switch (change)
        {
            case "type": Property("UserStatus", "statusId")["type"] = "int"; break;
            case "required": Property("UserStatus", "statusId").Remove("required"); break;
            case "urn": Entry("UserStatus")["urn"] = "urn:inin.com:status:somethingElse"; break;
            case "extra": ((JsonArray)Entry("UserStatus")["properties"]!).Add(new JsonObject { ["name"] = "invented", ["type"] = "string" }); break;
            case "missing": ((JsonArray)Entry("UserStatus")["properties"]!).Remove(Property("UserStatus", "statusId")); break;
            case "enum": ((JsonArray)Entry("QueueType")["values"]!).OfType<JsonObject>().Single(v => (string?)v["name"] == "User")["value"] = 7; break;
            case "body": spec.EndpointsByKey[FactsFile.OperationKey("PUT", "/icws/{sessionId}/status/user-statuses/{userId}")].Node["body"]!["type"] = "UserStatus"; break;
            case "endpoint": Remove(spec, FactsFile.OperationKey("GET", "/icws/{sessionId}/status/status-messages")); break;
        }

        var changed = SpecSet.From(spec.Files, Facts.Value);
        Assert.Contains(expected, Conformance.Compare(Facts.Value, changed));
    }

    private static void Remove(SpecSet spec, string key)
    {
        var node = spec.EndpointsByKey[key].Node;
        ((JsonArray)node.Parent!).Remove(node);
    }
}

/// <summary>The repository's files, found from the test's output folder.</summary>
internal static class Repository
{
    public static string Root { get; } = RepositoryRoot.Find(AppContext.BaseDirectory);

    public static string File(string relative) => Path.Combine(Root, relative);
}
