using System.Collections.Generic;
using Icws.Analyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace Icws.Analyzers.Analysis
{
    /// <summary>How the code fix can replace a name: the kinds are written into the diagnostic's properties.</summary>
    internal static class FixKinds
    {
        /// <summary>The diagnostic covers a whole string literal: replace it with a literal of the right name.</summary>
        public const string Literal = "Literal";

        /// <summary>The diagnostic covers the name's characters inside a string (one of a comma list or URL): replace that text.</summary>
        public const string Text = "Text";

        /// <summary>The diagnostic covers a constant expression (a const, an interpolation): replace it with the catalog constant.</summary>
        public const string Constant = "Constant";

        /// <summary>No safe rewrite (the name sits in a string with escapes).</summary>
        public const string None = "None";
    }

    /// <summary>Property keys of the name diagnostics (read by the code fix).</summary>
    internal static class NameProperties
    {
        /// <summary>The known name to use; the fixes find the catalog constant that holds it through the analyzers' knowledge.</summary>
        public const string Suggestion = "Suggestion";
        public const string Fix = "Fix";
    }

    /// <summary>One attribute name written in code: the name, where it is, and how it can be rewritten.</summary>
    internal readonly struct NameSite
    {
        public NameSite(string name, Location location, string fix)
        {
            Name = name;
            Location = location;
            Fix = fix;
        }

        public string Name { get; }

        public Location Location { get; }

        public string Fix { get; }
    }

    /// <summary>Finds the constant attribute names in a value: a string, an array, a collection expression or initializer, params, the name of a (name, value) tuple.</summary>
    internal static class NameSites
    {
        /// <summary>
        /// Adds every compile-time-constant name in <paramref name="value"/>. Names are split on commas (a select
        /// list is sent comma-joined). Catalog constants (<c>Attr.X</c>, <c>RoutingAttr.X</c>) are known by construction and skipped;
        /// non-constant values are skipped (nothing to check).
        /// </summary>
        public static void Collect(IOperation value, IcwsKnowledge knowledge, List<NameSite> sites, int depth = 0)
        {
            if (depth > 8)
            {
                return;
            }

            switch (value)
            {
                case IConversionOperation conversion:
                    Collect(conversion.Operand, knowledge, sites, depth + 1);
                    return;
                case IFieldReferenceOperation field when knowledge.IsCatalogField(field.Field):
                    return;
                case ITupleOperation tuple:
                    // A (name, value) pair to write: only its first element is a name.
                    if (!tuple.Elements.IsEmpty)
                    {
                        Collect(tuple.Elements[0], knowledge, sites, depth + 1);
                    }

                    return;
                case IArrayCreationOperation { Initializer: { } initializer }:
                    foreach (var element in initializer.ElementValues)
                    {
                        Collect(element, knowledge, sites, depth + 1);
                    }

                    return;
                case ICollectionExpressionOperation collection:
                    foreach (var element in collection.Elements)
                    {
                        Collect(element is ISpreadOperation spread ? spread.Operand : element, knowledge, sites, depth + 1);
                    }

                    return;
                case IObjectCreationOperation { Initializer: IObjectOrCollectionInitializerOperation initializer }:
                    foreach (var item in initializer.Initializers)
                    {
                        if (item is IInvocationOperation { Arguments.Length: 1 } add)
                        {
                            Collect(add.Arguments[0].Value, knowledge, sites, depth + 1);
                        }
                    }

                    return;
            }

            if (value.ConstantValue is { HasValue: true, Value: string text } && text.Length > 0)
            {
                AddConstant(value, text, sites);
            }
        }

        /// <summary>
        /// Whether a collection lists at least one catalog constant (alone, or as the name of a (name, value) tuple), i.e.
        /// it is clearly a list of attribute names or of values to write.
        /// </summary>
        public static bool ListsCatalogConstant(IOperation value, IcwsKnowledge knowledge)
        {
            foreach (var element in Elements(value))
            {
                var inner = element is IConversionOperation conversion ? conversion.Operand : element;
                if (inner is ITupleOperation { Elements.IsEmpty: false } tuple)
                {
                    inner = tuple.Elements[0] is IConversionOperation nameConversion ? nameConversion.Operand : tuple.Elements[0];
                }

                if (inner is IFieldReferenceOperation field && knowledge.IsCatalogField(field.Field))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether every constant element looks like an attribute name (no white space), so that a mixed list of names and prose is left alone.</summary>
        public static bool ConstantsLookLikeNames(IOperation value)
        {
            foreach (var element in Elements(value))
            {
                if (element.ConstantValue is { HasValue: true, Value: string text })
                {
                    foreach (var piece in text.Split(','))
                    {
                        foreach (var c in piece.Trim())
                        {
                            if (char.IsWhiteSpace(c))
                            {
                                return false;
                            }
                        }
                    }
                }
            }

            return true;
        }

        /// <summary>The elements of an array creation, collection expression or collection initializer (empty for anything else).</summary>
        public static IEnumerable<IOperation> Elements(IOperation value)
        {
            switch (value)
            {
                case IArrayCreationOperation { Initializer: { } initializer }:
                    return initializer.ElementValues;
                case ICollectionExpressionOperation collection:
                    return collection.Elements;
                case IObjectCreationOperation { Initializer: IObjectOrCollectionInitializerOperation initializer }:
                    var list = new List<IOperation>();
                    foreach (var item in initializer.Initializers)
                    {
                        if (item is IInvocationOperation { Arguments.Length: 1 } add)
                        {
                            list.Add(add.Arguments[0].Value);
                        }
                    }

                    return list;
                default:
                    return System.Array.Empty<IOperation>();
            }
        }

        private static void AddConstant(IOperation operation, string text, List<NameSite> sites)
        {
            var isLiteral = operation is ILiteralOperation;
            if (text.IndexOf(',') < 0)
            {
                sites.Add(new NameSite(text, operation.Syntax.GetLocation(), isLiteral ? FixKinds.Literal : FixKinds.Constant));
                return;
            }

            var sourceStart = UrlText.LiteralSourceStart(operation, text);
            var start = 0;
            for (var i = 0; i <= text.Length; i++)
            {
                if (i < text.Length && text[i] != ',')
                {
                    continue;
                }

                var pieceStart = start;
                var pieceEnd = i;
                while (pieceStart < pieceEnd && text[pieceStart] == ' ')
                {
                    pieceStart++;
                }

                while (pieceEnd > pieceStart && text[pieceEnd - 1] == ' ')
                {
                    pieceEnd--;
                }

                if (pieceEnd > pieceStart)
                {
                    var piece = text.Substring(pieceStart, pieceEnd - pieceStart);
                    var location = sourceStart >= 0
                        ? Location.Create(operation.Syntax.SyntaxTree, new TextSpan(sourceStart + pieceStart, piece.Length))
                        : operation.Syntax.GetLocation();
                    sites.Add(new NameSite(piece, location, sourceStart >= 0 ? FixKinds.Text : FixKinds.None));
                }

                start = i + 1;
            }
        }
    }
}
