namespace Icws.Package.Tests;

/// <summary>
/// Source of a stand-in ICWS server for the consumer apps: an HttpMessageHandler given to IcwsSessionOptions.HttpClient,
/// so the apps run the package's real session (login, CSRF, logout) and generated readers without a CIC server.
/// </summary>
internal static class FakeIcwsSource
{
    public const string Text = """"
        using System.Net;
        using System.Text;

        namespace FakeServer;

        /// <summary>Answers the login and logout, and the given "METHOD /path" routes with their JSON; anything else fails the app.</summary>
        public sealed class FakeIcws(IReadOnlyDictionary<string, string> routes) : HttpMessageHandler
        {
            public static HttpClient Client(IReadOnlyDictionary<string, string> routes) => new(new FakeIcws(routes));

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var key = request.Method.Method + " " + request.RequestUri!.AbsolutePath;
                string? json;
                if (key == "POST /icws/connection")
                {
                    json = """{"sessionId":"s1","csrfToken":"t1","userID":"agent","features":[{"featureId":"interactions","version":10},{"featureId":"messaging","version":2}]}""";
                }
                else if (key == "DELETE /icws/s1/connection")
                {
                    json = null;
                }
                else if (!request.Headers.Contains("ININ-ICWS-CSRF-Token"))
                {
                    throw new InvalidOperationException("no CSRF token on " + key);
                }
                else if (!routes.TryGetValue(key, out json))
                {
                    throw new InvalidOperationException("unexpected request " + key + request.RequestUri.Query);
                }

                var response = new HttpResponseMessage(json is null ? HttpStatusCode.NoContent : HttpStatusCode.OK);
                if (json is not null)
                {
                    response.Content = new StringContent(json, Encoding.UTF8, "application/json");
                }

                return Task.FromResult(response);
            }
        }
        """";
}
