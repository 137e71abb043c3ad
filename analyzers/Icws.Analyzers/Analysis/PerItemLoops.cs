using System.Collections.Generic;
using Icws.Analyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace Icws.Analyzers.Analysis
{
    /// <summary>
    /// Decides whether a call runs once per item: it sits in a loop (<c>foreach</c>, <c>for</c>, <c>while</c>,
    /// <c>do</c>) or in a lambda that LINQ <c>Select</c>, <c>List.ForEach</c> or <c>Parallel.ForEach</c> runs per
    /// element, <em>and</em> its id argument changes per item (it uses the loop variable, the lambda's parameter, or a
    /// local declared inside the loop). A loop that retries the same interaction is not "per item".
    /// </summary>
    internal static class PerItemLoops
    {
        /// <summary>The loop or per-item lambda the call runs in, or null.</summary>
        public static IOperation? Find(IOperation call, IReadOnlyList<IOperation> idExpressions, LoopSymbols loops)
        {
            var child = call;
            for (var current = call.Parent; current is not null; child = current, current = current.Parent)
            {
                switch (current)
                {
                    case ILoopOperation loop when loop.Body is not null && loop.Body.Syntax.Span.Contains(call.Syntax.Span):
                        if (UsesLocalDeclaredIn(idExpressions, loop.Syntax.Span, null))
                        {
                            return loop;
                        }

                        break;
                    case IAnonymousFunctionOperation lambda:
                        if (RunsPerItem(lambda, loops) && UsesLocalDeclaredIn(idExpressions, lambda.Syntax.Span, lambda.Symbol))
                        {
                            return lambda;
                        }

                        break;
                    case ILocalFunctionOperation:
                        return null;
                }
            }

            return null;
        }

        private static bool RunsPerItem(IAnonymousFunctionOperation lambda, LoopSymbols loops)
        {
            IOperation current = lambda;
            while (current.Parent is IDelegateCreationOperation or IConversionOperation)
            {
                current = current.Parent;
            }

            return current.Parent is IArgumentOperation { Parent: IInvocationOperation invocation } && loops.RunsLambdaPerItem(invocation.TargetMethod);
        }

        private static bool UsesLocalDeclaredIn(IReadOnlyList<IOperation> expressions, TextSpan scope, IMethodSymbol? lambda)
        {
            foreach (var expression in expressions)
            {
                if (Uses(expression, scope, lambda))
                {
                    return true;
                }

                foreach (var descendant in expression.Descendants())
                {
                    if (Uses(descendant, scope, lambda))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool Uses(IOperation operation, TextSpan scope, IMethodSymbol? lambda)
        {
            switch (operation)
            {
                case ILocalReferenceOperation local:
                    foreach (var reference in local.Local.DeclaringSyntaxReferences)
                    {
                        if (scope.Contains(reference.Span))
                        {
                            return true;
                        }
                    }

                    return false;
                case IParameterReferenceOperation parameter:
                    return lambda is not null && SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, lambda);
                default:
                    return false;
            }
        }
    }
}
