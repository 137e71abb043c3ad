using System;
using System.Collections.Generic;
using System.Net;
using System.Text;

namespace Icws
{
    /// <summary>Base of every error this library raises for ICWS reasons. Messages never contain passwords, tokens or cookies.</summary>
    public class IcwsException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public IcwsException(string message)
            : base(message)
        {
        }

        /// <summary>Creates the exception.</summary>
        public IcwsException(string message, Exception? innerException)
            : base(message, innerException)
        {
        }
    }

    /// <summary>
    /// The server answered with an error status. Carries what the ICWS error body said: <see cref="ErrorId"/>
    /// (a dotted id such as <c>error.request.connection.authenticationFailure</c>; older servers send none),
    /// the server's localized <see cref="ServerMessage"/>, and <see cref="PropertyName"/> for invalid or missing properties.
    /// </summary>
    public class IcwsApiException : IcwsException
    {
        /// <summary>Creates the exception.</summary>
        public IcwsApiException(HttpStatusCode statusCode, string? errorId, string? serverMessage, string? propertyName = null, string? errorTypeUrn = null, long? errorCode = null, string? requestDescription = null)
            : base(Describe(statusCode, errorId, serverMessage, propertyName, errorCode, requestDescription))
        {
            StatusCode = statusCode;
            ErrorId = errorId;
            ServerMessage = serverMessage;
            PropertyName = propertyName;
            ErrorTypeUrn = errorTypeUrn;
            ErrorCode = errorCode;
        }

        /// <summary>HTTP status of the response.</summary>
        public HttpStatusCode StatusCode { get; }

        /// <summary>The ICWS error id, e.g. <c>error.request.invalidRepresentation.missingRequiredParameter</c>; null when the server sent none (servers before 2015 R1).</summary>
        public string? ErrorId { get; }

        /// <summary>The server's own (localized) message.</summary>
        public string? ServerMessage { get; }

        /// <summary>The property the server complained about (missing or invalid property errors).</summary>
        public string? PropertyName { get; }

        /// <summary>The error's <c>__type</c>, e.g. <c>urn:inin.com:common:invalidPropertyError</c>.</summary>
        public string? ErrorTypeUrn { get; }

        /// <summary>Numeric error code sent by older servers instead of (or besides) <see cref="ErrorId"/>.</summary>
        public long? ErrorCode { get; }

        /// <summary>True when the session is gone (401 or 410): log in again.</summary>
        public bool IsSessionExpired => StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Gone;

        private static string Describe(HttpStatusCode status, string? errorId, string? serverMessage, string? propertyName, long? errorCode, string? request)
        {
            var text = new StringBuilder();
            text.Append("ICWS ").Append(request is null ? "request" : request).Append(" failed with ").Append((int)status).Append(' ').Append(status);
            if (errorId is not null)
            {
                text.Append(" (").Append(errorId).Append(')');
            }
            else if (errorCode is not null)
            {
                text.Append(" (error code ").Append(errorCode.Value).Append(')');
            }

            if (!string.IsNullOrEmpty(serverMessage))
            {
                text.Append(": ").Append(serverMessage);
            }

            if (propertyName is not null)
            {
                text.Append(" [property ").Append(propertyName).Append(']');
            }

            return text.ToString();
        }
    }

    /// <summary>The server's response could not be understood: malformed JSON, a missing required property, a wrong type, or too large.</summary>
    public class IcwsProtocolException : IcwsException
    {
        /// <summary>Creates the exception.</summary>
        public IcwsProtocolException(string message, Exception? innerException = null)
            : base(message, innerException)
        {
        }
    }

    /// <summary>
    /// No login succeeded. The message names each server tried and what failed there (refused connection, TLS
    /// handshake, an answer that was not a login); <see cref="Exception.InnerException"/> is the last cause.
    /// <see cref="IsTransient"/> tells a failure that waiting may cure (switchover, timeouts, server errors, after the
    /// bounded retries) from one it will not (wrong address or port, TLS against plain HTTP, an untrusted certificate,
    /// a 4xx), which fails after one round over the servers.
    /// </summary>
    public class IcwsConnectionException : IcwsException
    {
        /// <summary>Creates the exception.</summary>
        public IcwsConnectionException(string message, IReadOnlyList<Uri> servers, bool isTransient, Exception? innerException = null)
            : base(message, innerException)
        {
            Servers = servers;
            IsTransient = isTransient;
        }

        /// <summary>The servers tried, in order.</summary>
        public IReadOnlyList<Uri> Servers { get; }

        /// <summary>Whether trying again later may succeed.</summary>
        public bool IsTransient { get; }
    }

    /// <summary>
    /// The server's feature list says it lacks what an endpoint needs (e.g. <c>interactions</c> version 13 for
    /// consult by queue). Raised before the request is sent, from the feature list the server gave at login, unless
    /// <see cref="IcwsSessionOptions.CheckFeatureVersions"/> is off.
    /// </summary>
    public class IcwsFeatureNotSupportedException : IcwsException
    {
        /// <summary>Creates the exception.</summary>
        public IcwsFeatureNotSupportedException(string endpoint, string featureId, int requiredVersion, int? serverVersion)
            : base($"{endpoint} needs the ICWS feature '{featureId}' version {requiredVersion}; the server has {(serverVersion is { } v ? "version " + v : "no such feature")}.")
        {
            Endpoint = endpoint;
            FeatureId = featureId;
            RequiredVersion = requiredVersion;
            ServerVersion = serverVersion;
        }

        /// <summary>The endpoint, e.g. <c>Interactions.Consult</c>.</summary>
        public string Endpoint { get; }

        /// <summary>The feature id.</summary>
        public string FeatureId { get; }

        /// <summary>The version the endpoint needs.</summary>
        public int RequiredVersion { get; }

        /// <summary>The server's version of the feature, or null when it has none.</summary>
        public int? ServerVersion { get; }
    }
}
