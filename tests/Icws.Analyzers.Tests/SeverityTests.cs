using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Icws.Testing;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Icws.Analyzers.Tests;

/// <summary>
/// Severities follow the project's settings: <c>dotnet_diagnostic.ICWS2001.severity</c> in .editorconfig becomes
/// these per-id options for the compiler (the end-to-end .editorconfig path is <see cref="CiBuildTests"/>).
/// </summary>
public sealed class SeverityTests
{
    [Fact]
    public async Task Configured_severities_apply()
    {
        var source = TestCode.InMethod("""
            var a = await icws.Interactions.GetAttributesAsync(id, ["Eic_Stat", "eic_state"], ct);
            """);
        var compilation = AnalyzerHarness.CreateCompilation(source);
        compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
        {
            ["CS1701"] = ReportDiagnostic.Suppress,
            ["CS1702"] = ReportDiagnostic.Suppress,
            ["ICWS2001"] = ReportDiagnostic.Error,
            ["ICWS2002"] = ReportDiagnostic.Suppress,
        }));

        var diagnostics = await AnalyzerHarness.AnalyzeAsync(compilation);
        var diagnostic = Assert.Single(diagnostics.Where(d => !d.IsSuppressed));
        Assert.Equal("ICWS2001", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
    }

    [Fact]
    public async Task Nothing_is_reported_without_icws()
    {
        // A project that does not use Icws.Generated (no Icws.Runtime reference): the analyzers find no ICWS metadata and stay silent.
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
            "Plain",
            new[] { Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("""
                public static class C
                {
                    public static string[] Names() => new[] { "Eic_Stat" };
                }
                """, TestCompiler.ParseOptions, path: "Test0.cs") },
            TestCompiler.FrameworkReferences,
            TestCompiler.CompilationOptions);
        Assert.Empty(await AnalyzerHarness.AnalyzeAsync(compilation));
    }
}
