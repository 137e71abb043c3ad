using System;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Icws.Sample.Wallboard;

/// <summary>
/// The optional access key, checked on every request (the page, its script and style, the event stream, the status).
/// A screen opens the board once as <c>/?key=&lt;key&gt;</c>: the key is checked, a cookie derived from it is set
/// (HttpOnly, SameSite=Strict) and the browser is sent to the same address without the key, so it does not stay in
/// the address bar, the history or a referrer. After that the cookie is enough, for the event stream too (an
/// <c>EventSource</c> cannot send headers). Programs send <c>Authorization: Bearer &lt;key&gt;</c>.
/// </summary>
/// <remarks>
/// Comparisons are constant-time over fixed-length digests, so the time taken says nothing about how much of a guess
/// was right. The key is never logged: the request log that would show <c>?key=</c> is turned down to warnings
/// (<see cref="WallboardApp"/>), and no response contains it.
/// </remarks>
internal sealed class AccessKeyGate
{
    /// <summary>The cookie that holds a screen's proof of the key.</summary>
    public const string CookieName = "wallboard_screen";

    private readonly byte[] _keyDigest;
    private readonly byte[] _cookieProof;
    private readonly string _cookieValue;

    public AccessKeyGate(string key)
    {
        _keyDigest = SHA256.HashData(Encoding.UTF8.GetBytes(key));

        // The cookie holds a value derived from the key, not the key itself.
        _cookieProof = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), "Icws.Sample.Wallboard screen cookie v1"u8);
        _cookieValue = Convert.ToBase64String(_cookieProof).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (request.Query.TryGetValue("key", out var presented))
        {
            if (!IsKey(presented.ToString()))
            {
                await DenyAsync(context);
                return;
            }

            context.Response.Cookies.Append(CookieName, _cookieValue, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = request.IsHttps,
                Path = "/",
                MaxAge = TimeSpan.FromDays(30),
                IsEssential = true,
            });
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Redirect(request.PathBase + request.Path, permanent: false);
            return;
        }

        if (HasCookie(request) || HasBearer(request))
        {
            await next(context);
            return;
        }

        await DenyAsync(context);
    }

    private bool IsKey(string presented)
        => CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _keyDigest);

    private bool HasCookie(HttpRequest request)
    {
        if (request.Cookies[CookieName] is not { Length: > 0 and < 100 } value)
        {
            return false;
        }

        Span<byte> proof = stackalloc byte[64];
        var padded = value.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (value.Length % 4)) % 4);
        return Convert.TryFromBase64String(padded, proof, out var written)
            && written == _cookieProof.Length
            && CryptographicOperations.FixedTimeEquals(proof[..written], _cookieProof);
    }

    private bool HasBearer(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && IsKey(header["Bearer ".Length..].Trim());
    }

    private static Task DenyAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("This wallboard needs its access key: open it once as /?key=<access key> (programs: Authorization: Bearer <access key>).\n");
    }
}
