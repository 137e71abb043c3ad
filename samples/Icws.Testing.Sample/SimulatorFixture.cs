using System.Threading.Tasks;
using Icws.Simulator;
using Xunit;

namespace Icws.Testing.Sample;

/// <summary>
/// One simulator for all the tests of a class (<c>IClassFixture&lt;SimulatorFixture&gt;</c>): started before the
/// first test, stopped after the last. The simulator needs no test framework; this is all xunit needs to host it.
/// </summary>
public sealed class SimulatorFixture : IAsyncLifetime
{
    /// <summary>The running simulator; set by <see cref="InitializeAsync"/>.</summary>
    public IcwsSimulator Simulator { get; private set; } = null!;

    /// <summary>Starts the simulator on free loopback ports.</summary>
    public async Task InitializeAsync() => Simulator = await IcwsSimulator.StartAsync();

    /// <summary>Stops it (event streams closed, ports released).</summary>
    public async Task DisposeAsync() => await Simulator.DisposeAsync();
}
