using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Icws.Reliability.Tests.Infrastructure;

/// <summary>
/// An in-memory ICWS server behind an <see cref="HttpMessageHandler"/>: it answers logins itself (session id, CSRF token
/// and cookie in headers and body, a feature list) and hands every other request to <see cref="Respond"/>. It can
/// answer with any bytes at all, which a real server (or the simulator) never would: truncated JSON, invalid UTF-8,
/// oversized bodies. Every request is recorded with its headers.
/// </summary>
internal sealed class FakeIcwsServer : HttpMessageHandler
{
    public const string Host = "http://fake-icws.test:8018/";

    private int _logins;

    public FakeIcwsServer(int messagingVersion = 2) => MessagingVersion = messagingVersion;

    /// <summary>Version of the messaging feature at login (2 or more: server-sent events; 1: polling).</summary>
    public int MessagingVersion { get; set; }

    /// <summary>Answers logins instead of the built-in answer when it returns a response.</summary>
    public Func<HttpRequestMessage, HttpResponseMessage?>? LoginOverride { get; set; }

    /// <summary>Answers every request except the login. Default: 404.</summary>
    public Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>? Respond { get; set; }

    public ConcurrentQueue<(string Method, string Uri, Dictionary<string, string> Headers)> Requests { get; } = new();

    public int Logins => Volatile.Read(ref _logins);

    /// <summary>The session id of the latest login.</summary>
    public string SessionId => "77" + Logins.ToString("0000", System.Globalization.CultureInfo.InvariantCulture);

    public string CsrfToken => "csrf-secret-" + Logins.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string CookieValue => "cookie-secret-" + Logins.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static HttpResponseMessage Bytes(HttpStatusCode status, byte[] body, string contentType = "application/vnd.inin.icws+JSON; charset=utf-8")
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return new HttpResponseMessage(status) { Content = content };
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string json) => Bytes(status, Encoding.UTF8.GetBytes(json));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue((request.Method.Method, request.RequestUri!.OriginalString, request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase)));
        var path = request.RequestUri.AbsolutePath;
        if (request.Method == HttpMethod.Post && path == "/icws/connection")
        {
            if (LoginOverride?.Invoke(request) is { } custom)
            {
                return custom;
            }

            var n = Interlocked.Increment(ref _logins);
            var sessionId = "77" + n.ToString("0000", System.Globalization.CultureInfo.InvariantCulture);
            var csrf = "csrf-secret-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var response = Json(HttpStatusCode.Created, """
                {"sessionId":"SESSION","csrfToken":"CSRF","userID":"agent","userDisplayName":"Alex Agent","icServer":"FAKE",
                 "alternateHostList":[],"features":[{"featureId":"connection","version":11},{"featureId":"messaging","version":MESSAGING},{"featureId":"interactions","version":13},{"featureId":"queues","version":2},{"featureId":"licenses","version":1}],
                 "version":{"majorVersion":"25","minorVersion":"1","su":"0","productReleaseDisplayString":"Fake 2025 R1"}}
                """.Replace("SESSION", sessionId, StringComparison.Ordinal).Replace("CSRF", csrf, StringComparison.Ordinal).Replace("MESSAGING", MessagingVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
            response.Headers.TryAddWithoutValidation("ININ-ICWS-Session-ID", sessionId);
            response.Headers.TryAddWithoutValidation("ININ-ICWS-CSRF-Token", csrf);
            response.Headers.TryAddWithoutValidation("Set-Cookie", $"icws_{sessionId}=cookie-secret-{n}; Path=/icws/{sessionId}; HttpOnly");
            return response;
        }

        if (request.Method == HttpMethod.Delete && path.EndsWith("/connection", StringComparison.Ordinal))
        {
            return new HttpResponseMessage(HttpStatusCode.NoContent);
        }

        if (Respond is { } respond)
        {
            return await respond(request, cancellationToken).ConfigureAwait(false);
        }

        return Json(HttpStatusCode.NotFound, """{"errorId":"error.request.resourceNotFound","message":"Not here."}""");
    }
}
