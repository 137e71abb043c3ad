using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Icws.Analyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;

namespace Icws.CodeFixes
{
    /// <summary>
    /// ICWS2003: when the loop walks the interactions of a queue watch of the same method (its snapshot or its
    /// changes), the per-interaction watch is redundant: the queue watch can carry the attributes too. The fix
    /// adds the per-interaction watch's attribute names to the queue watch's list, removes the per-interaction
    /// watch, and reads the queue watch instead (<c>w.TryGetCurrent(out a)</c> becomes <c>q.TryGet(id, out a)</c>,
    /// <c>w.InteractionId</c> becomes the id).
    /// </summary>
    /// <remarks>
    /// Offered only when all of this is certain: a <c>foreach</c>/<c>await foreach</c> over something read from a
    /// local queue watch started with <c>await</c> in the same method; both attribute lists written as collection
    /// expressions or arrays; the watch call standing alone (<c>await ...;</c>) or assigned to a local that is only
    /// used through TryGetCurrent/InteractionId; the id a plain name or member access. Raw HttpClient URLs, LINQ
    /// projections, and loops over ids from elsewhere (where the code does not say which queue holds them) are
    /// not rewritten: the diagnostic and its help page say what to do by hand.
    /// </remarks>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InteractionWatchInLoopCodeFixProvider))]
    [Shared]
    public sealed class InteractionWatchInLoopCodeFixProvider : CodeFixProvider
    {
        private const string EquivalenceKey = "IcwsUseQueueWatch";

        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.InteractionWatchInLoop);

        /// <inheritdoc />
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc />
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node
                    || node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } call
                    || Plan.Create(call, model, context.CancellationToken) is not { } plan)
                {
                    continue;
                }

                var document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create($"Read the attributes from queue watch '{plan.QueueWatch.Name}' instead of watching each interaction", ct => plan.ApplyAsync(document, ct), EquivalenceKey),
                    diagnostic);
            }
        }

        /// <summary>What the rewrite touches, worked out before anything changes (no plan, no fix).</summary>
        private sealed class Plan
        {
            private Plan(ILocalSymbol queueWatch, ExpressionSyntax queueNames, IReadOnlyList<ExpressionSyntax> missingNames, StatementSyntax statement, IReadOnlyList<(SyntaxNode Old, SyntaxNode New)> uses)
            {
                QueueWatch = queueWatch;
                QueueNames = queueNames;
                MissingNames = missingNames;
                Statement = statement;
                Uses = uses;
            }

            public ILocalSymbol QueueWatch { get; }

            private ExpressionSyntax QueueNames { get; }

            private IReadOnlyList<ExpressionSyntax> MissingNames { get; }

            private StatementSyntax Statement { get; }

            private IReadOnlyList<(SyntaxNode Old, SyntaxNode New)> Uses { get; }

            public static Plan? Create(InvocationExpressionSyntax call, SemanticModel model, CancellationToken cancellationToken)
            {
                if (IcwsKnowledge.Get(model.Compilation) is not { } knowledge
                    || model.GetOperation(call, cancellationToken) is not IInvocationOperation invocation
                    || knowledge.GetEndpoint(invocation.TargetMethod) is not { WatchesInteraction: true } endpoint
                    || call.FirstAncestorOrSelf<CommonForEachStatementSyntax>() is not { } loop
                    || model.GetOperation(loop, cancellationToken) is not IForEachLoopOperation loopOperation
                    || !loop.Statement.Span.Contains(call.Span))
                {
                    return null;
                }

                // The id (the argument that fills the path's {interactionId}, by the parameter's wire name) and the
                // attribute list of the per-interaction watch.
                var namesParameter = FindNamesArgument(invocation, knowledge);
                var idArgument = invocation.Arguments.FirstOrDefault(a => a.Parameter is { } p && endpoint.FillsPathParameter(p));
                if (namesParameter is null || idArgument?.Syntax is not ArgumentSyntax { Expression: IdentifierNameSyntax or MemberAccessExpressionSyntax } idSyntax
                    || Elements(namesParameter.Syntax is ArgumentSyntax namesArgument ? namesArgument.Expression : null) is not { } itemNames)
                {
                    return null;
                }

                // The queue watch the loop reads: follow the collection down to a local started from a queue watch call.
                if (QueueWatchLocal(loopOperation.Collection) is not { } queueLocal
                    || queueLocal.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: AwaitExpressionSyntax { Expression: InvocationExpressionSyntax queueCall } }
                    || model.GetOperation(queueCall, cancellationToken) is not IInvocationOperation queueInvocation
                    || knowledge.GetEndpoint(queueInvocation.TargetMethod) is not { WatchesQueues: true }
                    || FindNamesArgument(queueInvocation, knowledge)?.Syntax is not ArgumentSyntax { Expression: { } queueNames }
                    || Elements(queueNames) is not { } queueNameElements)
                {
                    return null;
                }

                var present = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var element in queueNameElements)
                {
                    if (model.GetConstantValue(element, cancellationToken).Value is string name)
                    {
                        present.Add(name);
                    }
                }

                var missing = new List<ExpressionSyntax>();
                foreach (var element in itemNames)
                {
                    if (model.GetConstantValue(element, cancellationToken).Value is not string name)
                    {
                        return null;
                    }

                    if (present.Add(name))
                    {
                        missing.Add(element);
                    }
                }

                // The statement that starts the watch, and what becomes of the watch's uses.
                var awaitExpression = call.Parent as AwaitExpressionSyntax;
                var uses = new List<(SyntaxNode, SyntaxNode)>();
                StatementSyntax statement;
                if (awaitExpression?.Parent is ExpressionStatementSyntax expressionStatement)
                {
                    statement = expressionStatement;
                }
                else if (awaitExpression?.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
                         && declarator.Parent is VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax declaration }
                         && model.GetDeclaredSymbol(declarator, cancellationToken) is ILocalSymbol watchLocal
                         && RewriteUses(watchLocal, loop.Statement, queueLocal, idSyntax.Expression, model, uses, cancellationToken))
                {
                    statement = declaration;
                }
                else
                {
                    return null;
                }

                if (statement.Parent is not BlockSyntax)
                {
                    return null;
                }

                return new Plan(queueLocal, queueNames, missing, statement, uses);
            }

            public async Task<Document> ApplyAsync(Document document, CancellationToken cancellationToken)
            {
                var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
                if (MissingNames.Count > 0)
                {
                    editor.ReplaceNode(QueueNames, AddElements(QueueNames, MissingNames));
                }

                foreach (var (old, replacement) in Uses)
                {
                    editor.ReplaceNode(old, replacement.WithTriviaFrom(old));
                }

                editor.RemoveNode(Statement, SyntaxRemoveOptions.KeepNoTrivia);
                return editor.GetChangedDocument();
            }

            private static IArgumentOperation? FindNamesArgument(IInvocationOperation invocation, IcwsKnowledge knowledge)
            {
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter is { } parameter && parameter.Type.SpecialType != SpecialType.System_String && knowledge.TakesAttributeNames(parameter))
                    {
                        return argument;
                    }
                }

                return null;
            }

            /// <summary>Down the receiver chain of the foreach collection (<c>q.GetSnapshot()</c>, <c>q.Changes.WithCancellation(ct)</c>) to a local.</summary>
            private static ILocalSymbol? QueueWatchLocal(IOperation? operation)
            {
                for (var depth = 0; depth < 8 && operation is not null; depth++)
                {
                    switch (operation)
                    {
                        case IConversionOperation conversion:
                            operation = conversion.Operand;
                            break;
                        case IInvocationOperation invocation:
                            operation = invocation.Instance ?? (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
                            break;
                        case IPropertyReferenceOperation property:
                            operation = property.Instance;
                            break;
                        case ILocalReferenceOperation local:
                            return local.Local;
                        default:
                            return null;
                    }
                }

                return null;
            }

            /// <summary>Every use of the per-interaction watch must have a queue-watch equivalent, or there is no fix.</summary>
            private static bool RewriteUses(ILocalSymbol watch, StatementSyntax scope, ILocalSymbol queue, ExpressionSyntax id, SemanticModel model, List<(SyntaxNode, SyntaxNode)> uses, CancellationToken cancellationToken)
            {
                foreach (var name in scope.DescendantNodes().OfType<IdentifierNameSyntax>())
                {
                    if (name.Identifier.ValueText != watch.Name || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, watch))
                    {
                        continue;
                    }

                    if (name.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "TryGetCurrent" } access
                        && access.Expression == name
                        && access.Parent is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } tryGet)
                    {
                        var replacement = SyntaxFactory.InvocationExpression(
                            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(queue.Name), SyntaxFactory.IdentifierName("TryGet")),
                            SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[] { SyntaxFactory.Argument(id.WithoutTrivia()), tryGet.ArgumentList.Arguments[0] })));
                        uses.Add((tryGet, replacement));
                        continue;
                    }

                    if (name.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "InteractionId" } idAccess && idAccess.Expression == name)
                    {
                        uses.Add((idAccess, id.WithoutTrivia()));
                        continue;
                    }

                    return false;
                }

                return true;
            }

            private static IReadOnlyList<ExpressionSyntax>? Elements(ExpressionSyntax? list) => list switch
            {
                CollectionExpressionSyntax collection when collection.Elements.All(e => e is ExpressionElementSyntax)
                    => collection.Elements.Cast<ExpressionElementSyntax>().Select(e => e.Expression).ToList(),
                ArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer.Expressions.ToList(),
                ImplicitArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer.Expressions.ToList(),
                _ => null,
            };

            private static SyntaxNode AddElements(ExpressionSyntax list, IReadOnlyList<ExpressionSyntax> names)
            {
                var added = names.Select(n => n.WithoutTrivia()).ToList();
                return list switch
                {
                    CollectionExpressionSyntax collection => collection.WithElements(collection.Elements.AddRange(added.Select(n => (CollectionElementSyntax)SyntaxFactory.ExpressionElement(n)))),
                    ArrayCreationExpressionSyntax array => array.WithInitializer(array.Initializer!.WithExpressions(array.Initializer.Expressions.AddRange(added))),
                    ImplicitArrayCreationExpressionSyntax array => array.WithInitializer(array.Initializer.WithExpressions(array.Initializer.Expressions.AddRange(added))),
                    _ => list,
                };
            }
        }
    }
}
