using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Icws.Analyzers.Knowledge
{
    /// <summary>
    /// What the analyzers know about ICWS in one compilation, read from the metadata attributes the generator
    /// emits (never from method names): the attribute catalog (<c>[IcwsAttributeCatalog]</c>, normally
    /// <c>Icws.Client.Attr</c>), which parameters and properties take attribute names, which methods call which
    /// endpoint, and which properties are typed accessors.
    /// </summary>
    /// <remarks>
    /// Built once per compilation and shared by every ICWS analyzer through a weak table, so the three analyzers
    /// resolve the symbols once between them. Symbol questions asked per operation (does this parameter take
    /// attribute names?) are answered from concurrent caches: the first answer binds the symbol's attributes,
    /// every later one is a dictionary lookup.
    /// </remarks>
    internal sealed class IcwsKnowledge
    {
        private const string MetadataNamespace = "Icws.Metadata.";
        private static readonly ConditionalWeakTable<Compilation, Holder> Cache = new();

        private readonly ConcurrentDictionary<ISymbol, bool> _takesNames = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IMethodSymbol, EndpointInfo> _endpoints = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IPropertySymbol, string> _accessors = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<ITypeSymbol, bool> _views = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<string, NameCheck> _checks = new(StringComparer.Ordinal);
        private readonly Dictionary<string, KnownName> _exact;
        private readonly Dictionary<string, KnownName> _ignoreCase;
        private readonly Lazy<ImmutableArray<EndpointInfo>> _allEndpoints;

        private IcwsKnowledge(Compilation compilation, INamedTypeSymbol catalog, ImmutableArray<KnownName> names, INamedTypeSymbol attributeNames, INamedTypeSymbol endpoint, INamedTypeSymbol? accessor, INamedTypeSymbol? attributeView)
        {
            Catalog = catalog;
            Names = names;
            AttributeNamesAttribute = attributeNames;
            EndpointAttribute = endpoint;
            AccessorAttribute = accessor;
            AttributeView = attributeView;
            RuntimeAssembly = endpoint.ContainingAssembly;
            _exact = new Dictionary<string, KnownName>(StringComparer.Ordinal);
            _ignoreCase = new Dictionary<string, KnownName>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in names)
            {
                if (!_exact.ContainsKey(name.Name))
                {
                    _exact.Add(name.Name, name);
                }

                if (!_ignoreCase.ContainsKey(name.Name))
                {
                    _ignoreCase.Add(name.Name, name);
                }
            }

            _allEndpoints = new Lazy<ImmutableArray<EndpointInfo>>(CollectEndpoints, LazyThreadSafetyMode.ExecutionAndPublication);
            Http = new HttpSymbols(compilation);
            Loops = new LoopSymbols(compilation);
        }

        /// <summary>The class whose constants are the known attribute names (generated <c>Attr</c>).</summary>
        public INamedTypeSymbol Catalog { get; }

        /// <summary>Every known attribute name, in catalog order.</summary>
        public ImmutableArray<KnownName> Names { get; }

        public INamedTypeSymbol AttributeNamesAttribute { get; }

        public INamedTypeSymbol EndpointAttribute { get; }

        public INamedTypeSymbol? AccessorAttribute { get; }

        /// <summary><c>Icws.IAttributeView&lt;TSelf&gt;</c>: what the generated <c>InteractionAttributes</c> implements.</summary>
        public INamedTypeSymbol? AttributeView { get; }

        /// <summary>The assembly that holds the metadata attributes and the watch types (Icws.Runtime).</summary>
        public IAssemblySymbol RuntimeAssembly { get; }

        public HttpSymbols Http { get; }

        public LoopSymbols Loops { get; }

        /// <summary>Every generated method's endpoint, gathered on first use (only code that builds ICWS URLs by hand needs it).</summary>
        public ImmutableArray<EndpointInfo> AllEndpoints => _allEndpoints.Value;

        /// <summary>The knowledge for this compilation, or null when it has no attribute catalog (then the analyzers do nothing).</summary>
        public static IcwsKnowledge? Get(Compilation compilation, AnalyzerOptions options)
        {
            options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue("build_property.IcwsNamespace", out var ns);
            return Cache.GetValue(compilation, c => new Holder(Create(c, ns))).Knowledge;
        }

        /// <summary>Whether the parameter or property carries <c>[IcwsAttributeNames]</c>.</summary>
        public bool TakesAttributeNames(ISymbol symbol)
        {
            symbol = symbol.OriginalDefinition;
            if (_takesNames.TryGetValue(symbol, out var known))
            {
                return known;
            }

            var result = HasAttribute(symbol, AttributeNamesAttribute);
            _takesNames.TryAdd(symbol, result);
            return result;
        }

        /// <summary>The endpoint a generated method calls, or null when it carries no <c>[IcwsEndpoint]</c>.</summary>
        public EndpointInfo? GetEndpoint(IMethodSymbol method)
        {
            method = method.OriginalDefinition;
            if (_endpoints.TryGetValue(method, out var known))
            {
                return known.IsNone ? null : known;
            }

            var info = ReadEndpoint(method) ?? EndpointInfo.None;
            _endpoints.TryAdd(method, info);
            return info.IsNone ? null : info;
        }

        /// <summary>The attribute a typed accessor reads, or null when the property is not one.</summary>
        public string? GetAccessorName(IPropertySymbol property)
        {
            if (AccessorAttribute is null)
            {
                return null;
            }

            property = property.OriginalDefinition;
            if (_accessors.TryGetValue(property, out var known))
            {
                return known.Length == 0 ? null : known;
            }

            var name = string.Empty;
            foreach (var attribute in property.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, AccessorAttribute)
                    && attribute.ConstructorArguments.Length == 1
                    && attribute.ConstructorArguments[0].Value is string value)
                {
                    name = value;
                    break;
                }
            }

            _accessors.TryAdd(property, name);
            return name.Length == 0 ? null : name;
        }

        /// <summary>Whether the type is a typed attribute view (implements <c>IAttributeView&lt;T&gt;</c>).</summary>
        public bool IsAttributeView(ITypeSymbol type)
        {
            if (AttributeView is null)
            {
                return false;
            }

            if (_views.TryGetValue(type, out var known))
            {
                return known;
            }

            var result = false;
            foreach (var candidate in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, AttributeView))
                {
                    result = true;
                    break;
                }
            }

            _views.TryAdd(type, result);
            return result;
        }

        /// <summary>Whether the field is one of the catalog's constants (a name known by construction).</summary>
        public bool IsCatalogField(IFieldSymbol field)
            => field.IsConst && SymbolEqualityComparer.Default.Equals(field.ContainingType?.OriginalDefinition, Catalog);

        /// <summary>Checks a name against the catalog; answers are cached per name.</summary>
        public NameCheck Check(string name)
        {
            if (_exact.TryGetValue(name, out var exact))
            {
                return new NameCheck(NameStatus.Known, exact);
            }

            return _checks.GetOrAdd(name, n => _ignoreCase.TryGetValue(n, out var canonical)
                ? new NameCheck(NameStatus.CaseMismatch, canonical)
                : new NameCheck(NameStatus.Unknown, NameSuggestions.Nearest(n, Names)));
        }

        private static IcwsKnowledge? Create(Compilation compilation, string? ns)
        {
            var catalogAttribute = compilation.GetTypeByMetadataName(MetadataNamespace + "IcwsAttributeCatalogAttribute");
            var namesAttribute = compilation.GetTypeByMetadataName(MetadataNamespace + "IcwsAttributeNamesAttribute");
            var endpointAttribute = compilation.GetTypeByMetadataName(MetadataNamespace + "IcwsEndpointAttribute");
            if (catalogAttribute is null || namesAttribute is null || endpointAttribute is null)
            {
                return null;
            }

            var catalog = FindCatalog(compilation, catalogAttribute, string.IsNullOrWhiteSpace(ns) ? "Icws.Client" : ns!.Trim());
            if (catalog is null)
            {
                return null;
            }

            var names = ImmutableArray.CreateBuilder<KnownName>();
            foreach (var member in catalog.GetMembers())
            {
                if (member is IFieldSymbol { IsConst: true, ConstantValue: string value } field && value.Length > 0)
                {
                    names.Add(new KnownName(value, field.Name));
                }
            }

            return new IcwsKnowledge(
                compilation,
                catalog,
                names.ToImmutable(),
                namesAttribute,
                endpointAttribute,
                compilation.GetTypeByMetadataName(MetadataNamespace + "IcwsAttributeAccessorAttribute"),
                compilation.GetTypeByMetadataName("Icws.IAttributeView`1"));
        }

        /// <summary>
        /// The generator emits the catalog as <c>{IcwsNamespace}.Attr</c>, so look there first (one lookup); only if
        /// it is not there (another namespace, or two assemblies define it) look at every type named Attr in this
        /// compilation's own namespaces. Either way the class must carry <c>[IcwsAttributeCatalog]</c>.
        /// </summary>
        private static INamedTypeSymbol? FindCatalog(Compilation compilation, INamedTypeSymbol catalogAttribute, string ns)
        {
            var direct = compilation.GetTypeByMetadataName(ns + ".Attr");
            if (direct is not null && HasAttribute(direct, catalogAttribute))
            {
                return direct;
            }

            var pending = new Stack<INamespaceSymbol>();
            pending.Push(compilation.Assembly.GlobalNamespace);
            while (pending.Count > 0)
            {
                var current = pending.Pop();
                foreach (var type in current.GetTypeMembers("Attr"))
                {
                    if (HasAttribute(type, catalogAttribute))
                    {
                        return type;
                    }
                }

                foreach (var child in current.GetNamespaceMembers())
                {
                    pending.Push(child);
                }
            }

            return null;
        }

        private static bool HasAttribute(ISymbol symbol, INamedTypeSymbol attributeType)
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeType))
                {
                    return true;
                }
            }

            return false;
        }

        private EndpointInfo? ReadEndpoint(IMethodSymbol method)
        {
            foreach (var attribute in method.GetAttributes())
            {
                if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, EndpointAttribute)
                    || attribute.ConstructorArguments.Length != 2
                    || attribute.ConstructorArguments[0].Value is not string httpMethod
                    || attribute.ConstructorArguments[1].Value is not string path)
                {
                    continue;
                }

                var watch = 0;
                var unwatch = 0;
                foreach (var named in attribute.NamedArguments)
                {
                    if (named.Key == "Watch" && named.Value.Value is int w)
                    {
                        watch = w;
                    }
                    else if (named.Key == "Unwatch" && named.Value.Value is int u)
                    {
                        unwatch = u;
                    }
                }

                var nameParameters = ImmutableArray.CreateBuilder<string>();
                foreach (var parameter in method.Parameters)
                {
                    if (TakesAttributeNames(parameter))
                    {
                        nameParameters.Add(parameter.Name);
                    }
                }

                return new EndpointInfo(httpMethod.ToUpperInvariant(), path, (WatchKind)watch, (WatchKind)unwatch, method, nameParameters.ToImmutable());
            }

            return null;
        }

        /// <summary>Every method with <c>[IcwsEndpoint]</c> in the catalog's namespace and assembly (the generated client).</summary>
        private ImmutableArray<EndpointInfo> CollectEndpoints()
        {
            var result = ImmutableArray.CreateBuilder<EndpointInfo>();
            var pending = new Stack<INamespaceOrTypeSymbol>();
            pending.Push(Catalog.ContainingNamespace);
            while (pending.Count > 0)
            {
                var current = pending.Pop();
                foreach (var type in current.GetTypeMembers())
                {
                    if (!SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, Catalog.ContainingAssembly) || type.TypeKind != TypeKind.Class)
                    {
                        continue;
                    }

                    pending.Push(type);
                    foreach (var member in type.GetMembers())
                    {
                        if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } method && GetEndpoint(method) is { } endpoint)
                        {
                            result.Add(endpoint);
                        }
                    }
                }
            }

            return result.ToImmutable();
        }

        private sealed class Holder
        {
            public Holder(IcwsKnowledge? knowledge) => Knowledge = knowledge;

            public IcwsKnowledge? Knowledge { get; }
        }
    }

    /// <summary>One known attribute: its name and the catalog constant that holds it.</summary>
    internal sealed class KnownName
    {
        public KnownName(string name, string fieldName)
        {
            Name = name;
            FieldName = fieldName;
        }

        public string Name { get; }

        public string FieldName { get; }
    }

    internal enum NameStatus
    {
        Known,
        CaseMismatch,
        Unknown,
    }

    /// <summary>The answer for one name: known, known in another case (with the canonical spelling), or unknown (with the nearest known name).</summary>
    internal readonly struct NameCheck
    {
        public NameCheck(NameStatus status, KnownName? suggestion)
        {
            Status = status;
            Suggestion = suggestion;
        }

        public NameStatus Status { get; }

        public KnownName? Suggestion { get; }
    }
}
