using System;
using System.Linq;
using System.Threading.Tasks;
using Icws.Client;
using Xunit;

namespace Icws.Runtime.Tests;

/// <summary>
/// Every non-watch endpoint of the spec, called through the generated client against the simulator.
/// Where the reference says what an action does to the interaction, the simulator's state is checked.
/// </summary>
public class ActionEndpointTests
{
    [Fact]
    public async Task CallActions()
    {
        await using var h = await Harness.StartAsync();
        var icws = h.Client.Interactions;
        var id = await h.CallAsync();
        string Attribute(string name) => h.Simulator.GetInteraction(id)![name] ?? string.Empty;

        await icws.SetAttributesAsync(id, AttributeMap.Of(("Acme_Note", "first")));
        await icws.SetAttributesAsync(id, AttributeMap.Of(("Acme_Note", "second")), AppendMode.AppendWithSeparator);
        Assert.Equal("first|second", (await icws.GetAttributesAsync(id, ["Acme_Note"]))["Acme_Note"]);

        await icws.HoldAsync(id, on: true);
        Assert.Equal("H", Attribute(Attr.Eic_State));
        await icws.HoldAsync(id, on: false);
        Assert.Equal("C", Attribute(Attr.Eic_State));
        await icws.MuteAsync(id, on: true);
        Assert.Equal("1", Attribute(Attr.Eic_Muted));
        await icws.MakePrivateAsync(id, on: true);
        Assert.Equal("1", Attribute(Attr.Eic_Private));
        await icws.PauseAsync(id, on: true);
        await icws.PauseAsync(id, on: false);
        await icws.SecurePauseAsync(id, SecurePauseType.PauseWithSpecifiedTimeout, duration: 30);
        await icws.SecurePauseAsync(id, SecurePauseType.ResumeRecording);
        await icws.RecordAsync(id, on: true, supervisor: false);
        Assert.Contains("agent", Attribute(Attr.Eic_Recorders), StringComparison.Ordinal);
        await icws.RecordSnippetAsync(id, on: true, supervisor: false);
        await icws.ListenAsync(id, on: true, supervisor: false);
        Assert.Contains("agent", Attribute(Attr.Eic_Monitors), StringComparison.Ordinal);
        await icws.CoachAsync(id, on: true, supervisor: true);
        await icws.SendDigitsAsync(id, "1234#");
        await icws.PlayWavAsync(id, "greeting.wav");
        await icws.InvitePartyAsync(id, "555-0199", CallMadeStage.Allocated);
        await icws.AssignWrapUpAsync(id, new WrapupAssignment { Code = "Sale", SegmentId = 1, Time = DateTimeOffset.UtcNow, User = "agent", SourceInteractionId = id });
        await icws.JoinAsync(id);

        var assistance = await icws.RequestAssistanceAsync(id, "Customer asks for a refund over the limit");
        await icws.AddAssistanceMessageAsync(assistance.AssistanceId, "Amount: 1200");
        await icws.CompleteAssistanceAsync(assistance.AssistanceId);

        await icws.ParkAsync(id, target: "user:agent");
        Assert.Equal("P", Attribute(Attr.Eic_State));
        await icws.PickupAsync(id);
        Assert.Equal("C", Attribute(Attr.Eic_State));
        await icws.SendToVoicemailAsync(id);
        Assert.Equal("M", Attribute(Attr.Eic_State));

        var second = await h.CallAsync("555-0124");
        await icws.TransferToVoicemailAsync(second, target: "user:John.Smith");
        Assert.Equal("M", h.Simulator.GetInteraction(second)![Attr.Eic_State]);

        var third = await h.CallAsync("555-0125");
        await icws.DisconnectAsync(third);
        Assert.Null(h.Simulator.GetInteraction(third)?.Queues is { Count: > 0 } ? third : null);
    }

    [Fact]
    public async Task ConsultTransfer_Conclude_ChangeAudience_Cancel()
    {
        await using var h = await Harness.StartAsync();
        var icws = h.Client.Interactions;
        var id = await h.CallAsync();

        var consult = await icws.ConsultAsync(id, new CreateConsultParameters { Target = "user:John.Smith" });
        Assert.Equal("H", h.Simulator.GetInteraction(id)![Attr.Eic_State]);
        await icws.ChangeConsultAudienceAsync(id, consult.ConsultId, new ConsultTransferAudience { OriginalParty = true, ConsultedParty = true });
        await icws.ConcludeConsultAsync(id, consult.ConsultId);
        Assert.Contains(h.Simulator.GetInteraction(id)!.Queues, q => q.QueueName == "John.Smith");

        var other = await h.CallAsync("555-0126");
        var cancelled = await icws.ConsultAsync(other, new CreateConsultParameters { QueueId = new QueueId { QueueType = QueueType.Workgroup, QueueName = "Support" } });
        await icws.CancelConsultAsync(other, cancelled.ConsultId);
    }

    [Fact]
    public async Task Conferences()
    {
        await using var h = await Harness.StartAsync();
        var icws = h.Client.Interactions;
        var a = await h.CallAsync("555-0131");
        var b = await h.CallAsync("555-0132");
        var c = await h.CallAsync("555-0133");

        var conference = await icws.CreateConferenceAsync([a, b]);
        await icws.AddToConferenceAsync(conference.ConferenceId, [c]);
        await icws.InviteToConferenceAsync(conference.ConferenceId, "555-0134");

        Assert.Equal(conference.ConferenceId, h.Simulator.GetInteraction(c)![Attr.Eic_ConferenceId]);
    }

    [Fact]
    public async Task EveryCreateVariant_PlacesAnInteraction()
    {
        await using var h = await Harness.StartAsync();
        var icws = h.Client.Interactions;
        var support = new QueueId { QueueType = QueueType.Workgroup, QueueName = "Support" };
        var email = new EmailContent { Sender = new EmailAddress { DisplayName = "Pat", Address = "pat@example.com" }, Subject = "Order 42", Bodies = [new EmailBody { Body = "Where is it?", BodyType = EmailBodyType.Text }] };

        var call = await icws.CreateAsync(new CreateCallParameters { Target = "555-0141", Workgroup = "Support", AdditionalAttributes = new System.Collections.Generic.Dictionary<string, string> { ["Acme_Source"] = "test" } });
        var callback = await icws.CreateAsync(new CreateCallbackParameters { Target = "555-0142", TargetQueue = support, Subject = "Call me back", Name = "Pat" });
        var response = await icws.CreateAsync(new CreateCallbackResponseCallParameters { ParentInteractionId = callback.InteractionId, Target = "555-0142" });
        var chat = await icws.CreateAsync(new CreateChatParameters { Target = "user:John.Smith" });
        var mail = await icws.CreateAsync(new CreateEmailParameters { EmailContent = email, Workgroup = "Support" });
        var reply = await icws.CreateAsync(new CreateEmailResponseParameters
        {
            ParentInteractionId = mail.InteractionId,
            ResponseType = EmailResponseType.Reply,
            EmailContent = new EmailResponseContent { Sender = email.Sender, Subject = "Re: Order 42", AttachmentsFromParent = EmailResponseAttachments.None },
        });
        var generic = await icws.CreateAsync(new CreateGenericInteractionParameters { QueueId = support, InitialState = InteractionState.Offering, RemoteName = "Ticket 7" });

        foreach (var created in new[] { call, callback, response, chat, mail, reply, generic })
        {
            Assert.NotNull(h.Simulator.GetInteraction(created.InteractionId));
        }

        Assert.Equal("test", h.Simulator.GetInteraction(call.InteractionId)!["Acme_Source"]);
        Assert.Equal("Call", h.Simulator.GetInteraction(call.InteractionId)![Attr.Eic_ObjectType]);
        Assert.Contains(h.Simulator.GetInteraction(generic.InteractionId)!.Queues, q => q.QueueType == 2 && q.QueueName == "Support");

        // Media actions on the interactions they belong to.
        await icws.SetCallbackDispositionAsync(callback.InteractionId, CallbackDisposition.Retry);
        await icws.SendChatMessageAsync(chat.InteractionId, "Hello", clearTypingIndicator: true);
        await icws.SetChatTypingAsync(chat.InteractionId, on: true);
        await icws.SendChatResponseManagementFileAsync(chat.InteractionId, Guid.NewGuid());
        await icws.SaveEmailAsync(reply.InteractionId, new EmailSaveParameters { EmailContent = email });
        var upload = await icws.UploadEmailAttachmentAsync(reply.InteractionId, "invoice.pdf", isInlineAttachment: false);
        Assert.False(string.IsNullOrEmpty(upload.UploadUri));
        await icws.InsertResponseManagementAttachmentAsync(reply.InteractionId, Guid.NewGuid(), isInlineAttachment: false);
        var resolved = await icws.ResolveEmailAddressAsync("John", maxResults: 5);
        Assert.NotNull(resolved.MatchedAddresses);
        await icws.SendEmailAsync(reply.InteractionId);
    }

    [Fact]
    public async Task ConnectionMessagingAndLicenseEndpoints()
    {
        await using var h = await Harness.StartAsync();
        var connection = h.Client.Connection;

        Assert.Equal(ConnectionState.Up, (await connection.GetConnectionAsync()).ConnectionState);
        Assert.Equal(h.Session.Features["queues"], (await connection.GetFeatureAsync("queues")).Version);
        Assert.False(string.IsNullOrEmpty((await connection.GetVersionAsync()).MajorVersion));
        Assert.True((await connection.GetServerTimeAsync()).ServerUtcTime > DateTimeOffset.UtcNow.AddDays(-1));
        await connection.GetServerInfoAsync(acceptLanguage: "en-us");
        Assert.False((await connection.GetSwitchoverStatusAsync()).IsSwitchoverActive);
        Assert.False(string.IsNullOrEmpty((await connection.CreateUniqueAuthTokenAsync(Guid.NewGuid())).AuthToken));
        await connection.SetStationAsync(new WorkstationSettings { Workstation = h.Simulator.Options.Users.First(u => u.UserId == "agent").Station, SupportedMediaTypes = [SupportedMediaType.Call], ReadyForInteractions = true });
        Assert.False(string.IsNullOrEmpty((await connection.GetStationAsync()).Id));
        await connection.WatchStationAsync();
        await connection.UnwatchStationAsync();
        await connection.DisconnectStationAsync();
        await h.Client.Messaging.SendHeartbeatAsync();

        var licenses = h.Client.Licenses;
        var acquired = await licenses.AcquireAsync(["I3_LICENSE_BASIC_STATION", "I3_NO_SUCH_LICENSE"]);
        Assert.Equal(2, acquired.LicenseOperationResultList.Count);
        await licenses.ReplaceAsync(["I3_LICENSE_BASIC_STATION"]);
        await licenses.WatchAsync(["I3_LICENSE_BASIC_STATION"]);
        await licenses.UnwatchAsync();
        await licenses.ReleaseAsync();
    }

    [Fact]
    public async Task OtherWatches_StartAndStop()
    {
        await using var h = await Harness.StartAsync();
        var icws = h.Client.Interactions;
        var support = new QueueId { QueueType = QueueType.Workgroup, QueueName = "Support" };
        var callback = await icws.CreateAsync(new CreateCallbackParameters { Target = "555-0151", TargetQueue = support, Subject = "Later" });
        var chat = await icws.CreateAsync(new CreateChatParameters { Target = "user:John.Smith" });
        var mail = await icws.CreateAsync(new CreateEmailParameters { EmailContent = new EmailContent { Sender = new EmailAddress { DisplayName = "Pat" } } });

        await icws.WatchAlertingAsync([Attr.Eic_RemoteName]);
        await icws.WatchHistoryAsync(10);
        await icws.WatchCallbackAsync(callback.InteractionId);
        await icws.WatchChatAsync(chat.InteractionId);
        await icws.WatchEmailAsync(mail.InteractionId);
        Assert.True(h.Simulator.GetSubscriptions(h.Session.SessionId).Count >= 5);

        await icws.UnwatchAlertingAsync();
        await icws.UnwatchHistoryAsync();
        await icws.UnwatchCallbackAsync(callback.InteractionId);
        await icws.UnwatchChatAsync(chat.InteractionId);
        await icws.UnwatchEmailAsync(mail.InteractionId);
        Assert.Empty(h.Simulator.GetSubscriptions(h.Session.SessionId));
    }
}
