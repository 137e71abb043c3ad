using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Icws.Analyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Icws.Analyzers.Analysis
{
    /// <summary>The attribute list a value was fetched or watched with, when it is fully known at compile time.</summary>
    internal sealed class Subscription
    {
        public Subscription(ImmutableArray<string> names, string description, Location listLocation)
        {
            Names = names;
            Description = description;
            ListLocation = listLocation;
        }

        public ImmutableArray<string> Names { get; }

        /// <summary>"select list of GetAttributesAsync", "watch started by WatchAsync".</summary>
        public string Description { get; }

        public Location ListLocation { get; }

        public bool Contains(string name)
        {
            foreach (var known in Names)
            {
                if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// Traces an attribute view back, within one method, to the endpoint call that produced it. Only obvious flows
    /// are followed, so that every answer is certain: locals assigned once (from the call, a foreach over the
    /// watch's changes or snapshot, an <c>out var</c> of TryGet), and members of the runtime's watch types, the view
    /// itself and the framework's collections that take no other attribute data in. Anything else (a parameter, a
    /// field, a user method, a list that is not all constants) answers null: no diagnostic.
    /// </summary>
    internal static class Subscriptions
    {
        public static Subscription? Trace(IOperation? operation, IcwsKnowledge knowledge, CancellationToken cancellationToken)
        {
            for (var depth = 0; depth < 16 && operation is not null; depth++)
            {
                switch (operation)
                {
                    case IConversionOperation conversion:
                        operation = conversion.Operand;
                        continue;
                    case IAwaitOperation await:
                        operation = await.Operation;
                        continue;
                    case IInvocationOperation invocation:
                        if (knowledge.GetEndpoint(invocation.TargetMethod) is { } endpoint)
                        {
                            return FromEndpoint(invocation, endpoint, knowledge, cancellationToken);
                        }

                        if (!PassesThrough(invocation.TargetMethod, invocation.TargetMethod.Parameters, invocation.TargetMethod.IsExtensionMethod, knowledge))
                        {
                            return null;
                        }

                        operation = invocation.Instance ?? (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
                        continue;
                    case IPropertyReferenceOperation property:
                        if (!PassesThrough(property.Property, property.Property.Parameters, false, knowledge))
                        {
                            return null;
                        }

                        operation = property.Instance;
                        continue;
                    case ILocalReferenceOperation local:
                        operation = Origin(local, knowledge, cancellationToken);
                        continue;
                    default:
                        return null;
                }
            }

            return null;
        }

        /// <summary>The names of a list that is all constants (array, collection expression, collection initializer, or a local holding one); null otherwise.</summary>
        public static ImmutableArray<string>? ConstantNames(IOperation value, IcwsKnowledge knowledge, CancellationToken cancellationToken, int depth = 0)
        {
            while (value is IConversionOperation conversion)
            {
                value = conversion.Operand;
            }

            if (value is ILocalReferenceOperation local && depth == 0)
            {
                return Origin(local, knowledge, cancellationToken) is { } initial ? ConstantNames(initial, knowledge, cancellationToken, depth + 1) : null;
            }

            if (value is not (IArrayCreationOperation or ICollectionExpressionOperation or IObjectCreationOperation))
            {
                return null;
            }

            var names = ImmutableArray.CreateBuilder<string>();
            foreach (var element in NameSites.Elements(value))
            {
                var inner = element is ISpreadOperation spread ? spread.Operand : element;
                if (inner.ConstantValue is { HasValue: true, Value: string text })
                {
                    foreach (var piece in text.Split(','))
                    {
                        names.Add(piece.Trim());
                    }
                }
                else if (inner is ISpreadOperation or IArrayCreationOperation or ICollectionExpressionOperation && ConstantNames(inner, knowledge, cancellationToken, depth + 1) is { } nested)
                {
                    names.AddRange(nested);
                }
                else
                {
                    return null;
                }
            }

            if (value is IArrayCreationOperation { Initializer: null } || (value is IObjectCreationOperation creation && creation.Initializer is not IObjectOrCollectionInitializerOperation))
            {
                return null;
            }

            return names.ToImmutable();
        }

        private static Subscription? FromEndpoint(IInvocationOperation invocation, EndpointInfo endpoint, IcwsKnowledge knowledge, CancellationToken cancellationToken)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is not { } parameter
                    || parameter.Type.SpecialType == SpecialType.System_String
                    || !knowledge.TakesAttributeNames(parameter))
                {
                    continue;
                }

                // An omitted select list: the server's default set is not something we claim to know.
                if (argument.ArgumentKind == ArgumentKind.DefaultValue)
                {
                    return null;
                }

                var names = ConstantNames(argument.Value, knowledge, cancellationToken);
                if (names is null)
                {
                    return null;
                }

                var description = endpoint.Watch != WatchKind.None
                    ? $"watch started by {invocation.TargetMethod.Name}"
                    : $"{parameter.Name} list of {invocation.TargetMethod.Name}";
                return new Subscription(names.Value, description, argument.Syntax.GetLocation());
            }

            return null;
        }

        /// <summary>
        /// Whether a member hands on the data of its receiver only: it belongs to the runtime (watches, changes,
        /// maps), to the attribute view, or to the framework's collections and async-enumerable helpers, and none of
        /// its inputs (out parameters and an extension's receiver aside) carries attribute data of its own, which
        /// rules out e.g. <c>AttributeMap.Merge(other)</c>.
        /// </summary>
        private static bool PassesThrough(ISymbol member, ImmutableArray<IParameterSymbol> parameters, bool isExtension, IcwsKnowledge knowledge)
        {
            if (member.IsStatic && !isExtension)
            {
                return false;
            }

            var type = member.ContainingType;
            if (type is null)
            {
                return false;
            }

            if (!SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, knowledge.RuntimeAssembly)
                && !knowledge.IsAttributeView(type)
                && !IsFrameworkPassThrough(type))
            {
                return false;
            }

            for (var i = isExtension ? 1 : 0; i < parameters.Length; i++)
            {
                if (parameters[i].RefKind != RefKind.Out && CarriesAttributes(parameters[i].Type, knowledge, 0))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsFrameworkPassThrough(INamedTypeSymbol type)
        {
            var ns = type.ContainingNamespace?.ToDisplayString();
            return ns == "System.Collections.Generic"
                   || (ns == "System.Threading.Tasks" && type.Name == "TaskAsyncEnumerableExtensions")
                   || (ns == "System.Runtime.CompilerServices" && type.Name == "ConfiguredCancelableAsyncEnumerable");
        }

        private static bool CarriesAttributes(ITypeSymbol type, IcwsKnowledge knowledge, int depth)
        {
            if (depth > 4)
            {
                return true;
            }

            if (knowledge.IsAttributeView(type) || (type.Name == "AttributeMap" && SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, knowledge.RuntimeAssembly)))
            {
                return true;
            }

            if (type is IArrayTypeSymbol array)
            {
                return CarriesAttributes(array.ElementType, knowledge, depth + 1);
            }

            if (type is INamedTypeSymbol { IsGenericType: true } named)
            {
                foreach (var argument in named.TypeArguments)
                {
                    if (CarriesAttributes(argument, knowledge, depth + 1))
                    {
                        return true;
                    }
                }
            }

            return type.TypeKind == TypeKind.TypeParameter;
        }

        /// <summary>Where a local's value comes from, when it is assigned exactly once in an obvious way.</summary>
        private static IOperation? Origin(ILocalReferenceOperation reference, IcwsKnowledge knowledge, CancellationToken cancellationToken)
        {
            var local = reference.Local;
            var model = reference.SemanticModel;
            if (model is null || local.DeclaringSyntaxReferences.Length != 1 || local.IsRef)
            {
                return null;
            }

            var declaration = local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
            if (IsAssignedAgain(local, declaration))
            {
                return null;
            }

            switch (declaration)
            {
                case VariableDeclaratorSyntax { Initializer: { } initializer }:
                    return model.GetOperation(initializer.Value, cancellationToken);
                case ForEachStatementSyntax forEach:
                    return (model.GetOperation(forEach, cancellationToken) as IForEachLoopOperation)?.Collection;
                case SingleVariableDesignationSyntax designation:
                    SyntaxNode? node = designation.Parent;
                    while (node is ParenthesizedVariableDesignationSyntax or DeclarationExpressionSyntax or TupleExpressionSyntax or ArgumentSyntax)
                    {
                        if (node is DeclarationExpressionSyntax { Parent: ArgumentSyntax argument } && argument.RefKindKeyword.IsKind(SyntaxKind.OutKeyword))
                        {
                            // TryGet(id, out var a): the value comes from the call's receiver.
                            return argument.Parent?.Parent is InvocationExpressionSyntax invocation
                                ? model.GetOperation(invocation, cancellationToken)
                                : null;
                        }

                        node = node.Parent;
                    }

                    return node is ForEachVariableStatementSyntax forEachVariable
                        ? (model.GetOperation(forEachVariable, cancellationToken) as IForEachLoopOperation)?.Collection
                        : null;
                default:
                    return null;
            }
        }

        /// <summary>A conservative, syntactic check: any assignment, ref or out use of a local of the same name in the member.</summary>
        private static bool IsAssignedAgain(ILocalSymbol local, SyntaxNode declaration)
        {
            var member = declaration.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? (SyntaxNode?)declaration.FirstAncestorOrSelf<GlobalStatementSyntax>()?.Parent;
            if (member is null)
            {
                return true;
            }

            var name = local.Name;
            foreach (var node in member.DescendantNodes())
            {
                switch (node)
                {
                    case AssignmentExpressionSyntax assignment when Mentions(assignment.Left, name):
                        return true;
                    case ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None) && Mentions(argument.Expression, name)
                        && !(argument.Expression is DeclarationExpressionSyntax && declaration.Span.IntersectsWith(argument.Span)):
                        return true;
                    case PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax when Mentions(node, name):
                        return true;
                }
            }

            return false;
        }

        private static bool Mentions(SyntaxNode node, string name)
        {
            if (node is IdentifierNameSyntax identifier)
            {
                return identifier.Identifier.ValueText == name;
            }

            foreach (var descendant in node.DescendantNodes())
            {
                if (descendant is IdentifierNameSyntax inner && inner.Identifier.ValueText == name)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
