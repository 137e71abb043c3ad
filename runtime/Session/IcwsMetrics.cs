using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Icws.Metadata;

namespace Icws.Runtime
{
    /// <summary>
    /// A session's instruments on the meter <see cref="IcwsTelemetry.MeterName"/>, named after the OpenTelemetry semantic
    /// conventions (lowercase dotted names, UCUM units, <c>http.response.status_code</c>, <c>error.type</c>,
    /// <c>server.address</c>). One set per meter: the process-wide one, or the one a session's
    /// <see cref="IcwsSessionOptions.MeterFactory"/> gives (a factory hands out one meter per name, so its sessions share
    /// the set).
    /// </summary>
    /// <remarks>
    /// Tag values are bounded and carry nothing personal or secret: endpoint names from the spec (never the path, which
    /// holds ids), status codes, exception type names, hosts and ports, message <c>__type</c>s the spec declares
    /// (<see cref="OtherType"/> for any other), watch kinds. Never session, interaction or user ids, queue names, tokens.
    /// </remarks>
    internal sealed class IcwsMetrics
    {
        public const string RequestDurationName = "icws.client.request.duration";
        public const string RenewalsName = "icws.session.renewals";
        public const string SwitchoversName = "icws.session.switchovers";
        public const string MessagesReceivedName = "icws.messages.received";
        public const string MessageLagName = "icws.message.lag";
        public const string ActiveWatchesName = "icws.watch.active";

        public const string EndpointTag = "icws.endpoint";
        public const string MessageTypeTag = "icws.message.type";
        public const string WatchKindTag = "icws.watch.kind";
        public const string ErrorTypeTag = "error.type";

        /// <summary>The message type tag of a message whose <c>__type</c> no spec declares (as OpenTelemetry does for unknown HTTP methods).</summary>
        public const string OtherType = "_OTHER";

        /// <summary><c>error.type</c> of a message that was not JSON.</summary>
        public const string Malformed = "malformed";

        /// <summary><c>error.type</c> of a message of a known <c>__type</c> whose body broke the spec.</summary>
        public const string Undecodable = "undecodable";

        private static readonly string? Version = typeof(IcwsMetrics).Assembly.GetName().Version?.ToString();
        private static readonly ConditionalWeakTable<Meter, IcwsMetrics> ByMeter = new();
        private static readonly object[] StatusCodes = CreateStatusCodes();
        private static readonly string[] StatusTexts = CreateStatusTexts();

        private IcwsMetrics(Meter meter)
        {
            Meter = meter;
#if NET9_0_OR_GREATER
            // OpenTelemetry's buckets for HTTP client durations; the default ones (0 to 10,000) suit milliseconds, not seconds.
            var requestBuckets = new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] };
            var lagBuckets = new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] };
            RequestDuration = meter.CreateHistogram(RequestDurationName, "s", RequestDurationDescription, tags: null, requestBuckets);
            MessageLag = meter.CreateHistogram(MessageLagName, "s", MessageLagDescription, tags: null, lagBuckets);
#else
            RequestDuration = meter.CreateHistogram<double>(RequestDurationName, "s", RequestDurationDescription);
            MessageLag = meter.CreateHistogram<double>(MessageLagName, "s", MessageLagDescription);
#endif
            Renewals = meter.CreateCounter<long>(RenewalsName, "{renewal}", "Re-logins of a session the server no longer took (expired, switched over); error.type is set on a failed one.");
            Switchovers = meter.CreateCounter<long>(SwitchoversName, "{switchover}", "Re-logins that moved the session to another server (a switchover to the backup, or another Session Manager).");
            MessagesReceived = meter.CreateCounter<long>(MessagesReceivedName, "{message}", "Messages received from the server, by __type (_OTHER for a type no spec declares); error.type is set on one that could not be read.");
            ActiveWatches = meter.CreateUpDownCounter<long>(ActiveWatchesName, "{watch}", "Live queue and interaction watches, by kind.");
        }

        private const string RequestDurationDescription = "Duration of ICWS requests by endpoint and status, from sending to the end of the response; a call retried after a re-login counts once, with its final status.";

        private const string MessageLagDescription = "Time from a message's arrival at the client (its server-sent event, or the poll response it came in, read off the network) to the end of its dispatch (decoded, applied to its watch, handed to every reader). Time on the server and the network is not in it: ICWS messages carry no send time.";

        /// <summary>The set shared by sessions created without a meter factory.</summary>
        public static IcwsMetrics Shared { get; } = new(new Meter(IcwsTelemetry.MeterName, Version));

        public Meter Meter { get; }

        public Histogram<double> RequestDuration { get; }

        public Counter<long> Renewals { get; }

        public Counter<long> Switchovers { get; }

        public Counter<long> MessagesReceived { get; }

        public Histogram<double> MessageLag { get; }

        public UpDownCounter<long> ActiveWatches { get; }

        /// <summary>The instruments for a session: on the factory's meter when there is a factory, else the shared ones.</summary>
        public static IcwsMetrics For(IMeterFactory? factory)
        {
            if (factory is null)
            {
                return Shared;
            }

            var meter = factory.Create(new MeterOptions(IcwsTelemetry.MeterName) { Version = Version });
            return ByMeter.GetValue(meter, static m => new IcwsMetrics(m));
        }

        /// <summary>A timestamp to measure from, or 0 when nobody listens to the request durations (nothing is then recorded).</summary>
        public long StartRequest() => RequestDuration.Enabled ? Stopwatch.GetTimestamp() : 0;

        /// <summary>
        /// Records one request. <paramref name="status"/> is the response's status (0 when none came); <paramref name="error"/>
        /// what failed. <c>error.type</c> is the status for 4xx and 5xx, else the exception's type.
        /// </summary>
        public void RecordRequest(long started, string endpoint, string method, Uri server, int status, Exception? error)
        {
            if (started == 0)
            {
                return;
            }

            var tags = new TagList
            {
                { EndpointTag, endpoint },
                { "http.request.method", method },
                { "server.address", server.Host },
                { "server.port", server.Port },
            };
            if (status > 0)
            {
                tags.Add("http.response.status_code", status < StatusCodes.Length ? StatusCodes[status] : status);
            }

            if (status >= 400)
            {
                tags.Add(ErrorTypeTag, status < StatusTexts.Length ? StatusTexts[status] : status.ToString(CultureInfo.InvariantCulture));
            }
            else if (error is not null)
            {
                tags.Add(ErrorTypeTag, error.GetType().FullName);
            }

            RequestDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }

        /// <summary>A renewal ended: on <paramref name="server"/> when it succeeded (a switchover when that is not <paramref name="previous"/>), or with <paramref name="error"/>.</summary>
        public void RecordRenewal(Uri previous, Uri? server, Exception? error)
        {
            if (error is not null)
            {
                Renewals.Add(1, new KeyValuePair<string, object?>(ErrorTypeTag, error.GetType().FullName));
                return;
            }

            Renewals.Add(1);
            if (server is not null && !string.Equals(previous.Authority, server.Authority, StringComparison.OrdinalIgnoreCase))
            {
                Switchovers.Add(1);
            }
        }

        /// <summary>A timestamp for a message's arrival, or 0 when nobody listens to the lag.</summary>
        public long MessageArrived() => MessageLag.Enabled ? Stopwatch.GetTimestamp() : 0;

        /// <summary>One message dispatched: counted by type, and its lag since <paramref name="arrived"/> (when measured).</summary>
        public void RecordMessage(string type, string? errorType, long arrived)
        {
            if (MessagesReceived.Enabled)
            {
                if (errorType is null)
                {
                    MessagesReceived.Add(1, new KeyValuePair<string, object?>(MessageTypeTag, type));
                }
                else
                {
                    MessagesReceived.Add(1, new KeyValuePair<string, object?>(MessageTypeTag, type), new KeyValuePair<string, object?>(ErrorTypeTag, errorType));
                }
            }

            if (arrived != 0)
            {
                MessageLag.Record(Stopwatch.GetElapsedTime(arrived).TotalSeconds, new KeyValuePair<string, object?>(MessageTypeTag, type));
            }
        }

        /// <summary>A watch was registered (+1) or ended (-1).</summary>
        public void WatchChanged(IcwsWatchKind kind, int delta)
            => ActiveWatches.Add(delta, new KeyValuePair<string, object?>(WatchKindTag, kind == IcwsWatchKind.Queue ? "queue" : kind == IcwsWatchKind.Interaction ? "interaction" : "other"));

        private static object[] CreateStatusCodes()
        {
            // Boxed once: a boxed int per request would be the only allocation of a measurement.
            var codes = new object[600];
            for (var i = 0; i < codes.Length; i++)
            {
                codes[i] = i;
            }

            return codes;
        }

        private static string[] CreateStatusTexts()
        {
            var texts = new string[600];
            for (var i = 0; i < texts.Length; i++)
            {
                texts[i] = i.ToString(CultureInfo.InvariantCulture);
            }

            return texts;
        }
    }
}
