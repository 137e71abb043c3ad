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
    /// ICWS2004: a read of one attribute (a typed accessor such as <c>a.State</c> or, for a project's or a library's
    /// own attribute, <c>a.RoutingPriority()</c>; an indexer or lookup with a constant name) on a value that, within the same method, plainly comes from a select or a watch whose
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
            // Generated code is not analyzed (no Analyze flag), so every diagnostic lies in code that was; with
            // ReportDiagnostics the driver does not check each one again against the generated-code symbols of its
            // file, a scan of all the file's tokens that cost more than the analysis of the file itself.
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(static start =>
            {
                // Resolved on first use, when the compiler has bound the references and declarations anyway.
                var knowledge = IcwsKnowledge.Defer(start.Compilation);
                start.RegisterOperationAction(c => { if (knowledge.Value is { } k) AnalyzePropertyReference(c, k); }, OperationKind.PropertyReference);
                start.RegisterOperationAction(c => { if (knowledge.Value is { } k) AnalyzeInvocation(c, k); }, OperationKind.Invocation);
            });
        }

        private static void AnalyzePropertyReference(OperationAnalysisContext context, IcwsKnowledge knowledge)
        {
            var reference = (IPropertyReferenceOperation)context.Operation;
            if (reference.Instance is null)
            {
                return;
            }

            // One lookup per property says what a read of it is (most are none of these).
            var read = knowledge.GetRead(reference.Property);
            if (read.AccessorName is { } accessorName)
            {
                Check(context, knowledge, accessorName, reference.Instance, reference.Syntax);
                return;
            }

            if (read.TakesName)
            {
                CheckNameArguments(context, knowledge, reference.Instance, reference.Arguments);
            }
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, IcwsKnowledge knowledge)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;

            // A static call can only be an extension accessor (a.RoutingPriority()), whose receiver is its first argument.
            if (invocation.Instance is null ? !method.IsExtensionMethod || invocation.Arguments.IsEmpty : invocation.Arguments.IsEmpty)
            {
                return;
            }

            // One lookup per method says what a call of it is (most are none of these).
            var read = knowledge.GetRead(method);
            if (read.AccessorName is { } accessorName)
            {
                var receiver = invocation.Instance ?? invocation.Arguments[0].Value;
                Check(context, knowledge, accessorName, receiver, invocation.Syntax);
                return;
            }

            if (read.TakesName && invocation.Instance is { } instance)
            {
                CheckNameArguments(context, knowledge, instance, invocation.Arguments);
            }
        }

        /// <summary>Lookups with one constant name: <c>a["Eic_State"]</c>, <c>a.Contains(...)</c>, <c>map.TryGetValue(...)</c>.</summary>
        private static void CheckNameArguments(OperationAnalysisContext context, IcwsKnowledge knowledge, IOperation instance, ImmutableArray<IArgumentOperation> arguments)
        {
            foreach (var argument in arguments)
            {
                if (argument.Parameter is { Type.SpecialType: SpecialType.System_String } parameter
                    && argument.Value.ConstantValue is { HasValue: true, Value: string name }
                    && knowledge.TakesAttributeNames(parameter))
                {
                    Check(context, knowledge, name, instance, argument.Value.Syntax);
                    return;
                }
            }
        }

        private static void Check(OperationAnalysisContext context, IcwsKnowledge knowledge, string name, IOperation instance, SyntaxNode site)
        {
            // Unknown names are ICWS2001's business; saying twice that they are also not subscribed helps nobody.
            var check = knowledge.Check(name);
            if (check.Status == NameStatus.Unknown)
            {
                return;
            }

            // Cheap questions first: most reads are of subscribed attributes. Only a read that would be reported
            // pays for the check that no local of its flow is assigned again. What is learnt about each local is
            // kept for the rest of its block (the operation tree the read belongs to).
            var scope = TraceScope.For(instance);
            var traced = Subscriptions.Trace(instance, knowledge, scope, context.CancellationToken);
            if (traced.Subscription is not { } subscription || subscription.Contains(name) || !Subscriptions.IsCertain(traced, scope, context.CancellationToken))
            {
                return;
            }

            var list = subscription.Names.IsEmpty ? "nothing" : string.Join(", ", subscription.Names);
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(NameProperties.Suggestion, check.Suggestion?.Name);
            context.ReportDiagnostic(Diagnostic.Create(
                UsageDescriptors.AttributeNotSubscribed,
                site.GetLocation(),
                additionalLocations: new[] { subscription.ListLocation },
                properties,
                name,
                subscription.Description,
                list));
        }
    }
}
