using System;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http;
using Icws;
using Icws.Runtime;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary>Registers ICWS with dependency injection. The generated client adds <c>AddIcwsClient</c> on top of this.</summary>
    public static class IcwsServiceCollectionExtensions
    {
        /// <summary>Name of the HttpClient the session gets from <see cref="IHttpClientFactory"/>.</summary>
        public const string HttpClientName = "Icws";

        /// <summary>
        /// Registers a singleton <see cref="IcwsSession"/> that logs in on first use, configured through the
        /// options pattern (<see cref="IcwsSessionOptions"/>), with an HttpClient from <see cref="IHttpClientFactory"/>
        /// whose handler keeps no cookies (the session keeps its own), and the container's logger and meter factories. The
        /// container disposes the session, which logs out.
        /// </summary>
        /// <returns>The HttpClient builder, to add handlers (e.g. resilience, logging) around ICWS calls.</returns>
        public static IHttpClientBuilder AddIcwsSession(this IServiceCollection services, Action<IcwsSessionOptions>? configure = null)
        {
            ArgumentNullException.ThrowIfNull(services);
            var options = services.AddOptions<IcwsSessionOptions>();
            if (configure is not null)
            {
                options.Configure(configure);
            }

            var builder = services.AddHttpClient(HttpClientName)
                .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler
                {
                    UseCookies = false,
                    AutomaticDecompression = DecompressionMethods.All,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                })
                .ConfigureHttpClient(static (provider, client) => client.Timeout = provider.GetRequiredService<IOptions<IcwsSessionOptions>>().Value.RequestTimeout)
                // The factory's own request logging must never show the CSRF token or the session cookie.
                .RedactLoggedHeaders(static _ => true);

            services.TryAddSingleton(static provider =>
            {
                var configured = provider.GetRequiredService<IOptions<IcwsSessionOptions>>().Value.Clone();
                configured.HttpClient ??= provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
                configured.LoggerFactory ??= provider.GetService<ILoggerFactory>();
                configured.MeterFactory ??= provider.GetService<IMeterFactory>();
                return IcwsSession.Create(configured);
            });
            services.TryAddSingleton<IIcwsTransport>(static provider => provider.GetRequiredService<IcwsSession>());
            return builder;
        }
    }
}
