using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Icws.Analyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace Icws.Analyzers.Analysis
{
    /// <summary>The attribute list a value was fetched or watched with, when it is fully known at compile time.</summary>
    internal sealed class Subscription
    {
        private readonly IMethodSymbol _method;
        private readonly IParameterSymbol _parameter;
        private readonly bool _watch;
        private readonly SyntaxNode _list;

        public Subscription(ImmutableArray<string> names, IMethodSymbol method, IParameterSymbol parameter, bool watch, SyntaxNode list)
        {
            Names = names;
            _method = method;
            _parameter = parameter;
            _watch = watch;
            _list = list;
        }

        public ImmutableArray<string> Names { get; }

        /// <summary>"select list of GetAttributesAsync", "watch started by WatchAsync" (built when a diagnostic needs it).</summary>
        public string Description => _watch ? $"watch started by {_method.Name}" : $"{_parameter.Name} list of {_method.Name}";

        public Location ListLocation => _list.GetLocation();

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
    /// The outcome of tracing a value: the subscription it comes from (null when not certain), and the locals the
    /// flow passes through. The answer holds only if none of those locals is assigned again in its member; that
    /// check is the expensive part, so it is left to <see cref="Subscriptions.IsCertain"/>, which the analyzer asks
    /// only for a read it would report.
    /// </summary>
    internal sealed class Traced
    {
        public static readonly Traced None = new(null, null);

        public Traced(Subscription? subscription, LocalOrigin? locals)
        {
            Subscription = subscription;
            Locals = locals;
        }

        public Subscription? Subscription { get; }

        /// <summary>The locals the flow passes through (a chain), each with its declaration.</summary>
        public LocalOrigin? Locals { get; }

        public Traced Through(LocalOrigin local)
            => Subscription is null ? None : new Traced(Subscription, new LocalOrigin(local.Local, local.Declaration, local.Value, Locals));
    }

    /// <summary>Where a local's value comes from: its declaration and the operation that gives it its value (a link of a chain).</summary>
    internal sealed class LocalOrigin
    {
        public LocalOrigin(ILocalSymbol local, SyntaxNode declaration, IOperation? value, LocalOrigin? next)
        {
            Local = local;
            Declaration = declaration;
            Value = value;
            Next = next;
        }

        public ILocalSymbol Local { get; }

        public SyntaxNode Declaration { get; }

        /// <summary>The initializer value, the foreach collection, or the call that fills an <c>out var</c>; null when the declaration is none of those.</summary>
        public IOperation? Value { get; }

        public LocalOrigin? Next { get; }
    }

    /// <summary>
    /// What tracing has learnt within one operation block (a method body, an initializer), so that each local is
    /// traced once however often it is read, and each member is scanned for assignments at most once. One per
    /// block, made when the block first traces something (<see cref="For"/>) and dropped with the block's tree.
    /// </summary>
    internal sealed class TraceScope
    {
        private static readonly ConditionalWeakTable<IOperation, TraceScope> Scopes = new();
        private static readonly ConditionalWeakTable<IOperation, TraceScope>.CreateValueCallback Create = _ => new TraceScope();

        private readonly Dictionary<ILocalSymbol, LocalEntry> _locals = new(SymbolEqualityComparer.Default);
        private Dictionary<SyntaxNode, AssignedNames>? _members;

        private TraceScope()
        {
        }

        /// <summary>The scope of the block (operation tree) that <paramref name="operation"/> belongs to.</summary>
        public static TraceScope For(IOperation operation)
        {
            var root = operation;
            while (root.Parent is { } parent)
            {
                root = parent;
            }

            return Scopes.GetValue(root, Create);
        }

        public bool TryGetTrace(ILocalSymbol local, out Traced traced)
        {
            lock (_locals)
            {
                if (_locals.TryGetValue(local, out var entry) && entry.Traced is { } known)
                {
                    traced = known;
                    return true;
                }
            }

            traced = Traced.None;
            return false;
        }

        public void SetTrace(ILocalSymbol local, Traced traced)
        {
            lock (_locals)
            {
                Entry(local).Traced = traced;
            }
        }

        public bool TryGetOrigin(ILocalSymbol local, out LocalOrigin? origin)
        {
            lock (_locals)
            {
                if (_locals.TryGetValue(local, out var entry) && entry.HasOrigin)
                {
                    origin = entry.Origin;
                    return true;
                }
            }

            origin = null;
            return false;
        }

        public void SetOrigin(ILocalSymbol local, LocalOrigin? origin)
        {
            lock (_locals)
            {
                var entry = Entry(local);
                entry.Origin = origin;
                entry.HasOrigin = true;
            }
        }

        /// <summary>A conservative, syntactic check: any assignment, ref or out use of a local of the same name in the member.</summary>
        public bool IsAssignedAgain(ILocalSymbol local, SyntaxNode declaration, CancellationToken cancellationToken)
        {
            var member = declaration.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? (SyntaxNode?)declaration.FirstAncestorOrSelf<GlobalStatementSyntax>()?.Parent;
            if (member is null)
            {
                return true;
            }

            AssignedNames? names;
            lock (_locals)
            {
                _members ??= new Dictionary<SyntaxNode, AssignedNames>();
                _members.TryGetValue(member, out names);
            }

            if (names is null)
            {
                names = AssignedNames.Collect(member, cancellationToken);
                lock (_locals)
                {
                    _members[member] = names;
                }
            }

            return names.Contains(local.Name, declaration);
        }

        private LocalEntry Entry(ILocalSymbol local)
        {
            if (!_locals.TryGetValue(local, out var entry))
            {
                entry = new LocalEntry();
                _locals.Add(local, entry);
            }

            return entry;
        }

        private sealed class LocalEntry
        {
            public bool HasOrigin;
            public LocalOrigin? Origin;
            public Traced? Traced;
        }
    }

    /// <summary>
    /// The names a member assigns, found in one pass over its syntax: every identifier in the left side of an
    /// assignment, in a ref, out or in argument, or in a prefix or postfix unary expression. An <c>out var x</c>
    /// argument counts for every local of that name except the one it declares.
    /// </summary>
    internal sealed class AssignedNames
    {
        private readonly HashSet<string> _always = new(StringComparer.Ordinal);
        private List<(string Name, TextSpan Argument)>? _outDeclarations;

        public static AssignedNames Collect(SyntaxNode member, CancellationToken cancellationToken)
        {
            var names = new AssignedNames();
            foreach (var node in member.DescendantNodes())
            {
                switch (node)
                {
                    case AssignmentExpressionSyntax assignment:
                        AddMentions(assignment.Left, names._always);
                        break;
                    case ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None):
                        if (argument.Expression is DeclarationExpressionSyntax)
                        {
                            var declared = new HashSet<string>(StringComparer.Ordinal);
                            AddMentions(argument.Expression, declared);
                            foreach (var name in declared)
                            {
                                (names._outDeclarations ??= new List<(string, TextSpan)>()).Add((name, argument.Span));
                            }
                        }
                        else
                        {
                            AddMentions(argument.Expression, names._always);
                        }

                        break;
                    case PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax:
                        cancellationToken.ThrowIfCancellationRequested();
                        AddMentions(node, names._always);
                        break;
                }
            }

            return names;
        }

        /// <summary>Whether a local called <paramref name="name"/>, declared at <paramref name="declaration"/>, is assigned.</summary>
        public bool Contains(string name, SyntaxNode declaration)
        {
            if (_always.Contains(name))
            {
                return true;
            }

            if (_outDeclarations is not null)
            {
                foreach (var (declared, argument) in _outDeclarations)
                {
                    if (declared == name && !declaration.Span.IntersectsWith(argument))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static void AddMentions(SyntaxNode node, HashSet<string> names)
        {
            if (node is IdentifierNameSyntax identifier)
            {
                names.Add(identifier.Identifier.ValueText);
                return;
            }

            foreach (var descendant in node.DescendantNodes())
            {
                if (descendant is IdentifierNameSyntax inner)
                {
                    names.Add(inner.Identifier.ValueText);
                }
            }
        }
    }

    /// <summary>
    /// Traces an attribute view back, within one method, to the endpoint call that produced it. Only obvious flows
    /// are followed, so that every answer is certain: locals assigned once (from the call, a foreach over the
    /// watch's changes or snapshot, an <c>out var</c> of TryGet), and members of the runtime's watch types, the view
    /// itself and the framework's collections that take no other attribute data in. Anything else (a parameter, a
    /// field, a user method, a list that is not all constants) answers null: no diagnostic.
    /// </summary>
    /// <remarks>
    /// Tracing works on the operation tree at hand; a local's origin is the one operation looked up per local
    /// (memoized in the <see cref="TraceScope"/>). Whether a local is assigned again is asked last, through
    /// <see cref="IsCertain"/>, only when a read would be reported.
    /// </remarks>
    internal static class Subscriptions
    {
        private const int MaxSteps = 16;
        private const int MaxLocals = 16;

        /// <summary>The subscription the value of <paramref name="operation"/> comes from, if its flow is obvious; see <see cref="IsCertain"/>.</summary>
        public static Traced Trace(IOperation? operation, IcwsKnowledge knowledge, TraceScope scope, CancellationToken cancellationToken)
            => Trace(operation, knowledge, scope, 0, cancellationToken);

        /// <summary>Whether no local of the traced flow is assigned again (or passed by ref) in its member.</summary>
        public static bool IsCertain(Traced traced, TraceScope scope, CancellationToken cancellationToken)
        {
            for (var local = traced.Locals; local is not null; local = local.Next)
            {
                if (scope.IsAssignedAgain(local.Local, local.Declaration, cancellationToken))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The names of a list that is all constants (array, collection expression, collection initializer, or a local holding one); null otherwise.</summary>
        /// <param name="local">The local the list was read from, if any: the answer holds only if it is not assigned again.</param>
        public static ImmutableArray<string>? ConstantNames(IOperation value, IcwsKnowledge knowledge, TraceScope scope, CancellationToken cancellationToken, out LocalOrigin? local)
        {
            local = null;
            while (value is IConversionOperation conversion)
            {
                value = conversion.Operand;
            }

            if (value is ILocalReferenceOperation reference)
            {
                local = Origin(reference, scope, cancellationToken);
                if (local?.Value is not { } initial)
                {
                    return null;
                }

                return ConstantNames(initial, knowledge, 1);
            }

            return ConstantNames(value, knowledge, 0);
        }

        private static ImmutableArray<string>? ConstantNames(IOperation value, IcwsKnowledge knowledge, int depth)
        {
            while (value is IConversionOperation conversion)
            {
                value = conversion.Operand;
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
                    if (text.IndexOf(',') < 0)
                    {
                        names.Add(text.Trim());
                        continue;
                    }

                    foreach (var piece in text.Split(','))
                    {
                        names.Add(piece.Trim());
                    }
                }
                else if (inner is ISpreadOperation or IArrayCreationOperation or ICollectionExpressionOperation && ConstantNames(inner, knowledge, depth + 1) is { } nested)
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

        private static Traced Trace(IOperation? operation, IcwsKnowledge knowledge, TraceScope scope, int locals, CancellationToken cancellationToken)
        {
            for (var step = 0; step < MaxSteps && operation is not null; step++)
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
                            return FromEndpoint(invocation, endpoint, knowledge, scope, cancellationToken);
                        }

                        if (!PassesThrough(invocation.TargetMethod, invocation.TargetMethod.Parameters, invocation.TargetMethod.IsExtensionMethod, knowledge))
                        {
                            return Traced.None;
                        }

                        operation = invocation.Instance ?? (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
                        continue;
                    case IPropertyReferenceOperation property:
                        if (!PassesThrough(property.Property, property.Property.Parameters, false, knowledge))
                        {
                            return Traced.None;
                        }

                        operation = property.Instance;
                        continue;
                    case ILocalReferenceOperation local:
                        return TraceLocal(local, knowledge, scope, locals, cancellationToken);
                    default:
                        return Traced.None;
                }
            }

            return Traced.None;
        }

        /// <summary>Traces a local from its origin, once per block: every later read of the local gets the same answer.</summary>
        private static Traced TraceLocal(ILocalReferenceOperation reference, IcwsKnowledge knowledge, TraceScope scope, int locals, CancellationToken cancellationToken)
        {
            var local = reference.Local;
            if (scope.TryGetTrace(local, out var known))
            {
                return known;
            }

            if (locals >= MaxLocals)
            {
                return Traced.None;
            }

            // Marked first, so that a flow that comes back to this local ends instead of looping.
            scope.SetTrace(local, Traced.None);
            var origin = Origin(reference, scope, cancellationToken);
            var traced = origin?.Value is { } value ? Trace(value, knowledge, scope, locals + 1, cancellationToken).Through(origin) : Traced.None;
            scope.SetTrace(local, traced);
            return traced;
        }

        private static Traced FromEndpoint(IInvocationOperation invocation, EndpointInfo endpoint, IcwsKnowledge knowledge, TraceScope scope, CancellationToken cancellationToken)
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
                    return Traced.None;
                }

                var names = ConstantNames(argument.Value, knowledge, scope, cancellationToken, out var local);
                if (names is null)
                {
                    return Traced.None;
                }

                return new Traced(new Subscription(names.Value, invocation.TargetMethod, parameter, endpoint.StartsWatch, argument.Syntax), local);
            }

            return Traced.None;
        }

        /// <summary>
        /// Whether a member hands on the data of its receiver only: it belongs to the runtime (watches, changes,
        /// maps; the standard API compiled into it is reached only from a traced endpoint call), to the attribute view, or to the framework's collections and async-enumerable helpers, and none of
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
            var ns = type.ContainingNamespace;
            return IsNamespace(ns, "System", "Collections", "Generic")
                   || (type.Name == "TaskAsyncEnumerableExtensions" && IsNamespace(ns, "System", "Threading", "Tasks"))
                   || (type.Name == "ConfiguredCancelableAsyncEnumerable" && IsNamespace(ns, "System", "Runtime", "CompilerServices"));
        }

        /// <summary>Whether <paramref name="ns"/> is exactly <c>first.second.third</c> (compared without building its name).</summary>
        private static bool IsNamespace(INamespaceSymbol? ns, string first, string second, string third)
            => ns is { Name: var c } && c == third
               && ns.ContainingNamespace is { Name: var b } middle && b == second
               && middle.ContainingNamespace is { Name: var a } outer && a == first
               && outer.ContainingNamespace is { IsGlobalNamespace: true };

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

        /// <summary>
        /// Where a local's value comes from, when it is declared once in an obvious way (once per block). Whether it
        /// is assigned again is not asked here: see <see cref="IsCertain"/>.
        /// </summary>
        private static LocalOrigin? Origin(ILocalReferenceOperation reference, TraceScope scope, CancellationToken cancellationToken)
        {
            var local = reference.Local;
            if (scope.TryGetOrigin(local, out var known))
            {
                return known;
            }

            var origin = FindOrigin(reference, cancellationToken);
            scope.SetOrigin(local, origin);
            return origin;
        }

        private static LocalOrigin? FindOrigin(ILocalReferenceOperation reference, CancellationToken cancellationToken)
        {
            var local = reference.Local;
            var model = reference.SemanticModel;
            if (model is null || local.IsRef)
            {
                return null;
            }

            var declarations = local.DeclaringSyntaxReferences;
            if (declarations.Length != 1)
            {
                return null;
            }

            var declaration = declarations[0].GetSyntax(cancellationToken);
            return new LocalOrigin(local, declaration, OriginValue(reference, declaration, model, cancellationToken), null);
        }

        private static IOperation? OriginValue(IOperation reference, SyntaxNode declaration, SemanticModel model, CancellationToken cancellationToken)
        {
            switch (declaration)
            {
                case VariableDeclaratorSyntax { Initializer: { } initializer }:
                    return model.GetOperation(initializer.Value, cancellationToken);
                case ForEachStatementSyntax forEach:
                    return LoopCollection(reference, forEach, model, cancellationToken);
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
                        ? LoopCollection(reference, forEachVariable, model, cancellationToken)
                        : null;
                default:
                    return null;
            }
        }

        /// <summary>
        /// The collection of the foreach that declares a loop variable. The variable is read inside its loop, so
        /// the loop is an ancestor in the tree at hand; binding the statement again is the fallback.
        /// </summary>
        private static IOperation? LoopCollection(IOperation reference, CommonForEachStatementSyntax forEach, SemanticModel model, CancellationToken cancellationToken)
        {
            for (var parent = reference.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is IForEachLoopOperation loop && loop.Syntax == forEach)
                {
                    return loop.Collection;
                }
            }

            return (model.GetOperation(forEach, cancellationToken) as IForEachLoopOperation)?.Collection;
        }
    }
}
