using System;
using System.Text.Json;

namespace Icws
{
    /// <summary>
    /// How a session logs in. The secret (password or token) is only ever written into the login request
    /// body: it never appears in <see cref="ToString"/>, logs or exception messages.
    /// </summary>
    public abstract class IcwsCredentials
    {
        private protected IcwsCredentials()
        {
        }

        /// <summary>The user the credentials are for, when known (for logs and display).</summary>
        public abstract string? UserId { get; }

        /// <summary>Whether the credentials can be used again, for a re-login after the session expired.</summary>
        public abstract bool IsReusable { get; }

        /// <summary>CIC user name and password (<c>icAuthConnectionRequestSettings</c>).</summary>
        public static IcwsCredentials Password(string userId, string password)
        {
            ArgumentException.ThrowIfNullOrEmpty(userId);
            ArgumentNullException.ThrowIfNull(password);
            return new PasswordCredentials(userId, password);
        }

        /// <summary>A single sign-on token from the identity provider flow (<c>singleSignOnTokenConnectionRequestSettings</c>). Usually single use.</summary>
        public static IcwsCredentials SingleSignOnToken(string token)
        {
            ArgumentException.ThrowIfNullOrEmpty(token);
            return new TokenCredentials(token);
        }

        /// <summary>A unique auth token created by another session (<c>authTokenConnectionRequestSettings</c>). Single use; expires within seconds.</summary>
        public static IcwsCredentials AuthToken(Guid authTokenSeed, string authToken, string sourceSessionId, bool disconnectSourceSession = false)
        {
            ArgumentException.ThrowIfNullOrEmpty(authToken);
            ArgumentException.ThrowIfNullOrEmpty(sourceSessionId);
            return new AuthTokenCredentials(authTokenSeed, authToken, sourceSessionId, disconnectSourceSession);
        }

        /// <summary>Writes the auth settings object of the login request, <c>__type</c> first.</summary>
        internal abstract void WriteTo(Utf8JsonWriter writer, string applicationName);

        /// <inheritdoc />
        public sealed override string ToString() => $"{GetType().Name.Replace("Credentials", string.Empty, StringComparison.Ordinal)} credentials{(UserId is null ? string.Empty : " for " + UserId)}";

        private sealed class PasswordCredentials : IcwsCredentials
        {
            private readonly string _userId;
            private readonly string _password;

            public PasswordCredentials(string userId, string password)
            {
                _userId = userId;
                _password = password;
            }

            public override string? UserId => _userId;

            public override bool IsReusable => true;

            internal override void WriteTo(Utf8JsonWriter writer, string applicationName)
            {
                writer.WriteStartObject();
                writer.WriteString("__type"u8, "urn:inin.com:connection:icAuthConnectionRequestSettings"u8);
                writer.WriteString("applicationName"u8, applicationName);
                writer.WriteString("userID"u8, _userId);
                writer.WriteString("password"u8, _password);
                writer.WriteEndObject();
            }
        }

        private sealed class TokenCredentials : IcwsCredentials
        {
            private readonly string _token;

            public TokenCredentials(string token) => _token = token;

            public override string? UserId => null;

            public override bool IsReusable => false;

            internal override void WriteTo(Utf8JsonWriter writer, string applicationName)
            {
                writer.WriteStartObject();
                writer.WriteString("__type"u8, "urn:inin.com:connection:singleSignOnTokenConnectionRequestSettings"u8);
                writer.WriteString("applicationName"u8, applicationName);
                writer.WriteString("singleSignOnToken"u8, _token);
                writer.WriteEndObject();
            }
        }

        private sealed class AuthTokenCredentials : IcwsCredentials
        {
            private readonly Guid _seed;
            private readonly string _token;
            private readonly string _sourceSession;
            private readonly bool _disconnectSource;

            public AuthTokenCredentials(Guid seed, string token, string sourceSession, bool disconnectSource)
            {
                _seed = seed;
                _token = token;
                _sourceSession = sourceSession;
                _disconnectSource = disconnectSource;
            }

            public override string? UserId => null;

            public override bool IsReusable => false;

            internal override void WriteTo(Utf8JsonWriter writer, string applicationName)
            {
                writer.WriteStartObject();
                writer.WriteString("__type"u8, "urn:inin.com:connection:authTokenConnectionRequestSettings"u8);
                writer.WriteString("applicationName"u8, applicationName);
                writer.WriteString("authTokenSeed"u8, _seed);
                writer.WriteString("authToken"u8, _token);
                writer.WriteString("authTokenSourceSession"u8, _sourceSession);
                if (_disconnectSource)
                {
                    writer.WriteBoolean("disconnectSourceSession"u8, true);
                }

                writer.WriteEndObject();
            }
        }
    }
}
