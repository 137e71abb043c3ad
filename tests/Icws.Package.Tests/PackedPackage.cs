using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Icws.Package.Tests;

/// <summary>
/// Packs the repository's two packages once, Icws.Generated and Icws.Generated.Testing, under one unique version (own
/// NUGET_PACKAGES: a re-pack of the same version would be silently ignored by the package cache) and prepares a
/// folder for fresh consumer projects: a nuget.config that
/// adds the test feed, and Directory.Build.props/targets and Directory.Packages.props of its own so nothing from
/// the folders above leaks into the consumers. Every consumer under <see cref="Root"/> builds with warnings as errors.
/// </summary>
public sealed class PackedPackage : IAsyncLifetime
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "icws-package-" + Guid.NewGuid().ToString("N")[..8]);

    public string Version { get; } = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss") + "." + Random.Shared.Next(1000, 9999);

    public string Feed => Path.Combine(Root, "feed");

    public string NupkgPath => Path.Combine(Feed, $"Icws.Generated.{Version}.nupkg");

    /// <summary>The simulator package, Icws.Generated.Testing, packed with the same version.</summary>
    public string TestingNupkgPath => Path.Combine(Feed, $"Icws.Generated.Testing.{Version}.nupkg");

    /// <summary>How long packing took (shown by the layout test).</summary>
    public TimeSpan PackDuration { get; private set; }

    /// <summary>The environment of every dotnet command run on a consumer: a package folder of this run only, shared by all consumers.</summary>
    public Dictionary<string, string> Environment => new() { ["NUGET_PACKAGES"] = Path.Combine(Root, "packages") };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        var repository = DotNet.RepositoryRoot();
        var configuration = DotNet.Configuration();
        var stopwatch = Stopwatch.StartNew();
        await PackAsync(repository, configuration, "runtime/Icws.Runtime.csproj", NupkgPath,
        [
            $"runtime/bin/{configuration}/net8.0/Icws.Runtime.dll", $"runtime/bin/{configuration}/net10.0/Icws.Runtime.dll",
            $"generator/bin/{configuration}/netstandard2.0/Icws.Generator.dll", $"analyzers/Icws.Analyzers/bin/{configuration}/netstandard2.0/Icws.Analyzers.dll",
            $"analyzers/Icws.CodeFixes/bin/{configuration}/netstandard2.0/Icws.CodeFixes.dll",
        ]);
        await PackAsync(repository, configuration, "testing/Icws.Generated.Testing.csproj", TestingNupkgPath,
        [
            $"testing/bin/{configuration}/net8.0/Icws.Generated.Testing.dll", $"testing/bin/{configuration}/net10.0/Icws.Generated.Testing.dll",
        ]);
        PackDuration = stopwatch.Elapsed;

        File.WriteAllText(Path.Combine(Root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <!-- Adds the feed; the machine's own source stays (no clear) for the framework and Microsoft.Extensions packages. -->
                <add key="icws-test-feed" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(Root, "Directory.Build.props"), """
            <Project>
              <!-- Stops the search for a Directory.Build.props above this folder. Every consumer builds with warnings as errors. -->
              <PropertyGroup>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(Root, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(Root, "Directory.Packages.props"), "<Project />\n");
    }

    private async Task PackAsync(string repository, string configuration, string project, string nupkg, string[] outputs)
    {
        var arguments = new List<string> { "pack", Path.Combine(repository, project), "-c", configuration, "-o", Feed, "-p:Version=" + Version, "--nologo", "-v:q" };

        // Reuse the build the tests run on when it is there: building the same projects again from inside a
        // test run could race the outer build for the same files.
        if (outputs.All(o => File.Exists(Path.Combine(repository, o))))
        {
            arguments.Add("--no-build");
        }

        var (exit, output) = await DotNet.RunAsync(repository, new Dictionary<string, string>(), TimeSpan.FromMinutes(8), arguments.ToArray());
        Assert.True(exit == 0 && File.Exists(nupkg), $"dotnet pack {project} failed:\n" + output);
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file for a moment; the temp folder is cleaned later by the OS.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }

        return Task.CompletedTask;
    }
}

/// <summary>One pack for every test class; the tests of a collection run one after another (2 cores: builds in parallel only slow each other down).</summary>
[CollectionDefinition(Name)]
public sealed class PackedPackageCollection : ICollectionFixture<PackedPackage>
{
    public const string Name = "Packed package";
}
