using System.Diagnostics;

namespace Icws.Runtime
{
    /// <summary>Tracing: one activity per ICWS request, named after the endpoint (e.g. "ICWS Interactions.Hold").</summary>
    public static class IcwsTelemetry
    {
        /// <summary>Name of the <see cref="ActivitySource"/> to listen to.</summary>
        public const string SourceName = "Icws.Generated";

        internal static readonly ActivitySource Source = new(SourceName, typeof(IcwsTelemetry).Assembly.GetName().Version?.ToString());
    }
}
