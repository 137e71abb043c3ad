using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Icws.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace Icws.CodeFixes
{
    /// <summary>
    /// ICWS2004: adds the attribute read to the select or watch list the diagnostic points at (its additional
    /// location), in the list's own style: a literal when the list holds literals only, otherwise the constant of the
    /// catalog that holds the name (<c>Attr.Eic_Muted</c>, <c>RoutingAttr.Acme_RoutingPriority</c> for a project's or a
    /// library's own attribute), or a literal when that constant cannot be reached from the code. Offered when that list is written in the call as a collection expression
    /// or an array; fix-all adds every missing name of a list at once.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AttributeNotSubscribedCodeFixProvider))]
    [Shared]
    public sealed class AttributeNotSubscribedCodeFixProvider : CodeFixProvider
    {
        private const string EquivalenceKey = "IcwsAddToAttributeList";

        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.AttributeNotSubscribed);

        /// <inheritdoc />
        public override FixAllProvider GetFixAllProvider() => AddAllProvider.Instance;

        /// <inheritdoc />
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (List(root, diagnostic) is not { } list || !diagnostic.Properties.TryGetValue(NameProperties.Suggestion, out var name) || name is null)
                {
                    continue;
                }

                var document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create($"Add '{name}' to the list", ct => AddAsync(document, new[] { diagnostic }, ct), EquivalenceKey),
                    diagnostic);
            }
        }

        private static ExpressionSyntax? List(SyntaxNode root, Diagnostic diagnostic)
        {
            if (diagnostic.AdditionalLocations.Count != 1 || diagnostic.AdditionalLocations[0].SourceTree != root.SyntaxTree)
            {
                return null;
            }

            var node = root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true);
            var expression = (node as ArgumentSyntax)?.Expression ?? node as ExpressionSyntax;
            return expression is CollectionExpressionSyntax { Elements: var elements } && elements.All(e => e is ExpressionElementSyntax)
                   || expression is ArrayCreationExpressionSyntax { Initializer: not null } or ImplicitArrayCreationExpressionSyntax
                ? expression
                : null;
        }

        private static async Task<Document> AddAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return document;
            }

            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            foreach (var group in diagnostics.Select(d => (List: List(root, d), Diagnostic: d)).Where(p => p.List is not null).GroupBy(p => p.List!))
            {
                var list = group.Key;
                var present = new HashSet<string>(Elements(list).Select(e => model.GetConstantValue(e, cancellationToken).Value as string).OfType<string>(), System.StringComparer.OrdinalIgnoreCase);
                var literalsOnly = Elements(list).All(e => e is LiteralExpressionSyntax);
                var added = new List<ExpressionSyntax>();
                foreach (var (_, diagnostic) in group)
                {
                    var name = diagnostic.Properties[NameProperties.Suggestion]!;
                    if (!present.Add(name))
                    {
                        continue;
                    }

                    added.Add((literalsOnly ? null : CatalogConstants.For(model, list.SpanStart, name))
                              ?? SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(name)));
                }

                if (added.Count > 0)
                {
                    editor.ReplaceNode(list, Append(list, added));
                }
            }

            return editor.GetChangedDocument();
        }

        private static IEnumerable<ExpressionSyntax> Elements(ExpressionSyntax list) => list switch
        {
            CollectionExpressionSyntax collection => collection.Elements.OfType<ExpressionElementSyntax>().Select(e => e.Expression),
            ArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer.Expressions,
            ImplicitArrayCreationExpressionSyntax array => array.Initializer.Expressions,
            _ => Enumerable.Empty<ExpressionSyntax>(),
        };

        private static SyntaxNode Append(ExpressionSyntax list, List<ExpressionSyntax> added) => list switch
        {
            CollectionExpressionSyntax collection => collection.WithElements(collection.Elements.AddRange(added.Select(n => (CollectionElementSyntax)SyntaxFactory.ExpressionElement(n)))),
            ArrayCreationExpressionSyntax array => array.WithInitializer(array.Initializer!.WithExpressions(array.Initializer.Expressions.AddRange(added))),
            ImplicitArrayCreationExpressionSyntax array => array.WithInitializer(array.Initializer.WithExpressions(array.Initializer.Expressions.AddRange(added))),
            _ => list,
        };

        private sealed class AddAllProvider : DocumentBasedFixAllProvider
        {
            public static readonly AddAllProvider Instance = new();

            protected override string GetFixAllTitle(FixAllContext fixAllContext) => "Add every attribute read to the list that fetches or watches it";

            protected override async Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics)
                => await AddAsync(document, diagnostics, fixAllContext.CancellationToken).ConfigureAwait(false);
        }
    }
}
