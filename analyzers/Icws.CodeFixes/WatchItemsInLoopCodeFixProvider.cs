using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Icws.Analyzers.Analysis;
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
    /// ICWS2003 on a watch that takes a list of items (<c>[IcwsEndpoint(WatchItems = "...")]</c>), called per item
    /// with a list of that one item: the loop or projection becomes one call with every item.
    /// </summary>
    /// <remarks>
    /// Two shapes are rewritten, and only when nothing else in them depends on the item:
    /// <list type="bullet">
    /// <item><c>foreach (var x in xs) await api.WatchAsync(..., [x], ...);</c> (the loop's whole body is the call) becomes
    /// <c>await api.WatchAsync(..., xs, ...);</c>;</item>
    /// <item><c>await Task.WhenAll(xs.Select(x => api.WatchAsync(..., [x], ...)));</c> becomes the same one call.</item>
    /// </list>
    /// When the item is transformed (<c>[Make(x)]</c>) the list passed is <c>xs.Select(x => Make(x))</c>; when what is
    /// passed does not convert to the parameter's type, it is spread into a collection expression (<c>[.. xs]</c>,
    /// C# 12 and later). The one call is made also when <c>xs</c> is empty, where the loop made none. Every other
    /// shape (a loop doing more than the call, a subscription id per item, a result kept) is reported without a fix.
    /// </remarks>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WatchItemsInLoopCodeFixProvider))]
    [Shared]
    public sealed class WatchItemsInLoopCodeFixProvider : CodeFixProvider
    {
        private const string EquivalenceKey = "IcwsWatchEveryItemInOneCall";

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
                if (!diagnostic.Properties.TryGetValue(ItemLists.WatchItemsProperty, out var items) || items is null
                    || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node
                    || node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } call
                    || Plan.Create(call, model, context.CancellationToken) is not { } plan)
                {
                    continue;
                }

                var document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create($"Watch every item in one call (all of them in '{items}')", ct => plan.ApplyAsync(document, ct), EquivalenceKey),
                    diagnostic);
            }
        }

        /// <summary>What the rewrite replaces, worked out before anything changes (no plan, no fix).</summary>
        private sealed class Plan
        {
            private Plan(StatementSyntax replaced, StatementSyntax replacement, bool needsLinq)
            {
                Replaced = replaced;
                Replacement = replacement;
                NeedsLinq = needsLinq;
            }

            private StatementSyntax Replaced { get; }

            private StatementSyntax Replacement { get; }

            private bool NeedsLinq { get; }

            public static Plan? Create(InvocationExpressionSyntax call, SemanticModel model, CancellationToken cancellationToken)
            {
                if (IcwsKnowledge.Get(model.Compilation) is not { } knowledge
                    || model.GetOperation(call, cancellationToken) is not IInvocationOperation invocation
                    || knowledge.GetEndpoint(invocation.TargetMethod) is not { WatchItems: not null } endpoint
                    || invocation.Arguments.FirstOrDefault(a => a.Parameter is { } p && endpoint.TakesWatchItems(p)) is not { Parameter: { } parameter } items
                    || items.Syntax is not ArgumentSyntax { Expression: { } list }
                    || SingleElement(list) is not { } element)
                {
                    return null;
                }

                // The loop: the item's symbol, the collection it walks, the statement replaced, the statement that
                // takes its place (a foreach's body; "await Task.WhenAll(...);" itself) and what the call replaces in it
                // (nothing in a foreach's body, the Task.WhenAll call).
                if ((ForeachShape(call, model, cancellationToken) ?? WhenAllShape(call, model, cancellationToken)) is not { } shape)
                {
                    return null;
                }

                var (item, collection, replaced, body, projection) = shape;
                // The item must be what the list holds, and nothing else in the call may depend on it.
                if (!Mentions(element, item, model, cancellationToken)
                    || call.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(n => !list.Span.Contains(n.Span) && IsSymbol(n, item, model, cancellationToken)))
                {
                    return null;
                }

                // What to pass: the collection itself, or a projection of it; spread when its type does not fit the parameter.
                var needsLinq = false;
                ITypeSymbol? passedType;
                string passed;
                var source = collection.WithoutTrivia().ToString();
                if (element is IdentifierNameSyntax name && name.Identifier.ValueText == item.Name)
                {
                    passed = source;
                    passedType = model.GetTypeInfo(collection, cancellationToken).Type;
                }
                else
                {
                    if (model.GetTypeInfo(element, cancellationToken) is not { ConvertedType: { } elementType } || elementType is IErrorTypeSymbol)
                    {
                        return null;
                    }

                    var receiver = collection is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax
                        ? source
                        : "(" + source + ")";
                    passed = $"{receiver}.Select({item.Name} => {element.WithoutTrivia()})";
                    passedType = model.Compilation.GetSpecialType(SpecialType.System_Collections_Generic_IEnumerable_T).Construct(elementType);
                    needsLinq = !ImportsLinq(model, call.SpanStart, cancellationToken);
                }

                if (passedType is null || !model.Compilation.ClassifyConversion(passedType, parameter.Type).IsImplicit)
                {
                    if (((CSharpParseOptions)call.SyntaxTree.Options).LanguageVersion < LanguageVersion.CSharp12)
                    {
                        return null;
                    }

                    passed = "[.. " + passed + "]";
                }

                var newList = SyntaxFactory.ParseExpression(passed).WithTriviaFrom(list);
                var newStatement = projection is null
                    ? body.ReplaceNode(list, newList)
                    : body.ReplaceNode(projection, call.ReplaceNode(list, newList).WithTriviaFrom(projection));
                return new Plan(replaced, newStatement.WithTriviaFrom(replaced), needsLinq);
            }

            public async Task<Document> ApplyAsync(Document document, CancellationToken cancellationToken)
            {
                var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
                editor.ReplaceNode(Replaced, Replacement);
                if (NeedsLinq && editor.OriginalRoot is CompilationUnitSyntax unit
                    && !unit.Usings.Any(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name?.ToString() == "System.Linq"))
                {
                    editor.ReplaceNode(unit, (current, _) => ((CompilationUnitSyntax)current).AddUsings(
                        SyntaxFactory.UsingDirective(SyntaxFactory.ParseName("System.Linq")).NormalizeWhitespace().WithTrailingTrivia(SyntaxFactory.EndOfLine("\n"))));
                }

                return editor.GetChangedDocument();
            }

            /// <summary><c>foreach (var x in xs) { await call; }</c> (or without braces, or without await): the loop is replaced.</summary>
            private static (ISymbol Item, ExpressionSyntax Collection, StatementSyntax Replaced, StatementSyntax Body, InvocationExpressionSyntax? Projection)? ForeachShape(InvocationExpressionSyntax call, SemanticModel model, CancellationToken cancellationToken)
            {
                var statement = (call.Parent is AwaitExpressionSyntax awaited ? awaited.Parent : call.Parent) as ExpressionStatementSyntax;
                var loop = statement?.Parent switch
                {
                    ForEachStatementSyntax direct => direct,
                    BlockSyntax { Statements.Count: 1, Parent: ForEachStatementSyntax inBlock } => inBlock,
                    _ => null,
                };
                if (statement is null || loop is null || loop.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword) || loop.Parent is not BlockSyntax
                    || model.GetDeclaredSymbol(loop, cancellationToken) is not { } item
                    || !model.GetForEachStatementInfo(loop).ElementConversion.IsIdentity)
                {
                    return null;
                }

                return (item, loop.Expression, loop, statement, null);
            }

            /// <summary><c>await Task.WhenAll(xs.Select(x => call));</c> as a statement of its own: the statement is replaced.</summary>
            private static (ISymbol Item, ExpressionSyntax Collection, StatementSyntax Replaced, StatementSyntax Body, InvocationExpressionSyntax? Projection)? WhenAllShape(InvocationExpressionSyntax call, SemanticModel model, CancellationToken cancellationToken)
            {
                SyntaxNode body = call.Parent is AwaitExpressionSyntax awaited ? awaited : call;
                var lambda = body.Parent as LambdaExpressionSyntax;
                if (lambda is null || lambda.Body != body || (body is AwaitExpressionSyntax && !lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword))
                    || lambda is ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: not 1 }
                    || lambda is ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters: var parameters } && parameters[0].Type is not null
                    || lambda.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Arguments.Count: 1, Parent: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Select" } select } selectCall } }
                    || selectCall.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Arguments.Count: 1, Parent: InvocationExpressionSyntax whenAll } }
                    || whenAll.Parent is not AwaitExpressionSyntax { Parent: ExpressionStatementSyntax statement }
                    || statement.Parent is not BlockSyntax
                    || model.GetSymbolInfo(selectCall, cancellationToken).Symbol is not IMethodSymbol selectMethod
                    || !IsMethodOf(selectMethod, "Enumerable", "System.Linq") || selectMethod.Parameters.Length != 1
                    || model.GetSymbolInfo(whenAll, cancellationToken).Symbol is not IMethodSymbol whenAllMethod
                    || whenAllMethod.Name != "WhenAll" || !IsMethodOf(whenAllMethod, "Task", "System.Threading.Tasks")
                    || model.GetSymbolInfo(lambda, cancellationToken).Symbol is not IMethodSymbol function
                    || function.Parameters.Length != 1)
                {
                    return null;
                }

                // await Task.WhenAll(...);  ->  await call;  (the statement stays, the call takes the place of Task.WhenAll)
                return (function.Parameters[0], select.Expression, statement, statement, whenAll);
            }

            private static bool IsMethodOf(IMethodSymbol method, string type, string ns)
                => method.ContainingType is { } containing && containing.Name == type && containing.ContainingNamespace?.ToDisplayString() == ns;

            /// <summary>The one element of a list written in place (<c>[x]</c>, <c>new[] { x }</c>, <c>new T[] { x }</c>, <c>new List&lt;T&gt; { x }</c>).</summary>
            private static ExpressionSyntax? SingleElement(ExpressionSyntax list) => list switch
            {
                CollectionExpressionSyntax { Elements: { Count: 1 } elements } => (elements[0] as ExpressionElementSyntax)?.Expression,
                ImplicitArrayCreationExpressionSyntax { Initializer.Expressions: { Count: 1 } expressions } => expressions[0],
                ArrayCreationExpressionSyntax { Initializer.Expressions: { Count: 1 } expressions } => expressions[0],
                BaseObjectCreationExpressionSyntax { Initializer: { RawKind: (int)SyntaxKind.CollectionInitializerExpression, Expressions: { Count: 1 } expressions } }
                    when expressions[0] is not InitializerExpressionSyntax => expressions[0],
                _ => null,
            };

            private static bool Mentions(SyntaxNode node, ISymbol symbol, SemanticModel model, CancellationToken cancellationToken)
                => node.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(n => IsSymbol(n, symbol, model, cancellationToken));

            private static bool IsSymbol(IdentifierNameSyntax name, ISymbol symbol, SemanticModel model, CancellationToken cancellationToken)
                => name.Identifier.ValueText == symbol.Name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, symbol);

            /// <summary>Whether <c>System.Linq</c> is imported where the fix writes <c>.Select</c> (a using of the file or a global using).</summary>
            private static bool ImportsLinq(SemanticModel model, int position, CancellationToken cancellationToken)
            {
                foreach (var scope in model.GetImportScopes(position, cancellationToken))
                {
                    foreach (var import in scope.Imports)
                    {
                        if (import.NamespaceOrType is INamespaceSymbol ns && ns.ToDisplayString() == "System.Linq")
                        {
                            return true;
                        }
                    }
                }

                return false;
            }
        }
    }
}
