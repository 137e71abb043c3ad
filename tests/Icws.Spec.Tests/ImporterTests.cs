using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Icws.SpecImporter;
using Xunit;

namespace Icws.Spec.Tests;

/// <summary>
/// The importer (tools/Icws.SpecImporter) turns the facts into spec files and keeps what people curated: a re-import
/// of the repository's spec changes nothing, curated names, descriptions, feature versions and watch semantics survive,
/// and facts that drifted are taken from the facts again.
/// </summary>
public class ImporterTests
{
    private static FactsFile Facts => SpecConformanceTests.Facts.Value;

    private static Differences Listed => Differences.Load(Repository.File(Differences.DefaultPath));

    [Fact]
    public void ReImportingTheRepositorysSpec_ChangesNoByte()
    {
        var output = new Importer(Facts, Listed).Import(SpecConformanceTests.LoadSpec());

        var files = Directory.GetFiles(Repository.File("spec"), "*.spec.json").Select(f => Path.GetFileName(f)!).OrderBy(f => f, System.StringComparer.Ordinal).ToList();
        Assert.Equal(files, output.Keys.ToList());
        foreach (var (file, text) in output)
        {
            Assert.True(File.ReadAllText(Repository.File(Path.Combine("spec", file))) == text, file + " is not what the importer makes: run `dotnet run --project tools/Icws.SpecImporter -- import`");
        }
    }

    [Fact]
    public void CuratedNamesDescriptionsFeaturesAndWatchSemantics_SurviveAReImport()
    {
        var spec = SpecConformanceTests.LoadSpec();
        var hold = spec.Entries.Single(e => e.Section == "endpoints" && e.Name == "Hold").Node;
        hold["name"] = "HoldOrResume";
        hold["description"] = "Curated words.";
        hold["feature"] = new JsonObject { ["id"] = "interactions", ["version"] = 9 };
        var watch = spec.EndpointsByKey[FactsFile.OperationKey("PUT", "/icws/{sessionId}/messaging/subscriptions/status/user-statuses")].Node;
        watch["watchItems"] = "userIds";
        var userStatus = spec.Entries.Single(e => e.Section == "types" && e.Name == "UserStatus").Node;
        userStatus["description"] = "A curated type description.";
        var statusId = ((JsonArray)userStatus["properties"]!).OfType<JsonObject>().Single(p => (string?)p["name"] == "statusId");
        statusId["csharpName"] = "StatusKey";
        statusId["description"] = "A curated property description.";

        var output = Reparse(new Importer(Facts, Listed).Import(SpecSet.From(spec.Files, Facts)));

        var holdAfter = output.EndpointsByKey[FactsFile.OperationKey("POST", "/icws/{sessionId}/interactions/{interactionId}/hold")].Node;
        Assert.Equal("HoldOrResume", (string?)holdAfter["name"]);
        Assert.Equal("Curated words.", (string?)holdAfter["description"]);
        Assert.Equal(9, (int?)holdAfter["feature"]!["version"]);
        Assert.Equal("userIds", (string?)output.EndpointsByKey[FactsFile.OperationKey("PUT", "/icws/{sessionId}/messaging/subscriptions/status/user-statuses")].Node["watchItems"]);
        var statusAfter = output.EntryOfContract["Status.UserStatus"].Node;
        Assert.Equal("A curated type description.", (string?)statusAfter["description"]);
        var statusIdAfter = ((JsonArray)statusAfter["properties"]!).OfType<JsonObject>().Single(p => (string?)p["name"] == "statusId");
        Assert.Equal("StatusKey", (string?)statusIdAfter["csharpName"]);
        Assert.Equal("A curated property description.", (string?)statusIdAfter["description"]);
    }

    [Fact]
    public void FactsThatDrifted_AreTakenFromTheFactsAgain_AndAMissingOperationComesBack()
    {
        var spec = SpecConformanceTests.LoadSpec();
        var userStatus = spec.EntryOfContract["Status.UserStatus"].Node;
        var statusId = ((JsonArray)userStatus["properties"]!).OfType<JsonObject>().Single(p => (string?)p["name"] == "statusId");
        statusId["type"] = "int";
        statusId.Remove("required");
        var key = FactsFile.OperationKey("GET", "/icws/{sessionId}/status/status-messages");
        var endpoint = spec.EndpointsByKey[key].Node;
        ((JsonArray)endpoint.Parent!).Remove(endpoint);
        var before = Conformance.Compare(Facts, SpecSet.From(spec.Files, Facts));
        Assert.Contains("contract Status.UserStatus: property statusId type int (facts String)", before);

        var output = Reparse(new Importer(Facts, Listed).Import(SpecSet.From(spec.Files, Facts)));

        var after = Conformance.Compare(Facts, output);
        Assert.Equal(Listed.Listed.Keys.OrderBy(k => k), after.OrderBy(k => k));
        var statusIdAfter = ((JsonArray)output.EntryOfContract["Status.UserStatus"].Node["properties"]!).OfType<JsonObject>().Single(p => (string?)p["name"] == "statusId");
        Assert.Equal("string", (string?)statusIdAfter["type"]);
        Assert.True((bool?)statusIdAfter["required"]);
        Assert.Equal("GetStatusMessages", (string?)output.EndpointsByKey[key].Node["name"]);
    }

    private static SpecSet Reparse(System.Collections.Generic.IDictionary<string, string> files)
        => SpecSet.From(files.Select(f => (f.Key, (JsonObject)JsonNode.Parse(f.Value)!)).ToList(), Facts);
}
