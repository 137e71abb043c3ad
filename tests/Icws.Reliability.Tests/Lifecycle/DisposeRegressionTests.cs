using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Icws.Client;
using Icws.Reliability.Tests.Chaos;
using Icws.Reliability.Tests.Infrastructure;
using Xunit;

namespace Icws.Reliability.Tests.Lifecycle;

/// <summary>
/// The bugs <see cref="DisposeChaosTests"/> found, each pinned down at its exact moment.
/// </summary>
[Collection(ExclusiveCollection.Name)]
public class DisposeRegressionTests
{
    /// <summary>
    /// A resynchronization (the stream broke) and a renewal (the session expired) each start a re-subscription; the
    /// session used to keep only the latest, so DisposeAsync returned while the first was still running (its PUT in
    /// flight). It now waits for every one.
    /// </summary>
    [Fact]
    public async Task TwoReSubscriptionsAtOnce_DisposeWaitsForBoth()
    {
        using var server = new LifecycleServer();
        var (session, probe, errors) = await ConnectAsync(server, MessageRetrieval.ServerSentEvents);
        var client = new IcwsClient(session);
        var watch = await client.Queues.WatchAsync("regression", [SimulatorHarness.Workgroup("Support")], [Attr.Eic_State]);
        await watch.WaitForSnapshotAsync().WaitAsync(TimeSpan.FromSeconds(10));

        // The first re-subscription: the stream breaks, and the PUT that follows takes 2 s whatever happens (a handler
        // that does not honour cancellation).
        server.PutDelay = TimeSpan.FromMilliseconds(2_000);
        server.DelaysIgnoreCancellation = true;
        var firstPut = When(server, "put");
        server.DropStreams();
        await firstPut.WaitAsync(TimeSpan.FromSeconds(10));

        // The second: the session expires, a call of the caller's own renews it, and the renewal subscribes the watches again, quickly.
        server.PutDelay = TimeSpan.Zero;
        server.Expire(session.SessionId);
        var other = await client.Queues.WatchAsync("other", [SimulatorHarness.Workgroup("Support")], [Attr.Eic_State]).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, session.Renewals);
        await Wait.UntilAsync(() => session.BackgroundTasks.Count(t => t.Key == "re-subscription" && !t.Value.IsCompleted) == 1, "only the first re-subscription to be left", 1_500);

        await session.DisposeAsync();

        Assert.Empty(session.BackgroundTasks.Where(t => !t.Value.IsCompleted).Select(t => t.Key));
        Assert.Equal(0, probe.InFlight);
        Assert.Equal(WatchState.Disposed, watch.State);
        Assert.Equal(WatchState.Disposed, other.State);
        Assert.DoesNotContain(errors, e => e.IsFatal);
    }

    /// <summary>
    /// A re-subscription whose PUT is rejected (the session expired) while the session is being disposed, before the
    /// disposal has ended the watches: the renewal it asks for fails with ObjectDisposedException, which used to fault
    /// the watch (and was raised as a renewal error). The watch ends Disposed, and nothing is raised.
    /// </summary>
    [Fact]
    public async Task AReSubscriptionRejectedWhileDisposing_LeavesTheWatchDisposed_NotFaulted()
    {
        using var server = new LifecycleServer();
        var (session, probe, errors) = await ConnectAsync(server, MessageRetrieval.Polling);
        var client = new IcwsClient(session);
        var watch = await client.Queues.WatchAsync("regression", [SimulatorHarness.Workgroup("Support")], [Attr.Eic_State]);
        await watch.WaitForSnapshotAsync().WaitAsync(TimeSpan.FromSeconds(10));

        // A batch breaks off: the watch is subscribed again; that PUT takes 600 ms, and so does every poll from now on,
        // whatever happens (a handler that does not honour cancellation), so that stopping the pump takes a while.
        server.DelaysIgnoreCancellation = true;
        server.PutDelay = TimeSpan.FromMilliseconds(600);
        var put = When(server, "put");
        server.BreakPolls = 1;
        await put.WaitAsync(TimeSpan.FromSeconds(10));
        server.PollDelay = TimeSpan.FromMilliseconds(1_500);
        await When(server, "poll").WaitAsync(TimeSpan.FromSeconds(10));

        // The session expires: the PUT will be answered 401 while DisposeAsync still waits for the pump's poll.
        server.Expire(session.SessionId);
        var before = errors.Count;
        await session.DisposeAsync();

        Assert.True(watch.State == WatchState.Disposed, $"{watch.State}: {watch.Fault}");
        Assert.Empty(errors.Skip(before));
        Assert.Empty(session.BackgroundTasks.Where(t => !t.Value.IsCompleted).Select(t => t.Key));
        Assert.Equal(0, probe.InFlight);
    }

    /// <summary>
    /// A call in flight when the session is disposed, rejected (401: logged out) after DisposeAsync returned: it used to start a
    /// renewal that failed at once with ObjectDisposedException and was raised on <see cref="IcwsSession.Error"/>, after
    /// the session was gone. Now the call alone fails with ObjectDisposedException: no renewal, no error event, no request.
    /// </summary>
    [Fact]
    public async Task ACallRejectedAfterTheDisposal_FailsWithObjectDisposed_AndRaisesNoError()
    {
        using var server = new LifecycleServer();
        var (session, probe, errors) = await ConnectAsync(server, MessageRetrieval.Polling);
        var client = new IcwsClient(session);
        server.PutDelay = TimeSpan.FromMilliseconds(300);
        var logins = server.Logins;

        var put = When(server, "put");
        var watch = client.Queues.WatchAsync("late", [SimulatorHarness.Workgroup("Support")], [Attr.Eic_State]);
        await put.WaitAsync(TimeSpan.FromSeconds(10));
        await session.DisposeAsync();
        probe.Close();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => watch.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Empty(errors);
        Assert.Equal(logins, server.Logins);
        Assert.Empty(probe.Late);
    }

    /// <summary>
    /// A watch whose start fails is never handed out, so nobody waits for its first snapshot; that task was faulted with
    /// the start's exception and surfaced as <see cref="TaskScheduler.UnobservedTaskException"/> once collected.
    /// </summary>
    [Fact]
    public async Task AWatchWhoseStartFails_LeavesNoUnobservedTaskException()
    {
        using var server = new LifecycleServer();
        var (session, _, _) = await ConnectAsync(server, MessageRetrieval.Polling);
        await using var disposing = session;
        var client = new IcwsClient(session);
        server.RefusePuts = HttpStatusCode.BadRequest;
        var unobserved = new ConcurrentQueue<AggregateException>();
        EventHandler<UnobservedTaskExceptionEventArgs> onUnobserved = (_, e) => unobserved.Enqueue(e.Exception);
        TaskScheduler.UnobservedTaskException += onUnobserved;
        try
        {
            var failures = new ConcurrentQueue<Exception>();
            for (var i = 0; i < 20; i++)
            {
                failures.Enqueue(await Assert.ThrowsAsync<IcwsApiException>(() => client.Queues.WatchAsync("refused-" + i, [SimulatorHarness.Workgroup("Support")], [Attr.Eic_State])));
            }

            for (var i = 0; i < 3; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }

            // Only this test's exceptions count (other tests may leave their own behind).
            Assert.DoesNotContain(unobserved, e => e.InnerExceptions.Any(inner => failures.Contains(inner)));
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= onUnobserved;
        }
    }

    /// <summary>
    /// The session used to be marked disposed a moment before its lifetime was cancelled; a pump loop that asked for the
    /// session in that moment met ObjectDisposedException with its own token not yet cancelled, died of it, and the
    /// disposal raised it as an error ("stopping the message pump"; about one case in 2,400 of the chaos test). The
    /// moment is widened here: the credentials provider's cancellation callbacks take 300 ms each, and one of them runs
    /// before the pump's own. Now the lifetime is cancelled first, so whoever meets the disposal knows it for what it is.
    /// </summary>
    [Fact]
    public async Task ThePumpNeverTakesTheDisposalForAnError_EvenWhenCancellingTakesAWhile()
    {
        using var server = new LifecycleServer();
        var probe = new SessionProbe(server);
        var session = await IcwsSession.ConnectAsync(new IcwsSessionOptions
        {
            Server = new Uri(LifecycleServer.Primary),
            CredentialsProvider = token =>
            {
                // Registered at the login and again at the renewal, so that one runs first whichever order they run in.
                token.Register(() => Thread.Sleep(300));
                return ValueTask.FromResult(IcwsCredentials.Password("agent", "agent-pass"));
            },
            HttpClient = new HttpClient(probe, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(30) },
            MessageRetrieval = MessageRetrieval.Polling,
            RetryDelay = TimeSpan.FromMilliseconds(1),
            MaxRetryDelay = TimeSpan.FromMilliseconds(5),
            PollingInterval = TimeSpan.Zero,
        });
        var errors = new ConcurrentQueue<IcwsErrorEventArgs>();
        session.Error += (_, e) => errors.Enqueue(e);
        var reader = Task.Run(async () =>
        {
            await foreach (var unused in session.ReadMessagesAsync())
            {
            }
        });

        // The pump renews the expired session (the provider's second registration), then polls on.
        server.Expire(session.SessionId);
        await Wait.UntilAsync(() => session.Renewals == 1, "the renewal");
        await When(server, "poll").WaitAsync(TimeSpan.FromSeconds(10));
        var before = errors.Count;
        await session.DisposeAsync();

        Assert.Empty(errors.Skip(before).Select(e => $"{e.Context}: {e.Exception}"));
        await reader.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Empty(session.BackgroundTasks.Where(t => !t.Value.IsCompleted).Select(t => t.Key));
    }

    /// <summary>
    /// A re-subscription whose PUT meets an expired session, where the renewal it asks for then runs out of login attempts
    /// on servers that only answer 503 for now (a switchover taking long; in the chaos run, another case's 503s on the
    /// shared simulator): the watch used to be faulted. The login failure is transient, the session is still lost, so the
    /// watch waits for the next renewal (the message pump keeps renewing) and is subscribed again then: it ends Active.
    /// </summary>
    [Theory]
    [InlineData(MessageRetrieval.Polling)]
    [InlineData(MessageRetrieval.ServerSentEvents)]
    public async Task AReSubscriptionWhoseRenewalRunsOutOfAttempts_WaitsForTheNextRenewal_NotFaulted(MessageRetrieval mode)
    {
        using var server = new LifecycleServer();
        var (session, probe, errors) = await ConnectAsync(server, mode);
        await using var _ = session;
        var client = new IcwsClient(session);
        var watch = await client.Queues.WatchAsync("regression", [SimulatorHarness.Workgroup("Support")], [Attr.Eic_State]);
        await watch.WaitForSnapshotAsync().WaitAsync(TimeSpan.FromSeconds(10));

        // The session expires; the renewal succeeds; the re-subscription's PUT then finds that session expired too, and
        // every login of the renewal it asks for (MaxLoginAttempts, 8) is answered 503, and a few more after that.
        var armed = 1;
        server.Arrived += kind =>
        {
            if (kind == "put" && Interlocked.Exchange(ref armed, 0) == 1)
            {
                server.Logins503 = 8 + 3;
                server.Expire(session.SessionId);
            }
        };
        var renewals = session.Renewals;
        server.Expire(session.SessionId);

        await Wait.UntilAsync(() => Volatile.Read(ref armed) == 0 && server.Logins503 == 0 && watch.State is WatchState.Active or WatchState.Faulted, "the 503s to be used up and the watch to be Active again (or Faulted)", 15_000);
        Assert.True(watch.State == WatchState.Active, $"{watch.State}: {watch.Fault}");
        Assert.True(session.Renewals >= renewals + 2, $"renewals: {session.Renewals - renewals}");
        Assert.Contains(errors, e => e.Exception is IcwsConnectionException { IsTransient: true });
        Assert.DoesNotContain(errors, e => e.IsFatal);
    }

    private static async Task<(IcwsSession Session, SessionProbe Probe, ConcurrentQueue<IcwsErrorEventArgs> Errors)> ConnectAsync(LifecycleServer server, MessageRetrieval mode)
    {
        var probe = new SessionProbe(server);
        var session = await IcwsSession.ConnectAsync(new IcwsSessionOptions
        {
            Server = new Uri(LifecycleServer.Primary),
            Credentials = IcwsCredentials.Password("agent", "agent-pass"),
            HttpClient = new HttpClient(probe, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(30) },
            MessageRetrieval = mode,
            RetryDelay = TimeSpan.FromMilliseconds(1),
            MaxRetryDelay = TimeSpan.FromMilliseconds(20),
            PollingInterval = TimeSpan.FromMilliseconds(5),
        });
        var errors = new ConcurrentQueue<IcwsErrorEventArgs>();
        session.Error += (_, e) => errors.Enqueue(e);
        return (session, probe, errors);
    }

    /// <summary>Completes when the server next receives a request of <paramref name="kind"/>.</summary>
    private static Task When(LifecycleServer server, string kind)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Action<string>? handler = null;
        handler = arrived =>
        {
            if (arrived == kind && done.TrySetResult())
            {
                server.Arrived -= handler;
            }
        };
        server.Arrived += handler;
        return done.Task;
    }
}
