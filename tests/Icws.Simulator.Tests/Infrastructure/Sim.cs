namespace Icws.Simulator.Tests.Infrastructure;

/// <summary>Starting simulators for tests: deterministic timing (synchronous call progress, immediate removal) unless a test asks otherwise.</summary>
internal static class Sim
{
    public static Task<IcwsSimulator> StartAsync(Action<SimulatorOptions>? configure = null)
    {
        var options = new SimulatorOptions
        {
            CallProgressDelay = TimeSpan.Zero,
            DisconnectLinger = TimeSpan.Zero,
            KeepAliveInterval = TimeSpan.FromMilliseconds(200),
        };
        configure?.Invoke(options);
        return IcwsSimulator.StartAsync(options);
    }

    public static string Type(this JsonElement message) => message.GetProperty("__type").GetString()!;

    public static bool IsQueueContents(this JsonElement m) => m.Type() == "urn:inin.com:queues:queueContentsMessage";

    public static IEnumerable<JsonElement> Items(this JsonElement message, string arrayName) =>
        message.TryGetProperty(arrayName, out var a) ? a.EnumerateArray() : [];

    public static Dictionary<string, string> AttributeMap(this JsonElement entry) =>
        entry.GetProperty("attributes").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.OrdinalIgnoreCase);
}
