using Microsoft.CodeAnalysis;

namespace Icws.Analyzers.Diagnostics
{
    /// <summary>
    /// The usage rules (ICWS2001-ICWS2099). Ids come from <see cref="DiagnosticIds"/>; every rule links to
    /// docs/rules/{id}.md. Severities are defaults: <c>dotnet_diagnostic.ICWS2001.severity</c> in .editorconfig
    /// changes them.
    /// </summary>
    internal static class UsageDescriptors
    {
        private const string Category = "Icws.Usage";

        public static readonly DiagnosticDescriptor UnknownAttributeName = Create(
            DiagnosticIds.UnknownAttributeName,
            "Unknown interaction attribute name",
            "'{0}' is not a known interaction attribute name; the nearest known one is '{1}' (declare custom attributes in a *.icws.json spec file)",
            DiagnosticSeverity.Warning,
            "The name is not in the default ICWS spec, nor in this project's *.icws.json files, nor in those of the libraries it references that were built with Icws.Generated. The server answers an unknown attribute with an empty value, so the mistake only shows as missing data at run time.");

        public static readonly DiagnosticDescriptor AttributeNameCase = Create(
            DiagnosticIds.AttributeNameCase,
            "Interaction attribute name differs from the known one in case only",
            "'{0}' is spelled '{1}' in the spec; the server ignores case, but the canonical spelling keeps code searchable and consistent",
            DiagnosticSeverity.Info,
            "ICWS attribute names are case-insensitive, so this works; using the spec's spelling (or the catalog constant, e.g. Attr.Eic_State) keeps every use of the attribute findable.");

        // {0} the call and what it watches, {1} what a call per item costs, {2} what to do instead.
        public static readonly DiagnosticDescriptor InteractionWatchInLoop = Create(
            DiagnosticIds.InteractionWatchInLoop,
            "Watch started per item where one watch would take every item",
            "{0}, here once per item; {1}. {2}",
            DiagnosticSeverity.Warning,
            "A watch started once per item of a loop, a LINQ projection or Task.WhenAll, where the spec declares one watch that takes them all. Per-interaction watches scale with the number of interactions (N requests to start, N to stop, N to restore after a session is renewed, N message streams), where a queue watch (Queues.WatchAsync) keeps one subscription. A watch that takes a list of items (queue ids, licence names, user ids) called with a list of one item per iteration either makes one subscription per item, or, where ICWS keeps one such subscription per session, replaces the list on every call so that only the last item stays watched.");

        public static readonly DiagnosticDescriptor AttributeNotSubscribed = Create(
            DiagnosticIds.AttributeNotSubscribed,
            "Attribute read that the select or watch never asked for",
            "'{0}' is read here, but the {1} that produced this value only asked for {2}; the value is always empty. Add '{0}' to that list.",
            DiagnosticSeverity.Warning,
            "ICWS returns only the attributes named in the select list or the watch's attributeNames; a read of any other attribute is always null, however the interaction looks on the server.");

        private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity, string description)
            => new(id, title, message, Category, severity, isEnabledByDefault: true, description: description,
                helpLinkUri: DiagnosticIds.HelpLinkBase + id + ".md");
    }
}
