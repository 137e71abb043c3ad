using System;
using System.IO;
using Xunit.Abstractions;

namespace Icws.Reliability.Tests.Infrastructure;

/// <summary>
/// Figures of a run: written to the test output (dotnet test -v n, or --logger "console;verbosity=detailed")
/// and appended to reliability-report.txt next to the test assembly, so a full-size run leaves its numbers behind.
/// </summary>
internal static class Report
{
    private static readonly object Gate = new();

    public static string FilePath => Path.Combine(AppContext.BaseDirectory, "reliability-report.txt");

    public static void Write(ITestOutputHelper? output, string test, string text)
    {
        var block = $"[{DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss}] {test} ({Sizes.Describe})\n{text.TrimEnd()}\n";
        try
        {
            output?.WriteLine(block);
        }
        catch (InvalidOperationException)
        {
            // The test already finished (a late background write); the file still gets it.
        }

        lock (Gate)
        {
            File.AppendAllText(FilePath, block + "\n");
        }
    }
}
