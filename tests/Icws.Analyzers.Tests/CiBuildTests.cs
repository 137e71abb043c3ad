using System;
using System.Collections;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Xunit;

namespace Icws.Analyzers.Tests;

/// <summary>
/// "Enforced in CI builds": a real <c>dotnet build</c> of a small project that uses Icws.Generated the way the
/// repository's samples do (it imports samples/Icws.Consumer.props) and contains an unknown attribute name.
/// With <c>dotnet_diagnostic.ICWS2001.severity = error</c> in its .editorconfig the build fails on ICWS2001;
/// with the rule at warning it builds. One build each: they take 15-40 s on this machine.
/// </summary>
public sealed class CiBuildTests
{
    private const string Program = """
        using System.Threading;
        using System.Threading.Tasks;
        using Icws.Client;

        public static class Program
        {
            public static async Task<string?> ReadNameAsync(IcwsClient icws, string id, CancellationToken ct)
            {
                var a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_State, "Eic_RemoteNme"], ct);
                return a["Eic_RemoteNme"];
            }

            public static void Main()
            {
            }
        }
        """;

    [Fact]
    public async Task Build_fails_with_the_rule_as_error_and_passes_with_it_as_warning()
    {
        var repository = FindRepositoryRoot();
        var directory = Path.Combine(Path.GetTempPath(), "icws-ci-" + Guid.NewGuid().ToString("N").Substring(0, 8));
        Directory.CreateDirectory(directory);
        try
        {
            // Empty Directory.Build.* files stop MSBuild from looking further up for other props.
            File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />");
            File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />");
            File.WriteAllText(Path.Combine(directory, "CiSample.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <LangVersion>latest</LangVersion>
                  </PropertyGroup>
                  <Import Project="{Path.Combine(repository, "samples", "Icws.Consumer.props")}" />
                </Project>
                """);
            File.WriteAllText(Path.Combine(directory, "Program.cs"), Program);

            File.WriteAllText(Path.Combine(directory, ".editorconfig"), "root = true\n\n[*.cs]\ndotnet_diagnostic.ICWS2001.severity = error\n");
            var failing = await BuildAsync(directory);
            Assert.True(failing.ExitCode != 0, "The build should fail with ICWS2001 as an error:\n" + failing.Output);
            Assert.Contains("error ICWS2001", failing.Output);
            Assert.Contains("Eic_RemoteNme", failing.Output);

            File.WriteAllText(Path.Combine(directory, ".editorconfig"), "root = true\n\n[*.cs]\ndotnet_diagnostic.ICWS2001.severity = warning\n");
            var passing = await BuildAsync(directory);
            Assert.True(passing.ExitCode == 0, "The build should pass with ICWS2001 as a warning:\n" + passing.Output);
            Assert.Contains("warning ICWS2001", passing.Output);
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var current = new DirectoryInfo(AppContext.BaseDirectory); current is not null; current = current.Parent)
        {
            if (File.Exists(Path.Combine(current.FullName, "Icws.Generated.sln")))
            {
                return current.FullName;
            }
        }

        throw new InvalidOperationException("Icws.Generated.sln not found above " + AppContext.BaseDirectory);
    }

    private static async Task<(int ExitCode, string Output)> BuildAsync(string directory)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // No build servers: a compiler or MSBuild node left running would outlive the test (and hold its output pipes).
        foreach (var argument in new[] { "build", "-nologo", "-v:q", "--disable-build-servers" })
        {
            start.ArgumentList.Add(argument);
        }

        // dotnet test sets MSBuild variables for its own build; the child build must not inherit them.
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            var name = (string)variable.Key;
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(name);
            }
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new System.Threading.CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("dotnet build did not finish within 5 minutes:\n" + await stdout);
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
