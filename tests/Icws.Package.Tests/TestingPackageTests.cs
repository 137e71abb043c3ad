using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using System.Xml.Linq;
using Xunit;
using Xunit.Abstractions;

namespace Icws.Package.Tests;

/// <summary>
/// The second package, Icws.Generated.Testing (the ICWS simulator as a library): what the nupkg holds, that its README
/// documents every hook and fault switch, and a fresh xunit project outside the repository - the repository's own
/// samples/Icws.Testing.Sample tests, with both packages from the test feed - that builds clean and passes.
/// </summary>
[Collection(PackedPackageCollection.Name)]
public partial class TestingPackageTests
{
    private const string SampleFolder = "samples/Icws.Testing.Sample";

    private readonly PackedPackage _package;
    private readonly ITestOutputHelper _output;

    public TestingPackageTests(PackedPackage package, ITestOutputHelper output)
    {
        _package = package;
        _output = output;
    }

    [Fact]
    public void Package_HoldsTheSimulatorForNet8AndNet10_WithReadme_AndDependsOnNothingButAspNetCore()
    {
        using var zip = ZipFile.OpenRead(_package.TestingNupkgPath);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        foreach (var framework in new[] { "net8.0", "net10.0" })
        {
            Assert.Equal(
                ["Icws.Generated.Testing.dll", "Icws.Generated.Testing.xml"],
                entries.Where(e => e.StartsWith($"lib/{framework}/", StringComparison.Ordinal)).Select(e => Path.GetFileName(e)).Order(StringComparer.Ordinal).ToList());
        }

        Assert.Equal(["net10.0", "net8.0"], entries.Where(e => e.StartsWith("lib/", StringComparison.Ordinal)).Select(e => e.Split('/')[1]).Distinct().Order(StringComparer.Ordinal).ToList());
        Assert.Contains("README.md", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("analyzers/", StringComparison.Ordinal) || e.StartsWith("build", StringComparison.Ordinal));

        var nuspec = XDocument.Parse(NupkgEntry.Read(zip, "Icws.Generated.Testing.nuspec"));
        string? Metadata(string name) => nuspec.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
        Assert.Equal("Icws.Generated.Testing", Metadata("id"));
        Assert.Equal(_package.Version, Metadata("version")); // released in step with Icws.Generated
        Assert.Equal("README.md", Metadata("readme"));

        // No package dependency at all (the simulator is an independent oracle: not even on Icws.Generated), and
        // ASP.NET Core as a framework reference for both frameworks.
        Assert.DoesNotContain(nuspec.Descendants(), e => e.Name.LocalName == "dependency");
        var frameworkReferences = nuspec.Descendants().Where(e => e.Name.LocalName == "group" && e.Parent?.Name.LocalName == "frameworkReferences")
            .ToDictionary(g => g.Attribute("targetFramework")!.Value.Replace(".NETCoreApp", "net", StringComparison.Ordinal), g => g.Elements().Select(r => r.Attribute("name")!.Value).ToList());
        Assert.Equal(["net10.0", "net8.0"], frameworkReferences.Keys.Order(StringComparer.Ordinal).ToList());
        Assert.Equal(["Microsoft.AspNetCore.App"], frameworkReferences["net8.0"]);
        Assert.Equal(["Microsoft.AspNetCore.App"], frameworkReferences["net10.0"]);

        foreach (var framework in new[] { "net8.0", "net10.0" })
        {
            using var assembly = NupkgEntry.Open(zip, $"lib/{framework}/Icws.Generated.Testing.dll");
            using var pe = new PEReader(assembly);
            var metadata = pe.GetMetadataReader();
            var references = metadata.AssemblyReferences.Select(r => metadata.GetString(metadata.GetAssemblyReference(r).Name)).ToList();
            Assert.DoesNotContain(references, r => r.StartsWith("Icws", StringComparison.Ordinal));
            Assert.Contains("Microsoft.AspNetCore.Server.Kestrel.Core", references);
            var expectedRuntime = framework == "net8.0" ? 8 : 10;
            var runtime = metadata.AssemblyReferences.Select(metadata.GetAssemblyReference).Single(r => metadata.GetString(r.Name) == "System.Runtime");
            Assert.Equal(expectedRuntime, runtime.Version.Major);
        }
    }

    /// <summary>The package README names every public member of the simulator's fixture, hooks, fault switches, options and counters.</summary>
    [Fact]
    public void Readme_DocumentsEveryHookFaultSwitchOptionAndCounter()
    {
        using var zip = ZipFile.OpenRead(_package.TestingNupkgPath);
        var readme = NupkgEntry.Read(zip, "README.md");
        using var assembly = NupkgEntry.Open(zip, "lib/net10.0/Icws.Generated.Testing.dll");
        using var pe = new PEReader(assembly);
        var metadata = pe.GetMetadataReader();
        var missing = new List<string>();
        foreach (var type in new[] { "IcwsSimulator", "SimulatorFaults", "SimulatorOptions", "SimulatorCounters" })
        {
            var members = PublicMembers(metadata, "Icws.Simulator", type);
            Assert.True(members.Count >= 5, $"{type}: only {members.Count} public members found");
            missing.AddRange(members.Where(m => !Regex.IsMatch(readme, $@"\b{Regex.Escape(m)}\b")).Select(m => $"{type}.{m}"));
        }

        Assert.True(missing.Count == 0, "The package README does not mention: " + string.Join(", ", missing));
        Assert.Contains("IAsyncLifetime", readme, StringComparison.Ordinal);
    }

    /// <summary>The simulator's READMEs point only to files that exist in the repository.</summary>
    [Theory]
    [InlineData("testing/README.md")]
    [InlineData("samples/Icws.Simulator/README.md")]
    public void SimulatorReadme_NamesOnlyFilesOfTheRepository(string readmePath)
    {
        var repository = DotNet.RepositoryRoot();
        var text = File.ReadAllText(Path.Combine(repository, readmePath));
        var named = RepositoryPath().Matches(text).Select(m => m.Groups["path"].Value.TrimEnd('/')).Distinct().ToList();
        Assert.NotEmpty(named);
        var absent = named.Where(p => !File.Exists(Path.Combine(repository, p)) && !Directory.Exists(Path.Combine(repository, p))).ToList();
        Assert.True(absent.Count == 0, $"{readmePath} names paths that are not in the repository: {string.Join(", ", absent)}");
        Assert.DoesNotContain("shared/", text, StringComparison.Ordinal);
        Assert.DoesNotContain("../../..", text, StringComparison.Ordinal);
    }

    /// <summary>
    /// A test project as a user writes it, outside the repository: the .cs files of samples/Icws.Testing.Sample with
    /// PackageReferences to Icws.Generated and Icws.Generated.Testing from the feed, for net8.0 and net10.0. It builds
    /// with every warning an error, and `dotnet test` passes every test of the sample on both (net8.0 rolled forward:
    /// only the .NET 10 runtime is installed here) - an incoming call made by the hook seen by a queue watch among them.
    /// </summary>
    [Fact]
    public async Task SampleTestProject_FromThePackedPackages_BuildsCleanAndPasses()
    {
        var repository = DotNet.RepositoryRoot();
        var consumer = new Consumer(_package, _output, "testing-sample");
        var sources = Directory.GetFiles(Path.Combine(repository, SampleFolder), "*.cs");
        Assert.NotEmpty(sources);
        foreach (var source in sources)
        {
            consumer.Write(Path.GetFileName(source), File.ReadAllText(source));
        }

        var facts = sources.Sum(s => Regex.Matches(File.ReadAllText(s), @"^\s*\[Fact\]", RegexOptions.Multiline).Count);
        Assert.True(facts >= 3, $"the sample has only {facts} tests");
        Assert.Contains(sources, s => File.ReadAllText(s).Contains("AddIncomingCall", StringComparison.Ordinal) && File.ReadAllText(s).Contains("Queues.WatchAsync", StringComparison.Ordinal));

        var versions = TestPackageVersions(repository);
        consumer.Write("Sample.Tests.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFrameworks>net8.0;net10.0</TargetFrameworks>
                <IsPackable>false</IsPackable>
                <IsTestProject>true</IsTestProject>
                <!-- The sample's files are written for the repository, which has implicit usings off. -->
                <ImplicitUsings>disable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Icws.Generated" Version="{_package.Version}" />
                <PackageReference Include="Icws.Generated.Testing" Version="{_package.Version}" />
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="{versions["Microsoft.NET.Test.Sdk"]}" />
                <PackageReference Include="xunit" Version="{versions["xunit"]}" />
                <PackageReference Include="xunit.runner.visualstudio" Version="{versions["xunit.runner.visualstudio"]}" PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """);

        await consumer.BuildCleanAsync("build the sample tests against the packages, net8.0 and net10.0", ".", "build");

        // Both packages came from the test feed, in the version just packed.
        using (var assets = JsonDocument.Parse(File.ReadAllText(consumer.PathOf("obj/project.assets.json"))))
        {
            var libraries = assets.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name).ToList();
            Assert.Contains($"Icws.Generated/{_package.Version}", libraries);
            Assert.Contains($"Icws.Generated.Testing/{_package.Version}", libraries);
        }

        Assert.True(File.Exists(consumer.PathOf("bin/Debug/net8.0/Icws.Generated.Testing.dll")));
        Assert.True(File.Exists(consumer.PathOf("bin/Debug/net10.0/Icws.Generated.Testing.dll")));

        var (exit, output) = await consumer.RunAsync("dotnet test, net8.0 (rolled forward) and net10.0", ".", new Dictionary<string, string> { ["DOTNET_ROLL_FORWARD"] = "Major" }, "test", "--no-build", "--nologo");
        Assert.True(exit == 0, "the sample tests failed:\n" + output);
        foreach (var framework in new[] { "net8.0", "net10.0" })
        {
            var summary = TestSummary().Matches(output).FirstOrDefault(m => m.Groups["framework"].Value == framework);
            Assert.True(summary is not null, $"no test summary for {framework}:\n{output}");
            Assert.Equal("0", summary.Groups["failed"].Value);
            Assert.Equal("0", summary.Groups["skipped"].Value);
            Assert.Equal(facts.ToString(System.Globalization.CultureInfo.InvariantCulture), summary.Groups["passed"].Value);
        }
    }

    /// <summary>Versions of the test packages, from the repository's central package management (so the consumer uses what restores here).</summary>
    private static Dictionary<string, string> TestPackageVersions(string repository)
    {
        var props = XDocument.Load(Path.Combine(repository, "Directory.Packages.props"));
        return props.Descendants("PackageVersion")
            .GroupBy(e => e.Attribute("Include")!.Value, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Attribute("Version")!.Value, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Names of the public methods and properties a type declares (accessors as their property's name).</summary>
    private static List<string> PublicMembers(MetadataReader metadata, string ns, string name)
    {
        var type = metadata.TypeDefinitions.Select(metadata.GetTypeDefinition)
            .Single(t => metadata.GetString(t.Namespace) == ns && metadata.GetString(t.Name) == name);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var handle in type.GetMethods())
        {
            var method = metadata.GetMethodDefinition(handle);
            if ((method.Attributes & MethodAttributes.MemberAccessMask) != MethodAttributes.Public)
            {
                continue;
            }

            var methodName = metadata.GetString(method.Name);
            if (methodName is ".ctor" or ".cctor" || methodName.Contains('.', StringComparison.Ordinal))
            {
                continue;
            }

            names.Add(methodName.StartsWith("get_", StringComparison.Ordinal) || methodName.StartsWith("set_", StringComparison.Ordinal) ? methodName[4..] : methodName);
        }

        // Members every class has (record and object plumbing) say nothing about the simulator.
        names.ExceptWith(["ToString", "Equals", "GetHashCode", "<Clone>$", "EqualityContract"]);
        return names.ToList();
    }

    // `samples/Icws.Simulator`, `testing/README.md`, `tests/Icws.Simulator.Tests` ... inside backticks.
    [GeneratedRegex(@"`(?<path>(?:samples|tests|testing|docs|runtime|spec|generator|analyzers)/[^`\s]*)`")]
    private static partial Regex RepositoryPath();

    // "Passed!  - Failed:     0, Passed:     3, Skipped:     0, Total:     3, Duration: 1 s - Sample.Tests.dll (net10.0)"
    [GeneratedRegex(@"Failed:\s+(?<failed>\d+), Passed:\s+(?<passed>\d+), Skipped:\s+(?<skipped>\d+), Total:\s+\d+.*\((?<framework>net[\d.]+)\)")]
    private static partial Regex TestSummary();
}
