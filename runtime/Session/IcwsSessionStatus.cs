namespace Icws
{
    /// <summary>What an <see cref="IcwsSession"/> is doing (<see cref="IcwsSession.Status"/>), from the first login to disposal.</summary>
    public enum IcwsSessionStatus
    {
        /// <summary>Created and not logged in yet: a session from dependency injection logs in on first use.</summary>
        NotConnected,

        /// <summary>The first login is under way.</summary>
        Connecting,

        /// <summary>The latest login failed and nothing is logged in (<see cref="IcwsSession.LastError"/> says why); the next call tries again.</summary>
        LoginFailed,

        /// <summary>Logged in, and the message pump, when running, fetches messages.</summary>
        Connected,

        /// <summary>Logged in, but the message pump lost its stream or a poll failed, and is trying again.</summary>
        Reconnecting,

        /// <summary>The server no longer took the session (expiry, switchover): a re-login is under way, or the last one failed and the next is due.</summary>
        Renewing,

        /// <summary>Stopped for good: the credentials were refused or cannot be given again (<see cref="IcwsSession.LastError"/> says why).</summary>
        Faulted,

        /// <summary>Disposed (logged out).</summary>
        Disposed,
    }
}
