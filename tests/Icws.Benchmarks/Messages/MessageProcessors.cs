using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Icws.Client;
using Icws.Runtime;

namespace Icws.Benchmarks.Messages;

/// <summary>
/// Ours: the runtime's message dispatcher with the generated decoder (<c>IcwsMessages.Decoder</c>) and a live queue
/// view, called exactly as the event-stream source calls it for each event (<c>DecodeOne</c>, then <c>Dispatch</c>
/// when the message was not applied to its watch while decoding), without HTTP.
/// </summary>
public sealed class OursProcessor : IAsyncDisposable
{
    private readonly IcwsWatchRegistry _registry;
    private readonly MessageDispatcher _dispatcher;

    public OursProcessor()
    {
        _registry = new IcwsWatchRegistry(static _ => Task.CompletedTask);
        _dispatcher = new MessageDispatcher(_registry, static (error, _, _) => throw new InvalidOperationException("The dispatcher reported an error.", error), 10_000, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)
        {
            Decoder = IcwsMessages.Decoder,
        };
        Watch = _registry.StartQueueWatchAsync<InteractionAttributes>(MessageCorpus.SubscriptionId, static _ => Task.CompletedTask, null, CancellationToken.None).GetAwaiter().GetResult();
    }

    public QueueWatch<InteractionAttributes> Watch { get; }

    public void Process(byte[] message)
    {
        if (_dispatcher.DecodeOne(message) is { } decoded)
        {
            _dispatcher.Dispatch(decoded);
        }
    }

    public ValueTask DisposeAsync() => Watch.DisposeAsync();
}

/// <summary>The naive approach: a JsonDocument per message and a dictionary of dictionaries, updated in place.</summary>
public sealed class NaiveProcessor
{
    public Dictionary<string, Dictionary<string, string>> View { get; private set; } = new(StringComparer.Ordinal);

    public void Process(byte[] message)
    {
        using var document = JsonDocument.Parse(message);
        var root = document.RootElement;
        if (root.GetProperty("__type").GetString() != MessageCorpus.TypeUrn || root.GetProperty("subscriptionId").GetString() != MessageCorpus.SubscriptionId)
        {
            return;
        }

        if (!root.GetProperty("isDelta").GetBoolean())
        {
            View = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        }

        if (root.TryGetProperty("interactionsAdded", out var added))
        {
            foreach (var item in added.EnumerateArray())
            {
                var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var property in item.GetProperty("attributes").EnumerateObject())
                {
                    attributes[property.Name] = property.Value.GetString() ?? string.Empty;
                }

                View[item.GetProperty("interactionId").GetString()!] = attributes;
            }
        }

        if (root.TryGetProperty("interactionsChanged", out var changed))
        {
            foreach (var item in changed.EnumerateArray())
            {
                var id = item.GetProperty("interactionId").GetString()!;
                if (!View.TryGetValue(id, out var attributes))
                {
                    View[id] = attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                }

                foreach (var property in item.GetProperty("attributes").EnumerateObject())
                {
                    attributes[property.Name] = property.Value.GetString() ?? string.Empty;
                }
            }
        }

        if (root.TryGetProperty("interactionsRemoved", out var removed))
        {
            foreach (var id in removed.EnumerateArray())
            {
                View.Remove(id.GetString()!);
            }
        }
    }
}

/// <summary>The floor: one Utf8JsonReader pass over the same bytes, every token read, nothing materialized or kept.</summary>
public static class RawReaderFloor
{
    public static long Process(byte[] message)
    {
        var reader = new Utf8JsonReader(message);
        long tokens = 0;
        while (reader.Read())
        {
            tokens += reader.ValueSpan.Length + 1;
        }

        return tokens;
    }
}
