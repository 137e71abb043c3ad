using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Icws.Benchmarks.Infrastructure;

/// <summary>One benchmark case of one run (one process).</summary>
public sealed class CaseResult
{
    public string Method { get; set; } = string.Empty;

    /// <summary>The value of the group's parameter ("" when the class has none).</summary>
    public string Param { get; set; } = string.Empty;

    public double MeanNs { get; set; }

    public double MedianNs { get; set; }

    public double StdDevNs { get; set; }

    public double[] IterationNs { get; set; } = Array.Empty<double>();

    public long? AllocatedBytes { get; set; }
}

/// <summary>One run of one group: one process, every case of the class.</summary>
public sealed class RunResult
{
    public string Group { get; set; } = string.Empty;

    public int Run { get; set; }

    public DateTime StartedUtc { get; set; }

    public double WallSeconds { get; set; }

    public MachineInfo Machine { get; set; } = new();

    public List<CaseResult> Cases { get; set; } = new();

    public Dictionary<string, string> Extras { get; set; } = new();

    public static RunResult Load(string path) => JsonSerializer.Deserialize<RunResult>(File.ReadAllText(path)) ?? throw new InvalidDataException(path);

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true }));
}

public sealed class MachineInfo
{
    public string Os { get; set; } = string.Empty;

    public string Runtime { get; set; } = string.Empty;

    public string Cpu { get; set; } = string.Empty;

    public int Cores { get; set; }

    public string Gc { get; set; } = string.Empty;

    public static MachineInfo Current()
    {
        var cpu = "unknown CPU";
        try
        {
            var line = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
            if (line is not null)
            {
                cpu = line.Substring(line.IndexOf(':') + 1).Trim();
            }
        }
        catch (IOException)
        {
        }

        return new MachineInfo
        {
            Os = RuntimeInformation.OSDescription,
            Runtime = RuntimeInformation.FrameworkDescription + " " + RuntimeInformation.ProcessArchitecture,
            Cpu = cpu,
            Cores = Environment.ProcessorCount,
            Gc = System.Runtime.GCSettings.IsServerGC ? "server" : "workstation, non-concurrent",
        };
    }

    public override string ToString() => $"{Cpu}, {Cores} cores (shared), {Os}, {Runtime}, {Gc} GC";
}
