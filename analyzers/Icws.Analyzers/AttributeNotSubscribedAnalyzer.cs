using System.Collections.Immutable;
using Icws.Analyzers.Analysis;
using Icws.Analyzers.Diagnostics;
using Icws.Analyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Icws.Analyzers
{
    /// <summary>
    /// ICWS2004: a read of one attribute (a typed accessor such as <c>a.State</c>, or an indexer or lookup with a
    /// constant name) on a value that, within the same method, plainly comes from a select or a watch whose
    /// attribute list is known at compile time and does not contain that attribute. Built to have no false
    /// positives: whenever the origin or the list is not certain, nothing is reported.
    /// </summary>
    [DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
    public sealed class AttributeNotSubscribedAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(UsageDescriptors.AttributeNotSubscribed);

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(static start =>
            {
                var knowledge = IcwsKnowledge.Get(start.Compilation, start.Options);
                if (knowledge is null)
                {
                    return;
                }

                start.RegisterOperationAction(c => AnalyzePropertyReference(c, knowledge), OperationKind.PropertyReference);
                start.RegisterOperationAction(c => AnalyzeInvocation(c, knowledge), OperationKind.Invocation);
            });
        }

        private static void AnalyzePropertyReference(OperationAnalysisContext context, IcwsKnowledge knowledge)
        {
            var reference = (IPropertyReferenceOperation)context.Operation;
            var property = reference.Property;
            if (reference.Instance is null || !IsIcwsMember(property, knowledge))
            {
                return;
            }

            if (knowledge.GetAccessorName(property) is { } accessorName)
            {
                Check(context, knowledge, accessorName, reference.Instance, reference.Syntax.GetLocation());
                return;
            }

            if (property.IsIndexer)
            {
                CheckNameArguments(context, knowledge, reference.Instance, reference.Arguments);
            }
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, IcwsKnowledge knowledge)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (invocation.Instance is null || !IsIcwsMember(invocation.TargetMethod, knowledge))
            {
                return;
            }

            CheckNameArguments(context, knowledge, invocation.Instance, invocation.Arguments);
        }

        private static bool IsIcwsMember(ISymbol member, IcwsKnowledge knowledge)
            => SymbolEqualityComparer.Default.Equals(member.ContainingAssembly, knowledge.RuntimeAssembly)
               || SymbolEqualityComparer.Default.Equals(member.ContainingAssembly, knowledge.Catalog.ContainingAssembly);

        /// <summary>Lookups with one constant name: <c>a["Eic_State"]</c>, <c>a.Contains(...)</c>, <c>map.TryGetValue(...)</c>.</summary>
        private static void CheckNameArguments(OperationAnalysisContext context, IcwsKnowledge knowledge, IOperation instance, ImmutableArray<IArgumentOperation> arguments)
        {
            foreach (var argument in arguments)
            {
                if (argument.Parameter is { Type.SpecialType: SpecialType.System_String } parameter
                    && argument.Value.ConstantValue is { HasValue: true, Value: string name }
                    && knowledge.TakesAttributeNames(parameter))
                {
                    Check(context, knowledge, name, instance, argument.Value.Syntax.GetLocation());
                    return;
                }
            }
        }

        private static void Check(OperationAnalysisContext context, IcwsKnowledge knowledge, string name, IOperation instance, Location location)
        {
            // Unknown names are ICWS2001's business; saying twice that they are also not subscribed helps nobody.
            var check = knowledge.Check(name);
            if (check.Status == NameStatus.Unknown)
            {
                return;
            }

            var subscription = Subscriptions.Trace(instance, knowledge, context.CancellationToken);
            if (subscription is null || subscription.Contains(name))
            {
                return;
            }

            var list = subscription.Names.IsEmpty ? "nothing" : string.Join(", ", subscription.Names);
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(NameProperties.Suggestion, check.Suggestion?.Name)
                .Add(NameProperties.Field, check.Suggestion?.FieldName);
            context.ReportDiagnostic(Diagnostic.Create(
                UsageDescriptors.AttributeNotSubscribed,
                location,
                additionalLocations: new[] { subscription.ListLocation },
                properties,
                name,
                subscription.Description,
                list));
        }
    }
}
