using System;
using System.Globalization;

namespace Icws.Reliability.Tests.Infrastructure;

/// <summary>
/// Test sizes. Every test runs at CI size by default (fast, for <c>.ci/run</c>); one switch runs them all at
/// full size, and each size can also be set on its own:
/// <list type="table">
/// <item><term>ICWS_RELIABILITY_FULL=1</term><description>every test at full size (the figures below).</description></item>
/// <item><term>ICWS_FUZZ_CASES</term><description>spec fuzz cases (CI 400, full 10,000).</description></item>
/// <item><term>ICWS_FUZZ_SEED</term><description>master seed of the spec and wire fuzzers (default 20240607); a failure names its case index and seed. Unless it is set, the spec fuzzer also runs a fresh seed drawn for that run (and prints it).</description></item>
/// <item><term>ICWS_WIRE_CASES</term><description>wire fuzz cases per target (CI 300, full 5,000).</description></item>
/// <item><term>ICWS_CHAOS_SECONDS</term><description>length of the chaos run (CI 4, full 120).</description></item>
/// <item><term>ICWS_LOAD_INTERACTIONS</term><description>interactions in the load test's workgroup queue (CI 500, full 10,000).</description></item>
/// <item><term>ICWS_LOAD_SECONDS</term><description>length of the sustained-change phase of the load test (CI 2, full 30).</description></item>
/// <item><term>ICWS_DISPOSE_CASES</term><description>sessions disposed at random moments, per seed (CI 2,000, full 20,000).</description></item>
/// </list>
/// </summary>
internal static class Sizes
{
    public static bool Full => Environment.GetEnvironmentVariable("ICWS_RELIABILITY_FULL") is "1" or "true" or "TRUE" or "yes";

    public const int FixedFuzzSeed = 20240607;

    public static int FuzzSeed => Int("ICWS_FUZZ_SEED", FixedFuzzSeed, FixedFuzzSeed);

    /// <summary>Whether ICWS_FUZZ_SEED names the seed (a reproduction): then no fresh seed is drawn.</summary>
    public static bool FuzzSeedIsSet => int.TryParse(Environment.GetEnvironmentVariable("ICWS_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0;

    /// <summary>A master seed drawn for this run only; the test prints it, and ICWS_FUZZ_SEED=it reruns the same cases.</summary>
    public static int DrawFreshSeed()
    {
        int seed;
        do
        {
            seed = System.Security.Cryptography.RandomNumberGenerator.GetInt32(1, int.MaxValue);
        }
        while (seed == FixedFuzzSeed);

        return seed;
    }

    public static int SpecFuzzCases => Int("ICWS_FUZZ_CASES", 400, 10_000);

    public static int WireFuzzCases => Int("ICWS_WIRE_CASES", 300, 5_000);

    public static int ChaosSeconds => Int("ICWS_CHAOS_SECONDS", 4, 120);

    public static int LoadInteractions => Int("ICWS_LOAD_INTERACTIONS", 500, 10_000);

    public static int LoadSeconds => Int("ICWS_LOAD_SECONDS", 2, 30);

    public static int DisposeCases => Int("ICWS_DISPOSE_CASES", 2_000, 20_000);

    /// <summary>The size switch in force; a size set on its own shows in each report's own figures.</summary>
    public static string Describe => Full ? "full size (ICWS_RELIABILITY_FULL)" : "CI size unless set on its own";

    private static int Int(string name, int ci, int full)
    {
        var text = Environment.GetEnvironmentVariable(name);
        if (!string.IsNullOrWhiteSpace(text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0)
        {
            return value;
        }

        return Full ? full : ci;
    }
}
