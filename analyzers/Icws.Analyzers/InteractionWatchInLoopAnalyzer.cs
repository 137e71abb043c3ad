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
    /// ICWS2003: a watch started once per item where one watch would take every item. Either an interaction watch
    /// (an endpoint whose <c>[IcwsEndpoint]</c> says <c>Watch = Interaction</c>: the package's, a project's own or a
    /// library's) started once per item of a loop, through the generated client or as a raw PUT of its path
    /// (<c>.../messaging/subscriptions/interactions/{interactionId}</c>) with HttpClient, where one queue watch would
    /// do; or a watch that takes a list of items (<c>[IcwsEndpoint(WatchItems = "queueIds")]</c>) called per item
    /// with a list of that one item.
    /// </summary>
    [DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
    public sealed class InteractionWatchInLoopAnalyzer : DiagnosticAnalyzer
    {
        private static readonly string[] Verbs = { "Put", "Post", "Get", "Delete", "Patch" };

        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(UsageDescriptors.InteractionWatchInLoop);

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
                start.RegisterOperationAction(c => { if (knowledge.Value is { } k) AnalyzeInvocation(c, k); }, OperationKind.Invocation);
                start.RegisterOperationAction(c => { if (knowledge.Value is { } k) AnalyzeRequestMessage(c, k); }, OperationKind.ObjectCreation);
            });
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, IcwsKnowledge knowledge)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            var type = method.ContainingType;
            if (type is null)
            {
                return;
            }

            if (knowledge.IsIcwsMember(method))
            {
                if (knowledge.GetEndpoint(method) is not { } endpoint)
                {
                    return;
                }

                if (!endpoint.WatchesInteraction)
                {
                    if (endpoint.WatchItems is not null)
                    {
                        AnalyzeItemListWatch(context, knowledge, invocation, endpoint);
                    }

                    return;
                }

                // The arguments that fill the path's placeholders, by the wire names the parameters carry.
                var ids = new List<IOperation>();
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter is { } parameter && endpoint.FillsPathParameter(parameter))
                    {
                        ids.Add(argument.Value);
                    }
                }

                if (ids.Count > 0 && PerItemLoops.Find(invocation, ids, knowledge.Loops) is not null)
                {
                    context.ReportDiagnostic(Diagnostic.Create(UsageDescriptors.InteractionWatchInLoop, invocation.Syntax.GetLocation(), PerInteraction($"'{method.Name}' ({endpoint.Describe()})")));
                }

                return;
            }

            // The name first: it spares every other call the lookup of the HTTP types.
            if (type.Name is "HttpClient" or "HttpClientJsonExtensions"
                && (SymbolEqualityComparer.Default.Equals(type, knowledge.Http.HttpClient) || SymbolEqualityComparer.Default.Equals(type, knowledge.Http.JsonExtensions)))
            {
                var verb = VerbOf(method.Name);
                if (verb is null)
                {
                    return;
                }

                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter?.Name == "requestUri")
                    {
                        AnalyzeRawWatch(context, knowledge, invocation, verb, argument.Value);
                        return;
                    }
                }
            }
        }

        /// <summary>The message arguments for a per-interaction watch: <paramref name="what"/> names the call.</summary>
        private static object[] PerInteraction(string what) => new object[]
        {
            what + " starts a watch of one interaction",
            "each is its own subscription (one PUT, one DELETE, one re-subscription after every re-login, one snapshot message)",
            "One queue watch over the queue that holds these interactions delivers the same attributes for all of them in a single subscription.",
        };

        /// <summary>
        /// A watch that takes a list of items (<c>[IcwsEndpoint(WatchItems = "...")]</c>) called once per item with a
        /// list built in place from that item (<c>[userId]</c>, <c>new[] { q }</c>, <c>new List&lt;T&gt; { x }</c>). A
        /// list that does not change per item (a retry, the same list again) is not reported.
        /// </summary>
        private static void AnalyzeItemListWatch(OperationAnalysisContext context, IcwsKnowledge knowledge, IInvocationOperation invocation, EndpointInfo endpoint)
        {
            IArgumentOperation? items = null;
            var keys = new List<IOperation>();
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is not { } parameter)
                {
                    continue;
                }

                if (endpoint.TakesWatchItems(parameter))
                {
                    items = argument;
                }
                else if (endpoint.FillsPathParameter(parameter))
                {
                    keys.Add(argument.Value);
                }
            }

            if (items is null || items.ArgumentKind == ArgumentKind.DefaultValue
                || ItemLists.Elements(items.Value) is not { Count: > 0 } elements
                || PerItemLoops.Find(invocation, elements, knowledge.Loops) is not { } loop)
            {
                return;
            }

            // What a call per item does depends on how the server keys the subscription: by an id in the path (one
            // subscription per id), or not at all (one per session, which each PUT replaces).
            string consequence;
            if (!endpoint.IsKeyed)
            {
                consequence = "ICWS keeps one such watch per session, so each call replaces the list of the call before and only the last item stays watched";
            }
            else if (keys.Count > 0 && PerItemLoops.Find(invocation, keys, knowledge.Loops) == loop)
            {
                consequence = "each call is a subscription of its own (one PUT, one DELETE, one re-subscription after every re-login), one per item where one would do";
            }
            else
            {
                consequence = "each call names the same subscription, so it replaces the list of the call before (or is refused while that watch runs) and only the last item stays watched";
            }

            context.ReportDiagnostic(Diagnostic.Create(
                UsageDescriptors.InteractionWatchInLoop,
                invocation.Syntax.GetLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(ItemLists.WatchItemsProperty, endpoint.WatchItems),
                $"'{invocation.TargetMethod.Name}' ({endpoint.Describe()}) takes a list of items, but gets a list built from one item",
                consequence,
                $"Call it once with every item in '{endpoint.WatchItems}'."));
        }

        /// <summary><c>new HttpRequestMessage(HttpMethod.Put, url)</c>.</summary>
        private static void AnalyzeRequestMessage(OperationAnalysisContext context, IcwsKnowledge knowledge)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (creation.Arguments.Length != 2
                || creation.Type is not { Name: "HttpRequestMessage" } type
                || knowledge.Http.HttpRequestMessage is not { } requestMessage
                || !SymbolEqualityComparer.Default.Equals(type, requestMessage))
            {
                return;
            }

            var verb = creation.Arguments[0].Value switch
            {
                IPropertyReferenceOperation { Property: { IsStatic: true } property } when SymbolEqualityComparer.Default.Equals(property.ContainingType, knowledge.Http.HttpMethod) => property.Name.ToUpperInvariant(),
                IObjectCreationOperation { Arguments.Length: 1 } method when method.Arguments[0].Value.ConstantValue.Value is string name => name.ToUpperInvariant(),
                _ => null,
            };
            if (verb is not null)
            {
                AnalyzeRawWatch(context, knowledge, creation, verb, creation.Arguments[1].Value);
            }
        }

        private static void AnalyzeRawWatch(OperationAnalysisContext context, IcwsKnowledge knowledge, IOperation call, string verb, IOperation urlArgument)
        {
            if (ResolveUrl(urlArgument, knowledge, context) is not { } urlExpression || UrlText.From(urlExpression) is not { } url)
            {
                return;
            }

            foreach (var endpoint in knowledge.AllEndpoints)
            {
                if (!endpoint.WatchesInteraction || endpoint.HttpMethod != verb || !url.MatchesPath(endpoint, allowRelative: true))
                {
                    continue;
                }

                if (PerItemLoops.Find(call, new[] { urlArgument, urlExpression }, knowledge.Loops) is not null)
                {
                    context.ReportDiagnostic(Diagnostic.Create(UsageDescriptors.InteractionWatchInLoop, call.Syntax.GetLocation(), PerInteraction($"This {endpoint.Describe()}")));
                }

                return;
            }
        }

        /// <summary>The string expression of a URL argument: through conversions, <c>new Uri(string)</c>, and one local's initializer.</summary>
        private static IOperation? ResolveUrl(IOperation value, IcwsKnowledge knowledge, OperationAnalysisContext context)
        {
            for (var i = 0; i < 4; i++)
            {
                switch (value)
                {
                    case IConversionOperation conversion:
                        value = conversion.Operand;
                        continue;
                    case IObjectCreationOperation { Arguments.Length: > 0 } uri when SymbolEqualityComparer.Default.Equals(uri.Type, knowledge.Http.Uri):
                        // new Uri(string) or new Uri(Uri baseUri, string relative): the last string is the path.
                        value = uri.Arguments[uri.Arguments.Length - 1].Value;
                        continue;
                    case ILocalReferenceOperation local when local.Local.DeclaringSyntaxReferences.Length == 1
                        && local.Local.DeclaringSyntaxReferences[0].GetSyntax(context.CancellationToken) is VariableDeclaratorSyntax { Initializer: { } initializer }
                        && local.SemanticModel?.GetOperation(initializer.Value, context.CancellationToken) is { } initial:
                        value = initial;
                        continue;
                }

                break;
            }

            return value.Type?.SpecialType == SpecialType.System_String ? value : null;
        }

        /// <summary>The HTTP method of an HttpClient call (PutAsync, PutAsJsonAsync, DeleteAsync, ...), or null for SendAsync and others.</summary>
        private static string? VerbOf(string methodName)
        {
            foreach (var verb in Verbs)
            {
                if (methodName.StartsWith(verb, StringComparison.Ordinal))
                {
                    return verb.ToUpperInvariant();
                }
            }

            return null;
        }
    }
}
