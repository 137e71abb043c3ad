using System;
using System.Collections.Generic;
using System.Linq;
using Icws.Runtime;
using Xunit;

namespace Icws.Runtime.Tests;

/// <summary>List query values (<c>select=</c>, <c>include=</c>): plain names joined as they are, anything else escaped, whatever the collection.</summary>
public class IcwsPathTests
{
    public static IEnumerable<object[]> Lists() =>
    [
        [new[] { "Eic_State" }, "Eic_State"],
        [new[] { "Eic_State", "Eic_RemoteName", "Eic_Muted" }, "Eic_State,Eic_RemoteName,Eic_Muted"],
        [new[] { "a-b.c_d~e" }, "a-b.c_d~e"],
        [Array.Empty<string>(), string.Empty],
        [new[] { string.Empty }, string.Empty],
        [new[] { "Eic_State", string.Empty }, "Eic_State,"],
        // A comma inside a value must not read as a separator: the joined text alone cannot tell, the count can.
        [new[] { "a,b" }, "a%2Cb"],
        [new[] { "a,b", "c" }, "a%2Cb,c"],
        [new[] { "a", ",", "c" }, "a,%2C,c"],
        [new[] { "x&logout=1", "y" }, "x%26logout%3D1,y"],
        [new[] { "Eic_State", "#frag" }, "Eic_State,%23frag"],
        [new[] { "a b", "ü" }, "a%20b,%C3%BC"],
    ];

    [Theory]
    [MemberData(nameof(Lists))]
    public void QueryList_JoinsPlainNames_AndEscapesTheRest_ForEveryCollectionShape(string[] values, string expected)
    {
        Assert.Equal(expected, IcwsPath.QueryList(values, "select"));
        Assert.Equal(expected, IcwsPath.QueryList(values.ToList(), "select"));
        Assert.Equal(expected, IcwsPath.QueryList(values.Select(v => v), "select"));

        // Each value comes back whole from its own comma-separated piece.
        if (values.Length > 0)
        {
            Assert.Equal(values, expected.Split(',').Select(Uri.UnescapeDataString));
        }
    }

    [Fact]
    public void QueryList_RefusesNull_InEveryCollectionShape()
    {
        string[] values = ["Eic_State", null!];
        Assert.Equal("select", Assert.Throws<ArgumentException>(() => IcwsPath.QueryList(values, "select")).ParamName);
        Assert.Equal("select", Assert.Throws<ArgumentException>(() => IcwsPath.QueryList(values.ToList(), "select")).ParamName);
        Assert.Equal("select", Assert.Throws<ArgumentException>(() => IcwsPath.QueryList(values.Select(v => v), "select")).ParamName);
        Assert.Throws<ArgumentNullException>(() => IcwsPath.QueryList(null!, "select"));
    }
}
