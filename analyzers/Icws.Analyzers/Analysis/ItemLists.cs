using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Icws.Analyzers.Analysis
{
    /// <summary>
    /// The items of a list written in place as an argument: a collection expression (<c>[a, b]</c>), an array
    /// (<c>new[] { a }</c>, <c>new T[] { a }</c>) or a collection initializer (<c>new List&lt;T&gt; { a }</c>).
    /// </summary>
    internal static class ItemLists
    {
        /// <summary>Diagnostic property of ICWS2003 when it is about a list-taking watch: the name of the parameter that takes the items.</summary>
        public const string WatchItemsProperty = "WatchItems";

        /// <summary>
        /// The item expressions of a list written in place, or null for anything else (a variable, a call, a LINQ
        /// query): only a list built right here is known to hold what it holds. Spread elements (<c>[.. more]</c>)
        /// are left out: they bring lists of their own.
        /// </summary>
        public static IReadOnlyList<IOperation>? Elements(IOperation value)
        {
            while (value is IConversionOperation conversion)
            {
                value = conversion.Operand;
            }

            var items = new List<IOperation>();
            switch (value)
            {
                case ICollectionExpressionOperation collection:
                    foreach (var element in collection.Elements)
                    {
                        if (element is not ISpreadOperation)
                        {
                            items.Add(element);
                        }
                    }

                    return items;
                case IArrayCreationOperation { Initializer: { } initializer }:
                    items.AddRange(initializer.ElementValues);
                    return items;
                case IObjectCreationOperation { Initializer: IObjectOrCollectionInitializerOperation initializer }:
                    foreach (var add in initializer.Initializers)
                    {
                        if (add is not IInvocationOperation { Arguments.Length: 1 } call)
                        {
                            return null;
                        }

                        items.Add(call.Arguments[0].Value);
                    }

                    return items;
                default:
                    return null;
            }
        }
    }
}
