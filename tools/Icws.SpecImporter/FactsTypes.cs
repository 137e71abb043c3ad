using System;
using System.Collections.Generic;

namespace Icws.SpecImporter;

/// <summary>
/// How a facts type is written in the spec. The facts know <c>String</c>, <c>Boolean</c>, <c>Date</c>,
/// <c>Number (integer)</c>, <c>Number (floating point)</c>, <c>_util.Duration</c>, <c>Guid</c> and
/// <c>ref:Module.Name</c>, each possibly a list (<c>[]</c>) or a dictionary (<c>{}</c>).
/// </summary>
public static class FactsTypes
{
    /// <summary>The spec type an import writes for a facts type; <paramref name="nameOf"/> names a contract in the spec.</summary>
    public static string ToSpec(string factsType, Func<string, string> nameOf)
    {
        var (element, shape) = Split(factsType);
        var scalar = Scalar(element, nameOf);
        return shape switch
        {
            '[' => scalar + "[]",
            // Dictionaries of text are the spec's stringMap; of anything else raw JSON (the spec has no other map).
            '{' => element == "String" ? "stringMap" : "json",
            _ => scalar,
        };
    }

    /// <summary>
    /// Whether a spec type says what the facts type says: the same shape and element, where the spec may be more
    /// precise than the facts (an <c>attributeMap</c> is a dictionary of text; an integer may be <c>long</c>).
    /// </summary>
    public static bool Conforms(string specType, string factsType, Func<string, string> nameOf)
    {
        var (element, shape) = Split(factsType);
        if (shape == '{')
        {
            return element == "String" ? specType is "stringMap" or "attributeMap" : specType == "json";
        }

        var specIsList = specType.EndsWith("[]", StringComparison.Ordinal);
        if (specIsList != (shape == '['))
        {
            return false;
        }

        var specElement = specIsList ? specType[..^2] : specType;
        return element switch
        {
            "Number (integer)" => specElement is "int" or "long",
            "Number (floating point)" => specElement == "double",
            _ => specElement == Scalar(element, nameOf),
        };
    }

    /// <summary>The contracts a facts type refers to.</summary>
    public static string? Reference(string factsType)
    {
        var (element, _) = Split(factsType);
        return element.StartsWith("ref:", StringComparison.Ordinal) ? element["ref:".Length..] : null;
    }

    private static (string Element, char Shape) Split(string factsType)
        => factsType.EndsWith("[]", StringComparison.Ordinal) ? (factsType[..^2], '[')
            : factsType.EndsWith("{}", StringComparison.Ordinal) ? (factsType[..^2], '{')
            : (factsType, ' ');

    private static string Scalar(string element, Func<string, string> nameOf) => element switch
    {
        "String" => "string",
        "Boolean" => "bool",
        "Date" => "dateTime",
        "Number (integer)" => "int",
        "Number (floating point)" => "double",
        "_util.Duration" => "duration",
        "Guid" => "guid",
        _ when element.StartsWith("ref:", StringComparison.Ordinal) => nameOf(element["ref:".Length..]),
        _ => throw new InvalidOperationException("Unknown facts type '" + element + "'."),
    };
}
