using System;
using System.Linq;
using System.Threading.Tasks;
using Icws.Client;
using Xunit;

namespace Icws.Runtime.Tests;

/// <summary>
/// Writing attributes through the typed setters of <see cref="InteractionAttributes.Builder"/> (the standard
/// attributes) and the extension setters generated from this project's routing.icws.json: each kind goes to the
/// simulator as the text ICWS uses and comes back through the typed accessor as the value written.
/// </summary>
public class AttributeWriteTests
{
    // 09:30:15 at UTC+1: written as 08:30:15 UTC.
    private static readonly DateTimeOffset Due = new(2026, 12, 7, 9, 30, 15, TimeSpan.FromHours(1));

    [Fact]
    public async Task StandardAttributes_OfEachKind_AreWrittenAsIcwsText_AndReadBackTyped()
    {
        await using var h = await Harness.StartAsync();
        var id = await h.CallAsync();
        var capabilities = InteractionCapabilities.Hold | InteractionCapabilities.Record | (InteractionCapabilities)4096;

        await h.Client.Interactions.SetAttributesAsync(id, new InteractionAttributes.Builder()
            .SetSubject("Refund over the limit")
            .SetPrivate(true)
            .SetRemoteSiteId(42)
            .SetCallDirection(CallDirectionCode.Outbound)
            .SetCapabilities(capabilities)
            .SetAnswerTime(Due));

        var sent = h.Recorder.Requests.Single(r => r.Method == "POST" && r.Path == $"/icws/{h.Session.SessionId}/interactions/{id}");
        Assert.Equal(
            """{"attributes":{"Eic_Subject":"Refund over the limit","Eic_Private":"1","Eic_RemoteSiteId":"42","Eic_CallDirection":"O","Eic_Capabilities":"5376","Eic_AnswerTime":"20261207T083015Z"}}""",
            sent.Body);
        var stored = h.Simulator.GetInteraction(id)!;
        Assert.Equal("1", stored[Attr.Eic_Private]);
        Assert.Equal("20261207T083015Z", stored[Attr.Eic_AnswerTime]);

        var a = await h.Client.Interactions.GetAttributesAsync(
            id, [Attr.Eic_Subject, Attr.Eic_Private, Attr.Eic_RemoteSiteId, Attr.Eic_CallDirection, Attr.Eic_Capabilities, Attr.Eic_AnswerTime]);
        Assert.Equal("Refund over the limit", a.Subject);
        Assert.True(a.Private);
        Assert.Equal(42, a.RemoteSiteId);
        Assert.Equal(CallDirectionCode.Outbound, a.CallDirection);
        Assert.Equal(capabilities, a.Capabilities);
        Assert.Equal(Due, a.AnswerTime);
    }

    [Fact]
    public async Task ProjectsOwnAttributes_OfEachKind_AreWrittenByTheirExtensionSetters_AndReadBackTyped()
    {
        await using var h = await Harness.StartAsync();
        var id = await h.CallAsync();
        var handleTime = TimeSpan.FromSeconds(245);

        await h.Client.Interactions.SetAttributesAsync(id, new InteractionAttributes.Builder()
            .SetRoutingPriority(7)
            .SetIsVip(true)
            .SetNote("prefers e-mail")
            .SetSegment(CustomerSegment.Business)
            .SetCallbackDue(Due)
            .SetHandleTime(handleTime)
            .SetNeeds(CustomerNeeds.Billing | CustomerNeeds.Sales));

        var stored = h.Simulator.GetInteraction(id)!;
        Assert.Equal("7", stored[RoutingAttr.Acme_RoutingPriority]);
        Assert.Equal("1", stored[RoutingAttr.Acme_IsVip]);
        Assert.Equal("prefers e-mail", stored[RoutingAttr.Acme_Note]);
        Assert.Equal("B", stored[RoutingAttr.Acme_Segment]);
        Assert.Equal("20261207T083015Z", stored[RoutingAttr.Acme_CallbackDue]);
        Assert.Equal("245", stored[RoutingAttr.Acme_HandleTime]);
        Assert.Equal("9", stored[RoutingAttr.Acme_Needs]);

        var a = await h.Client.Interactions.GetAttributesAsync(id, RoutingAttr.All);
        Assert.Equal(7, a.RoutingPriority());
        Assert.True(a.IsVip());
        Assert.Equal("prefers e-mail", a.Note());
        Assert.Equal(CustomerSegment.Business, a.Segment());
        Assert.Equal(Due, a.CallbackDue());
        Assert.Equal(handleTime, a.HandleTime());
        Assert.Equal(CustomerNeeds.Billing | CustomerNeeds.Sales, a.Needs());
    }

    [Fact]
    public async Task AMap_AndAnAppendMode_GoStraightToSetAttributes()
    {
        await using var h = await Harness.StartAsync();
        var id = await h.CallAsync();

        await h.Client.Interactions.SetAttributesAsync(id, AttributeMap.Of((RoutingAttr.Acme_Note, "first")));
        await h.Client.Interactions.SetAttributesAsync(id, new InteractionAttributes.Builder().SetNote("second"), AppendMode.AppendWithSeparator);

        Assert.Equal("first|second", (await h.Client.Interactions.GetAttributesAsync(id, [RoutingAttr.Acme_Note])).Note());
        Assert.Equal("""{"attributes":{"Acme_Note":"second"},"appendMode":2}""", h.Recorder.Requests.Last(r => r.Method == "POST").Body);
    }

    [Fact]
    public void ALaterValue_ReplacesAnEarlierOne_IgnoringCase()
    {
        var a = new InteractionAttributes.Builder().Set("acme_note", "draft").SetPrivate(false).SetNote("final").ToAttributes();

        Assert.Equal(2, a.Map.Count);
        Assert.Equal("final", a.Note());
        Assert.Equal("0", a[Attr.Eic_Private]);
    }

    [Fact]
    public void ToAttributes_IsASnapshot_AndTheBuilderConvertsWhereAttributesAreTaken()
    {
        var builder = new InteractionAttributes.Builder().SetRoutingPriority(1);
        var first = builder.ToAttributes();
        builder.SetRoutingPriority(2).SetSegment(CustomerSegment.Consumer);
        InteractionAttributes second = builder;

        Assert.Equal(1, first.RoutingPriority());
        Assert.Null(first.Segment());
        Assert.Equal(2, second.RoutingPriority());
        Assert.Equal(CustomerSegment.Consumer, second.Segment());
    }

    [Fact]
    public void Codes_WriteTheirLetter_NoneAsEmpty_AndRefuseWhatNoLetterReadsBackAs()
    {
        var a = new InteractionAttributes.Builder()
            .SetState(InteractionStateCode.None)
            .SetSegment((CustomerSegment)'Z')
            .ToAttributes();

        Assert.Equal(string.Empty, a[Attr.Eic_State]);
        Assert.Equal(InteractionStateCode.None, a.State);
        Assert.Equal("Z", a[RoutingAttr.Acme_Segment]);
        Assert.Equal('Z', (char)a.Segment()!.Value);
        var builder = new InteractionAttributes.Builder();
        Assert.Throws<ArgumentOutOfRangeException>("value", () => builder.SetState(InteractionStateCode.Unrecognized));
        Assert.Throws<ArgumentOutOfRangeException>("value", () => builder.SetSegment((CustomerSegment)0xD800));
        Assert.Empty(builder.ToAttributes().Map);
    }

    [Fact]
    public void TimesAndDurations_AreWrittenToTheSecond_AndNegativeDurationsAreRefused()
    {
        var a = new InteractionAttributes.Builder()
            .SetCallbackDue(Due.AddMilliseconds(750))
            .SetHandleTime(TimeSpan.FromSeconds(90.9))
            .ToAttributes();

        Assert.Equal("20261207T083015Z", a[RoutingAttr.Acme_CallbackDue]);
        Assert.Equal(Due, a.CallbackDue());
        Assert.Equal(TimeSpan.FromSeconds(90), a.HandleTime());
        Assert.Throws<ArgumentOutOfRangeException>("value", () => new InteractionAttributes.Builder().SetHandleTime(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void NullNamesValuesAndBuilders_AreRefused()
    {
        var builder = new InteractionAttributes.Builder();
        InteractionAttributes.Builder? none = null;

        Assert.Throws<ArgumentNullException>("name", () => builder.Set(null!, "x"));
        Assert.Throws<ArgumentNullException>("value", () => builder.Set(Attr.Eic_Subject, null!));
        Assert.Throws<ArgumentNullException>("value", () => builder.SetSubject(null!));
        Assert.Throws<ArgumentNullException>("attributes", () => none!.SetRoutingPriority(1));
        Assert.Throws<ArgumentNullException>("builder", () => _ = (InteractionAttributes)none!);
    }
}
