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
    internal sealed class LoopSymbols
    {
        public LoopSymbols(Compilation compilation)
        {
            Enumerable = compilation.GetTypeByMetadataName("System.Linq.Enumerable");
            ParallelEnumerable = compilation.GetTypeByMetadataName("System.Linq.ParallelEnumerable");
            Queryable = compilation.GetTypeByMetadataName("System.Linq.Queryable");
            AsyncEnumerable = compilation.GetTypeByMetadataName("System.Linq.AsyncEnumerable");
            List = compilation.GetTypeByMetadataName("System.Collections.Generic.List`1");
            Array = compilation.GetTypeByMetadataName("System.Array");
            Parallel = compilation.GetTypeByMetadataName("System.Threading.Tasks.Parallel");
        }

        public INamedTypeSymbol? Enumerable { get; }

        public INamedTypeSymbol? ParallelEnumerable { get; }

        public INamedTypeSymbol? Queryable { get; }

        public INamedTypeSymbol? AsyncEnumerable { get; }

        public INamedTypeSymbol? List { get; }

        public INamedTypeSymbol? Array { get; }

        public INamedTypeSymbol? Parallel { get; }

        /// <summary>Whether a lambda given to this method runs once per element: LINQ Select/SelectMany, List/Array.ForEach, Parallel.For/ForEach.</summary>
        public bool RunsLambdaPerItem(IMethodSymbol method)
        {
            var type = method.ContainingType?.OriginalDefinition;
            if (type is null)
            {
                return false;
            }

            var name = method.Name;
            if (Is(type, Enumerable) || Is(type, ParallelEnumerable) || Is(type, Queryable) || Is(type, AsyncEnumerable))
            {
                return name.StartsWith("Select", System.StringComparison.Ordinal);
            }

            if (Is(type, List) || Is(type, Array))
            {
                return name == "ForEach";
            }

            return Is(type, Parallel) && name.StartsWith("For", System.StringComparison.Ordinal);
        }

        private static bool Is(INamedTypeSymbol type, INamedTypeSymbol? candidate)
            => candidate is not null && SymbolEqualityComparer.Default.Equals(type, candidate);
    }
}
