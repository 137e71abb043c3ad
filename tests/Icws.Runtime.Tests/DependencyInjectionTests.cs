using System;
using System.Linq;
using System.Threading.Tasks;
using Icws.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Icws.Runtime.Tests;

/// <summary>services.AddIcwsClient: options pattern, IHttpClientFactory, login on first use, logout when the container goes.</summary>
public class DependencyInjectionTests
{
    [Fact]
    public async Task AddIcwsClient_GivesAClientThatLogsInOnFirstUse_AndLogsOutWithTheContainer()
    {
        await using var sim = await Harness.StartSimulatorAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddIcwsClient(o =>
        {
            o.Server = sim.BaseAddress;
            o.Credentials = IcwsCredentials.Password("agent", sim.Options.Users.First(u => u.UserId == "agent").Password);
            o.ApplicationName = "DI test";
        });
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var client = provider.GetRequiredService<IcwsClient>();
        var session = provider.GetRequiredService<IcwsSession>();
        Assert.Same(client, provider.GetRequiredService<IcwsClient>());
        Assert.False(session.IsConnected);
        Assert.Equal(0, sim.Counters.Logins);

        var call = await client.Interactions.CreateAsync(new CreateCallParameters { Target = "555-0123" });
        Assert.True(session.IsConnected);
        Assert.NotNull(sim.GetInteraction(call.InteractionId));

        await provider.DisposeAsync();
        Assert.Empty(sim.ActiveSessionIds);
        Assert.Equal(1, sim.Counters.Logouts);
    }

    [Fact]
    public async Task EndpointNewerThanTheServer_IsRefusedBeforeItIsSent()
    {
        await using var h = await Harness.StartAsync(simulator: o => o.FeatureVersions["interactions"] = 5);
        var id = await h.CallAsync();

        var error = await Assert.ThrowsAsync<IcwsFeatureNotSupportedException>(() => h.Client.Interactions.ConsultAsync(id, new CreateConsultParameters { Target = "user:John.Smith" }));

        Assert.Equal("interactions", error.FeatureId);
        Assert.Equal(6, error.RequiredVersion);
        Assert.Equal(5, error.ServerVersion);
        Assert.DoesNotContain(h.Recorder.Requests, r => r.Path.EndsWith("/consult", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutTheFeatureCheck_TheServerJudges()
    {
        // IcwsSessionOptions.CheckFeatureVersions replaces the build-time IcwsMinimumFeatureVersions of version 0.1.
        await using var h = await Harness.StartAsync(simulator: o => o.FeatureVersions["interactions"] = 5, session: o => o.CheckFeatureVersions = false);
        var id = await h.CallAsync();

        // The simulator does not police this endpoint's version, so the consult goes through.
        var consult = await h.Client.Interactions.ConsultAsync(id, new CreateConsultParameters { Target = "user:John.Smith" });

        Assert.False(string.IsNullOrEmpty(consult.ConsultId));
        Assert.Contains(h.Recorder.Requests, r => r.Path.EndsWith("/consult", StringComparison.Ordinal));
    }
}
