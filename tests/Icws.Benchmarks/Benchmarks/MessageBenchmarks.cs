using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Icws.Benchmarks.Infrastructure;
using Icws.Benchmarks.Messages;

namespace Icws.Benchmarks.Benchmarks;

/// <summary>
/// Group 3: parse and apply queue-contents messages into a live view. Each invocation starts from an empty
/// view and applies either the snapshot alone, or the snapshot then the 10,000 deltas.
/// </summary>
[MemoryDiagnoser]
public class MessageBenchmarks : IHasExtras
{
    public const string SnapshotOnly = "Snapshot";
    public const string SnapshotThenDeltas = "SnapshotThen10kDeltas";

    private static readonly Lazy<MessageCorpus> LazyCorpus = new(() => MessageCorpus.Create());

    [Params(SnapshotOnly, SnapshotThenDeltas)]
    public string Workload { get; set; } = SnapshotOnly;

    private static MessageCorpus Corpus => LazyCorpus.Value;

    private bool WithDeltas => Workload == SnapshotThenDeltas;

    [GlobalSetup]
    public void Setup() => _ = Corpus;

    [Benchmark(Baseline = true)]
    public long RawReader()
    {
        var total = RawReaderFloor.Process(Corpus.Snapshot);
        if (WithDeltas)
        {
            foreach (var message in Corpus.Deltas)
            {
                total += RawReaderFloor.Process(message);
            }
        }

        return total;
    }

    [Benchmark]
    public int Ours()
    {
        var processor = new OursProcessor();
        processor.Process(Corpus.Snapshot);
        if (WithDeltas)
        {
            foreach (var message in Corpus.Deltas)
            {
                processor.Process(message);
            }
        }

        var count = processor.Watch.Count;
        processor.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return count;
    }

    [Benchmark]
    public int NaiveJsonDocument()
    {
        var processor = new NaiveProcessor();
        processor.Process(Corpus.Snapshot);
        if (WithDeltas)
        {
            foreach (var message in Corpus.Deltas)
            {
                processor.Process(message);
            }
        }

        return processor.View.Count;
    }

    /// <summary>Bytes each workload feeds in, the views' agreement, and the memory a view holds per interaction.</summary>
    public async Task CollectExtrasAsync(IDictionary<string, string> extras)
    {
        var corpus = Corpus;
        extras["bytes." + SnapshotOnly] = corpus.Snapshot.Length.ToString(CultureInfo.InvariantCulture);
        extras["bytes." + SnapshotThenDeltas] = corpus.TotalBytes.ToString(CultureInfo.InvariantCulture);
        extras["messages"] = (1 + corpus.Deltas.Length).ToString(CultureInfo.InvariantCulture);

        // Both views must end up holding the same interactions with the same values.
        await using (var ours = new OursProcessor())
        {
            var naive = new NaiveProcessor();
            ours.Process(corpus.Snapshot);
            naive.Process(corpus.Snapshot);
            foreach (var message in corpus.Deltas)
            {
                ours.Process(message);
                naive.Process(message);
            }

            var snapshot = ours.Watch.GetSnapshot();
            if (snapshot.Count != corpus.InteractionsAtEnd || naive.View.Count != corpus.InteractionsAtEnd)
            {
                throw new InvalidOperationException($"Views disagree: ours {snapshot.Count}, naive {naive.View.Count}, expected {corpus.InteractionsAtEnd}.");
            }

            foreach (var (id, attributes) in naive.View)
            {
                var mine = snapshot[id].Map;
                if (mine.Count != attributes.Count || attributes.Any(a => mine.GetValueOrDefault(a.Key) != a.Value))
                {
                    throw new InvalidOperationException($"Views disagree on interaction {id}.");
                }
            }

            extras["interactionsAtEnd"] = snapshot.Count.ToString(CultureInfo.InvariantCulture);
        }

        // Memory held by each view after the snapshot and after the whole stream.
        foreach (var withDeltas in new[] { false, true })
        {
            var label = withDeltas ? SnapshotThenDeltas : SnapshotOnly;
            var (oursBytes, oursCount) = Held(() =>
            {
                var processor = new OursProcessor();
                Apply(processor.Process, withDeltas);
                return (processor, processor.Watch.Count);
            });
            var (naiveBytes, naiveCount) = Held(() =>
            {
                var processor = new NaiveProcessor();
                Apply(processor.Process, withDeltas);
                return (processor, processor.View.Count);
            });
            extras["heldPerInteraction.Ours." + label] = (oursBytes / (double)oursCount).ToString("F0", CultureInfo.InvariantCulture);
            extras["heldPerInteraction.NaiveJsonDocument." + label] = (naiveBytes / (double)naiveCount).ToString("F0", CultureInfo.InvariantCulture);
            extras["interactions." + label] = oursCount.ToString(CultureInfo.InvariantCulture);
        }
    }

    private static void Apply(Action<byte[]> process, bool withDeltas)
    {
        process(Corpus.Snapshot);
        if (withDeltas)
        {
            foreach (var message in Corpus.Deltas)
            {
                process(message);
            }
        }
    }

    /// <summary>Bytes still reachable from what <paramref name="build"/> returns, after full collections.</summary>
    private static (long Bytes, int Count) Held(Func<(object View, int Count)> build)
    {
        Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var (view, count) = build();
        Collect();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(view);
        return (after - before, count);
    }

    private static void Collect()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }
}
