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
using Microsoft.CodeAnalysis.Text;

namespace Icws.CodeFixes
{
    /// <summary>
    /// ICWS2001 and ICWS2002: replaces a name with the known one, keeping the way it was written: a literal stays a
    /// literal, a name inside a comma list or a URL is replaced in place, and a constant expression (a const of
    /// the user's, an interpolation) becomes the constant of the catalog that holds the name (<c>Attr.Eic_State</c>,
    /// <c>RoutingAttr.Acme_RoutingPriority</c>), or a literal when that constant cannot be reached from the code.
    /// Fix-all applies every replacement of a document as one set of text changes.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AttributeNameCodeFixProvider))]
    [Shared]
    public sealed class AttributeNameCodeFixProvider : CodeFixProvider
    {
        private const string UnknownKey = "IcwsUseKnownAttributeName";
        private const string CaseKey = "IcwsUseCanonicalAttributeNameCase";

        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(DiagnosticIds.UnknownAttributeName, DiagnosticIds.AttributeNameCase);

        /// <inheritdoc />
        public override FixAllProvider GetFixAllProvider() => NameFixAllProvider.Instance;

        /// <inheritdoc />
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (model is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (Replacement(model, diagnostic) is not { } change)
                {
                    continue;
                }

                var isCase = diagnostic.Id == DiagnosticIds.AttributeNameCase;
                var title = isCase
                    ? $"Use the spec's spelling '{diagnostic.Properties[NameProperties.Suggestion]}'"
                    : $"Use '{diagnostic.Properties[NameProperties.Suggestion]}'";
                var document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create(title, ct => ApplyAsync(document, new[] { change }, ct), KeyOf(diagnostic)),
                    diagnostic);
            }
        }

        private static string KeyOf(Diagnostic diagnostic) => diagnostic.Id == DiagnosticIds.AttributeNameCase ? CaseKey : UnknownKey;

        /// <summary>The text change that fixes one diagnostic, or null when there is no safe one.</summary>
        internal static TextChange? Replacement(SemanticModel model, Diagnostic diagnostic)
        {
            var properties = diagnostic.Properties;
            if (!properties.TryGetValue(NameProperties.Suggestion, out var name) || name is null
                || !properties.TryGetValue(NameProperties.Fix, out var fix))
            {
                return null;
            }

            var span = diagnostic.Location.SourceSpan;
            switch (fix)
            {
                case FixKinds.Text:
                    return new TextChange(span, name);
                case FixKinds.Literal:
                    return new TextChange(span, SyntaxFactory.Literal(name).Text);
                case FixKinds.Constant:
                    return new TextChange(span, CatalogConstants.For(model, span.Start, name)?.ToString() ?? SyntaxFactory.Literal(name).Text);
                default:
                    return null;
            }
        }

        internal static async Task<Document> ApplyAsync(Document document, IEnumerable<TextChange> changes, CancellationToken cancellationToken)
        {
            var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
            var ordered = changes.GroupBy(c => c.Span).Select(g => g.First()).OrderBy(c => c.Span.Start).ToList();
            return document.WithText(text.WithChanges(ordered));
        }

        /// <summary>Fixes every name diagnostic of a document in one pass (text changes do not overlap: each covers its own name).</summary>
        private sealed class NameFixAllProvider : DocumentBasedFixAllProvider
        {
            public static readonly NameFixAllProvider Instance = new();

            protected override string GetFixAllTitle(FixAllContext fixAllContext)
                => fixAllContext.CodeActionEquivalenceKey == CaseKey ? "Use the spec's spelling of every attribute name" : "Use the nearest known name for every unknown attribute name";

            protected override async Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics)
            {
                var model = await document.GetSemanticModelAsync(fixAllContext.CancellationToken).ConfigureAwait(false);
                if (model is null)
                {
                    return document;
                }

                var changes = new List<TextChange>();
                foreach (var diagnostic in diagnostics)
                {
                    // One fix-all per equivalence key: "use the nearest known name" and "use the spec's spelling" are separate.
                    if (KeyOf(diagnostic) == fixAllContext.CodeActionEquivalenceKey && Replacement(model, diagnostic) is { } change)
                    {
                        changes.Add(change);
                    }
                }

                return await ApplyAsync(document, changes, fixAllContext.CancellationToken).ConfigureAwait(false);
            }
        }
    }
}
