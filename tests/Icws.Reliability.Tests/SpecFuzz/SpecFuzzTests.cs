using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Icws.Reliability.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Xunit;
using Xunit.Abstractions;

namespace Icws.Reliability.Tests.SpecFuzz;

/// <summary>
/// Spec fuzzing through the generator driver. Each case mutates the default spec (alone) or a small custom spec (next
/// to the pristine default spec), see <see cref="SpecMutator"/>, runs the generator as the compiler would, and checks:
/// <list type="bullet">
/// <item>nothing escapes the driver: no exception, no CS8785, no ICWS1011 (the generator's own catch-all);</item>
/// <item>every diagnostic is a spec diagnostic (ICWS1001-ICWS1012) located in the mutated spec file, inside its text;</item>
/// <item>a broken custom spec never stops the default spec from generating (all five files are still there);</item>
/// <item>whatever is generated parses as C# with no syntax error (every 40th case whose output changed is also compiled against the runtime, warnings included);</item>
/// <item>a sample is run incrementally (pristine, mutated, pristine again on one driver) and must come back unchanged.</item>
/// </list>
/// Size: <c>ICWS_FUZZ_CASES</c> (CI default 400; full size 10,000 with <c>ICWS_FUZZ_CASES=10000</c> or
/// <c>ICWS_RELIABILITY_FULL=1</c>); seed: <c>ICWS_FUZZ_SEED</c>. A failing case is reported with its index, seed and
/// mutations, and its bytes are written to <c>spec-fuzz-failures/</c> next to the test assembly; rerun one case with
/// <c>ICWS_FUZZ_CASE=&lt;index&gt;</c>.
/// </summary>
public class SpecFuzzTests
{
    private static readonly Lazy<Baseline> Pristine = new(() => new Baseline());

    private readonly ITestOutputHelper _output;

    public SpecFuzzTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void MutatedSpecs_NeverCrashTheGenerator_AndEveryRejectionIsALocatedSpecDiagnostic()
    {
        var seed = Sizes.FuzzSeed;
        var only = Environment.GetEnvironmentVariable("ICWS_FUZZ_CASE");
        var indexes = int.TryParse(only, out var single) ? new[] { single } : Enumerable.Range(0, Sizes.SpecFuzzCases).ToArray();
        var baseline = Pristine.Value;
        var stats = new Stats();
        var failures = new ConcurrentBag<(SpecFuzzCase Case, List<string> Problems)>();
        var clock = Stopwatch.StartNew();

        Parallel.ForEach(indexes, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, index =>
        {
            var fuzzCase = SpecMutator.Create(seed, index);
            var problems = RunCase(fuzzCase, baseline, stats, incremental: index % 20 == 7, compile: index % 40 == 3, fresh: index % 10 == 1);
            if (problems.Count > 0)
            {
                failures.Add((fuzzCase, problems));
            }
        });

        clock.Stop();
        var failureDirectory = Path.Combine(AppContext.BaseDirectory, "spec-fuzz-failures");
        foreach (var (fuzzCase, _) in failures)
        {
            Directory.CreateDirectory(failureDirectory);
            File.WriteAllBytes(Path.Combine(failureDirectory, $"case-{fuzzCase.Index}-seed-{seed}{Path.GetExtension(fuzzCase.MutatedPath)}"), fuzzCase.Bytes);
        }

        var text = new StringBuilder()
            .AppendLine($"master seed {seed}; cases run {indexes.Length} ({stats.DefaultCases} on the default spec, {stats.CustomCases} on custom specs) in {clock.Elapsed.TotalSeconds:F1} s on {Environment.ProcessorCount} cores")
            .AppendLine($"exceptions out of the driver: {stats.Exceptions}; generator failures (CS8785/ICWS1011): {stats.GeneratorFailures}; invariant violations: {failures.Count}")
            .AppendLine($"cases rejected with spec errors: {stats.Rejected}; accepted with warnings only: {stats.WarningsOnly}; accepted clean: {stats.Clean}")
            .AppendLine($"decodings: {string.Join(", ", stats.Decodings.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}"))}")
            .AppendLine($"diagnostics by id: {string.Join(", ", stats.DiagnosticIds.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}"))}")
            .AppendLine($"incremental round trips: {stats.Incremental}; outputs compiled: {stats.Compiled}; generated files parsed: {stats.FilesParsed}")
            .AppendLine($"slowest case: {stats.SlowestCase} ({stats.SlowestMs} ms); time in the generator {stats.GeneratorMs} ms, parsing its output {stats.ParseMs} ms");
        foreach (var (fuzzCase, problems) in failures.OrderBy(f => f.Case.Index).Take(20))
        {
            text.AppendLine($"FAILED {fuzzCase}").AppendLine("  " + string.Join("\n  ", problems.Take(5)));
        }

        Report.Write(_output, nameof(SpecFuzzTests), text.ToString());
        Assert.True(failures.IsEmpty, text.ToString());
        Assert.Equal(0, stats.Exceptions);
    }

    [Fact]
    public void TheSameSeed_GivesTheSameCases()
    {
        for (var i = 0; i < 50; i++)
        {
            var a = SpecMutator.Create(Sizes.FuzzSeed, i);
            var b = SpecMutator.Create(Sizes.FuzzSeed, i);
            Assert.Equal(a.Bytes, b.Bytes);
            Assert.Equal(a.Mutations, b.Mutations);
            Assert.Equal(a.Decoding, b.Decoding);
        }

        Assert.NotEqual(SpecMutator.Create(1, 1).Bytes, SpecMutator.Create(2, 1).Bytes);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TheDefaultSpec_InEveryUnicodeEncoding_GeneratesTheSameCode(bool asTheCompilerReadsIt)
    {
        var decoding = asTheCompilerReadsIt ? Decoding.Compiler : Decoding.Stream;
        var baseline = Pristine.Value;
        foreach (var encoding in new Encoding[] { new UTF8Encoding(true), new UnicodeEncoding(false, true), new UnicodeEncoding(true, true), new UTF32Encoding(false, true) })
        {
            var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(SeedSpecs.Default.Value)).ToArray();
            var outcome = GeneratorRunner.Run([new ByteAdditionalText(SeedSpecs.DefaultPath, bytes, decoding)]);
            Assert.Empty(outcome.Diagnostics);
            Assert.Equal(baseline.DefaultOnly.Sources, outcome.Sources);
        }
    }

    private static List<string> RunCase(SpecFuzzCase fuzzCase, Baseline baseline, Stats stats, bool incremental, bool compile, bool fresh)
    {
        var problems = new List<string>();
        var mutated = new ByteAdditionalText(fuzzCase.MutatedPath, fuzzCase.Bytes, fuzzCase.Decoding);
        var texts = fuzzCase.WithPristineDefault ? new AdditionalText[] { baseline.DefaultText, mutated } : new AdditionalText[] { mutated };
        var pristine = fuzzCase.WithPristineDefault ? baseline.WithCustom[SeedIndex(fuzzCase)] : baseline.DefaultOnly;
        GeneratorOutcome outcome;
        if (incremental)
        {
            // One driver, as in an editor: pristine, then the mutated file, then pristine again.
            var pristineText = fuzzCase.WithPristineDefault ? baseline.CustomTexts[SeedIndex(fuzzCase)] : baseline.DefaultText;
            var driver = GeneratorRunner.CreateDriver(fuzzCase.WithPristineDefault ? new[] { baseline.DefaultText, pristineText } : new[] { pristineText });
            GeneratorRunner.Run(driver, out driver);
            outcome = GeneratorRunner.Run(driver.ReplaceAdditionalText(pristineText, mutated), out driver);
            var back = GeneratorRunner.Run(driver.ReplaceAdditionalText(mutated, pristineText), out _);
            Interlocked.Increment(ref stats.Incremental);
            if (back.Exception is not null || !back.Diagnostics.IsEmpty || !SameSources(back.Sources, pristine.Sources))
            {
                problems.Add($"after the pristine file came back the output differs: {back.Exception?.GetType().Name} {string.Join(", ", back.Diagnostics.Select(d => d.Id))}; files {string.Join(", ", back.Sources.Keys)}");
            }
        }
        else if (fuzzCase.WithPristineDefault && !fresh)
        {
            // Next to the pristine default spec: start from a driver that has already read it (its parse is cached).
            var seedIndex = SeedIndex(fuzzCase);
            outcome = GeneratorRunner.Run(baseline.CustomDrivers[seedIndex].ReplaceAdditionalText(baseline.CustomTexts[seedIndex], mutated), out _);
        }
        else
        {
            outcome = GeneratorRunner.Run(texts);
        }

        stats.Count(fuzzCase, outcome);
        var text = mutated.GetText();
        if (outcome.Exception is not null)
        {
            Interlocked.Increment(ref stats.Exceptions);
            problems.Add("exception out of the generator: " + outcome.Exception);
        }

        foreach (var diagnostic in outcome.Diagnostics)
        {
            string message;
            try
            {
                message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (Exception ex)
            {
                problems.Add($"{diagnostic.Id}: formatting its message threw {ex.GetType().Name}");
                continue;
            }

            if (diagnostic.Id is "CS8785" or "ICWS1011")
            {
                Interlocked.Increment(ref stats.GeneratorFailures);
                problems.Add($"generator failure {diagnostic.Id}: {Trim(message)}");
                continue;
            }

            if (!IsSpecDiagnostic(diagnostic.Id))
            {
                problems.Add($"not a spec diagnostic: {diagnostic.Id} {Trim(message)}");
                continue;
            }

            var location = diagnostic.Location;
            var span = location.GetLineSpan();
            if (location.Kind != LocationKind.ExternalFile || span.Path != fuzzCase.MutatedPath)
            {
                problems.Add($"{diagnostic.Id} is not located in the mutated spec file ({location.Kind} '{span.Path}'): {Trim(message)}");
                continue;
            }

            if (text is not null)
            {
                var source = location.SourceSpan;
                if (source.End > text.Length || !text.Lines.GetLinePositionSpan(source).Equals(span.Span))
                {
                    problems.Add($"{diagnostic.Id} has a span {source} / {span.Span} outside or inconsistent with the file ({text.Length} chars): {Trim(message)}");
                }
            }
        }

        if (fuzzCase.WithPristineDefault && outcome.Exception is null && outcome.Sources.Count != 5)
        {
            problems.Add($"a broken custom spec stopped the default spec from generating: {outcome.Sources.Count} files");
        }

        // Whatever is generated must be C#: parse every file that differs from the pristine output.
        var parseClock = Stopwatch.StartNew();
        var changed = outcome.Sources.Where(s => !pristine.Sources.TryGetValue(s.Key, out var p) || !string.Equals(p, s.Value, StringComparison.Ordinal)).ToList();
        foreach (var (hint, source) in changed)
        {
            Interlocked.Increment(ref stats.FilesParsed);
            var tree = pristine.Trees.TryGetValue(hint, out var pristineTree) ? Reparse(pristineTree, source) : CSharpSyntaxTree.ParseText(source, GeneratorRunner.ParseOptions, path: hint);
            var errors = tree.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Take(3).ToList();
            if (errors.Count > 0)
            {
                problems.Add($"{hint} does not parse: " + string.Join(" | ", errors.Select(e => $"{e.Id} {Trim(e.GetMessage())} at {e.Location.GetLineSpan().StartLinePosition}: {Trim(LineOf(source, e.Location.SourceSpan.Start))}")));
            }
        }

        Interlocked.Add(ref stats.ParseMs, parseClock.ElapsedMilliseconds);
        if (compile && changed.Count > 0 && problems.Count == 0)
        {
            Interlocked.Increment(ref stats.Compiled);
            var errors = GeneratorRunner.Compile(outcome.Sources.Values).Take(3).ToList();
            if (errors.Count > 0)
            {
                problems.Add("the generated code does not compile: " + string.Join(" | ", errors.Select(e => $"{e.Id} {Trim(e.GetMessage())}")));
            }
        }

        return problems;
    }

    /// <summary>
    /// Parses <paramref name="source"/> incrementally from the pristine output's tree: only the changed region is
    /// lexed and parsed again (Roslyn's incremental parser gives the same tree as a full parse).
    /// </summary>
    private static SyntaxTree Reparse(SyntaxTree pristine, string source)
    {
        var old = pristine.GetText();
        var oldText = old.ToString();
        var prefix = 0;
        var max = Math.Min(oldText.Length, source.Length);
        while (prefix < max && oldText[prefix] == source[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < max - prefix && oldText[oldText.Length - 1 - suffix] == source[source.Length - 1 - suffix])
        {
            suffix++;
        }

        var change = new TextChange(TextSpan.FromBounds(prefix, oldText.Length - suffix), source.Substring(prefix, source.Length - suffix - prefix));
        return pristine.WithChangedText(old.WithChanges(change));
    }

    private static int SeedIndex(SpecFuzzCase fuzzCase) => int.Parse(fuzzCase.BaseName["custom seed ".Length..], System.Globalization.CultureInfo.InvariantCulture);

    private static bool SameSources(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
        => a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value);

    private static bool IsSpecDiagnostic(string id)
        => id.StartsWith("ICWS10", StringComparison.Ordinal) && int.TryParse(id.AsSpan(4), out var n) && n is >= 1001 and <= 1012;

    private static string Trim(string text) => text.Length > 300 ? text[..300] + "…" : text;

    private static string LineOf(string source, int position)
    {
        var start = source.LastIndexOf('\n', Math.Max(0, Math.Min(position, source.Length - 1))) + 1;
        var end = source.IndexOf('\n', Math.Min(position, source.Length));
        return source[start..(end < 0 ? source.Length : end)].Trim();
    }

    /// <summary>The pristine inputs and their output, to compare against.</summary>
    private sealed class Baseline
    {
        public Baseline()
        {
            DefaultText = new ByteAdditionalText(SeedSpecs.DefaultPath, Encoding.UTF8.GetBytes(SeedSpecs.Default.Value), Decoding.Stream);
            DefaultOnly = Checked(GeneratorRunner.Run([DefaultText]));
            CustomTexts = SeedSpecs.Custom.Select(c => (AdditionalText)new ByteAdditionalText(SeedSpecs.CustomPath, Encoding.UTF8.GetBytes(c), Decoding.Stream)).ToArray();
            WithCustom = CustomTexts.Select(c => Checked(GeneratorRunner.Run([DefaultText, c]))).ToArray();
            CustomDrivers = CustomTexts.Select(c =>
            {
                GeneratorRunner.Run(GeneratorRunner.CreateDriver([DefaultText, c]), out var driver);
                return driver;
            }).ToArray();
        }

        public GeneratorDriver[] CustomDrivers { get; }

        public AdditionalText DefaultText { get; }

        public Output DefaultOnly { get; }

        public AdditionalText[] CustomTexts { get; }

        public Output[] WithCustom { get; }

        private static Output Checked(GeneratorOutcome outcome)
        {
            Assert.Null(outcome.Exception);
            Assert.Empty(outcome.Diagnostics);
            Assert.Equal(5, outcome.Sources.Count);
            var trees = outcome.Sources.ToDictionary(s => s.Key, s => CSharpSyntaxTree.ParseText(s.Value, GeneratorRunner.ParseOptions, path: s.Key), StringComparer.Ordinal);
            foreach (var tree in trees.Values)
            {
                Assert.Empty(tree.GetDiagnostics());
            }

            return new Output(outcome.Sources, trees);
        }
    }

    private sealed record Output(IReadOnlyDictionary<string, string> Sources, IReadOnlyDictionary<string, SyntaxTree> Trees);

    private sealed class Stats
    {
        public int Exceptions;
        public int GeneratorFailures;
        public int Incremental;
        public int Compiled;
        public int FilesParsed;
        public int DefaultCases;
        public int CustomCases;
        public int Rejected;
        public int WarningsOnly;
        public int Clean;
        public long SlowestMs;
        public long GeneratorMs;
        public long ParseMs;
        public string SlowestCase = string.Empty;
        public readonly ConcurrentDictionary<string, int> DiagnosticIds = new();
        public readonly ConcurrentDictionary<Decoding, int> Decodings = new();

        public void Count(SpecFuzzCase fuzzCase, GeneratorOutcome outcome)
        {
            Interlocked.Increment(ref fuzzCase.WithPristineDefault ? ref CustomCases : ref DefaultCases);
            Interlocked.Add(ref GeneratorMs, (long)outcome.Elapsed.TotalMilliseconds);
            Decodings.AddOrUpdate(fuzzCase.Decoding, 1, (_, n) => n + 1);
            foreach (var id in outcome.Diagnostics.Select(d => d.Id).Distinct())
            {
                DiagnosticIds.AddOrUpdate(id, 1, (_, n) => n + 1);
            }

            if (outcome.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                Interlocked.Increment(ref Rejected);
            }
            else if (outcome.Diagnostics.Length > 0)
            {
                Interlocked.Increment(ref WarningsOnly);
            }
            else
            {
                Interlocked.Increment(ref Clean);
            }

            lock (DiagnosticIds)
            {
                if ((long)outcome.Elapsed.TotalMilliseconds > SlowestMs)
                {
                    SlowestMs = (long)outcome.Elapsed.TotalMilliseconds;
                    SlowestCase = fuzzCase.ToString();
                }
            }
        }
    }
}
