using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Xunit;

namespace Icws.Generator.Tests;

/// <summary>
/// Compares every generated file, and the set of files, with the baselines under Baselines/{test}/.
/// To regenerate after an intended change: <c>ICWS_UPDATE_BASELINES=1 dotnet test tests/Icws.Generator.Tests</c>,
/// then review the diff of Baselines/ like any other change.
/// </summary>
public class BaselineTests
{
    [Fact]
    public void DefaultSpec_MatchesBaselines()
    {
        var result = GeneratorHarness.RunDefault();
        Assert.True(result.CompileErrors.Count == 0, string.Join("\n", result.CompileErrors.Take(20)));
        Verify(result.Files);
    }

    [Fact]
    public void DefaultSpecWithCustomExtension_MatchesBaselines()
    {
        var result = GeneratorHarness.RunDefault(GeneratorHarness.Spec("/project/routing.icws.json", GeneratorHarness.SpecText("routing.icws.json")));
        Assert.True(result.GeneratorDiagnostics.IsEmpty, string.Join("\n", result.GeneratorDiagnostics));
        Assert.True(result.CompileErrors.Count == 0, string.Join("\n", result.CompileErrors.Take(20)));
        Verify(result.Files);
    }

    private static void Verify(IReadOnlyDictionary<string, string> files, [CallerMemberName] string test = "", [CallerFilePath] string thisFile = "")
    {
        var folder = Path.Combine(Path.GetDirectoryName(thisFile)!, "Baselines", test);
        var update = Environment.GetEnvironmentVariable("ICWS_UPDATE_BASELINES") == "1";
        if (update)
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            Directory.CreateDirectory(folder);
            foreach (var (hint, text) in files)
            {
                File.WriteAllText(Path.Combine(folder, hint + ".txt"), GeneratorHarness.Scrub(text));
            }

            return;
        }

        Assert.True(Directory.Exists(folder), $"No baselines in {folder}; run with ICWS_UPDATE_BASELINES=1 to create them.");
        var expectedFiles = Directory.GetFiles(folder, "*.txt").Select(f => Path.GetFileNameWithoutExtension(f)).OrderBy(f => f, StringComparer.Ordinal).ToList();
        Assert.Equal(expectedFiles, files.Keys.OrderBy(f => f, StringComparer.Ordinal).ToList());
        foreach (var (hint, text) in files)
        {
            var expected = File.ReadAllText(Path.Combine(folder, hint + ".txt")).ReplaceLineEndings("\n");
            var actual = GeneratorHarness.Scrub(text).ReplaceLineEndings("\n");
            if (expected != actual)
            {
                var expectedLines = expected.Split('\n');
                var actualLines = actual.Split('\n');
                var line = Enumerable.Range(0, Math.Min(expectedLines.Length, actualLines.Length)).FirstOrDefault(i => expectedLines[i] != actualLines[i], Math.Min(expectedLines.Length, actualLines.Length));
                Assert.Fail($"{hint} differs from its baseline at line {line + 1}:\n  expected: {(line < expectedLines.Length ? expectedLines[line] : "<end>")}\n  actual:   {(line < actualLines.Length ? actualLines[line] : "<end>")}\nRun with ICWS_UPDATE_BASELINES=1 to accept the new output.");
            }
        }
    }
}
