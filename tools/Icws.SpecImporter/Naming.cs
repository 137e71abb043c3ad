using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Icws.SpecImporter;

/// <summary>
/// Names and plain descriptions for what the facts add and nobody curated yet. Curated names and descriptions in the
/// spec always win; these only fill gaps, so they are deliberately short.
/// </summary>
public static class Naming
{
    /// <summary>The spec area of a facts module: its top-level module; a watch belongs to the area it watches.</summary>
    public static string AreaOf(string module)
    {
        var parts = module.Split('.');
        return parts.Length > 2 && parts[0] == "Messaging" && parts[1] == "Subscriptions" ? parts[2] : parts[0];
    }

    /// <summary>The spec file of an area (<c>spec/&lt;kebab-name&gt;.spec.json</c>).</summary>
    public static string FileOf(string area) => Kebab(area) + ".spec.json";

    public static bool IsWatchModule(string module) => module.StartsWith("Messaging.Subscriptions.", StringComparison.Ordinal);

    /// <summary>The endpoint name for an operation, before de-duplication inside its area.</summary>
    public static string EndpointName(FactsOperation op)
    {
        if (IsWatchModule(op.Module) && op.Method is "PUT" or "DELETE")
        {
            return (op.Method == "PUT" ? "Watch" : "Unwatch") + Pascal(op.Namespace);
        }

        return Pascal(op.Name);
    }

    /// <summary>A name that tells two operations of one area apart: the SDK's namespace goes after the leading verb.</summary>
    public static string DisambiguatedEndpointName(FactsOperation op)
    {
        var name = EndpointName(op);
        var verbEnd = 1;
        while (verbEnd < name.Length && char.IsLower(name[verbEnd]))
        {
            verbEnd++;
        }

        var qualifier = Pascal(op.Namespace);
        return name.Contains(qualifier, StringComparison.Ordinal) ? name + Pascal(op.Module.Split('.')[^1]) : name[..verbEnd] + qualifier + name[verbEnd..];
    }

    /// <summary>A sentence for an endpoint nobody described yet, from its name.</summary>
    public static string DescribeEndpoint(FactsOperation op, string name)
    {
        var words = Words(name);
        if (words.Count == 0)
        {
            return "Calls " + op.Method + " " + op.Url + ".";
        }

        var verb = words[0] switch
        {
            "watch" => "Starts the messages about",
            "unwatch" => "Stops the messages about",
            "get" => "Gets",
            "query" => "Queries",
            "search" => "Searches",
            var w when w.EndsWith("s", StringComparison.Ordinal) || w.EndsWith("sh", StringComparison.Ordinal) || w.EndsWith("ch", StringComparison.Ordinal) => Capitalize(w) + "es",
            var w when w.EndsWith("y", StringComparison.Ordinal) && w.Length > 1 && !"aeiou".Contains(w[^2]) => Capitalize(w[..^1]) + "ies",
            var w => Capitalize(w) + "s",
        };
        return words.Count == 1 ? verb.TrimEnd() + "." : verb + " " + string.Join(" ", words.Skip(1)) + ".";
    }

    /// <summary>A phrase for a contract nobody described yet.</summary>
    public static string DescribeContract(FactsContract contract, bool isMessage)
        => isMessage ? "Message: " + string.Join(" ", Words(contract.Name.EndsWith("Message", StringComparison.Ordinal) ? contract.Name[..^"Message".Length] : contract.Name)) + "."
            : Capitalize(string.Join(" ", Words(contract.Name))) + ".";

    /// <summary>PascalCase of a camelCase, kebab-case or snake_case name.</summary>
    public static string Pascal(string name)
    {
        var builder = new StringBuilder(name.Length);
        var upper = true;
        foreach (var c in name)
        {
            if (c is '-' or '_' or ' ' or '.' or '$')
            {
                upper = true;
                continue;
            }

            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return builder.ToString();
    }

    /// <summary>The lower-case words of a camelCase or PascalCase name (acronyms kept together).</summary>
    public static List<string> Words(string name)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsLetterOrDigit(c))
            {
                Flush();
                continue;
            }

            var startsWord = char.IsUpper(c) && current.Length > 0
                && (!char.IsUpper(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])));
            if (startsWord)
            {
                Flush();
            }

            current.Append(c);
        }

        Flush();
        return words;

        void Flush()
        {
            if (current.Length > 0)
            {
                var word = current.ToString();
                words.Add(word.All(char.IsUpper) && word.Length > 1 ? word : word.ToLowerInvariant());
                current.Clear();
            }
        }
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Kebab(string name) => string.Join("-", Words(name).Select(w => w.ToLowerInvariant()));
}
