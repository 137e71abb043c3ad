using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Icws.Wallboard.LoadTest;

/// <summary>
/// Many screens on one wallboard while the simulator makes changes fast. The simulator (its standalone host, with
/// <c>--activity</c>) and the wallboard (the sample's own program, with <c>--server</c>) run as processes of their own,
/// so the wallboard's memory is its own; this process holds the event-stream readers. Each reader measures every event's lag (its receipt here minus the <c>t</c> the wallboard stamped on it
/// when it published it; one machine, one clock) and checks the ids: every change numbered one after the other,
/// nothing lost, nothing twice. The wallboard's managed heap and working set come from its <c>/status</c> once a second.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project tests/Icws.Wallboard.LoadTest [-- --clients 50 --rate 1000 --seconds 60 --warmup 10]</c>;
/// <c>--smoke</c>: 5 readers, 200 changes/s, 2 + 5 s; fails only on a lost or repeated event or a reader that got
/// nothing (timings on shared CI cores are not judged).
/// </remarks>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var smoke = args.Contains("--smoke");
        var clients = Option(args, "--clients", smoke ? 5 : 50);
        var rate = Option(args, "--rate", smoke ? 200 : 1000);
        var seconds = Option(args, "--seconds", smoke ? 5 : 60);
        var warmup = Option(args, "--warmup", smoke ? 2 : 10);

        // The simulator's activity makes four changes per call (offered, answered, hung up, removed), but its timers
        // run late at millisecond intervals: one call per 3 ms of the requested interval gives about the rate asked.
        var interval = 3000.0 / rate;
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, load average {LoadAverage()} at the start.");
        Console.WriteLine($"Wallboard load test: {clients} event streams, simulator activity every {interval:0.###} ms (about {rate} changes/s), {warmup} s warm-up, {seconds} s measured.");

        using var simulator = Start(Find("Icws.Simulator"), ["--port", "0", "--activity", interval.ToString("0.###", CultureInfo.InvariantCulture) + "ms"], null, "listening on ", "simulator", out var icws);
        using var server = Start(Find("Icws.Sample.Wallboard"), ["--urls", "http://127.0.0.1:0", "--server", icws.ToString(), "--user", "agent", "--history", "16384"], "agent-pass", "serving on ", "wallboard", out var address);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 10_000, UseCookies = false })
        {
            BaseAddress = address,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, clients).Select(_ => new Reader(seconds * rate * 3 / 2)).ToArray();
        var running = readers.Select(r => Task.Run(() => r.RunAsync(http, stop.Token))).ToArray();
        var samples = new List<StatusSample>();
        var sampling = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
            {
                var sample = await StatusAsync(http, stop.Token).ConfigureAwait(false);
                lock (samples)
                {
                    samples.Add(sample);
                }
            }
        });

        try
        {
            await Task.Delay(TimeSpan.FromSeconds(warmup));
            var start = await StatusAsync(http, CancellationToken.None);
            foreach (var reader in readers)
            {
                reader.Measuring = true;
            }

            var clientPause = GC.GetTotalPauseDuration();
            var clock = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(seconds));
            foreach (var reader in readers)
            {
                reader.Measuring = false;
            }

            var elapsed = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"This process (the readers) was paused {(GC.GetTotalPauseDuration() - clientPause).TotalMilliseconds:0} ms for garbage collection while measuring.");
            var end = await StatusAsync(http, CancellationToken.None);
            await stop.CancelAsync();
            await Task.WhenAll(running.Append(sampling).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));

            List<StatusSample> measured;
            lock (samples)
            {
                measured = samples.Where(s => s.At >= start.At && s.At <= end.At).ToList();
            }

            return Report(readers, start, end, measured, elapsed, clients, rate, smoke);
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var process in new[] { server, simulator })
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
        }
    }

    private static int Report(Reader[] readers, StatusSample start, StatusSample end, List<StatusSample> samples, double elapsed, int clients, int rate, bool smoke)
    {
        static double Percentile(IReadOnlyList<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
        var changes = (end.Sequence - start.Sequence) / elapsed;
        var perClient = readers.Select(r =>
        {
            var lags = r.Lags.ToArray();
            Array.Sort(lags);
            return (Count: lags.Length, P50: Percentile(lags, 0.50), P99: Percentile(lags, 0.99), Max: lags.Length == 0 ? double.NaN : lags[^1], r.Faults, r.Reconnects);
        }).ToArray();
        var all = readers.SelectMany(r => r.Lags).ToArray();
        Array.Sort(all);

        var mb = 1024.0 * 1024.0;
        Console.WriteLine();
        Console.WriteLine($"Changes published by the wallboard: {end.Sequence - start.Sequence:N0} in {elapsed:0.0} s = {changes:N0}/s (target {rate}/s); {end.Rows} interactions on the board at the end.");
        Console.WriteLine($"Events received: {all.Length:N0} over {clients} streams ({all.Length / (double)clients / elapsed:N0}/s per stream); lost or repeated: {perClient.Sum(c => c.Faults)}; reconnections: {perClient.Sum(c => c.Reconnects)}; streams closed for falling behind: {end.Overflows - start.Overflows}.");
        Console.WriteLine();
        Console.WriteLine("| lag (ms), publish to receipt | p50 | p99 | max |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine($"| all events of all streams | {Percentile(all, 0.50):0.0} | {Percentile(all, 0.99):0.0} | {(all.Length == 0 ? double.NaN : all[^1]):0.0} |");
        Console.WriteLine($"| per stream: best / median / worst p50 | {perClient.Min(c => c.P50):0.0} / {Median(perClient.Select(c => c.P50)):0.0} / {perClient.Max(c => c.P50):0.0} | | |");
        Console.WriteLine($"| per stream: best / median / worst p99 | | {perClient.Min(c => c.P99):0.0} / {Median(perClient.Select(c => c.P99)):0.0} / {perClient.Max(c => c.P99):0.0} | |");
        Console.WriteLine($"| per stream: best / median / worst max | | | {perClient.Min(c => c.Max):0.0} / {Median(perClient.Select(c => c.Max)):0.0} / {perClient.Max(c => c.Max):0.0} |");
        Console.WriteLine();
        Console.WriteLine("| wallboard process memory | start | end | min | max |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Console.WriteLine($"| managed heap (MB) | {start.Heap / mb:0.0} | {end.Heap / mb:0.0} | {samples.Min(s => s.Heap) / mb:0.0} | {samples.Max(s => s.Heap) / mb:0.0} |");
        Console.WriteLine($"| working set (MB) | {start.WorkingSet / mb:0.0} | {end.WorkingSet / mb:0.0} | {samples.Min(s => s.WorkingSet) / mb:0.0} | {samples.Max(s => s.WorkingSet) / mb:0.0} |");
        Console.WriteLine($"| full (gen 2) collections during the run | | {end.Gen2 - start.Gen2} | | |");
        Console.WriteLine($"| time paused for garbage collection during the run (ms) | | {end.GcPause - start.GcPause} | | |");
        var thirds = Thirds(samples);
        Console.WriteLine($"Working set by thirds of the run (mean MB): {string.Join(" / ", thirds.Select(t => (t / mb).ToString("0.0", CultureInfo.InvariantCulture)))}.");

        Console.WriteLine($"Load average at the end: {LoadAverage()} (1, 5 and 15 minutes; other work on the machine slows every process here).");

        var faults = perClient.Sum(c => c.Faults);
        var silent = perClient.Count(c => c.Count == 0);
        if (faults > 0 || silent > 0 || end.Sequence == start.Sequence)
        {
            Console.Error.WriteLine($"FAILED: {faults} lost or repeated event(s), {silent} stream(s) that received nothing, {end.Sequence - start.Sequence} changes published.");
            return 1;
        }

        if (!smoke)
        {
            var p99 = Percentile(all, 0.99);
            Console.WriteLine(p99 < 100 ? $"Target met: p99 {p99:0.0} ms < 100 ms." : $"Target missed: p99 {p99:0.0} ms >= 100 ms.");
        }

        return 0;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }

    private static double[] Thirds(List<StatusSample> samples)
    {
        if (samples.Count < 3)
        {
            return samples.Select(s => (double)s.WorkingSet).ToArray();
        }

        var third = samples.Count / 3;
        return [samples.Take(third).Average(s => s.WorkingSet), samples.Skip(third).Take(third).Average(s => s.WorkingSet), samples.Skip(2 * third).Average(s => s.WorkingSet)];
    }

    /// <summary>One screen: reads the event stream, reconnecting with its last id as a browser would.</summary>
    private sealed class Reader(int expected)
    {
        // Sized for the whole run up front: growing it while measuring would pause this process.
        private readonly List<double> _lags = new(expected);
        private long _last = -1;

        public volatile bool Measuring;

        public long Faults { get; private set; }

        public long Reconnects { get; private set; }

        public IReadOnlyList<double> Lags => _lags;

        public async Task RunAsync(HttpClient http, CancellationToken cancellationToken)
        {
            string? lastId = null;
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, "events");
                    if (lastId is not null)
                    {
                        request.Headers.Add("Last-Event-ID", lastId);
                        Reconnects++;
                    }

                    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                    response.EnsureSuccessStatusCode();
                    await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                    var parser = SseParser.Create(body, static (type, data) => (Type: type, Sent: SentAt(data), Received: Now()));
                    await foreach (var item in parser.EnumerateAsync(cancellationToken).ConfigureAwait(false))
                    {
                        lastId = parser.LastEventId;
                        Check(item.Data.Type, lastId);
                        if (Measuring && item.Data.Type is "upsert" or "remove")
                        {
                            _lags.Add(item.Data.Received - item.Data.Sent);
                        }
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException)
                {
                    await Task.Delay(100, CancellationToken.None).ConfigureAwait(false);
                }
            }
        }

        /// <summary>Changes come numbered one after the other; a snapshot may jump (it is the whole board); a heartbeat repeats the last.</summary>
        private void Check(string type, string id)
        {
            var sequence = long.Parse(id.AsSpan(id.IndexOf(':') + 1), NumberStyles.None, CultureInfo.InvariantCulture);
            var expected = type switch
            {
                "snapshot" => sequence,
                "heartbeat" => _last < 0 ? sequence : _last,
                _ => _last + 1,
            };
            if (sequence != expected)
            {
                Faults++;
                Console.Error.WriteLine($"  a '{type}' event numbered {sequence} after {_last}");
            }

            _last = sequence;
        }

        /// <summary>The <c>t</c> the wallboard stamped on the event (its first property).</summary>
        private static double SentAt(ReadOnlySpan<byte> data)
        {
            var reader = new Utf8JsonReader(data);
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("t"u8))
                {
                    reader.Read();
                    return reader.GetDouble();
                }
            }

            return double.NaN;
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static double Now() => (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).TotalMilliseconds;

    private readonly record struct StatusSample(DateTime At, long Sequence, int Rows, long Overflows, long Heap, long WorkingSet, int Gen2, long GcPause);

    private static async Task<StatusSample> StatusAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(await http.GetStringAsync("status", cancellationToken).ConfigureAwait(false));
        var root = document.RootElement;
        return new StatusSample(DateTime.UtcNow, root.GetProperty("sequence").GetInt64(), root.GetProperty("rows").GetInt32(), root.GetProperty("overflows").GetInt64(),
            root.GetProperty("managedHeapBytes").GetInt64(), root.GetProperty("workingSetBytes").GetInt64(), root.GetProperty("gen2Collections").GetInt32(), root.GetProperty("gcPauseMilliseconds").GetInt64());
    }

    /// <summary>Starts a program of this repository and reads the address it prints after <paramref name="marker"/>.</summary>
    private static Process Start(string dll, string[] arguments, string? password, string marker, string name, out Uri address)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (password is not null)
        {
            start.Environment["ICWS_PASSWORD"] = password;
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"  [{name}] {e.Data}");
            }
        };
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException($"The {name} exited ({(process.WaitForExit(1000) ? process.ExitCode : -1)}) before it served.");
            var at = line.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                var rest = line[(at + marker.Length)..].Trim();
                var end = rest.IndexOf(' ', StringComparison.Ordinal);
                address = new Uri(end < 0 ? rest : rest[..end]);

                // Keep reading its output, so that it never blocks on a full pipe: on a thread of its own, since a
                // blocked thread-pool thread (there are as many as cores at first) would delay the readers.
                new Thread(() => process.StandardOutput.ReadToEnd()) { IsBackground = true, Name = name + " output" }.Start();
                return process;
            }
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException($"The {name} did not say where it serves within 60 s.");
    }

    /// <summary>A sample's dll, built in the same configuration as this program (the project references build it first).</summary>
    private static string Find(string project)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent!.Name;
        for (var dir = output; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", project, "bin", configuration, "net10.0", project + ".dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{project}.dll ({configuration}) was not found above {output.FullName}: build it first.");
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
