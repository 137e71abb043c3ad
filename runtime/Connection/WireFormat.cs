using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;

namespace Icws.Runtime
{
    /// <summary>
    /// The few wire shapes the session itself must read before any generated code is involved: the login
    /// response, the 503 alternate-hosts body and the error body. Everything else is the generated code's.
    /// </summary>
    internal static class WireFormat
    {
        public const string MediaType = "application/vnd.inin.icws+JSON";
        public const string ContentTypeHeader = "application/vnd.inin.icws+JSON; charset=utf-8";
        public const string CsrfHeader = "ININ-ICWS-CSRF-Token";
        public const string SessionIdHeader = "ININ-ICWS-Session-ID";

        /// <summary>The 201 body of POST /icws/connection (secrets returned separately).</summary>
        public static (string? SessionId, string? CsrfToken, LoginInfo Info) ReadLoginResponse(ReadOnlySpan<byte> json)
        {
            string? sessionId = null, csrf = null, userId = null, displayName = null, icServer = null, version = null;
            var alternates = new List<string>();
            var features = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            var reader = new Utf8JsonReader(json, IcwsJson.ReaderOptions);
            try
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new IcwsProtocolException("The login response is not a JSON object.");
                }

                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString();
                    reader.Read();
                    switch (name)
                    {
                        case "sessionId":
                            sessionId = StringOrNull(ref reader);
                            break;
                        case "csrfToken":
                            csrf = StringOrNull(ref reader);
                            break;
                        case "userID":
                            userId = StringOrNull(ref reader);
                            break;
                        case "userDisplayName":
                            displayName = StringOrNull(ref reader);
                            break;
                        case "icServer":
                            icServer = StringOrNull(ref reader);
                            break;
                        case "alternateHostList":
                            ReadStrings(ref reader, alternates);
                            break;
                        case "features":
                            ReadFeatures(ref reader, features);
                            break;
                        case "version":
                            version = ReadVersion(ref reader);
                            break;
                        default:
                            reader.Skip();
                            break;
                    }
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                // InvalidOperationException: a string that is not valid UTF-8 (the reader only finds out when asked for it).
                throw new IcwsProtocolException("The login response is not valid JSON: " + ex.Message, ex);
            }

            return (sessionId, csrf, new LoginInfo(userId, displayName, icServer, version, alternates, features));
        }

        /// <summary>{ featureInfoList: [ { featureId, version } ] } of GET /icws/connection/features.</summary>
        public static Dictionary<string, int> ReadFeatureList(ReadOnlySpan<byte> json)
        {
            var features = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            var reader = new Utf8JsonReader(json, IcwsJson.ReaderOptions);
            try
            {
                if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        var isList = reader.ValueTextEquals("featureInfoList"u8);
                        reader.Read();
                        if (isList)
                        {
                            ReadFeatures(ref reader, features);
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                throw new IcwsProtocolException("The feature list is not valid JSON: " + ex.Message, ex);
            }

            return features;
        }

        /// <summary>alternateHostList of a 503 body; empty when the body has none or is not JSON.</summary>
        public static IReadOnlyList<string> ReadAlternateHosts(ReadOnlySpan<byte> json)
        {
            var hosts = new List<string>();
            if (json.IsEmpty)
            {
                return hosts;
            }

            try
            {
                var reader = new Utf8JsonReader(json, IcwsJson.ReaderOptions);
                if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        var isList = reader.ValueTextEquals("alternateHostList"u8);
                        reader.Read();
                        if (isList)
                        {
                            ReadStrings(ref reader, hosts);
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                // A 503 from a proxy may carry HTML (or invalid UTF-8); then there simply are no alternates.
            }

            return hosts;
        }

        /// <summary>Turns an error response into an <see cref="IcwsApiException"/>; copes with bodies without errorId (older servers) or not JSON at all.</summary>
        public static IcwsApiException ReadError(HttpStatusCode status, ReadOnlySpan<byte> body, string requestName)
        {
            string? errorId = null, message = null, property = null, type = null;
            long? code = null;
            try
            {
                var reader = new Utf8JsonReader(body, IcwsJson.ReaderOptions);
                if (!body.IsEmpty && reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        var name = reader.GetString();
                        reader.Read();
                        switch (name)
                        {
                            case "errorId":
                                // Some servers send a number in a string, some a bare number.
                                errorId = reader.TokenType == JsonTokenType.Number ? Encoding.UTF8.GetString(reader.ValueSpan) : StringOrNull(ref reader);
                                break;
                            case "message":
                                message = StringOrNull(ref reader);
                                break;
                            case "propertyName":
                                property = StringOrNull(ref reader);
                                break;
                            case "__type":
                                type = StringOrNull(ref reader);
                                break;
                            case "errorCode":
                                code = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var c) ? c : null;
                                // An array or object here must be skipped whole, or its contents would be read as property names.
                                reader.Skip();
                                break;
                            default:
                                reader.Skip();
                                break;
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                // Not an ICWS error body (a proxy page, invalid UTF-8): keep the status, say so.
                message = "The server's error response was not an ICWS error body.";
            }

            return new IcwsApiException(status, errorId, Truncate(message), property, type, code, requestName);
        }

        private static string? Truncate(string? text) => text is { Length: > 500 } ? text.Substring(0, 500) + "…" : text;

        private static string? StringOrNull(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                return reader.GetString();
            }

            reader.Skip();
            return null;
        }

        private static void ReadStrings(ref Utf8JsonReader reader, List<string> into)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                reader.Skip();
                return;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: > 0 } value)
                {
                    into.Add(value);
                }
                else
                {
                    reader.Skip();
                }
            }
        }

        private static void ReadFeatures(ref Utf8JsonReader reader, Dictionary<string, int> into)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                reader.Skip();
                return;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                string? id = null;
                var version = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString();
                    reader.Read();
                    if (name == "featureId" && reader.TokenType == JsonTokenType.String)
                    {
                        id = reader.GetString();
                    }
                    else if (name == "version" && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var v))
                    {
                        version = v;
                    }
                    else
                    {
                        reader.Skip();
                    }
                }

                if (id is not null)
                {
                    into[id] = version;
                }
            }
        }

        private static string? ReadVersion(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return null;
            }

            string? display = null, major = null, minor = null, su = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader.GetString();
                reader.Read();
                var value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }

                switch (name)
                {
                    case "productReleaseDisplayString": display = value; break;
                    case "majorVersion": major = value; break;
                    case "minorVersion": minor = value; break;
                    case "su": su = value; break;
                }
            }

            return display ?? (major is null ? null : $"{major}.{minor} SU {su}");
        }
    }
}
