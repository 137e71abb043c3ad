using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Icws.SpecImporter;

/// <summary>
/// The one place where the spec knowingly differs from the facts (spec/facts/differences.json), each difference with
/// its reason. The conformance check accepts exactly these; the importer leaves the spec as it is at each of them.
/// </summary>
public sealed class Differences
{
    public const string DefaultPath = "spec/facts/differences.json";

    private readonly Dictionary<string, string> _reasons;

    private Differences(Dictionary<string, string> reasons) => _reasons = reasons;

    public static Differences None { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>Every listed difference, with its reason.</summary>
    public IReadOnlyDictionary<string, string> Listed => _reasons;

    public static Differences Load(string path)
    {
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return new Differences(reasons);
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        foreach (var entry in document.RootElement.GetProperty("differences").EnumerateArray())
        {
            var difference = entry.GetProperty("difference").GetString()!;
            var reason = entry.GetProperty("reason").GetString();
            if (string.IsNullOrWhiteSpace(reason))
            {
                throw new InvalidDataException("The difference '" + difference + "' in " + path + " gives no reason.");
            }

            if (!reasons.TryAdd(difference, reason))
            {
                throw new InvalidDataException("The difference '" + difference + "' is listed twice in " + path + ".");
            }
        }

        return new Differences(reasons);
    }

    /// <summary>Whether a difference starting with <paramref name="prefix"/> is listed (the spec keeps its value there).</summary>
    public bool Keeps(string prefix) => _reasons.Keys.Any(k => k.StartsWith(prefix, StringComparison.Ordinal));

    public bool Contains(string difference) => _reasons.ContainsKey(difference);
}
