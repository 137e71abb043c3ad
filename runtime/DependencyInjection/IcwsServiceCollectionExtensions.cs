using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Net;
using System.Net.Http;
using Icws;
using Icws.Client;
using Icws.Metadata;
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

        /// <summary>
        /// Registers a queue watch shared by every consumer (request handlers, background services): inject
        /// <see cref="IcwsSharedWatches"/> and call <c>GetQueueWatchAsync(name)</c>. The watch starts on first use,
        /// concurrent first users share that one start, and it is unsubscribed (DELETE) when the container is disposed.
        /// Names with the same queue set and attribute set share one subscription. Needs <c>AddIcwsClient</c> (or
        /// <see cref="AddIcwsSession"/>).
        /// </summary>
        /// <param name="services">The service collection.</param>
        /// <param name="name">The name consumers ask for.</param>
        /// <param name="queueIds">Queues to watch (one or more).</param>
        /// <param name="attributeNames">Attributes to receive for each interaction (one or more).</param>
        /// <returns>The service collection.</returns>
        /// <exception cref="InvalidOperationException">A shared queue watch with that name is registered already.</exception>
        public static IServiceCollection AddIcwsQueueWatch(this IServiceCollection services, string name, IReadOnlyList<QueueId> queueIds, [IcwsAttributeNames] IReadOnlyList<string> attributeNames)
        {
            ArgumentNullException.ThrowIfNull(services);
            ArgumentException.ThrowIfNullOrEmpty(name);
            var definition = IcwsSharedWatches.Definition.Create(name, queueIds, attributeNames);
            if (services.Any(d => d.ServiceType == typeof(IcwsSharedWatches.Definition) && !d.IsKeyedService && d.ImplementationInstance is IcwsSharedWatches.Definition { Name: var taken } && taken == name))
            {
                throw new InvalidOperationException($"A shared queue watch named '{name}' is registered already.");
            }

            services.AddSingleton(definition);
            return services.AddIcwsSharedWatches();
        }

        /// <summary>
        /// Registers <see cref="IcwsSharedWatches"/> (singleton): the shared queue watches of the container's session,
        /// named ones (<see cref="AddIcwsQueueWatch"/>) and any other queue set a consumer asks for. The container
        /// unsubscribes them when it is disposed, before the session logs out. Needs <c>AddIcwsClient</c> (or
        /// <see cref="AddIcwsSession"/>).
        /// </summary>
        /// <param name="services">The service collection.</param>
        /// <returns>The service collection.</returns>
        public static IServiceCollection AddIcwsSharedWatches(this IServiceCollection services)
        {
            ArgumentNullException.ThrowIfNull(services);

            // The client (and with it the session) is resolved in the factory, so it is created before the shared
            // watches and the container disposes it after them: the DELETEs go out while the session is still there.
            services.TryAddSingleton(static provider => new IcwsSharedWatches(
                provider.GetService<IcwsClient>() ?? new IcwsClient(provider.GetRequiredService<IcwsSession>()),
                provider.GetServices<IcwsSharedWatches.Definition>(),
                provider.GetService<ILoggerFactory>()?.CreateLogger<IcwsSharedWatches>()));
            return services;
        }
    }
}
