using System.Linq;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Icws.Runtime.Tests;

/// <summary>A name appears once in a map, whatever its case and however the map was built.</summary>
public class AttributeMapTests
{
    [Fact]
    public void ReadFrom_ALaterNameWins_IgnoringCase_AmongNamesOfManyLengths()
    {
        var json = """{"Eic_State":"A","Eic_RemoteName":"Ann","Eic_Muted":"0","eic_state":"C","X":"1","EIC_MUTED":"1","Eic_CallId":"7"}""";
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();

        var map = AttributeMap.ReadFrom(ref reader);

        Assert.Equal(5, map.Count);
        Assert.Equal("C", map["Eic_State"]);
        Assert.Equal("1", map["Eic_Muted"]);
        Assert.Equal(new[] { "Eic_State", "Eic_RemoteName", "Eic_Muted", "X", "Eic_CallId" }, map.Select(p => p.Key));
    }

    [Fact]
    public void Merge_ReplacesExistingNames_IgnoringCase_AndAddsNewOnes()
    {
        var old = AttributeMap.Of(("Eic_State", "A"), ("Eic_Muted", "0"), ("Eic_RemoteName", "Ann"));

        var merged = old.Merge(AttributeMap.Of(("EIC_STATE", "H"), ("Eic_Muted", "1"), ("Eic_Recorders", "u1")));

        Assert.Equal(4, merged.Count);
        Assert.Equal("H", merged["Eic_State"]);
        Assert.Equal("1", merged["Eic_Muted"]);
        Assert.Equal("Ann", merged["Eic_RemoteName"]);
        Assert.Equal("u1", merged["Eic_Recorders"]);
        Assert.Equal("A", old["Eic_State"]);
    }

    [Fact]
    public void RepeatedShortValues_AreSharedInstances_EvenWhenTheyDifferOnlyInTheirLastDigits()
    {
        // Interaction ids in a queue differ in their last digits; a view holding thousands of them should hold one
        // copy of each value that repeats, so the string cache must spread such ids over its slots. The table is
        // lossy (4096 slots, the last writer keeps a slot): a uniform hash keeps about e^(-1000/4096) = 78% of
        // 1000 values; a hash that ignores the last digits keeps far fewer.
        var json = new StringBuilder("{");
        for (var i = 0; i < 1000; i++)
        {
            json.Append(i == 0 ? "" : ",").Append("\"Id").Append(i).Append("\":\"").Append(1000100000 + i).Append('"');
        }

        var bytes = Encoding.UTF8.GetBytes(json.Append('}').ToString());
        var first = Read(bytes);
        var second = Read(bytes);

        var shared = first.Zip(second).Count(p => ReferenceEquals(p.First.Value, p.Second.Value));
        Assert.Equal(1000, first.Count);
        Assert.True(shared >= 700, $"only {shared} of 1000 repeated ids came back as the same instance");

        static AttributeMap Read(byte[] bytes)
        {
            var reader = new Utf8JsonReader(bytes);
            reader.Read();
            return AttributeMap.ReadFrom(ref reader);
        }
    }

    [Fact]
    public void Of_AndPairs_KeepOneEntryPerName()
    {
        Assert.Equal(2, AttributeMap.Of(("Eic_Subject", "1"), ("Eic_Details", "2"), ("EIC_SUBJECT", "3")).Count);
        var fromPairs = new AttributeMap(new[] { new System.Collections.Generic.KeyValuePair<string, string>("Eic_Notes", "x"), new("EIC_NOTES", "y") });
        Assert.Equal("y", Assert.Single(fromPairs).Value);
    }
}
