using System.Collections.Generic;
using System.Threading.Tasks;

namespace Icws.Benchmarks.Infrastructure;

/// <summary>A benchmark class that also records figures BenchmarkDotNet does not measure (checks, memory held, ...).</summary>
public interface IHasExtras
{
    Task CollectExtrasAsync(IDictionary<string, string> extras);
}
