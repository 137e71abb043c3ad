using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Icws.Analyzers.Knowledge
{
    /// <summary>Mirrors <c>Icws.Metadata.IcwsWatchKind</c> (the analyzers cannot reference the runtime).</summary>
    internal enum WatchKind
    {
        None = 0,
        Interaction = 1,
        Queue = 2,
    }

    /// <summary>What <c>[IcwsEndpoint]</c> on a generated method says, plus the names of its attribute-name parameters.</summary>
    internal sealed class EndpointInfo
    {
        public static readonly EndpointInfo None = new(string.Empty, string.Empty, WatchKind.None, WatchKind.None, null, ImmutableArray<string>.Empty);

        public EndpointInfo(string httpMethod, string path, WatchKind watch, WatchKind unwatch, IMethodSymbol? method, ImmutableArray<string> attributeNameParameters)
        {
            HttpMethod = httpMethod;
            Path = path;
            Watch = watch;
            Unwatch = unwatch;
            Method = method;
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

        public WatchKind Watch { get; }

        public WatchKind Unwatch { get; }

        public IMethodSymbol? Method { get; }

        /// <summary>Parameters with <c>[IcwsAttributeNames]</c>; for a GET they are query parameters of the same name (<c>select</c>).</summary>
        public ImmutableArray<string> AttributeNameParameters { get; }

        /// <summary>Whether a path template placeholder (<c>{interactionId}</c>) has this name.</summary>
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

        public string Describe() => HttpMethod + " " + Path;
    }
}
