using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Icws.Package.Tests;

/// <summary>
/// Solutions built the way users build them, from the packed nupkg with a fresh package folder and every warning an
/// error: a library used by an app through a ProjectReference only; two libraries with their own spec files meeting in
/// one app; a native AOT minimal-API app whose endpoints and JsonSerializerContext use generated types. Each was a
/// failure report when the whole client was generated into every project (CS0436 by the thousand, CS1503 across
/// assemblies, CS0246 from ASP.NET's request delegate generator, SYSLIB1030 from System.Text.Json).
/// </summary>
[Collection(PackedPackageCollection.Name)]
public class ConsumerScenarioTests
{
    private static readonly string[] StandardApiNamespaces = ["Icws", "Icws.Client", "Icws.Runtime", "Icws.Metadata"];

    private readonly PackedPackage _package;
    private readonly ITestOutputHelper _output;

    public ConsumerScenarioTests(PackedPackage package, ITestOutputHelper output)
    {
        _package = package;
        _output = output;
    }

    /// <summary>
    /// (a) The original report: a class library Contoso.Icws references the package and exposes
    /// <c>Task&lt;InteractionAttributes&gt; ReadAsync(IcwsClient icws, string id)</c>; a console app references only the
    /// library and calls it. Both target net8.0 and net10.0 (.NET 8 apps are an audience; they build here but only the
    /// net10.0 app runs on this machine's runtime, and the net8.0 one runs rolled forward to it).
    /// </summary>
    [Fact]
    public async Task LibraryAndApp_ByProjectReferenceOnly_BuildCleanAndRun_OnNet8AndNet10()
    {
        var solution = new Consumer(_package, _output, "a-project-reference");
        solution.Write("Contoso.Icws/Contoso.Icws.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFrameworks>net8.0;net10.0</TargetFrameworks>
                <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Icws.Generated" Version="{_package.Version}" />
              </ItemGroup>
            </Project>
            """);
        solution.Write("Contoso.Icws/InteractionReader.cs", """
            using Icws.Client;

            namespace Contoso.Icws;

            /// <summary>A library over the package's client: what a team shares between its apps.</summary>
            public static class InteractionReader
            {
                public static Task<InteractionAttributes> ReadAsync(IcwsClient icws, string id)
                    => icws.Interactions.GetAttributesAsync(id, [Attr.Eic_State, Attr.Eic_RemoteName]);

                public static string Describe(InteractionAttributes a) => $"{a.RemoteName} is {a.State}";

                public static QueueId Workgroup(string name) => new() { QueueType = QueueType.Workgroup, QueueName = name };
            }
            """);
        solution.Write("App/App.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFrameworks>net8.0;net10.0</TargetFrameworks>
                <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
              </PropertyGroup>
              <ItemGroup>
                <!-- No PackageReference: the package comes through the library. -->
                <ProjectReference Include="../Contoso.Icws/Contoso.Icws.csproj" />
              </ItemGroup>
            </Project>
            """);
        solution.Write("App/FakeIcws.cs", FakeIcwsSource.Text);
        solution.Write("App/Program.cs", """"
            using Contoso.Icws;
            using FakeServer;
            using Icws;
            using Icws.Client;

            var routes = new Dictionary<string, string>
            {
                ["GET /icws/s1/interactions/1001"] = """{"attributes":{"Eic_State":"C","Eic_RemoteName":"Alice"}}""",
            };
            var options = new IcwsSessionOptions { Server = new Uri("http://icws.test:8018"), Credentials = IcwsCredentials.Password("agent", "secret"), HttpClient = FakeIcws.Client(routes) };
            await using (var session = await IcwsSession.ConnectAsync(options))
            {
                var icws = new IcwsClient(session);
                InteractionAttributes read = await InteractionReader.ReadAsync(icws, "1001");
                Console.WriteLine("read: " + InteractionReader.Describe(read) + $" remote={read.RemoteName}");
            }

            InteractionAttributes local = AttributeMap.Of((Attr.Eic_RemoteName, "Bob"), (Attr.Eic_State, "H"));
            Console.WriteLine("local: " + InteractionReader.Describe(local));
            QueueId queue = InteractionReader.Workgroup("Support");
            Console.WriteLine($"queue: {queue.QueueType}/{queue.QueueName}");
            Console.WriteLine($"client-assembly: {typeof(IcwsClient).Assembly.GetName().Name} same-view-type: {typeof(InteractionAttributes) == typeof(InteractionReader).GetMethod("Describe")!.GetParameters()[0].ParameterType}");
            """");

        await solution.BuildCleanAsync("(a) build library + app, net8.0 and net10.0", "App", "build");

        const string Expected = "read: Alice is Connected remote=Alice\nlocal: Bob is Held\nqueue: Workgroup/Support\nclient-assembly: Icws.Runtime same-view-type: True\n";
        var net10 = await solution.RunAppAsync("(a) run net10.0 app", "App/bin/Debug/net10.0/App.dll");
        Assert.Equal(Expected, net10.ReplaceLineEndings("\n"));
        var net8 = await solution.RunAppAsync("(a) run net8.0 app (rolled forward: only .NET 10 is installed)", "App/bin/Debug/net8.0/App.dll", new Dictionary<string, string> { ["DOTNET_ROLL_FORWARD"] = "Major" });
        Assert.Equal(Expected, net8.ReplaceLineEndings("\n"));

        // Neither project has a spec file: nothing is generated into them, so no ICWS type exists twice.
        foreach (var framework in new[] { "net8.0", "net10.0" })
        {
            Assert.Empty(solution.GeneratedFiles($"Contoso.Icws/obj/Debug/{framework}/generated"));
            Assert.Empty(solution.GeneratedFiles($"App/obj/Debug/{framework}/generated"));
            foreach (var assembly in new[] { $"Contoso.Icws/bin/Debug/{framework}/Contoso.Icws.dll", $"App/bin/Debug/{framework}/App.dll" })
            {
                AssertDefinesNoStandardApi(solution.PathOf(assembly));
                Assert.Empty(AssemblyInspector.IcwsGeneratedTypes(solution.PathOf(assembly)));
            }
        }
    }

    /// <summary>
    /// (b) Two libraries with different spec files (attributes, an enum, a type and an endpoint each) and an app with
    /// its own spec that references both and the package. One file imports all three namespaces and uses everything:
    /// no ambiguity, no type defined twice, and the app does not regenerate what the libraries declared.
    /// </summary>
    [Fact]
    public async Task TwoLibrariesWithTheirOwnSpecs_MeetInOneAppWithItsOwnSpec()
    {
        var solution = new Consumer(_package, _output, "b-two-libraries");
        foreach (var library in new[] { "Billing.Icws", "Support.Icws" })
        {
            solution.Write($"{library}/{library}.csproj", $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Icws.Generated" Version="{_package.Version}" />
                  </ItemGroup>
                </Project>
                """);
        }

        solution.Write("Billing.Icws/billing.icws.json", BillingSpec);
        solution.Write("Billing.Icws/BillingReader.cs", """
            using Icws.Client;

            namespace Billing.Icws;

            /// <summary>Library code over the package's client and this library's own generated declarations.</summary>
            public static class BillingReader
            {
                public static Task<InteractionAttributes> ReadAsync(IcwsClient icws, string id)
                    => icws.Interactions.GetAttributesAsync(id, [Attr.Eic_State, BillingAttr.Billing_AccountId, BillingAttr.Billing_Balance, BillingAttr.Billing_Plan]);

                public static string Describe(InteractionAttributes a) => $"account={a.AccountId()} balance={a.Balance()} plan={a.Plan()}";
            }
            """);
        solution.Write("Support.Icws/support.icws.json", """
            {
              "specVersion": 1,
              "description": "The support desk's attributes, and an endpoint of its own in the standard Interactions area.",
              "enums": [
                { "name": "SupportChannel", "values": [ { "name": "Phone", "value": 0 }, { "name": "Chat", "value": 1 }, { "name": "Email", "value": 2 } ] }
              ],
              "attributes": [
                { "name": "Support_TicketId", "accessor": "TicketId", "kind": "string", "description": "Open support ticket." },
                { "name": "Support_Escalated", "accessor": "Escalated", "kind": "boolean", "description": "1 when escalated." },
                { "name": "Support_Severity", "accessor": "Severity", "kind": "code", "enum": "TicketSeverity", "description": "Severity letter.",
                  "codes": [ { "name": "Low", "value": "L" }, { "name": "High", "value": "H" } ] }
              ],
              "types": [
                { "name": "SupportTicket", "properties": [
                  { "name": "ticketId", "type": "string", "required": true },
                  { "name": "channel", "type": "SupportChannel", "required": true },
                  { "name": "queue", "type": "QueueId", "description": "A standard type in a library's type." } ] }
              ],
              "endpoints": [
                { "area": "Interactions", "name": "OpenTicket", "method": "POST", "path": "/icws/{sessionId}/interactions/{interactionId}/support-ticket",
                  "parameters": [ { "name": "interactionId", "in": "path", "type": "string" } ], "response": "SupportTicket", "success": [200] }
              ]
            }
            """);
        solution.Write("Support.Icws/SupportReader.cs", """
            using Icws.Client;

            namespace Support.Icws;

            public static class SupportReader
            {
                public static Task<InteractionAttributes> ReadAsync(IcwsClient icws, string id)
                    => icws.Interactions.GetAttributesAsync(id, [Attr.Eic_RemoteName, .. SupportAttr.All]);

                public static string Describe(InteractionAttributes a) => $"ticket={a.TicketId()} escalated={a.Escalated()} severity={a.Severity()}";
            }
            """);
        solution.Write("Desk.App/Desk.App.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Icws.Generated" Version="{_package.Version}" />
                <ProjectReference Include="../Billing.Icws/Billing.Icws.csproj" />
                <ProjectReference Include="../Support.Icws/Support.Icws.csproj" />
              </ItemGroup>
            </Project>
            """);
        solution.Write("Desk.App/desk.icws.json", """
            {
              "specVersion": 1,
              "enums": [
                { "name": "DeskMood", "values": [ { "name": "Calm", "value": 0 }, { "name": "Busy", "value": 1 } ] }
              ],
              "attributes": [
                { "name": "Desk_Note", "accessor": "DeskNote", "kind": "string", "description": "Note for the desk." },
                { "name": "Desk_Load", "accessor": "DeskLoad", "kind": "code", "enum": "DeskLoadLevel", "description": "Load letter.",
                  "codes": [ { "name": "Light", "value": "L" }, { "name": "Heavy", "value": "H" } ] }
              ]
            }
            """);
        solution.Write("Desk.App/FakeIcws.cs", FakeIcwsSource.Text);
        solution.Write("Desk.App/Program.cs", """"
            using Billing.Icws;
            using Desk.App;
            using FakeServer;
            using Icws;
            using Icws.Client;
            using Support.Icws;

            var routes = new Dictionary<string, string>
            {
                ["GET /icws/s1/interactions/1001"] = """{"attributes":{"Eic_State":"C","Billing_AccountId":"AC-1","Billing_Balance":"990","Billing_Plan":"P"}}""",
                ["GET /icws/s1/interactions/1002"] = """{"attributes":{"Eic_RemoteName":"Alice","Support_TicketId":"T-1","Support_Escalated":"0","Support_Severity":"L"}}""",
                ["GET /icws/s1/interactions/1003"] = """{"attributes":{"Eic_State":"H","Desk_Note":"vip","Billing_Plan":"C","Support_Severity":"H"}}""",
                ["GET /icws/s1/billing/invoices/INV-7"] = """{"invoiceId":"INV-7","status":2,"amount":4200}""",
                ["POST /icws/s1/interactions/1002/support-ticket"] = """{"ticketId":"T-1","channel":1,"queue":{"queueType":2,"queueName":"Support"}}""",
            };
            var options = new IcwsSessionOptions { Server = new Uri("http://icws.test:8018"), Credentials = IcwsCredentials.Password("agent", "secret"), HttpClient = FakeIcws.Client(routes) };
            await using (var session = await IcwsSession.ConnectAsync(options))
            {
                var icws = new IcwsClient(session);
                var billing = await BillingReader.ReadAsync(icws, "1001");
                Console.WriteLine($"billing: {BillingReader.Describe(billing)} app-reads={billing.AccountId()}/{billing.Plan()}/{billing.State}");
                var support = await SupportReader.ReadAsync(icws, "1002");
                Console.WriteLine($"support: {SupportReader.Describe(support)} app-reads={support.Severity()}/{support[SupportAttr.Support_TicketId]}/{support.RemoteName}");
                var mixed = await icws.Interactions.GetAttributesAsync("1003", [Attr.Eic_State, DeskAttr.Desk_Note, BillingAttr.Billing_Plan, SupportAttr.Support_Severity]);
                Console.WriteLine($"mixed: {mixed.State} {mixed.DeskNote()} {mixed.Plan()} {mixed.Severity()}");
                Invoice invoice = await icws.Invoices().GetAsync("INV-7");
                Console.WriteLine($"invoice: {invoice.InvoiceId} {invoice.Status} {invoice.Amount}");
                SupportTicket ticket = await icws.Interactions.OpenTicketAsync("1002");
                Console.WriteLine($"ticket: {ticket.TicketId} {ticket.Channel} {ticket.Queue?.QueueType}/{ticket.Queue?.QueueName}");
            }

            InteractionAttributes a = AttributeMap.Of(
                (BillingAttr.Billing_AccountId, "AC-42"), (BillingAttr.Billing_Balance, "1250"), (BillingAttr.Billing_Plan, "C"),
                (SupportAttr.Support_TicketId, "T-9"), (SupportAttr.Support_Escalated, "1"), (SupportAttr.Support_Severity, "H"),
                (DeskAttr.Desk_Note, "call back"), (DeskAttr.Desk_Load, "L"), (Attr.Eic_State, "C"));
            Console.WriteLine($"local: {a.AccountId()} {a.Balance()} {a.Plan()} {a.TicketId()} {a.Escalated()} {a.Severity()} {a.DeskNote()} {a.DeskLoad()} {a.State} raw={a["Billing_Balance"]}");
            Console.WriteLine($"enums: {InvoiceStatus.Overdue} {SupportChannel.Chat} {DeskMood.Busy} {BillingPlan.Prepaid} {TicketSeverity.Low} {DeskLoadLevel.Heavy}");
            Console.WriteLine($"catalogs: billing={BillingAttr.All.Count} support={SupportAttr.All.Count} desk={DeskAttr.All.Count} standard-has-custom={Attr.All.Contains(DeskAttr.Desk_Note) || Attr.All.Contains(BillingAttr.Billing_Plan)}");
            Console.WriteLine($"homes: {typeof(BillingAttr).Assembly.GetName().Name} {typeof(SupportTicket).Assembly.GetName().Name} {typeof(DeskAttr).Assembly.GetName().Name} {typeof(QueueId).Assembly.GetName().Name}");
            """");

        await solution.BuildCleanAsync("(b) build two libraries + app", "Desk.App", "build");

        var run = await solution.RunAppAsync("(b) run app", "Desk.App/bin/Debug/net10.0/Desk.App.dll");
        Assert.Equal(
            """
            billing: account=AC-1 balance=990 plan=Prepaid app-reads=AC-1/Prepaid/Connected
            support: ticket=T-1 escalated=False severity=Low app-reads=Low/T-1/Alice
            mixed: Held vip Contract High
            invoice: INV-7 Overdue 4200
            ticket: T-1 Chat Workgroup/Support
            local: AC-42 1250 Contract T-9 True High call back Light Connected raw=1250
            enums: Overdue Chat Busy Prepaid Low Heavy
            catalogs: billing=3 support=3 desk=2 standard-has-custom=False
            homes: Billing.Icws Support.Icws Desk.App Icws.Runtime

            """,
            run.ReplaceLineEndings("\n"));

        // Each project generated its own declarations and nothing else; the app did not regenerate the libraries'.
        Assert.Equal(
            ["BillingAttr.g.cs", "BillingAttributeAccessors.g.cs", "BillingPlan.g.cs", "IcwsAssemblyMetadata.g.cs", "IcwsClientExtensions.g.cs", "Invoice.g.cs", "InvoiceStatus.g.cs", "InvoicesApi.g.cs"],
            solution.GeneratedFiles("Billing.Icws/obj/Debug/net10.0/generated"));
        Assert.DoesNotContain(solution.GeneratedFiles("Support.Icws/obj/Debug/net10.0/generated"), f => f.StartsWith("Billing", StringComparison.Ordinal) || f.StartsWith("Desk", StringComparison.Ordinal));
        Assert.Equal(
            ["DeskAttr.g.cs", "DeskAttributeAccessors.g.cs", "DeskLoadLevel.g.cs", "DeskMood.g.cs", "IcwsAssemblyMetadata.g.cs"],
            solution.GeneratedFiles("Desk.App/obj/Debug/net10.0/generated"));

        var app = solution.PathOf("Desk.App/bin/Debug/net10.0/Desk.App.dll");
        var appTypes = AssemblyInspector.DefinedTypes(app);
        Assert.Contains("Desk.App.DeskAttr", appTypes);
        Assert.Contains("Desk.App.DeskAttributeAccessors", appTypes);
        foreach (var libraryType in new[] { "BillingAttr", "BillingAttributeAccessors", "BillingPlan", "InvoiceStatus", "Invoice", "InvoicesApi", "SupportAttr", "SupportAttributeAccessors", "SupportTicket", "SupportChannel", "TicketSeverity", "InteractionsApiExtensions" })
        {
            Assert.DoesNotContain(appTypes, t => t.EndsWith("." + libraryType, StringComparison.Ordinal));
        }

        Assert.Equal(["Desk.App.DeskAttr", "Desk.App.DeskAttributeAccessors"], AssemblyInspector.IcwsGeneratedTypes(app).Order(StringComparer.Ordinal).ToList());
        Assert.Contains("Billing.Icws.BillingAttr", AssemblyInspector.IcwsGeneratedTypes(solution.PathOf("Billing.Icws/bin/Debug/net10.0/Billing.Icws.dll")));
        Assert.Contains("Support.Icws.SupportAttr", AssemblyInspector.IcwsGeneratedTypes(solution.PathOf("Support.Icws/bin/Debug/net10.0/Support.Icws.dll")));
        foreach (var assembly in new[] { "Billing.Icws/bin/Debug/net10.0/Billing.Icws.dll", "Support.Icws/bin/Debug/net10.0/Support.Icws.dll", "Desk.App/bin/Debug/net10.0/Desk.App.dll" })
        {
            AssertDefinesNoStandardApi(solution.PathOf(assembly));
        }

        // The analyzers ran on that clean build and knew every name used (the app's, the libraries', a literal one too):
        // a misspelt library name is an error that suggests the library's name.
        solution.Write("Desk.App/Typo.cs", """
            using Icws.Client;

            internal static class Typo
            {
                public static string? Read(InteractionAttributes a) => a["Billing_Balanse"];
            }
            """);
        var (typoExit, typoOutput) = await solution.RunAsync("(b) build app with a misspelt library attribute name", "Desk.App", null, "build", "--nologo", "--disable-build-servers", "--no-restore", "--no-dependencies");
        Assert.True(typoExit != 0, "a misspelt attribute name did not fail the build:\n" + typoOutput);
        Assert.Contains("error ICWS2001", typoOutput, StringComparison.Ordinal);
        Assert.Contains("'Billing_Balanse'", typoOutput, StringComparison.Ordinal);
        Assert.Contains("'Billing_Balance'", typoOutput, StringComparison.Ordinal);
        File.Delete(solution.PathOf("Desk.App/Typo.cs"));
    }

    /// <summary>
    /// (c) A <c>dotnet new web</c>-style app with PublishAot: minimal-API endpoints take IcwsClient from DI
    /// (services.AddIcwsClient) and generated types from the body, and return generated types, through a
    /// JsonSerializerContext that names them (from the package and from a library's spec). The app also has a spec of
    /// its own. It builds for net8.0 (the .NET 8 request delegate generator and AOT analyzers run) and publishes
    /// natively for net10.0 with no warning; the native binary answers on loopback, one endpoint through the
    /// package's session against a stand-in ICWS server mapped in the same app.
    /// </summary>
    [Fact]
    public async Task NativeAotMinimalApi_WithGeneratedTypesInEndpointsAndJsonContext_PublishesWithoutWarnings_AndAnswers()
    {
        var solution = new Consumer(_package, _output, "c-native-aot-web");
        solution.Write("Billing.Icws/Billing.Icws.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFrameworks>net8.0;net10.0</TargetFrameworks>
                <IsAotCompatible>true</IsAotCompatible>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Icws.Generated" Version="{_package.Version}" />
              </ItemGroup>
            </Project>
            """);
        solution.Write("Billing.Icws/billing.icws.json", BillingSpec);
        solution.Write("Web/Web.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFrameworks>net8.0;net10.0</TargetFrameworks>
                <PublishAot>true</PublishAot>
                <InvariantGlobalization>true</InvariantGlobalization>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Icws.Generated" Version="{_package.Version}" />
                <ProjectReference Include="../Billing.Icws/Billing.Icws.csproj" />
              </ItemGroup>
            </Project>
            """);
        solution.Write("Web/web.icws.json", """
            {
              "specVersion": 1,
              "attributes": [
                { "name": "Web_Channel", "accessor": "WebChannel", "kind": "code", "enum": "WebChannel", "description": "Where the contact came from.",
                  "codes": [ { "name": "Portal", "value": "P" }, { "name": "App", "value": "A" } ] }
              ]
            }
            """);
        solution.Write("Web/Program.cs", """"
            using System.Text.Json.Serialization;
            using Billing.Icws;
            using Icws;
            using Icws.Client;
            using Web;

            var builder = WebApplication.CreateSlimBuilder(args);
            builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, WebJsonContext.Default));
            builder.Services.AddIcwsClient(o =>
            {
                o.Server = new Uri(builder.Configuration["Icws:Server"] ?? "http://127.0.0.1:8018");
                o.Credentials = IcwsCredentials.Password("agent", "secret");
            });

            var app = builder.Build();

            // The endpoints under test: IcwsClient from DI; generated types (the package's, a library's) in and out.
            app.MapGet("/queues/{name}", (string name, IcwsClient icws) => new QueueId { QueueType = QueueType.Workgroup, QueueName = name });
            app.MapPost("/queues", (QueueId[] queues) => queues.OrderBy(q => q.QueueName, StringComparer.Ordinal).ToList());
            app.MapGet("/invoices/{id}", (string id) => new Invoice { InvoiceId = id, Status = InvoiceStatus.Paid, Amount = 1999 });
            app.MapGet("/interactions/{id}", async (string id, IcwsClient icws) =>
            {
                InteractionAttributes a = await icws.Interactions.GetAttributesAsync(id, [Attr.Eic_State, Attr.Eic_RemoteName, WebAttr.Web_Channel, BillingAttr.Billing_Plan]);
                return new InteractionSummary(id, a.State, a.RemoteName, a.WebChannel()?.ToString(), a.Plan()?.ToString());
            });

            // A stand-in ICWS server on the same port, so the endpoint above runs the package's session and generated readers natively.
            app.MapPost("/icws/connection", () => Results.Text("""{"sessionId":"s1","csrfToken":"t1","userID":"agent","features":[{"featureId":"interactions","version":10}]}""", "application/json"));
            app.MapGet("/icws/{session}/interactions/{id}", (string session, string id) => Results.Text($$$"""{"attributes":{"Eic_State":"C","Eic_RemoteName":"Caller {{{id}}}","Web_Channel":"A","Billing_Plan":"C"}}""", "application/json"));
            app.MapDelete("/icws/{session}/connection", (string session) => Results.NoContent());

            app.Run();

            namespace Web
            {
                public sealed record InteractionSummary(string Id, InteractionStateCode? State, string? RemoteName, string? Channel, string? Plan);

                [JsonSerializable(typeof(QueueId))]
                [JsonSerializable(typeof(QueueId[]))]
                [JsonSerializable(typeof(List<QueueId>))]
                [JsonSerializable(typeof(Invoice))]
                [JsonSerializable(typeof(InteractionSummary))]
                internal sealed partial class WebJsonContext : JsonSerializerContext
                {
                }
            }
            """");

        await solution.BuildCleanAsync("(c) build net8.0 (request delegate generator, STJ generator, AOT analyzers of .NET 8)", "Web", "build", "-f", "net8.0");
        var publish = await solution.BuildCleanAsync("(c) publish net10.0 native AOT, linux-x64", "Web", "publish", "-f", "net10.0", "-r", "linux-x64", "-c", "Release");
        foreach (var code in new[] { "IL2026", "IL3050", "IL2104", "IL3053", "SYSLIB" })
        {
            Assert.DoesNotContain(code, publish, StringComparison.Ordinal);
        }

        var native = solution.PathOf("Web/bin/Release/net10.0/linux-x64/publish/Web");
        Assert.True(File.Exists(native), "no native executable at " + native + ":\n" + publish);
        Assert.False(File.Exists(Path.ChangeExtension(native, ".dll")), "the publish folder has Web.dll: not a native AOT publish");

        // The Web SDK makes every *.json Content; the package takes its spec files back out, so they are not deployed.
        Assert.False(File.Exists(solution.PathOf("Web/bin/Release/net10.0/linux-x64/publish/web.icws.json")), "the spec file was published");
        Assert.False(File.Exists(solution.PathOf("Web/bin/Debug/net8.0/web.icws.json")), "the spec file was copied to bin/");

        var stopwatch = Stopwatch.StartNew();
        var url = $"http://127.0.0.1:{FreeLoopbackPort()}";
        var start = new ProcessStartInfo(native)
        {
            WorkingDirectory = Path.GetDirectoryName(native)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--urls", url, "--Icws:Server", url, "--Logging:LogLevel:Default", "Warning" })
        {
            start.ArgumentList.Add(argument);
        }

        var log = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
            var queue = await GetWhenUpAsync(http, "/queues/Support", process, log);
            Assert.Equal("""{"queueType":2,"queueName":"Support"}""", queue);

            using var sorted = await http.PostAsync("/queues", new StringContent("""[{"queueType":2,"queueName":"b"},{"queueType":1,"queueName":"a"}]""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, sorted.StatusCode);
            Assert.Equal("""[{"queueType":1,"queueName":"a"},{"queueType":2,"queueName":"b"}]""", await sorted.Content.ReadAsStringAsync());

            Assert.Equal("""{"invoiceId":"INV-1","status":1,"amount":1999}""", await http.GetStringAsync("/invoices/INV-1"));

            // 67 is 'C': generated code enums hold their letter.
            Assert.Equal("""{"id":"1001","state":67,"remoteName":"Caller 1001","channel":"App","plan":"Contract"}""", await http.GetStringAsync("/interactions/1001"));
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            lock (log)
            {
                throw new InvalidOperationException("the native app failed; its log:\n" + log, ex);
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
            _output.WriteLine($"(c) run native binary, 4 requests: {stopwatch.Elapsed.TotalSeconds:F1} s");
        }
    }

    private const string BillingSpec = """
        {
          "specVersion": 1,
          "description": "The billing team's attributes, an enum, a type and an endpoint in an area of its own.",
          "enums": [
            { "name": "InvoiceStatus", "values": [ { "name": "Open", "value": 0 }, { "name": "Paid", "value": 1 }, { "name": "Overdue", "value": 2 } ] }
          ],
          "attributes": [
            { "name": "Billing_AccountId", "accessor": "AccountId", "kind": "string", "description": "Billing account of the caller." },
            { "name": "Billing_Balance", "accessor": "Balance", "kind": "integer", "description": "Open balance in cents." },
            { "name": "Billing_Plan", "accessor": "Plan", "kind": "code", "enum": "BillingPlan", "description": "Plan letter.",
              "codes": [ { "name": "Prepaid", "value": "P" }, { "name": "Contract", "value": "C" } ] }
          ],
          "types": [
            { "name": "Invoice", "properties": [
              { "name": "invoiceId", "type": "string", "required": true },
              { "name": "status", "type": "InvoiceStatus", "required": true },
              { "name": "amount", "type": "long" } ] }
          ],
          "endpoints": [
            { "area": "Invoices", "name": "Get", "method": "GET", "path": "/icws/{sessionId}/billing/invoices/{invoiceId}",
              "parameters": [ { "name": "invoiceId", "in": "path", "type": "string" } ], "response": "Invoice", "success": [200] }
          ]
        }
        """;

    /// <summary>The standard API lives in the package's assembly only: a consumer assembly that defined any of it would give CS0436 to its users.</summary>
    private static void AssertDefinesNoStandardApi(string assembly)
    {
        var leaked = AssemblyInspector.DefinedTypes(assembly).Where(t => StandardApiNamespaces.Contains(t[..Math.Max(0, t.LastIndexOf('.'))])).ToList();
        Assert.True(leaked.Count == 0, $"{Path.GetFileName(assembly)} defines types of the package's namespaces: {string.Join(", ", leaked)}");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string> GetWhenUpAsync(HttpClient http, string path, Process process, StringBuilder log)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                return await http.GetStringAsync(path);
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(100);
            }
            catch (HttpRequestException ex)
            {
                lock (log)
                {
                    throw new InvalidOperationException($"the native app did not answer (exited: {process.HasExited}); its log:\n{log}", ex);
                }
            }
        }
    }
}
