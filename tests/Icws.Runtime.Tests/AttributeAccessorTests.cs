using System;
using Icws.Client;
using Xunit;

namespace Icws.Runtime.Tests;

/// <summary>Typed accessors of the generated InteractionAttributes, including those of this project's own routing.icws.json.</summary>
public class AttributeAccessorTests
{
    [Theory]
    [InlineData("A", InteractionStateCode.Alerting)]
    [InlineData("C", InteractionStateCode.Connected)]
    [InlineData("H", InteractionStateCode.Held)]
    [InlineData("X", InteractionStateCode.Suspended)]
    [InlineData("I", InteractionStateCode.InternalDisconnect)]
    [InlineData("E", InteractionStateCode.ExternalDisconnect)]
    [InlineData("", InteractionStateCode.None)]
    [InlineData("long", InteractionStateCode.Unrecognized)]
    public void State_LettersBecomeTheEnum(string text, InteractionStateCode expected)
        => Assert.Equal(expected, View((Attr.Eic_State, text)).State);

    [Fact]
    public void UnknownStateLetter_IsKept_NotLost()
    {
        var state = View((Attr.Eic_State, "Q")).State;

        Assert.Equal('Q', (char)state!.Value);
        Assert.False(Enum.IsDefined(state.Value));
    }

    [Fact]
    public void AbsentAttribute_IsNull_AndNamesAreCaseInsensitive()
    {
        var a = View(("eic_remotename", "Pat Caller"));

        Assert.Null(a.State);
        Assert.Equal("Pat Caller", a.RemoteName);
        Assert.Equal("Pat Caller", a[Attr.Eic_RemoteName]);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("0", false)]
    [InlineData("", null)]
    [InlineData("yes", null)]
    public void Booleans_AreZeroAndOne(string text, bool? expected) => Assert.Equal(expected, View((Attr.Eic_Muted, text)).Muted);

    [Fact]
    public void Timestamps_AreCompactUtc()
    {
        Assert.Equal(new DateTimeOffset(2024, 1, 31, 14, 25, 0, TimeSpan.Zero), View((Attr.Eic_InitiationTime, "20240131T142500Z")).InitiationTime);
        Assert.Equal(new DateTimeOffset(2024, 1, 31, 14, 25, 0, 500, TimeSpan.Zero), View((Attr.Eic_InitiationTime, "20240131T142500.5Z")).InitiationTime);
        Assert.Null(View((Attr.Eic_InitiationTime, "yesterday")).InitiationTime);
    }

    [Fact]
    public void Capabilities_AreFlags_AndUnknownBitsAreKept()
    {
        var caps = View((Attr.Eic_Capabilities, (2 + 256 + 4096).ToString())).Capabilities!.Value;

        Assert.True(caps.HasFlag(InteractionCapabilities.Disconnect));
        Assert.True(caps.HasFlag(InteractionCapabilities.Hold));
        Assert.False(caps.HasFlag(InteractionCapabilities.Mute));
        Assert.Equal(4096, (long)caps & 4096);
    }

    [Fact]
    public void Durations_AreSeconds()
        => Assert.Equal(TimeSpan.FromSeconds(75), View((Attr.Eic_ConnectDurationTime, "75")).ConnectDurationTime);

    [Fact]
    public void DirectionAndType_AreCodes()
    {
        var a = View((Attr.Eic_CallDirection, "O"), (Attr.Eic_CallType, "E"));

        Assert.Equal(CallDirectionCode.Outbound, a.CallDirection);
        Assert.Equal(CallTypeCode.External, a.CallType);
    }

    [Fact]
    public void CustomSpecAttributes_GetConstantsAndTypedAccessors()
    {
        var a = View((RoutingAttr.Acme_RoutingPriority, "7"), (RoutingAttr.Acme_IsVip, "1"), (RoutingAttr.Acme_Segment, "B"));

        Assert.Equal(7, a.RoutingPriority());
        Assert.True(a.IsVip());
        Assert.Equal(CustomerSegment.Business, a.Segment());
        Assert.Null(a.Note());
        Assert.Contains("Acme_RoutingPriority", RoutingAttr.All);
        Assert.DoesNotContain("Acme_RoutingPriority", Attr.All);
    }

    [Fact]
    public void ToString_ShowsNoValues()
        => Assert.DoesNotContain("secret", View(("Acme_Notes", "secret customer data")).ToString(), StringComparison.Ordinal);

    private static InteractionAttributes View(params (string Name, string Value)[] values) => AttributeMap.Of(values);
}
