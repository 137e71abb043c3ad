using System;
using System.Diagnostics;
using System.IO;

namespace Icws.Benchmarks.Infrastructure;

/// <summary>Starts this program again with other arguments, whether it runs as <c>dotnet Icws.Benchmarks.dll</c> or as its apphost (<c>dotnet run</c>).</summary>
public static class SelfProcess
{
    public static ProcessStartInfo StartInfo(params string[] arguments)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        if (string.Equals(Path.GetFileNameWithoutExtension(host), "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(SelfProcess).Assembly.Location);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}
