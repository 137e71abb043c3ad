using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Threading.Tasks;
using Xunit;

namespace Icws.Package.Tests;

/// <summary>
/// Packs the repository once (unique version, own NUGET_PACKAGES: a re-pack of the same version would be
/// silently ignored by the package cache) and hands the feed to the tests.
/// </summary>
public sealed class PackedPackage : IAsyncLifetime
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "icws-package-" + Guid.NewGuid().ToString("N")[..8]);

    public string Version { get; } = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss") + "." + Random.Shared.Next(1000, 9999);

    public string Feed => Path.Combine(Root, "feed");

    public string NupkgPath => Path.Combine(Feed, $"Icws.Generated.{Version}.nupkg");

    public Dictionary<string, string> Environment => new() { ["NUGET_PACKAGES"] = Path.Combine(Root, "packages") };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        var repository = DotNet.RepositoryRoot();
        var configuration = DotNet.Configuration();
        var arguments = new List<string> { "pack", Path.Combine(repository, "runtime", "Icws.Runtime.csproj"), "-c", configuration, "-o", Feed, "-p:Version=" + Version, "--nologo", "-v:q" };

        // Reuse the build the tests run on when it is there: building the same projects again from inside a
        // test run could race the outer build for the same files.
        string[] outputs =
        [
            $"runtime/bin/{configuration}/net8.0/Icws.Runtime.dll", $"runtime/bin/{configuration}/net10.0/Icws.Runtime.dll",
            $"generator/bin/{configuration}/netstandard2.0/Icws.Generator.dll", $"analyzers/Icws.Analyzers/bin/{configuration}/netstandard2.0/Icws.Analyzers.dll",
            $"analyzers/Icws.CodeFixes/bin/{configuration}/netstandard2.0/Icws.CodeFixes.dll",
        ];
        if (outputs.All(o => File.Exists(Path.Combine(repository, o))))
        {
            arguments.Add("--no-build");
        }

        var (exit, output) = await DotNet.RunAsync(repository, new Dictionary<string, string>(), TimeSpan.FromMinutes(8), arguments.ToArray());
        Assert.True(exit == 0 && File.Exists(NupkgPath), "dotnet pack failed:\n" + output);
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

        return Task.CompletedTask;
    }
}

public class PackageTests : IClassFixture<PackedPackage>
{
    private readonly PackedPackage _package;

    public PackageTests(PackedPackage package) => _package = package;

    [Fact]
    public void Package_HasTheRuntimeTheAnalyzersAndTheSpecProps()
    {
        using var zip = ZipFile.OpenRead(_package.NupkgPath);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();

        Assert.Contains("lib/net8.0/Icws.Runtime.dll", entries);
        Assert.Contains("lib/net10.0/Icws.Runtime.dll", entries);
        Assert.Contains("lib/net10.0/Icws.Runtime.xml", entries);
        Assert.Contains("analyzers/dotnet/cs/Icws.Generator.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/Icws.Analyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/Icws.CodeFixes.dll", entries);
        Assert.Contains("build/Icws.Generated.props", entries);
        Assert.Contains("buildTransitive/Icws.Generated.props", entries);
        Assert.Contains("buildTransitive/Icws.Generated.targets", entries);
        Assert.Contains("buildTransitive/icws.spec.json", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("Icws.Generator", StringComparison.Ordinal));
    }

    [Fact]
    public void GeneratorAndAnalyzerAssemblies_ReferenceOnlyNetstandardAndRoslyn()
    {
        // Roslyn's own dependencies come with every compiler host (Microsoft.CodeAnalysis depends on them), so they count as Roslyn.
        var allowed = new HashSet<string>
        {
            "netstandard", "Microsoft.CodeAnalysis", "Microsoft.CodeAnalysis.CSharp",
            "System.Collections.Immutable", "System.Reflection.Metadata", "System.Memory", "System.Buffers",
            "System.Runtime.CompilerServices.Unsafe", "System.Threading.Tasks.Extensions", "System.Numerics.Vectors", "System.Text.Encoding.CodePages",
        };
        // Code fixes run in the IDE's workspace, whose MEF attributes come with Roslyn's Workspaces layer.
        var allowedForFixes = new HashSet<string>(allowed) { "Microsoft.CodeAnalysis.Workspaces", "Microsoft.CodeAnalysis.CSharp.Workspaces", "System.Composition.AttributedModel", "Icws.Analyzers" };
        using var zip = ZipFile.OpenRead(_package.NupkgPath);
        foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("analyzers/dotnet/cs/", StringComparison.Ordinal) && e.Name.EndsWith(".dll", StringComparison.Ordinal)))
        {
            using var memory = new MemoryStream();
            using (var stream = entry.Open())
            {
                stream.CopyTo(memory);
            }

            memory.Position = 0;
            using var pe = new PEReader(memory);
            var metadata = pe.GetMetadataReader();
            var references = metadata.AssemblyReferences.Select(r => metadata.GetString(metadata.GetAssemblyReference(r).Name)).ToList();
            var permitted = entry.Name == "Icws.CodeFixes.dll" ? allowedForFixes : allowed;
            Assert.True(references.All(permitted.Contains), $"{entry.Name} references {string.Join(", ", references.Where(r => !permitted.Contains(r)))}");
            Assert.Contains("netstandard", references);
            var roslyn = metadata.AssemblyReferences.Select(r => metadata.GetAssemblyReference(r)).Single(r => metadata.GetString(r.Name) == "Microsoft.CodeAnalysis");
            Assert.True(roslyn.Version <= new Version(5, 9, 0, 0), $"{entry.Name} needs Roslyn {roslyn.Version}, newer than the SDK's compiler");
        }
    }

    [Fact]
    public async Task FreshConsumer_GetsTheGeneratedClient_ItsOwnSpec_AndTheAnalyzers_WhichCanFailTheBuild()
    {
        var consumer = Path.Combine(_package.Root, "consumer");
        Directory.CreateDirectory(consumer);
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="icws-test-feed" value="{_package.Feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Icws.Generated" Version="{_package.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(consumer, "routing.icws.json"), """
            {
              "specVersion": 1,
              "attributes": [
                { "name": "Acme_RoutingPriority", "accessor": "RoutingPriority", "kind": "integer", "description": "Priority set by the IVR." }
              ]
            }
            """);
        File.WriteAllText(Path.Combine(consumer, "Program.cs"), """
            using Icws;
            using Icws.Client;

            InteractionAttributes a = AttributeMap.Of((Attr.Acme_RoutingPriority, "7"), (Attr.Eic_State, "C"));
            Console.WriteLine($"priority={a.RoutingPriority} state={a.State} known={Attr.All.Count}");
            Console.WriteLine(a["Eic_RemoteNmae"] ?? "no such attribute");
            """);

        var environment = _package.Environment;
        var (buildExit, buildOutput) = await DotNet.RunAsync(consumer, environment, TimeSpan.FromMinutes(5), "build", "--nologo", "--disable-build-servers");
        Assert.True(buildExit == 0, "build failed:\n" + buildOutput);
        Assert.Contains("warning ICWS2001", buildOutput, StringComparison.Ordinal);
        Assert.Contains("Eic_RemoteNmae", buildOutput, StringComparison.Ordinal);
        Assert.Contains("Eic_RemoteName", buildOutput, StringComparison.Ordinal);

        var (runExit, runOutput) = await DotNet.RunAsync(consumer, environment, TimeSpan.FromMinutes(2), "run", "--no-build");
        Assert.True(runExit == 0, runOutput);
        Assert.Contains("priority=7 state=Connected known=", runOutput, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(consumer, ".editorconfig"), """
            root = true
            [*.cs]
            dotnet_diagnostic.ICWS2001.severity = error
            """);
        var (strictExit, strictOutput) = await DotNet.RunAsync(consumer, environment, TimeSpan.FromMinutes(5), "build", "--nologo", "--disable-build-servers");
        Assert.NotEqual(0, strictExit);
        Assert.Contains("error ICWS2001", strictOutput, StringComparison.Ordinal);

        // A compiler too old for the generator stops the build with a message that says so (simulated by raising the bar).
        var (oldExit, oldOutput) = await DotNet.RunAsync(consumer, environment, TimeSpan.FromMinutes(5), "build", "--nologo", "--disable-build-servers", "-p:IcwsRequiredMSBuildVersion=99.0");
        Assert.NotEqual(0, oldExit);
        Assert.Contains("error ICWS0001", oldOutput, StringComparison.Ordinal);
        Assert.Contains("needs the C# compiler of Visual Studio 2022 17.14", oldOutput, StringComparison.Ordinal);
    }
}
