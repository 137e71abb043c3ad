using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Icws.Client;

namespace Icws.Benchmarks.Clients;

/// <summary>The four clients of groups 1 and 2 over one kind of transport, and the one call per operation each makes.</summary>
public sealed class ClientSet : IAsyncDisposable
{
    private readonly List<HttpClient> _httpClients = new();

    private ClientSet()
    {
    }

    public IcwsSession Session { get; private set; } = null!;

    public IcwsClient Ours { get; private set; } = null!;

    public IIcwsRefitApi Refit { get; private set; } = null!;

    public StjClient Stj { get; private set; } = null!;

    public FloorClient Floor { get; private set; } = null!;

    /// <summary>Creates the clients; ours logs in through <paramref name="newHttpClient"/> like a real session.</summary>
    public static async Task<ClientSet> CreateAsync(Uri server, Func<HttpClient> newHttpClient)
    {
        var set = new ClientSet();
        HttpClient Next()
        {
            var client = newHttpClient();
            set._httpClients.Add(client);
            return client;
        }

        set.Session = await IcwsSession.ConnectAsync(new IcwsSessionOptions
        {
            Server = server,
            Credentials = IcwsCredentials.Password("agent", "benchmark"),
            HttpClient = Next(),
            MessageRetrieval = MessageRetrieval.Polling,
        }).ConfigureAwait(false);
        set.Ours = new IcwsClient(set.Session);
        set.Refit = RefitClientFactory.Create(Next(), server);
        set.Stj = new StjClient(Next(), server, Canned.SessionId);
        set.Floor = new FloorClient(Next(), server, Canned.SessionId);
        return set;
    }

    public Task CallOurs(Operation operation) => operation switch
    {
        Operation.GetAttributes2 => Ours.Interactions.GetAttributesAsync(Canned.InteractionId, Canned.Select2, CancellationToken.None),
        Operation.GetAttributes12 => Ours.Interactions.GetAttributesAsync(Canned.InteractionId, Canned.Select12, CancellationToken.None),
        Operation.Hold => Ours.Interactions.HoldAsync(Canned.InteractionId, on: true, CancellationToken.None),
        Operation.CreateCall => Ours.Interactions.CreateAsync(new CreateCallParameters { Target = Canned.CallTarget, Workgroup = Canned.CallWorkgroup }, CancellationToken.None),
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    public Task CallRefit(Operation operation) => operation switch
    {
        Operation.GetAttributes2 => Refit.GetAttributesAsync(Canned.SessionId, Canned.InteractionId, Canned.Select2, CancellationToken.None),
        Operation.GetAttributes12 => Refit.GetAttributesAsync(Canned.SessionId, Canned.InteractionId, Canned.Select12, CancellationToken.None),
        Operation.Hold => Refit.HoldAsync(Canned.SessionId, Canned.InteractionId, new HoldDto { On = true }, CancellationToken.None),
        Operation.CreateCall => Refit.CreateCallAsync(Canned.SessionId, new CreateCallDto { Target = Canned.CallTarget, Workgroup = Canned.CallWorkgroup }, CancellationToken.None),
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    public Task CallStj(Operation operation) => operation switch
    {
        Operation.GetAttributes2 => Stj.GetAttributesAsync(Canned.InteractionId, Canned.Select2, CancellationToken.None),
        Operation.GetAttributes12 => Stj.GetAttributesAsync(Canned.InteractionId, Canned.Select12, CancellationToken.None),
        Operation.Hold => Stj.HoldAsync(Canned.InteractionId, on: true, CancellationToken.None),
        Operation.CreateCall => Stj.CreateCallAsync(Canned.CallTarget, Canned.CallWorkgroup, CancellationToken.None),
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    public Task CallFloor(Operation operation) => operation switch
    {
        Operation.GetAttributes2 => Floor.GetAttributesAsync(Canned.InteractionId, Canned.Select2, CancellationToken.None),
        Operation.GetAttributes12 => Floor.GetAttributesAsync(Canned.InteractionId, Canned.Select12, CancellationToken.None),
        Operation.Hold => Floor.HoldAsync(Canned.InteractionId, on: true, CancellationToken.None),
        Operation.CreateCall => Floor.CreateCallAsync(Canned.CallTarget, Canned.CallWorkgroup, CancellationToken.None),
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    /// <summary>
    /// Makes every call of every client once and checks the results (the same values for every client). The
    /// transport's own check of the requests is read by the caller.
    /// </summary>
    public async Task CheckResultsAsync()
    {
        var ours2 = await Ours.Interactions.GetAttributesAsync(Canned.InteractionId, Canned.Select2, CancellationToken.None);
        var ours12 = await Ours.Interactions.GetAttributesAsync(Canned.InteractionId, Canned.Select12, CancellationToken.None);
        await Ours.Interactions.HoldAsync(Canned.InteractionId, on: true, CancellationToken.None);
        var oursCreated = await Ours.Interactions.CreateAsync(new CreateCallParameters { Target = Canned.CallTarget, Workgroup = Canned.CallWorkgroup }, CancellationToken.None);
        Expect(ours2.Map.Count == 2 && ours2.State == InteractionStateCode.Connected && ours2.RemoteName == "Jane Doe", "ours: 2 attributes");
        Expect(ours12.Map.Count == 12 && ours12.CallStateString == "Connected", "ours: 12 attributes");
        Expect(oursCreated.InteractionId == Canned.CreatedInteractionId, "ours: created id");

        var refit2 = await Refit.GetAttributesAsync(Canned.SessionId, Canned.InteractionId, Canned.Select2, CancellationToken.None);
        var refit12 = await Refit.GetAttributesAsync(Canned.SessionId, Canned.InteractionId, Canned.Select12, CancellationToken.None);
        await Refit.HoldAsync(Canned.SessionId, Canned.InteractionId, new HoldDto { On = true }, CancellationToken.None);
        var refitCreated = await Refit.CreateCallAsync(Canned.SessionId, new CreateCallDto { Target = Canned.CallTarget, Workgroup = Canned.CallWorkgroup }, CancellationToken.None);
        Expect(refit2.Attributes?.Count == 2 && refit2.Attributes["Eic_RemoteName"] == "Jane Doe", "refit: 2 attributes");
        Expect(refit12.Attributes?.Count == 12, "refit: 12 attributes");
        Expect(refitCreated.InteractionId == Canned.CreatedInteractionId, "refit: created id");

        var stj2 = await Stj.GetAttributesAsync(Canned.InteractionId, Canned.Select2, CancellationToken.None);
        var stj12 = await Stj.GetAttributesAsync(Canned.InteractionId, Canned.Select12, CancellationToken.None);
        await Stj.HoldAsync(Canned.InteractionId, on: true, CancellationToken.None);
        var stjCreated = await Stj.CreateCallAsync(Canned.CallTarget, Canned.CallWorkgroup, CancellationToken.None);
        Expect(stj2.Count == 2 && stj2["Eic_RemoteName"] == "Jane Doe", "stj: 2 attributes");
        Expect(stj12.Count == 12, "stj: 12 attributes");
        Expect(stjCreated == Canned.CreatedInteractionId, "stj: created id");

        var floor2 = await Floor.GetAttributesAsync(Canned.InteractionId, Canned.Select2, CancellationToken.None);
        var floor12 = await Floor.GetAttributesAsync(Canned.InteractionId, Canned.Select12, CancellationToken.None);
        await Floor.HoldAsync(Canned.InteractionId, on: true, CancellationToken.None);
        var floorCreated = await Floor.CreateCallAsync(Canned.CallTarget, Canned.CallWorkgroup, CancellationToken.None);
        Expect(floor2.Count == 2 && floor2[1].Value == "Jane Doe", "floor: 2 attributes");
        Expect(floor12.Count == 12, "floor: 12 attributes");
        Expect(floorCreated == Canned.CreatedInteractionId, "floor: created id");
    }

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Benchmark client check failed: " + what);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Session is not null)
        {
            await Session.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var client in _httpClients)
        {
            client.Dispose();
        }
    }
}
