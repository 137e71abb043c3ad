using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Icws.Reliability.Tests.Infrastructure;
using Icws.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Xunit;
using Xunit.Abstractions;

namespace Icws.Reliability.Tests.SpecFuzz;

/// <summary>
/// Spec fuzzing through the generator driver, in both of the generator's builds (see <see cref="SpecMutator"/>): the
/// standard spec mutated in the package's own build (<c>IcwsGenerateStandardApi=true</c>), and a small custom spec
/// mutated in a consumer's build (<c>RootNamespace</c> set) next to a pristine companion file of the same project.
/// Each case runs the generator as the compiler would, and checks:
/// <list type="bullet">
/// <item>nothing escapes the driver: no exception, no CS8785, no ICWS1011 (the generator's own catch-all);</item>
/// <item>every diagnostic is a spec diagnostic (ICWS1001-ICWS1037) located in the mutated spec file, inside its text;</item>
/// <item>in a consumer's build, a broken custom file never stops the other file of the project: every file the companion
/// generates is still there, and unchanged but for the files every spec file of a project adds to (the assembly
/// metadata, the client extensions, the message registration, the extensions of a standard area);</item>
/// <item>whatever is generated parses as C# with no syntax error, and compiles against the real runtime with warnings
/// as errors (every consumer case whose output changed; every 20th standard case, whose output is the whole API,
/// compiled with CS0436 silenced as in the package's build, where that source is the runtime's own);</item>
/// <item>a sample is run incrementally (pristine, mutated, pristine again on one driver) and must come back unchanged.</item>
/// </list>
/// Each run fuzzes the fixed master seed and, unless <c>ICWS_FUZZ_SEED</c> is set, a fresh seed drawn for that run (printed
/// in the test output and the report). Size: <c>ICWS_FUZZ_CASES</c> per seed (CI default 400; full size 10,000 with
/// <c>ICWS_RELIABILITY_FULL=1</c>). A failing case is reported with its index, master seed and mutations, and its bytes are
/// written to <c>spec-fuzz-failures/</c> next to the test assembly; <c>ICWS_FUZZ_SEED=&lt;seed&gt; ICWS_FUZZ_CASE=&lt;index&gt;</c>
/// reruns that one case. Fixed cases stay as regression tests: their bytes in <c>SpecFuzz/Regressions/</c>, replayed by
/// <see cref="RegressionCase_StaysFixed"/>.
/// </summary>
public class SpecFuzzTests
{
    private const string RerunFilter = "--filter FullyQualifiedName~SpecFuzzTests.MutatedSpecs";

    private static readonly Lazy<Baseline> Pristine = new(() => new Baseline());

    /// <summary>Files of a consumer's output that every spec file of the project adds to: another file may change them, never remove them.</summary>
    private static readonly Regex SharedFile = new(@"^(IcwsAssemblyMetadata|IcwsClientExtensions|IcwsExtensionMessages|\w+ApiExtensions)\.g\.cs$", RegexOptions.CultureInvariant);

    private static readonly Regex RegressionName = new(@"^case-(?<index>\d+)-seed-(?<seed>\d+)\.(?<mode>standard|consumer(?<custom>\d+))\.(?<decoding>\w+)\.bytes$", RegexOptions.CultureInvariant);

    private readonly ITestOutputHelper _output;

    public SpecFuzzTests(ITestOutputHelper output) => _output = output;

    private static string RegressionDirectory => Path.Combine(AppContext.BaseDirectory, "SpecFuzz", "Regressions");

    [Fact]
    public void MutatedSpecs_FixedSeed_NeverCrashTheGenerator_AndEveryRejectionIsALocatedSpecDiagnostic()
        => FuzzSeed(Sizes.FuzzSeed, Sizes.FuzzSeedIsSet ? "from ICWS_FUZZ_SEED" : "the fixed seed");

    [Fact]
    public void MutatedSpecs_FreshSeed_NeverCrashTheGenerator_AndEveryRejectionIsALocatedSpecDiagnostic()
    {
        if (Sizes.FuzzSeedIsSet || Environment.GetEnvironmentVariable("ICWS_FUZZ_CASE") is { Length: > 0 })
        {
            // A reproduction: the fixed-seed test runs exactly what ICWS_FUZZ_SEED / ICWS_FUZZ_CASE name.
            _output.WriteLine("ICWS_FUZZ_SEED or ICWS_FUZZ_CASE is set: no fresh seed drawn.");
            return;
        }

        // Said first, in the output and the report, so that even a run that never finishes names its seed.
        var seed = Sizes.DrawFreshSeed();
        Report.Write(_output, nameof(SpecFuzzTests), $"fresh master seed {seed} drawn (rerun: ICWS_FUZZ_SEED={seed} dotnet test tests/Icws.Reliability.Tests {RerunFilter})");
        FuzzSeed(seed, "fresh seed drawn for this run");
    }

    private void FuzzSeed(int seed, string origin)
    {
        var only = Environment.GetEnvironmentVariable("ICWS_FUZZ_CASE");
        var indexes = int.TryParse(only, out var single) ? new[] { single } : Enumerable.Range(0, Sizes.SpecFuzzCases).ToArray();
        var baseline = Pristine.Value;
        var stats = new Stats();
        var failures = new ConcurrentBag<(SpecFuzzCase Case, List<string> Problems)>();
        var mutatorFailures = new ConcurrentBag<(int Index, Exception Exception)>();
        var clock = Stopwatch.StartNew();

        Parallel.ForEach(indexes, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, index =>
        {
            SpecFuzzCase fuzzCase;
            try
            {
                fuzzCase = SpecMutator.Create(seed, index);
            }
            catch (Exception ex)
            {
                // A bug of the mutator itself: named like any other failing case, and the other cases still run.
                mutatorFailures.Add((index, ex));
                return;
            }

            var compile = fuzzCase.Mode == IcwsBuild.Consumer || index % 20 == 3 || indexes.Length == 1;
            var problems = RunCase(fuzzCase, baseline, stats, incremental: index % 20 == 7 || indexes.Length == 1, compile, fresh: index % 10 == 1);
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
            File.WriteAllBytes(Path.Combine(failureDirectory, fuzzCase.FileName), fuzzCase.Bytes);
        }

        var text = new StringBuilder()
            .AppendLine($"master seed {seed} ({origin}); rerun with ICWS_FUZZ_SEED={seed} dotnet test tests/Icws.Reliability.Tests {RerunFilter}")
            .AppendLine($"cases run {indexes.Length} ({stats.StandardCases} on the standard spec in the package's build, {stats.ConsumerCases} on custom specs in a consumer's build) in {clock.Elapsed.TotalSeconds:F1} s on {Environment.ProcessorCount} cores")
            .AppendLine($"exceptions out of the driver: {stats.Exceptions}; generator failures (CS8785/ICWS1011): {stats.GeneratorFailures}; invariant violations: {failures.Count}; mutator failures: {mutatorFailures.Count}")
            .AppendLine($"cases rejected with spec errors: {stats.Rejected}; accepted with warnings only: {stats.WarningsOnly}; accepted clean: {stats.Clean}")
            .AppendLine($"decodings: {string.Join(", ", stats.Decodings.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}"))}")
            .AppendLine($"diagnostics by id: {string.Join(", ", stats.DiagnosticIds.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}"))}")
            .AppendLine($"incremental round trips: {stats.Incremental}; outputs compiled: {stats.Compiled} ({stats.CompiledConsumer} distinct consumer ones, {stats.CompiledStandard} distinct standard ones, {stats.CompileMs} ms); generated files parsed: {stats.FilesParsed}; companion files checked: {stats.CompanionFiles}")
            .AppendLine($"slowest case: {stats.SlowestCase} ({stats.SlowestMs} ms); time in the generator {stats.GeneratorMs} ms, parsing its output {stats.ParseMs} ms");
        foreach (var (index, exception) in mutatorFailures.OrderBy(f => f.Index).Take(5))
        {
            text.AppendLine($"FAILED case {index} of master seed {seed}: the mutator threw {exception}");
        }

        foreach (var (fuzzCase, problems) in failures.OrderBy(f => f.Case.Index).Take(20))
        {
            text.AppendLine($"FAILED {fuzzCase}")
                .AppendLine($"  rerun: ICWS_FUZZ_SEED={seed} ICWS_FUZZ_CASE={fuzzCase.Index} dotnet test tests/Icws.Reliability.Tests {RerunFilter}; bytes: spec-fuzz-failures/{fuzzCase.FileName}")
                .AppendLine("  " + string.Join("\n  ", problems.Take(5)));
        }

        Report.Write(_output, nameof(SpecFuzzTests), text.ToString());
        Assert.True(failures.IsEmpty && mutatorFailures.IsEmpty, text.ToString());
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
            Assert.Equal(a.Mode, b.Mode);
        }

        Assert.NotEqual(SpecMutator.Create(1, 1).Bytes, SpecMutator.Create(2, 1).Bytes);
    }

    [Fact]
    public void BothBuilds_AreFuzzed()
    {
        var modes = Enumerable.Range(0, 200).Select(i => SpecMutator.Create(Sizes.FixedFuzzSeed, i).Mode).ToList();
        Assert.InRange(modes.Count(m => m == IcwsBuild.Standard), 30, 90);
        Assert.InRange(modes.Count(m => m == IcwsBuild.Consumer), 110, 170);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    public void APristineSpec_InEveryUnicodeEncoding_GeneratesTheSameCode(bool standardBuild, bool asTheCompilerReadsIt)
    {
        var mode = standardBuild ? IcwsBuild.Standard : IcwsBuild.Consumer;
        var decoding = asTheCompilerReadsIt ? Decoding.Compiler : Decoding.Stream;
        var baseline = Pristine.Value;
        foreach (var encoding in new Encoding[] { new UTF8Encoding(true), new UnicodeEncoding(false, true), new UnicodeEncoding(true, true), new UTF32Encoding(false, true) })
        {
            var (path, text) = mode == IcwsBuild.Standard ? (SeedSpecs.StandardPath, SeedSpecs.Standard.Value) : (SeedSpecs.CustomPath, SeedSpecs.Custom[1]);
            var file = new ByteAdditionalText(path, encoding.GetPreamble().Concat(encoding.GetBytes(text)).ToArray(), decoding);
            var outcome = GeneratorRunner.Run(mode == IcwsBuild.Standard ? [file] : [file, baseline.CompanionText], mode);
            Assert.Empty(outcome.Diagnostics);
            Assert.Equal(mode == IcwsBuild.Standard ? baseline.Standard.Sources : baseline.Consumer[1].Sources, outcome.Sources);
        }
    }

    /// <summary>
    /// Case 7091 of master seed 777 (issue: the full-size run with ICWS_FUZZ_SEED=777 failed): custom seed 1 with the body
    /// of its third endpoint (Acme.Update, PUT) turned into <c>double[]</c>. The emitter built the list-writing lambda
    /// with string.Format, which read the lambda's braces as format items (ICWS1011 FormatException), and the exception
    /// stopped the default spec from generating. Replayed exactly: the mutator must still make these bytes from
    /// (777, 7091), so <c>ICWS_FUZZ_SEED=777 ICWS_FUZZ_CASE=7091</c> still names it.
    /// </summary>
    [Fact]
    public void Case7091OfSeed777_AListBody_GeneratesACompilingMethod_AndTheOtherFileStillGenerates()
    {
        var fuzzCase = SpecMutator.Create(777, 7091);
        Assert.Equal(File.ReadAllBytes(Path.Combine(RegressionDirectory, fuzzCase.FileName)), fuzzCase.Bytes);
        Assert.Equal(new[] { "reference at $.endpoints[2].body.type = 'double[]'" }, fuzzCase.Mutations);
        Assert.Equal((IcwsBuild.Consumer, 1, Decoding.Compiler), (fuzzCase.Mode, fuzzCase.CustomSeed, fuzzCase.Decoding));

        var problems = RunCase(fuzzCase, Pristine.Value, new Stats(), incremental: true, compile: true, fresh: true);
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        var outcome = GeneratorRunner.Run([new ByteAdditionalText(fuzzCase.MutatedPath, fuzzCase.Bytes, fuzzCase.Decoding), Pristine.Value.CompanionText], IcwsBuild.Consumer);
        Assert.Null(outcome.Exception);
        Assert.Empty(outcome.Diagnostics);
        Assert.Contains("UpdateAsync([global::Icws.Metadata.IcwsPathParameterAttribute(\"ticketId\")] string ticketId, global::System.Collections.Generic.IReadOnlyList<double> doubleList,", outcome.Sources["AcmeApi.g.cs"], StringComparison.Ordinal);
        foreach (var (hint, source) in Pristine.Value.CompanionOnly.Sources.Where(s => !SharedFile.IsMatch(s.Key)))
        {
            Assert.Equal(source, outcome.Sources[hint]);
        }

        Assert.Empty(GeneratorRunner.Compile(outcome.Sources.Values, IcwsBuild.Consumer));
    }

    public static TheoryData<string> RegressionFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RegressionDirectory, "*.bytes").Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            data.Add(file!);
        }

        return data;
    }

    /// <summary>Every case kept in SpecFuzz/Regressions/ (a failure's bytes from spec-fuzz-failures/, moved there once fixed) passes every invariant, on both driver paths.</summary>
    [Theory]
    [MemberData(nameof(RegressionFiles))]
    public void RegressionCase_StaysFixed(string fileName)
    {
        var match = RegressionName.Match(fileName);
        Assert.True(match.Success, $"{fileName} is not named like case-<index>-seed-<seed>.<standard|consumer<n>>.<decoding>.bytes");
        var mode = match.Groups["custom"].Success ? IcwsBuild.Consumer : IcwsBuild.Standard;
        var fuzzCase = new SpecFuzzCase(
            int.Parse(match.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(match.Groups["seed"].Value, System.Globalization.CultureInfo.InvariantCulture),
            0,
            mode,
            mode == IcwsBuild.Standard ? SeedSpecs.StandardPath : SeedSpecs.CustomPath,
            File.ReadAllBytes(Path.Combine(RegressionDirectory, fileName)),
            Enum.Parse<Decoding>(match.Groups["decoding"].Value),
            mode == IcwsBuild.Consumer ? int.Parse(match.Groups["custom"].Value, System.Globalization.CultureInfo.InvariantCulture) : -1,
            new[] { "replayed from SpecFuzz/Regressions/" + fileName });

        var problems = RunCase(fuzzCase, Pristine.Value, new Stats(), incremental: true, compile: true, fresh: true)
            .Concat(RunCase(fuzzCase, Pristine.Value, new Stats(), incremental: false, compile: true, fresh: false))
            .ToList();
        Assert.True(problems.Count == 0, fuzzCase + "\n" + string.Join("\n", problems));
    }

    private static List<string> RunCase(SpecFuzzCase fuzzCase, Baseline baseline, Stats stats, bool incremental, bool compile, bool fresh)
    {
        var problems = new List<string>();
        var mode = fuzzCase.Mode;
        var consumer = mode == IcwsBuild.Consumer;
        var mutated = new ByteAdditionalText(fuzzCase.MutatedPath, fuzzCase.Bytes, fuzzCase.Decoding);
        var texts = consumer ? new AdditionalText[] { mutated, baseline.CompanionText } : new AdditionalText[] { mutated };
        var pristine = consumer ? baseline.Consumer[fuzzCase.CustomSeed] : baseline.Standard;
        GeneratorOutcome outcome;
        if (incremental)
        {
            // One driver, as in an editor: pristine, then the mutated file, then pristine again.
            var pristineText = consumer ? baseline.CustomTexts[fuzzCase.CustomSeed] : baseline.StandardText;
            var driver = GeneratorRunner.CreateDriver(consumer ? new[] { pristineText, baseline.CompanionText } : new[] { pristineText }, mode);
            GeneratorRunner.Run(driver, out driver);
            outcome = GeneratorRunner.Run(driver.ReplaceAdditionalText(pristineText, mutated), out driver);
            var back = GeneratorRunner.Run(driver.ReplaceAdditionalText(mutated, pristineText), out _);
            Interlocked.Increment(ref stats.Incremental);
            if (back.Exception is not null || !back.Diagnostics.IsEmpty || !SameSources(back.Sources, pristine.Sources))
            {
                problems.Add($"after the pristine file came back the output differs: {back.Exception?.GetType().Name} {string.Join(", ", back.Diagnostics.Select(d => d.Id))}; files {string.Join(", ", back.Sources.Keys)}");
            }
        }
        else if (consumer && !fresh)
        {
            // Next to the pristine companion: start from a driver that has already read it (its parse is cached).
            outcome = GeneratorRunner.Run(baseline.ConsumerDrivers[fuzzCase.CustomSeed].ReplaceAdditionalText(baseline.CustomTexts[fuzzCase.CustomSeed], mutated), out _);
        }
        else
        {
            outcome = GeneratorRunner.Run(texts, mode);
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

        if (consumer && outcome.Exception is null)
        {
            // The other file of the project still generates: all of its files, unchanged but for the shared ones.
            foreach (var (hint, source) in baseline.CompanionOnly.Sources)
            {
                Interlocked.Increment(ref stats.CompanionFiles);
                if (!outcome.Sources.TryGetValue(hint, out var now))
                {
                    problems.Add($"a broken custom file stopped the other file of the project from generating {hint}");
                }
                else if (!SharedFile.IsMatch(hint) && !string.Equals(now, source, StringComparison.Ordinal))
                {
                    problems.Add($"a broken custom file changed {hint}, which only the other file of the project declares");
                }
            }
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
        if (compile && (changed.Count > 0 || outcome.Sources.Count != pristine.Sources.Count) && problems.Count == 0)
        {
            // Many cases give the same output (a file rejected whole leaves the companion's alone): each output is compiled once.
            Interlocked.Increment(ref stats.Compiled);
            var errors = baseline.Compiled.GetOrAdd(OutputKey(mode, outcome.Sources), _ =>
            {
                var compileClock = Stopwatch.StartNew();
                Interlocked.Increment(ref mode == IcwsBuild.Standard ? ref stats.CompiledStandard : ref stats.CompiledConsumer);
                var found = GeneratorRunner.Compile(outcome.Sources.Values, mode).Take(3)
                    .Select(e => $"{e.Id} {Trim(e.GetMessage())} at {e.Location.SourceTree?.FilePath}: {Trim(LineOf(e.Location.SourceTree?.ToString() ?? string.Empty, e.Location.SourceSpan.Start))}")
                    .ToList();
                Interlocked.Add(ref stats.CompileMs, compileClock.ElapsedMilliseconds);
                return found;
            });
            if (errors.Count > 0)
            {
                problems.Add("the generated code does not compile: " + string.Join(" | ", errors));
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

    /// <summary>The build and every generated file (name and text), hashed: equal keys, equal compilations.</summary>
    private static string OutputKey(IcwsBuild mode, IReadOnlyDictionary<string, string> sources)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(mode + "\0"));
        foreach (var (hint, source) in sources.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(hint + "\0" + source + "\0"));
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private static bool SameSources(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
        => a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value);

    /// <summary>ICWS1001-ICWS1037, the spec diagnostics, but for ICWS1011 (the generator failed) and ICWS1012 (the C# version).</summary>
    // The generator's spec diagnostics (docs/rules/ICWS1001-ICWS1038), without its failure and build-property ones.
    private static bool IsSpecDiagnostic(string id)
        => id.StartsWith("ICWS10", StringComparison.Ordinal) && int.TryParse(id.AsSpan(4), out var n) && n is >= 1001 and <= 1038 and not 1011 and not 1012;

    private static string Trim(string text) => text.Length > 300 ? text[..300] + "…" : text;

    private static string LineOf(string source, int position)
    {
        if (source.Length == 0)
        {
            return string.Empty;
        }

        var start = source.LastIndexOf('\n', Math.Max(0, Math.Min(position, source.Length - 1))) + 1;
        var end = source.IndexOf('\n', Math.Min(position, source.Length));
        return source[start..(end < 0 ? source.Length : end)].Trim();
    }

    /// <summary>The pristine inputs and their output in each build, to compare against; each is checked to generate cleanly and compile.</summary>
    private sealed class Baseline
    {
        public Baseline()
        {
            StandardText = new ByteAdditionalText(SeedSpecs.StandardPath, Encoding.UTF8.GetBytes(SeedSpecs.Standard.Value), Decoding.Stream);
            Standard = Checked(GeneratorRunner.Run([StandardText], IcwsBuild.Standard), IcwsBuild.Standard);
            CompanionText = new ByteAdditionalText(SeedSpecs.CompanionPath, Encoding.UTF8.GetBytes(SeedSpecs.Companion), Decoding.Stream);
            CompanionOnly = Checked(GeneratorRunner.Run([CompanionText], IcwsBuild.Consumer), IcwsBuild.Consumer);
            CustomTexts = SeedSpecs.Custom.Select(c => (AdditionalText)new ByteAdditionalText(SeedSpecs.CustomPath, Encoding.UTF8.GetBytes(c), Decoding.Stream)).ToArray();
            Consumer = CustomTexts.Select(c => Checked(GeneratorRunner.Run([c, CompanionText], IcwsBuild.Consumer), IcwsBuild.Consumer)).ToArray();
            foreach (var output in Consumer)
            {
                // The invariant the fuzzer checks holds for the pristine files: the companion's own files do not depend on its neighbour.
                foreach (var (hint, source) in CompanionOnly.Sources)
                {
                    Assert.True(output.Sources.ContainsKey(hint), hint);
                    Assert.True(SharedFile.IsMatch(hint) || output.Sources[hint] == source, hint);
                }
            }

            ConsumerDrivers = CustomTexts.Select(c =>
            {
                GeneratorRunner.Run(GeneratorRunner.CreateDriver([c, CompanionText], IcwsBuild.Consumer), out var driver);
                return driver;
            }).ToArray();
        }

        public AdditionalText StandardText { get; }

        public Output Standard { get; }

        public AdditionalText CompanionText { get; }

        public Output CompanionOnly { get; }

        public AdditionalText[] CustomTexts { get; }

        public Output[] Consumer { get; }

        public GeneratorDriver[] ConsumerDrivers { get; }

        /// <summary>The compile errors of each output compiled so far, by <see cref="OutputKey"/>.</summary>
        public ConcurrentDictionary<string, List<string>> Compiled { get; } = new(StringComparer.Ordinal);

        private static Output Checked(GeneratorOutcome outcome, IcwsBuild mode)
        {
            Assert.Null(outcome.Exception);
            Assert.Empty(outcome.Diagnostics);
            Assert.NotEmpty(outcome.Sources);
            var trees = outcome.Sources.ToDictionary(s => s.Key, s => CSharpSyntaxTree.ParseText(s.Value, GeneratorRunner.ParseOptions, path: s.Key), StringComparer.Ordinal);
            foreach (var tree in trees.Values)
            {
                Assert.Empty(tree.GetDiagnostics());
            }

            var errors = GeneratorRunner.Compile(outcome.Sources.Values, mode);
            Assert.True(errors.Count == 0, string.Join("\n", errors.Take(10)));
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
        public int CompiledStandard;
        public int CompiledConsumer;
        public int FilesParsed;
        public int CompanionFiles;
        public int StandardCases;
        public int ConsumerCases;
        public int Rejected;
        public int WarningsOnly;
        public int Clean;
        public long SlowestMs;
        public long GeneratorMs;
        public long ParseMs;
        public long CompileMs;
        public string SlowestCase = string.Empty;
        public readonly ConcurrentDictionary<string, int> DiagnosticIds = new();
        public readonly ConcurrentDictionary<Decoding, int> Decodings = new();

        public void Count(SpecFuzzCase fuzzCase, GeneratorOutcome outcome)
        {
            Interlocked.Increment(ref fuzzCase.Mode == IcwsBuild.Consumer ? ref ConsumerCases : ref StandardCases);
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
