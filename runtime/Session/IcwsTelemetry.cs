using System.Diagnostics;

namespace Icws.Runtime
{
    /// <summary>
    /// Tracing and metrics. Tracing: one activity per ICWS request, named after the endpoint (e.g. "ICWS Interactions.Hold"),
    /// from the <see cref="ActivitySource"/> <see cref="SourceName"/>. Metrics: the instruments of the
    /// <see cref="System.Diagnostics.Metrics.Meter"/> <see cref="MeterName"/> (request durations by endpoint and status,
    /// re-logins, switchovers, messages by type, message lag, active watches; the README lists them).
    /// </summary>
    public static class IcwsTelemetry
    {
        /// <summary>Name of the <see cref="ActivitySource"/> to listen to.</summary>
        public const string SourceName = "Icws.Generated";

        /// <summary>
        /// Name of the meter to listen to (e.g. <c>AddMeter("Icws.Generated")</c> in OpenTelemetry). A session created with
        /// <see cref="IcwsSessionOptions.MeterFactory"/> (dependency injection sets it from the container) gets the meter from
        /// that factory; otherwise every session shares one process-wide meter of this name.
        /// </summary>
        public const string MeterName = "Icws.Generated";

        internal static readonly ActivitySource Source = new(SourceName, typeof(IcwsTelemetry).Assembly.GetName().Version?.ToString());
    }
}
