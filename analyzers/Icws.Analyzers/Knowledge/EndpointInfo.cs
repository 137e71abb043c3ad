using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Icws.Analyzers.Knowledge
{
    /// <summary>
    /// What <c>[IcwsEndpoint]</c> on a generated method says, with the wire names its parameters carry
    /// (<c>[IcwsPathParameter]</c>, <c>[IcwsQueryParameter]</c>): a C# parameter name is never taken for a wire name.
    /// </summary>
    internal sealed class EndpointInfo
    {
        public static readonly EndpointInfo None = new(string.Empty, string.Empty, null, null, null, ImmutableArray<string?>.Empty, ImmutableArray<string>.Empty, null);

        public EndpointInfo(string httpMethod, string path, string? watch, string? unwatch, IMethodSymbol? method, ImmutableArray<string?> pathParameters, ImmutableArray<string> attributeNameParameters, string? watchItems)
        {
            WatchItems = watchItems;
            HttpMethod = httpMethod;
            Path = path;
            Watch = watch;
            Unwatch = unwatch;
            Method = method;
            PathParameters = pathParameters;
            AttributeNameParameters = attributeNameParameters;
            Segments = path.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
        }

        public bool IsNone => Method is null;

        /// <summary>GET, PUT, ... in upper case.</summary>
        public string HttpMethod { get; }

        /// <summary>Path template, e.g. <c>/icws/{sessionId}/interactions/{interactionId}</c>.</summary>
        public string Path { get; }

        /// <summary>The template's segments: <c>icws</c>, <c>{sessionId}</c>, <c>interactions</c>, <c>{interactionId}</c>.</summary>
        public string[] Segments { get; }

        /// <summary>
        /// The member of <c>Icws.Metadata.IcwsWatchKind</c> (as the runtime names it) of the watch this endpoint
        /// starts; null when it starts none.
        /// </summary>
        public string? Watch { get; }

        /// <summary>The member of <c>IcwsWatchKind</c> of the watch this endpoint stops; null when it stops none.</summary>
        public string? Unwatch { get; }

        /// <summary>Whether the endpoint starts a watch of any kind.</summary>
        public bool StartsWatch => Watch is not null;

        /// <summary>Whether the endpoint starts a watch of one interaction.</summary>
        public bool WatchesInteraction => Watch == MetadataNames.WatchKindInteraction;

        /// <summary>Whether the endpoint starts a queue watch.</summary>
        public bool WatchesQueues => Watch == MetadataNames.WatchKindQueue;

        /// <summary>
        /// The name of <see cref="Method"/>'s parameter that takes the list of watched items
        /// (<c>[IcwsEndpoint(WatchItems = "queueIds")]</c>, from the spec's <c>watchItems</c>); null when the endpoint
        /// declares none.
        /// </summary>
        public string? WatchItems { get; }

        /// <summary>
        /// Whether the endpoint's path has a placeholder besides <c>{sessionId}</c> (a subscription id): each key is a
        /// subscription of its own. Without one, the session has one such subscription, and every PUT replaces it.
        /// </summary>
        public bool IsKeyed
        {
            get
            {
                foreach (var segment in Segments)
                {
                    if (segment.Length > 2 && segment[0] == '{' && segment != "{sessionId}")
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        /// <summary>Whether the parameter is the one that takes the watched items (<see cref="WatchItems"/>), also when called as an extension.</summary>
        public bool TakesWatchItems(IParameterSymbol parameter)
            => WatchItems is not null && parameter.Name == WatchItems && parameter.ContainingSymbol is IMethodSymbol owner
               && SymbolEqualityComparer.Default.Equals((owner.ReducedFrom ?? owner).OriginalDefinition, Method);

        /// <summary>The generated method (its original, unreduced definition).</summary>
        public IMethodSymbol? Method { get; }

        /// <summary>The path placeholder each parameter of <see cref="Method"/> fills, by ordinal (null: none).</summary>
        public ImmutableArray<string?> PathParameters { get; }

        /// <summary>
        /// The query wire names (<c>select</c>) of the parameters that carry <c>[IcwsAttributeNames]</c> and are sent in
        /// the query; a raw URL of the endpoint lists attribute names under these.
        /// </summary>
        public ImmutableArray<string> AttributeNameParameters { get; }

        /// <summary>Whether a path template placeholder (<c>{interactionId}</c>) has this wire name.</summary>
        public bool IsPathParameter(string name)
        {
            foreach (var segment in Segments)
            {
                if (segment.Length == name.Length + 2 && segment[0] == '{' && string.CompareOrdinal(segment, 1, name, 0, name.Length) == 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The wire name of the path placeholder a parameter of this endpoint's method fills, or null when it fills
        /// none (or belongs to another method). Works for a call written as an extension (<c>api.X(id)</c>) too.
        /// </summary>
        public string? PathParameterName(IParameterSymbol parameter)
        {
            if (Method is null || parameter.ContainingSymbol is not IMethodSymbol owner)
            {
                return null;
            }

            var ordinal = parameter.Ordinal;
            if (owner.ReducedFrom is { } unreduced)
            {
                owner = unreduced;
                ordinal++;
            }

            if (!SymbolEqualityComparer.Default.Equals(owner.OriginalDefinition, Method) || ordinal >= PathParameters.Length)
            {
                return null;
            }

            return PathParameters[ordinal];
        }

        /// <summary>Whether the parameter fills a placeholder of this endpoint's path template (by its wire name).</summary>
        public bool FillsPathParameter(IParameterSymbol parameter)
            => PathParameterName(parameter) is { } name && IsPathParameter(name);

        public string Describe() => HttpMethod + " " + Path;
    }
}
