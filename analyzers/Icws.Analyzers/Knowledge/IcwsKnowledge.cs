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
    /// resolve the symbols once between them. The analyzers ask for it on first use (<see cref="Defer"/>), not at
    /// compilation start, and what only some code needs (the catalog's names, the HTTP and LINQ symbols, the
    /// endpoint list) is built on first use too, so a compilation pays only for what its code asks. Symbol
    /// questions asked per operation (does this parameter take attribute names?) are answered from concurrent
    /// caches: the first answer binds the symbol's attributes, every later one is a dictionary lookup.
    /// </remarks>
    internal sealed class IcwsKnowledge
    {
        private const string MetadataNamespace = "Icws.Metadata.";
        private static readonly ConditionalWeakTable<Compilation, Holder> Cache = new();

        // Keyed by identity: the compiler hands out one symbol object per symbol of a compilation, and hashing a
        // symbol by value (its name, its containing type, ...) costs more than the rest of most lookups. Should two
        // equal symbols ever be distinct objects, each gets its own entry with the same answer.
        private readonly ConcurrentDictionary<ISymbol, bool> _takesNames = new(IdentityComparer<ISymbol>.Instance);
        private readonly ConcurrentDictionary<IParameterSymbol, bool> _nameParameters = new(IdentityComparer<IParameterSymbol>.Instance);
        private readonly ConcurrentDictionary<IMethodSymbol, EndpointInfo> _endpoints = new(IdentityComparer<IMethodSymbol>.Instance);
        private readonly ConcurrentDictionary<IPropertySymbol, string> _accessors = new(IdentityComparer<IPropertySymbol>.Instance);
        private readonly ConcurrentDictionary<ITypeSymbol, bool> _views = new(IdentityComparer<ITypeSymbol>.Instance);
        private readonly ConcurrentDictionary<IPropertySymbol, PropertyRead> _reads = new(IdentityComparer<IPropertySymbol>.Instance);
        private readonly ConcurrentDictionary<IMethodSymbol, bool> _lookups = new(IdentityComparer<IMethodSymbol>.Instance);
        private readonly ConcurrentDictionary<string, NameCheck> _checks = new(StringComparer.Ordinal);
        private readonly Lazy<NameTable> _names;
        private readonly Lazy<ImmutableArray<EndpointInfo>> _allEndpoints;
        private readonly Lazy<HttpSymbols> _http;
        private readonly Lazy<LoopSymbols> _loops;

        private IcwsKnowledge(Compilation compilation, INamedTypeSymbol catalog, INamedTypeSymbol attributeNames, INamedTypeSymbol endpoint, INamedTypeSymbol? accessor, INamedTypeSymbol? attributeView)
        {
            Catalog = catalog;
            AttributeNamesAttribute = attributeNames;
            EndpointAttribute = endpoint;
            AccessorAttribute = accessor;
            AttributeView = attributeView;
            RuntimeAssembly = endpoint.ContainingAssembly;
            _names = new Lazy<NameTable>(() => new NameTable(catalog), LazyThreadSafetyMode.ExecutionAndPublication);
            _allEndpoints = new Lazy<ImmutableArray<EndpointInfo>>(CollectEndpoints, LazyThreadSafetyMode.ExecutionAndPublication);
            _http = new Lazy<HttpSymbols>(() => new HttpSymbols(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
            _loops = new Lazy<LoopSymbols>(() => new LoopSymbols(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        /// <summary>The class whose constants are the known attribute names (generated <c>Attr</c>).</summary>
        public INamedTypeSymbol Catalog { get; }

        /// <summary>Every known attribute name, in catalog order (read from the catalog on first use).</summary>
        public ImmutableArray<KnownName> Names => _names.Value.Names;

        public INamedTypeSymbol AttributeNamesAttribute { get; }

        public INamedTypeSymbol EndpointAttribute { get; }

        public INamedTypeSymbol? AccessorAttribute { get; }

        /// <summary><c>Icws.IAttributeView&lt;TSelf&gt;</c>: what the generated <c>InteractionAttributes</c> implements.</summary>
        public INamedTypeSymbol? AttributeView { get; }

        /// <summary>The assembly that holds the metadata attributes and the watch types (Icws.Runtime).</summary>
        public IAssemblySymbol RuntimeAssembly { get; }

        /// <summary>HttpClient and friends, looked up on first use (only code that calls ICWS by hand needs them).</summary>
        public HttpSymbols Http => _http.Value;

        /// <summary>The LINQ and loop helpers, looked up on first use (only interaction watches need them).</summary>
        public LoopSymbols Loops => _loops.Value;

        /// <summary>Every generated method's endpoint, gathered on first use (only code that builds ICWS URLs by hand needs it).</summary>
        public ImmutableArray<EndpointInfo> AllEndpoints => _allEndpoints.Value;

        /// <summary>The knowledge for this compilation, or null when it has no attribute catalog (then the analyzers do nothing).</summary>
        public static IcwsKnowledge? Get(Compilation compilation, AnalyzerOptions options)
        {
            options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue("build_property.IcwsNamespace", out var ns);
            return Cache.GetValue(compilation, c => new Holder(Create(c, ns))).Knowledge;
        }

        /// <summary>
        /// <see cref="Get"/> on first use. Analyzers take this at compilation start and resolve it in their first
        /// callback: by then the compiler has bound the references and merged the declarations, which the lookups
        /// would otherwise be the first to pay for. A compilation without ICWS then costs each callback one check.
        /// </summary>
        public static Lazy<IcwsKnowledge?> Defer(Compilation compilation, AnalyzerOptions options)
            => new(() => Get(compilation, options), LazyThreadSafetyMode.ExecutionAndPublication);

        /// <summary>
        /// Whether an argument for this parameter is a list of attribute names to check: the parameter carries
        /// <c>[IcwsAttributeNames]</c> and is a string or a collection of strings. One lookup per parameter.
        /// </summary>
        public bool IsNameParameter(IParameterSymbol parameter)
        {
            if (_nameParameters.TryGetValue(parameter, out var known))
            {
                return known;
            }

            var result = AttributeNameAnalyzer.IsNameType(parameter.Type) && TakesAttributeNames(parameter);
            _nameParameters.TryAdd(parameter, result);
            return result;
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

        /// <summary>Whether the member belongs to the runtime or to the generated client's assembly.</summary>
        public bool IsIcwsMember(ISymbol member)
            => SymbolEqualityComparer.Default.Equals(member.ContainingAssembly, RuntimeAssembly)
               || SymbolEqualityComparer.Default.Equals(member.ContainingAssembly, Catalog.ContainingAssembly);

        /// <summary>
        /// What reading this property (on an instance) is: a typed accessor of an ICWS member (its attribute name),
        /// an ICWS indexer (which may take a name), or neither. Answered once per property.
        /// </summary>
        public PropertyRead GetRead(IPropertySymbol property)
        {
            if (_reads.TryGetValue(property, out var known))
            {
                return known;
            }

            var read = !IsIcwsMember(property) ? PropertyRead.None
                : GetAccessorName(property) is { } name ? new PropertyRead(name, false)
                : property.IsIndexer ? PropertyRead.Indexer
                : PropertyRead.None;
            _reads.TryAdd(property, read);
            return read;
        }

        /// <summary>
        /// Whether a call of this method can be a lookup by attribute name (<c>a.Contains(name)</c>): an ICWS member
        /// with a string parameter that takes attribute names. Answered once per method.
        /// </summary>
        public bool IsNameLookup(IMethodSymbol method)
        {
            if (_lookups.TryGetValue(method, out var known))
            {
                return known;
            }

            var result = false;
            if (IsIcwsMember(method))
            {
                foreach (var parameter in method.Parameters)
                {
                    if (parameter.Type.SpecialType == SpecialType.System_String && TakesAttributeNames(parameter))
                    {
                        result = true;
                        break;
                    }
                }
            }

            _lookups.TryAdd(method, result);
            return result;
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
            var table = _names.Value;
            if (table.Exact.TryGetValue(name, out var exact))
            {
                return new NameCheck(NameStatus.Known, exact);
            }

            return _checks.GetOrAdd(name, n => table.IgnoreCase.TryGetValue(n, out var canonical)
                ? new NameCheck(NameStatus.CaseMismatch, canonical)
                : new NameCheck(NameStatus.Unknown, NameSuggestions.Nearest(n, table.Names)));
        }

        private static IcwsKnowledge? Create(Compilation compilation, string? ns)
        {
            // One lookup across every reference (each such lookup visits all of them); the other metadata types
            // are looked for next to the first one, in the runtime assembly, and only then everywhere.
            var catalogAttribute = compilation.GetTypeByMetadataName(MetadataNamespace + "IcwsAttributeCatalogAttribute");
            if (catalogAttribute is null)
            {
                return null;
            }

            var runtime = catalogAttribute.ContainingAssembly;
            var namesAttribute = FindType(compilation, runtime, MetadataNamespace + "IcwsAttributeNamesAttribute");
            var endpointAttribute = FindType(compilation, runtime, MetadataNamespace + "IcwsEndpointAttribute");
            if (namesAttribute is null || endpointAttribute is null)
            {
                return null;
            }

            var catalog = FindCatalog(compilation, catalogAttribute, string.IsNullOrWhiteSpace(ns) ? "Icws.Client" : ns!.Trim());
            if (catalog is null)
            {
                return null;
            }

            return new IcwsKnowledge(
                compilation,
                catalog,
                namesAttribute,
                endpointAttribute,
                FindType(compilation, endpointAttribute.ContainingAssembly, MetadataNamespace + "IcwsAttributeAccessorAttribute"),
                FindType(compilation, endpointAttribute.ContainingAssembly, "Icws.IAttributeView`1"));
        }

        /// <summary>A type of <paramref name="assembly"/> (one cheap lookup), else the compilation's own lookup across all references.</summary>
        private static INamedTypeSymbol? FindType(Compilation compilation, IAssemblySymbol? assembly, string metadataName)
            => assembly?.GetTypeByMetadataName(metadataName) ?? compilation.GetTypeByMetadataName(metadataName);

        /// <summary>
        /// The generator emits the catalog as <c>{IcwsNamespace}.Attr</c>, so look there first (one lookup); only if
        /// it is not there (another namespace, or two assemblies define it) look at every type named Attr in this
        /// compilation's own namespaces. Either way the class must carry <c>[IcwsAttributeCatalog]</c>.
        /// </summary>
        private static INamedTypeSymbol? FindCatalog(Compilation compilation, INamedTypeSymbol catalogAttribute, string ns)
        {
            // The generated catalog is normally in this compilation: look there before looking through every reference.
            var direct = FindType(compilation, compilation.Assembly, ns + ".Attr");
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

        /// <summary>The catalog's names, read from its constants (which binds each one) when a name is first checked.</summary>
        private sealed class NameTable
        {
            public NameTable(INamedTypeSymbol catalog)
            {
                var names = ImmutableArray.CreateBuilder<KnownName>();
                foreach (var member in catalog.GetMembers())
                {
                    if (member is IFieldSymbol { IsConst: true, ConstantValue: string value } field && value.Length > 0)
                    {
                        names.Add(new KnownName(value, field.Name));
                    }
                }

                Names = names.ToImmutable();
                Exact = new Dictionary<string, KnownName>(StringComparer.Ordinal);
                IgnoreCase = new Dictionary<string, KnownName>(StringComparer.OrdinalIgnoreCase);
                foreach (var name in Names)
                {
                    if (!Exact.ContainsKey(name.Name))
                    {
                        Exact.Add(name.Name, name);
                    }

                    if (!IgnoreCase.ContainsKey(name.Name))
                    {
                        IgnoreCase.Add(name.Name, name);
                    }
                }
            }

            public ImmutableArray<KnownName> Names { get; }

            public Dictionary<string, KnownName> Exact { get; }

            public Dictionary<string, KnownName> IgnoreCase { get; }
        }

        /// <summary>Reference equality (what <c>ReferenceEqualityComparer</c> is on newer frameworks).</summary>
        private sealed class IdentityComparer<T> : IEqualityComparer<T>
            where T : class
        {
            public static readonly IdentityComparer<T> Instance = new();

            public bool Equals(T? x, T? y) => ReferenceEquals(x, y);

            public int GetHashCode(T obj) => RuntimeHelpers.GetHashCode(obj);
        }

        private sealed class Holder
        {
            public Holder(IcwsKnowledge? knowledge) => Knowledge = knowledge;

            public IcwsKnowledge? Knowledge { get; }
        }
    }

    /// <summary>What a property read is to ICWS2004: a typed accessor (with its attribute), a name indexer, or neither.</summary>
    internal sealed class PropertyRead
    {
        public static readonly PropertyRead None = new(null, false);
        public static readonly PropertyRead Indexer = new(null, true);

        public PropertyRead(string? accessorName, bool takesName)
        {
            AccessorName = accessorName;
            TakesName = takesName;
        }

        /// <summary>The attribute a typed accessor reads.</summary>
        public string? AccessorName { get; }

        /// <summary>An indexer of an ICWS type: its arguments may name an attribute.</summary>
        public bool TakesName { get; }
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
