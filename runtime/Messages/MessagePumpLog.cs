using Microsoft.Extensions.Logging;

namespace Icws.Runtime
{
    // Event ids and texts of the pump's first version (category Icws.MessagePump), kept for filters built on them.
    internal static partial class MessagePumpLog
    {
        [LoggerMessage(EventId = 201, Level = LogLevel.Debug, Message = "Event stream opened for session {SessionId}")]
        public static partial void StreamOpened(ILogger logger, string sessionId);

        [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Event stream of session {SessionId} ended; reconnecting")]
        public static partial void StreamEnded(ILogger logger, string sessionId);

        [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "The server does not stream messages; polling instead")]
        public static partial void NoEventStream(ILogger logger);

        [LoggerMessage(EventId = 204, Level = LogLevel.Warning, Message = "Message retrieval found the session gone ({Status}); renewing")]
        public static partial void SessionLost(ILogger logger, int status);

        [LoggerMessage(EventId = 205, Level = LogLevel.Warning, Message = "Message retrieval will retry in {DelayMs} ms after {Reason}")]
        public static partial void WillRetry(ILogger logger, double delayMs, string reason);

        [LoggerMessage(EventId = 206, Level = LogLevel.Warning, Message = "Kept an undecodable {TypeUrn} message raw: {Reason}")]
        public static partial void Undecodable(ILogger logger, string typeUrn, string reason);
    }
}
