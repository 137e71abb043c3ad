using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Icws.Package.Tests;

/// <summary>The packed nupkg itself, and one fresh consumer of it (PackageReference, its own spec file, the analyzers).</summary>
[Collection(PackedPackageCollection.Name)]
public class PackageTests
{
    private readonly PackedPackage _package;
    private readonly ITestOutputHelper _output;

    public PackageTests(PackedPackage package, ITestOutputHelper output)
    {
        _package = package;
        _output = output;
    }

    [Fact]
    public void Package_HasTheRuntimeWithTheStandardApi_TheAnalyzers_AndTheProps()
    {
        _output.WriteLine($"pack (once for every test): {_package.PackDuration.TotalSeconds:F1} s");
        using var zip = ZipFile.OpenRead(_package.NupkgPath);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();

        // lib: the runtime, with the standard API compiled into it, for both target frameworks.
        Assert.Contains("lib/net8.0/Icws.Runtime.dll", entries);
        Assert.Contains("lib/net10.0/Icws.Runtime.dll", entries);
        Assert.Contains("lib/net8.0/Icws.Runtime.xml", entries);
        Assert.Contains("lib/net10.0/Icws.Runtime.xml", entries);
        Assert.Equal(["Icws.Runtime.dll", "Icws.Runtime.xml"], entries.Where(e => e.StartsWith("lib/net10.0/", StringComparison.Ordinal)).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList());
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && (e.Contains("Icws.Generator", StringComparison.Ordinal) || e.Contains("Icws.Analyzers", StringComparison.Ordinal)));

        // analyzers: the generator, the analyzers and the code fixes, nothing else.
        Assert.Equal(
            ["analyzers/dotnet/cs/Icws.Analyzers.dll", "analyzers/dotnet/cs/Icws.CodeFixes.dll", "analyzers/dotnet/cs/Icws.Generator.dll"],
            entries.Where(e => e.StartsWith("analyzers/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList());

        // build and buildTransitive: the props and targets (build/ forwards to buildTransitive/), and the spec schema.
        Assert.Contains("build/Icws.Generated.props", entries);
        Assert.Contains("build/Icws.Generated.targets", entries);
        Assert.Contains("buildTransitive/Icws.Generated.props", entries);
        Assert.Contains("buildTransitive/Icws.Generated.targets", entries);
        Assert.Contains("buildTransitive/icws.spec.schema.json", entries);

        // No default spec any more: the standard API is in lib/, and no props adds a spec file of the package's own (the
        // targets only copy the schema into the project's obj/, for editors).
        Assert.DoesNotContain(entries, e => e.EndsWith("icws.spec.json", StringComparison.OrdinalIgnoreCase) || e.EndsWith(".icws.json", StringComparison.OrdinalIgnoreCase));
        foreach (var msbuildFile in entries.Where(e => e.StartsWith("build", StringComparison.Ordinal) && (e.EndsWith(".props", StringComparison.Ordinal) || e.EndsWith(".targets", StringComparison.Ordinal))))
        {
            var text = NupkgEntry.Read(zip, msbuildFile);
            Assert.DoesNotContain("icws.spec.json", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotMatch(@"AdditionalFiles\s+Include=""\$\(MSBuildThisFileDirectory\)", text);
        }

        Assert.Contains("**/*.icws.json", NupkgEntry.Read(zip, "buildTransitive/Icws.Generated.props"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("net8.0")]
    [InlineData("net10.0")]
    public void RuntimeAssembly_HoldsTheStandardApi_AndListsItsGeneratedTypes(string framework)
    {
        using var zip = ZipFile.OpenRead(_package.NupkgPath);
        using var assembly = NupkgEntry.Open(zip, $"lib/{framework}/Icws.Runtime.dll");

        var types = AssemblyInspector.DefinedTypes(assembly);
        foreach (var expected in new[] { "Icws.Client.IcwsClient", "Icws.Client.Attr", "Icws.Client.InteractionAttributes", "Icws.Client.QueueId", "Icws.Client.IcwsClientRegistration", "Icws.IcwsSession", "Icws.AttributeMap", "Icws.Metadata.IcwsGeneratedTypeAttribute" })
        {
            Assert.Contains(expected, types);
        }

        assembly.Position = 0;
        var listed = AssemblyInspector.IcwsGeneratedTypes(assembly);
        Assert.Contains("Icws.Client.IcwsClient", listed);
        Assert.Contains("Icws.Client.Attr", listed);
        Assert.Contains("Icws.Client.InteractionAttributes", listed);
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
    public async Task FreshConsumer_GetsItsOwnSpec_OnTopOfThePackagesApi_AndTheAnalyzers_WhichCanFailTheBuild()
    {
        var consumer = new Consumer(_package, _output, "fresh");
        consumer.Write("Consumer.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Icws.Generated" Version="{_package.Version}" />
              </ItemGroup>
            </Project>
            """);
        consumer.Write("routing.icws.json", """
            {
              "specVersion": 1,
              "attributes": [
                { "name": "Acme_RoutingPriority", "accessor": "RoutingPriority", "kind": "integer", "description": "Priority set by the IVR." }
              ]
            }
            """);
        consumer.Write("Program.cs", """
            using Consumer;
            using Icws;
            using Icws.Client;

            InteractionAttributes a = AttributeMap.Of((RoutingAttr.Acme_RoutingPriority, "7"), (Attr.Eic_State, "C"));
            Console.WriteLine($"priority={a.RoutingPriority()} raw={a[RoutingAttr.Acme_RoutingPriority]} state={a.State}");
            Console.WriteLine($"standard-has-custom={Attr.All.Contains(RoutingAttr.Acme_RoutingPriority)} standard-has-state={Attr.All.Contains(Attr.Eic_State)} routing={string.Join(",", RoutingAttr.All)}");
            Console.WriteLine(a["Eic_RemoteNmae"] ?? "no such attribute");
            InteractionAttributes w = new InteractionAttributes.Builder().SetRoutingPriority(8).SetPrivate(true);
            Console.WriteLine($"written={w.RoutingPriority()} private={w[Attr.Eic_Private]}");
            """);

        // Warnings are errors (Directory.Build.props), except the analyzer's, which this build wants to see as a warning.
        var (buildExit, buildOutput) = await consumer.RunAsync("build", ".", null, "build", "--nologo", "--disable-build-servers", "-p:WarningsNotAsErrors=ICWS2001");
        Assert.True(buildExit == 0, "build failed:\n" + buildOutput);
        Consumer.AssertNoForbiddenDiagnostics("build", buildOutput);
        Assert.Contains("warning ICWS2001", buildOutput, StringComparison.Ordinal);
        Assert.Contains("Eic_RemoteNmae", buildOutput, StringComparison.Ordinal);
        Assert.Contains("Eic_RemoteName", buildOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("'Acme_RoutingPriority'", buildOutput, StringComparison.Ordinal); // the project's own name is known

        var run = await consumer.RunAppAsync("run", "bin/Debug/net10.0/Consumer.dll");
        Assert.Contains("priority=7 raw=7 state=Connected", run, StringComparison.Ordinal);
        Assert.Contains("standard-has-custom=False standard-has-state=True routing=Acme_RoutingPriority", run, StringComparison.Ordinal);
        Assert.Contains("no such attribute", run, StringComparison.Ordinal);
        Assert.Contains("written=8 private=1", run, StringComparison.Ordinal);

        // The generator sees this project's spec file and nothing else: the package adds no spec of its own.
        var (itemsExit, itemsOutput) = await consumer.RunAsync("evaluate AdditionalFiles", ".", null, "msbuild", "Consumer.csproj", "-getItem:AdditionalFiles", "-nologo");
        Assert.True(itemsExit == 0, itemsOutput);
        using (var items = JsonDocument.Parse(itemsOutput))
        {
            var additional = items.RootElement.GetProperty("Items").GetProperty("AdditionalFiles").EnumerateArray().Select(i => i.GetProperty("Identity").GetString()).ToList();
            Assert.Equal(["routing.icws.json"], additional);
        }

        consumer.Write(".editorconfig", """
            root = true
            [*.cs]
            dotnet_diagnostic.ICWS2001.severity = error
            """);
        // Warnings not errors here, so the error can only come from .editorconfig (WarningsNotAsErrors would override it).
        var (strictExit, strictOutput) = await consumer.RunAsync("build, ICWS2001 an error in .editorconfig", ".", null, "build", "--nologo", "--disable-build-servers", "-p:TreatWarningsAsErrors=false");
        Assert.NotEqual(0, strictExit);
        Assert.Contains("error ICWS2001", strictOutput, StringComparison.Ordinal);

        // A compiler too old for the generator stops the build with a message that says so (simulated by raising the bar).
        var (oldExit, oldOutput) = await consumer.RunAsync("build, compiler too old", ".", null, "build", "--nologo", "--disable-build-servers", "-p:IcwsRequiredMSBuildVersion=99.0");
        Assert.NotEqual(0, oldExit);
        Assert.Contains("error ICWS0001", oldOutput, StringComparison.Ordinal);
        Assert.Contains("needs the C# compiler of Visual Studio 2022 17.14", oldOutput, StringComparison.Ordinal);
    }
}
