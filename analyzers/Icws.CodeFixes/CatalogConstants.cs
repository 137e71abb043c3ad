using System.Collections.Generic;
using Icws.Analyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Icws.CodeFixes
{
    /// <summary>
    /// Writes the catalog constant of a known attribute name (<c>Attr.Eic_State</c>, <c>RoutingAttr.Acme_RoutingPriority</c>)
    /// for the fixes, from what the analyzers know of the compilation: the catalog that holds the name, whichever
    /// assembly it is in (the package, the project, a library).
    /// </summary>
    internal static class CatalogConstants
    {
        /// <summary>
        /// The constant that holds <paramref name="name"/>, written as it binds at <paramref name="position"/>: as short
        /// as the usings allow, else fully qualified. Null when no catalog holds the name or the constant cannot be
        /// reached from there (the caller then writes the name as a literal).
        /// </summary>
        public static ExpressionSyntax? For(SemanticModel model, int position, string name)
        {
            if (IcwsKnowledge.Get(model.Compilation) is not { } knowledge || knowledge.Find(name) is not { } known)
            {
                return null;
            }

            foreach (var text in Candidates(model, position, known))
            {
                var expression = SyntaxFactory.ParseExpression(text);
                var bound = model.GetSpeculativeSymbolInfo(position, expression, SpeculativeBindingOption.BindAsExpression).Symbol;
                if (SymbolEqualityComparer.Default.Equals(bound?.OriginalDefinition, known.Field.OriginalDefinition))
                {
                    return expression;
                }
            }

            return null;
        }

        private static IEnumerable<string> Candidates(SemanticModel model, int position, KnownName known)
        {
            yield return known.Catalog.ToMinimalDisplayString(model, position) + "." + known.FieldName;
            yield return known.Catalog.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + known.FieldName;
        }
    }
}
