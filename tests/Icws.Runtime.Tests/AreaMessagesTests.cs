using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Icws.Client;
using Xunit;

namespace Icws.Runtime.Tests;

/// <summary>
/// Most areas' messages are decoded once one of the area's watches starts (their spec area says
/// <c>messagesOnWatch</c>): the standard decoder does not reference them, so a trimmed app that never watches an area
/// does not keep its message types. The first five areas' messages are always decoded.
/// </summary>
public class AreaMessagesTests
{
    private const string UserStatusMessageUrn = "urn:inin.com:status:userStatusMessage";

    [Fact]
    public void TheStandardDecoder_KnowsTheAlwaysOnAreas_AndEachWatchedAreaItsOwn()
    {
        Assert.Contains("urn:inin.com:queues:queueContentsMessage", IcwsMessages.KnownTypeUrns);
        Assert.Contains("urn:inin.com:interactions:interactionChangedMessage", IcwsMessages.KnownTypeUrns);
        Assert.DoesNotContain(UserStatusMessageUrn, IcwsMessages.KnownTypeUrns);
        Assert.Contains(UserStatusMessageUrn, IcwsMessages.Status.KnownTypeUrns);
        Assert.Contains("urn:inin.com:statistics:statisticValueMessage", IcwsMessages.Statistics.KnownTypeUrns);

        // Read by the standard decoder the message stays raw; by its area's, it is typed.
        var json = Encoding.UTF8.GetBytes($$"""{"__type":"{{UserStatusMessageUrn}}","isDelta":false,"userStatusList":[]}""");
        var reader = new Utf8JsonReader(json);
        reader.Read();
        Assert.IsType<UnknownIcwsMessage>(IcwsMessages.Read(ref reader));
        reader = new Utf8JsonReader(json);
        reader.Read();
        Assert.IsType<UserStatusMessage>(IcwsMessages.Status.Read(ref reader));
    }

    [Fact]
    public async Task StartingAStatusWatch_MakesTheStatusMessagesTyped()
    {
        await using var h = await Harness.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));

        await h.Client.Status.WatchUserStatusesAsync(["agent", "John.Smith"], cancellationToken: timeout.Token);

        await foreach (var message in h.Session.ReadMessagesAsync(timeout.Token))
        {
            if (message.TypeUrn == UserStatusMessageUrn)
            {
                var statuses = Assert.IsType<UserStatusMessage>(message);
                Assert.False(statuses.IsDelta);
                Assert.Equal(["agent", "John.Smith"], statuses.UserStatusList.Select(s => s.UserId).Order(StringComparer.OrdinalIgnoreCase));
                return;
            }
        }
    }
}
