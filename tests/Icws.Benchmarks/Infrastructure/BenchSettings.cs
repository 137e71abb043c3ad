namespace Icws.Benchmarks.Infrastructure;

/// <summary>Process-wide switches.</summary>
public static class BenchSettings
{
    /// <summary>Set by the smoke test: inputs that only need to prove the code runs are made small.</summary>
    public static bool Smoke { get; set; }
}
