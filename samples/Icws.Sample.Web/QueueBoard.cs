using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Icws.Client;
using Icws.Simulator;
using Microsoft.Extensions.Logging;

namespace Icws.Sample.Web;

/// <summary>
/// What the app holds for its whole life: one ICWS session and one queue watch (the workgroup's queue and the user's),
/// plus the in-process simulator when no server was given. Every request reads the same live view; nothing here is
/// per request. Disposing unsubscribes, logs out and stops the simulator.
/// </summary>
internal sealed class QueueBoard : IAsyncDisposable
{
    /// <summary>The attributes the board shows: what a queue board needs, the wait time included.</summary>
    public static readonly string[] Watched =
    [
        Attr.Eic_State, Attr.Eic_RemoteName, Attr.Eic_RemoteAddress, Attr.Eic_CallDirection,
        Attr.Eic_UserName, Attr.Eic_WorkgroupName, Attr.Eic_WorkgroupQueueTimestamp,
    ];

    private readonly IcwsSimulator? _simulator;
    private readonly string _password;

    private QueueBoard(IcwsSimulator? simulator, string password, IcwsSession session, QueueWatch<InteractionAttributes> watch, IReadOnlyList<QueueId> queues)
    {
        _simulator = simulator;
        _password = password;
        Session = session;
        Client = new IcwsClient(session);
        Watch = watch;
        Queues = queues;
    }

    public IcwsSession Session { get; }

    public IcwsClient Client { get; }

    public QueueWatch<InteractionAttributes> Watch { get; }

    public IReadOnlyList<QueueId> Queues { get; }

    /// <summary>Logs in (to the simulator it starts when <paramref name="options"/> names no server) and starts the watch.</summary>
    public static async Task<QueueBoard> StartAsync(WebSampleOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        IcwsSimulator? simulator = null;
        IcwsSession? session = null;
        try
        {
            Uri server;
            string password;
            if (options.Server is null)
            {
                simulator = await IcwsSimulator.StartAsync(new SimulatorOptions(), cancellationToken);
                if (!options.Once)
                {
                    // Incoming calls arriving in the workgroup queues, so the board has something to show.
                    simulator.StartActivity(TimeSpan.FromSeconds(3));
                }

                server = simulator.BaseAddress;
                password = simulator.Options.Users.First(u => u.UserId == options.User).Password;
            }
            else
            {
                server = options.Server;
                password = options.Password!;
            }

            session = await IcwsSession.ConnectAsync(new IcwsSessionOptions
            {
                Server = server,
                Credentials = IcwsCredentials.Password(options.User, password),
                ApplicationName = "Icws.Generated web sample",
                LoggerFactory = loggerFactory,
            }, cancellationToken);
            var client = new IcwsClient(session);
            QueueId[] queues =
            [
                new QueueId { QueueType = QueueType.Workgroup, QueueName = options.Workgroup },
                new QueueId { QueueType = QueueType.User, QueueName = session.UserId ?? options.User },
            ];
            var watch = await client.Queues.WatchAsync("web-board", queues, Watched, cancellationToken: cancellationToken);
            await watch.WaitForSnapshotAsync(cancellationToken);
            return new QueueBoard(simulator, password, session, watch, queues);
        }
        catch
        {
            if (session is not null)
            {
                await session.DisposeAsync();
            }

            if (simulator is not null)
            {
                await simulator.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>The live view now: interaction id to its watched attributes (as the server sent them).</summary>
    public BoardView View()
    {
        var interactions = Watch.GetSnapshot();
        return new BoardView(Session.Server.Authority, Queues, Watch.State, interactions.Count, interactions);
    }

    /// <summary>Whether a text holds the password or the session id (what no response may show).</summary>
    public bool Reveals(string text)
        => text.Contains(_password, StringComparison.Ordinal) || text.Contains(Session.SessionId, StringComparison.Ordinal);

    public async ValueTask DisposeAsync()
    {
        await Watch.DisposeAsync();
        await Session.DisposeAsync();
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }
    }
}
