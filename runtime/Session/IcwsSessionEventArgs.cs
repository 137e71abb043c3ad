using System;

namespace Icws
{
    /// <summary>Arguments of <see cref="IcwsSession.Renewed"/>.</summary>
    public sealed class IcwsSessionRenewedEventArgs : EventArgs
    {
        internal IcwsSessionRenewedEventArgs(string previousSessionId, string sessionId, Uri server)
        {
            PreviousSessionId = previousSessionId;
            SessionId = sessionId;
            Server = server;
        }

        /// <summary>The expired session.</summary>
        public string PreviousSessionId { get; }

        /// <summary>The new session.</summary>
        public string SessionId { get; }

        /// <summary>The server of the new session (another one after a switchover).</summary>
        public Uri Server { get; }
    }

    /// <summary>Arguments of <see cref="IcwsSession.Error"/>.</summary>
    public sealed class IcwsErrorEventArgs : EventArgs
    {
        internal IcwsErrorEventArgs(Exception exception, bool isFatal, string context)
        {
            Exception = exception;
            IsFatal = isFatal;
            Context = context;
        }

        /// <summary>What went wrong.</summary>
        public Exception Exception { get; }

        /// <summary>True when the session stopped because of it.</summary>
        public bool IsFatal { get; }

        /// <summary>What the session was doing.</summary>
        public string Context { get; }
    }
}
