using System;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Icws.Analyzers.Knowledge
{
    /// <summary>HttpClient and friends: how code calls ICWS without the generated client.</summary>
    internal sealed class HttpSymbols
    {
        public HttpSymbols(Compilation compilation)
        {
            HttpClient = compilation.GetTypeByMetadataName("System.Net.Http.HttpClient");
            HttpRequestMessage = compilation.GetTypeByMetadataName("System.Net.Http.HttpRequestMessage");
            HttpMethod = compilation.GetTypeByMetadataName("System.Net.Http.HttpMethod");
            JsonExtensions = compilation.GetTypeByMetadataName("System.Net.Http.Json.HttpClientJsonExtensions");
            Uri = compilation.GetTypeByMetadataName("System.Uri");
        }

        public INamedTypeSymbol? HttpClient { get; }

        public INamedTypeSymbol? HttpRequestMessage { get; }

        public INamedTypeSymbol? HttpMethod { get; }

        public INamedTypeSymbol? JsonExtensions { get; }

        public INamedTypeSymbol? Uri { get; }

        /// <summary>Whether a URL string given to this method or constructor goes to an HTTP request.</summary>
        public bool IsHttpEntryPoint(INamedTypeSymbol? type)
            => type is not null
               && (SymbolEqualityComparer.Default.Equals(type, HttpClient)
                   || SymbolEqualityComparer.Default.Equals(type, HttpRequestMessage)
                   || SymbolEqualityComparer.Default.Equals(type, JsonExtensions)
                   || SymbolEqualityComparer.Default.Equals(type, Uri));
    }

    /// <summary>The framework methods that run a lambda once per item (a loop in disguise).</summary>
    /// <remarks>
    /// Each type is looked up the first time a call of one of its per-item methods is seen (a compilation-wide
    /// lookup visits every reference), so code that has no such call pays nothing.
    /// </remarks>
    internal sealed class LoopSymbols
    {
        private readonly Lazy<INamedTypeSymbol?> _enumerable;
        private readonly Lazy<INamedTypeSymbol?> _parallelEnumerable;
        private readonly Lazy<INamedTypeSymbol?> _queryable;
        private readonly Lazy<INamedTypeSymbol?> _asyncEnumerable;
        private readonly Lazy<INamedTypeSymbol?> _list;
        private readonly Lazy<INamedTypeSymbol?> _array;
        private readonly Lazy<INamedTypeSymbol?> _parallel;

        public LoopSymbols(Compilation compilation)
        {
            _enumerable = Find(compilation, "System.Linq.Enumerable");
            _parallelEnumerable = Find(compilation, "System.Linq.ParallelEnumerable");
            _queryable = Find(compilation, "System.Linq.Queryable");
            _asyncEnumerable = Find(compilation, "System.Linq.AsyncEnumerable");
            _list = Find(compilation, "System.Collections.Generic.List`1");
            _array = Find(compilation, "System.Array");
            _parallel = Find(compilation, "System.Threading.Tasks.Parallel");
        }

        public INamedTypeSymbol? Enumerable => _enumerable.Value;

        public INamedTypeSymbol? ParallelEnumerable => _parallelEnumerable.Value;

        public INamedTypeSymbol? Queryable => _queryable.Value;

        public INamedTypeSymbol? AsyncEnumerable => _asyncEnumerable.Value;

        public INamedTypeSymbol? List => _list.Value;

        public INamedTypeSymbol? Array => _array.Value;

        public INamedTypeSymbol? Parallel => _parallel.Value;

        /// <summary>Whether a lambda given to this method runs once per element: LINQ Select/SelectMany, List/Array.ForEach, Parallel.For/ForEach.</summary>
        public bool RunsLambdaPerItem(IMethodSymbol method)
        {
            var type = method.ContainingType?.OriginalDefinition;
            if (type is null)
            {
                return false;
            }

            // The name first, so that the types are only looked up for calls that could be one of theirs.
            var name = method.Name;
            if (name.StartsWith("Select", StringComparison.Ordinal))
            {
                return Is(type, Enumerable) || Is(type, ParallelEnumerable) || Is(type, Queryable) || Is(type, AsyncEnumerable);
            }

            if (name == "ForEach")
            {
                return Is(type, List) || Is(type, Array) || Is(type, Parallel);
            }

            return name.StartsWith("For", StringComparison.Ordinal) && Is(type, Parallel);
        }

        private static Lazy<INamedTypeSymbol?> Find(Compilation compilation, string metadataName)
            => new(() => compilation.GetTypeByMetadataName(metadataName), LazyThreadSafetyMode.ExecutionAndPublication);

        private static bool Is(INamedTypeSymbol type, INamedTypeSymbol? candidate)
            => candidate is not null && SymbolEqualityComparer.Default.Equals(type, candidate);
    }
}
