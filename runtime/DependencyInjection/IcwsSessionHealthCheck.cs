using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Icws;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Icws
{
    /// <summary>
    /// The health of an <see cref="IcwsSession"/>, from <see cref="IcwsSession.Status"/>: healthy when logged in with its
    /// message pump fetching (or not needed yet: no watch or reader started it); degraded while it logs in for the first
    /// time, re-logs in (expiry, switchover) or reconnects its messages, and before its first use; unhealthy when the
    /// latest login failed, or it stopped (credentials refused) or was disposed. It sends no request: it reads the
    /// session's state, and never logs in. Register it with <c>services.AddHealthChecks().AddIcwsSession()</c>.
    /// </summary>
    /// <remarks>
    /// The result's data holds the status, the server's host and port, the renewals so far, how messages are fetched and
    /// whether the pump runs; never the session id, the user or a secret. The description of an unhealthy session says why
    /// (the exception's message, which never holds a password or token).
    /// </remarks>
    public sealed class IcwsSessionHealthCheck : IHealthCheck
    {
        private readonly IcwsSession _session;

        /// <summary>Creates the check for a session.</summary>
        public IcwsSessionHealthCheck(IcwsSession session)
        {
            ArgumentNullException.ThrowIfNull(session);
            _session = session;
        }

        /// <inheritdoc />
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(context);
            var status = _session.Status;
            var connected = status is IcwsSessionStatus.Connected or IcwsSessionStatus.Reconnecting or IcwsSessionStatus.Renewing;
            var pumpRunning = _session.IsMessagePumpRunning;
            var data = new Dictionary<string, object>
            {
                ["status"] = status.ToString(),
                ["messagePump"] = pumpRunning ? "running" : "not running",
            };
            if (connected)
            {
                data["server"] = _session.Server.Authority;
                data["renewals"] = _session.Renewals;
                data["messageRetrieval"] = _session.ActiveMessageRetrieval.ToString();
            }

            var failure = context.Registration?.FailureStatus ?? HealthStatus.Unhealthy;
            var result = status switch
            {
                IcwsSessionStatus.Connected => new HealthCheckResult(HealthStatus.Healthy, pumpRunning ? "Logged in; messages flow." : "Logged in; no watch or reader needs messages yet.", data: data),
                IcwsSessionStatus.Reconnecting => new HealthCheckResult(HealthStatus.Degraded, "Logged in; the message stream broke off or a poll failed, and the session is trying again.", data: data),
                IcwsSessionStatus.Renewing => new HealthCheckResult(HealthStatus.Degraded, "The server no longer takes the session (expiry or switchover): logging in again.", data: data),
                IcwsSessionStatus.Connecting => new HealthCheckResult(HealthStatus.Degraded, "Logging in.", data: data),
                IcwsSessionStatus.NotConnected => new HealthCheckResult(HealthStatus.Degraded, "Not logged in yet: the session logs in on first use.", data: data),
                IcwsSessionStatus.LoginFailed => new HealthCheckResult(failure, "The login failed: " + _session.LastError?.Message, data: data),
                IcwsSessionStatus.Faulted => new HealthCheckResult(failure, "The session stopped: " + _session.LastError?.Message, data: data),
                _ => new HealthCheckResult(failure, "The session is disposed.", data: data),
            };
            return Task.FromResult(result);
        }
    }
}

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary>Registers the health check of the <see cref="IcwsSession"/> that dependency injection holds.</summary>
    public static class IcwsHealthChecksBuilderExtensions
    {
        /// <summary>
        /// Adds the health check of the container's <see cref="IcwsSession"/> (<c>AddIcwsClient</c> or <c>AddIcwsSession</c>
        /// registers it): healthy when logged in, degraded while (re)connecting, unhealthy when the login failed or the
        /// session stopped (see <see cref="IcwsSessionHealthCheck"/>).
        /// </summary>
        /// <param name="builder">The health checks builder (<c>services.AddHealthChecks()</c>).</param>
        /// <param name="name">The check's name in reports.</param>
        /// <param name="failureStatus">What an unhealthy session reports (default <see cref="HealthStatus.Unhealthy"/>).</param>
        /// <param name="tags">Tags to filter checks by (e.g. "ready").</param>
        public static IHealthChecksBuilder AddIcwsSession(this IHealthChecksBuilder builder, string name = "icws", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
        {
            ArgumentNullException.ThrowIfNull(builder);
            ArgumentException.ThrowIfNullOrEmpty(name);
            return builder.Add(new HealthCheckRegistration(name, static provider => new IcwsSessionHealthCheck(provider.GetRequiredService<IcwsSession>()), failureStatus, tags));
        }
    }
}
