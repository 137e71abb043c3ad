using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Icws.Analyzers.Analysis;
using Icws.Analyzers.Diagnostics;
using Icws.Analyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Icws.Analyzers
{
    /// <summary>
    /// ICWS2001 (unknown attribute name) and ICWS2002 (known name in another case). Checks every constant name
    /// that reaches a parameter or property marked <c>[IcwsAttributeNames]</c> (select lists, watch lists,
    /// attribute map indexers and lookups, and the write path: the names of (name, value) tuples and of the attribute
    /// builder's <c>Set</c>), collections that list catalog constants together with strings
    /// (e.g. a <c>static readonly string[]</c> of watched attributes), and the attribute-name query (<c>select=</c>)
    /// of raw ICWS URL strings matched against the generated endpoints' path templates and query wire names.
    /// </summary>
    [DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
    public sealed class AttributeNameAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(UsageDescriptors.UnknownAttributeName, UsageDescriptors.AttributeNameCase);

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            // Generated code is not analyzed (no Analyze flag), so every diagnostic lies in code that was; with
            // ReportDiagnostics the driver does not check each one again against the generated-code symbols of its
            // file, a scan of all the file's tokens that cost more than the analysis of the file itself.
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(static start =>
            {
                // Resolved on first use, when the compiler has bound the references and declarations anyway.
                var knowledge = IcwsKnowledge.Defer(start.Compilation);
                start.RegisterOperationAction(c => { if (knowledge.Value is { } k) AnalyzeArgument(c, k); }, OperationKind.Argument);
                start.RegisterOperationAction(c => { if (knowledge.Value is { } k) AnalyzeAssignment(c, k); }, OperationKind.SimpleAssignment);
                start.RegisterOperationAction(c => { if (knowledge.Value is { } k) AnalyzeDeclarator(c, k); }, OperationKind.VariableDeclarator);
                start.RegisterOperationAction(c => { if (knowledge.Value is { } k) AnalyzeCollection(c, k); }, OperationKind.ArrayCreation, OperationKind.CollectionExpression, OperationKind.ObjectCreation);
                start.RegisterOperationAction(c => { if (knowledge.Value is { } k) AnalyzeUrlLiteral(c, k); }, OperationKind.Literal);
            });
        }

        /// <summary>
        /// A string or a collection of strings (names to read), or a collection of tuples whose first element is a
        /// string ((name, value) pairs to write): the only shapes an attribute-name parameter has.
        /// </summary>
        internal static bool IsNameType(ITypeSymbol type)
        {
            if (type.SpecialType == SpecialType.System_String)
            {
                return true;
            }

            if (type is IArrayTypeSymbol array)
            {
                return IsNameElement(array.ElementType);
            }

            // Arity first: it is a field, where TypeArguments builds an array.
            return type is INamedTypeSymbol { Arity: 1 } named
                   && IsNameElement(named.TypeArguments[0]);
        }

        /// <summary>An element of a list of names: a name, or a tuple whose first element is the name.</summary>
        private static bool IsNameElement(ITypeSymbol type)
            => type.SpecialType == SpecialType.System_String
               || (type is INamedTypeSymbol { IsTupleType: true } tuple && tuple.TupleElements.Length > 0 && tuple.TupleElements[0].Type.SpecialType == SpecialType.System_String);

        /// <summary>Whether the value goes straight (through conversions) into an attribute-name parameter or property.</summary>
        internal static bool IsNameSink(IOperation value, IcwsKnowledge knowledge)
        {
            var current = value;
            while (current.Parent is IConversionOperation conversion)
            {
                current = conversion;
            }

            return current.Parent switch
            {
                IArgumentOperation { Parameter: { } parameter } => knowledge.IsNameParameter(parameter),
                ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } assignment when assignment.Value == current
                    => IsNameType(target.Property.Type) && knowledge.TakesAttributeNames(target.Property),
                _ => false,
            };
        }

        private static void AnalyzeArgument(OperationAnalysisContext context, IcwsKnowledge knowledge)
        {
            var argument = (IArgumentOperation)context.Operation;
            if (argument.Parameter is not { } parameter || !knowledge.IsNameParameter(parameter))
            {
                return;
            }

            AnalyzeValue(context, knowledge, argument.Value);
        }

        private static void AnalyzeAssignment(OperationAnalysisContext context, IcwsKnowledge knowledge)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (assignment.Target is not IPropertyReferenceOperation target || !IsNameType(target.Property.Type) || !knowledge.TakesAttributeNames(target.Property))
            {
                return;
            }

            AnalyzeValue(context, knowledge, assignment.Value);
        }

        private static void AnalyzeValue(OperationAnalysisContext context, IcwsKnowledge knowledge, IOperation value)
        {
            var inner = value;
            while (inner is IConversionOperation conversion)
            {
                inner = conversion.Operand;
            }

            if (inner is ILocalReferenceOperation { ConstantValue.HasValue: false })
            {
                // Checked at the local's declaration (AnalyzeDeclarator).
                return;
            }

            var sites = new List<NameSite>();
            NameSites.Collect(value, knowledge, sites);
            Report(context, knowledge, sites);
        }

        /// <summary>
        /// A local list passed as attribute names (<c>var names = new[] { ... }; GetAttributesAsync(id, names)</c>):
        /// checked here, at its declaration, when some use of it in the method is an attribute-name argument. (Reporting
        /// from the use would put the diagnostic outside the operation being analyzed, which span-based analysis in
        /// the IDE drops, and would repeat it for every use.) Lists that name a catalog constant are checked by
        /// <see cref="AnalyzeCollection"/> already.
        /// </summary>
        private static void AnalyzeDeclarator(OperationAnalysisContext context, IcwsKnowledge knowledge)
        {
            var declarator = (IVariableDeclaratorOperation)context.Operation;
            if (declarator.Initializer is not { } initializer || !IsNameType(declarator.Symbol.Type) || declarator.Symbol.Type.SpecialType == SpecialType.System_String)
            {
                return;
            }

            var value = Unwrap(initializer.Value);
            if (value is not (IArrayCreationOperation or ICollectionExpressionOperation or IObjectCreationOperation) || NameSites.ListsCatalogConstant(value, knowledge))
            {
                return;
            }

            IOperation top = declarator;
            while (top.Parent is { } parent)
            {
                top = parent;
            }

            foreach (var other in top.Descendants())
            {
                if (other is ILocalReferenceOperation reference
                    && SymbolEqualityComparer.Default.Equals(reference.Local, declarator.Symbol)
                    && IsNameSink(other, knowledge))
                {
                    var sites = new List<NameSite>();
                    NameSites.Collect(value, knowledge, sites);
                    Report(context, knowledge, sites);
                    return;
                }
            }
        }

        /// <summary>
        /// A collection (array, collection expression, collection initializer) that lists a catalog constant
        /// next to strings is a list of attribute names wherever it is (a field, a local): check its strings.
        /// </summary>
        private static void AnalyzeCollection(OperationAnalysisContext context, IcwsKnowledge knowledge)
        {
            var collection = context.Operation;
            if (collection.Type is not { } type || !IsNameType(type) || type.SpecialType == SpecialType.System_String)
            {
                return;
            }

            if (collection is IObjectCreationOperation { Initializer: not IObjectOrCollectionInitializerOperation }
                || collection.Parent is IArrayInitializerOperation or ICollectionExpressionOperation or ISpreadOperation
                || IsNameSink(collection, knowledge)
                || !NameSites.ListsCatalogConstant(collection, knowledge)
                || !NameSites.ConstantsLookLikeNames(collection))
            {
                return;
            }

            var sites = new List<NameSite>();
            NameSites.Collect(collection, knowledge, sites);
            Report(context, knowledge, sites);
        }

        /// <summary>
        /// A string with <c>select=</c> (or the wire name of another attribute-name query parameter) that is a URL of a
        /// GET endpoint taking attribute names (<c>/icws/{sessionId}/interactions/{interactionId}?select=...</c>): check
        /// each name of that query. The session-relative form (<c>interactions/{id}?select=...</c>) counts only when the
        /// string goes straight to HttpClient, HttpRequestMessage or Uri.
        /// </summary>
        private static void AnalyzeUrlLiteral(OperationAnalysisContext context, IcwsKnowledge knowledge)
        {
            var literal = (ILiteralOperation)context.Operation;
            // '=' first: an ordinal search for one character is far cheaper than a case-insensitive one for a word,
            // and only a string with '=' makes the endpoints' query names worth gathering.
            if (literal.ConstantValue.Value is not string text || text.IndexOf('=') < 0 || !HasNameQuery(text, knowledge))
            {
                return;
            }

            var root = UrlText.Root(literal);
            if (!ReferenceEquals(root, literal))
            {
                // Several literals of one expression may hold a query of names: the first one analyses the whole expression.
                foreach (var other in root.Descendants())
                {
                    if (other is ILiteralOperation { ConstantValue.Value: string otherText }
                        && other.Syntax.SpanStart < literal.Syntax.SpanStart
                        && otherText.IndexOf('=') >= 0
                        && HasNameQuery(otherText, knowledge))
                    {
                        return;
                    }
                }
            }

            if (UrlText.From(root) is not { } url)
            {
                return;
            }

            var allowRelative = GoesToHttp(root, knowledge);
            foreach (var endpoint in knowledge.AllEndpoints)
            {
                if (endpoint.HttpMethod != "GET" || endpoint.AttributeNameParameters.IsEmpty || !url.MatchesPath(endpoint, allowRelative))
                {
                    continue;
                }

                var sites = new List<NameSite>();
                foreach (var parameter in endpoint.AttributeNameParameters)
                {
                    foreach (var (start, name) in url.QueryValues(parameter))
                    {
                        var span = url.SourceSpan(start, name.Length);
                        sites.Add(span is { } exact
                            ? new NameSite(name, Location.Create(root.Syntax.SyntaxTree, exact), FixKinds.Text)
                            : new NameSite(name, root.Syntax.GetLocation(), FixKinds.None));
                    }
                }

                Report(context, knowledge, sites);
                return;
            }
        }

        /// <summary>Whether the text holds <c>name=</c> for the wire name of some endpoint's attribute-name query parameter.</summary>
        private static bool HasNameQuery(string text, IcwsKnowledge knowledge)
        {
            foreach (var marker in knowledge.NameQueryMarkers)
            {
                if (text.IndexOf(marker, StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        internal static bool GoesToHttp(IOperation root, IcwsKnowledge knowledge)
        {
            var current = root;
            while (current.Parent is IConversionOperation conversion)
            {
                current = conversion;
            }

            return current.Parent is IArgumentOperation { Parameter.ContainingSymbol: IMethodSymbol method }
                   && knowledge.Http.IsHttpEntryPoint(method.ContainingType);
        }

        private static IOperation Unwrap(IOperation operation)
        {
            while (operation is IConversionOperation conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }

        private static void Report(OperationAnalysisContext context, IcwsKnowledge knowledge, List<NameSite> sites)
        {
            foreach (var site in sites)
            {
                var check = knowledge.Check(site.Name);
                if (check.Status == NameStatus.Known)
                {
                    continue;
                }

                var suggestion = check.Suggestion;
                var properties = ImmutableDictionary<string, string?>.Empty
                    .Add(NameProperties.Fix, suggestion is null ? FixKinds.None : site.Fix)
                    .Add(NameProperties.Suggestion, suggestion?.Name);
                var descriptor = check.Status == NameStatus.CaseMismatch ? UsageDescriptors.AttributeNameCase : UsageDescriptors.UnknownAttributeName;
                context.ReportDiagnostic(Diagnostic.Create(descriptor, site.Location, properties, site.Name, suggestion?.Name ?? "(none)"));
            }
        }
    }
}
