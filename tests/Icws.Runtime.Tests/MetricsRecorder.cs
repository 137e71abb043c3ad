using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Linq;

namespace Icws.Runtime.Tests;

/// <summary>
/// Records what a session measures on its meter. The session gets the recorder's own <see cref="IMeterFactory"/>
/// (<see cref="Configure"/>), and the listener takes only that factory's meters (their scope is the factory): sessions
/// of tests running side by side record on other meters and are not counted here.
/// </summary>
internal sealed class MetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<RecordedMeasurement> _measurements = new();
    private readonly TestMeterFactory _ownFactory = new();

    /// <param name="factory">The factory whose meters to listen to (e.g. a container's); by default the recorder's own.</param>
    public MetricsRecorder(IMeterFactory? factory = null)
    {
        Factory = factory ?? _ownFactory;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, Factory) && instrument.Meter.Name == IcwsTelemetry.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    public IMeterFactory Factory { get; }

    /// <summary>Gives a session the recorder's meter factory (use as the Harness's session configuration).</summary>
    public void Configure(IcwsSessionOptions options) => options.MeterFactory = Factory;

    /// <summary>Every measurement of one instrument so far, in order.</summary>
    public IReadOnlyList<RecordedMeasurement> Of(string instrument) => _measurements.Where(m => m.Instrument == instrument).ToList();

    /// <summary>Every measurement so far.</summary>
    public IReadOnlyList<RecordedMeasurement> All => _measurements.ToList();

    /// <summary>The instruments the listener saw published, with their units.</summary>
    public Dictionary<string, string?> Instruments { get; } = new();

    public void Dispose()
    {
        _listener.Dispose();
        _ownFactory.Dispose();
    }

    private void Add<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        lock (Instruments)
        {
            Instruments[instrument.Name] = instrument.Unit;
        }

        _measurements.Enqueue(new RecordedMeasurement(instrument.Name, Convert.ToDouble(value, CultureInfo.InvariantCulture), copy));
    }
}

internal sealed record RecordedMeasurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags)
{
    /// <summary>A tag's value as text, or null when the measurement has no such tag.</summary>
    public string? Tag(string name) => Tags.TryGetValue(name, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

    public override string ToString() => $"{Instrument} {Value} {{{string.Join(", ", Tags.Select(t => t.Key + "=" + t.Value))}}}";
}

/// <summary>An <see cref="IMeterFactory"/> of the test's own: each meter's scope is the factory, so a listener can pick its meters out.</summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = new();

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Tags = options.Tags, Scope = this });
        lock (_meters)
        {
            _meters.Add(meter);
        }

        return meter;
    }

    public void Dispose()
    {
        lock (_meters)
        {
            foreach (var meter in _meters)
            {
                meter.Dispose();
            }

            _meters.Clear();
        }
    }
}
