using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using System.Xml.Linq;
using Xunit;
using Xunit.Abstractions;

namespace Icws.Package.Tests;

/// <summary>
/// What the package brings into an app besides its own assembly: per target framework, the first version of that
/// framework's Microsoft.Extensions packages, so that an ASP.NET Core app resolves them from its shared framework and
/// gets none of them in bin/ (a .NET 8 app used to receive 13 Microsoft.Extensions.* 10.0.15 assemblies that overrode its
/// framework). And the spec schema at a path an editor can open from the project.
/// </summary>
[Collection(PackedPackageCollection.Name)]
public class FrameworkDependencyTests
{
    private readonly PackedPackage _package;
    private readonly ITestOutputHelper _output;

    public FrameworkDependencyTests(PackedPackage package, ITestOutputHelper output)
    {
        _package = package;
        _output = output;
    }

    [Fact]
    public void Nuspec_DependsPerTargetOnThatFrameworksFirstVersions()
    {
        using var zip = ZipFile.OpenRead(_package.NupkgPath);
        var nuspecEntry = Assert.Single(zip.Entries, e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/', StringComparison.Ordinal));
        XDocument nuspec;
        using (var stream = nuspecEntry.Open())
        {
            nuspec = XDocument.Load(stream);
        }

        var groups = nuspec.Descendants().Where(e => e.Name.LocalName == "group").ToDictionary(
            g => g.Attribute("targetFramework")!.Value,
            g => g.Elements().Where(d => d.Name.LocalName == "dependency").ToDictionary(d => d.Attribute("id")!.Value, d => d.Attribute("version")!.Value));
        _output.WriteLine(string.Join("\n", groups.Select(g => g.Key + ": " + string.Join(", ", g.Value.Select(d => d.Key + " " + d.Value)))));
        Assert.Equal(["net10.0", "net8.0"], groups.Keys.Order(StringComparer.Ordinal));

        string[] extensions =
        [
            "Microsoft.Extensions.DependencyInjection.Abstractions", "Microsoft.Extensions.Diagnostics.Abstractions", "Microsoft.Extensions.Diagnostics.HealthChecks",
            "Microsoft.Extensions.Http", "Microsoft.Extensions.Logging.Abstractions", "Microsoft.Extensions.Options",
        ];

        // .NET 8: the 8.0.0 versions, which ASP.NET Core 8's shared framework holds in every patch; and the server-sent
        // event parser, which .NET 8 does not have (an out-of-band package, the one dependency that reaches bin/).
        var net8 = groups["net8.0"];
        Assert.Equal([.. extensions, "System.Net.ServerSentEvents"], net8.Keys.Order(StringComparer.Ordinal));
        Assert.All(extensions, id => Assert.Equal("8.0.0", net8[id]));
        Assert.StartsWith("9.0.", net8["System.Net.ServerSentEvents"], StringComparison.Ordinal);

        // .NET 10: the 10.0.0 versions; the parser is part of .NET 10.
        var net10 = groups["net10.0"];
        Assert.Equal(extensions, net10.Keys.Order(StringComparer.Ordinal));
        Assert.All(extensions, id => Assert.Equal("10.0.0", net10[id]));
    }

    /// <summary>
    /// An ASP.NET Core app for net8.0 and net10.0 that uses the client, its health check and a spec file of its own. Its
    /// bin/ gets the package's assembly and, on .NET 8, System.Net.ServerSentEvents: no assembly of the shared
    /// frameworks (only .NET 10 runs here, so the net8.0 app is built, not run). Its spec files' "$schema", written as the
    /// README says, names a file that exists once the project is built.
    /// </summary>
    [Fact]
    public async Task AspNetCoreApp_GetsNoFrameworkAssemblyFromThePackage_AndItsSpecSchemaPathResolves()
    {
        var app = new Consumer(_package, _output, "aspnetcore-bin");
        app.Write("WebApp.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFrameworks>net8.0;net10.0</TargetFrameworks>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Icws.Generated" Version="{_package.Version}" />
              </ItemGroup>
            </Project>
            """);
        app.Write("routing.icws.json", """
            {
              "$schema": "./obj/icws.spec.schema.json",
              "specVersion": 1,
              "attributes": [ { "name": "Acme_RoutingPriority", "accessor": "RoutingPriority", "kind": "integer", "description": "Priority set by the IVR." } ]
            }
            """);
        app.Write("Specs/segments.icws.json", """
            {
              "$schema": "../obj/icws.spec.schema.json",
              "specVersion": 1,
              "attributes": [ { "name": "Acme_Segment", "accessor": "Segment", "kind": "string", "description": "Customer segment." } ]
            }
            """);
        app.Write("Program.cs", """
            using Icws;
            using Icws.Client;
            using WebApp;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddIcwsClient(o =>
            {
                o.Server = new Uri("https://cic.example.com:8019");
                o.Credentials = IcwsCredentials.Password("agent", builder.Configuration["Icws:Password"] ?? "");
            });
            builder.Services.AddHealthChecks().AddIcwsSession();
            var app = builder.Build();
            app.MapHealthChecks("/health");
            app.MapGet("/priority", () => ((InteractionAttributes)AttributeMap.Of((RoutingAttr.Acme_RoutingPriority, "7"), (SegmentsAttr.Acme_Segment, "B"))).RoutingPriority());
            app.Run();
            """);

        await app.BuildCleanAsync("build ASP.NET Core app, net8.0 and net10.0", ".", "build");

        foreach (var framework in new[] { "net8.0", "net10.0" })
        {
            var bin = app.PathOf($"bin/Debug/{framework}");
            var assemblies = Directory.GetFiles(bin, "*.dll").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();
            _output.WriteLine($"{framework} bin: {string.Join(", ", assemblies)}");
            string[] expected = framework == "net8.0" ? ["Icws.Runtime.dll", "System.Net.ServerSentEvents.dll", "WebApp.dll"] : ["Icws.Runtime.dll", "WebApp.dll"];
            Assert.Equal(expected, assemblies);

            // The deps file decides what loads: no Microsoft.Extensions.* or System.Diagnostics.DiagnosticSource from a package.
            using var deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(bin, "WebApp.deps.json")));
            var runtimeAssets = deps.RootElement.GetProperty("targets").EnumerateObject().Single().Value.EnumerateObject()
                .Where(library => library.Value.TryGetProperty("runtime", out _))
                .SelectMany(library => library.Value.GetProperty("runtime").EnumerateObject().Select(asset => Path.GetFileName(asset.Name)))
                .ToList();
            Assert.DoesNotContain(runtimeAssets, a => a.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) || a.StartsWith("System.Diagnostics.DiagnosticSource", StringComparison.Ordinal));
        }

        // "$schema" is read by editors relative to the spec file: both forms the README gives name the package's schema.
        var schema = File.ReadAllText(Path.Combine(DotNet.RepositoryRoot(), "spec", "icws.spec.schema.json"));
        foreach (var spec in new[] { "routing.icws.json", "Specs/segments.icws.json" })
        {
            using var document = JsonDocument.Parse(File.ReadAllText(app.PathOf(spec)));
            var reference = document.RootElement.GetProperty("$schema").GetString()!;
            Assert.StartsWith(".", reference, StringComparison.Ordinal); // VS Code reads it from the file's folder only then
            var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(app.PathOf(spec))!, reference));
            Assert.True(File.Exists(target), $"{spec}: $schema names {target}, which does not exist");
            Assert.Equal(schema, File.ReadAllText(target));
        }
    }
}
