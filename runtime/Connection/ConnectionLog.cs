using System;
using Microsoft.Extensions.Logging;

namespace Icws.Runtime
{
    // Log messages name endpoints, statuses, hosts and session ids; never passwords, CSRF tokens or cookie values.
    // The event ids and texts are those of the session's first version (category Icws.IcwsSession), kept so that
    // filters and dashboards built on them go on working.
    internal static partial class ConnectionLog
    {
        [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Logged in to ICWS: session {SessionId} on {Server} as {UserId}")]
        public static partial void LoggedIn(ILogger logger, string sessionId, string server, string? userId);

        [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Login on {Server} was redirected (503) to {Count} alternate host(s)")]
        public static partial void LoginRedirected(ILogger logger, string server, int count);

        [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Login on {Server} failed: {Reason}")]
        public static partial void LoginFailed(ILogger logger, string server, string reason);

        [LoggerMessage(EventId = 104, Level = LogLevel.Error, Message = "Login on {Server} was refused with {Status} ({ErrorId})")]
        public static partial void LoginRefused(ILogger logger, string server, int status, string? errorId);

        [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Renewing ICWS session {SessionId} (server {Server})")]
        public static partial void Renewing(ILogger logger, string sessionId, string server);

        [LoggerMessage(EventId = 106, Level = LogLevel.Information, Message = "Renewed the ICWS session: now {SessionId} on {Server} (renewal {Count})")]
        public static partial void Renewed(ILogger logger, string sessionId, string server, long count);

        [LoggerMessage(EventId = 107, Level = LogLevel.Information, Message = "Logged out of ICWS session {SessionId} ({Status})")]
        public static partial void LoggedOut(ILogger logger, string sessionId, int status);

        [LoggerMessage(EventId = 108, Level = LogLevel.Warning, Message = "Logout of ICWS session {SessionId} failed ({Reason})")]
        public static partial void LogoutFailed(ILogger logger, string sessionId, string reason);

        [LoggerMessage(EventId = 109, Level = LogLevel.Debug, Message = "{Endpoint} answered {Status}")]
        public static partial void RequestSucceeded(ILogger logger, string endpoint, int status);

        [LoggerMessage(EventId = 110, Level = LogLevel.Warning, Message = "{Endpoint} failed with {Status} ({ErrorId})")]
        public static partial void RequestFailed(ILogger logger, string endpoint, int status, string? errorId);

        [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "{Endpoint} was rejected with {Status}; renewing the session and retrying once")]
        public static partial void SessionRejected(ILogger logger, string endpoint, int status);

        [LoggerMessage(EventId = 112, Level = LogLevel.Warning, Message = "{Endpoint} could not reach {Server}; renewing the session and retrying once")]
        public static partial void ServerUnreachable(ILogger logger, string endpoint, string server);

        [LoggerMessage(EventId = 113, Level = LogLevel.Warning, Message = "A Set-Cookie header of the login response could not be parsed and was ignored")]
        public static partial void BadCookie(ILogger logger);

        [LoggerMessage(EventId = 114, Level = LogLevel.Warning, Message = "ICWS error while {Context} (fatal: {IsFatal})")]
        public static partial void PumpOrRenewalError(ILogger logger, string context, bool isFatal, Exception exception);

        [LoggerMessage(EventId = 115, Level = LogLevel.Error, Message = "A handler of IcwsSession.{Event} threw; the session goes on")]
        public static partial void HandlerFailed(ILogger logger, string @event, Exception exception);

        [LoggerMessage(EventId = 116, Level = LogLevel.Warning, Message = "Messages may have been lost; subscribing {Count} watch(es) again for fresh snapshots")]
        public static partial void Resynchronizing(ILogger logger, int count);

        [LoggerMessage(EventId = 117, Level = LogLevel.Warning, Message = "Closing the ICWS session met {Reason} while {Step}; it goes on closing")]
        public static partial void DisposeStepFailed(ILogger logger, string step, string reason, Exception exception);
    }
}
