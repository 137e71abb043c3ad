using System.Collections.Concurrent;

namespace Icws.Simulator;

/// <summary>Thread-safe counts of what the simulator did, for tests and demos.</summary>
public sealed class SimulatorCounters
{
    private readonly ConcurrentDictionary<string, long> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _faults = new(StringComparer.Ordinal);
    private long _messagesSent;
    private long _messagesDropped;
    private long _logins;
    private long _loginFailures;
    private long _logouts;
    private long _eventStreamsOpened;
    private long _userStatusChanges;
    private long _queueWatchesTaken;

    /// <summary>Requests by path kind: <c>login</c>, <c>connection</c>, <c>messages</c>, <c>messaging</c>, <c>subscriptions</c>, <c>interactions</c>, <c>licenses</c>, <c>status</c>, <c>statistics</c>, <c>other</c>.</summary>
    public IReadOnlyDictionary<string, long> Requests => new Dictionary<string, long>(_requests);

    /// <summary>Injected faults by kind (e.g. <c>expire-session</c>, <c>switchover</c>, <c>reject-login-503</c>, <c>drop-event-streams</c>, <c>raw-message</c>, <c>fail-request</c>, <c>answered-503</c>).</summary>
    public IReadOnlyDictionary<string, long> Faults => new Dictionary<string, long>(_faults);

    /// <summary>Messages handed to clients (by polling or by event stream).</summary>
    public long MessagesSent => Interlocked.Read(ref _messagesSent);

    /// <summary>Messages dropped because a session's queue exceeded <see cref="SimulatorOptions.MaxMessagesPerSession"/>.</summary>
    public long MessagesDropped => Interlocked.Read(ref _messagesDropped);

    /// <summary>Successful logins.</summary>
    public long Logins => Interlocked.Read(ref _logins);

    /// <summary>Logins refused with 400.</summary>
    public long LoginFailures => Interlocked.Read(ref _loginFailures);

    /// <summary>Logouts (DELETE connection).</summary>
    public long Logouts => Interlocked.Read(ref _logouts);

    /// <summary>Server-sent event streams opened.</summary>
    public long EventStreamsOpened => Interlocked.Read(ref _eventStreamsOpened);

    /// <summary>User status changes: by <c>PUT status/user-statuses/{userId}</c>, <see cref="IcwsSimulator.SetUserStatus"/> or the generated activity.</summary>
    public long UserStatusChanges => Interlocked.Read(ref _userStatusChanges);

    /// <summary>
    /// Queue watches taken: each PUT of <c>messaging/subscriptions/queues/{subscriptionId}</c> the server accepted (a PUT
    /// that replaces a watch counts again). Shows how many subscriptions an app makes, e.g. one for any number of screens.
    /// </summary>
    public long QueueWatchesTaken => Interlocked.Read(ref _queueWatchesTaken);

    /// <summary>Requests of one kind (0 when none).</summary>
    public long GetRequests(string kind) => _requests.TryGetValue(kind, out var n) ? n : 0;

    /// <summary>Faults of one kind (0 when none).</summary>
    public long GetFaults(string kind) => _faults.TryGetValue(kind, out var n) ? n : 0;

    internal void Request(string kind) => _requests.AddOrUpdate(kind, 1, static (_, n) => n + 1);
    internal void Fault(string kind) => _faults.AddOrUpdate(kind, 1, static (_, n) => n + 1);
    internal void MessageSent(int count = 1) => Interlocked.Add(ref _messagesSent, count);
    internal void MessageDropped() => Interlocked.Increment(ref _messagesDropped);
    internal void Login() => Interlocked.Increment(ref _logins);
    internal void LoginFailure() => Interlocked.Increment(ref _loginFailures);
    internal void Logout() => Interlocked.Increment(ref _logouts);
    internal void EventStreamOpened() => Interlocked.Increment(ref _eventStreamsOpened);
    internal void UserStatusChange() => Interlocked.Increment(ref _userStatusChanges);
    internal void QueueWatchTaken() => Interlocked.Increment(ref _queueWatchesTaken);
}
