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
    /// <summary>The package's own build: the whole standard API, one file per type and per client area.</summary>
    [Fact]
    public void StandardSpec_MatchesBaselines()
    {
        var result = GeneratorHarness.RunStandard();
        Assert.True(result.GeneratorDiagnostics.IsEmpty, string.Join("\n", result.GeneratorDiagnostics));
        Assert.True(result.CompileErrors.Count == 0, string.Join("\n", result.CompileErrors.Take(20)));
        Verify(result.Files);
    }

    /// <summary>
    /// A consumer's own spec files, each on its own: attributes with their catalog and extension accessors, a __type
    /// family, flattened and whole bodies (a list body too), a watch pair feeding a live watch, query lists and
    /// values with a header and typed path parameters, and feature checks.
    /// </summary>
    [Theory]
    [InlineData("routing.icws.json")]
    [InlineData("Focused/family.icws.json")]
    [InlineData("Focused/flatten.icws.json")]
    [InlineData("Focused/watch.icws.json")]
    [InlineData("Focused/query.icws.json")]
    [InlineData("Focused/feature.icws.json")]
    public void ConsumerSpec_MatchesBaselines(string spec)
    {
        var result = GeneratorHarness.RunConsumer(GeneratorHarness.Spec("/project/" + Path.GetFileName(spec), GeneratorHarness.SpecText(spec)));
        Assert.True(result.GeneratorDiagnostics.IsEmpty, string.Join("\n", result.GeneratorDiagnostics));
        Assert.True(result.CompileErrors.Count == 0, string.Join("\n", result.CompileErrors.Take(20)));
        Verify(result.Files, name: "ConsumerSpec_" + Path.GetFileName(spec).Replace(".icws.json", string.Empty, StringComparison.Ordinal));
    }

    private static void Verify(IReadOnlyDictionary<string, string> files, string? name = null, [CallerMemberName] string member = "", [CallerFilePath] string thisFile = "")
    {
        var test = name ?? member;
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
